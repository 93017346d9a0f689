"""Events: the App Home tab opening, and the workspace leaving."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from sqlalchemy.exc import IntegrityError

from bot.deps import Deps
from bot.installations import forget_installation, installation_store, tenant_of
from bot.listeners.common import actor_from, guarded, publish_home
from bot.slack.ids import Event
from bot.storage.models import ProcessedEvent
from bot.storage.teams import stop_team

log = logging.getLogger("bot.events")


def first_delivery(deps: Deps, body: dict[str, Any]) -> bool:
    """True the first time an event_id is seen; Slack's retries of it are then ignored."""
    event_id = body.get("event_id")
    if not isinstance(event_id, str) or not event_id:
        return True
    try:
        with deps.db.session() as session:
            session.add(ProcessedEvent(event_id=event_id[:64], received_at=deps.now()))
    except IntegrityError:
        log.info("ignored a repeated delivery of event %s", event_id)
        return False
    return True


def register(app: App, deps: Deps) -> None:
    def on_home_opened(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        ack()
        event = body.get("event") or {}
        if event.get("tab") not in (None, "home") or not first_delivery(deps, body):
            return
        actor = actor_from(body, context)
        if actor is not None:
            publish_home(client, deps, actor)

    installations = installation_store(deps) if deps.settings.oauth else None

    def on_workspace_left(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        ack()
        event = body.get("event") or {}
        if event.get("type") == Event.TOKENS_REVOKED and not (event.get("tokens") or {}).get("bot"):
            return  # only people's own tokens went; the bot still serves the workspace
        tenant = tenant_of(
            context.team_id or body.get("team_id"), context.enterprise_id, context.is_enterprise_install
        )
        if not tenant or not first_delivery(deps, body):
            return
        with deps.db.session() as session:
            stopped = stop_team(session, tenant, deps.now())
        if installations is not None:
            forget_installation(installations, tenant, context.enterprise_id)
        log.info("workspace %s left or revoked the bot's token: %d reminders stopped", tenant, stopped)

    app.event(Event.APP_HOME_OPENED.value)(guarded(on_home_opened))
    app.event(Event.APP_UNINSTALLED.value)(guarded(on_workspace_left))
    app.event(Event.TOKENS_REVOKED.value)(guarded(on_workspace_left))
