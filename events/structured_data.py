"""schema.org Event data for search engines and voice assistants, built from
the same occurrences the event page lists, so the two cannot disagree."""

from .choices import EventLanguage
from .schedule import Status

EVENT_STATUS = {
    Status.SCHEDULED: "https://schema.org/EventScheduled",
    Status.MOVED: "https://schema.org/EventRescheduled",
    Status.CANCELLED: "https://schema.org/EventCancelled",
    Status.SKIPPED_HOLIDAY: "https://schema.org/EventCancelled",
}

IN_LANGUAGE = {
    EventLanguage.GERMAN: ["de"],
    EventLanguage.RUSSIAN: ["ru"],
    EventLanguage.BOTH: ["de", "ru"],
}


def place(location):
    address = {"@type": "PostalAddress", "addressCountry": "DE"}
    for key, value in [
        ("streetAddress", location.street),
        ("postalCode", location.postcode),
        ("addressLocality", location.city),
    ]:
        if value:
            address[key] = value
    data = {"@type": "Place", "name": location.name, "address": address}
    if location.latitude is not None and location.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(location.latitude),
            "longitude": float(location.longitude),
        }
    return data


def organizer(page, request):
    agency = page.localized_agency
    if agency is None:
        return None
    return {"@type": "Organization", "name": agency.title, "url": agency.get_full_url(request)}


def _series_data(page, request):
    """What every date of the series says the same."""
    common = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": page.title,
        "url": page.get_full_url(request),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "inLanguage": IN_LANGUAGE.get(page.event_language, ["de"]),
        "isAccessibleForFree": not page.cost,
    }
    description = page.search_description or page.introduction
    if description:
        common["description"] = description
    if (data := organizer(page, request)) is not None:
        common["organizer"] = data
    return common


def _date_data(common, occurrence):
    item = dict(common, eventStatus=EVENT_STATUS[occurrence.status])
    if occurrence.all_day:
        item["startDate"] = occurrence.start_date.isoformat()
        item["endDate"] = occurrence.end_date.isoformat()
    else:
        item["startDate"] = occurrence.start.isoformat()
        if occurrence.end is not None:
            item["endDate"] = occurrence.end.isoformat()
    if occurrence.is_moved:
        item["previousStartDate"] = occurrence.original_date.isoformat()
    if occurrence.location is not None:
        item["location"] = place(occurrence.location)
    return item


def event_structured_data(page, occurrences, request=None):
    """One schema.org Event per listed date: search engines expect a date of
    a series as an event of its own, each with its status."""
    common = _series_data(page, request)
    return [_date_data(common, occurrence) for occurrence in occurrences]


def date_structured_data(page, occurrence, url, request=None):
    """The schema.org Event of one date, on its own page (``url``)."""
    return _date_data(dict(_series_data(page, request), url=url), occurrence)
