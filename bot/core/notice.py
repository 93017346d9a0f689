"""How much notice the client gets (tip 5): the contract's deadline, our recommendation, and how
realistic the chosen notify-by date is. Notice is counted as contracts state it."""

from __future__ import annotations

import calendar as months
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bot.core.answers import Answers, NoticeUnit, Tenure
from bot.core.calendar import WorkCalendar
from bot.core.situation import Situation

MONEY_EXTRA = 10
LONG_RELATIONSHIP_EXTRA = 10
SOME_HISTORY_EXTRA = 5
TIGHT_WORKING_DAYS = 5
MAX_NOTICE_WORKING_DAYS = 260
MAX_NOTICE = {
    NoticeUnit.WORKING_DAYS: 260,
    NoticeUnit.CALENDAR_DAYS: 365,
    NoticeUnit.WEEKS: 52,
    NoticeUnit.MONTHS: 12,
}
# The furthest date earliest_effective gives (MAX_NOTICE in any unit stays well inside it).
EARLIEST_HORIZON_DAYS = 800


class NoticeState(StrEnum):
    COMFORTABLE = "comfortable"
    TIGHT = "tight"
    TODAY = "today"
    PASSED = "passed"


class NoticeReason(StrEnum):
    MINIMUM = "minimum"
    MONEY = "money"
    LONG = "long"
    HISTORY = "history"
    FIRM = "firm"  # the firm's own minimum notice asks for more


@dataclass(frozen=True)
class Notice:
    amount: int
    unit: NoticeUnit


def _months_before(day: date, count: int) -> date:
    month_index = day.year * 12 + day.month - 1 - count
    year, month = divmod(month_index, 12)
    last = months.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def notice_deadline(effective: date, notice: Notice, calendar: WorkCalendar) -> date:
    """The last working day to tell the client so they get `notice` before `effective`."""
    if notice.unit is NoticeUnit.WORKING_DAYS:
        day = calendar.working_days_before(effective, notice.amount)
    elif notice.unit is NoticeUnit.CALENDAR_DAYS:
        day = effective - timedelta(days=notice.amount)
    elif notice.unit is NoticeUnit.WEEKS:
        day = effective - timedelta(weeks=notice.amount)
    else:
        day = _months_before(effective, notice.amount)
    return calendar.on_or_before(day)


def _months_after(day: date, count: int) -> date:
    """The first date whose `_months_before(date, count)` is `day` or later: the same day `count`
    months on, or the 1st of the month after when that month is too short to have it."""
    month_index = day.year * 12 + day.month - 1 + count
    year, month = divmod(month_index, 12)
    if day.day <= months.monthrange(year, month + 1)[1]:
        return date(year, month + 1, day.day)
    year, month = divmod(month_index + 1, 12)
    return date(year, month + 1, 1)


def earliest_effective(notice: Notice, today: date, calendar: WorkCalendar) -> date:
    """The first date a change can take effect and still get the contract's notice from today.

    A date's deadline is the working day on or before the day its notice starts, so the deadline
    is today or later exactly when that start is on or after the first working day from today:
    the answer is the notice counted forward from that working day (never before today)."""
    first = calendar.on_or_after(today)
    if notice.unit is NoticeUnit.WORKING_DAYS:
        day = calendar.add_working_days(first, notice.amount)
    elif notice.unit is NoticeUnit.CALENDAR_DAYS:
        day = first + timedelta(days=notice.amount)
    elif notice.unit is NoticeUnit.WEEKS:
        day = first + timedelta(weeks=notice.amount)
    else:
        day = _months_after(first, notice.amount)
    return min(max(day, today), today + timedelta(days=EARLIEST_HORIZON_DAYS))


