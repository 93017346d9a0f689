"""The working calendar for a country, from the `holidays` package."""

from __future__ import annotations

from datetime import date
from functools import cache

import holidays

from bot.core.calendar import WorkCalendar

YEARS_BEHIND = 1
YEARS_AHEAD = 3


@cache
def _calendar(country: str | None, year: int) -> WorkCalendar:
    if not country:
        return WorkCalendar()
    years = range(year - YEARS_BEHIND, year + YEARS_AHEAD + 1)
    return WorkCalendar.with_holidays(holidays.country_holidays(country, years=years).keys())


def calendar_for(country: str | None, today: date) -> WorkCalendar:
    return _calendar(country, today.year)
