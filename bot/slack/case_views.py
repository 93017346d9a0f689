"""The case modal (plan, checklist, drafts, nudges, history) and the forms pushed over it."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.copydeck import CASE, FLOW, POLICY, reactions, situation_text
from bot.core.case_states import CaseStatus, SignOff
from bot.core.checklist import PHASE_ORDER, is_loose_end
from bot.core.drafts import talking_points
from bot.core.kinds import DraftKind
from bot.core.policy import decode_reasons
from bot.core.situations import situation_of
from bot.core.validation import DRAFT_MAX
from bot.services.cases import CaseSnapshot
from bot.services.read_models import CaseView
from bot.services.sign_off import WAITING as SIGN_OFF_WAITING
from bot.slack import blocks as b
from bot.slack.calendar_offer import calendar_blocks
from bot.slack.flow_views import DRAFT_BLOCKS, draft_label, milestone_lines
from bot.slack.ids import Action, Block, Callback
from bot.slack.labels import label_of, reminder_label, status_label, told_in_writing
from bot.slack.rehearsal_views import rehearse_button
from bot.text import escape_mrkdwn, label

CHECKBOX_GROUP = 10
HISTORY_SHOWN = 6
# Warnings that stay true for the life of a case, shown in its view.
LASTING_WARNINGS = ("below_recommended", "their_notice_short", "written_only", "told_on_effective_day")
MAX_BLOCKS = 100


@dataclass(frozen=True)
class CaseMeta:
    case_id: int

    def encode(self) -> str:
        return json.dumps({"case": self.case_id})

    @classmethod
    def decode(cls, raw: str | None) -> CaseMeta | None:
        try:
            data = json.loads(raw or "{}")
            return cls(int(data["case"]))
        except (ValueError, KeyError, TypeError):
            return None


def due_words(day: date) -> str:
    """Wed 2 Dec (plain text: option descriptions cannot carry Slack's date formatting)."""
    return f"{day:%a} {day.day} {day:%b}"


def checklist_groups(case: CaseView) -> list[b.Block]:
    groups: list[b.Block] = []
    for phase in PHASE_ORDER:
        items = [item for item in case.items if item.phase is phase]
        for start in range(0, len(items), CHECKBOX_GROUP):
            chunk = items[start : start + CHECKBOX_GROUP]
            options = [b.option(item.title, item.key, f"Due {due_words(item.due_date)}") for item in chunk]
            done = {item.key for item in chunk if item.done_at is not None}
            if start == 0:
                phase_words = label("Phase", phase.value, case.situation, told_in_writing(case.answers))
                groups.append(b.section(f"*{phase_words}*"))
            groups.append(
                b.actions(
                    [b.checkboxes(options, done, action_id=Action.CHECKLIST_TOGGLE)],
                    block_id=f"{Block.CHECKLIST_PREFIX}{phase.value}_{start}",
                )
            )
    return groups


def needs_sign_off(case: CaseView) -> bool:
    """The firm's policy when the plan was made decides, when the firm had one."""
    if case.sign_off_required is not None:
        return bool(decode_reasons(case.sign_off_required))
    return situation_of(case.situation).asks_sign_off


def _sign_off_status(snap: CaseSnapshot) -> list[b.Block]:
    case = snap.case
    needed = bool(snap.lead) and needs_sign_off(case) and case.status == CaseStatus.OPEN
    required = decode_reasons(case.sign_off_required)
    firm = (
        [b.context(POLICY.case_required([r.value for r in required], snap.lead))]
        if required and case.status == CaseStatus.OPEN and case.sign_off != SignOff.APPROVED
        else []
    )
    if snap.read_only or not (case.sign_off or needed):
        return [] if snap.read_only else firm
    status = b.section(CASE.sign_off_status(state=case.sign_off, needed=needed, note=case.sign_off_note))
    return [status, *firm]


def checklist_lines(case: CaseView) -> list[b.Block]:
    """The checklist as text, for the lead's read-only view."""
    items = sorted(case.items, key=lambda i: (i.due_date, i.position))
    return b.sections(CASE.checklist_text(items=items, tz=case.owner_tz)) if items else []


def _case_buttons(case: CaseView, lead: str | None) -> list[dict[str, Any]]:
    value = str(case.id)
    buttons: list[dict[str, Any]] = []
    words = situation_text(case.situation)
    waits_for_lead = bool(lead) and needs_sign_off(case) and case.sign_off != SignOff.APPROVED
    if lead and case.is_active and case.sign_off not in (*SIGN_OFF_WAITING, SignOff.APPROVED):
        style = "primary" if needs_sign_off(case) and case.status == CaseStatus.OPEN else None
        buttons.append(b.button("Ask for sign-off", Action.ASK_SIGN_OFF, value, style=style))
    if case.status == CaseStatus.OPEN:
        confirm = (
            b.confirm_dialog(
                "Your lead has not signed off",
                "Tell them anyway? The plan has not been signed off by your team lead yet.",
                "Client told",
            )
            if waits_for_lead
            else None
        )
        buttons.append(
            b.button(
                "Client told",
                Action.CLIENT_TOLD,
                value,
                style=None if waits_for_lead else "primary",
                confirm=confirm,
            )
        )
        buttons.append(rehearse_button(case))
    if case.is_active:
        buttons.append(b.button("Log their response", Action.LOG_FEEDBACK, value))
        buttons.append(b.button("Change dates", Action.EDIT_DATES, value))
        buttons.append(b.button("Edit drafts", Action.EDIT_DRAFTS, value))
        buttons.append(
            b.button(
                "Turn reminders off" if case.reminders_enabled else "Turn reminders on",
                Action.TOGGLE_REMINDERS,
                value,
            )
        )
        # With loose ends, Close opens a form that lists them instead of this plain question.
        plain_close = b.confirm_dialog("Close this case?", "It is complete; its reminders stop.", "Close it")
        buttons.append(
            b.button(
                "Close case",
                Action.CLOSE_CASE,
                value,
                confirm=None
                if any(is_loose_end(i.key) and not i.done_at for i in case.items)
                else plain_close,
            )
        )
        buttons.append(
            b.button(
                words.cancel_label(),
                Action.CANCEL_CASE,
                value,
                confirm=b.confirm_dialog(
                    "Cancel this case?", f"{words.cancel_detail()}; reminders stop.", "Cancel it"
                ),
            )
        )
    else:
        buttons.append(b.button("Reopen", Action.REOPEN_CASE, value))
    if case.shared_at is not None:
        buttons.append(b.button("Stop sharing", Action.UNSHARE_CASE, value))
    elif lead and case.is_active:
        buttons.append(
            b.button(
                "Share with my lead",
                Action.SHARE_CASE,
                value,
                confirm=b.confirm_dialog(
                    "Share with your team lead?",
                    "They can read this case (nothing else) and will get a DM saying you shared it. "
                    "Nothing is posted to a channel; you can stop sharing at any time.",
                    "Share it",
                ),
            )
        )
    buttons.append(b.button("Export", Action.EXPORT_CASE, value))
    buttons.append(
        b.button(
            "Delete",
            Action.DELETE_CASE,
            value,
            style="danger",
            confirm=b.confirm_dialog(
                "Delete this case?",
                "The plan, checklist, history and reminders are removed for good.",
                "Delete",
            ),
        )
    )
    return buttons


def case_view(snap: CaseSnapshot) -> dict[str, Any]:
    case, a, plan = snap.case, snap.answers, snap.plan
    tz = case.owner_tz
    situation = situation_of(case.situation)
    key = case.situation
    written = told_in_writing(case.answers)
    blocks: list[b.Block] = [
        b.header(case.client_name),
        b.section(
            CASE.overview(
                case=case,
                a=a,
                status_label=status_label(case.status, case.situation, written),
                situation_label=label_of(key),
                method_label=label_of(a.method) if a.method else "",
                tz=tz,
            )
        ),
    ]
    if plan is not None:
        shown = [w for w in plan.warnings if w.value in LASTING_WARNINGS or case.status == CaseStatus.OPEN]
        warnings = FLOW.review_warnings(warnings=shown, plan=plan, a=a, tz=tz)
        if warnings:
            blocks += b.sections(warnings)
        blocks.append(b.section(FLOW.timeline(milestone_lines(plan, snap.milestones), tz)))
    if not snap.read_only:  # the owner's nudges are theirs: the lead gets none of them
        blocks.append(
            b.context(
                CASE.upcoming(
                    reminders=[(reminder_label(r.kind, written), r.next_attempt_at) for r in snap.upcoming],
                    enabled=case.reminders_enabled and case.is_active,
                    tz=tz,
                )
            )
        )
    blocks += [
        *_sign_off_status(snap),
        *(
            [b.context(CASE.shared_by(owner=case.owner_id))]
            if snap.read_only
            else [b.actions(_case_buttons(case, snap.lead), block_id=Block.CASE_ACTIONS)]
        ),
        *([] if snap.read_only else calendar_blocks(case)),
        b.divider(),
        *(checklist_lines(case) if snap.read_only else checklist_groups(case)),
        b.divider(),
    ]
    points = talking_points(case.drafts.get(DraftKind.TALKING_POINTS.value, ""))
    if points:
        blocks += b.sections(FLOW.talking_points(points, written))
    if not case.client_told:
        blocks += b.sections(FLOW.reactions(reactions(key, a), written))
    for kind in (k for k in DraftKind if k is not DraftKind.TALKING_POINTS):
        text = case.drafts.get(kind.value)
        if text:
            blocks.append(b.section(CASE.draft_heading(draft_label(kind, situation, written))))
            blocks += b.sections(b.quoted(text))
    if case.client_feedback:
        blocks.append(b.section(CASE.feedback(case.client_feedback)))
    events = [(e.at, e.detail) for e in case.events[-HISTORY_SHOWN:]]
    blocks += [b.divider(), b.context(CASE.timeline_events(events, tz))]
    if len(blocks) > MAX_BLOCKS:
        blocks = [
            *blocks[: MAX_BLOCKS - 1],
            b.context("Shortened to fit Slack; Export sends the whole case."),
        ]
    if snap.read_only:  # nothing in it acts on the case
        return b.modal(Callback.SHARED_CASE, "Shared case", blocks, close="Close")
    return b.modal(
        Callback.CASE, "Your case", blocks, close="Close", private_metadata=CaseMeta(case.id).encode()
    )


def feedback_view(case: CaseView) -> dict[str, Any]:
    blocks = [
        b.section(CASE.feedback_intro(case.client_name)),
        b.input_block(
            Block.FEEDBACK_TEXT,
            "What did they say?",
            b.text_input(case.client_feedback, 3000, multiline=True),
        ),
        b.input_block(
            Block.FEEDBACK_CONCERNS,
            "Concerns to resolve (one per line)",
            b.text_input(None, 3000, multiline=True),
            optional=True,
            hint="Each becomes a follow-up on the checklist, and I will nudge you until they are resolved.",
        ),
        b.input_block(
            Block.FEEDBACK_PROMISES,
            "Promises you made (one per line)",
            b.text_input(None, 3000, multiline=True),
            optional=True,
            hint="Keep your word: each becomes a follow-up too.",
        ),
    ]
    return _case_form(Callback.FEEDBACK, "Their response", blocks, case)


def dates_view(snap: CaseSnapshot, proposed: Mapping[str, date] | None = None) -> dict[str, Any]:
    """Change dates; `proposed` fills some in (a re-plan a reminder suggests), still the owner's
    to check and save."""
    case, a = snap.case, snap.answers
    new = proposed or {}
    situation = situation_of(case.situation)
    words = situation_text(case.situation)
    effective = new.get("effective_date", case.effective_date)
    blocks: list[b.Block] = [
        b.section(CASE.dates_intro(case.client_name, case.client_told)),
        b.input_block(Block.EFFECTIVE_DATE, words.effective_label(), b.datepicker(effective)),
    ]
    if situation.we_give_notice:
        notify_by = new.get("notify_by", case.notify_by)
        blocks.append(b.input_block(Block.NOTIFY_BY, "Tell them by", b.datepicker(notify_by)))
    talk = new.get("conversation_date", case.conversation_date)
    blocks += [
        b.input_block(
            Block.CONVERSATION_DATE,
            label("MilestoneKind", "conversation", case.situation, told_in_writing(case.answers)),
            b.datepicker(talk),
        ),
        b.input_block(
            Block.CONVERSATION_TIME,
            "At what time?",
            b.timepicker(a.conversation_time),
            optional=True,
        ),
    ]
    if situation.asked("intro_date"):
        blocks.append(b.input_block(Block.INTRO_DATE, words.intro_date_label(), b.datepicker(a.intro_date)))
    return _case_form(Callback.EDIT_DATES, "Change dates", blocks, case)


def drafts_view(case: CaseView) -> dict[str, Any]:
    situation = situation_of(case.situation)
    blocks: list[b.Block] = [b.section(CASE.drafts_intro(case.client_name))]
    for kind in DraftKind:
        text = case.drafts.get(kind.value)
        if text is not None:
            blocks.append(
                b.input_block(
                    DRAFT_BLOCKS[kind],
                    draft_label(kind, situation, told_in_writing(case.answers)),
                    b.text_input(text, DRAFT_MAX, multiline=True),
                )
            )
    return _case_form(Callback.EDIT_DRAFTS, "Edit drafts", blocks, case)


def _case_form(callback: Callback, title: str, blocks: list[b.Block], case: CaseView) -> dict[str, Any]:
    """A form about one case, pushed over the case modal: Save or Cancel, the case id in metadata."""
    return b.modal(
        callback, title, blocks, submit="Save", close="Cancel", private_metadata=CaseMeta(case.id).encode()
    )


def shared_message(case: CaseView) -> dict[str, Any]:
    """The DM to a team lead when one of their people shares a case with them."""
    text = CASE.shared_dm(owner=case.owner_id, client=case.client_name)
    return {
        "text": f"A case was shared with you: {escape_mrkdwn(case.client_name)}",
        "blocks": [
            b.section(text, accessory=b.button("Open", Action.OPEN_SHARED, value=str(case.id))),
        ],
    }


def sign_off_request_message(snap: CaseSnapshot, changed: str | None = None) -> dict[str, Any]:
    """The DM asking a team lead to sign a plan off: the plan's timeline, and their two answers;
    asked again after a signed-off plan `changed` (what changed), it says so first."""
    case, value = snap.case, str(snap.case.id)
    blocks: list[b.Block] = [
        b.section(CASE.sign_off_request(owner=case.owner_id, client=case.client_name, changed=changed))
    ]
    if snap.plan is not None:
        blocks.append(b.section(FLOW.timeline(milestone_lines(snap.plan, snap.milestones), case.owner_tz)))
    blocks.append(
        b.actions(
            [
                b.button("Approve", Action.APPROVE_SIGN_OFF, value, style="primary"),
                b.button("Ask for changes", Action.REQUEST_CHANGES, value),
                b.button("Open the plan", Action.OPEN_SHARED, value),
            ],
            block_id=Block.SIGN_OFF_ACTIONS,
        )
    )
    return {"text": f"Sign-off asked for: {escape_mrkdwn(case.client_name)}", "blocks": blocks}


def sign_off_answered_message(case: CaseView, approved: bool) -> dict[str, Any]:
    """The lead's DM once answered: what they decided, and the plan still to open."""
    text = CASE.sign_off_answered(approved=approved, owner=case.owner_id, client=case.client_name)
    return {
        "text": f"Sign-off answered: {escape_mrkdwn(case.client_name)}",
        "blocks": [b.section(text, accessory=b.button("Open the plan", Action.OPEN_SHARED, str(case.id)))],
    }


def sign_off_result_message(case: CaseView, lead: str, approved: bool, note: str | None) -> dict[str, Any]:
    """The owner's DM with their lead's answer."""
    text = CASE.sign_off_result(approved=approved, lead=lead, client=case.client_name, note=note)
    return {
        "text": f"Your team lead answered: {escape_mrkdwn(case.client_name)}",
        "blocks": [b.section(text, accessory=b.button("Open case", Action.OPEN_CASE, str(case.id)))],
    }


def changes_view(case_id: int) -> dict[str, Any]:
    """The lead says what should change; the DM that asked (as the bot's records place it, never
    as the view says) is updated once sent."""
    blocks = [
        b.input_block(
            Block.SIGN_OFF_NOTE,
            "What should change before they tell the client?",
            b.text_input(None, 1000, multiline=True),
        )
    ]
    meta = json.dumps({"case": case_id})
    return b.modal(Callback.SIGN_OFF_CHANGES, "Ask for changes", blocks, submit="Send", private_metadata=meta)
