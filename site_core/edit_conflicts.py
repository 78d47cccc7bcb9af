"""Refuse a page form that is based on an older version than the newest.

Wagtail's editor posts the revision it was loaded from (the hidden fields
``loaded_revision_id`` and ``loaded_revision_created_at``, or
``overwrite_revision_id`` once it has autosaved), and its edit view knows
when a post is outdated (``EditView.is_out_of_date``) — but Wagtail 7.4
refuses only outdated *autosaves*; a click on "Veröffentlichen",
"Entwurf speichern" or "Zur Moderation einreichen" saves over whatever
someone else published in the meantime, silently (RFC 95 chose notices
over refusal). Here the page form refuses such a post: the edit view
shows the form again, with the person's input, this message and the hidden
fields now pointing at the newest version, so that saving again is a
deliberate choice.
"""

from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

OUTDATED = _(
    "Diese Seite wurde geändert, seit Sie sie geöffnet haben (von jemand anderem oder in "
    "einem anderen Fenster). Nichts wurde gespeichert. Ihre Eingaben stehen unten noch im "
    "Formular: Vergleichen Sie sie unter „Verlauf“ mit der neuen Fassung. Wenn Sie erneut "
    "speichern, ersetzen Sie die neue Fassung durch Ihre."
)


def is_outdated(data, page):
    """Whether the post ``data`` for the existing ``page`` was loaded from
    an older revision than the page's newest; Wagtail's
    ``EditView.is_out_of_date``, except that a post that names no revision
    counts as outdated: the editor always names one when the page has any
    (a post without it comes from a form of an older Wagtail or a script,
    and may be based on any version)."""
    latest = Page.objects.get(pk=page.pk).get_latest_revision()
    if latest is None:
        return False
    latest_id = str(latest.pk)
    # An autosave revision belongs to one editing session: it is the newest or not.
    if overwrite_id := data.get("overwrite_revision_id"):
        return overwrite_id != latest_id
    if data.get("loaded_revision_id") != latest_id:
        return True
    # Autosave from another session may have overwritten the newest revision
    # in place since the form was loaded; created_at only ever grows.
    return data.get("loaded_revision_created_at", "") != latest.created_at.isoformat()
