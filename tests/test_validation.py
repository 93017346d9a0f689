"""Every field that can be wrong gets an inline error, and nothing is stored or lost."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from bot.core.answers import SituationKey
from bot.core.steps import StepId
from bot.slack.ids import Callback
from bot.storage.models import Case
from tests.conftest import OWNER
from tests.flow import advance, walk_to
from tests.harness import Bot, Response, all_text
from tests.situations import answers_for


def errors_of(response: Response) -> dict[str, str]:
    data = response.json
    assert data["response_action"] == "errors", data
    return data["errors"]


def submit_at(
    bot: Bot, step: StepId, answers: dict[str, Any], situation: SituationKey = SituationKey.WE_END
) -> Response:
    modal = walk_to(bot, OWNER, step, situation=situation)
    return modal.submit({**answers_for(situation, step), **answers})


@pytest.mark.parametrize(
    ("answers", "block", "fragment"),
    [
        ({"client_name": ""}, "client_name", "Who is the client"),
        ({"client_name": "   "}, "client_name", "Who is the client"),
        ({"client_name": "\u200b\u2060\u3164\u2800"}, "client_name", "Who is the client"),  # invisible
        ({"client_name": "x" * 101}, "client_name", "under 100"),
        ({"contact_name": ""}, "contact_name", "Who will you speak to"),
        ({"situation": None}, "situation", "Pick what is happening"),
        ({"tenure": None}, "tenure", "how long"),
    ],
)
def test_situation_step_errors(bot: Bot, answers: dict[str, Any], block: str, fragment: str) -> None:
    errors = errors_of(submit_at(bot, StepId.SITUATION, answers))
    assert block in errors and fragment.lower() in errors[block].lower()


@pytest.mark.parametrize(
    ("answers", "block", "fragment"),
    [
        ({"reason": ""}, "reason", "why"),
        ({"reason": "r" * 1001}, "reason", "under 1000"),
        ({"effective_date": None}, "effective_date", "Pick the date"),
        ({"effective_date": "2026-11-30"}, "effective_date", "has passed"),
        ({"effective_date": "2029-01-01"}, "effective_date", "too far"),
        ({"effective_date": "9999-12-31"}, "effective_date", "too far"),
        ({"contract_notice_amount": "-3"}, "contract_notice_amount", "negative"),
        ({"contract_notice_amount": "9999"}, "contract_notice_amount", "more than a year"),
        ({"contract_notice_amount": "2.5"}, "contract_notice_amount", "Enter the notice"),
        ({"contract_notice_amount": "ten"}, "contract_notice_amount", "Enter the notice"),
    ],
)
def test_change_step_errors(bot: Bot, answers: dict[str, Any], block: str, fragment: str) -> None:
    errors = errors_of(submit_at(bot, StepId.CHANGE, answers))
    assert block in errors and fragment.lower() in errors[block].lower()


def test_for_cause_needs_the_clause(bot: Bot) -> None:
    errors = errors_of(submit_at(bot, StepId.CHANGE, {"clause": ""}, SituationKey.FOR_CAUSE))
    assert "clause" in errors["clause"].lower()


def test_less_notice_than_the_contract_is_refused_and_less_than_recommended_is_allowed(bot: Bot) -> None:
    # The contract's 30 calendar days before Fri 26 Feb 2027: tell them by Wed 27 Jan.
    errors = errors_of(submit_at(bot, StepId.NOTICE, {"notify_by": "2027-01-28"}))
    assert "told by Wednesday 27 January 2027" in errors["notify_by"]
    modal = walk_to(bot, OWNER, StepId.NOTICE)
    response = modal.submit({"notify_by": "2027-01-27"})  # later than the recommended Fri 15 Jan: allowed
    assert response.json["response_action"] == "update" and modal.callback_id == Callback.STEP_CONVERSATION


@pytest.mark.parametrize(
    ("answers", "block", "fragment"),
    [
        ({"method": None}, "method", "how you will tell"),
        ({"conversation_date": None}, "conversation_date", "Pick the day"),
        ({"conversation_date": "2026-11-20"}, "conversation_date", "has passed"),
        ({"conversation_date": "2027-03-01"}, "conversation_date", "after the change takes effect"),
        ({"conversation_date": "2027-01-18"}, "conversation_date", "less notice"),
        ({"conversation_date": "3000-01-01"}, "conversation_date", "too far"),
        # Saturday 9 January 2027: the error names the working days either side.
        ({"conversation_date": "2027-01-09"}, "conversation_date", "Friday 8 January and Monday 11 January"),
        ({"client_impact": ""}, "client_impact", "shoes"),
        ({"appreciation": " "}, "appreciation", "valued"),
        ({"appreciation": "a" * 3001}, "appreciation", "under 3000"),
    ],
)
def test_conversation_step_errors(bot: Bot, answers: dict[str, Any], block: str, fragment: str) -> None:
    errors = errors_of(submit_at(bot, StepId.CONVERSATION, answers))
    assert block in errors and fragment.lower() in errors[block].lower()


def test_a_conversation_on_a_public_holiday_is_refused_by_name(
    fake: Any, database_url: str, clock: Any
) -> None:
    england = Bot(fake, database_url, clock, HOLIDAY_COUNTRY="GB-ENG")
    try:
        modal = walk_to(
            england, OWNER, StepId.CONVERSATION, effective_date="2027-04-30", notify_by="2027-03-31"
        )
        errors = errors_of(
            modal.submit(
                {**answers_for(SituationKey.WE_END, StepId.CONVERSATION), "conversation_date": "2027-03-26"}
            )
        )
        assert "public holiday (Good Friday)" in errors["conversation_date"]
        assert (
            "Thursday 25 March and Monday 29 March" not in errors["conversation_date"]
        )  # Easter Monday is off too
        assert "Thursday 25 March and Tuesday 30 March" in errors["conversation_date"]
    finally:
        england.close()


def test_referrals_need_at_least_one_and_stay_short(bot: Bot) -> None:
    assert "referral_0" in errors_of(submit_at(bot, StepId.ONWARD, {"referral_0": "", "referral_1": ""}))
    assert "referral_1" in errors_of(submit_at(bot, StepId.ONWARD, {"referral_1": "z" * 301}))


def test_a_client_who_stays_is_not_asked_for_referrals(bot: Bot) -> None:
    modal = walk_to(bot, OWNER, StepId.ONWARD, situation=SituationKey.PRICE_CHANGE)
    referral = next(b for b in modal.view["blocks"] if b.get("block_id") == "referral_0")
    assert referral["optional"] is True and "If they decide to leave" in referral["label"]["text"]
    response = modal.submit({**answers_for(SituationKey.PRICE_CHANGE, StepId.ONWARD), "referral_0": ""})
    assert response.json["response_action"] == "update"


def test_a_handover_needs_its_successor_and_introduces_after_the_conversation(bot: Bot) -> None:
    errors = errors_of(submit_at(bot, StepId.ONWARD, {"successor": ""}, SituationKey.HANDOVER))
    assert "colleague" in errors["successor"]
    errors = errors_of(submit_at(bot, StepId.ONWARD, {"intro_date": "2026-12-02"}, SituationKey.HANDOVER))
    assert "after you have told the client" in errors["intro_date"]


def test_nothing_is_stored_until_the_plan_is_submitted(bot: Bot) -> None:
    walk_to(bot, OWNER, StepId.REVIEW)
    with bot.db.session() as session:
        assert session.scalars(select(Case)).all() == []
    assert bot.fake.dms_to(OWNER) == []


def test_a_draft_gone_stale_sends_the_person_back_to_the_step_to_fix(bot: Bot) -> None:
    modal = walk_to(bot, OWNER, StepId.REVIEW)
    # The review waits until after the planned conversation day.
    bot.clock.set(datetime(2027, 1, 20, 10, tzinfo=UTC))
    response = modal.submit({})
    assert response.json["response_action"] == "update"
    assert modal.callback_id in (Callback.STEP_NOTICE, Callback.STEP_CONVERSATION)
    with bot.db.session() as session:
        assert session.scalars(select(Case)).all() == []


def test_someone_elses_draft_is_not_theirs(bot: Bot) -> None:
    modal = walk_to(bot, OWNER, StepId.CHANGE)
    stranger = bot.submit_view(modal.view, {}, user="U0000000002")
    assert stranger.json["view"]["callback_id"] == Callback.NOTICE


def test_an_end_date_on_a_non_working_day_is_flagged_with_the_days_either_side(
    fake: Any, database_url: str, clock: Any
) -> None:
    england = Bot(fake, database_url, clock, HOLIDAY_COUNTRY="GB-ENG")
    try:
        # Easter Monday 2027, under a contract that counts calendar days: allowed, but flagged on
        # the next step and in the review.
        modal = walk_to(england, OWNER, StepId.CHANGE)
        response = modal.submit(
            {**answers_for(SituationKey.WE_END, StepId.CHANGE), "effective_date": "2027-03-29"}
        )
        assert response.json["response_action"] == "update", response.text
        flag = "*Monday 29 March 2027 is not a working day* (Easter Monday)"
        text = all_text(modal.view)
        assert modal.step is StepId.NOTICE and flag in text, text
        assert "*Thursday 25 March* and *Tuesday 30 March*" in text
        while modal.step is not StepId.REVIEW:
            advance(modal, SituationKey.WE_END, {})
        assert flag in all_text(modal.view)
    finally:
        england.close()


def test_an_end_date_on_a_weekend_is_refused_when_the_contract_counts_working_days(bot: Bot) -> None:
    change = {**answers_for(SituationKey.WE_END, StepId.CHANGE), "contract_notice_unit": "working_days"}
    errors = errors_of(submit_at(bot, StepId.CHANGE, {**change, "effective_date": "2027-02-28"}))
    assert "Sunday 28 February 2027 is not a working day" in errors["effective_date"]
    assert "Friday 26 February and Monday 1 March" in errors["effective_date"]
    # The Friday before is accepted, and nothing is flagged.
    modal = walk_to(bot, OWNER, StepId.CHANGE)
    assert modal.submit({**change, "effective_date": "2027-02-26"}).json["response_action"] == "update"
    assert "is not a working day" not in all_text(modal.view)
