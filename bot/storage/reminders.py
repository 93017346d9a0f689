"""Reminder rows: the database, not the scheduler, is the source of truth."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import datetime, timedelta

from sqlalchemy import and_, func, select, update
from sqlalchemy.orm import Session

from bot.core.answers import Tenure
from bot.core.calendar import WorkCalendar
from bot.core.plan import CONCERN_PREFIX, transition_days_ahead
from bot.core.reminders import CaseTimes, ReminderKind, plan_reminders
from bot.core.schedule import Window, zone
from bot.storage.models import Case, CaseStatus, Reminder, ReminderState

STUCK_AFTER = timedelta(minutes=5)


def case_times(case: Case, calendar: WorkCalendar) -> CaseTimes:
    done = frozenset(item.key for item in case.items if item.done_at is not None)
    concerns = tuple(
        item.key for item in case.items if item.key.startswith(CONCERN_PREFIX) and item.done_at is None
    )
    sent = frozenset(
        (r.kind, r.item_key)
        for r in case.reminders
        if r.state in (ReminderState.SENT, ReminderState.DONE, ReminderState.FAILED) or r.sent_at is not None
    )
    return CaseTimes(
        notify_by=case.notify_by,
        conversation_date=case.conversation_date,
        effective_date=case.effective_date,
        transition_start=calendar.add_working_days(
            case.effective_date, -transition_days_ahead(Tenure(case.tenure))
        ),
        client_told=case.status != CaseStatus.OPEN,
        done_items=done,
        open_concerns=concerns,
        already_sent=sent,
    )


def cancel_pending(case: Case, include_snoozed: bool = False) -> int:
    """Cancel pending reminders; snoozed ones (sent once, asked back later) stay unless told."""
    count = 0
    for reminder in case.reminders:
        snoozed = reminder.sent_at is not None
        if reminder.state == ReminderState.PENDING and (include_snoozed or not snoozed):
            reminder.state = ReminderState.CANCELLED
            count += 1
    return count


def replan(
    session: Session, case: Case, now: datetime, calendar: WorkCalendar, window: Window
) -> list[Reminder]:
    """Cancel what is pending and plan afresh from the case as it is now."""
    stopping = not case.is_active or not case.reminders_enabled
    cancel_pending(case, include_snoozed=stopping)
    if stopping:
        session.flush()
        return []
    planned = plan_reminders(case_times(case, calendar), zone(case.owner_tz), calendar, window, now)
    created = [pending(case.team_id, p.kind, p.item_key, p.due_at) for p in planned]
    case.reminders.extend(created)
    session.flush()
    return created


def pending(
    team_id: str, kind: ReminderKind, item_key: str | None, due: datetime, case_id: int | None = None
) -> Reminder:
    """A new reminder waiting for its time (its case given by id, or by adding it to the case)."""
    return Reminder(
        case_id=case_id,
        team_id=team_id,
        kind=kind.value,
        item_key=item_key,
        due_at=due,
        next_attempt_at=due,
        state=ReminderState.PENDING,
        attempts=0,
    )


def upcoming(case: Case, limit: int = 5) -> list[Reminder]:
    pending = [r for r in case.reminders if r.state == ReminderState.PENDING]
    return sorted(pending, key=lambda r: r.next_attempt_at)[:limit]


def claim_due(
    session: Session, now: datetime, limit: int, skip_teams: Collection[str] = ()
) -> tuple[str, list[tuple[int, str]]]:
    """Atomically take up to `limit` due reminders for this process: (id, team) pairs.

    On PostgreSQL the select skips rows another sweeper has locked; on SQLite the database-wide
    write lock does the same job. The outer `state` check keeps it a claim either way. The select is
    a materialized CTE because PostgreSQL may otherwise run an `IN (subquery)` once per candidate
    row, and each run, skipping the rows it has just locked, takes another `limit` rows.
    """
    token = str(uuid.uuid4())
    due = (
        select(Reminder.id)
        .where(
            Reminder.state == ReminderState.PENDING,
            Reminder.next_attempt_at <= now,
            Reminder.team_id.not_in(skip_teams),
        )
        .order_by(Reminder.next_attempt_at, Reminder.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .cte("due")
    )
    if session.get_bind().dialect.name == "postgresql":
        due = due.prefix_with("MATERIALIZED")
    claimed = session.execute(
        update(Reminder)
        .where(and_(Reminder.id.in_(select(due.c.id)), Reminder.state == ReminderState.PENDING))
        .values(
            state=ReminderState.SENDING, claimed_at=now, claim_token=token, attempts=Reminder.attempts + 1
        )
        .returning(Reminder.id, Reminder.team_id)
        .execution_options(synchronize_session=False)
    ).all()
    return token, [(row.id, row.team_id) for row in claimed]


def release_stuck(session: Session, now: datetime) -> int:
    """Reminders whose sender died mid-send go back to pending (at-least-once beats never)."""
    result = session.execute(
        update(Reminder)
        .where(Reminder.state == ReminderState.SENDING, Reminder.claimed_at < now - STUCK_AFTER)
        .values(state=ReminderState.PENDING, claim_token=None)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def count_due(session: Session, now: datetime) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(Reminder)
            .where(Reminder.state == ReminderState.PENDING, Reminder.next_attempt_at <= now)
        )
        or 0
    )


def mark_sent(
    session: Session, reminder_id: int, now: datetime, late: bool, channel_id: str, message_ts: str | None
) -> bool:
    """Record a delivered reminder in one statement; False if it is gone (its case was deleted)."""
    result = session.execute(
        update(Reminder)
        .where(Reminder.id == reminder_id)
        .values(
            state=ReminderState.SENT,
            sent_at=now,
            late=late,
            channel_id=channel_id,
            message_ts=message_ts,
            last_error=None,
        )
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def release_claim(session: Session, token: str, team_id: str, until: datetime) -> int:
    """Hand a team's still-unsent claimed reminders back, to be tried again at `until`."""
    result = session.execute(
        update(Reminder)
        .where(
            Reminder.claim_token == token,
            Reminder.team_id == team_id,
            Reminder.state == ReminderState.SENDING,
        )
        .values(
            state=ReminderState.PENDING,
            next_attempt_at=until,
            claim_token=None,
            attempts=Reminder.attempts - 1,
        )
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
