from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from . import (
    page_chooser,
    page_passwords,
    password_reset,
    privacy_admin,
    search,
    workflow_messages,
)
from .sitemaps import TranslatedSitemap


def favicon(request):
    # Feed readers and old browsers ask for /favicon.ico whatever the page says.
    return HttpResponsePermanentRedirect(static_url("icons/favicon.ico"))


# The admin lives outside the language prefix: editors use it in German
# whatever page they edit.
urlpatterns = [
    # Before Wagtail's own route of the same address (first match wins):
    # approving or rejecting says so (site_core/workflow_messages.py).
    path(
        "admin/pages/workflow/action/<int:page_id>/<slug:action_name>/<int:task_state_id>/",
        workflow_messages.workflow_action,
    ),
    # The privacy dialog of a page whose restriction follows the German page
    # (site_core/privacy_admin.py).
    path("admin/pages/<int:page_id>/privacy/", privacy_admin.set_privacy),
    # Before Wagtail's own: the reset counts requests and mails in the
    # background, so that its time does not tell who has an account
    # (site_core/password_reset.py).
    path(
        "admin/password_reset/",
        password_reset.PasswordResetView.as_view(),
        name="wagtailadmin_password_reset",
    ),
    # The page chooser opens among the pages to choose, in the editor's
    # language (site_core/page_chooser.py).
    path("admin/choose-page/", page_chooser.browse),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": TranslatedSitemap}}),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain")),
    path("favicon.ico", favicon),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Every public page carries its language in the URL: /de/… and /ru/….
# A request for "/" is redirected by LocaleMiddleware to the visitor's
# preferred language (Accept-Language), German otherwise.
urlpatterns += i18n_patterns(
    # Translated like the page slugs: /de/suche/ and /ru/poisk/.
    path(_("suche/"), search.search, name="search"),
    # Before Wagtail's own: wrong page passwords are counted
    # (site_core/page_passwords.py).
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        page_passwords.authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    # E-mail alerts: sign-up, confirmation, "Meine Benachrichtigungen",
    # unsubscribe (/de/benachrichtigungen/…, /ru/uvedomleniya/…).
    path(_("benachrichtigungen/"), include("alerts.urls")),
    path("", include("events.urls")),
    path("", include(wagtail_urls)),
)
