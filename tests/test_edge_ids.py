"""What a request names is checked once at the edge: a case id Slack hands back (a button's value,
a form's private_metadata) that is not a plain id in the database's range gets the friendly
not-found answer and never reaches the database, and a request naming no person the app can
resolve is answered by the middleware alone."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, select

from bot.core.answers import Answers, Tenure
from bot.core.steps import StepId
from bot.listeners.parse import case_id_of, parse_case_id, parse_reminder_id, step_answers
from bot.slack.ids import Action, Callback
from bot.storage.models import Case
from tests.conftest import OWNER
from tests.flow import complete
from tests.harness import Bot, all_text, state_from_view
from tests.test_cases import click_in, open_from_home

# None of these is a case id, though int() reads several of them as one ("１" is a full-width 1).
FORGED = ["1 OR 1=1", "-1", "0", "１", " 1", "1.0", "+1", "0x1", "1e3", "2147483648", "9" * 30, ""]
FORGED_METADATA = [
    json.dumps({"case": "1; DROP TABLE cases"}),
    json.dumps({"case": True}),
    json.dumps({"case": 1.0}),
    json.dumps({"case": "１"}),
    json.dumps({"case": 2**31}),
    json.dumps({"case": [1]}),
    json.dumps([1]),
    "not json",
]
LONG_ID = "U" + "0" * 40  # no Slack id is this long


@contextmanager
def statements(bot: Bot) -> Iterator[list[str]]:
    """Every SQL statement the app runs meanwhile."""
    seen: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    event.listen(bot.db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(bot.db.engine, "before_cursor_execute", record)


def touching_cases(seen: list[str]) -> list[str]:
    return [s for s in seen if " cases" in s.lower()]


def stored(bot: Bot) -> Case:
    with bot.db.session() as session:
        return session.scalars(select(Case)).one()


def test_a_forged_case_id_in_a_button_gets_not_found_and_no_query(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    complete(bot, OWNER)
    assert stored(bot).id == 1
    for value in FORGED:
        for action in (Action.OPEN_CASE, Action.REMINDER_OPEN, Action.MOVE_DATES):
            with statements(bot) as seen:
                response = bot.click({"type": "button", "action_id": action, "block_id": "x", "value": value})
            assert response.status == 200, response.text
            shown = bot.fake.calls_to("views.open")[-1].args["view"]
            assert shown["callback_id"] == Callback.NOTICE and "could not find" in all_text(shown), value
            assert touching_cases(seen) == [], (value, action, seen)
    assert "listener failed" not in caplog.text


def test_a_forged_case_in_a_forms_private_metadata_gets_not_found_and_no_query(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    complete(bot, OWNER)
    click_in(bot, open_from_home(bot), Action.LOG_FEEDBACK)
    form = next(v for v in bot.fake.views.values() if v.get("callback_id") == Callback.FEEDBACK)
    for metadata in FORGED_METADATA:
        forged = {**form, "private_metadata": metadata}
        with statements(bot) as seen:
            response = bot.submit_view(forged, state_from_view(form, {"feedback_text": "They took it well"}))
        assert response.status == 200 and response.json["response_action"] == "update", response.text
        assert "could not find" in all_text(response.json["view"]), metadata
        assert touching_cases(seen) == [], (metadata, seen)
    assert stored(bot).client_feedback is None
    assert "listener failed" not in caplog.text


def test_a_button_naming_another_case_than_its_modal_is_refused_without_a_query(bot: Bot) -> None:
    complete(bot, OWNER)
    view = open_from_home(bot)
    with statements(bot) as seen:
        click_in(bot, view, Action.CLIENT_TOLD, value="2")
    assert touching_cases(seen) == []
    assert stored(bot).status == "open"


def test_a_request_naming_no_resolvable_person_is_answered_once_at_the_edge(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    complete(bot, OWNER)
    click_in(bot, open_from_home(bot), Action.LOG_FEEDBACK)
    form = next(v for v in bot.fake.views.values() if v.get("callback_id") == Callback.FEEDBACK)
    bot.fake.add_user(LONG_ID)
    opened = len(bot.fake.calls_to("views.open"))
    with statements(bot) as seen:
        command = bot.slash("Acme Ltd", user=LONG_ID)
        click = bot.click(
            {"type": "button", "action_id": Action.OPEN_CASE, "block_id": "x", "value": "1"}, user=LONG_ID
        )
        values = state_from_view(form, {"feedback_text": "Not mine to write"})
        submission = bot.submit_view(form, values, LONG_ID)
    assert command.status == 200 and "could not tell who you are" in command.json["text"]
    assert click.status == 200 and not click.text
    assert submission.status == 200 and submission.json["response_action"] == "update", submission.text
    assert "could not tell who you are" in all_text(submission.json["view"])
    assert len(bot.fake.calls_to("views.open")) == opened
    assert seen == []  # answered before any listener, or the database, is reached
    assert stored(bot).client_feedback is None
    assert "listener failed" not in caplog.text


def test_ids_are_plain_numbers_in_the_databases_range() -> None:
    assert parse_case_id("12") == 12 and parse_case_id(12) == 12
    assert parse_case_id(str(2**31 - 1)) == 2**31 - 1
    assert parse_reminder_id("7") == 7
    for forged in [*FORGED, None, True, 1.0, [1], {"case": 1}, 2**31, -3]:
        assert parse_case_id(forged) is None, forged
        assert parse_reminder_id(forged) is None, forged


def test_a_button_in_the_case_modal_acts_only_on_that_case() -> None:
    modal = {"callback_id": Callback.CASE, "private_metadata": json.dumps({"case": 4})}
    assert case_id_of({"view": modal, "actions": [{"value": "4"}]}) == 4
    assert case_id_of({"view": modal, "actions": [{}]}) == 4  # checkboxes carry no value
    assert case_id_of({"view": modal, "actions": [{"value": "5"}]}) is None
    forged = {**modal, "private_metadata": json.dumps({"case": "４"})}
    assert case_id_of({"view": forged, "actions": [{"value": "4"}]}) is None
    assert case_id_of({"actions": [{"value": "5"}]}) == 5  # App Home, a DM: the button says
    assert case_id_of({"actions": "not a list"}) is None


def test_a_step_form_is_read_for_the_fields_it_showed_only() -> None:
    values = {
        "client_name": {"value": {"type": "plain_text_input", "value": "Acme Ltd"}},
        "tenure": {"value": {"type": "static_select", "selected_option": {"value": "6"}}},
    }
    read = step_answers(StepId.SITUATION, values)
    assert read.step is StepId.SITUATION and set(read.shown) == {"client_name", "tenure"}
    draft = Answers(client_name="Old name", contact_name="Sam Harlow")
    laid = read.over(draft)
    assert laid.client_name == "Acme Ltd" and laid.tenure == Tenure.OVER_FIVE
    assert laid.contact_name == "Sam Harlow"  # not on this form: the draft's value stays
