"""What translators have to do, in one place: the admin dashboard lists the
pages whose translation is missing (aliases showing German text), and pages
and snippets (places, contact people) with strings waiting (new in German),
or with translations to check (their German text changed since)."""

from dataclasses import dataclass

from django.middleware.csrf import get_token

from wagtail.admin.ui.components import Component
from wagtail.models import Locale, Page

from .roles import MODERATORS, TRANSLATORS
from .translation_review import strings_to_review


@dataclass
class TranslationTask:
    page: object  # the page (or snippet) in the target language
    source: object
    untranslated: int  # strings still to translate; None for a page not started
    translation: object = None  # wagtail-localize's Translation, once started
    to_review: int = 0  # translations kept from changed German text, to check


def open_translation_work(locale):
    """Pages of ``locale`` still to translate, pages not started first.

    A few queries per translated page (wagtail-localize's own progress
    count): fine for a dashboard of a site with dozens of pages.
    """
    from wagtail_localize.models import Translation

    tasks = [
        TranslationTask(page=page, source=page.alias_of.specific, untranslated=None)
        for page in Page.objects.filter(locale=locale, alias_of__isnull=False)
        .select_related("alias_of")
        .order_by("path")
    ]
    translations = Translation.objects.filter(target_locale=locale, enabled=True).select_related(
        "source"
    )
    for translation in translations:
        total, done = translation.get_progress()
        to_review = strings_to_review(translation).count()
        if done == total and not to_review:
            continue
        source = translation.source.get_source_instance()
        target = source.get_translation_or_none(locale)
        if target is not None and getattr(target, "alias_of_id", None) is None:
            tasks.append(
                TranslationTask(
                    page=target,
                    source=source,
                    untranslated=total - done,
                    translation=translation,
                    to_review=to_review,
                )
            )
    return tasks


class TranslationWorkPanel(Component):
    name = "translation_work"
    template_name = "site_core/admin/translation_work_panel.html"
    order = 90

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        locales = Locale.objects.exclude(pk=Locale.get_default().pk)
        context["work"] = [(locale, open_translation_work(locale)) for locale in locales]
        context["csrf_token"] = get_token(parent_context["request"])
        return context


def shows_translation_work(user):
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=[TRANSLATORS, MODERATORS]).exists()
