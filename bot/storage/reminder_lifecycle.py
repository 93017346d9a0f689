"""Every change to a reminder's state, and the only place that writes `state` or `attempts`.

    (planned) ──> PENDING ──claim──> SENDING ──sent──> SENT ──done──> DONE
                    ^  ^                │  │              │
                    │  └─defer/retry────┘  └─fail──> FAILED
                    └──────snooze──────────────────────────┘
    PENDING ──cancel/replan──> CANCELLED;  SENDING (stale claim) ──release──> PENDING or FAILED

Each transition is one conditional UPDATE (the row must be in the state it leaves, and a claim's
token must match), so two processes or a double click can never both make it. Every path that
counts an attempt checks it against MAX_ATTEMPTS."""

from __future__ import annotations

import functools
import logging
import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, insert, select, update
from sqlalchemy.orm import Session, joinedload, selectinload

from bot.core.kinds import ReminderKind
from bot.core.reminders import PlannedReminder
from bot.storage.models import Case, EventKind, Reminder, ReminderState, TimelineEvent

log = logging.getLogger("bot.reminders")

MAX_ATTEMPTS = 6
# Rows the planner owns carry no item key; a row with one (made outside planning, as bulk test and
# benchmark rows are) is left alone by re-plans.
PLANNED = ""
STALE_CLAIM_AFTER = timedelta(minutes=5)
WAITING = (ReminderState.PENDING, ReminderState.SENDING)


