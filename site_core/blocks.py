"""The one StreamField block set every page body uses.

Each block has an icon, a template and a preview value, so editors see
what they insert. Display logic lives on the StructValue classes,
validation in ``clean()``.
"""

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.embeds.embeds import get_embed
from wagtail.embeds.exceptions import EmbedException
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Überschrift"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("Ebene"),
        choices=[("h2", _("Zwischenüberschrift")), ("h3", _("Unterüberschrift"))],
        default="h2",
        help_text=_("Die Seitenüberschrift ist schon H1; hier beginnen Abschnitte mit H2."),
    )

    class Meta:
        icon = "title"
        label = _("Überschrift")
        template = "blocks/heading_block.html"
        preview_value = {"text": "Beratung in Oberhausen", "level": "h2"}
        description = _("Eine Überschrift, die einen Abschnitt beginnt.")


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Bild"))
    alt_text = blocks.CharBlock(
        label=_("Alternativtext"),
        required=False,
        max_length=250,
        help_text=_(
            "Beschreiben Sie, was auf dem Bild zu sehen ist, für Menschen, die es nicht "
            "sehen können. Pflicht, außer das Bild ist rein dekorativ."
        ),
    )
    decorative = blocks.BooleanBlock(
        label=_("Rein dekoratives Bild"),
        required=False,
        help_text=_("Nur ankreuzen, wenn das Bild keine Information trägt."),
    )
    caption = blocks.CharBlock(label=_("Bildunterschrift"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Bild")
        template = "blocks/image_block.html"
        preview_value = {"alt_text": "", "decorative": True, "caption": "Ein Bild"}
        description = _("Ein Bild mit Alternativtext und optionaler Bildunterschrift.")

    def clean(self, value):
        value = super().clean(value)
        if not value.get("alt_text") and not value.get("decorative"):
            raise StructBlockValidationError(
                block_errors={
                    "alt_text": ErrorList(
                        [
                            ValidationError(
                                _(
                                    "Bitte geben Sie einen Alternativtext ein oder markieren "
                                    "Sie das Bild als rein dekorativ."
                                )
                            )
                        ]
                    )
                }
            )
        return value


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Zitat"))
    attribution = blocks.CharBlock(label=_("Quelle"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Zitat")
        template = "blocks/quote_block.html"
        preview_value = {
            "quote": "Integration ist ein fortwährender Entwicklungsprozess.",
            "attribution": "Integrationsagentur Oberhausen",
        }
        description = _("Ein hervorgehobenes Zitat mit Quelle.")


class LinkStructValue(blocks.StructValue):
    """Resolves the link of a call to action in the visitor's language."""

    def url(self):
        page = self.get("page")
        if page:
            return page.localized.url
        return self.get("external_url") or ""

    def link_text(self):
        if self.get("link_label"):
            return self.get("link_label")
        page = self.get("page")
        return page.localized.title if page else self.get("external_url")


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titel"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), required=False)
    page = blocks.PageChooserBlock(label=_("Interne Seite"), required=False)
    external_url = blocks.URLBlock(label=_("Externe Adresse"), required=False)
    link_label = blocks.CharBlock(
        label=_("Beschriftung des Links"),
        required=False,
        max_length=80,
        help_text=_("Leer lassen, um den Titel der verlinkten Seite zu verwenden."),
    )

    class Meta:
        icon = "pick"
        label = _("Handlungsaufforderung")
        template = "blocks/call_to_action_block.html"
        value_class = LinkStructValue
        preview_value = {
            "title": "Besuchen Sie uns",
            "text": "Unsere Beratung ist kostenlos und vertraulich.",
            "external_url": "https://integrationsagenturen-nrw.de/",
            "link_label": "Mehr erfahren",
        }
        description = _("Ein Kasten mit Titel, Text und einem Link.")

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("external_url")):
            message = _("Bitte wählen Sie entweder eine interne Seite oder eine externe Adresse.")
            raise StructBlockValidationError(
                block_errors={"page": ErrorList([ValidationError(message)])}
            )
        return value


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Dokument"))
    label = blocks.CharBlock(
        label=_("Beschriftung"),
        required=False,
        max_length=120,
        help_text=_("Leer lassen, um den Titel des Dokuments zu verwenden."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Dokument")
        template = "blocks/document_link_block.html"
        preview_value = {"label": "Flyer (PDF)"}
        description = _("Ein Link zum Herunterladen eines Dokuments.")


class AccordionItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Frage"), max_length=250)
    answer = blocks.RichTextBlock(label=_("Antwort"), features=["bold", "italic", "link", "ul"])

    class Meta:
        icon = "help"
        label = _("Frage und Antwort")


class AccordionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titel"), required=False, max_length=120)
    items = blocks.ListBlock(AccordionItemBlock(), label=_("Fragen"))

    class Meta:
        icon = "list-ul"
        label = _("Häufige Fragen")
        template = "blocks/accordion_block.html"
        preview_value = {
            "title": "Häufige Fragen",
            "items": [
                {
                    "question": "Kostet die Beratung etwas?",
                    "answer": "<p>Nein, die Beratung ist kostenlos.</p>",
                }
            ],
        }
        description = _("Fragen und Antworten zum Aufklappen.")


IFRAME_SRC = re.compile(r"""<iframe[^>]*\ssrc=["']([^"']+)["']""", re.IGNORECASE)
# The privacy-friendlier player of each provider the site embeds (see
# WAGTAILEMBEDS_FINDERS); the Content-Security-Policy allows only these frames.
PRIVACY_PLAYER_HOSTS = {
    "www.youtube.com": "www.youtube-nocookie.com",
    "youtube.com": "www.youtube-nocookie.com",
    "www.youtube-nocookie.com": "www.youtube-nocookie.com",
    "player.vimeo.com": "player.vimeo.com",
}


class ExternalMediaStructValue(blocks.StructValue):
    """The embed, looked up once, and its player address for the two-click
    placeholder: nothing is loaded from the provider until the visitor asks."""

    @cached_property
    def embed(self):
        try:
            return get_embed(self["url"].url)
        except EmbedException:
            return None

    def provider_name(self):
        return self.embed.provider_name if self.embed else urlsplit(self["url"].url).hostname

    def player_url(self):
        match = IFRAME_SRC.search(self.embed.html) if self.embed else None
        if not match:
            return ""
        url = urlsplit(match.group(1))
        host = PRIVACY_PLAYER_HOSTS.get(url.hostname or "")
        if host is None:
            return ""
        query = dict(parse_qsl(url.query))
        if host == "player.vimeo.com":
            query["dnt"] = "1"  # Vimeo's "do not track": no cookies, no analytics.
        return urlunsplit(("https", host, url.path, urlencode(query), ""))

    def title(self):
        return self.get("title") or (self.embed.title if self.embed else "")


class ExternalMediaBlock(blocks.StructBlock):
    url = EmbedBlock(
        label=_("Adresse des Videos"),
        help_text=_(
            "Die Adresse des Videos bei YouTube oder Vimeo, z. B. "
            "https://www.youtube.com/watch?v=… Besucherinnen und Besucher sehen zuerst "
            "einen Hinweis; das Video wird erst nach ihrem Klick geladen (Datenschutz)."
        ),
    )
    title = blocks.CharBlock(
        label=_("Titel des Videos"),
        max_length=200,
        help_text=_("Worum geht es im Video? Wird vorgelesen und über dem Video angezeigt."),
    )
    caption = blocks.CharBlock(label=_("Bildunterschrift"), required=False, max_length=250)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "blocks/external_media_block.html"
        value_class = ExternalMediaStructValue
        preview_value = {
            "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "title": "Ein Video über unsere Arbeit",
        }
        description = _("Ein Video von YouTube oder Vimeo, das erst nach einem Klick geladen wird.")


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Absatz"),
        icon="pilcrow",
        template="blocks/paragraph_block.html",
        features=["bold", "italic", "link", "ol", "ul", "document-link"],
        preview_value="<p>Die Integrationsagentur gestaltet vielfältige Projekte.</p>",
        description=_("Fließtext mit Links und Listen."),
    )
    image = ImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    document = DocumentLinkBlock()
    accordion = AccordionBlock()
    external_media = ExternalMediaBlock()
