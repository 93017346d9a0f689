"""The modal views of the guided /end-client flow. STEP_VIEWS holds one builder per step; which
steps a case walks through, and which questions each asks, follow from its situation."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.copydeck import FLOW, TimelineRow, reactions, situation_coaching, situation_text
from bot.core.answers import (
    Answers,
    GreetBy,
    Method,
    Month,
    NoticeUnit,
    PriceChangeKind,
    SituationKey,
    Stakeholder,
    Tenure,
    TransitionNeed,
)
from bot.core.calendar import WorkCalendar
from bot.core.checklist import PHASE_ORDER
from bot.core.drafts import Signature, applicable, edited
from bot.core.kinds import DraftKind
from bot.core.milestones import MilestoneState, MilestoneStatus
from bot.core.notice import MAX_NOTICE, Notice, notice_status, working_days_given
from bot.core.plan import (
    MilestoneKind,
    Plan,
    PlanWarning,
    advice_for,
    budget_deadline,
    build_plan,
    contract_notice,
    day_flag,
    suggested_conversation,
    suggested_exit_conversation,
    suggested_introduction,
    suggested_notify_by,
)
from bot.core.policy import Policy
from bot.core.situations import Need, Situation
from bot.core.steps import StepId
from bot.core.validation import (
    CLAUSE_MAX,
    DRAFT_MAX,
    NAME_MAX,
    NOTES_MAX,
    REASON_MAX,
    REFERRAL_MAX,
    STORY_MAX,
    SUCCESSOR_MAX,
    TITLE_MAX,
)
from bot.drafting import generate
from bot.services.flow import Screen
from bot.slack import blocks as b
from bot.slack.ids import REFERRAL_BLOCKS, Action, Block, Callback
from bot.slack.judgement_views import judgement_blocks
from bot.slack.labels import label_of, notice_words
from bot.slack.policy_views import flow_policy_blocks
from bot.text import label, template_module

TITLE = "Endings Coach"
SUBMIT = {StepId.REVIEW: "Create plan"}
STEP_CALLBACKS: dict[StepId, Callback] = {
    StepId.SITUATION: Callback.STEP_SITUATION,
    StepId.CHANGE: Callback.STEP_CHANGE,
    StepId.NOTICE: Callback.STEP_NOTICE,
    StepId.CONVERSATION: Callback.STEP_CONVERSATION,
    StepId.ONWARD: Callback.STEP_ONWARD,
    StepId.PEOPLE: Callback.STEP_PEOPLE,
    StepId.REVIEW: Callback.STEP_REVIEW,
}
CALLBACK_STEPS: dict[str, StepId] = {callback.value: step for step, callback in STEP_CALLBACKS.items()}
ALL_STEPS = len(StepId)
DRAFT_BLOCKS = {
    DraftKind.TALKING_POINTS: Block.TALKING_POINTS,
    DraftKind.CONFIRMATION: Block.CONFIRMATION,
    DraftKind.REFERRAL_NOTE: Block.REFERRAL_NOTE,
    DraftKind.INTRODUCTION: Block.INTRODUCTION,
    DraftKind.THANK_YOU_NOTE: Block.THANK_YOU_NOTE,
    DraftKind.CLOSE_OUT: Block.CLOSE_OUT,
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


@dataclass(frozen=True)
class StepContext:
    """What a step's view is drawn from."""

    step: StepId
    answers: Answers
    meta: FlowMeta
    today: date
    calendar: WorkCalendar
    tz: str
    signature: Signature = field(default_factory=Signature)
    problems: tuple[str, ...] = ()
    tidied: str | None = None  # what the answer check repaired on the step before
    policy: Policy | None = None  # the firm's policy, shown where the flow begins

    @property
    def situation(self) -> Situation | None:
        from bot.core.situations import situation_of

        return situation_of(self.answers.situation) if self.answers.situation else None


def _optional(need: Need | None) -> bool:
    return need is not Need.REQUIRED


