"""Which dates an event skips when its editors ask it to.

German public holidays in NRW come from ``holidays`` (maintained, covers
every German state); Shabbat and the Jewish festivals from ``pyluach``
(the Hebrew calendar, with the diaspora's two-day festivals); sunset from
``astral``, because a Jewish day begins at sunset the evening before.
"""

import datetime as dt
from functools import lru_cache

import holidays
from astral import LocationInfo
from astral.sun import sunset
from pyluach import dates as hebrew_dates

from django.conf import settings
from django.utils.translation import gettext_lazy as _

# The agencies are in Oberhausen and Mülheim an der Ruhr, 10 km apart: one
# sunset serves both. Its time is in the site's time zone, as events' times are.
OBERHAUSEN = LocationInfo("Oberhausen", "Germany", settings.TIME_ZONE, 51.47, 6.85)

PUBLIC_HOLIDAY_NAMES = {
    "New Year's Day": _("Neujahr"),
    "Good Friday": _("Karfreitag"),
    "Easter Monday": _("Ostermontag"),
    "Labor Day": _("Tag der Arbeit"),
    "Ascension Day": _("Christi Himmelfahrt"),
    "Pentecost Monday": _("Pfingstmontag"),
    "Corpus Christi": _("Fronleichnam"),
    "German Unity Day": _("Tag der Deutschen Einheit"),
    "All Saints' Day": _("Allerheiligen"),
    "Christmas Day": _("1. Weihnachtstag"),
    "Second Day of Christmas": _("2. Weihnachtstag"),
}

JEWISH_HOLIDAY_NAMES = {
    "Shabbos": _("Schabbat"),
    "Rosh Hashana": _("Rosch Haschana"),
    "Yom Kippur": _("Jom Kippur"),
    "Succos": _("Sukkot"),
    "Shmini Atzeres": _("Schemini Azeret"),
    "Simchas Torah": _("Simchat Tora"),
    "Pesach": _("Pessach"),
    "Shavuos": _("Schawuot"),
}


@lru_cache(maxsize=64)
def _public_holidays(year):
    return holidays.Germany(subdiv="NW", years=year, language="en_US")


def public_holiday(date):
    """The NRW public holiday on ``date``, in the active language, or None."""
    name = _public_holidays(date.year).get(date)
    if name is None:
        return None
    return PUBLIC_HOLIDAY_NAMES.get(name, name)


@lru_cache(maxsize=2048)
def _sunset(date):
    return sunset(OBERHAUSEN.observer, date=date, tzinfo=OBERHAUSEN.timezone).time()


@lru_cache(maxsize=2048)
def _jewish_day(date):
    """Shabbat or a festival on which work is forbidden (diaspora), by its
    civil date (the daytime part of the Jewish day)."""
    festival = (
        hebrew_dates.GregorianDate.from_pydate(date)
        .to_heb()
        .festival(israel=False, include_working_days=False)
    )
    if festival:
        return JEWISH_HOLIDAY_NAMES.get(festival, festival)
    if date.weekday() == 5:
        return JEWISH_HOLIDAY_NAMES["Shabbos"]
    return None


def jewish_holiday(date, start_time=None):
    """The Shabbat or Jewish festival an event on ``date`` at ``start_time``
    falls on, or None. An event that starts at or after sunset belongs to the
    next Jewish day; an all-day event (no time) to the day itself."""
    if start_time is not None and start_time >= _sunset(date):
        evening = _jewish_day(date + dt.timedelta(days=1))
        if evening:
            return evening
    return _jewish_day(date)


def hebrew_date(date):
    """The Hebrew date in Hebrew letters, e.g. ``כ״ז ניסן תשפ״ו``."""
    return hebrew_dates.GregorianDate.from_pydate(date).to_heb().hebrew_date_string()
