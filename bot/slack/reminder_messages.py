"""The reminder DMs: short, say which client and why now, with Done (naming what it ticks),
Snooze and Open case."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.copydeck import REMINDERS, reactions
from bot.core.calendar import WorkCalendar
from bot.core.checklist import ItemKey
from bot.core.drafts import talking_points
from bot.core.kinds import DraftKind, ReminderKind
from bot.core.notice import Notice, earliest_effective, notice_deadline, notice_given
from bot.core.plan import contract_notice
from bot.core.reminder_words import ReminderWords
from bot.core.schedule import Snooze
from bot.core.situations import situation_of
from bot.core.situations.common import talks
from bot.core.typed_text import one_line
from bot.services.read_models import CaseView, ReminderView
from bot.slack import blocks as b
from bot.slack.ids import Action, Block
from bot.slack.labels import label_of, notice_words, reminder_label
from bot.slack.rehearsal_views import rehearse_button
from bot.text import truncate

MAX_BLOCKS = 50
# The nudges before the conversation (the booking nudge, the briefing on its eve) offer a rehearsal.
REHEARSE_BEFORE = (ReminderKind.NOTICE_AHEAD, ReminderKind.BRIEF_PEOPLE)


def reminder_words(
    case: CaseView, reminder: ReminderView, today: date, calendar: WorkCalendar
) -> ReminderWords:
    a = case.parsed_answers
    kind = reminder.kind
    covers = set(reminder.covers)
    told = case.client_told
    notice = contract_notice(a)
    deadline = notice_deadline(case.effective_date, notice, calendar)
    told_today = calendar.on_or_after(today)
    tell_by = calendar.add_working_days(today, 1)
    rest = [
        (i.title, i.due_date)
        for i in case.items
        if kind is ReminderKind.TRANSITION
        and i.phase == "transition"
        and i.key not in covers
        and not i.done_at
    ]
    return ReminderWords(
        written=not talks(a),
        notify_today=case.notify_by == today,
        tell_by=tell_by,
        # Only the overdue DM names the earliest date the contract still allows.
        earliest_end=calendar.on_or_after(earliest_effective(notice, tell_by, calendar))
        if kind is ReminderKind.NOTICE_OVERDUE
        else None,
        given_if_today=notice_words(
            Notice(notice_given(told_today, case.effective_date, notice.unit, calendar), notice.unit)
        ),
        notice_words=notice_words(notice),
        days_left=max(0, calendar.working_days_between(today, case.notify_by)),
        contract_deadline=deadline if deadline > case.notify_by and deadline >= today else None,
        last_day_to_tell=max(deadline, case.notify_by),
        deadline_days_left=max(0, calendar.working_days_between(today, deadline)),
        contact=one_line(a.contact_name),
        serve_notice=one_line(a.serve_notice)
        if any(i.key == ItemKey.SERVE_NOTICE and i.done_at is None for i in case.items)
        else "",
        successor=one_line(a.successor),
        walk_through=ItemKey.HANDOVER_MEETING.value in covers,
        effective_passed=today > case.effective_date,
        stays=situation_of(case.situation).client_stays,
        # The conversation-day DM carries the talking points and the hard reactions while untold.
        points=talking_points(case.drafts.get(DraftKind.TALKING_POINTS.value, ""))
        if kind is ReminderKind.CONVERSATION_DAY and not told and talks(a)
        else [],
        reactions=reactions(case.situation, a)
        if kind is ReminderKind.CONVERSATION_DAY and not told and talks(a)
        else [],
        items=[(i.title, i.due_date) for i in case.items if i.key in covers and i.done_at is None],
        ahead=[(title, due) for title, due in rest if due >= today],
        behind=[(title, due) for title, due in rest if due < today],
    )


def reminder_message(
    case: CaseView, reminder: ReminderView, *, late: bool, today: date, calendar: WorkCalendar
) -> dict[str, Any]:
    view = reminder_words(case, reminder, today, calendar)
    return {
        "blocks": reminder_blocks(case, reminder, view, late=late),
        "text": truncate(REMINDERS.fallback(case, reminder_label(reminder.kind)), 3000),
    }


def reminder_blocks(
    case: CaseView, reminder: ReminderView, view: ReminderWords, *, late: bool
) -> list[b.Block]:
    """One nudge's words and its buttons (the buttons last, in a block of their own)."""
    text = REMINDERS.body(reminder.kind, case, case.parsed_answers, view, case.owner_tz)
    blocks: list[b.Block] = [*b.sections(text)]
    if late:
        blocks.append(b.context(REMINDERS.late_note()))
    blocks = blocks[: MAX_BLOCKS - 1]
    blocks.append(reminder_buttons(case, reminder, view))
    return blocks


def _told_on_picker(which: str) -> dict[str, Any]:
    return {
        "type": "datepicker",
        "action_id": Action.TOLD_ON,
        "placeholder": b.plain(REMINDERS.told_label(which, "")),
    }