def notice_given(told: date, effective: date, unit: NoticeUnit, calendar: WorkCalendar) -> int:
    """The notice a client told on `told` gets before `effective`, counted in `unit` as
    `notice_deadline` counts it: the most they would be told in time for."""
    if unit is NoticeUnit.WORKING_DAYS:
        return max(0, calendar.working_days_between(told, effective))
    days = (effective - told).days
    if unit is NoticeUnit.CALENDAR_DAYS:
        return max(0, days)
    if unit is NoticeUnit.WEEKS:
        return max(0, days // 7)
    count = (effective.year - told.year) * 12 + effective.month - told.month
    if count > 0 and _months_before(effective, count) < told:
        count -= 1
    return max(0, count)


@dataclass(frozen=True)
class NoticeAdvice:
    contract: Notice
    contract_deadline: date
    recommended_working_days: int
    recommended_deadline: date
    reasons: tuple[NoticeReason, ...]

    @property
    def recommends_more(self) -> bool:
        return self.recommended_deadline < self.contract_deadline


def contract_notice(a: Answers) -> Notice:
    return Notice(a.contract_notice_amount or 0, a.contract_notice_unit or NoticeUnit.WORKING_DAYS)


def notice_with_minimum(recommended_working_days: int, minimum: int | None) -> int:
    """The notice to recommend: the bot's recommendation, or the firm's minimum when that is more."""
    return max(recommended_working_days, minimum or 0)


def situation_advice(a: Answers, situation: Situation, calendar: WorkCalendar) -> NoticeAdvice:
    """Our recommendation for these answers, by the situation's notice rules."""
    assert a.effective_date and a.tenure
    return recommend_notice(
        contract_notice(a),
        a.effective_date,
        situation.minimum_notice,
        situation.touches_money,
        a.tenure,
        calendar,
        a.firm_minimum_notice,
    )


def recommend_notice(
    contract: Notice,
    effective: date,
    minimum_working_days: int,
    touches_money: bool,
    tenure: Tenure,
    calendar: WorkCalendar,
    firm_minimum: int | None = None,
) -> NoticeAdvice:
    """Never less than the contract; more when money is involved or the relationship is long, or
    when the firm's own minimum (working days) asks for more."""
    contract_deadline = notice_deadline(effective, contract, calendar)
    contract_working_days = calendar.working_days_between(contract_deadline, effective)
    reasons: list[NoticeReason] = []
    wanted = minimum_working_days
    if wanted > contract_working_days:
        reasons.append(NoticeReason.MINIMUM)
    if touches_money:
        reasons.append(NoticeReason.MONEY)
        wanted += MONEY_EXTRA
    if tenure.is_long:
        reasons.append(NoticeReason.LONG)
        wanted += LONG_RELATIONSHIP_EXTRA
    elif tenure.years >= 1:
        reasons.append(NoticeReason.HISTORY)
        wanted += SOME_HISTORY_EXTRA
    if notice_with_minimum(wanted, firm_minimum) > wanted:
        reasons.append(NoticeReason.FIRM)
        wanted = notice_with_minimum(wanted, firm_minimum)
    wanted = min(max(wanted, contract_working_days), MAX_NOTICE_WORKING_DAYS)
    recommended = min(contract_deadline, calendar.working_days_before(effective, wanted))
    return NoticeAdvice(
        contract=contract,
        contract_deadline=contract_deadline,
        recommended_working_days=max(wanted, contract_working_days),
        recommended_deadline=recommended,
        reasons=tuple(reasons) if recommended < contract_deadline else (),
    )


@dataclass(frozen=True)
class NoticeStatus:
    notify_by: date
    working_days_left: int
    state: NoticeState


def notice_status(deadline: date, today: date, calendar: WorkCalendar) -> NoticeStatus:
    """How much room is left before `deadline`, counted in working days after today."""
    left = calendar.working_days_between(today, deadline)
    if deadline < today:
        state = NoticeState.PASSED
    elif deadline == today:
        state = NoticeState.TODAY
    elif left < TIGHT_WORKING_DAYS:
        state = NoticeState.TIGHT
    else:
        state = NoticeState.COMFORTABLE
    return NoticeStatus(notify_by=deadline, working_days_left=left, state=state)


def working_days_given(notify_by: date, effective: date, calendar: WorkCalendar) -> int:
    return max(0, calendar.working_days_between(notify_by, effective))
