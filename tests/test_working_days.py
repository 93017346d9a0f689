"""Counting working days between two dates is arithmetic (whole weeks, then the holidays and the
weekend days worked in the range); it must count what looking at each day counts, on real
countries' calendars and made-up ones (odd weekends, weekend days worked, holidays on weekends and
on worked weekend days)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings

from bot.core.calendar import WorkCalendar
from bot.holiday_calendar import calendar_for
from tests.test_notice_speed_equivalence import AROUND, calendars, days


def counted_one_by_one(calendar: WorkCalendar, start: date, end: date) -> int:
    if end < start:
        return -counted_one_by_one(calendar, end, start)
    return sum(calendar.is_working_day(start + timedelta(days=n)) for n in range(1, (end - start).days + 1))


@settings(max_examples=600, deadline=None)
@given(calendar=calendars, start=days, end=days)
def test_working_days_between_counts_what_each_day_counts(
    calendar: WorkCalendar, start: date, end: date
) -> None:
    assert calendar.working_days_between(start, end) == counted_one_by_one(calendar, start, end)


def test_a_long_holiday_inside_whole_weeks_is_not_counted() -> None:
    # Russia's New Year holiday sits inside the four whole weeks counted at once: 20 weekdays,
    # less the 7 holidays among them (31 December, 1 January, 4-8 January).
    russia = calendar_for("RU", AROUND)
    saturday = date(2026, 12, 26)
    assert russia.working_days_between(saturday, saturday + timedelta(weeks=4)) == 13
    assert counted_one_by_one(russia, saturday, saturday + timedelta(weeks=4)) == 13
