"""The admin's forms as the browser would send them."""

from html.parser import HTMLParser

from wagtail.models import Page


class _FormFields(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.data = {}
        self._textarea = self._select = None
        self._option = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_form = attrs.get("id") == self.form_id
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and "__prefix__" not in name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data[name] = attrs.get("value", "on")
            elif kind not in ("submit", "button", "file"):
                self.data[name] = attrs.get("value") or ""
        elif tag == "textarea" and name and "__prefix__" not in name:
            self._textarea = name
            self.data[name] = ""
        elif tag == "select" and name and "__prefix__" not in name:
            self._select = name
        elif tag == "option" and self._select:
            self._option = attrs.get("value", "")
            if "selected" in attrs:
                self.data[self._select] = self._option

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            # A textarea's first newline is not part of its value.
            value = self.data[self._textarea] + data
            self.data[self._textarea] = value.removeprefix("\n")


def form_data(response, form_id="page-edit-form"):
    """The fields of the form ``form_id`` in ``response`` with the values it
    shows. StreamFields are built by the admin's JavaScript: not included."""
    parser = _FormFields(form_id)
    parser.feed(response.content.decode())
    return parser.data


def loaded_revision(page):
    """The hidden fields with which Wagtail's editor names the version it
    was opened on (site_core.edit_conflicts refuses a post without them):
    for posts built by hand, as if the form had just been opened."""
    revision = Page.objects.get(pk=page.pk).get_latest_revision()
    if revision is None:
        return {}
    return {
        "loaded_revision_id": str(revision.pk),
        "loaded_revision_created_at": revision.created_at.isoformat(),
    }


def publish_in_admin(test, user, page, **fields):
    """``user`` opens ``page`` in the admin's editor, changes ``fields`` and
    presses "Veröffentlichen": Wagtail checks the user's rights, and the
    after-commit callbacks run as a commit would run them. ``test`` is the
    Django TestCase whose client and captureOnCommitCallbacks are used."""
    client = test.client_class()
    client.force_login(user)
    url = f"/admin/pages/{page.pk}/edit/"
    data = form_data(client.get(url))
    data.update({"body-count": "0", "action-publish": "action-publish", **fields})
    with test.captureOnCommitCallbacks(execute=True):
        response = client.post(url, data)
    test.assertEqual(response.status_code, 302, response.content.decode()[-3000:])
