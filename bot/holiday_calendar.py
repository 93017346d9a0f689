"""The working calendar of a country (or one of its subdivisions), from the `holidays` package:
its own weekend (Friday and Saturday in IL or SA), its public holidays, its weekend workdays; and
its holiday season, from HOLIDAY_SEASONS below."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import holidays

from bot.core.calendar import WorkCalendar

YEARS_BEHIND = 1
YEARS_AHEAD = 5

# The weeks a country calls its holiday season, when offices are thin and nobody wants hard news
# or a deadline: (first month, day), (last month, day), inclusive; a season may run into the next
# year. The only place these dates live; a country not listed has no season. Sources: the usual
# office closures between Christmas and New Year in these countries.
HOLIDAY_SEASONS: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {
    "GB": ((12, 24), (1, 1)),
    "IE": ((12, 24), (1, 1)),
    "DE": ((12, 24), (1, 1)),
    "AT": ((12, 24), (1, 6)),
    "NL": ((12, 24), (1, 1)),
    "BE": ((12, 24), (1, 1)),
}


def season_days(country: str, years: range) -> frozenset[date]:
    found = HOLIDAY_SEASONS.get(country.upper())
    if found is None:
        return frozenset()
    (first_month, first_day), (last_month, last_day) = found
    days: set[date] = set()
    for year in years:
        start = date(year, first_month, first_day)
        end_year = year + 1 if (last_month, last_day) < (first_month, first_day) else year
        end = date(end_year, last_month, last_day)
        days.update(start + timedelta(days=n) for n in range((end - start).days + 1))
    return frozenset(days)


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
        season=season_days(country, range(years.start - 1, years.stop)),
    )


def calendar_for(country: str | None, today: date, subdivision: str | None = None) -> WorkCalendar:
    return _calendar(country, subdivision, today.year)
