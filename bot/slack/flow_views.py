"""The modal views of the guided /end-client flow, one per step."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.core import drafts
from bot.core.answers import Answers, ChangeKind, Method, Tenure, TransitionNeed
from bot.core.calendar import WorkCalendar
from bot.core.notice import MAX_NOTICE_DAYS, notice_status, notify_by, recommend_notice
from bot.core.plan import Phase, Plan, build_plan
from bot.core.steps import STEP_COUNT, Step
from bot.core.validation import CLIENT_NAME_MAX, REASON_MAX, REFERRAL_MAX, STORY_MAX
from bot.slack import blocks as b
from bot.slack.ids import REFERRAL_BLOCKS, STEP_CALLBACKS, Action, Block, Callback
from bot.text import copy

FLOW = "flow.md.j2"
TITLE = "Endings Coach"
STEP_NAMES = {
    Step.CHANGE: "The change",
    Step.NOTICE: "Notice",
    Step.CONVERSATION: "The conversation",
    Step.REFERRALS: "Referrals and transition",
    Step.REVIEW: "Your plan",
}
SUBMIT = {Step.REFERRALS: "Review plan", Step.REVIEW: "Create plan"}
DEFAULT_NEEDS = {
    ChangeKind.ENDING: [
        TransitionNeed.HANDOVER_NOTES,
        TransitionNeed.RETURN_DATA,
        TransitionNeed.ACCESS,
        TransitionNeed.FINAL_INVOICE,
    ],
    ChangeKind.HANDOVER: [TransitionNeed.HANDOVER_NOTES, TransitionNeed.INTRODUCE_SUCCESSOR],
}


@dataclass(frozen=True)
class FlowMeta:
    """What a flow view carries in private_metadata: only a pointer to the draft."""

    draft_id: str | None = None

    def encode(self) -> str:
        return json.dumps({"draft": self.draft_id}) if self.draft_id else ""

    @classmethod
    def decode(cls, raw: str | None) -> FlowMeta:
        try:
            data = json.loads(raw or "{}")
            draft = data.get("draft") if isinstance(data, dict) else None
        except ValueError:
            draft = None
        return cls(draft if isinstance(draft, str) and len(draft) <= 36 else None)


def _text_input(
    initial: str | None, max_length: int, multiline: bool = False, placeholder: str | None = None
) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": Action.INPUT,
        "multiline": multiline,
        "max_length": max_length,
    }
    if initial:
        element["initial_value"] = initial[:max_length]
    if placeholder:
        element["placeholder"] = b.plain(placeholder, b.PLACEHOLDER_MAX)
    return element


def _select(options: list[dict[str, Any]], initial: str | None, placeholder: str) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "static_select",
        "action_id": Action.INPUT,
        "options": options,
        "placeholder": b.plain(placeholder, b.PLACEHOLDER_MAX),
    }
    chosen = [o for o in options if o["value"] == initial]
    if chosen:
        element["initial_option"] = chosen[0]
    return element


def _number(initial: int | None, minimum: int = 0, maximum: int = MAX_NOTICE_DAYS) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "number_input",
        "action_id": Action.INPUT,
        "is_decimal_allowed": False,
        "min_value": str(minimum),
        "max_value": str(maximum),
    }
    if initial is not None and minimum <= initial <= maximum:
        element["initial_value"] = str(initial)
    return element


def _datepicker(initial: date | None) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "datepicker", "action_id": Action.INPUT}
    if initial:
        element["initial_date"] = initial.isoformat()
    return element


def _nav(back: bool) -> list[b.Block]:
    if not back:
        return []
    return [b.actions([b.button("← Back", Action.BACK)], block_id=Block.FLOW_NAV)]


def _frame(step: Step, body: list[b.Block], meta: FlowMeta) -> dict[str, Any]:
    blocks = [
        b.context(copy(FLOW).step_label(int(step), STEP_COUNT, STEP_NAMES[step])),
        *body,
        *_nav(step.previous is not None),
    ]
    return b.modal(
        STEP_CALLBACKS[step], TITLE, blocks, submit=SUBMIT.get(step, "Next"), private_metadata=meta.encode()
    )


def change_step(a: Answers, meta: FlowMeta) -> dict[str, Any]:
    body = [
        b.section(copy(FLOW).change_intro()),
        b.input_block(
            Block.CLIENT_NAME,
            "Client",
            _text_input(a.client_name, CLIENT_NAME_MAX, placeholder="e.g. Acme Ltd"),
        ),
        b.input_block(
            Block.CHANGE_KIND,
            "What is changing?",
            _select(
                [b.option(k.label, k.value) for k in ChangeKind],
                a.change_kind and a.change_kind.value,
                "Choose one",
            ),
        ),
        b.input_block(
            Block.REASON,
            "Why, in a sentence or two",
            _text_input(a.reason, REASON_MAX, multiline=True),
            hint=copy(FLOW).reason_hint(),
        ),
        b.input_block(Block.EFFECTIVE_DATE, "When does it take effect?", _datepicker(a.effective_date)),
        b.input_block(
            Block.CONTRACT_NOTICE_DAYS,
            "Notice period in your contract (working days)",
            _number(a.contract_notice_days),
            hint="Enter 0 if the contract names none.",
        ),
        b.input_block(
            Block.TENURE,
            "How long have they been a client?",
            _select([b.option(t.label, t.value) for t in Tenure], a.tenure and a.tenure.value, "Choose one"),
        ),
    ]
    return _frame(Step.CHANGE, body, meta)


def notice_step(a: Answers, meta: FlowMeta, today: date, calendar: WorkCalendar, tz: str) -> dict[str, Any]:
    assert a.change_kind and a.tenure and a.effective_date and a.contract_notice_days is not None
    advice = recommend_notice(a.change_kind, a.tenure, a.contract_notice_days, a.effective_date, calendar)
    contract = notice_status(advice.contract_notify_by, today, calendar)
    recommended = notice_status(advice.recommended_notify_by, today, calendar)
    initial = a.notice_days if a.notice_days is not None else advice.recommended_days
    body = [
        *b.sections(
            copy(FLOW).notice_summary(a=a, advice=advice, contract=contract, recommended=recommended, tz=tz)
        ),
        b.input_block(
            Block.NOTICE_DAYS,
            "Notice you will give (working days)",
            _number(max(initial, a.contract_notice_days)),
            hint=copy(FLOW).notice_hint(),
        ),
    ]
    return _frame(Step.NOTICE, body, meta)


def conversation_step(
    a: Answers, meta: FlowMeta, today: date, calendar: WorkCalendar, tz: str
) -> dict[str, Any]:
    assert a.effective_date and a.notice_days is not None
    deadline = notify_by(a.effective_date, a.notice_days, calendar)
    status = notice_status(deadline, today, calendar)
    suggested = a.conversation_date or (calendar.on_or_before(deadline) if deadline >= today else today)
    methods = [
        b.option(m.label, m.value, "Discouraged: it can feel cold" if not m.is_personal else None)
        for m in Method
    ]
    method_element: dict[str, Any] = {"type": "radio_buttons", "action_id": Action.INPUT, "options": methods}
    chosen = [o for o in methods if a.method and o["value"] == a.method.value]
    if chosen:
        method_element["initial_option"] = chosen[0]
    time_element: dict[str, Any] = {"type": "timepicker", "action_id": Action.INPUT}
    if a.conversation_time:
        time_element["initial_time"] = a.conversation_time.strftime("%H:%M")
    body = [
        b.section(copy(FLOW).conversation_intro(deadline=deadline, status=status, tz=tz)),
        b.input_block(Block.METHOD, "How will you tell them?", method_element),
        b.input_block(Block.CONVERSATION_DATE, "When?", _datepicker(suggested)),
        b.input_block(Block.CONVERSATION_TIME, "At what time? (optional)", time_element, optional=True),
        b.input_block(
            Block.CLIENT_IMPACT,
            "In their shoes: what will this mean for them?",
            _text_input(a.client_impact, STORY_MAX, multiline=True),
            hint="Their work, their budget, their people. What will they worry about first?",
        ),
        b.input_block(
            Block.APPRECIATION,
            "What have you valued about working with them?",
            _text_input(a.appreciation, STORY_MAX, multiline=True),
            hint="Be specific; you will say it to them, even if it was not always easy.",
        ),
        b.context(copy(FLOW).on_the_day()),
    ]
    if a.method is Method.WRITTEN:
        body.insert(2, b.context(copy(FLOW).written_warning()))
    return _frame(Step.CONVERSATION, body, meta)


def referrals_step(a: Answers, meta: FlowMeta) -> dict[str, Any]:
    assert a.tenure and a.change_kind
    first_visit = not a.referrals and not a.transition_needs and a.transition_notes is None
    needs = DEFAULT_NEEDS.get(a.change_kind, []) if first_visit else a.transition_needs
    options = [b.option(n.label, n.value) for n in TransitionNeed]
    needs_element: dict[str, Any] = {"type": "checkboxes", "action_id": Action.INPUT, "options": options}
    initial = [o for o in options if o["value"] in {n.value for n in needs}]
    if initial:
        needs_element["initial_options"] = initial
    body: list[b.Block] = [b.section(copy(FLOW).referrals_intro(is_long=a.tenure.is_long))]
    labels = ["A capable alternative", "Another one (optional)", "A third (optional)"]
    for index, block in enumerate(REFERRAL_BLOCKS):
        initial_text = a.referrals[index] if index < len(a.referrals) else None
        body.append(
            b.input_block(
                block,
                labels[index],
                _text_input(initial_text, REFERRAL_MAX, placeholder="Name, firm, and how to reach them"),
                optional=index > 0,
            )
        )
    body.append(
        b.input_block(Block.TRANSITION_NEEDS, "What does the transition need?", needs_element, optional=True)
    )
    body.append(
        b.input_block(
            Block.TRANSITION_NOTES,
            "Anything else for the handover? (optional)",
            _text_input(a.transition_notes, STORY_MAX, multiline=True),
            optional=True,
        )
    )
    return _frame(Step.REFERRALS, body, meta)


@dataclass(frozen=True)
class ChecklistLine:
    title: str
    due: date
    done: bool = False


def checklist_blocks(lines_by_phase: dict[Phase, list[ChecklistLine]], tz: str) -> list[b.Block]:
    return [
        b.section(copy(FLOW).checklist_phase(label=phase.label, items=lines, tz=tz))
        for phase, lines in lines_by_phase.items()
        if lines
    ]


def review_step(a: Answers, plan: Plan, meta: FlowMeta, tz: str) -> dict[str, Any]:
    points = drafts.talking_points(a, plan)
    note = drafts.referral_note(a, plan)
    by_phase: dict[Phase, list[ChecklistLine]] = {phase: [] for phase in Phase}
    for item in plan.items:
        by_phase[item.phase].append(ChecklistLine(item.title, item.due))
    warnings = copy(FLOW).review_warnings(a=a, plan=plan, tz=tz)
    body: list[b.Block] = [b.header(f"Ending well with {(a.client_name or '').strip()}")]
    if warnings:
        body.append(b.section(warnings))
    body += [
        b.section(copy(FLOW).timeline(plan.milestones, tz)),
        b.divider(),
        *b.sections(copy(FLOW).talking_points(points)),
        b.context(copy(FLOW).on_the_day()),
        b.divider(),
        b.section(copy(FLOW).referral_note_heading()),
        *b.sections(copy(FLOW).quoted(note)),
        b.divider(),
        *checklist_blocks(by_phase, tz),
    ]
    return _frame(Step.REVIEW, body, meta)


def done_view(client_name: str) -> dict[str, Any]:
    return b.modal(Callback.FLOW_DONE, TITLE, [b.section(copy(FLOW).done(client_name.strip()))], close="Done")


def notice_view(text: str) -> dict[str, Any]:
    return b.modal(Callback.NOTICE, TITLE, [b.section(text)], close="Close")


def expired_view() -> dict[str, Any]:
    return notice_view(copy(FLOW).expired())


def step_view(
    step: Step,
    a: Answers,
    meta: FlowMeta,
    today: date,
    calendar: WorkCalendar,
    tz: str,
    problems: list[str] | None = None,
) -> dict[str, Any]:
    """Any step's view; `problems` are shown on top when answers stopped holding (dates moved on)."""
    if step is Step.CHANGE:
        view = change_step(a, meta)
    elif step is Step.NOTICE:
        view = notice_step(a, meta, today, calendar, tz)
    elif step is Step.CONVERSATION:
        view = conversation_step(a, meta, today, calendar, tz)
    elif step is Step.REFERRALS:
        view = referrals_step(a, meta)
    else:
        view = review_step(a, build_plan(a, today, calendar), meta, tz)
    if problems:
        view["blocks"].insert(1, b.section(copy(FLOW).problems(problems)))
    return view