def reminder_buttons(case: CaseView, reminder: ReminderView, view: ReminderWords) -> b.Block:
    """Done (or one button per item it names), Snooze and Open case; "Did you tell them?" and the
    overdue decision have their own answers. Five elements at most (Slack's limit per block)."""
    kind = reminder.kind
    rid = str(reminder.id)
    open_case = b.button("Open case", Action.REMINDER_OPEN, value=str(case.id))
    if kind is ReminderKind.DID_YOU_TELL:
        on_day = case.conversation_date.strftime("%a %d %b")
        return b.actions(
            [
                b.button(REMINDERS.told_label("yes", on_day), Action.TOLD_YES, value=rid, style="primary"),
                _told_on_picker("another"),
                b.button(REMINDERS.told_label("moved", ""), Action.TOLD_MOVED, value=str(case.id)),
                b.button(REMINDERS.told_label("not_yet", ""), Action.TOLD_NOT_YET, value=rid),
                open_case,
            ],
            block_id=Block.REMINDER_ACTIONS,
        )
    snooze = {
        "type": "static_select",
        "action_id": Action.REMINDER_SNOOZE,
        "placeholder": b.plain("Snooze"),
        "options": [b.option(label_of(choice), f"{reminder.id}:{choice.value}") for choice in Snooze],
    }
    if kind is ReminderKind.NOTICE_OVERDUE:
        # Told after all (today, or a day they pick); once the contract's notice can no longer be
        # met, moving the dates comes first.
        told = [
            b.button(REMINDERS.told_label("told_now", ""), Action.REMINDER_DONE, value=rid),
            _told_on_picker("told_on"),
        ]
        if view.contract_deadline is None and view.earliest_end:
            move = f"{case.id}:{view.earliest_end.isoformat()}"
            told.insert(
                0,
                b.button(
                    REMINDERS.told_label("move_dates", ""), Action.MOVE_DATES, value=move, style="primary"
                ),
            )
        # The last one (the end date has passed) says so: nothing to snooze it to.
        later = [] if view.effective_passed else [snooze]
        return b.actions([*told, *later, open_case], block_id=Block.REMINDER_ACTIONS)
    elements: list[dict[str, Any]] = []
    open_items = [i for i in case.items if i.key in set(reminder.covers) and i.done_at is None]
    if kind is ReminderKind.CONVERSATION_DAY and len(open_items) > 1 and not view.written:
        # Told, and the formal notice sent: two things, each with its own button.
        for item in open_items[:2]:
            words = (
                REMINDERS.button(reminder.kind, case.situation, 1, view.written)
                if item.key == ItemKey.TELL
                else REMINDERS.told_label("notice_sent", "")
            )
            elements.append(b.button(words, Action.REMINDER_TICK, value=f"{rid}:{item.key}"))
    elif reminder.covers:
        elements.append(
            b.button(
                REMINDERS.button(reminder.kind, case.situation, len(view.items), view.written),
                Action.REMINDER_DONE,
                value=rid,
                style="primary",
            )
        )
    if kind in REHEARSE_BEFORE and not case.client_told:
        elements.append(rehearse_button(case))
    elements += [snooze, open_case]
    return b.actions(elements, block_id=Block.REMINDER_ACTIONS)


def combined_message(messages: list[dict[str, Any]]) -> dict[str, Any]:
    """Several of a case's messages due together, as one: each keeps its words and its buttons
    (each buttons block with an id of its own, as Slack requires), a divider between them."""
    if len(messages) == 1:
        return messages[0]
    blocks: list[b.Block] = []
    for n, message in enumerate(messages):
        if blocks:
            blocks.append(b.divider())
        for blk in message["blocks"]:
            if blk.get("block_id") == Block.REMINDER_ACTIONS:
                blk = {**blk, "block_id": f"{Block.REMINDER_ACTIONS_PREFIX}{n}"}
            blocks.append(blk)
    text = " · ".join(str(m["text"]) for m in messages)
    return {"blocks": blocks[:MAX_BLOCKS], "text": truncate(text, 3000)}


def settled_message(
    original_blocks: list[dict[str, Any]], note: str, fallback: str, block_id: str | None = None
) -> dict[str, Any]:
    """The DM after Done or Snooze: the same words, the buttons replaced by what happened. In a DM
    that carries several nudges, only the buttons pressed (`block_id`) are replaced, in place."""
    if block_id is not None and sum(1 for blk in original_blocks if blk.get("type") == "actions") > 1:
        blocks = [b.context(note) if blk.get("block_id") == block_id else blk for blk in original_blocks]
        return {"blocks": blocks[:MAX_BLOCKS], "text": truncate(fallback, 3000)}
    kept = [blk for blk in original_blocks if blk.get("type") != "actions"][: MAX_BLOCKS - 2]
    return {"blocks": [*kept, b.context(note)], "text": truncate(fallback, 3000)}


def settled_item(
    original_blocks: list[dict[str, Any]], pressed: str, note: str, fallback: str
) -> dict[str, Any]:
    """After one of several per-item buttons: that button goes, the others stay until pressed."""
    kept: list[dict[str, Any]] = []
    for blk in original_blocks:
        if blk.get("type") == "actions" and any(e.get("value") == pressed for e in blk.get("elements") or []):
            elements = [e for e in blk.get("elements") or [] if e.get("value") != pressed]
            if not any(e.get("action_id") == Action.REMINDER_TICK for e in elements):
                continue
            blk = {**blk, "elements": elements}
        kept.append(blk)
    return {"blocks": [*kept[: MAX_BLOCKS - 1], b.context(note)], "text": truncate(fallback, 3000)}
