"""The reminder DMs: short, say which client and why now, with Done, Snooze and Open case."""

from __future__ import annotations

from typing import Any

from bot.core.reminders import ReminderKind
from bot.core.schedule import Snooze
from bot.slack import blocks as b
from bot.slack.ids import Action, Block
from bot.slack.labels import reminder_label
from bot.storage.models import Case, Reminder
from bot.text import copy, truncate

REMINDERS = "reminders.md.j2"
TRANSITION_PREFIX = "transition_"


def _body(case: Case, reminder: Reminder, days_left: int) -> str:
    r = copy(REMINDERS)
    kind = ReminderKind(reminder.kind)
    if kind is ReminderKind.NOTICE_AHEAD:
        return r.notice_ahead(case, days_left)
    if kind is ReminderKind.NOTICE_DAY:
        return r.notice_day(case)
    if kind is ReminderKind.NOTICE_OVERDUE:
        return r.notice_overdue(case)
    if kind is ReminderKind.CONVERSATION_DAY:
        return r.conversation_day(case, case.talking_points.splitlines())
    if kind is ReminderKind.ASK_FEELINGS:
        return r.ask_feelings(case)
    if kind is ReminderKind.SEND_REFERRALS:
        return r.send_referrals(case)
    if kind is ReminderKind.RESOLVE_CONCERNS:
        return r.resolve_concerns(case)
    if kind is ReminderKind.CONCERN:
        title = next((i.title for i in case.items if i.key == reminder.item_key), "a concern")
        return r.concern(case, title)
    if kind is ReminderKind.TRANSITION:
        items = [i for i in case.items if i.phase == "transition" and i.done_at is None]
        return r.transition(case, items, case.tenure in ("3", "6"))
    if kind is ReminderKind.THANK_YOU:
        return r.thank_you(case)
    return r.reflect(case)


def reminder_message(case: Case, reminder: Reminder, *, late: bool, days_left: int = 0) -> dict[str, Any]:
    text = _body(case, reminder, days_left)
    blocks: list[b.Block] = [*b.sections(text)]
    if late:
        blocks.append(b.context(copy(REMINDERS).late_note()))
    blocks.append(reminder_buttons(case, reminder))
    fallback = copy(REMINDERS).fallback(case, reminder_label(reminder.kind))
    return {"blocks": blocks, "text": truncate(fallback, 3000)}


def reminder_buttons(case: Case, reminder: Reminder) -> b.Block:
    snooze = {
        "type": "static_select",
        "action_id": Action.REMINDER_SNOOZE,
        "placeholder": b.plain("Snooze"),
        "options": [b.option(choice.label, f"{reminder.id}:{choice.value}") for choice in Snooze],
    }
    return b.actions(
        [
            b.button("Done", Action.REMINDER_DONE, value=str(reminder.id), style="primary"),
            snooze,
            b.button("Open case", Action.REMINDER_OPEN, value=str(case.id)),
        ],
        block_id=Block.REMINDER_ACTIONS,
    )


def settled_message(original_blocks: list[dict[str, Any]], note: str, fallback: str) -> dict[str, Any]:
    """The DM after Done or Snooze: the same words, the buttons replaced by what happened."""
    kept = [blk for blk in original_blocks if blk.get("type") != "actions"][:48]
    return {"blocks": [*kept, b.context(note)], "text": truncate(fallback, 3000)}
