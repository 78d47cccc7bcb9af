"""``{% calendar_lines occurrences %}``: the dates of a day of the calendar's
list and archive, as ``events/includes/occurrence.html`` shows them with
``heading="h4"``, in one tag. Included once per date, with a tag for each
part, the ~20 dates of a list page cost more than its queries and as much
as a whole plain page; the event is a page or a ``ListedEvent`` (title and
address, read with the stored rows). tests/events/test_calendar_lines.py
holds the two to the same HTML."""

from html import escape

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from events.views.calendar_lines import day_label, line_addresses

register = template.Library()


def when(occurrence):
    """What ``{% occurrence_when occurrence %}`` gives, with each day's
    label worked out once per process (``day_label``): Django's date
    formatter was most of a line's cost."""
    start = timezone.localtime(occurrence.start)
    moment = f"{start:%Y-%m-%d}" if occurrence.all_day else start.isoformat()
    html = f'<time datetime="{moment}">{escape(day_label(start.date()))}</time>'
    if occurrence.is_multi_day:
        last = occurrence.end_date
        html += f' – <time datetime="{last:%Y-%m-%d}">{escape(day_label(last))}</time>'
    if occurrence.all_day:
        return html + f' <span class="occurrence__all-day">({escape(gettext("ganztägig"))})</span>'
    if occurrence.end:
        hours = gettext("%(start)s–%(end)s Uhr") % {
            "start": f"{start:%H:%M}",
            "end": f"{timezone.localtime(occurrence.end):%H:%M}",
        }
    else:
        hours = gettext("%(start)s Uhr") % {"start": f"{start:%H:%M}"}
    return f"{html}, {escape(hours)}"


def calendar_line(occurrence, urls):
    """The ``<li>`` of ``occurrence``: what occurrence.html gives for a
    listed date (the title a heading h4, the place always named)."""
    badge = ""
    if occurrence.is_cancelled or occurrence.is_moved:
        badge = f' <span class="badge">{escape(str(occurrence.status_label))}</span>'
    event = occurrence.event
    date_url = urls.date_url(event, occurrence.original_date)
    parts = [
        f'<li class="occurrence status-{escape(occurrence.status)}">',
        f'<p class="occurrence__when"><a href="{escape(date_url)}">'
        f"{when(occurrence)}\n</a>{badge}</p>",
        f'<h4 class="occurrence__title"><a href="{escape(urls.event_url(event))}">'
        f"{escape(event.title)}</a></h4>",
    ]
    if occurrence.is_moved:
        text = gettext("Ursprünglich am %(date)s") % {
            "date": day_label(occurrence.original_date, "weekday")
        }
        parts.append(f"<p>{escape(text)}</p>")
    if occurrence.reason:
        parts.append(f'<p class="occurrence__reason">{escape(occurrence.reason)}</p>')
    if occurrence.note:
        note = f"{gettext('Hinweis')}: {occurrence.note}"
        parts.append(f'<p class="occurrence__note">{escape(note)}</p>')
    if occurrence.location:
        parts.append(f'<p class="occurrence__where">{escape(occurrence.location.name)}</p>')
    parts.append("</li>")
    return "\n".join(parts)


@register.simple_tag(takes_context=True)
def calendar_lines(context, occurrences):
    urls = line_addresses(context.get("request"))
    return mark_safe("\n".join(calendar_line(occurrence, urls) for occurrence in occurrences))
