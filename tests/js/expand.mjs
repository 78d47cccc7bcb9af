// Expand an iCalendar feed with Mozilla's ical.js (the engine of Thunderbird
// and Nextcloud), for tests/feeds: the site's own dates are compared with
// what a real client makes of the feed.
//
//   node tests/icaljs/expand.mjs START END < feed.ics
//
// START and END are ISO 8601 instants with an offset (2026-11-25T00:00:00+01:00)
// or dates. One JSON object a line is printed for each occurrence whose start
// lies in [START, END): {uid, recurrence_id, start, end, all_day, status}.
// Timed values are UTC ("2027-03-30T16:00:00Z"), all-day ones dates
// ("2027-01-16", compared with the dates of START and END as written); end is
// null when the event has neither DTEND nor DURATION. Cancelled occurrences
// (STATUS:CANCELLED) are printed too, with their status: the caller decides.
//
// Time zones come from the feed's own VTIMEZONEs only: the TimezoneService is
// reset (it then knows nothing but UTC), the feed's zones are registered, and
// a TZID the feed does not define is an error, never a silent floating time.

import ICAL from "ical.js";

function fail(message) {
  process.stderr.write(`expand.mjs: ${message}\n`);
  process.exit(2);
}

const [startArg, endArg] = process.argv.slice(2);
if (!startArg || !endArg) {
  fail("usage: node expand.mjs START END < feed.ics");
}
const windowStart = Date.parse(startArg);
const windowEnd = Date.parse(endArg);
if (Number.isNaN(windowStart) || Number.isNaN(windowEnd)) {
  fail(`not an ISO 8601 instant or date: ${startArg} ${endArg}`);
}
const windowStartDate = startArg.slice(0, 10);
const windowEndDate = endArg.slice(0, 10);

const chunks = [];
for await (const chunk of process.stdin) {
  chunks.push(chunk);
}
const text = Buffer.concat(chunks).toString("utf8");

let root;
try {
  root = new ICAL.Component(ICAL.parse(text));
} catch (error) {
  fail(`parse error: ${error.message}`);
}
if (root.name !== "vcalendar") {
  fail(`not a VCALENDAR but ${root.name}`);
}

ICAL.TimezoneService.reset();
const feedZones = new Set();
for (const vtimezone of root.getAllSubcomponents("vtimezone")) {
  const zone = new ICAL.Timezone(vtimezone);
  ICAL.TimezoneService.register(zone);
  feedZones.add(zone.tzid);
}

const TIME_PROPERTIES = ["dtstart", "dtend", "due", "recurrence-id", "exdate", "rdate"];

// Every TZID must be one of the feed's VTIMEZONEs and resolve to it.
function checkZones(vevent) {
  for (const name of TIME_PROPERTIES) {
    for (const prop of vevent.getAllProperties(name)) {
      const tzid = prop.getParameter("tzid");
      for (const value of prop.getValues()) {
        const time = value instanceof ICAL.Period ? value.start : value;
        if (!(time instanceof ICAL.Time) || time.isDate) {
          continue;
        }
        if (tzid === undefined || tzid === null) {
          if (time.zone !== ICAL.Timezone.utcTimezone) {
            fail(`floating ${name.toUpperCase()} ${time} in ${vevent.getFirstPropertyValue("uid")}`);
          }
          continue;
        }
        if (!feedZones.has(tzid)) {
          fail(`TZID=${tzid} has no VTIMEZONE in the feed`);
        }
        if (!time.zone || time.zone.tzid !== tzid || time.zone === ICAL.Timezone.localTimezone) {
          fail(`TZID=${tzid} of ${name.toUpperCase()} did not resolve to the feed's VTIMEZONE`);
        }
      }
    }
  }
}

function utc(time) {
  return new Date(time.toUnixTime() * 1000).toISOString().replace(".000Z", "Z");
}

function format(time) {
  return time.isDate ? time.toString() : utc(time);
}

function inWindow(time) {
  if (time.isDate) {
    const day = time.toString();
    return windowStartDate <= day && day < windowEndDate;
  }
  const instant = time.toUnixTime() * 1000;
  return windowStart <= instant && instant < windowEnd;
}

// Masters and overrides (RECURRENCE-ID) by UID.
const series = new Map();
for (const vevent of root.getAllSubcomponents("vevent")) {
  checkZones(vevent);
  const uid = vevent.getFirstPropertyValue("uid");
  if (!uid) {
    fail("a VEVENT without UID");
  }
  if (!series.has(uid)) {
    series.set(uid, { masters: [], exceptions: [] });
  }
  const entry = series.get(uid);
  (vevent.hasProperty("recurrence-id") ? entry.exceptions : entry.masters).push(vevent);
}

const MAX_ITERATIONS = 100000;
const lines = [];

for (const [uid, { masters, exceptions }] of series) {
  if (masters.length !== 1) {
    fail(`${masters.length} master VEVENTs for UID ${uid}`);
  }
  const event = new ICAL.Event(masters[0], { exceptions, strictExceptions: true });
  const emit = (details) => {
    if (!inWindow(details.startDate)) {
      return;
    }
    const item = details.item.component;
    const hasEnd = item.hasProperty("dtend") || item.hasProperty("duration");
    lines.push({
      uid,
      recurrence_id: event.isRecurring() ? format(details.recurrenceId) : null,
      start: format(details.startDate),
      end: hasEnd ? format(details.endDate) : null,
      all_day: details.startDate.isDate,
      status: item.getFirstPropertyValue("status") || null,
    });
  };

  if (!event.isRecurring()) {
    emit({ startDate: event.startDate, endDate: event.endDate, item: event });
    continue;
  }

  // Expand until past the window and past the last overridden date, since
  // an override may move a date from after the window into it.
  let until = ICAL.Time.fromJSDate(new Date(windowEnd), true);
  for (const exception of exceptions) {
    const id = ICAL.Time.fromJSDate(new Date(exception.getFirstPropertyValue("recurrence-id").toUnixTime() * 1000), true);
    if (id.compare(until) > 0) {
      until = id;
    }
  }
  const iterator = event.iterator();
  let next;
  let count = 0;
  while ((next = iterator.next())) {
    if (++count > MAX_ITERATIONS) {
      fail(`more than ${MAX_ITERATIONS} occurrences of ${uid}`);
    }
    if (next.compare(until) > 0) {
      break;
    }
    emit(event.getOccurrenceDetails(next));
  }
}

for (const line of lines) {
  process.stdout.write(JSON.stringify(line) + "\n");
}
