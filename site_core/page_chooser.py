"""The page chooser opens where the pages to choose are, in the editor's
language.

For a chooser limited to a page type (an event's agency), Wagtail opens at
the highest common ancestor of all pages of that type
(``wagtail.admin.views.chooser.BrowseView``). With agencies in German and in
Russian that is the root of the tree, so editors began every choice two
levels above the agencies. Here the common ancestor is taken within one
language: the one the chooser asks for (``?locale=``), else the admin's
active one, else the default.
"""

from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.chooser import BrowseView
from wagtail.coreutils import resolve_model_string
from wagtail.models import Locale, Page


class LanguageBrowseView(BrowseView):
    def get(self, request, parent_page_id=None):
        page_type = request.GET.get("page_type")
        if parent_page_id is None and page_type:
            parent = self.common_ancestor_in_language(request, page_type)
            if parent is not None:
                parent_page_id = parent.pk
        return super().get(request, parent_page_id=parent_page_id)

    @staticmethod
    def common_ancestor_in_language(request, page_type):
        try:
            models = [resolve_model_string(name) for name in page_type.split(",")]
        except (LookupError, ValueError):
            return None  # Wagtail's view answers 404 for it
        locale = (
            Locale.objects.filter(language_code=request.GET.get("locale", "")).first()
            or Locale.get_active()
        )
        pages = Page.objects.type(*models).filter(locale=locale)
        if not pages.exists():
            return None
        return pages.first_common_ancestor()


browse = require_admin_access(LanguageBrowseView.as_view())