def _options(values: list[Any]) -> list[dict[str, Any]]:
    return [b.option(label_of(v), v.value) for v in values]


# ---- the steps ----------------------------------------------------------------------------------
def situation_step(ctx: StepContext) -> list[b.Block]:
    a = ctx.answers
    descriptions = template_module("labels.txt.j2").situation_descriptions
    situations = [b.option(label_of(k), k.value, descriptions[k.value]) for k in SituationKey]
    return [
        b.section(FLOW.intro_situation()),
        *flow_policy_blocks(ctx.policy),
        b.input_block(
            Block.CLIENT_NAME,
            "Client",
            b.text_input(a.client_name, NAME_MAX, placeholder="e.g. Harlow & Finch Ltd"),
        ),
        b.input_block(
            Block.CONTACT_NAME,
            "Who will you speak to there?",
            b.text_input(a.contact_name, NAME_MAX, placeholder="e.g. Sam Harlow"),
            hint="Letters open with their first name (Sam Harlow: “Dear Sam”), or with title and surname "
            "when you type a title (Ms Sam Harlow: “Dear Ms Harlow”), unless you choose below.",
        ),
        b.input_block(
            Block.GREET_BY,
            "Greet them by",
            b.radio_buttons(_options(list(GreetBy)), a.greet_by and a.greet_by.value),
            optional=True,
        ),
        b.input_block(
            Block.GREET_TITLE,
            "Their title, for title and surname",
            b.text_input(a.greet_title, TITLE_MAX, placeholder="e.g. Ms, Dr"),
            optional=True,
            hint="Only needed when you greet them by title and surname and typed no title with their name.",
        ),
        b.input_block(
            Block.SITUATION,
            "What is happening?",
            b.radio_buttons(situations, a.situation and a.situation.value),
        ),
        b.input_block(
            Block.TENURE,
            "How long have they been a client?",
            b.static_select(_options(list(Tenure)), a.tenure and a.tenure.value, "Choose one"),
        ),
    ]


def change_step(ctx: StepContext) -> list[b.Block]:
    a, s = ctx.answers, ctx.situation
    assert s is not None
    words = situation_text(s.key)
    units = _options(list(NoticeUnit))
    unit = (a.contract_notice_unit or NoticeUnit.WORKING_DAYS).value
    body = [
        *b.sections(situation_coaching(s.key).intro()),
        b.input_block(
            Block.REASON,
            words.reason_label(),
            b.text_input(a.reason, REASON_MAX, multiline=True),
            optional=_optional(s.need("reason")),
            hint=words.reason_hint(),
        ),
        b.input_block(Block.EFFECTIVE_DATE, words.effective_label(), b.datepicker(a.effective_date)),
        b.input_block(
            Block.CONTRACT_NOTICE_AMOUNT,
            words.contract_label(),
            b.number_input(a.contract_notice_amount, 0, max(MAX_NOTICE.values())),
            hint=words.contract_hint(),
        ),
        b.input_block(Block.CONTRACT_NOTICE_UNIT, "Counted in", b.static_select(units, unit, "Choose one")),
    ]
    body += _money_blocks(a, s)
    if s.asked("clause"):
        body.append(
            b.input_block(
                Block.CLAUSE,
                words.clause_label(),
                b.text_input(a.clause, CLAUSE_MAX),
                optional=_optional(s.need("clause")),
                hint=words.clause_hint(),
            )
        )
    return body + judgement_blocks(a, s)


