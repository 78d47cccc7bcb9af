"""Whatever a visitor or a bot types into the site search, the search
answers with a page in the visitor's language, never a 500.

Runs on the suite's database: SQLite here, PostgreSQL when the suite runs
with DATABASE_URL pointing at it (CI runs it both ways). PostgreSQL refuses
NUL in a string; SQLite's full-text index refuses an unbalanced quote.
"""

import pytest

from django.db import connection, transaction

from tests.utils import build_site, translate_site

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """One site for the whole module, rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        site = build_site()
        translate_site(site)
        yield site
        transaction.set_rollback(True)


# (search path, query string, what the results page says)
HOSTILE_QUERIES = [
    # Control characters are left out: a NUL inside a word keeps the word.
    ("/de/suche/", "q=a%00b", "für „ab“"),
    ("/de/suche/", "q=Caf%C3%A9%00", "für „Café“"),
    ("/ru/poisk/", "q=%00", "Введите слово, например"),
    ("/de/suche/", "q=%00%01%1F%7F%C2%9F", "Geben Sie ein Wort ein"),
    # Quotation marks, unbalanced or alone, and FTS5's operators are words
    # to look for, not syntax.
    ("/de/suche/", "q=Caf%C3%A9%20%22", "für „Café &quot;“"),
    ("/ru/poisk/", "q=%22", "По запросу «&quot;» найдено"),
    ("/de/suche/", "q=%22Caf%C3%A9", "für „&quot;Café“"),
    (
        "/de/suche/",
        "q=Caf%C3%A9%20AND%20%28OR%20NOT%20NEAR%2A%5E%3A",
        "für „Café AND (OR NOT NEAR*^:“",
    ),
    # Invisible formatting characters (a left-to-right mark) and Word's
    # manual line break (a vertical tab) pasted into the field.
    ("/de/suche/", "q=a%E2%80%8Eb%0Bc", "für „ab c“"),
    ("/ru/poisk/", "q=%D0%BA%D0%B0%D1%84%D0%B5%00%27%3B--", "По запросу «кафе&#x27;;--»"),
]


@pytest.mark.parametrize(("path", "query", "shown"), HOSTILE_QUERIES)
def test_search_answers_control_characters_and_quotes(client, site, path, query, shown):
    response = client.get(f"{path}?{query}")
    assert response.status_code == 200, connection.vendor
    assert shown in response.content.decode()


def titles(response):
    assert response.status_code == 200
    return [page.title for page in response.context["results"]]


def test_search_still_finds_the_word_around_a_control_character(client, site):
    assert titles(client.get("/de/suche/?q=Nachbarschafts%00caf%C3%A9")) == ["Nachbarschaftscafé"]
    assert titles(client.get("/de/suche/?q=Nachbarschaftscaf%C3%A9%00")) == ["Nachbarschaftscafé"]
    assert titles(client.get("/ru/poisk/?q=%00Nachbarschaftscaf%C3%A9%7F")) == [
        "Nachbarschaftscafé (по-русски)"
    ]
