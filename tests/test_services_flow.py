"""The flow service called directly (no app, no HTTP), on SQLite and PostgreSQL: a draft saved step
by step, Back keeping what was typed, the plan created once, and nobody else's draft reachable."""

from __future__ import annotations

from bot.core.steps import StepId
from bot.deps import Deps
from bot.services import cases, flow
from bot.services.flow import Outcome
from tests import services
from tests.services import ELSEWHERE, ME, SOMEONE_ELSE, WE_END, make_case, typed, walk

migrated, deps = services.migrated, services.deps  # the fixtures these tests run with


def test_each_step_is_saved_and_the_next_one_shown(deps: Deps) -> None:
    first = flow.submit_step(deps, ME, None, typed(StepId.SITUATION, **WE_END[StepId.SITUATION]))
    assert first.screen is not None and first.screen.step is StepId.CHANGE
    draft_id = first.screen.draft_id
    assert draft_id and first.screen.answers.client_name == "Acme Ltd"
    second = flow.submit_step(deps, ME, draft_id, typed(StepId.CHANGE, **WE_END[StepId.CHANGE]))
    assert second.screen is not None and second.screen.step is StepId.NOTICE
    assert second.screen.draft_id == draft_id
    # The first step's answers were kept in the draft, under the second's.
    assert second.screen.answers.client_name == "Acme Ltd"
    assert second.screen.answers.reason == WE_END[StepId.CHANGE]["reason"]


def test_a_step_with_a_problem_stays_and_saves_nothing(deps: Deps) -> None:
    draft_id = walk(deps, ME, StepId.CHANGE)
    wrong = {**WE_END[StepId.CHANGE], "reason": "   "}
    outcome = flow.submit_step(deps, ME, draft_id, typed(StepId.CHANGE, **wrong))
    assert outcome.screen is None and outcome.problems and "reason" in outcome.problems
    back = flow.go_back(deps, ME, draft_id, typed(StepId.NOTICE))
    assert back.screen is not None and back.screen.answers.reason is None


def test_back_keeps_what_was_typed_on_the_step_even_when_invalid(deps: Deps) -> None:
    draft_id = walk(deps, ME, StepId.CONVERSATION)
    half = typed(StepId.CONVERSATION, client_impact="half a thought", conversation_date=None)
    back = flow.go_back(deps, ME, draft_id, half)
    assert back.screen is not None and back.screen.step is StepId.NOTICE
    again = flow.go_back(deps, ME, draft_id, typed(StepId.NOTICE, **WE_END[StepId.NOTICE]))
    assert again.screen is not None and again.screen.step is StepId.CHANGE
    assert again.screen.answers.client_impact == "half a thought"


def test_fields_a_step_did_not_show_keep_their_draft_value(deps: Deps) -> None:
    draft_id = walk(deps, ME, StepId.NOTICE)
    # A form that showed only the reason leaves the effective date the draft already holds.
    back = flow.go_back(deps, ME, draft_id, typed(StepId.CHANGE, reason="Narrower practice."))
    assert back.screen is not None
    assert back.screen.answers.reason == "Narrower practice."
    assert back.screen.answers.effective_date == WE_END[StepId.CHANGE]["effective_date"]


def test_the_plan_is_created_once_with_its_summary_owed(deps: Deps) -> None:
    draft_id = walk(deps, ME, StepId.REVIEW)
    created = flow.finish(deps, ME, draft_id, typed(StepId.REVIEW))
    assert created.outcome is Outcome.CREATED and created.case_id is not None
    assert created.client_name == "Acme Ltd"
    assert flow.owed_plan_message(deps, ME, draft_id) is not None
    again = flow.finish(deps, ME, draft_id, typed(StepId.REVIEW))
    assert again.outcome is Outcome.ALREADY_CREATED and again.case_id == created.case_id
    listed, total = cases.listing(deps, ME, 10)
    assert total == 1 and len(listed) == 1


def test_finishing_a_draft_with_a_step_left_unanswered_shows_that_step(deps: Deps) -> None:
    draft_id = walk(deps, ME, StepId.REVIEW)
    # The review's form clears the conversation's day: the plan cannot be made without it.
    result = flow.finish(deps, ME, draft_id, typed(StepId.REVIEW, conversation_date=None))
    assert result.outcome is Outcome.INVALID and result.screen is not None
    assert result.screen.step is StepId.CONVERSATION
    assert cases.listing(deps, ME, 10)[1] == 0


def test_nobody_else_can_continue_or_finish_a_draft(deps: Deps) -> None:
    draft_id = walk(deps, ME, StepId.REVIEW)
    for stranger in (SOMEONE_ELSE, ELSEWHERE):
        step = flow.submit_step(deps, stranger, draft_id, typed(StepId.PEOPLE))
        assert step.expired and step.screen is None
        assert flow.go_back(deps, stranger, draft_id, typed(StepId.PEOPLE)).expired
        assert flow.finish(deps, stranger, draft_id, typed(StepId.REVIEW)).outcome is Outcome.EXPIRED
        assert flow.owed_plan_message(deps, stranger, draft_id) is None
    assert flow.finish(deps, ME, draft_id, typed(StepId.REVIEW)).outcome is Outcome.CREATED


def test_a_finished_plan_is_not_reported_to_another_person(deps: Deps) -> None:
    draft_id = walk(deps, ME, StepId.REVIEW)
    flow.finish(deps, ME, draft_id, typed(StepId.REVIEW))
    assert flow.finish(deps, SOMEONE_ELSE, draft_id, typed(StepId.REVIEW)).outcome is Outcome.EXPIRED


def test_a_step_sent_without_a_draft_after_the_first_has_expired(deps: Deps) -> None:
    outcome = flow.submit_step(deps, ME, None, typed(StepId.CHANGE, **WE_END[StepId.CHANGE]))
    assert outcome.expired
    assert flow.submit_step(deps, ME, "no-such-draft", typed(StepId.SITUATION)).expired


def test_make_case_helper_creates_a_case_its_owner_can_open(deps: Deps) -> None:
    case_id = make_case(deps)
    snap = cases.open_case(deps, ME, case_id)
    assert snap is not None and snap.case.client_name == "Acme Ltd" and snap.plan is not None
