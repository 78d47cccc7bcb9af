"""A view restriction on a German page reaches its Russian twin at once.

A moderator sets a password on a German event, or a login restriction on
the whole German calendar, in the admin's privacy dialog: the Russian event
then asks for the password (or for a login) too, and it leaves the Russian
calendar, the Russian feeds, the sitemap and the Russian agency page.
Lifting the restriction on the German page opens the Russian one again;
re-publishing the German page keeps it closed; a translator or moderator
cannot open the Russian page alone; a Russian translation made later of a
restricted page is restricted from the start.
"""

import re

from icalendar import Calendar

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.test import Client, TestCase, override_settings

from wagtail.models import Page, PageViewRestriction

from events.factories import EventPageFactory
from events.models import EventPage
from events.store import store_all
from events.vevents import UID_FORMAT
from site_core.roles import MODERATORS, TRANSLATORS, setup_roles
from site_core.translation import translate_object
from tests.admin_forms import form_data
from tests.utils import build_site, russian, translate_site

PASSWORD_FORM = 'name="password"'
FOLLOWS_GERMAN = "Die Sichtbarkeit dieser Seite folgt der deutschen Seite"


def user_in(group_name):
    username = group_name.lower().replace("ü", "ue")
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "pw")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@override_settings(PAGE_CACHE_TIMEOUT=3600)
class RestrictionsReachTheRussianTwinTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        translate_site(cls.site)
        setup_roles()
        cls.moderator = user_in(MODERATORS)
        cls.translator = user_in(TRANSLATORS)
        cls.ru_event = cls.site.event.get_translation(cls.site.ru)
        cls.ru_index = cls.site.event_index.get_translation(cls.site.ru)
        cls.ru_agency = cls.site.agency.get_translation(cls.site.ru)
        cls.ru_home = cls.site.home.get_translation(cls.site.ru)
        cls.ru_title = russian("Deutsch-Café")
        # The listings read the stored dates, as on the live site.
        store_all()

    def setUp(self):
        caches["pages"].clear()
        # A visitor: no cookies, so served by the page cache.
        self.visitor = Client()

    # The people's steps

    def set_privacy(self, user, page, restriction_type, **fields):
        """What the privacy dialog posts (as XHR); returns its JSON answer."""
        self.client.force_login(user)
        data = {"restriction_type": restriction_type, "password": "", **fields}
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                f"/admin/pages/{page.pk}/privacy/",
                data,
                headers={"x-requested-with": "XMLHttpRequest"},
            )
        self.client.logout()
        self.assertEqual(response.status_code, 200)
        return response.json()

    def moderator_republishes(self, page):
        self.client.force_login(self.moderator)
        url = f"/admin/pages/{page.pk}/edit/"
        data = form_data(self.client.get(url))
        data.update({"body-count": "0", "action-publish": "action-publish"})
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, response.content.decode()[-3000:])
        self.client.logout()

    # What visitors see

    def russian_listings(self):
        """The Russian pages and feeds that list the event, as a visitor gets them."""
        return {
            "calendar": self.ru_index.url,
            "month": self.ru_index.url + "monat/",
            "RSS": self.ru_index.url + "rss/",
            "agency": self.ru_agency.url,
            "home": self.ru_home.url,
        }

    def assert_russian_event_listed(self, listed=True):
        check = self.assertContains if listed else self.assertNotContains
        for name, url in self.russian_listings().items():
            with self.subTest(listing=name):
                response = self.visitor.get(url)
                if listed or response.status_code == 200:
                    check(response, self.ru_title)
        feed = self.visitor.get(self.ru_index.url + "feed.ics")
        uid = UID_FORMAT.format(key=self.site.event.translation_key)
        if feed.status_code == 200:
            uids = [str(e["UID"]) for e in Calendar.from_ical(feed.content).walk("VEVENT")]
            self.assertEqual(uid in uids, listed)
        else:
            self.assertFalse(listed)
        sitemap = self.visitor.get("/sitemap.xml").content.decode()
        self.assertEqual(f"http://testserver{self.ru_event.url}<" in sitemap, listed)

    def assert_russian_event_asks_for_the_password(self):
        response = self.visitor.get(self.ru_event.url)
        self.assertContains(response, PASSWORD_FORM)
        self.assertNotContains(response, self.ru_title)
        self.assertFalse(EventPage.objects.filter(pk=self.ru_event.pk).public().exists())

    def assert_russian_event_open(self):
        response = self.visitor.get(self.ru_event.url)
        self.assertContains(response, self.ru_title)
        self.assertNotContains(response, PASSWORD_FORM)

    # The tests

    def test_a_password_on_the_german_event_closes_the_russian_event(self):
        # Visitors have seen the Russian event and its listings (now cached).
        self.assert_russian_event_open()
        self.assert_russian_event_listed()

        answer = self.set_privacy(self.moderator, self.site.event, "password", password="geheim")
        self.assertEqual(answer["step"], "set_privacy_done")

        self.assert_russian_event_asks_for_the_password()
        self.assert_russian_event_listed(False)
        # The same password opens it.
        form = self.visitor.get(self.ru_event.url).content.decode()
        action = re.search(r'<form action="([^"]+)"', form).group(1)
        response = self.visitor.post(
            action, {"password": "geheim", "return_url": self.ru_event.url}, follow=True
        )
        self.assertContains(response, self.ru_title)

    def test_a_login_on_the_german_calendar_closes_the_russian_calendar(self):
        self.assert_russian_event_listed()
        self.set_privacy(self.moderator, self.site.event_index, "login")

        for page in [self.ru_index, self.ru_event]:
            with self.subTest(page=page.url):
                response = self.visitor.get(page.url)
                self.assertEqual(response.status_code, 302)
                self.assertIn("login", response["Location"])
        self.assertEqual(self.visitor.get(self.ru_index.url + "feed.ics").status_code, 302)
        self.assert_russian_event_listed(False)
        sitemap = self.visitor.get("/sitemap.xml").content.decode()
        self.assertNotIn(f"http://testserver{self.ru_index.url}<", sitemap)
        self.assertIn(f"http://testserver{self.ru_agency.url}<", sitemap)

    def test_lifting_it_on_the_german_page_opens_the_russian_again(self):
        self.set_privacy(self.moderator, self.site.event, "password", password="geheim")
        self.assert_russian_event_asks_for_the_password()

        answer = self.set_privacy(self.moderator, self.site.event, "none")
        self.assertTrue(answer["is_public"])

        self.assertFalse(PageViewRestriction.objects.exists())
        self.assert_russian_event_open()
        self.assert_russian_event_listed()

    def test_changing_it_on_the_german_page_changes_the_russian(self):
        self.set_privacy(self.moderator, self.site.event, "password", password="geheim")
        group = Group.objects.get(name=MODERATORS)
        self.set_privacy(self.moderator, self.site.event, "groups", groups=[group.pk])
        restriction = PageViewRestriction.objects.get(page=self.ru_event)
        self.assertEqual(restriction.restriction_type, "groups")
        self.assertEqual(list(restriction.groups.all()), [group])
        response = self.visitor.get(self.ru_event.url)
        self.assertEqual(response.status_code, 302)

    def test_republishing_the_german_event_keeps_the_russian_restricted(self):
        self.set_privacy(self.moderator, self.site.event, "password", password="geheim")
        self.moderator_republishes(self.site.event)
        self.assertTrue(EventPage.objects.get(pk=self.ru_event.pk).live)
        self.assert_russian_event_asks_for_the_password()
        self.assert_russian_event_listed(False)

    def test_a_translator_cannot_lift_the_russian_restriction_alone(self):
        self.set_privacy(self.moderator, self.site.event, "password", password="geheim")
        self.assert_russian_event_asks_for_the_password()

        for user in [self.translator, self.moderator]:
            with self.subTest(user=user.username):
                self.client.force_login(user)
                dialog = self.client.get(f"/admin/pages/{self.ru_event.pk}/privacy/")
                self.assertContains(dialog, FOLLOWS_GERMAN)
                self.assertContains(dialog, f"/admin/pages/{self.site.event.pk}/edit/")
                answer = self.set_privacy(user, self.ru_event, "none")
                self.assertIn(FOLLOWS_GERMAN, answer["html"])
                self.assertNotEqual(answer.get("step"), "set_privacy_done")
                self.assert_russian_event_asks_for_the_password()
        # Nor can the password be changed there.
        self.set_privacy(self.translator, self.ru_event, "password", password="anders")
        self.assertEqual(PageViewRestriction.objects.get(page=self.ru_event).password, "geheim")


