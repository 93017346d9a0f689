"""Unexpected failures are handled in one place: a short apology with a reference id, the trace in the log."""

from __future__ import annotations

import logging
import re

import pytest
from sqlalchemy import text

from bot.core.answers import SituationKey
from bot.core.steps import StepId
from bot.slack.ids import Action, Callback
from tests.conftest import OWNER
from tests.flow import complete, start
from tests.harness import Bot, all_text
from tests.situations import answers_for

REFERENCE = re.compile(r"`([0-9a-f]{10})`")


def break_table(bot: Bot, table: str) -> None:
    with bot.db.engine.begin() as connection:
        connection.execute(
            text(
                f"DROP TABLE {table} CASCADE"
                if bot.db.engine.dialect.name == "postgresql"
                else f"DROP TABLE {table}"
            )
        )


def reference_in(caplog: pytest.LogCaptureFixture, shown: str) -> None:
    match = REFERENCE.search(shown)
    assert match, shown
    records = [r for r in caplog.records if match.group(1) in r.getMessage()]
    assert records and records[0].exc_info, "the trace is logged under the same reference"
    assert "Traceback" not in shown and "sqlalchemy" not in shown.lower()


def test_a_failing_command_apologises_with_a_reference(bot: Bot, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    break_table(bot, "cases")
    response = bot.slash("list")
    assert response.status == 200
    reference_in(caplog, all_text(response.json))


def test_a_failing_step_keeps_the_form_and_pushes_an_apology(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    modal = start(bot, OWNER)
    break_table(bot, "drafts")
    response = modal.submit(answers_for(SituationKey.WE_END, StepId.SITUATION))
    assert response.json["response_action"] == "push"
    assert modal.callback_id == Callback.STEP_SITUATION  # what was typed is still there underneath
    reference_in(caplog, all_text(response.json["view"]))


def test_a_failing_button_sends_the_apology_by_dm(bot: Bot, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    complete(bot, OWNER)
    break_table(bot, "timeline_events")
    response = bot.click(
        {"type": "button", "action_id": Action.CLIENT_TOLD, "block_id": "case_actions", "value": "1"}
    )
    assert response.status == 200
    reference_in(caplog, all_text(bot.fake.dms_to(OWNER)[-1]))
