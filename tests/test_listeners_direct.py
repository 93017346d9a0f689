"""Listeners are plain module functions: called directly, without Bolt, they translate a payload
into one service call and render the answer."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from bot.core.steps import StepId
from bot.listeners import commands, views
from bot.services.actor import Actor
from bot.slack.flow_views import STEP_CALLBACKS
from tests.conftest import OWNER
from tests.harness import Bot, state_from_view


class Recorder:
    """What Bolt's `ack` is to a listener: called once with the answer."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def __call__(self, **answer: Any) -> None:
        self.calls.append(answer)


def test_a_command_handler_called_directly(bot: Bot) -> None:
    ack = Recorder()
    client = WebClient(token=bot.fake.bot_token, base_url=bot.fake.base_url)
    actor = Actor(bot.fake.team_id, OWNER)
    commands.end_client(ack, {"text": "help"}, client, actor, bot.deps)  # type: ignore[arg-type]
    assert "How Endings Coach works" in ack.calls[0]["text"]
    trigger = bot.fake.issue_trigger()
    body = {"text": "Acme Ltd", "trigger_id": trigger}
    commands.end_client(ack, body, client, actor, bot.deps)  # type: ignore[arg-type]
    opened = bot.fake.calls_to("views.open")[-1].args["view"]
    assert opened["callback_id"] == STEP_CALLBACKS[StepId.SITUATION]


def test_a_step_handler_called_directly_answers_with_inline_errors(bot: Bot) -> None:
    ack = Recorder()
    client = WebClient(token=bot.fake.bot_token, base_url=bot.fake.base_url)
    trigger = bot.fake.issue_trigger()
    actor = Actor(bot.fake.team_id, OWNER)
    commands.end_client(Recorder(), {"text": "", "trigger_id": trigger}, client, actor, bot.deps)  # type: ignore[arg-type]
    view = bot.fake.calls_to("views.open")[-1].args["view"]
    body = {"view": {**view, "state": {"values": state_from_view(view, {"client_name": ""})}}}
    views.on_step(ack, body, actor, bot.deps)  # type: ignore[arg-type]
    assert ack.calls[0]["response_action"] == "errors" and "client_name" in ack.calls[0]["errors"]
