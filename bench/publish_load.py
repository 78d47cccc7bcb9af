"""Publishing under load (issue 19): the calendar list and the main feed
under load while a moderator publishes an event every few seconds.

The event "Lasttest <n>" (a daily series, so it leads the list and is in
the feed) is published again and again with the next n by a child process
with the server's settings, database and cache, as the admin would
(bench.editing). Meanwhile threads with keep-alive connections
(bench.load.python_load: every answer is read, which wrk cannot report)
fetch the list and the feed. Each answer is checked against the publish
log: the n it shows (the smallest, if it shows several) against the last
n whose publish had finished when the request was sent. Current: the same
or later; one behind: the previous one (the stale-while-revalidate copy a
render in progress may still serve); anything older is a failure, and so
is an answer without the title.
"""

import collections
import dataclasses
import datetime as dt
import json
import re
import subprocess
import sys
import threading
import time

from bench.editing import moderator, publish_title
from bench.load import python_load
from bench.processes import REPO_ROOT, log

SLUG = "lasttest"
TITLE = "Lasttest {}"
COUNTER = re.compile(rb"Lasttest (\d+)")


def create_event(index):
    """The event the loop publishes: daily from a week ago to a month ahead
    (the editors' checks refuse a rule with too many dates), early in the
    morning, without holiday rules, so that its dates lead the list."""
    from recurrence import deserialize

    from django.utils import timezone

    from events.factories import EventPageFactory

    today = timezone.localdate()
    until = today + dt.timedelta(days=30)
    EventPageFactory(
        parent=index,
        slug=SLUG,
        title=TITLE.format(0),
        start_date=today - dt.timedelta(days=7),
        start_time=dt.time(0, 5),
        end_time=dt.time(0, 10),
        recurrence=deserialize(f"RRULE:FREQ=DAILY;UNTIL={until:%Y%m%d}T215959Z"),
    )


def publish_loop(every, duration):
    """Runs in a child process (``python -c``): publish the next title every
    ``every`` seconds; one JSON line per publish, with time.monotonic()
    times (one clock for every process on the machine)."""
    import django

    django.setup()
    from events.models import EventPage

    user = moderator()
    page = EventPage.objects.get(slug=SLUG, locale__language_code="de")
    deadline = time.monotonic() + duration
    n = 0
    while time.monotonic() + every < deadline:
        time.sleep(every)
        n += 1
        began = time.monotonic()
        try:
            publish_title(page, TITLE.format(n), user)
        except Exception as error:  # noqa: BLE001 - counted and shown, the loop goes on
            print(json.dumps({"n": n, "error": repr(error)}), flush=True)
            continue
        print(json.dumps({"n": n, "began": began, "done": time.monotonic()}), flush=True)


@dataclasses.dataclass
class Verdicts:
    requests: int = 0
    errors: int = 0
    non_2xx_3xx: int = 0
    current: int = 0
    one_behind: int = 0
    older: int = 0
    without_title: int = 0
    mixed: int = 0  # several n in one answer
    publishes: int = 0
    publish_errors: tuple = ()
    publish_seconds: float = 0.0
    older_by_path: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    most_behind: int = 0


def counters(body):
    """The smallest and largest n of the event shown in ``body``, or None."""
    found = [int(n) for n in COUNTER.findall(body)]
    return (min(found), max(found)) if found else None


def classify(answers, published, verdicts):
    """``answers``: (started, finished, counters, path); ``published``:
    [(done, n)]."""
    published.sort()
    for started, _finished, shown, path in answers:
        if shown is None:
            verdicts.without_title += 1
            continue
        seen, highest = shown
        verdicts.mixed += seen != highest
        latest = max((n for done, n in published if done <= started), default=0)
        if seen >= latest:
            verdicts.current += 1
        elif seen == latest - 1:
            verdicts.one_behind += 1
        else:
            verdicts.older += 1
            verdicts.older_by_path[path] += 1
        verdicts.most_behind = max(verdicts.most_behind, latest - seen)


def run(base, paths, env, *, duration, every, connections, fetch):
    """Load ``paths`` (list and feed) for ``duration`` seconds while a
    child publishes every ``every`` seconds."""
    urls = [base + path for path in paths]
    for url in urls:
        if counters(fetch(url)) is None:
            sys.exit(f"{url} does not show {TITLE.format(0)!r}: the check could not see publishes")
    code = f"from bench.publish_load import publish_loop; publish_loop({every}, {duration})"
    publisher = subprocess.Popen(
        [sys.executable, "-c", code], cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    answers, lock = [], threading.Lock()

    def record(url, started, finished, status, body):
        shown = counters(body) if 200 <= status < 300 else ()
        with lock:
            answers.append((started, finished, shown, url[len(base) :]))

    log(f"Publish under load: {duration} s, {connections} connections, a publish every {every} s …")
    load = python_load(urls, duration, connections, on_response=record)
    output, _ = publisher.communicate(timeout=120)
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    done = [line for line in lines if "done" in line]
    verdicts = Verdicts(
        requests=load.requests,
        errors=load.errors,
        non_2xx_3xx=load.non_2xx_3xx,
        publishes=len(done),
        publish_errors=tuple(line["error"] for line in lines if "error" in line),
        publish_seconds=max((line["done"] - line["began"] for line in done), default=0.0),
    )
    # Answers that were not 2xx carry () and are already counted as such.
    classify(
        [a for a in answers if a[2] != ()],
        [(line["done"], line["n"]) for line in done],
        verdicts,
    )
    return load, verdicts
