import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from wagtail.models import Locale, Page, Site

from site_core import language_switch
from site_core.cache.fragments import cached_fragment
from site_core.i18n import localize
from site_core.models import SiteSettings

register = template.Library()

# Inside <script> only "<" (as in "</script>") can end the element early;
# ">" and "&" are escaped as well, as Django's json_script does.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _home_pages(request):
    """The site's home page in every language, keyed by language code: read
    once per request, for the menu, the language switcher and the footer."""
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {}
    if not hasattr(request, "_home_pages"):
        homes = site.root_page.get_translations(inclusive=True).live().select_related("locale")
        request._home_pages = {home.locale.language_code: home for home in homes}
    return request._home_pages


def _site_pk(request):
    site = Site.find_for_request(request) if request else None
    return site.pk if site else None


def _translations(request, page):
    """``page``'s live translations (and aliases), keyed by language code:
    what the language links need of them, kept as a fragment of the
    page's version (a translation published, unpublished or moved makes
    the whole group stale) and, for the home pages shown where a
    translation is missing, of the generation."""

    def compute():
        found = {}
        for target in page.get_translations(inclusive=True).live().select_related("locale"):
            found[target.locale.language_code] = {
                "url": target.get_url(request=request),
                "full_url": target.get_full_url(request=request),
                "locale": target.locale,
                # An alias (wagtail-localize's stand-in for a page not
                # translated yet) is linked, but is not a translation.
                "is_pending": target.alias_of_id is not None,
            }
        return found

    return cached_fragment(
        "translations", compute, pages=[page.pk], vary=[_site_pk(request), request.get_host()]
    )


def _home_links(request):
    """The home page's URL in every language: where the language links lead
    where a page has no translation."""

    def compute():
        return {
            code: (home.get_url(request=request), home.get_full_url(request=request))
            for code, home in _home_pages(request).items()
        }

    return cached_fragment("homes", compute, vary=[_site_pk(request), request.get_host()])


@register.simple_tag(takes_context=True)
def language_links(context, page=None):
    """One entry per site language for the switcher and the hreflang links.

    Each entry links to the page's live translation on the same route with
    the same query string (site_core.language_switch), or, where there is
    none, to that language's home page (``is_translation`` is then False so
    the template can say so and leave out the hreflang link). A page whose
    translation is pending links to its alias (``is_pending``). Django views
    (the search) link to themselves in the other language. ``full_url`` is
    the translation's canonical address, for hreflang.
    """
    request = context.get("request")
    current = translation.get_language()
    translations = {}
    route = ""
    if isinstance(page, Page) and page.pk and request is not None:
        translations = _translations(request, page)
        route = language_switch.route_of(request, page)
    homes = None
    links = []
    for code, name in settings.WAGTAIL_CONTENT_LANGUAGES:
        target = translations.get(code)
        is_pending = target is not None and target["is_pending"]
        is_translation = target is not None and not is_pending
        view_url = None
        if target is None and request is not None and not isinstance(page, Page):
            view_url = language_switch.view_url(request, code)
        if target is not None:
            url = language_switch.translated_url(
                request, page, target["url"] + route, target["locale"]
            )
            full_url = target["full_url"]
        elif view_url is not None:
            url, is_translation = view_url, True
            full_url = request.build_absolute_uri(url)
        else:
            if homes is None:
                homes = _home_links(request) if request is not None else {}
            url, full_url = homes.get(code, (f"/{code}/", None))
            if full_url is None:
                full_url = request.build_absolute_uri(url) if request else url
        links.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "full_url": full_url,
                "is_current": code == current,
                "is_translation": is_translation,
                "is_pending": is_pending,
            }
        )
    return links


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The current language's home page and its children marked "show in
    menus", as URLs and titles: a fragment of the generation (any change
    to a home or menu page starts a new one, site_core.cache.stale)."""
    request = context.get("request")
    language = translation.get_language()

    def compute():
        home = _home_pages(request).get(language)
        if home is None:
            return {"home_url": None, "items": []}
        items = home.get_children().live().public().in_menu()
        return {
            "home_url": home.get_url(request=request),
            "items": [
                {
                    "pk": item.pk,
                    "title": item.title,
                    "url": item.get_url(request=request),
                    "url_path": item.url_path,
                }
                for item in items
            ],
        }

    if request is None:
        return compute()
    return cached_fragment("menu", compute, vary=[_site_pk(request), language])


@register.simple_tag(takes_context=True)
def cached_footer(context, template_name="components/footer.html"):
    """The footer, rendered once per generation, site and language: its
    links, its text and the site settings it shows start a new generation
    when they change (site_core.cache.signals)."""
    request = context.get("request")
    flat = context.flatten()

    def compute():
        return render_to_string(template_name, flat, request=request)

    if request is None:
        return mark_safe(compute())  # noqa: S308 - rendered by Django's templates
    html = cached_fragment("footer", compute, vary=[_site_pk(request), translation.get_language()])
    return mark_safe(html)  # noqa: S308 - rendered by Django's templates


@register.simple_tag(takes_context=True)
def footer_links(context):
    """Footer links in the visitor's language, in one query: each link names
    the German page, and we show its translation where there is one."""
    request = context.get("request")
    if request is None:
        return []
    site_settings = SiteSettings.for_request(request)
    pages = [link.page for link in site_settings.footer_links.select_related("page")]
    home = _home_pages(request).get(translation.get_language())
    locale = home.locale if home else Locale.get_active()
    return [page for page in localize(pages, locale) if page.live]


@register.simple_tag(takes_context=True)
def footer_text(context):
    request = context.get("request")
    if request is None:
        return None
    site_settings = SiteSettings.for_request(request)
    if site_settings.footer_text is None:
        return None
    return site_settings.footer_text.localized


@register.simple_tag(takes_context=True)
def absolute_static(context, path):
    """A static file's full address, for share previews that need one."""
    url = static(path)
    request = context.get("request")
    return request.build_absolute_uri(url) if request else url


@register.filter
def json_ld(data):
    """``{{ data|json_ld }}``: structured data as a JSON-LD script element."""
    if not data:
        return ""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(JSON_SCRIPT_ESCAPES)),  # noqa: S308 - escaped just above
    )
