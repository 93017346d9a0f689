"""The working calendar of a country (or one of its subdivisions), from the `holidays` package:
its own weekend (Friday and Saturday in IL or SA), its public holidays, its weekend workdays."""

from __future__ import annotations

from datetime import date
from functools import cache

import holidays

from bot.core.calendar import WorkCalendar

YEARS_BEHIND = 1
YEARS_AHEAD = 5


@cache
def _calendar(country: str | None, subdivision: str | None, year: int) -> WorkCalendar:
    if not country:
        return WorkCalendar()
    years = range(year - YEARS_BEHIND, year + YEARS_AHEAD + 1)
    found = holidays.country_holidays(country, subdiv=subdivision, years=years)
    return WorkCalendar(
        holidays=frozenset(found.keys()),
        names=dict(found.items()),
        weekend=frozenset(found.weekend),
        workdays=frozenset(getattr(found, "weekend_workdays", ()) or ()),
    )


def calendar_for(country: str | None, today: date, subdivision: str | None = None) -> WorkCalendar:
    return _calendar(country, subdivision, today.year)
