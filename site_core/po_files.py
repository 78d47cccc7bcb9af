"""PO files in and out of the translation editor, and reading the PO files
translators upload within limits.

The reading is used by the batch upload on the dashboard
(site_core.translation_batch) and by the translation editor's "PO Datei
hochladen", which replaces wagtail-localize's ``upload_pofile`` at the same
admin URL, as ``download_pofile`` replaces upstream's to flag the texts to
check as fuzzy (site_core.translation_review). Upstream reads
the whole upload into memory and answers a file without (or with a garbled)
``X-WagtailLocalize-TranslationID`` header, or a post without a file, with a
500. Here sizes are checked before anything is read (a ZIP's from its
directory), entries are read only up to the limit, and every problem is a
German message for the translator.
"""

import contextlib
import tempfile
import uuid
import zipfile
import zlib
from dataclasses import dataclass

import polib

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from wagtail.admin.views.pages.utils import get_valid_next_url_from_request
from wagtail_localize.models import Translation
from wagtail_localize.views.edit_translation import user_can_edit_instance

from .translation_review import confirm_reviewed, flag_fuzzy

MB = 1024 * 1024
# A page's PO file is some kilobytes; the whole site's, a few hundred.
MAX_PO_BYTES = 5 * MB
MAX_TOTAL_BYTES = 20 * MB
MAX_FILES = 100

# What a damaged, encrypted or exotic ZIP raises while it is read.
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, EOFError)


class UploadRefused(Exception):
    """A limit was exceeded: nothing of the upload is taken."""


@dataclass
class UploadedPo:
    name: str  # as the translator knows it: "seite.po" or "seite.po in ru.zip"
    data: bytes = None  # None: unreadable


