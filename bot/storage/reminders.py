"""A case's reminders, planned from the case as it is now (the database, not the scheduler, is the
source of truth)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from bot.core.answers import Tenure
from bot.core.calendar import WorkCalendar
from bot.core.checklist import ItemKey
from bot.core.kinds import ReminderKind
from bot.core.notice import notice_deadline
from bot.core.plan import PlannedItem, contract_notice, transition_start
from bot.core.reminders import KINDS, OWED_KINDS, CaseTimes, ItemState, Sent, plan_reminders
from bot.core.schedule import Window, zone
from bot.core.situations import situation_of
from bot.storage import reminder_lifecycle as lifecycle
from bot.storage.cases import answers_of
from bot.storage.models import Case, Reminder, ReminderState

OWED = tuple(kind.value for kind in OWED_KINDS)  # messages owed, not nudges: never re-planned or cancelled


def case_times(
    case: Case, calendar: WorkCalendar, with_history: bool = True, items: tuple[ItemState, ...] | None = None
) -> CaseTimes:
    """The case's dates and checklist for planning; `with_history` adds what was already sent
    (which reads every reminder the case ever had); `items`, when given, stand for its checklist."""
    a = answers_of(case)
    tz = zone(case.owner_tz)
    sent = (
        frozenset()
        if not with_history
        else frozenset(
            Sent(
                r.kind,
                r.for_day or r.sent_at.astimezone(tz).date(),
                r.sent_at.astimezone(tz).date(),
            )
            for r in case.reminders
            if r.sent_at is not None and r.kind in KINDS
        )
    )
    return CaseTimes(
        notify_by=case.notify_by,
        conversation_date=case.conversation_date,
        effective_date=case.effective_date,
        transition_start=transition_start(
            case.effective_date, case.conversation_date, a.tenure or Tenure.UNDER_ONE, calendar
        ),
        kinds=situation_of(case.situation).reminders,
        client_told=case.client_told,
        contract_deadline=notice_deadline(case.effective_date, contract_notice(a), calendar),
        told_on=next(
            (i.done_at.astimezone(tz).date() for i in case.items if i.key == ItemKey.TELL and i.done_at),
            None,
        ),
        items=items
        if items is not None
        else tuple(ItemState(i.key, i.due_date, i.done_at is not None) for i in case.items),
        sent=sent,
    )


def replan(session: Session, case: Case, now: datetime, calendar: WorkCalendar, window: Window) -> None:
    """Bring the case's waiting reminders in line with the case as it is now."""
    if not case.is_active or not case.reminders_enabled:
        # Reminders paused keep a snoozed nudge's time (the sweep drops it if it falls due while
        # paused); a closed case ends it.
        lifecycle.cancel_waiting(case, include_snoozed=not case.is_active, keep_kinds=OWED)
        session.flush()
        return
    planned = plan_reminders(case_times(case, calendar), zone(case.owner_tz), calendar, window, now)
    lifecycle.reconcile(session, case, planned, keep_kinds=OWED)


def plan_first(
    session: Session,
    case: Case,
    items: Sequence[PlannedItem],
    now: datetime,
    calendar: WorkCalendar,
    window: Window,
    owed: ReminderKind,
) -> int:
    """The reminders of a case just created from its plan's checklist (`items`), with the message
    `owed` to its owner now; returns that message's id."""
    times = case_times(
        case, calendar, with_history=False, items=tuple(ItemState(i.key, i.due, False) for i in items)
    )
    planned = plan_reminders(times, zone(case.owner_tz), calendar, window, now)
    return lifecycle.add_first(session, case, planned, owed, now)


_OWED_FROM_DRAFT = (
    select(Reminder.id)
    .join(Case, Case.id == Reminder.case_id)
    .where(
        Case.source_draft_id == bindparam("draft_id"),
        Case.owner_id == bindparam("owner_id"),
        Reminder.kind == bindparam("kind"),
        Reminder.state == ReminderState.PENDING,
    )
    .limit(1)
)


def owed_from_draft(session: Session, draft_id: str, owner_id: str, kind: ReminderKind) -> int | None:
    """The message of `kind` still owed to `owner_id` for the case made from this draft, if any."""
    params = {"draft_id": draft_id, "owner_id": owner_id, "kind": kind.value}
    return session.scalar(_OWED_FROM_DRAFT, params)


def upcoming(case: Case, limit: int = 5) -> list[Reminder]:
    waiting = [
        r
        for r in case.reminders
        if r.state == ReminderState.PENDING and r.kind in KINDS and KINDS[r.kind].listed
    ]
    return sorted(waiting, key=lambda r: r.next_attempt_at)[:limit]


def next_waiting(session: Session, team_id: str, owner_id: str) -> tuple[datetime, str] | None:
    """When the owner's next reminder is due, and its kind (the playground's time travel)."""
    row = session.execute(
        select(Reminder.next_attempt_at, Reminder.kind)
        .join(Case, Case.id == Reminder.case_id)
        .where(
            Case.team_id == team_id,
            Case.owner_id == owner_id,
            Reminder.state == ReminderState.PENDING,
        )
        .order_by(Reminder.next_attempt_at, Reminder.id)
        .limit(1)
    ).first()
    return (row[0], row[1]) if row else None