def _rowcount(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


def new_pending(
    case: Case, kind: ReminderKind, due: datetime, for_day: date | None = None, covers: Sequence[str] = ()
) -> Reminder:
    return Reminder(**_pending_row(case, kind, due, for_day, covers))


def _pending_row(
    case: Case, kind: ReminderKind, due: datetime, for_day: date | None, covers: Sequence[str]
) -> dict[str, Any]:
    return {
        "case_id": case.id,
        "team_id": case.team_id,
        "kind": kind.value,
        "item_key": PLANNED,
        "for_day": for_day,
        "covers": list(covers),
        "due_at": due,
        "next_attempt_at": due,
        "state": ReminderState.PENDING,
        "snoozed": False,
        "attempts": 0,
    }


# ---- planning -----------------------------------------------------------------------------------
def reconcile(
    session: Session, case: Case, planned: list[PlannedReminder], keep_kinds: Collection[str] = ()
) -> None:
    """Make the case's waiting reminders match `planned`: a waiting row of a planned kind is moved
    in place, rows no longer wanted are cancelled, and new kinds are added. A snoozed row keeps the
    time its owner chose, whatever the plan now says, until the items it nudges about are done
    (a closed case never reaches here: its waiting rows are cancelled). The partial unique index
    guarantees one waiting row per kind even if two re-plans race; callers hold the case's row
    lock so they do not."""
    by_kind = {p.kind.value: p for p in planned}
    done = {item.key for item in case.items if item.done_at is not None}
    for row in case.reminders:
        if row.state != ReminderState.PENDING or row.item_key != PLANNED:
            continue
        wanted = by_kind.pop(row.kind, None)
        if row.snoozed:
            # The plan may no longer list it (it went out once already, or a repeat moved on), but
            # the owner asked for it back at their time: only finishing what it asks ends it.
            if row.covers and set(row.covers) <= done:
                row.state = ReminderState.CANCELLED
            elif wanted is not None:
                row.covers = list(wanted.covers)
            continue
        if wanted is None:
            if row.kind not in keep_kinds:
                row.state = ReminderState.CANCELLED
            continue
        row.covers = list(wanted.covers)
        if row.due_at != wanted.due_at or row.for_day != wanted.for_day:
            row.due_at = row.next_attempt_at = wanted.due_at
            row.for_day, row.snoozed, row.attempts = wanted.for_day, False, 0
    waiting = {
        row.kind for row in case.reminders if row.state == ReminderState.SENDING and row.item_key == PLANNED
    }
    for kind, wanted in by_kind.items():
        if kind not in waiting:  # one being sent right now is left to finish
            case.reminders.append(
                new_pending(case, wanted.kind, wanted.due_at, wanted.for_day, wanted.covers)
            )
    session.flush()


def add_first(
    session: Session, case: Case, planned: list[PlannedReminder], owed: ReminderKind, now: datetime
) -> int:
    """A new case's first reminders and the message owed to its owner now, written as rows in one
    statement (nothing waits yet, so there is nothing to reconcile). Returns the owed row's id."""
    rows = [_pending_row(case, p.kind, p.due_at, p.for_day, p.covers) for p in planned]
    rows.append(_pending_row(case, owed, now, None, ()))
    made = session.execute(insert(Reminder).returning(Reminder.id, Reminder.kind), rows)
    return next(row_id for row_id, kind in made if kind == owed.value)


def cancel_waiting(case: Case, include_snoozed: bool = True, keep_kinds: Collection[str] = ()) -> int:
    count = 0
    for row in case.reminders:
        if (
            row.state == ReminderState.PENDING
            and row.kind not in keep_kinds
            and (include_snoozed or not row.snoozed)
        ):
            row.state = ReminderState.CANCELLED
            count += 1
    return count


def cancel_team(session: Session, team_id: str, reason: str) -> int:
    result = session.execute(
        update(Reminder)
        .where(Reminder.team_id == team_id, Reminder.state == ReminderState.PENDING)
        .values(state=ReminderState.CANCELLED, last_error=reason)
        .execution_options(synchronize_session=False)
    )
    return _rowcount(result)


# ---- the owner's buttons ------------------------------------------------------------------------
def mark_done(session: Session, reminder_id: int) -> bool:
    """Done, once: True only for the request that made the change."""
    result = session.execute(
        update(Reminder)
        .where(
            Reminder.id == reminder_id,
            Reminder.state.in_((ReminderState.SENT, ReminderState.PENDING, ReminderState.FAILED)),
        )
        .values(state=ReminderState.DONE)
        .execution_options(synchronize_session=False)
    )
    return _rowcount(result) == 1


def snooze(session: Session, case: Case, reminder: Reminder, until: datetime) -> bool:
    """Back at `until`; only a reminder that went out (or still waits) can be snoozed. It takes the
    place of any later nudge of its kind already waiting (one waiting row per kind)."""
    others = [
        r for r in case.reminders if r.kind == reminder.kind and r.id != reminder.id and r.state in WAITING
    ]
    if any(r.state == ReminderState.SENDING for r in others):
        return False  # its successor is going out this very moment
    for other in others:
        other.state = ReminderState.CANCELLED
    session.flush()
    result = session.execute(
        update(Reminder)
        .where(
            Reminder.id == reminder.id,
            Reminder.state.in_((ReminderState.SENT, ReminderState.PENDING)),
        )
        .values(
            state=ReminderState.PENDING,
            due_at=until,
            next_attempt_at=until,
            snoozed=True,
            attempts=0,
            claim_token=None,
        )
        .execution_options(synchronize_session=False)
    )
    session.refresh(reminder)
    return _rowcount(result) == 1


# ---- the sweep ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Claimed:
    reminder_id: int
    team_id: str


def claim_due(
    session: Session,
    now: datetime,
    limit: int,
    skip_teams: Collection[str] = (),
    only: int | None = None,
    case_id: int | None = None,
) -> tuple[str, list[Claimed]]:
    """Atomically take up to `limit` due reminders (or just reminder `only`, if due or owed now;
    or only those of case `case_id`).

    On PostgreSQL the select skips rows another sweeper has locked; on SQLite the write lock does
    the same job. The outer `state` check keeps it a claim either way. The select is a
    materialized CTE because PostgreSQL may otherwise run an `IN (subquery)` once per candidate
    row, and each run, skipping the rows it has just locked, takes another `limit` rows.
    """
    token = str(uuid.uuid4())
    claim = _claim_statement(
        session.get_bind().dialect.name, bool(skip_teams), only is not None, case_id is not None
    )
    params: dict[str, Any] = {"now": now, "limit": limit, "token": token}
    if case_id is not None:
        params["of_case"] = case_id
    if skip_teams:
        params["skip_teams"] = list(skip_teams)
    if only is not None:
        params["only"] = only
    claimed = session.execute(claim, params).all()
    return token, [Claimed(row.id, row.team_id) for row in claimed]


@functools.cache
def _claim_statement(dialect: str, skipping_teams: bool, only_one: bool, one_case: bool) -> Any:
    """The claim's UPDATE, built once per shape (it runs for every batch and every owed message)."""
    conditions = [
        Reminder.state == ReminderState.PENDING,
        Reminder.next_attempt_at <= bindparam("now"),
        Reminder.attempts < MAX_ATTEMPTS,
    ]
    if skipping_teams:
        conditions.append(Reminder.team_id.not_in(bindparam("skip_teams", expanding=True)))
    if only_one:
        conditions.append(Reminder.id == bindparam("only"))
    if one_case:
        conditions.append(Reminder.case_id == bindparam("of_case"))
    due = (
        select(Reminder.id)
        .where(*conditions)
        .order_by(Reminder.next_attempt_at, Reminder.id)
        .limit(bindparam("limit"))
        .with_for_update(skip_locked=True)
        .cte("due")
    )
    if dialect == "postgresql":
        due = due.prefix_with("MATERIALIZED")
    return (
        update(Reminder)
        .where(and_(Reminder.id.in_(select(due.c.id)), Reminder.state == ReminderState.PENDING))
        .values(
            state=ReminderState.SENDING,
            claimed_at=bindparam("now"),
            claim_token=bindparam("token"),
            attempts=Reminder.attempts + 1,
        )
        .returning(Reminder.id, Reminder.team_id)
        .execution_options(synchronize_session=False)
    )


# Built once: it runs for every message sent.
_MARK_SENT = (
    update(Reminder)
    .where(
        Reminder.id == bindparam("rid"),
        Reminder.claim_token == bindparam("token"),
        Reminder.state == ReminderState.SENDING,
    )
    .values(
        state=ReminderState.SENT,
        sent_at=bindparam("at"),
        late=bindparam("was_late"),
        channel_id=bindparam("channel"),
        message_ts=bindparam("ts"),
        last_error=None,
    )
    .execution_options(synchronize_session=False)
)


def mark_sent(
    session: Session, reminder_id: int, token: str, at: datetime, late: bool, channel_id: str, ts: str | None
) -> bool:
    """Slack accepted it: SENT, only while this claim still holds it (False: the claim was lost,
    or its case deleted)."""
    params = {"rid": reminder_id, "token": token, "at": at, "was_late": late, "channel": channel_id, "ts": ts}
    return _rowcount(session.connection().execute(_MARK_SENT, params)) == 1


def settle_unsent(session: Session, reminder_id: int, token: str, state: ReminderState) -> bool:
    """A claimed reminder that need not go out after all (done, or no longer wanted)."""
    assert state in (ReminderState.DONE, ReminderState.CANCELLED)
    result = session.execute(
        update(Reminder)
        .where(
            Reminder.id == reminder_id, Reminder.claim_token == token, Reminder.state == ReminderState.SENDING
        )
        .values(state=state, claim_token=None)
        .execution_options(synchronize_session=False)
    )
    return _rowcount(result) == 1


def defer(session: Session, reminder_id: int, token: str, until: datetime, reason: str | None = None) -> bool:
    """Not now, and not a failed attempt: outside working hours, or Slack asked us to wait."""
    result = session.execute(
        update(Reminder)
        .where(
            Reminder.id == reminder_id, Reminder.claim_token == token, Reminder.state == ReminderState.SENDING
        )
        .values(
            state=ReminderState.PENDING,
            next_attempt_at=until,
            claim_token=None,
            attempts=Reminder.attempts - 1,
            last_error=reason,
        )
        .execution_options(synchronize_session=False)
    )
    return _rowcount(result) == 1


def defer_team(session: Session, token: str, team_id: str, until: datetime) -> int:
    """Hand a rate-limited team's still-unsent claimed reminders back, to be tried at `until`."""
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
    return _rowcount(result)


BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_CAP = timedelta(hours=1)


def retry_later(
    session: Session, reminder_id: int, token: str, now: datetime, reason: str
) -> ReminderState | None:
    """A failed attempt: try again after a backoff, or fail for good after MAX_ATTEMPTS.
    Returns the state it is left in (None if the claim was lost)."""
    reminder = session.get(Reminder, reminder_id)
    if reminder is None or reminder.claim_token != token or reminder.state != ReminderState.SENDING:
        return None
    if reminder.attempts >= MAX_ATTEMPTS:
        fail_for_good(session, reminder, f"{reason} after {reminder.attempts} attempts", now)
        return ReminderState.FAILED
    wait = min(BACKOFF_BASE * (2 ** max(0, reminder.attempts - 1)), BACKOFF_CAP)
    reminder.state, reminder.next_attempt_at = ReminderState.PENDING, now + wait
    reminder.claim_token, reminder.last_error = None, reason
    log.warning("reminder %s: %s; retrying in %ss", reminder_id, reason, int(wait.total_seconds()))
    return ReminderState.PENDING


def fail_for_good(session: Session, reminder: Reminder, reason: str, now: datetime) -> None:
    """No retry will help: recorded on the reminder, in the case's history and in the log."""
    reminder.state, reminder.last_error, reminder.claim_token = ReminderState.FAILED, reason, None
    session.add(
        TimelineEvent(
            case_id=reminder.case_id,
            at=now,
            actor_id=None,
            kind=EventKind.REMINDER_FAILED,
            detail=f"A reminder could not be delivered: {reason}",
        )
    )
    log.warning("reminder %s failed for good: %s", reminder.id, reason)


def release_stale_claims(session: Session, now: datetime) -> int:
    """Reminders whose sender died mid-send go back to waiting (at least once beats never), except
    those that have used every attempt, which fail for good."""
    stale = session.scalars(
        select(Reminder).where(
            Reminder.state == ReminderState.SENDING, Reminder.claimed_at < now - STALE_CLAIM_AFTER
        )
    ).all()
    for reminder in stale:
        if reminder.attempts >= MAX_ATTEMPTS:
            fail_for_good(session, reminder, f"abandoned mid-send after {reminder.attempts} attempts", now)
        else:
            reminder.state, reminder.claim_token = ReminderState.PENDING, None
    return len(stale)


_LOAD = (
    select(Reminder)
    .where(Reminder.id.in_(bindparam("ids", expanding=True)))
    .options(joinedload(Reminder.case).selectinload(Case.items))
)


def load_claimed(session: Session, reminder_ids: Sequence[int]) -> dict[int, Reminder]:
    """Claimed reminders with their cases and checklists, read in one go."""
    return {r.id: r for r in session.scalars(_LOAD, {"ids": list(reminder_ids)}).all()}


def case_for_update(session: Session, case_id: int) -> Case | None:
    """A case with its checklist and reminders, its row locked (to plan what follows a DM)."""
    return session.get(
        Case, case_id, options=[selectinload(Case.items), selectinload(Case.reminders)], with_for_update=True
    )


def reminder_with_case(session: Session, reminder_id: int) -> Reminder | None:
    return session.get(
        Reminder, reminder_id, options=[selectinload(Reminder.case).selectinload(Case.reminders)]
    )


def case_of_reminder(session: Session, reminder_id: int) -> int | None:
    return session.scalar(select(Reminder.case_id).where(Reminder.id == reminder_id))
