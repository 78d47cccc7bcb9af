"""PO files for a whole batch of pages, for translators who work offline:
download every page with text waiting as one ZIP, upload the translated
files (a ZIP or several .po files) in one go. wagtail-localize does the
same for one page at a time in its translation editor."""

import io
import zipfile

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from wagtail.models import Locale
from wagtail_localize.views.edit_translation import user_can_edit_instance

from .po_files import (
    UploadRefused,
    parse_po,
    read_uploads,
    report_unused_entries,
    translation_of,
)
from .translation_review import confirm_reviewed, flag_fuzzy
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
            archive.writestr(name, str(flag_fuzzy(translation, translation.export_po())))
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="uebersetzungen-{language_code}.zip"'
    return response


@require_POST
def import_files(request):
    _require_translator(request)
    uploads = request.FILES.getlist("files")
    if not uploads:
        messages.error(request, _("Bitte wählen Sie PO-Dateien oder eine ZIP-Datei aus."))
        return redirect("wagtailadmin_home")
    try:
        files = read_uploads(uploads)
    except UploadRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("wagtailadmin_home")
    publish = bool(request.POST.get("publish"))
    imported, unreadable, foreign = [], [], []
    for file in files:
        po = parse_po(file.data)
        if po is None:
            unreadable.append(file.name)
            continue
        translation = translation_of(po)
        if translation is None:
            foreign.append(file.name)
            continue
        instance = translation.get_target_instance()
        if not user_can_edit_instance(request.user, instance):
            raise PermissionDenied
        warnings = translation.import_po(po, user=request.user, tool_name=TOOL_NAME)
        confirm_reviewed(translation, po)
        report_unused_entries(request, file.name, warnings)
        if publish:
            transaction.on_commit(
                lambda t=translation: t.save_target(user=request.user, publish=True)
            )
        imported.append(file.name)
    if imported:
        messages.success(
            request,
            ngettext(
                "%(count)s PO-Datei übernommen.", "%(count)s PO-Dateien übernommen.", len(imported)
            )
            % {"count": len(imported)},
        )
    for name in unreadable:
        messages.error(
            request, _("%(name)s ist keine lesbare ZIP- oder PO-Datei.") % {"name": name}
        )
    if foreign:
        messages.error(
            request,
            _("Keine Übersetzung dieser Website: %(files)s") % {"files": ", ".join(foreign)},
        )
    return redirect("wagtailadmin_home")