class MirroredRestrictionTests(TestCase):
    """The restriction is mirrored whichever way pages come and go."""

    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()
        translate_site(cls.site)
        cls.ru_index = cls.site.event_index.get_translation(cls.site.ru)

    def test_an_alias_of_a_restricted_page_is_restricted(self):
        """wagtail-localize's tree sync mirrors a new German page into Russian
        as an alias. Below a restricted Russian calendar Wagtail's
        create_alias copies no restriction: the alias gets its own all the
        same, so that lifting the calendar's leaves the page's."""
        from wagtail_localize.models import LocaleSynchronization
        from wagtail_localize.synctree import synchronize_tree

        site = self.site
        PageViewRestriction.objects.create(
            page=site.event_index, restriction_type=PageViewRestriction.LOGIN
        )
        # Mirrored (by hand, on the code before the mirroring).
        PageViewRestriction.objects.get_or_create(
            page=self.ru_index, defaults={"restriction_type": PageViewRestriction.LOGIN}
        )
        event = EventPageFactory(parent=site.event_index, title="Teamsitzung")
        PageViewRestriction.objects.create(
            page=event, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
        )
        LocaleSynchronization.objects.create(locale=site.ru, sync_from=site.de)
        synchronize_tree(site.de, site.ru)

        alias = Page.objects.get(alias_of=event, locale=site.ru)
        restriction = PageViewRestriction.objects.get(page=alias)
        self.assertEqual(
            (restriction.restriction_type, restriction.password), ("password", "geheim")
        )
        PageViewRestriction.objects.get(page=site.event_index).delete()
        self.assertFalse(PageViewRestriction.objects.filter(page=self.ru_index).exists())
        self.assertFalse(Page.objects.filter(pk=alias.pk).public().exists())

    def test_deleting_the_german_page_leaves_the_russian_restricted(self):
        event = EventPageFactory(parent=self.site.event_index, title="Teamsitzung")
        translate_object(event, self.site.ru, russian)
        ru_event = event.get_translation(self.site.ru)
        PageViewRestriction.objects.create(
            page=event, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
        )
        event.delete()
        self.assertTrue(Page.objects.filter(pk=ru_event.pk).exists())
        self.assertFalse(Page.objects.filter(pk=ru_event.pk).public().exists())

    def test_the_russian_restriction_lifted_alone_is_put_back(self):
        """Not through the admin (its dialog refuses), but in the shell or by
        code: the Russian page follows its German source all the same."""
        PageViewRestriction.objects.create(
            page=self.site.event_index, restriction_type=PageViewRestriction.PASSWORD, password="a"
        )
        with self.assertLogs("site_core.restrictions", "WARNING"):
            PageViewRestriction.objects.get(page=self.ru_index).delete()
        restriction = PageViewRestriction.objects.get(page=self.ru_index)
        restriction.password = "b"
        restriction.save()
        self.assertEqual(PageViewRestriction.objects.get(page=self.ru_index).password, "a")
