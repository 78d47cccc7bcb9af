"""sitemap.xml for both languages, with hreflang alternates.

Wagtail's sitemap lists the descendants of the site's root page, which is
the German home: the Russian tree, a sibling of it, would be missing.
Aliases (pages not translated yet) are left out: their text is German and
their canonical link points at the German page.
"""

from functools import reduce
from operator import or_

from django.db.models import Q

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class TranslatedSitemap(Sitemap):
    def items(self):
        homes = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        in_a_home = reduce(or_, (Q(path__startswith=home.path) for home in homes))
        return (
            Page.objects.live()
            .public()
            .filter(in_a_home, alias_of__isnull=True)
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        # One query for every page's translations, not one per page.
        keys = {}
        pages = Page.objects.live().public().filter(alias_of__isnull=True).select_related("locale")
        for page_ in pages:
            keys.setdefault(page_.translation_key, []).append(page_)
        for url in urls:
            translations = keys.get(url.pop("translation_key", None), [])
            if len(translations) > 1:
                url["alternates"] = [
                    {
                        "location": translation.get_full_url(self.request),
                        "lang_code": translation.locale.language_code,
                    }
                    for translation in translations
                ]
        return urls
