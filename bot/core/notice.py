"""How much notice the client gets (tip 5): the notify-by date and how realistic it is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.core.answers import ChangeKind, Tenure
from bot.core.calendar import WorkCalendar

# Working days we recommend at the least, whatever the contract says.
MINIMUM_NOTICE = {
    ChangeKind.ENDING: 20,
    ChangeKind.PRICE_INCREASE: 20,
    ChangeKind.PAYMENT_CHANGE: 20,
    ChangeKind.SERVICE_CHANGE: 10,
    ChangeKind.HANDOVER: 10,
}
MONEY_EXTRA = 10
LONG_RELATIONSHIP_EXTRA = 10
SOME_HISTORY_EXTRA = 5
TIGHT_WORKING_DAYS = 5
MAX_NOTICE_DAYS = 260


class NoticeState(StrEnum):
    COMFORTABLE = "comfortable"
    TIGHT = "tight"
    TODAY = "today"
    IMPOSSIBLE = "impossible"


@dataclass(frozen=True)
class NoticeReason:
    code: str
    extra_days: int


@dataclass(frozen=True)
class NoticeAdvice:
    contract_days: int
    recommended_days: int
    reasons: tuple[NoticeReason, ...]
    contract_notify_by: date
    recommended_notify_by: date


def notify_by(effective: date, notice_days: int, calendar: WorkCalendar) -> date:
    """The last day to tell the client so they get `notice_days` working days of notice."""
    return calendar.add_working_days(effective, -notice_days)


def recommend_notice(
    kind: ChangeKind, tenure: Tenure, contract_days: int, effective: date, calendar: WorkCalendar
) -> NoticeAdvice:
    reasons: list[NoticeReason] = []
    baseline = max(contract_days, MINIMUM_NOTICE[kind])
    if baseline > contract_days:
        reasons.append(NoticeReason("minimum", baseline - contract_days))
    extra = 0
    if kind.touches_money:
        reasons.append(NoticeReason("money", MONEY_EXTRA))
        extra += MONEY_EXTRA
    if tenure.is_long:
        reasons.append(NoticeReason("long", LONG_RELATIONSHIP_EXTRA))
        extra += LONG_RELATIONSHIP_EXTRA
    elif tenure.years >= 1:
        reasons.append(NoticeReason("history", SOME_HISTORY_EXTRA))
        extra += SOME_HISTORY_EXTRA
    recommended = min(baseline + extra, MAX_NOTICE_DAYS)
    return NoticeAdvice(
        contract_days=contract_days,
        recommended_days=recommended,
        reasons=tuple(reasons),
        contract_notify_by=notify_by(effective, contract_days, calendar),
        recommended_notify_by=notify_by(effective, recommended, calendar),
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
        state = NoticeState.IMPOSSIBLE
    elif deadline == today:
        state = NoticeState.TODAY
    elif left < TIGHT_WORKING_DAYS:
        state = NoticeState.TIGHT
    else:
        state = NoticeState.COMFORTABLE
    return NoticeStatus(notify_by=deadline, working_days_left=left, state=state)
