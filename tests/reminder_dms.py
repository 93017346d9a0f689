"""What the reminder DMs and the database say was sent: every nudge a DM carries (a DM may carry
several of a case's nudges, each in a buttons block of its own), and the reminders due at a moment."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from bot.slack.ids import Action, Block
from bot.storage.db import Database
from bot.storage.models import Reminder, ReminderState

# The buttons whose value is the reminder's id itself.
_BY_ID = {Action.REMINDER_DONE, Action.TOLD_YES, Action.TOLD_NOT_YET}


def _nudge_blocks(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        blk
        for blk in message.get("blocks") or []
        if blk.get("type") == "actions"
        and str(blk.get("block_id", "")).startswith((Block.REMINDER_ACTIONS_PREFIX, Block.REMINDER_ACTIONS))
    ]


def _reminder_of(block: dict[str, Any]) -> str:
    """The one reminder a nudge's buttons act on (read from every element that names it)."""
    found: set[str] = set()
    for element in block["elements"]:
        action = element.get("action_id")
        if action in _BY_ID:
            found.add(str(element["value"]))
        elif action == Action.REMINDER_TICK:
            found.add(str(element["value"]).split(":")[0])
        elif action == Action.REMINDER_SNOOZE:
            found |= {str(option["value"]).split(":")[0] for option in element["options"]}
    assert len(found) == 1, f"a nudge's buttons name {found or 'no reminder'}: {block}"
    return found.pop()


def reminder_ids(messages: list[dict[str, Any]]) -> list[str]:
    """Every reminder the messages carry, once per time it was sent (a repeat shows twice)."""
    return [_reminder_of(blk) for message in messages for blk in _nudge_blocks(message)]


def due_by(db: Database, at: datetime) -> set[str]:
    """The reminders waiting to go and due by `at`."""
    with db.session() as session:
        return {
            str(i)
            for i in session.scalars(
                select(Reminder.id).where(
                    Reminder.state == ReminderState.PENDING, Reminder.next_attempt_at <= at
                )
            )
        }


def states_of(db: Database, ids: set[str]) -> dict[str, ReminderState]:
    """Each reminder's state now."""
    with db.session() as session:
        rows = session.execute(
            select(Reminder.id, Reminder.state).where(Reminder.id.in_([int(i) for i in ids]))
        ).all()
    return {str(i): ReminderState(state) for i, state in rows}
