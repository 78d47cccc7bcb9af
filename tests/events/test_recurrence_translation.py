"""django-recurrence in Russian: its widget's strings for an admin who uses the
Wagtail admin in Russian, its rule texts and its form errors. It ships no
Russian; events/recurrence_i18n/locale/ru has it."""

import datetime
import gettext
import json
import re
from pathlib import Path

import recurrence
import recurrence.forms

import django
from django import forms
from django.test import SimpleTestCase, TestCase
from django.utils import translation
from django.utils.dateformat import format as format_date

from wagtail.test.utils import WagtailTestUtils
from wagtail.users.models import UserProfile

import events
from events.models import EventPage

CATALOG_URL = "/admin/jsi18n/recurrence/"
EVENTS_RU = Path(events.__file__).parent / "recurrence_i18n" / "locale" / "ru" / "LC_MESSAGES"
DJANGO_RU = Path(django.__file__).parent / "conf" / "locale" / "ru" / "LC_MESSAGES"


def catalog_of(response):
    """The msgid -> translation mapping a JavaScriptCatalog response defines."""
    match = re.search(r"const newcatalog = (\{.*?\});\n", response.content.decode(), re.DOTALL)
    return json.loads(match[1]) if match else {}


class WidgetCatalogTests(WagtailTestUtils, TestCase):
    def log_in_speaking(self, language):
        user = self.login()
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()

    def test_russian_admin_gets_the_widget_in_russian(self):
        self.log_in_speaking("ru")
        response = self.client.get(CATALOG_URL)
        self.assertEqual(response.status_code, 200)
        # JSON escapes non-ASCII: "\u0414\u043e\u0431..." in the script.
        self.assertContains(response, json.dumps("Добавить правило"))
        catalog = catalog_of(response)
        self.assertEqual(catalog["Add rule"], "Добавить правило")
        self.assertEqual(catalog["Tuesday"], "вторник")
        self.assertEqual(catalog["every %(number)s %(freq)s"], "раз в %(number)s %(freq)s")
        self.assertEqual(catalog["month name\x04May"], "май")

    def test_russian_catalog_keeps_russian_plurals(self):
        # Each catalog script redefines django.pluralidx for the whole admin
        # page: without its Plural-Forms ours would break Wagtail's Russian.
        self.log_in_speaking("ru")
        response = self.client.get(CATALOG_URL)
        self.assertContains(response, "n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2")

    def test_russian_help_text_names_the_widgets_russian_labels(self):
        self.log_in_speaking("ru")
        catalog = catalog_of(self.client.get(CATALOG_URL))
        with translation.override("ru"):
            help_text = str(EventPage._meta.get_field("recurrence").help_text)
        for label in ("Add date", "Exclude this date"):
            self.assertIn(f"«{catalog[label]}»", help_text)

    def test_widget_text_around_the_count_field_is_never_empty(self):
        # The widget splits this label at %(number)s and puts its count field
        # in between; an empty side leaves it without a text node to update.
        self.log_in_speaking("ru")
        catalog = catalog_of(self.client.get(CATALOG_URL))
        for msgid in ("Occurs %(number)s time", "Occurs %(number)s times"):
            before, after = catalog[msgid].split("%(number)s")
            self.assertTrue(before.strip() and after.strip(), catalog[msgid])

    def test_date_formats_use_tokens_the_widget_knows(self):
        # recurrence.date.format() replaces only these; anything else would
        # show as a literal "%x".
        known = set("aAbBdDfFgGhHiIjlLmMnNOPrsStTUwWyYzZ")
        self.log_in_speaking("ru")
        catalog = catalog_of(self.client.get(CATALOG_URL))
        for msgid in (
            "date\x04%l, %F %j, %Y",
            "Until date format\x04%Y-%m-%d",
            "Day of month\x04%j%S",
        ):
            tokens = re.findall(r"%(.)", catalog[msgid])
            self.assertTrue(tokens, msgid)
            self.assertLessEqual(set(tokens), known, msgid)

    def test_german_admin_still_gets_the_widget_in_german(self):
        self.log_in_speaking("de")
        response = self.client.get(CATALOG_URL)
        self.assertContains(response, "Regel hinzuf\\u00fcgen")  # "Add rule" in German
        self.assertNotContains(response, json.dumps("Добавить правило"))


class RuleTextTests(SimpleTestCase):
    def test_weekly_rule_in_russian(self):
        rule = recurrence.Rule(recurrence.WEEKLY, byday=[recurrence.TU])
        with translation.override("de"):
            self.assertEqual(rule.to_text(), "wöchentlich, jeden Dienstag")
        with translation.override("ru"):
            # Weekday names come from Django's own Russian catalogue.
            self.assertEqual(rule.to_text(), "еженедельно, Вторник")

    def test_interval_count_last_day_and_months(self):
        with translation.override("ru"):
            every_other = recurrence.Rule(
                recurrence.WEEKLY, interval=2, byday=[recurrence.TU, recurrence.TH], count=5
            )
            self.assertEqual(every_other.to_text(), "раз в 2 нед., Вторник, Четверг, повторений: 5")
            monthly = recurrence.Rule(recurrence.MONTHLY, bymonthday=[-1], count=1)
            self.assertEqual(monthly.to_text(), "ежемесячно, последнего числа, однократно")
            yearly = recurrence.Rule(recurrence.YEARLY, bymonth=[1, 5])
            self.assertEqual(yearly.to_text(), "ежегодно, Январь, Май")


class FormFieldErrorTests(SimpleTestCase):
    def clean(self, value, **kwargs):
        with translation.override("ru"):
            with self.assertRaises(forms.ValidationError) as raised:
                recurrence.forms.RecurrenceField(**kwargs).clean(value)
            # The messages are lazy: read them while Russian is active.
            return raised.exception.messages

    def test_frequency_not_offered(self):
        # "RRULE:FREQ=FOO" fails earlier, in django-recurrence's parser, with
        # an untranslated "bad frequency value"; a valid frequency the field
        # does not accept gets "Invalid frequency.".
        messages = self.clean("RRULE:FREQ=HOURLY", frequencies=[recurrence.WEEKLY])
        self.assertEqual(messages, ["Недопустимая частота повторения."])

    def test_too_many_rules(self):
        messages = self.clean("RRULE:FREQ=WEEKLY\nRRULE:FREQ=DAILY", max_rrules=1)
        self.assertEqual(messages, ["Превышено максимальное количество правил. Максимум: 1."])

    def test_required(self):
        messages = self.clean("")
        self.assertEqual(messages, ["Обязательное поле. Задайте правило повторения или дату."])


class CatalogPrecedenceTests(SimpleTestCase):
    """events outranks Django's own catalogue in INSTALLED_APPS, so a msgid in
    both would change Django's strings everywhere, e.g. the weekday in the
    site's dates: django-recurrence gets those from Django instead."""

    def test_no_msgid_of_djangos_russian_catalogue(self):
        with (
            (EVENTS_RU / "django.mo").open("rb") as ours,
            (DJANGO_RU / "django.mo").open("rb") as theirs,
        ):
            shared = set(gettext.GNUTranslations(ours)._catalog) & set(
                gettext.GNUTranslations(theirs)._catalog
            )
        self.assertEqual(shared - {""}, set())

    def test_site_dates_keep_djangos_weekday_names(self):
        with translation.override("ru"):
            self.assertEqual(
                format_date(datetime.date(2027, 3, 1), "l, j E Y"), "Понедельник, 1 марта 2027"
            )