def notice_step(ctx: StepContext) -> list[b.Block]:
    a = ctx.answers
    assert a.effective_date
    advice = advice_for(a, ctx.calendar)
    left = ctx.calendar.working_days_between(ctx.today, advice.contract_deadline)
    recommended = Notice(advice.recommended_working_days, NoticeUnit.WORKING_DAYS)
    initial = a.notify_by or suggested_notify_by(a, ctx.today, ctx.calendar)
    status = notice_status(initial, ctx.today, ctx.calendar)
    body = [
        *_end_day_flag(ctx),
        *b.sections(
            FLOW.notice_summary(
                a=a,
                advice=advice,
                contract_words=notice_words(contract_notice(a)),
                contract_left=max(left, 0),
                recommended_words=notice_words(recommended),
                tz=ctx.tz,
            )
        ),
    ]
    short = FLOW.notice_short(state=status.state.value, left=status.working_days_left)
    if short:
        body.append(b.section(short))
    body += _budget_note(ctx)
    body.append(
        b.input_block(Block.NOTIFY_BY, "Tell them by", b.datepicker(initial), hint=FLOW.notice_hint())
    )
    return body


def conversation_step(ctx: StepContext) -> list[b.Block]:
    a, s = ctx.answers, ctx.situation
    assert s is not None and a.effective_date
    words = situation_text(s.key)
    notify_by = a.notify_by or (
        suggested_notify_by(a, ctx.today, ctx.calendar) if s.we_give_notice else a.effective_date
    )
    if s.we_give_notice:
        suggested = a.conversation_date or suggested_conversation(notify_by, ctx.today, ctx.calendar)
    else:  # the client is leaving: talk soon, while there is time for a calm handover
        suggested = a.conversation_date or suggested_exit_conversation(
            a.effective_date, ctx.today, ctx.calendar
        )
    methods = [
        b.option(label_of(m), m.value, "Discouraged: it can feel cold" if not m.is_personal else None)
        for m in Method
    ]
    left = ctx.calendar.working_days_between(ctx.today, notify_by)
    body: list[b.Block] = [
        *([] if s.we_give_notice else _end_day_flag(ctx)),  # else shown on the notice step
        b.section(situation_coaching(s.key).conversation_coaching()),
        b.context(
            FLOW.conversation_deadline(
                s.we_give_notice,
                notify_by,
                max(left, 0),
                a.effective_date,
                ctx.tz,
                working_days_given(suggested, a.effective_date, ctx.calendar),
            )
        ),
        b.input_block(
            Block.METHOD, words.method_label(), b.radio_buttons(methods, a.method and a.method.value)
        ),
    ]
    if a.method is Method.WRITTEN:
        body.append(b.context(FLOW.written_warning()))
    body += [
        b.input_block(Block.CONVERSATION_DATE, "On which day?", b.datepicker(suggested)),
        b.input_block(
            Block.CONVERSATION_TIME,
            "At what time?",
            b.timepicker(a.conversation_time),
            optional=True,
        ),
        b.input_block(
            Block.CLIENT_IMPACT,
            words.impact_label(),
            b.text_input(a.client_impact, STORY_MAX, multiline=True),
            hint=words.impact_hint(),
        ),
    ]
    if s.asked("appreciation"):
        body.append(
            b.input_block(
                Block.APPRECIATION,
                words.appreciation_label(),
                b.text_input(a.appreciation, STORY_MAX, multiline=True),
                optional=_optional(s.need("appreciation")),
                hint=words.appreciation_hint(),
            )
        )
    if s.asked("history"):
        body.append(
            b.input_block(
                Block.HISTORY,
                words.history_label(),
                b.text_input(a.history, STORY_MAX, multiline=True),
                optional=_optional(s.need("history")),
                hint=words.history_hint(),
            )
        )
    body.append(b.context(FLOW.on_the_day()))
    return body


