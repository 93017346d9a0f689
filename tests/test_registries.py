"""Every registry entry has every piece it needs in every layer, so that a missing piece fails here
and not in front of a user: steps (fields, checks, views, callbacks), reminder kinds (planning,
words, button), situations (templates, reactions), and each template against its typed Protocol."""

from __future__ import annotations

import inspect
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

import pytest

from bot import copydeck
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
from bot.core.checklist import ItemKey, Phase
from bot.core.kinds import DraftKind, ReminderKind
from bot.core.plan import MilestoneKind, build_plan
from bot.core.reminders import KINDS
from bot.core.schedule import Snooze
from bot.core.situations import SITUATIONS, keep_asked
from bot.core.steps import STEP_FIELDS, StepId
from bot.core.validation import VALIDATORS, ProblemCode
from bot.services.read_models import case_view, reminder_view
from bot.slack.flow_views import CALLBACK_STEPS, STEP_CALLBACKS, STEP_VIEWS, FlowMeta, StepContext, step_view
from bot.slack.ids import REFERRAL_BLOCKS
from bot.slack.labels import label_of
from bot.slack.reminder_messages import reminder_message
from bot.slack.state import read_field
from bot.storage.models import Case, CaseStatus, ChecklistItem, Reminder
from bot.text import label, template_module
from tests.blockkit import blocks_errors, view_errors
from tests.harness import state_from_view

TODAY = date(2026, 12, 1)
CAL = WorkCalendar()


def sample(situation: SituationKey) -> Answers:
    a = Answers(
        client_name="Harlow & Finch Ltd",
        contact_name="Sam Harlow",
        situation=situation,
        tenure=Tenure.OVER_FIVE,
        reason="we are narrowing our practice",
        effective_date=date(2027, 2, 26),
        contract_notice_amount=30,
        contract_notice_unit=NoticeUnit.CALENDAR_DAYS,
        clause="clause 14.2",
        change_kind=PriceChangeKind.PRICE,
        notify_by=date(2027, 1, 15),
        method=Method.PHONE,
        conversation_date=date(2027, 1, 12),
        client_impact="a new studio",
        appreciation="thank you",
        history="reminders in November",
        referrals=["Bright Studio"],
        options="a twelve-month commitment",
        door_open="welcome back",
        successor="Priya Shah",
        intro_date=date(2027, 1, 14),
        transition_needs=list(TransitionNeed),
        stakeholders=list(Stakeholder),
    )
    return keep_asked(a, SITUATIONS[situation])


def test_every_step_has_fields_a_check_a_view_and_a_callback() -> None:
    for step in StepId:
        assert step in STEP_FIELDS and step in VALIDATORS and step in STEP_VIEWS and step in STEP_CALLBACKS
        assert CALLBACK_STEPS[STEP_CALLBACKS[step].value] is step


@pytest.mark.parametrize("situation", list(SituationKey))
def test_every_step_of_every_situation_renders_and_reads_back(situation: SituationKey) -> None:
    a = sample(situation)
    for step in SITUATIONS[situation].steps:
        view = step_view(StepContext(step, a, FlowMeta("d"), TODAY, CAL, "Europe/London"))
        assert view_errors(view) == [], (situation, step)
        values = state_from_view(view)
        for block_id in values:
            field = "referrals" if block_id in {b.value for b in REFERRAL_BLOCKS} else block_id
            assert field in STEP_FIELDS[step], (step, block_id)  # each input belongs to its step
            read_field(values, field)  # and reads back without error


def test_every_reminder_kind_is_planned_worded_and_labelled() -> None:
    assert set(KINDS) == set(ReminderKind)
    for kind in ReminderKind:
        assert label("ReminderKind", kind.value)
    for situation in SITUATIONS.values():
        assert set(situation.reminders) <= set(KINDS)
        for kind in situation.reminders:
            for open_items in (1, 2):
                assert copydeck.REMINDERS.button(kind.value, situation.key.value, open_items)


def stored_case(situation: SituationKey) -> Case:
    a = sample(situation)
    plan = build_plan(a, TODAY, CAL)
    case = Case(
        id=1,
        team_id="T1",
        owner_id="U1",
        owner_tz="Europe/London",
        status=CaseStatus.OPEN,
        situation=situation.value,
        client_name=a.client_name,
        effective_date=a.effective_date,
        notify_by=plan.notify_by,
        conversation_date=a.conversation_date,
        answers=a.to_json(),
        drafts={"talking_points": "Thank them.\nSay it plainly."},
    )
    case.items = [
        ChecklistItem(
            key=i.key, title=i.key, tips=list(i.tips), phase=i.phase.value, due_date=i.due, position=n
        )
        for n, i in enumerate(plan.items)
    ]
    return case


