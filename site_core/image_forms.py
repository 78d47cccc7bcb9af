"""The admin's image form (WAGTAILIMAGES_IMAGE_FORM_BASE): an upload that
cannot be stored is a form error, not a server error."""

import errno
import logging

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.images.forms import BaseImageForm

logger = logging.getLogger(__name__)

DISK_FULL = _(
    "Das Bild konnte nicht gespeichert werden: Der Speicherplatz auf dem Server ist voll. "
    "Bitte wenden Sie sich an die Administration."
)
NOT_WRITTEN = _(
    "Das Bild konnte nicht gespeichert werden: Der Server konnte die Datei nicht ablegen. "
    "Bitte wenden Sie sich an die Administration."
)


class ImageForm(BaseImageForm):
    """Stores the uploaded file while the form is validated.

    Wagtail writes the file when the image is saved, after validation, so a
    full disk (or any other failed write) raises out of every view that
    uploads images (add, multiple add, chooser upload, edit) as a 500. Here
    the file is stored as the last step of validation; a failed write
    becomes an error on the file field, which each of those views shows the
    editor as it shows an unreadable file, and no image is created. The
    storage (site_core.media_storage) has removed the partly written file.
    """

    def _post_clean(self):
        super()._post_clean()
        if self.errors or "file" not in self.changed_data:
            return
        upload = self.instance.file
        content = upload.file
        try:
            # Marks the file as stored: the image's save() does not write it again.
            upload.save(upload.name, content, save=False)
        except OSError as error:
            logger.error("Image upload %r could not be stored: %s", upload.name, error)
            full = error.errno in (errno.ENOSPC, errno.EDQUOT)
            self.add_error("file", ValidationError(DISK_FULL if full else NOT_WRITTEN))
            return
        # Wagtail then reads size and hash from the file (_set_image_file_metadata):
        # from the upload, as upstream, not from a stored copy it would leave open.
        self.instance.file.file = content
