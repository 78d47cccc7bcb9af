"""Who may delete which page: Wagtail's rules, narrowed for editors.

Wagtail's ``PagePermissionTester.can_delete`` lets a user with "change" but
without "publish" (our Redaktion) delete any page with nothing live below it:
another editor's draft, or a page that was published once and has since been
unpublished. Editors here may delete only their own drafts that were never
published: what autosave leaves behind when they abandon a new page.
Moderators (who publish) and superusers keep Wagtail's rules.

``site_core.models.BasePage.permissions_for_user`` returns this tester;
Wagtail calls that method (on the specific page) wherever it checks a page's
permissions: the delete view, its menu items and the bulk delete action.
"""

from wagtail.models import PagePermissionTester


class SitePagePermissionTester(PagePermissionTester):
    def can_delete(self, ignore_bulk=False):
        if not super().can_delete(ignore_bulk=ignore_bulk):
            return False
        if self.user.is_superuser or "publish" in self.permissions:
            return True
        return self.only_own_drafts_never_published()

    def only_own_drafts_never_published(self):
        pages = self.page.get_descendants(inclusive=True)
        others = pages.exclude(owner=self.user, live=False, first_published_at__isnull=True)
        return not others.exists()