def onward_step(ctx: StepContext) -> list[b.Block]:
    a, s = ctx.answers, ctx.situation
    assert s is not None and a.tenure and a.effective_date
    words = situation_text(s.key)
    body: list[b.Block] = [b.section(situation_coaching(s.key).onward_intro(is_long=a.tenure.is_long))]
    if s.asked("options"):
        body.append(
            b.input_block(
                Block.OPTIONS,
                words.options_label(),
                b.text_input(a.options, STORY_MAX, multiline=True),
                optional=_optional(s.need("options")),
                hint=words.options_hint(),
            )
        )
    if s.asked("successor"):
        intro = a.intro_date or _suggested_introduction(ctx)
        body += [
            b.input_block(
                Block.SUCCESSOR,
                words.successor_label(),
                b.text_input(a.successor, SUCCESSOR_MAX, placeholder="e.g. Priya Shah"),
                hint=words.successor_hint(),
            ),
            *judgement_blocks(a, s, ("successor_seniority", "sponsor")),
            b.input_block(Block.INTRO_DATE, words.intro_date_label(), b.datepicker(intro)),
        ]
    need = s.need("referrals")
    if need is not None:
        for index, block in enumerate(REFERRAL_BLOCKS):
            typed = a.referrals[index] if index < len(a.referrals) else None
            body.append(
                b.input_block(
                    block,
                    words.referrals_label() if index == 0 else "Another",
                    b.text_input(typed, REFERRAL_MAX, placeholder="Name, firm, and how to reach them"),
                    optional=index > 0 or need is Need.OPTIONAL,
                    hint=words.referrals_hint() if index == 0 else None,
                )
            )
    if s.asked("door_open"):
        body.append(
            b.input_block(
                Block.DOOR_OPEN,
                words.door_open_label(),
                b.text_input(a.door_open, STORY_MAX, multiline=True),
                optional=True,
                hint=words.door_open_hint(),
            )
        )
    if s.asked("transition_needs"):
        first_visit = not a.transition_needs and a.transition_notes is None and not a.referrals
        needs = set(s.default_needs) if first_visit else set(a.transition_needs)
        body.append(
            b.input_block(
                Block.TRANSITION_NEEDS,
                words.needs_label(),
                b.checkboxes(_options(list(TransitionNeed)), {n.value for n in needs}),
                optional=True,
            )
        )
        body.append(
            b.input_block(
                Block.TRANSITION_NOTES,
                "Anything else for the handover?",
                b.text_input(a.transition_notes, STORY_MAX, multiline=True),
                optional=True,
            )
        )
    return body


def _money_blocks(a: Answers, s: Situation) -> list[b.Block]:
    """A price or payment change: which of the two, and when the client's budget is set."""
    blocks: list[b.Block] = []
    if s.asked("change_kind"):
        kinds = _options(list(PriceChangeKind))
        chosen = a.change_kind.value if a.change_kind else None
        blocks.append(b.input_block(Block.CHANGE_KIND, "What changes?", b.radio_buttons(kinds, chosen)))
    if s.asked("budget_month"):
        months = _options(list(Month))
        chosen = a.budget_month.value if a.budget_month else None
        blocks.append(
            b.input_block(
                Block.BUDGET_MONTH,
                "When is their budget set?",
                b.static_select(months, chosen, "Pick a month"),
                optional=True,
                hint=FLOW.budget_hint(),
            )
        )
    return blocks


def _budget_note(ctx: StepContext) -> list[b.Block]:
    a = ctx.answers
    day = budget_deadline(a, ctx.today, ctx.calendar)
    if a.budget_month is None or day is None:
        return []
    return [b.context(FLOW.budget_note(label_of(a.budget_month), day, ctx.tz))]


def _end_day_flag(ctx: StepContext) -> list[b.Block]:
    """The step after the dates flags an end date on a non-working day, with the days either side."""
    day = ctx.answers.effective_date
    flag = day_flag(day, ctx.calendar) if day else None
    return [b.context(FLOW.end_day_flag(flag))] if flag else []


def _suggested_introduction(ctx: StepContext) -> date:
    a = ctx.answers
    assert a.effective_date
    return suggested_introduction(a.conversation_date or ctx.today, a.effective_date, ctx.calendar)


