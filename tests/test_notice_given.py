"""The notice a client told late still gets is counted in the contract's own unit, so that the
overdue DM compares like with like ("29 calendar days, not the 30 the contract asks for"). It is
the most notice `notice_deadline` would say they were told in time for."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bot.core.answers import NoticeUnit
from bot.core.calendar import WorkCalendar
from bot.core.notice import Notice, notice_deadline, notice_given
from tests.test_notice_speed_equivalence import calendars, days

GB = WorkCalendar()


@settings(max_examples=400, deadline=None)
@given(
    calendar=calendars,
    effective=days,
    back=st.integers(0, 500),
    unit=st.sampled_from(list(NoticeUnit)),
)
def test_the_notice_given_is_the_most_the_deadline_allows(
    calendar: WorkCalendar, effective: date, back: int, unit: NoticeUnit
) -> None:
    told = calendar.on_or_after(effective - timedelta(days=back))
    assume(told <= effective)  # told after the date: no notice at all, and the DM says so otherwise
    given_notice = notice_given(told, effective, unit, calendar)
    for amount in {max(0, given_notice - 1), given_notice, given_notice + 1}:
        in_time = told <= notice_deadline(effective, Notice(amount, unit), calendar)
        assert in_time == (amount <= given_notice), (amount, given_notice)


def test_each_unit_counts_as_contracts_state_it() -> None:
    told, effective = date(2027, 1, 28), date(2027, 2, 26)  # a Thursday, four weeks and a day on
    assert notice_given(told, effective, NoticeUnit.CALENDAR_DAYS, GB) == 29
    assert notice_given(told, effective, NoticeUnit.WORKING_DAYS, GB) == 21
    assert notice_given(told, effective, NoticeUnit.WEEKS, GB) == 4
    assert notice_given(told, effective, NoticeUnit.MONTHS, GB) == 0
    assert notice_given(date(2027, 1, 26), effective, NoticeUnit.MONTHS, GB) == 1
    assert notice_given(effective + timedelta(days=3), effective, NoticeUnit.CALENDAR_DAYS, GB) == 0
