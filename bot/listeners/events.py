"""Events: the App Home tab opening, and the workspace leaving."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.deps import Deps
from bot.installations import tenant_of
from bot.listeners.boundary import guarded
from bot.listeners.common import publish_home_now
from bot.listeners.parse import parse_event_id
from bot.services import people, workspaces
from bot.services.actor import Actor
from bot.slack.ids import Event

log = logging.getLogger("bot.events")


def on_home_opened(ack: Ack, body: dict[str, Any], client: WebClient, actor: Actor, deps: Deps) -> None:
    ack()
    event = body.get("event") or {}
    if event.get("tab") not in (None, "home"):
        return
    if not workspaces.first_delivery(deps, parse_event_id(body.get("event_id"))):
        return
    people.refresh(deps, client, actor)  # Slack asked only when what we know is old
    publish_home_now(client, deps, actor)  # they are looking at it


def on_workspace_left(ack: Ack, body: dict[str, Any], context: BoltContext, deps: Deps) -> None:
    ack()
    event = body.get("event") or {}
    if event.get("type") == Event.TOKENS_REVOKED and not (event.get("tokens") or {}).get("bot"):
        return  # only people's own tokens went; the bot still serves the workspace
    tenant = tenant_of(
        context.team_id or body.get("team_id"), context.enterprise_id, context.is_enterprise_install
    )
    if tenant and workspaces.first_delivery(deps, parse_event_id(body.get("event_id"))):
        stopped = workspaces.leave(deps, tenant, context.enterprise_id)
        log.info("workspace %s left or revoked the bot's token: %d reminders stopped", tenant, stopped)


def register(app: App) -> None:
    app.event(Event.APP_HOME_OPENED.value)(guarded(on_home_opened))
    app.event(Event.APP_UNINSTALLED.value)(guarded(on_workspace_left))
    app.event(Event.TOKENS_REVOKED.value)(guarded(on_workspace_left))
