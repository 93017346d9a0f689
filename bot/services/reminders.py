"""The buttons on a reminder DM: Done ticks exactly the items the DM names; Snooze brings it back."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy.orm import Session

from bot.core.checklist import ItemKey
from bot.core.schedule import Snooze, snooze_until, zone
from bot.deps import Deps
from bot.services.actor import Actor
from bot.services.inputs import ReminderId
from bot.services.told import record_told
from bot.storage import cases as case_store
from bot.storage import reminder_lifecycle as lifecycle
from bot.storage import reminders as reminder_store
from bot.storage.models import Case, EventKind, Reminder
from bot.text import label


class Result(StrEnum):
    DONE = "done"
    SNOOZED = "snoozed"
    GONE = "gone"  # the case is closed, or the reminder no longer applies
    TOLD = "told"
    NOT_YET = "not_yet"
    FUTURE = "future"  # a day still ahead was picked as the day they were told


@dataclass(frozen=True)
class ReminderOutcome:
    result: Result
    kind: str
    tz: str
    at: datetime
    ticked: list[str] = field(default_factory=list)
    day: date | None = None  # the day they were told


@contextmanager
def _owned(
    deps: Deps, reminder_id: ReminderId, actor: Actor
) -> Iterator[tuple[Session, Reminder, Case] | None]:
    """A write transaction with the reminder and its case (row locked), only when the case is this
    user's in this team; None otherwise."""
    with deps.db.session(write=True) as session:
        reminder = session.get(Reminder, reminder_id)
        case = (
            case_store.owned_case(session, reminder.case_id, actor.team_id, actor.user_id, for_update=True)
            if reminder
            else None
        )
        if reminder is None or case is None:
            yield None
            return
        session.refresh(reminder)  # read again now that the case is ours alone
        yield session, reminder, case


def mark_done(deps: Deps, actor: Actor, reminder_id: ReminderId) -> ReminderOutcome | None:
    now = deps.now()
    with _owned(deps, reminder_id, actor) as found:
        if found is None:
            return None
        session, reminder, case = found
        titles = [i.title for i in case.items if i.key in set(reminder.covers)]
        if not lifecycle.mark_done(session, reminder.id):
            # Already done (a double click): the same answer as the click that did it.
            return ReminderOutcome(Result.DONE, reminder.kind, case.owner_tz, now, titles)
        case_store.tick(case, reminder.covers, actor.user_id, now)
        if ItemKey.TELL in reminder.covers:
            record_told(case, actor.user_id, now, deps)
        case_store.record(
            case,
            EventKind.REMINDER_DONE,
            actor.user_id,
            now,
            f"Marked done from a reminder: {label('ReminderKind', reminder.kind)}",
        )
        session.flush()
        reminder_store.replan(session, case, now, deps.calendar(), deps.window)
        return ReminderOutcome(Result.DONE, reminder.kind, case.owner_tz, now, titles)


def snooze(deps: Deps, actor: Actor, reminder_id: ReminderId, choice: Snooze) -> ReminderOutcome | None:
    now = deps.now()
    with _owned(deps, reminder_id, actor) as found:
        if found is None:
            return None
        session, reminder, case = found
        if not case.is_active or not case.reminders_enabled:
            return ReminderOutcome(Result.GONE, reminder.kind, case.owner_tz, now)
        until = snooze_until(choice, now, zone(case.owner_tz), deps.calendar(), deps.window)
        if not lifecycle.snooze(session, case, reminder, until):
            return ReminderOutcome(Result.GONE, reminder.kind, case.owner_tz, now)
        case_store.record(
            case,
            EventKind.REMINDER_SNOOZED,
            actor.user_id,
            now,
            f"Snoozed {label('ReminderKind', reminder.kind)} until "
            f"{until.astimezone(zone(case.owner_tz)):%a %d %b, %H:%M}",
        )
        return ReminderOutcome(Result.SNOOZED, reminder.kind, case.owner_tz, until)


def told(deps: Deps, actor: Actor, reminder_id: ReminderId, on: date | None) -> ReminderOutcome | None:
    """ "Yes, I told them": on the planned conversation day (`on` None) or the day they pick (never
    a day still ahead). Ticks telling and booking; the follow-ups start from that day."""
    now = deps.now()
    with _owned(deps, reminder_id, actor) as found:
        if found is None:
            return None
        session, reminder, case = found
        today = now.astimezone(zone(case.owner_tz)).date()
        day = on or min(case.conversation_date, today)
        if day > today:
            return ReminderOutcome(Result.FUTURE, reminder.kind, case.owner_tz, now)
        lifecycle.mark_done(session, reminder.id)
        if not case.is_active or not record_told(case, actor.user_id, now, deps, on=day):
            return ReminderOutcome(Result.DONE, reminder.kind, case.owner_tz, now, day=day)
        session.flush()
        reminder_store.replan(session, case, now, deps.calendar(), deps.window)
        return ReminderOutcome(Result.TOLD, reminder.kind, case.owner_tz, now, day=day)


def not_yet(deps: Deps, actor: Actor, reminder_id: ReminderId) -> ReminderOutcome | None:
    """ "Not yet": this question is answered; it comes back the next week while they are still
    not told, and the notice nudges go on."""
    now = deps.now()
    with _owned(deps, reminder_id, actor) as found:
        if found is None:
            return None
        session, reminder, case = found
        if lifecycle.mark_done(session, reminder.id):
            case_store.record(case, EventKind.REMINDER_DONE, actor.user_id, now, "Not told yet")
        return ReminderOutcome(Result.NOT_YET, reminder.kind, case.owner_tz, now)


def tick_one(deps: Deps, actor: Actor, reminder_id: ReminderId, key: str) -> ReminderOutcome | None:
    """One of the items a nudge names (the conversation, or the formal notice); the nudge is done
    once all it names are."""
    now = deps.now()
    with _owned(deps, reminder_id, actor) as found:
        if found is None:
            return None
        session, reminder, case = found
        if key not in reminder.covers:
            return None
        titles = [i.title for i in case.items if i.key == key]
        case_store.tick(case, [key], actor.user_id, now)
        if key == ItemKey.TELL:
            record_told(case, actor.user_id, now, deps)
        done = {i.key for i in case.items if i.done_at is not None}
        if set(reminder.covers) <= done:
            lifecycle.mark_done(session, reminder.id)
        session.flush()
        reminder_store.replan(session, case, now, deps.calendar(), deps.window)
        return ReminderOutcome(Result.DONE, reminder.kind, case.owner_tz, now, titles)
