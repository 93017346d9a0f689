"""The planning core without Slack or a database: working days, notify-by dates, recommendations."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from bot.core.answers import NoticeUnit, Tenure
from bot.core.calendar import WorkCalendar
from bot.core.notice import (
    Notice,
    NoticeReason,
    NoticeState,
    earliest_effective,
    notice_deadline,
    notice_status,
    recommend_notice,
)
from bot.holiday_calendar import calendar_for

PLAIN = WorkCalendar()


def notify_by(effective: date, days: int, calendar: WorkCalendar) -> date:
    return notice_deadline(effective, Notice(days, NoticeUnit.WORKING_DAYS), calendar)


@pytest.mark.parametrize(
    ("effective", "days", "expected"),
    [
        (date(2027, 3, 1), 1, date(2027, 2, 26)),  # Monday minus one working day is the Friday
        (date(2027, 3, 1), 5, date(2027, 2, 22)),  # a whole week back
        (date(2027, 3, 1), 0, date(2027, 3, 1)),  # no notice: the day itself
        (date(2027, 3, 6), 1, date(2027, 3, 4)),  # effective on a Saturday: Friday is the day of notice
        (date(2027, 3, 2), 2, date(2027, 2, 26)),  # across a month end, skipping the weekend
        (date(2028, 3, 1), 1, date(2028, 2, 29)),  # a leap day
        (date(2027, 1, 4), 3, date(2026, 12, 30)),  # across a year end
    ],
)
def test_notify_by_skips_weekends(effective: date, days: int, expected: date) -> None:
    assert notify_by(effective, days, PLAIN) == expected


def test_notify_by_skips_public_holidays_when_a_country_is_set() -> None:
    england = calendar_for("GB", date(2026, 12, 1))
    # 28 Dec 2026 (Boxing Day substitute) and 25 Dec are holidays in the UK.
    assert notify_by(date(2026, 12, 29), 1, PLAIN) == date(2026, 12, 28)
    assert notify_by(date(2026, 12, 29), 1, england) == date(2026, 12, 24)


def test_working_days_between_counts_after_start_up_to_end() -> None:
    assert PLAIN.working_days_between(date(2026, 12, 4), date(2026, 12, 7)) == 1  # Fri -> Mon
    assert PLAIN.working_days_between(date(2026, 12, 7), date(2026, 12, 4)) == -1
    assert PLAIN.working_days_between(date(2026, 12, 1), date(2026, 12, 1)) == 0


@pytest.mark.parametrize(
    ("deadline", "state", "left"),
    [
        (date(2026, 11, 30), NoticeState.PASSED, -1),
        (date(2026, 12, 1), NoticeState.TODAY, 0),
        (date(2026, 12, 4), NoticeState.TIGHT, 3),
        (date(2026, 12, 15), NoticeState.COMFORTABLE, 10),
    ],
)
def test_notice_status(deadline: date, state: NoticeState, left: int) -> None:
    status = notice_status(deadline, date(2026, 12, 1), PLAIN)
    assert (status.state, status.working_days_left) == (state, left)


def test_money_and_long_relationships_raise_the_recommended_notice() -> None:
    effective = date(2027, 6, 1)
    ten = Notice(10, NoticeUnit.WORKING_DAYS)
    service = recommend_notice(ten, effective, 10, False, Tenure.UNDER_ONE, PLAIN)
    price = recommend_notice(ten, effective, 20, True, Tenure.UNDER_ONE, PLAIN)
    price_long = recommend_notice(ten, effective, 20, True, Tenure.OVER_FIVE, PLAIN)
    assert service.recommended_working_days == 10 and not service.recommends_more
    assert price.recommended_working_days == 30
    assert price_long.recommended_working_days == 40
    assert set(price_long.reasons) == {NoticeReason.MINIMUM, NoticeReason.MONEY, NoticeReason.LONG}
    assert price_long.recommended_deadline < price.recommended_deadline < price.contract_deadline < effective


def test_a_generous_contract_is_never_cut_down() -> None:
    advice = recommend_notice(
        Notice(3, NoticeUnit.MONTHS), date(2027, 9, 1), 20, False, Tenure.OVER_FIVE, PLAIN
    )
    assert advice.contract_deadline == date(2027, 6, 1)
    assert advice.recommended_deadline == advice.contract_deadline and advice.reasons == ()


@pytest.mark.parametrize(
    ("notice", "effective", "expected"),
    [
        (Notice(30, NoticeUnit.CALENDAR_DAYS), date(2027, 2, 26), date(2027, 1, 27)),
        (Notice(30, NoticeUnit.CALENDAR_DAYS), date(2027, 3, 2), date(2027, 1, 29)),  # Sun 31 Jan -> Fri
        (Notice(2, NoticeUnit.WEEKS), date(2027, 3, 1), date(2027, 2, 15)),
        (Notice(3, NoticeUnit.MONTHS), date(2027, 5, 31), date(2027, 2, 26)),  # 28 Feb is a Sunday
        (Notice(1, NoticeUnit.MONTHS), date(2027, 3, 31), date(2027, 2, 26)),  # no 31 Feb: the 28th, a Sunday
        (Notice(1, NoticeUnit.MONTHS), date(2028, 3, 30), date(2028, 2, 29)),  # a leap day
        (Notice(12, NoticeUnit.MONTHS), date(2027, 1, 15), date(2026, 1, 15)),
        (Notice(0, NoticeUnit.CALENDAR_DAYS), date(2027, 3, 6), date(2027, 3, 5)),  # a Saturday: the Friday
    ],
)
def test_notice_as_contracts_state_it(notice: Notice, effective: date, expected: date) -> None:
    assert notice_deadline(effective, notice, PLAIN) == expected


def test_the_earliest_date_a_contract_still_allows() -> None:
    today = date(2026, 12, 1)
    assert earliest_effective(Notice(30, NoticeUnit.CALENDAR_DAYS), today, PLAIN) == date(2026, 12, 31)
    assert earliest_effective(Notice(1, NoticeUnit.MONTHS), today, PLAIN) == date(2027, 1, 1)
    assert earliest_effective(Notice(5, NoticeUnit.WORKING_DAYS), today, PLAIN) == date(2026, 12, 8)


def test_a_subdivision_brings_its_own_holidays() -> None:
    easter_monday = date(2027, 3, 29)
    assert calendar_for("GB", date(2026, 12, 1)).is_working_day(easter_monday)  # UK-wide: not a holiday
    assert not calendar_for("GB", date(2026, 12, 1), "ENG").is_working_day(easter_monday)
    assert not calendar_for("DE", date(2026, 12, 1), "BY").is_working_day(date(2027, 1, 6))  # Epiphany
    assert calendar_for("DE", date(2026, 12, 1), "BE").is_working_day(date(2027, 1, 6))


def test_a_friday_saturday_country_works_on_sunday() -> None:
    israel = calendar_for("IL", date(2026, 12, 1))
    friday, saturday, sunday = date(2026, 12, 4), date(2026, 12, 5), date(2026, 12, 6)
    assert not israel.is_working_day(friday) and not israel.is_working_day(saturday)
    assert israel.is_working_day(sunday)
    # Notice counted back from a Monday: Sunday is the working day before it.
    assert notify_by(date(2026, 12, 7), 1, israel) == sunday
    assert notify_by(date(2026, 12, 7), 1, PLAIN) == friday


def test_working_days_between_counts_as_walking_day_by_day() -> None:
    """The count is arithmetic over whole weeks; it must agree with stepping through each day, for
    any weekend, holidays (on weekdays or weekends) and weekend days worked."""
    rng = random.Random(7)
    base = date(2026, 1, 1)

    def walked(calendar: WorkCalendar, start: date, end: date) -> int:
        if end < start:
            return -walked(calendar, end, start)
        days = (start + timedelta(days=i) for i in range(1, (end - start).days + 1))
        return sum(1 for day in days if calendar.is_working_day(day))

    for _ in range(200):
        calendar = WorkCalendar(
            holidays=frozenset(base + timedelta(days=rng.randrange(800)) for _ in range(rng.randrange(30))),
            weekend=frozenset(rng.sample(range(7), rng.choice([1, 2, 3]))),
            workdays=frozenset(base + timedelta(days=rng.randrange(800)) for _ in range(rng.randrange(5))),
        )
        for _ in range(20):
            start, end = (base + timedelta(days=rng.randrange(800)) for _ in range(2))
            assert calendar.working_days_between(start, end) == walked(calendar, start, end)


@pytest.mark.parametrize("effective", [date(2027, 2, 26), date(2027, 2, 27), date(2027, 2, 28)])
def test_a_contracts_working_days_are_all_given_whatever_day_the_end_falls_on(effective: date) -> None:
    england = calendar_for("GB", date(2026, 12, 1), "ENG")
    deadline = notify_by(effective, 20, england)
    # Friday, Saturday or Sunday: the same twenty working days, up to and including Friday.
    assert deadline == date(2027, 1, 29)
    assert england.working_days_between(deadline, effective) == 20
