"""/end-client: start a case, `list` or `help`."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.core.answers import Answers
from bot.core.command import Intent, parse_command
from bot.core.validation import CLIENT_NAME_MAX
from bot.deps import Deps
from bot.listeners.common import actor_from, guarded
from bot.slack.flow_views import FlowMeta, change_step
from bot.slack.ids import COMMAND
from bot.slack.messages import LISTED, help_message, list_message, unknown_subcommand
from bot.storage import cases as case_store


def register(app: App, deps: Deps) -> None:
    def end_client(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        command = parse_command(str(body.get("text") or ""))
        if command.intent is Intent.HELP:
            ack(**help_message())
            return
        if command.intent is Intent.UNKNOWN:
            ack(**unknown_subcommand(command.client_name or "", command.suggestion or "help"))
            return
        actor = actor_from(body, context)
        if actor is None:
            ack(text="Sorry, I could not tell who you are. Please try again.")
            return
        if command.intent is Intent.LIST:
            with deps.db.session() as session:
                cases = case_store.active_cases(session, actor.team_id, actor.user_id, limit=LISTED)
                message = list_message(cases, case_store.count_active(session, actor.team_id, actor.user_id))
            ack(**message)
            return
        ack()
        # The trigger_id lives 3 seconds: open the modal before anything slow.
        name = (command.client_name or "")[:CLIENT_NAME_MAX] or None
        client.views_open(
            trigger_id=body["trigger_id"], view=change_step(Answers(client_name=name), FlowMeta())
        )

    app.command(COMMAND)(guarded(end_client))