@pytest.mark.parametrize("situation", list(SituationKey))
def test_every_reminder_of_every_situation_renders_within_slacks_limits(situation: SituationKey) -> None:
    case = stored_case(situation)
    for kind in SITUATIONS[situation].reminders:
        reminder = Reminder(id=7, kind=kind, covers=[i.key for i in case.items][:3], due_at=datetime.now(UTC))
        message = reminder_message(
            case_view(case), reminder_view(reminder), late=True, today=TODAY, calendar=CAL
        )
        assert blocks_errors(message["blocks"]) == [], kind
        assert case.client_name in message["blocks"][0]["text"]["text"].replace("&amp;", "&"), kind


ENUMS: list[type[StrEnum]] = [
    SituationKey,
    Tenure,
    Method,
    NoticeUnit,
    TransitionNeed,
    Stakeholder,
    StepId,
    CaseStatus,
    Phase,
    DraftKind,
    Snooze,
    ReminderKind,
    MilestoneKind,
    PriceChangeKind,
    Month,
    GreetBy,
]


@pytest.mark.parametrize("enum", ENUMS, ids=lambda e: e.__name__)
def test_every_choice_has_its_words(enum: type[StrEnum]) -> None:
    for value in enum:
        assert label_of(value).strip()
    assert set(template_module("labels.txt.j2").labels["NoticeUnitOne"]) == {u.value for u in NoticeUnit}


def test_every_situation_has_its_description_templates_and_hard_reactions() -> None:
    descriptions = template_module("labels.txt.j2").situation_descriptions
    for key, situation in SITUATIONS.items():
        assert key is situation.key and len(descriptions[key.value]) <= 75
        reactions = copydeck.reactions(key)
        assert 3 <= len(reactions) <= 4 and all(r and a for r, a in reactions)


@pytest.mark.parametrize("situation", list(SituationKey))
def test_every_checklist_item_has_a_title(situation: SituationKey) -> None:
    a = sample(situation)
    for key in [*ItemKey, "brief_finance", "transition_access", "concern_1", "promise_2"]:
        title = copydeck.CHECKLIST.title(str(key), a, "finance" if "brief" in key else "access", "a thing")
        assert title.strip() and len(title) <= 75, key


def test_every_problem_has_words() -> None:
    values: dict[str, Any] = {
        "limit": 3,
        "length": 5,
        "day": TODAY,
        "notice": build_plan(sample(SituationKey.WE_END), TODAY, CAL).advice.contract,  # type: ignore[union-attr]
        "earliest": TODAY,
        "deadline": TODAY,
        "effective": TODAY,
        "notify_by": TODAY,
        "holiday": "Good Friday",
        "before": TODAY,
        "after": TODAY,
        "conversation": TODAY,
        "unit": NoticeUnit.WEEKS,
    }
    for code in ProblemCode:
        assert copydeck.PROBLEMS.message("reason", code.value, values).strip(), code


PROTOCOLS = {
    "flow.md.j2": copydeck.FlowCopy,
    "checklist.txt.j2": copydeck.ChecklistCopy,
    "problems.txt.j2": copydeck.ProblemsCopy,
    "wording.txt.j2": copydeck.WordingCopy,
    "case.md.j2": copydeck.CaseCopy,
    "home.md.j2": copydeck.HomeCopy,
    "team.md.j2": copydeck.TeamCopy,
    "messages.md.j2": copydeck.MessagesCopy,
    "reminders.md.j2": copydeck.RemindersCopy,
    "export.md.j2": copydeck.ExportCopy,
}


def methods(protocol: type) -> dict[str, list[str]]:
    return {
        name: [p for p in inspect.signature(member).parameters if p != "self"]
        for name, member in vars(protocol).items()
        if callable(member) and not name.startswith("_")
    }


@pytest.mark.parametrize("template", list(PROTOCOLS))
def test_each_template_has_the_macros_its_protocol_names(template: str) -> None:
    module = template_module(template)
    for name, parameters in methods(PROTOCOLS[template]).items():
        macro = getattr(module, name, None)
        assert macro is not None, f"{template} has no macro {name}"
        assert list(macro.arguments) == parameters, (template, name)


@pytest.mark.parametrize("situation", list(SituationKey))
def test_each_situation_has_every_word_and_draft_its_protocols_name(situation: SituationKey) -> None:
    for protocol, suffix in ((copydeck.SituationText, "txt.j2"), (copydeck.SituationCoaching, "md.j2")):
        own = template_module(copydeck.situation_template(situation, suffix))
        shared = template_module(f"situations/common.{suffix}")
        for name, parameters in methods(protocol).items():
            macro = getattr(own, name, None) or getattr(shared, name, None)
            if name in {d.value for d in DraftKind} and name not in {
                d.value for d in SITUATIONS[situation].drafts
            }:
                continue  # a draft this situation does not write
            assert macro is not None, f"{situation} has no {name}"
            assert list(macro.arguments) == parameters, (situation, name)
