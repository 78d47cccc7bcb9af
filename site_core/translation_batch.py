"""PO files for a whole batch of pages, for translators who work offline:
download every page with text waiting as one ZIP, upload the translated
files (a ZIP or several .po files) in one go. wagtail-localize does the
same for one page at a time in its translation editor."""

import io
import tempfile
import zipfile

import polib

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from wagtail.models import Locale
from wagtail_localize.models import Translation
from wagtail_localize.views.edit_translation import user_can_edit_instance

from .translation_work import open_translation_work, shows_translation_work

TOOL_NAME = "PO-Datei (Stapel)"


def _require_translator(request):
    if not shows_translation_work(request.user):
        raise PermissionDenied


def _translations_waiting(locale):
    for task in open_translation_work(locale):
        if task.translation is not None:
            yield task.translation, task


def export_zip(request, language_code):
    _require_translator(request)
    locale = get_object_or_404(Locale, language_code=language_code)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for translation, task in _translations_waiting(locale):
            name = f"{task.source.slug}-{translation.uuid}.po"
            archive.writestr(name, str(translation.export_po()))
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="uebersetzungen-{language_code}.zip"'
    return response


def _po_files(uploads):
    """(file name, parsed PO) for each uploaded .po, also inside ZIPs."""
    for upload in uploads:
        data = upload.read()
        if zipfile.is_zipfile(io.BytesIO(data)):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for name in archive.namelist():
                    if name.endswith(".po"):
                        yield name, _parse(archive.read(name))
        else:
            yield upload.name, _parse(data)


def _parse(data):
    # polib takes a path or the content: always give it a file, so that an
    # upload cannot name a file on the server.
    with tempfile.NamedTemporaryFile(suffix=".po") as file:
        file.write(data)
        file.flush()
        try:
            return polib.pofile(file.name)
        except (OSError, UnicodeDecodeError):
            return None


@require_POST
def import_files(request):
    _require_translator(request)
    publish = bool(request.POST.get("publish"))
    imported, problems = [], []
    for name, po in _po_files(request.FILES.getlist("files")):
        translation_id = po.metadata.get("X-WagtailLocalize-TranslationID") if po else None
        translation = Translation.objects.filter(uuid=translation_id).first()
        if translation is None:
            problems.append(name)
            continue
        instance = translation.get_target_instance()
        if not user_can_edit_instance(request.user, instance):
            raise PermissionDenied
        translation.import_po(po, user=request.user, tool_name=TOOL_NAME)
        if publish:
            transaction.on_commit(
                lambda t=translation: t.save_target(user=request.user, publish=True)
            )
        imported.append(name)
    if imported:
        messages.success(
            request,
            ngettext(
                "%(count)s PO-Datei übernommen.", "%(count)s PO-Dateien übernommen.", len(imported)
            )
            % {"count": len(imported)},
        )
    if problems:
        messages.error(
            request,
            _("Keine Übersetzung dieser Website: %(files)s") % {"files": ", ".join(problems)},
        )
    return redirect("wagtailadmin_home")