def people_step(ctx: StepContext) -> list[b.Block]:
    a, s = ctx.answers, ctx.situation
    assert s is not None
    first_visit = not a.stakeholders and a.stakeholder_notes is None
    chosen = set(s.default_stakeholders) if first_visit else set(a.stakeholders)
    return [
        b.section(situation_coaching(s.key).people_intro()),
        b.input_block(
            Block.STAKEHOLDERS,
            "Who will you brief first?",
            b.checkboxes(_options(list(Stakeholder)), {c.value for c in chosen}),
            optional=True,
        ),
        b.input_block(
            Block.STAKEHOLDER_NOTES,
            "Names, or anyone else",
            b.text_input(a.stakeholder_notes, NOTES_MAX, multiline=True),
            optional=True,
        ),
    ]


def review_step(ctx: StepContext) -> list[b.Block]:
    a, s = ctx.answers, ctx.situation
    assert s is not None and a.client_name
    plan = build_plan(a, ctx.today, ctx.calendar)
    words = situation_text(s.key)
    body: list[b.Block] = [b.header(words.heading(a.client_name))]
    warnings = FLOW.review_warnings(warnings=list(plan.warnings), plan=plan, a=a, tz=ctx.tz)
    if warnings:
        body += b.sections(warnings)
    written = a.method is Method.WRITTEN
    body += [
        b.section(FLOW.timeline(milestone_lines(plan), ctx.tz)),
        *b.sections(FLOW.reactions(reactions(s.key, a), written)),
        b.divider(),
        b.context(FLOW.drafts_note()),
    ]
    for kind in DraftKind:
        if applicable(kind, a, plan):
            text = edited(kind, a) or generate(kind, a, plan, ctx.signature)
            body.append(
                b.input_block(
                    DRAFT_BLOCKS[kind],
                    draft_label(kind, s, written),
                    b.text_input(text, DRAFT_MAX, multiline=True),
                    hint=words.confirmation_hint() if kind is DraftKind.CONFIRMATION else None,
                )
            )
    body += [b.divider(), *checklist_blocks(plan, a, ctx.tz)]
    return body


def draft_label(kind: DraftKind, s: Situation, written: bool = False) -> str:
    """A draft's name and when it is sent; told by letter or email only, the talking points are
    for the call the letter offers, and the confirmation is the letter itself."""
    words = situation_text(s.key)
    if written and kind is DraftKind.TALKING_POINTS:
        return f"{label('DraftKind', kind.value, s.key, written)} (one point per line; edit freely)"
    if written and kind in (DraftKind.CONFIRMATION, DraftKind.REFERRAL_NOTE):
        return label("DraftKind", kind.value, s.key, written)
    return {
        DraftKind.TALKING_POINTS: "Talking points (one per line; edit freely)",
        DraftKind.CONFIRMATION: words.confirmation_label(),
        DraftKind.REFERRAL_NOTE: words.referral_note_label(),
        DraftKind.INTRODUCTION: words.introduction_label(),
        DraftKind.THANK_YOU_NOTE: words.thank_you_note_label(),
        DraftKind.CLOSE_OUT: words.close_out_label(),
    }[kind]


def milestone_lines(plan: Plan, states: tuple[MilestoneStatus, ...] = ()) -> list[TimelineRow]:
    """The timeline's rows: each milestone on its planned day, with its state once the case runs
    (`states`); a plan being written has everything ahead."""
    words = situation_text(plan.situation.key)
    written = PlanWarning.WRITTEN_ONLY in plan.warnings  # no conversation: the letter goes
    own_words = {  # milestones each situation names in its own words
        MilestoneKind.CONVERSATION: (
            functools.partial(label, "MilestoneKind", MilestoneKind.CONVERSATION.value, written=True)
            if written
            else words.conversation_milestone
        ),
        MilestoneKind.EFFECTIVE: words.effective_milestone,
        MilestoneKind.CONFIRMATION: words.confirmation_milestone,
    }
    rows = states or tuple(MilestoneStatus(m.kind, m.day, MilestoneState.AHEAD) for m in plan.milestones)
    return [
        TimelineRow(
            label=own_words[m.kind]() if m.kind in own_words else label("MilestoneKind", m.kind.value),
            day=m.day,
            state=m.state.value,
            done_on=m.done_on,
            overdue_by=m.overdue_by,
        )
        for m in rows
    ]


