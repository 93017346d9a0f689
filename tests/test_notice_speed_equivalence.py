"""`earliest_effective` counts the notice forward from today in one step; it must give exactly
what the search it replaced gave (trying each date from today until its notice deadline is today
or later), over real countries' calendars, made-up ones, every notice unit, and odd amounts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.answers import NoticeUnit
from bot.core.calendar import WorkCalendar
from bot.core.notice import Notice, earliest_effective, notice_deadline
from bot.holiday_calendar import calendar_for

SEARCH_DAYS = 800
AROUND = date(2026, 12, 1)
REAL = [
    WorkCalendar(),
    calendar_for("GB", AROUND, "ENG"),
    calendar_for("DE", AROUND, "BY"),
    calendar_for("IL", AROUND),  # a Friday-Saturday weekend
    calendar_for("CN", AROUND),  # weekend days worked around its holidays
    calendar_for("RU", AROUND),
]


def searched(notice: Notice, today: date, calendar: WorkCalendar) -> date:
    """The search `earliest_effective` used to be, kept as the reference."""
    day = today
    for _ in range(SEARCH_DAYS):
        if notice_deadline(day, notice, calendar) >= today:
            return day
        day += timedelta(days=1)
    return day


days = st.dates(min_value=date(2024, 1, 1), max_value=date(2031, 12, 31))
made_up = st.builds(
    WorkCalendar,
    holidays=st.frozensets(days, max_size=120),
    weekend=st.frozensets(st.integers(0, 6), max_size=3),
    workdays=st.frozensets(days, max_size=20),
)
calendars = st.one_of(st.sampled_from(REAL), made_up)
# Working days are the costly unit for the reference search: kept to realistic amounts.
notices = st.one_of(
    st.builds(Notice, st.integers(-3, 70), st.just(NoticeUnit.WORKING_DAYS)),
    st.builds(Notice, st.integers(-10, 400), st.just(NoticeUnit.CALENDAR_DAYS)),
    st.builds(Notice, st.integers(-3, 60), st.just(NoticeUnit.WEEKS)),
    st.builds(Notice, st.integers(-3, 30), st.just(NoticeUnit.MONTHS)),  # past 26 months: the horizon
)


@settings(max_examples=600, deadline=None)
@given(notice=notices, today=days, calendar=calendars)
def test_the_direct_count_gives_what_the_search_gave(
    notice: Notice, today: date, calendar: WorkCalendar
) -> None:
    assert earliest_effective(notice, today, calendar) == searched(notice, today, calendar)


@pytest.mark.parametrize("calendar", REAL, ids=["plain", "GB-ENG", "DE-BY", "IL", "CN", "RU"])
@pytest.mark.parametrize(
    "notice",
    [
        Notice(1, NoticeUnit.MONTHS),
        Notice(3, NoticeUnit.MONTHS),
        Notice(20, NoticeUnit.WORKING_DAYS),
        Notice(0, NoticeUnit.WORKING_DAYS),
        Notice(0, NoticeUnit.CALENDAR_DAYS),
        Notice(4, NoticeUnit.WEEKS),
    ],
    ids=str,
)
def test_every_day_of_two_years(notice: Notice, calendar: WorkCalendar) -> None:
    """Each day as today, so every month end, leap day, weekend and holiday is a starting point."""
    for offset in range(731):
        today = date(2027, 1, 1) + timedelta(days=offset)
        assert earliest_effective(notice, today, calendar) == searched(notice, today, calendar), today


@pytest.mark.parametrize(
    ("notice", "today", "expected"),
    [
        # 31 Jan + 1 month: February has no 31st, so the 1st of March (28 Feb's deadline is 28 Jan).
        (Notice(1, NoticeUnit.MONTHS), date(2029, 1, 31), date(2029, 3, 1)),
        (Notice(1, NoticeUnit.MONTHS), date(2028, 1, 31), date(2028, 3, 1)),  # a leap year: still the 1st
        (Notice(1, NoticeUnit.MONTHS), date(2024, 1, 29), date(2024, 2, 29)),  # a Monday: the leap day
        # Told on a Saturday: counted from Monday.
        (Notice(5, NoticeUnit.WORKING_DAYS), date(2027, 3, 6), date(2027, 3, 15)),
        (Notice(7, NoticeUnit.CALENDAR_DAYS), date(2027, 3, 6), date(2027, 3, 15)),
        # Beyond the horizon: the horizon.
        (Notice(600, NoticeUnit.WORKING_DAYS), date(2027, 3, 1), date(2027, 3, 1) + timedelta(days=800)),
        (Notice(40, NoticeUnit.MONTHS), date(2027, 3, 1), date(2027, 3, 1) + timedelta(days=800)),
    ],
)
def test_month_ends_weekends_and_the_horizon(notice: Notice, today: date, expected: date) -> None:
    plain = WorkCalendar()
    assert earliest_effective(notice, today, plain) == expected
    assert searched(notice, today, plain) == expected
