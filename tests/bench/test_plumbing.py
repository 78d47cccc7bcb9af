"""The bench's own plumbing (bench/): how it finds the addresses it measures,
judges answers during publishing under load and words a target. No database,
no server: the bench itself is not part of the tests."""

from bench import targets
from bench.publish_load import Verdicts, classify, counters
from bench.views import date_page, day_list

MONTH_HTML = """
<li><a href="/de/veranstaltungen/x/2027-03-02/">10:00</a></li>
<li class="month__more"><a href="/de/veranstaltungen/?ab=2027-03-02&amp;agentur=oh">und 7 weitere
Termine</a></li>
"""


def test_the_day_list_is_the_month_views_link_to_a_full_day():
    assert (
        day_list("/de/veranstaltungen/", MONTH_HTML)
        == "/de/veranstaltungen/?ab=2027-03-02&agentur=oh"
    )


def test_without_a_full_day_the_day_list_is_the_list_from_a_day():
    assert day_list("/de/veranstaltungen/", "<p>nichts</p>").startswith("/de/veranstaltungen/?ab=")


def test_the_date_page_is_the_event_pages_first_date_link():
    html = (
        '<a href="/de/veranstaltungen/cafe/">x</a><a href="/de/veranstaltungen/cafe/2027-03-09/">'
    )
    assert date_page("/de/veranstaltungen/cafe/", html) == "/de/veranstaltungen/cafe/2027-03-09/"


def test_an_answer_is_judged_against_the_publishes_finished_before_it_was_sent():
    published = [(10.0, 1), (20.0, 2), (30.0, 3)]
    answers = [
        (5.0, 6.0, counters(b"Lasttest 0"), "/list/"),  # before any publish: current
        (21.0, 22.0, counters(b"SUMMARY:Lasttest 2"), "/feed.ics"),  # current
        (21.0, 22.0, counters(b"Lasttest 1"), "/list/"),  # one behind
        # Two versions in one answer: the older counts.
        (31.0, 32.0, counters(b"Lasttest 1 ... Lasttest 3"), "/feed.ics"),
        (31.0, 32.0, counters(b"no title"), "/list/"),
    ]
    verdicts = Verdicts()
    classify(answers, published, verdicts)
    assert (verdicts.current, verdicts.one_behind, verdicts.older) == (2, 1, 1)
    assert (verdicts.without_title, verdicts.mixed) == (1, 1)
    assert verdicts.older_by_path == {"/feed.ics": 1} and verdicts.most_behind == 2


def test_a_target_says_met_or_by_how_much_it_is_missed():
    assert targets.at_most("feed", 2.5, 3).startswith("TARGET met")
    missed = targets.at_most("feed", 4.5, 3)
    assert (
        missed.startswith("TARGET MISSED")
        and "over by x1.50" in missed
        and "50% too slow" in missed
    )
    assert "short by 20.0%" in targets.at_least("share", 0.3, 0.5)
    assert targets.zero("errors", 2).startswith("TARGET MISSED")