def _too_big(name):
    return UploadRefused(
        _("%(name)s ist zu groß (höchstens %(max)s MB je PO-Datei). Nichts wurde übernommen.")
        % {"name": name, "max": MAX_PO_BYTES // MB}
    )


def _read_bounded(file, name):
    data = file.read(MAX_PO_BYTES + 1)
    if len(data) > MAX_PO_BYTES:
        # The ZIP's directory understated the size.
        raise _too_big(name)
    return data


def _entries(upload, archives):
    """(name, declared size, opener) of the upload, or of each .po in it."""
    if not zipfile.is_zipfile(upload):
        upload.seek(0)
        return [(upload.name, upload.size, lambda: upload)]
    upload.seek(0)
    try:
        archive = archives.enter_context(zipfile.ZipFile(upload))
        infos = [i for i in archive.infolist() if i.filename.endswith(".po") and not i.is_dir()]
    except ZIP_ERRORS:
        return [(upload.name, 0, None)]
    return [
        (f"{info.filename} in {upload.name}", info.file_size, lambda i=info: archive.open(i))
        for info in infos
    ]


def read_uploads(uploads):
    """Every uploaded .po, also inside ZIPs, as UploadedPo.

    Raises UploadRefused, before reading any content, when there are more
    than MAX_FILES, one is over MAX_PO_BYTES or all together over
    MAX_TOTAL_BYTES (sizes as the upload or the ZIP's directory states
    them); and while reading, if a ZIP entry turns out bigger than stated.
    """
    with contextlib.ExitStack() as archives:
        entries = [entry for upload in uploads for entry in _entries(upload, archives)]
        if len(entries) > MAX_FILES:
            raise UploadRefused(
                _(
                    "Zu viele Dateien (%(count)s): höchstens %(max)s PO-Dateien auf einmal. "
                    "Nichts wurde übernommen."
                )
                % {"count": len(entries), "max": MAX_FILES}
            )
        for name, size, _opener in entries:
            if size > MAX_PO_BYTES:
                raise _too_big(name)
        if sum(size for _name, size, _opener in entries) > MAX_TOTAL_BYTES:
            raise UploadRefused(
                _("Zusammen zu groß: höchstens %(max)s MB auf einmal. Nichts wurde übernommen.")
                % {"max": MAX_TOTAL_BYTES // MB}
            )
        files = []
        for name, _size, opener in entries:
            if opener is None:
                files.append(UploadedPo(name))
                continue
            try:
                with contextlib.ExitStack() as stack:
                    file = opener()
                    if isinstance(file, zipfile.ZipExtFile):
                        stack.enter_context(file)
                    files.append(UploadedPo(name, _read_bounded(file, name)))
            except ZIP_ERRORS:
                files.append(UploadedPo(name))
        return files


def parse_po(data):
    """The PO file in ``data``, or None if it is not one."""
    if data is None:
        return None
    # polib takes a path or the content: always give it a file, so that an
    # upload cannot name a file on the server.
    with tempfile.NamedTemporaryFile(suffix=".po") as file:
        file.write(data)
        file.flush()
        try:
            return polib.pofile(file.name)
        except (OSError, UnicodeDecodeError, LookupError, ValueError):
            # polib reports syntax errors as OSError; LookupError: an unknown charset.
            return None


def translation_of(po):
    """The Translation a PO file was downloaded for, or None."""
    try:
        key = uuid.UUID(po.metadata.get("X-WagtailLocalize-TranslationID", ""))
    except (ValueError, TypeError, AttributeError):
        return None
    return Translation.objects.filter(uuid=key).first()


def report_unused_entries(request, name, warnings):
    """import_po skips entries whose German text is no longer on the page
    (changed since the download) and says so only in its return value."""
    if warnings:
        messages.warning(
            request,
            ngettext(
                "%(count)s Text aus %(name)s gibt es auf der deutschen Seite nicht mehr "
                "(inzwischen geändert); er wurde nicht übernommen.",
                "%(count)s Texte aus %(name)s gibt es auf der deutschen Seite nicht mehr "
                "(inzwischen geändert); sie wurden nicht übernommen.",
                len(warnings),
            )
            % {"count": len(warnings), "name": name},
        )


def _editable_translation(request, translation_id):
    translation = get_object_or_404(Translation, id=translation_id)
    if not user_can_edit_instance(request.user, translation.get_target_instance()):
        raise PermissionDenied
    return translation


def download_pofile(request, translation_id):
    """The translation editor's download: upstream's, with fuzzy flags."""
    translation = _editable_translation(request, translation_id)
    po = flag_fuzzy(translation, translation.export_po())
    response = HttpResponse(str(po), content_type="text/x-gettext-translation")
    name = f"{slugify(translation.source.object_repr)}-{translation.target_locale.language_code}"
    response["Content-Disposition"] = f'attachment; filename="{name}.po"'
    return response


@require_POST
def upload_pofile(request, translation_id):
    """The translation editor's upload of one page's PO file."""
    translation = _editable_translation(request, translation_id)
    back = redirect(get_valid_next_url_from_request(request) or reverse("wagtailadmin_home"))

    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Bitte wählen Sie eine PO-Datei aus."))
        return back
    try:
        files = read_uploads([upload])
    except UploadRefused as refusal:
        messages.error(request, str(refusal))
        return back
    po = parse_po(files[0].data) if len(files) == 1 else None
    if po is None:
        messages.error(request, _("%(name)s ist keine lesbare PO-Datei.") % {"name": upload.name})
        return back
    if translation_of(po) != translation:
        messages.error(
            request,
            _(
                "%(name)s gehört nicht zu dieser Übersetzung. "
                "Bitte laden Sie die PO-Datei dieser Seite hoch."
            )
            % {"name": upload.name},
        )
        return back
    warnings = translation.import_po(po, user=request.user, tool_name="PO File")
    confirm_reviewed(translation, po)
    messages.success(
        request, _("Die Übersetzungen aus %(name)s wurden übernommen.") % {"name": upload.name}
    )
    report_unused_entries(request, upload.name, warnings)
    return back
