"""/end-client: start a case, `list` or `help`."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.core.command import Intent, parse_command
from bot.core.validation import NAME_MAX
from bot.deps import Deps
from bot.listeners.boundary import guarded
from bot.services import cases, people, policy
from bot.services.actor import Actor
from bot.slack.flow_views import opening_view
from bot.slack.ids import COMMAND
from bot.slack.messages import LISTED, help_message, list_message, unknown_subcommand


def end_client(ack: Ack, body: dict[str, Any], client: WebClient, actor: Actor, deps: Deps) -> None:
    command = parse_command(str(body.get("text") or ""))
    if command.intent is Intent.HELP:
        ack(**help_message())
    elif command.intent is Intent.UNKNOWN:
        ack(**unknown_subcommand(command.client_name or "", command.suggestion or "help"))
    elif command.intent is Intent.LIST:
        ack(**list_message(*cases.listing(deps, actor, LISTED)))
    else:
        ack()
        # The trigger_id lives 3 seconds: the modal opens before anything else happens but finding
        # the firm's policy, whose lines the first step shows.
        name = (command.client_name or "")[:NAME_MAX] or None
        firm = policy.shown_at_start(deps, actor.team_id)
        client.views_open(trigger_id=body["trigger_id"], view=opening_view(name, firm))
        # Their time zone and name, for their dates and letters: looked up off the answer path.
        people.refresh_soon(deps, client, actor)


def register(app: App) -> None:
    app.command(COMMAND)(guarded(end_client))
