"""Where each milestone of a case stands: on the day it was planned, done (on the day it was
ticked), overdue by some working days, or ahead. A milestone never moves to "today" because the
case is opened later; the planned day is the checklist item's stored due date."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.core.calendar import WorkCalendar
from bot.core.checklist import TRANSITION_PREFIX, ItemKey
from bot.core.plan import MilestoneKind, Plan

# The checklist item that completes each milestone (the others are dates, not tasks).
MILESTONE_ITEMS: dict[MilestoneKind, str] = {
    MilestoneKind.NOTIFY_BY: ItemKey.TELL,
    MilestoneKind.CONVERSATION: ItemKey.TELL,
    MilestoneKind.WRITTEN_NOTICE: ItemKey.WRITTEN_NOTICE,
    MilestoneKind.CONFIRMATION: ItemKey.CONFIRM,
    MilestoneKind.INTRODUCTION: ItemKey.INTRODUCE,
    MilestoneKind.REFERRALS: ItemKey.SEND_REFERRALS,
}


class MilestoneState(StrEnum):
    AHEAD = "ahead"
    TODAY = "today"
    DONE = "done"
    OVERDUE = "overdue"
    PASSED = "passed"  # a date, not a task (the change itself), now behind us
    WAITING = "waiting"  # its day has come, but it follows telling them, and they are not told yet


# Milestones that follow telling the client: they wait for it rather than fall overdue.
AFTER_TELLING = frozenset(
    {
        MilestoneKind.CONFIRMATION,
        MilestoneKind.REFERRALS,
        MilestoneKind.INTRODUCTION,
        MilestoneKind.TRANSITION,
    }
)


@dataclass(frozen=True)
class StoredItem:
    """A checklist item as stored: its planned due date, and the day it was ticked."""

    due: date
    done_on: date | None


@dataclass(frozen=True)
class MilestoneStatus:
    kind: MilestoneKind
    day: date  # as planned
    state: MilestoneState
    done_on: date | None = None
    overdue_by: int = 0  # working days


def milestone_states(
    plan: Plan, items: Mapping[str, StoredItem], today: date, calendar: WorkCalendar
) -> tuple[MilestoneStatus, ...]:
    found: list[MilestoneStatus] = []
    told = ItemKey.TELL not in items or items[ItemKey.TELL].done_on is not None
    transition = [item for key, item in items.items() if key.startswith(TRANSITION_PREFIX)]
    for milestone in plan.milestones:
        key = MILESTONE_ITEMS.get(milestone.kind)
        if milestone.kind is MilestoneKind.TRANSITION and transition:
            done = all(item.done_on for item in transition)
            status = _task(
                milestone.kind,
                min(item.due for item in transition),
                max((item.done_on for item in transition if item.done_on), default=None) if done else None,
                today,
                calendar,
            )
        elif key is not None and key in items:
            stored = items[key]
            day = milestone.day if milestone.kind in _DATES else stored.due
            status = _task(milestone.kind, day, stored.done_on, today, calendar)
        else:
            state = MilestoneState.PASSED if milestone.day < today else _ahead(milestone.day, today)
            status = MilestoneStatus(milestone.kind, milestone.day, state)
        if not told and milestone.kind in AFTER_TELLING and status.state is MilestoneState.OVERDUE:
            status = MilestoneStatus(status.kind, status.day, MilestoneState.WAITING)
        found.append(status)
    return tuple(sorted(found, key=lambda m: m.day))


# Milestones whose day is an answer (the owner picked it), not an item's due date.
_DATES = frozenset({MilestoneKind.NOTIFY_BY, MilestoneKind.CONVERSATION})


def _ahead(day: date, today: date) -> MilestoneState:
    return MilestoneState.TODAY if day == today else MilestoneState.AHEAD


def _task(
    kind: MilestoneKind, day: date, done_on: date | None, today: date, calendar: WorkCalendar
) -> MilestoneStatus:
    if done_on is not None:
        return MilestoneStatus(kind, day, MilestoneState.DONE, done_on=done_on)
    if day < today:
        return MilestoneStatus(kind, day, MilestoneState.OVERDUE, overdue_by=overdue_by(day, today, calendar))
    return MilestoneStatus(kind, day, _ahead(day, today))


def overdue_by(due: date, today: date, calendar: WorkCalendar) -> int:
    """Working days an open item is past its due day (0 when it is not)."""
    return max(1, calendar.working_days_between(due, today)) if due < today else 0
