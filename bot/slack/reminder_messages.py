"""The reminder DMs: short, say which client and why now, with Done (naming what it ticks),
Snooze and Open case."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.copydeck import REMINDERS, reactions
from bot.core.answers import SituationKey
from bot.core.calendar import WorkCalendar
from bot.core.checklist import ItemKey
from bot.core.drafts import talking_points
from bot.core.kinds import DraftKind, ReminderKind
from bot.core.notice import notice_deadline
from bot.core.plan import contract_notice
from bot.core.schedule import Snooze
from bot.core.situations import situation_of
from bot.core.typed_text import one_line
from bot.slack import blocks as b
from bot.slack.ids import Action, Block
from bot.slack.labels import label_of, reminder_label
from bot.storage.cases import answers_of
from bot.storage.models import Case, Reminder
from bot.text import truncate

MAX_BLOCKS = 50


@dataclass(frozen=True)
class ReminderView:
    """What a reminder's words list, worked out from the case as it is at sending time."""

    days_left: int = 0
    contract_deadline: date | None = None  # when the contract's own notice runs out, if still ahead
    contact: str = ""
    successor: str = ""
    walk_through: bool = False  # this DM ticks the personal handover walk-through a long client gets
    effective_passed: bool = False
    stays: bool = False
    points: list[str] = field(default_factory=list)
    reactions: list[tuple[str, str]] = field(default_factory=list)
    items: list[tuple[str, date]] = field(default_factory=list)  # what this DM's Done ticks
    ahead: list[tuple[str, date]] = field(default_factory=list)  # the rest of the handover, for context


def reminder_view(case: Case, reminder: Reminder, today: date, calendar: WorkCalendar) -> ReminderView:
    a = answers_of(case)
    kind = ReminderKind(reminder.kind)
    covers = set(reminder.covers)
    told = case.client_told
    deadline = notice_deadline(case.effective_date, contract_notice(a), calendar)
    return ReminderView(
        days_left=max(0, calendar.working_days_between(today, case.notify_by)),
        contract_deadline=deadline if deadline > case.notify_by and deadline >= today else None,
        contact=one_line(a.contact_name),
        successor=one_line(a.successor),
        walk_through=ItemKey.HANDOVER_MEETING.value in covers,
        effective_passed=today > case.effective_date,
        stays=situation_of(case.situation).client_stays,
        # The conversation-day DM carries the talking points and the hard reactions while untold.
        points=talking_points(case.drafts.get(DraftKind.TALKING_POINTS.value, ""))
        if kind is ReminderKind.CONVERSATION_DAY and not told
        else [],
        reactions=reactions(SituationKey(case.situation))
        if kind is ReminderKind.CONVERSATION_DAY and not told
        else [],
        items=[(i.title, i.due_date) for i in case.items if i.key in covers and i.done_at is None],
        ahead=[
            (i.title, i.due_date)
            for i in case.items
            if kind is ReminderKind.TRANSITION
            and i.phase == "transition"
            and i.key not in covers
            and not i.done_at
        ],
    )


def reminder_message(
    case: Case, reminder: Reminder, *, late: bool, today: date, calendar: WorkCalendar
) -> dict[str, Any]:
    view = reminder_view(case, reminder, today, calendar)
    text = REMINDERS.body(reminder.kind, case, answers_of(case), view, case.owner_tz)
    blocks: list[b.Block] = [*b.sections(text)]
    if late:
        blocks.append(b.context(REMINDERS.late_note()))
    blocks = blocks[: MAX_BLOCKS - 1]
    blocks.append(reminder_buttons(case, reminder, len(view.items)))
    fallback = REMINDERS.fallback(case, reminder_label(reminder.kind))
    return {"blocks": blocks, "text": truncate(fallback, 3000)}


def reminder_buttons(case: Case, reminder: Reminder, open_items: int) -> b.Block:
    snooze = {
        "type": "static_select",
        "action_id": Action.REMINDER_SNOOZE,
        "placeholder": b.plain("Snooze"),
        "options": [b.option(label_of(choice), f"{reminder.id}:{choice.value}") for choice in Snooze],
    }
    elements: list[dict[str, Any]] = []
    if reminder.covers:
        elements.append(
            b.button(
                REMINDERS.button(reminder.kind, case.situation, open_items),
                Action.REMINDER_DONE,
                value=str(reminder.id),
                style="primary",
            )
        )
    elements += [snooze, b.button("Open case", Action.REMINDER_OPEN, value=str(case.id))]
    return b.actions(elements, block_id=Block.REMINDER_ACTIONS)


def settled_message(original_blocks: list[dict[str, Any]], note: str, fallback: str) -> dict[str, Any]:
    """The DM after Done or Snooze: the same words, the buttons replaced by what happened."""
    kept = [blk for blk in original_blocks if blk.get("type") != "actions"][: MAX_BLOCKS - 2]
    return {"blocks": [*kept, b.context(note)], "text": truncate(fallback, 3000)}
