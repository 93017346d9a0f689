"""The case modal: plan, checklist, nudges, history and what can be done with the case."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot.core.answers import ChangeKind, Method
from bot.core.notice import MAX_NOTICE_DAYS
from bot.core.plan import Milestone, Phase
from bot.slack import blocks as b
from bot.slack.ids import Action, Block, Callback
from bot.slack.labels import reminder_label, status_label
from bot.storage.models import Case, CaseStatus, Reminder
from bot.text import copy, slack_time

CASE = "case.md.j2"
FLOW = "flow.md.j2"
CHECKBOX_GROUP = 10
HISTORY_SHOWN = 6


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


@dataclass(frozen=True)
class _Upcoming:
    label: str
    when: str


@dataclass(frozen=True)
class _Event:
    when: str
    detail: str


def checklist_groups(case: Case) -> list[b.Block]:
    groups: list[b.Block] = []
    for phase in Phase:
        items = [item for item in case.items if item.phase == phase.value]
        for start in range(0, len(items), CHECKBOX_GROUP):
            chunk = items[start : start + CHECKBOX_GROUP]
            options = [b.option(item.title, item.key, f"Due {item.due_date:%a %d %b}") for item in chunk]
            element: dict[str, Any] = {
                "type": "checkboxes",
                "action_id": Action.CHECKLIST_TOGGLE,
                "options": options,
            }
            done = [opt for opt, item in zip(options, chunk, strict=True) if item.done_at is not None]
            if done:
                element["initial_options"] = done
            if start == 0:
                groups.append(b.section(f"*{phase.label}*"))
            groups.append(b.actions([element], block_id=f"{Block.CHECKLIST_PREFIX}{phase.value}_{start}"))
    return groups


def _case_buttons(case: Case) -> list[dict[str, Any]]:
    value = str(case.id)
    buttons: list[dict[str, Any]] = []
    if case.status == CaseStatus.OPEN:
        buttons.append(b.button("Client told", Action.CLIENT_TOLD, value, style="primary"))
    if case.is_active:
        buttons.append(b.button("Log their response", Action.LOG_FEEDBACK, value))
        buttons.append(b.button("Change dates", Action.EDIT_DATES, value))
        buttons.append(
            b.button(
                "Turn reminders off" if case.reminders_enabled else "Turn reminders on",
                Action.TOGGLE_REMINDERS,
                value,
            )
        )
        buttons.append(
            b.button(
                "Close case",
                Action.CLOSE_CASE,
                value,
                confirm=b.confirm_dialog(
                    "Close this case?", "The ending is complete; reminders stop.", "Close it"
                ),
            )
        )
        buttons.append(
            b.button(
                "Cancel: we're staying",
                Action.CANCEL_CASE,
                value,
                confirm=b.confirm_dialog(
                    "Cancel this ending?", "The relationship continues; reminders stop.", "Cancel the ending"
                ),
            )
        )
    else:
        buttons.append(b.button("Reopen", Action.REOPEN_CASE, value))
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


def case_view(case: Case, upcoming: list[Reminder], milestones: tuple[Milestone, ...]) -> dict[str, Any]:
    blocks: list[b.Block] = [
        b.header(case.client_name),
        b.section(
            copy(CASE).overview(
                case=case,
                status_label=status_label(case.status),
                change_label=ChangeKind(case.change_kind).label,
                method_label=Method(case.method).label,
            )
        ),
        b.section(copy(FLOW).timeline(milestones, case.owner_tz)),
        b.context(
            copy(CASE).upcoming(
                reminders=[
                    _Upcoming(reminder_label(r.kind), slack_time(r.next_attempt_at, case.owner_tz))
                    for r in upcoming
                ],
                enabled=case.reminders_enabled and case.is_active,
            )
        ),
        b.actions(_case_buttons(case), block_id=Block.CASE_ACTIONS),
        b.divider(),
        *checklist_groups(case),
        b.divider(),
        *b.sections(copy(FLOW).talking_points(case.talking_points.splitlines())),
        b.section(copy(FLOW).referral_note_heading()),
        *b.sections(copy(FLOW).quoted(case.referral_note)),
    ]
    if case.client_feedback:
        blocks.append(b.section(copy(CASE).feedback(case.client_feedback)))
    events = [_Event(slack_time(e.at, case.owner_tz), e.detail) for e in case.events[-HISTORY_SHOWN:]]
    blocks += [b.divider(), b.context(copy(CASE).timeline_events(events))]
    return b.modal(
        Callback.CASE, "Your case", blocks, close="Close", private_metadata=CaseMeta(case.id).encode()
    )


def feedback_view(case: Case) -> dict[str, Any]:
    element = {"type": "plain_text_input", "action_id": Action.INPUT, "multiline": True, "max_length": 3000}
    if case.client_feedback:
        element["initial_value"] = case.client_feedback
    concerns = {"type": "plain_text_input", "action_id": Action.INPUT, "multiline": True, "max_length": 3000}
    blocks = [
        b.section(copy(CASE).feedback_intro(case.client_name)),
        b.input_block(Block.FEEDBACK_TEXT, "What did they say?", element),
        b.input_block(
            Block.FEEDBACK_CONCERNS,
            "Concerns to resolve (one per line)",
            concerns,
            optional=True,
            hint="Each becomes a follow-up on the checklist, and I will nudge you until it is resolved.",
        ),
    ]
    return _case_form(Callback.FEEDBACK, "Their response", blocks, case)


def dates_view(case: Case) -> dict[str, Any]:
    def date_input(value: Any) -> dict[str, Any]:
        return {"type": "datepicker", "action_id": Action.INPUT, "initial_date": value.isoformat()}

    notice = {
        "type": "number_input",
        "action_id": Action.INPUT,
        "is_decimal_allowed": False,
        "min_value": "0",
        "max_value": str(MAX_NOTICE_DAYS),
        "initial_value": str(case.notice_days),
    }
    time_element: dict[str, Any] = {"type": "timepicker", "action_id": Action.INPUT}
    if case.conversation_time:
        time_element["initial_time"] = case.conversation_time
    blocks = [
        b.section(copy(CASE).dates_intro(case.client_name)),
        b.input_block(
            Block.EFFECTIVE_DATE, "When does the change take effect?", date_input(case.effective_date)
        ),
        b.input_block(Block.NOTICE_DAYS, "Notice you will give (working days)", notice),
        b.input_block(
            Block.CONVERSATION_DATE, "When will you tell them?", date_input(case.conversation_date)
        ),
        b.input_block(Block.CONVERSATION_TIME, "At what time? (optional)", time_element, optional=True),
    ]
    return _case_form(Callback.EDIT_DATES, "Change dates", blocks, case)


def _case_form(callback: Callback, title: str, blocks: list[b.Block], case: Case) -> dict[str, Any]:
    """A form about one case, pushed over the case modal: Save or Cancel, the case id in metadata."""
    return b.modal(
        callback, title, blocks, submit="Save", close="Cancel", private_metadata=CaseMeta(case.id).encode()
    )
