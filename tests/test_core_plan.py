"""Checklists, milestones and drafted texts from plain answers."""

from __future__ import annotations

from datetime import date, time

from bot.core import drafts
from bot.core.answers import Answers, ChangeKind, Method, Tenure, TransitionNeed
from bot.core.calendar import WorkCalendar
from bot.core.plan import ItemKey, Phase, build_plan
from bot.core.validation import first_invalid_step

TODAY = date(2026, 12, 1)
CAL = WorkCalendar()


def answers(**overrides: object) -> Answers:
    base = Answers(
        client_name="Acme <Ltd>",
        change_kind=ChangeKind.ENDING,
        reason="we are retiring",
        effective_date=date(2027, 2, 26),
        contract_notice_days=20,
        tenure=Tenure.THREE_TO_FIVE,
        notice_days=30,
        method=Method.PHONE,
        conversation_date=date(2027, 1, 14),
        conversation_time=time(10, 30),
        client_impact="They need a new studio.",
        appreciation="Your trust meant a lot.",
        referrals=["Bright Studio", "North & Co"],
        transition_needs=[TransitionNeed.HANDOVER_NOTES, TransitionNeed.FINAL_INVOICE],
    )
    for key, value in overrides.items():
        setattr(base, key, value)
    return base


def test_every_item_is_due_on_a_working_day_and_tied_to_a_tip() -> None:
    plan = build_plan(answers(), TODAY, CAL)
    assert plan.items
    for item in plan.items:
        assert item.due.weekday() < 5 and item.due >= TODAY
        assert item.tips and all(1 <= tip <= 15 for tip in item.tips)


def test_the_checklist_follows_the_conversation_and_the_effective_date() -> None:
    plan = build_plan(answers(), TODAY, CAL)
    due = {item.key: item.due for item in plan.items}
    assert due[ItemKey.TELL] == date(2027, 1, 14)
    assert due[ItemKey.ASK_FEELINGS] == date(2027, 1, 15)
    assert due[ItemKey.SEND_REFERRALS] == date(2027, 1, 18)  # two working days, over a weekend
    assert due["transition_final_invoice"] == date(2027, 3, 5)
    assert due[ItemKey.THANK_YOU_NOTE] == date(2027, 3, 1)


def test_long_relationships_get_extra_care_and_short_ones_do_not() -> None:
    long_keys = {item.key for item in build_plan(answers(), TODAY, CAL).items}
    short_keys = {item.key for item in build_plan(answers(tenure=Tenure.UNDER_ONE), TODAY, CAL).items}
    assert {ItemKey.HANDOVER_MEETING, ItemKey.CHECK_IN} <= long_keys
    assert not {ItemKey.HANDOVER_MEETING, ItemKey.CHECK_IN} & short_keys


def test_items_are_grouped_by_phase_in_order() -> None:
    phases = [item.phase for item in build_plan(answers(), TODAY, CAL).items]
    order = list(Phase)
    assert phases == sorted(phases, key=order.index)


def test_past_due_dates_become_today() -> None:
    plan = build_plan(
        answers(
            conversation_date=TODAY, effective_date=date(2026, 12, 3), notice_days=0, contract_notice_days=0
        ),
        TODAY,
        CAL,
    )
    assert min(item.due for item in plan.items) == TODAY


def test_drafts_use_the_answers_as_plain_text() -> None:
    a = answers()
    plan = build_plan(a, TODAY, CAL)
    points = drafts.talking_points(a, plan)
    note = drafts.referral_note(a, plan)
    assert any("Your trust meant a lot." in p for p in points)
    assert any("listen" in p for p in points)
    assert "Dear Acme <Ltd>," in note  # plain text: escaping happens where it is shown
    assert "- Bright Studio" in note and "- North & Co" in note


def test_a_complete_set_of_answers_is_valid_and_a_broken_one_names_its_step() -> None:
    assert first_invalid_step(answers(), TODAY, CAL) is None
    step, errors = first_invalid_step(answers(conversation_date=date(2027, 3, 1)), TODAY, CAL) or (None, {})
    assert step is not None and step.name == "CONVERSATION" and "conversation_date" in errors
