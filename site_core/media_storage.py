"""The server's disk for uploaded images and documents (production's default
storage when no bucket is configured)."""

import os

from django.core.files import locks
from django.core.files.storage import FileSystemStorage
from django.utils._os import safe_makedirs


class MediaStorage(FileSystemStorage):
    """Django's FileSystemStorage that leaves nothing behind when a write fails.

    Upstream, FileSystemStorage._save creates the file and writes it chunk by
    chunk; when the disk fills up half-way (ENOSPC), the partly written file
    stays in MEDIA_ROOT under a name no row refers to. Here the file is
    created the same way (O_EXCL, a new name if another process took it) and
    removed again if writing it fails, so that the caller's error is the only
    trace.
    """

    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        if self.directory_permissions_mode is None:
            os.makedirs(directory, exist_ok=True)
        else:
            safe_makedirs(directory, self.directory_permissions_mode, exist_ok=True)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        while True:
            try:
                fd = os.open(full_path, flags, 0o666)
            except FileExistsError:
                name = self.get_available_name(name)
                full_path = self.path(name)
            else:
                break
        try:
            # The last buffered bytes are written at close(), inside the try.
            with os.fdopen(fd, "wb") as file:
                locks.lock(file, locks.LOCK_EX)
                for chunk in content.chunks():
                    file.write(chunk.encode() if isinstance(chunk, str) else chunk)
        except BaseException:
            os.remove(full_path)
            raise
        if self.file_permissions_mode is not None:
            os.chmod(full_path, self.file_permissions_mode)
        self._ensure_location_group_id(full_path)  # as upstream does
        return os.path.relpath(full_path, self.location).replace("\\", "/")
