"""What is at risk in a case, for a team lead's view: notice about to be missed, overdue items,
concerns the client raised that are still open. Pure: dates and items in, reasons out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.core.calendar import WorkCalendar
from bot.core.checklist import CONCERN_PREFIX
from bot.core.notice import NoticeState, notice_status


class RiskReason(StrEnum):
    NOTICE_PASSED = "notice_passed"  # not told, and the notify-by day has gone
    NOTICE_SOON = "notice_soon"  # not told, and the notify-by day is today or close (tight)
    OVERDUE = "overdue"  # checklist items past their due day
    CONCERN = "concern"  # concerns the client raised, not yet resolved


@dataclass(frozen=True)
class OpenItem:
    key: str
    due: date


@dataclass(frozen=True)
class Risk:
    reasons: tuple[RiskReason, ...]
    overdue: int
    concerns: int
    notify_by: date

    @property
    def urgency(self) -> tuple[int, int, date]:
        """Sorts the most urgent first: missed notice, then notice due soon, then overdue work or
        open concerns (more of them first), then the rest; within each, the sooner notify-by."""
        if RiskReason.NOTICE_PASSED in self.reasons:
            level = 0
        elif RiskReason.NOTICE_SOON in self.reasons:
            level = 1
        elif self.reasons:
            level = 2
        else:
            level = 3
        return level, -(self.overdue + self.concerns), self.notify_by


def risk_of(
    notify_by: date, told: bool, open_items: Iterable[OpenItem], today: date, calendar: WorkCalendar
) -> Risk:
    reasons: list[RiskReason] = []
    if not told:
        state = notice_status(notify_by, today, calendar).state
        if state is NoticeState.PASSED:
            reasons.append(RiskReason.NOTICE_PASSED)
        elif state in (NoticeState.TODAY, NoticeState.TIGHT):
            reasons.append(RiskReason.NOTICE_SOON)
    items = list(open_items)
    overdue = sum(1 for item in items if item.due < today)
    concerns = sum(1 for item in items if item.key.startswith(CONCERN_PREFIX))
    if overdue:
        reasons.append(RiskReason.OVERDUE)
    if concerns:
        reasons.append(RiskReason.CONCERN)
    return Risk(tuple(reasons), overdue, concerns, notify_by)
