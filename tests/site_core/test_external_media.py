"""Videos are two-click embeds: the page names the provider and loads nothing
from it until the visitor asks; images come as renditions with srcset."""

import re

from django.test import TestCase

from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images.tests.utils import get_test_image_file

from site_core.blocks import ImageBlock
from site_core.factories import StandardPageFactory
from tests.utils import build_site

YOUTUBE_URL = "https://www.youtube.com/watch?v=abc123"
VIMEO_URL = "https://vimeo.com/76979871"


def cache_embed(url, html, provider):
    """What Wagtail stores after asking the provider's oEmbed endpoint; tests
    never go to the network."""
    Embed.objects.create(
        hash=get_embed_hash(url),
        url=url,
        html=html,
        provider_name=provider,
        type="video",
        title="Vom Provider",
        thumbnail_url="https://i.ytimg.com/vi/abc123/hqdefault.jpg",
    )


class ExternalMediaTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        cache_embed(
            YOUTUBE_URL,
            '<iframe width="200" height="113" src="https://www.youtube.com/embed/abc123'
            '?feature=oembed" frameborder="0" allowfullscreen></iframe>',
            "YouTube",
        )
        cache_embed(
            VIMEO_URL,
            '<iframe src="https://player.vimeo.com/video/76979871?app_id=122963" '
            'width="640" height="360"></iframe>',
            "Vimeo",
        )
        cls.page = StandardPageFactory(
            parent=cls.site.home,
            slug="video",
            body=[
                (
                    "external_media",
                    {"url": YOUTUBE_URL, "title": "Unser Sommerfest", "caption": "2026"},
                ),
                ("external_media", {"url": VIMEO_URL, "title": "Deutsch-Café"}),
            ],
        )

    def html(self):
        response = self.client.get(self.page.url)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def outside_templates(self, html):
        return re.sub(r"<template>.*?</template>", "", html, flags=re.S)

    def test_nothing_is_loaded_from_the_provider_before_the_click(self):
        live_html = self.outside_templates(self.html())
        self.assertNotIn("<iframe", live_html)
        self.assertNotIn("ytimg.com", live_html)  # no thumbnail from the provider either
        for host in ("youtube-nocookie.com", "player.vimeo.com"):
            self.assertNotRegex(live_html, rf'(src|srcset)="[^"]*{host}')

    def test_placeholder_names_the_provider_and_links_to_it(self):
        html = self.html()
        self.assertIn("Dieses Video liegt bei YouTube.", html)
        self.assertIn("Video von YouTube laden", html)
        self.assertIn(f'href="{YOUTUBE_URL}"', html)
        self.assertIn("Unser Sommerfest", html)

    def test_players_are_the_privacy_friendlier_ones(self):
        html = self.html()
        self.assertIn(
            '<iframe src="https://www.youtube-nocookie.com/embed/abc123?feature=oembed" '
            'title="Unser Sommerfest"',
            html,
        )
        self.assertIn("https://player.vimeo.com/video/76979871?app_id=122963&amp;dnt=1", html)
        self.assertNotIn("https://www.youtube.com/embed", html)

    def test_unknown_video_still_gets_a_link(self):
        page = StandardPageFactory(
            parent=self.site.home,
            slug="kaputt",
            body=[("external_media", {"url": "https://www.youtube.com/watch?v=weg", "title": "X"})],
        )
        Embed.objects.all().delete()
        with self.settings(WAGTAILEMBEDS_FINDERS=[]):
            response = self.client.get(page.url)
        self.assertContains(response, 'href="https://www.youtube.com/watch?v=weg"')
        self.assertNotContains(response, "<template>")


class ImageRenditionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        from wagtail.images.models import Image

        cls.site = build_site()
        cls.image = Image.objects.create(
            title="Sommerfest", file=get_test_image_file(size=(1600, 900))
        )

    def render(self, **value):
        block = ImageBlock()
        return block.render(block.to_python({"image": self.image.pk, **value}))

    def test_modern_formats_sizes_and_dimensions(self):
        html = self.render(alt_text="Kinder tanzen beim Sommerfest")
        self.assertIn('type="image/avif"', html)
        self.assertIn('type="image/webp"', html)
        self.assertRegex(html, r'srcset="[^"]*400w[^"]*800w[^"]*1200w')
        self.assertIn('alt="Kinder tanzen beim Sommerfest"', html)
        self.assertIn('loading="lazy"', html)
        img = re.search(r"<img [^>]*>", html).group()
        self.assertIn('width="400"', img)
        self.assertIn('height="225"', img)

    def test_decorative_image_has_empty_alt(self):
        html = self.render(decorative=True, alt_text="")
        self.assertIn('alt=""', html)
        self.assertNotIn("Sommerfest", html)