def checklist_blocks(plan: Plan, a: Answers, tz: str) -> list[b.Block]:
    from bot.copydeck import CHECKLIST

    out: list[b.Block] = []
    for phase in PHASE_ORDER:
        lines = [
            (CHECKLIST.title(item.key, a, item.subject, None), item.due, False)
            for item in plan.items
            if item.phase is phase
        ]
        if lines:
            written = a.method is Method.WRITTEN
            phase_words = label("Phase", phase.value, a.situation, written)
            out.append(b.section(FLOW.checklist_phase(phase_words, lines, tz)))
    return out


StepBuilder = Callable[[StepContext], list[b.Block]]

STEP_VIEWS: dict[StepId, StepBuilder] = {
    StepId.SITUATION: situation_step,
    StepId.CHANGE: change_step,
    StepId.NOTICE: notice_step,
    StepId.CONVERSATION: conversation_step,
    StepId.ONWARD: onward_step,
    StepId.PEOPLE: people_step,
    StepId.REVIEW: review_step,
}


def step_view(ctx: StepContext) -> dict[str, Any]:
    """Any step's view; `ctx.problems` are shown on top when answers stopped holding (dates moved on)."""
    situation = ctx.situation
    steps = situation.steps if situation else tuple(StepId)
    number = steps.index(ctx.step) + 1 if ctx.step in steps else 1
    blocks = [
        b.context(
            FLOW.step_label(
                number,
                len(steps) if situation else ALL_STEPS,
                label("StepId", ctx.step.value, situation.key if situation else None),
            )
        ),
        *STEP_VIEWS[ctx.step](ctx),
    ]
    if ctx.problems:
        blocks.insert(1, b.section(FLOW.problems(list(ctx.problems))))
    if ctx.tidied:
        blocks.insert(1, b.context(ctx.tidied))
    if number > 1:
        blocks.append(b.actions([b.button("← Back", Action.BACK)], block_id=Block.FLOW_NAV))
    return b.modal(
        STEP_CALLBACKS[ctx.step],
        TITLE,
        blocks,
        submit=SUBMIT.get(ctx.step, "Next"),
        private_metadata=ctx.meta.encode(),
    )


def opening_view(client_name: str | None, policy: Policy | None = None) -> dict[str, Any]:
    """The first step, as /end-client opens it: no draft yet, nothing computed but the firm's
    policy lines. The same name and policy give the same view, built once (callers only send it;
    they must not change it)."""
    return _opening_view(client_name, policy)


@functools.lru_cache(maxsize=256)
def _opening_view(client_name: str | None, policy: Policy | None) -> dict[str, Any]:
    ctx = StepContext(
        StepId.SITUATION,
        Answers(client_name=client_name),
        FlowMeta(),
        date.min,
        WorkCalendar(),
        "UTC",
        policy=policy,
    )
    return step_view(ctx)


def done_view(client_name: str, situation: str) -> dict[str, Any]:
    return b.modal(Callback.FLOW_DONE, TITLE, [b.section(FLOW.done(client_name, situation))], close="Done")


def notice_view(text: str) -> dict[str, Any]:
    return b.modal(Callback.NOTICE, TITLE, [b.section(text)], close="Close")


def expired_view() -> dict[str, Any]:
    return notice_view(FLOW.expired())


def screen_view(screen: Screen, calendar: WorkCalendar) -> dict[str, Any]:
    """The view of a step the flow service decided to show."""
    from bot.copydeck import WORDING
    from bot.slack.problems import messages

    tidied = [(name, tuple(code.value for code in codes)) for name, codes in screen.tidied]
    ctx = StepContext(
        screen.step,
        screen.answers,
        FlowMeta(screen.draft_id),
        screen.today,
        calendar,
        screen.tz,
        screen.signature,
        tuple(messages(screen.problems)),
        WORDING.repairs(tidied) if tidied else None,
        screen.policy,
    )
    return step_view(ctx)
