"""Every field that can be wrong gets an inline error, and nothing is stored or lost."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.slack.ids import Callback
from bot.storage.models import Case
from tests.conftest import OWNER
from tests.flow import CHANGE, CONVERSATION, REFERRALS, start
from tests.harness import Bot, Response


def errors_of(response: Response) -> dict[str, str]:
    data = response.json
    assert data["response_action"] == "errors", data
    return data["errors"]


@pytest.mark.parametrize(
    ("answers", "block", "fragment"),
    [
        ({"client_name": ""}, "client_name", "Who is the client"),
        ({"client_name": "   "}, "client_name", "Who is the client"),
        ({"client_name": "x" * 101}, "client_name", "under 100"),
        ({"change_kind": None}, "change_kind", "Pick what is changing"),
        ({"reason": ""}, "reason", "why"),
        ({"reason": "r" * 1001}, "reason", "under 1000"),
        ({"effective_date": None}, "effective_date", "Pick the date"),
        ({"effective_date": "2026-11-30"}, "effective_date", "has passed"),
        ({"effective_date": "2029-01-01"}, "effective_date", "two years"),
        ({"contract_notice_days": "-3"}, "contract_notice_days", "negative"),
        ({"contract_notice_days": "9999"}, "contract_notice_days", "more than a year"),
        ({"contract_notice_days": "2.5"}, "contract_notice_days", "number"),
        ({"contract_notice_days": "ten"}, "contract_notice_days", "number"),
        ({"tenure": None}, "tenure", "how long"),
    ],
)
def test_change_step_errors(bot: Bot, answers: dict[str, str | None], block: str, fragment: str) -> None:
    modal = start(bot, OWNER)
    errors = errors_of(modal.submit({**CHANGE, **answers}))
    assert block in errors and fragment.lower() in errors[block].lower()
    assert modal.callback_id == Callback.STEP_CHANGE


def test_notice_below_the_contract_is_refused(bot: Bot) -> None:
    modal = start(bot, OWNER)
    modal.submit(CHANGE)
    errors = errors_of(modal.submit({"notice_days": "5"}))
    assert "promises 20" in errors["notice_days"]


@pytest.mark.parametrize(
    ("answers", "block", "fragment"),
    [
        ({"method": None}, "method", "how you will tell"),
        ({"conversation_date": None}, "conversation_date", "Pick the day"),
        ({"conversation_date": "2026-11-20"}, "conversation_date", "has passed"),
        ({"conversation_date": "2027-03-01"}, "conversation_date", "after the change takes effect"),
        ({"conversation_date": "2027-02-01"}, "conversation_date", "less notice"),
        ({"client_impact": ""}, "client_impact", "shoes"),
        ({"appreciation": " "}, "appreciation", "valued"),
        ({"appreciation": "a" * 3001}, "appreciation", "under 3000"),
    ],
)
def test_conversation_step_errors(
    bot: Bot, answers: dict[str, str | None], block: str, fragment: str
) -> None:
    modal = start(bot, OWNER)
    modal.submit(CHANGE)
    modal.submit({})
    errors = errors_of(modal.submit({**CONVERSATION, **answers}))
    assert block in errors and fragment.lower() in errors[block].lower()


def test_referrals_need_at_least_one_and_stay_short(bot: Bot) -> None:
    modal = start(bot, OWNER)
    for answers in (CHANGE, {}, CONVERSATION):
        modal.submit(answers)
    assert "referral_0" in errors_of(modal.submit({"referral_0": ""}))
    assert "referral_1" in errors_of(modal.submit({**REFERRALS, "referral_1": "z" * 301}))


def test_nothing_is_stored_until_the_plan_is_submitted(bot: Bot) -> None:
    modal = start(bot, OWNER)
    for answers in (CHANGE, {}, CONVERSATION, REFERRALS):
        modal.submit(answers)
    with bot.db.session() as session:
        assert session.scalars(select(Case)).all() == []
    assert bot.fake.dms_to(OWNER) == []


def test_a_draft_gone_stale_sends_the_person_back_to_the_step_to_fix(bot: Bot) -> None:
    modal = start(bot, OWNER)
    for answers in (CHANGE, {}, CONVERSATION, REFERRALS):
        modal.submit(answers)
    # The review waits until after the planned conversation day.

    bot.clock.set(datetime(2027, 1, 20, 10, tzinfo=UTC))
    response = modal.submit({})
    assert response.json["response_action"] == "update"
    assert modal.callback_id == Callback.STEP_CONVERSATION
    with bot.db.session() as session:
        assert session.scalars(select(Case)).all() == []


def test_someone_elses_draft_is_not_theirs(bot: Bot) -> None:
    modal = start(bot, OWNER)
    modal.submit(CHANGE)
    stranger = bot.submit_view(modal.view, {}, user="U0000000002")
    assert stranger.json["view"]["callback_id"] == Callback.NOTICE
