"""What every listener may ask for by name, besides Bolt's own arguments: `deps` (settings, database,
clock) and `actor` (who is asking). A request that needs someone to act for and names no one this
app can resolve is answered here, once, and goes no further: past this point `actor` is an Actor."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltContext, BoltResponse

from bot.copydeck import MESSAGES
from bot.core.validation import is_slack_id
from bot.deps import Deps
from bot.installations import tenant_of
from bot.services.actor import Actor
from bot.slack.flow_views import notice_view
from bot.slack.ids import Event
from bot.slack.messages import unknown_person_message
from bot.web_client import keeping_alive

log = logging.getLogger("bot.listeners")

# A workspace leaving names no person: its listener asks for the workspace, not an actor.
NO_ACTOR_EVENTS = frozenset({Event.APP_UNINSTALLED.value, Event.TOKENS_REVOKED.value})


def actor_of(context: BoltContext) -> Actor | None:
    tenant = tenant_of(context.team_id, context.enterprise_id, context.is_enterprise_install)
    if not context.user_id or not tenant:
        return None
    if not all(is_slack_id(v) for v in (context.user_id, tenant, context.enterprise_id or "E")):
        return None  # no Slack id is like this (too long, a NUL): refused at the edge
    return Actor(team_id=tenant, user_id=context.user_id, enterprise_id=context.enterprise_id)


def needs_actor(body: dict[str, Any]) -> bool:
    if body.get("type") == "event_callback":
        event = body.get("event")
        return not (isinstance(event, dict) and event.get("type") in NO_ACTOR_EVENTS)
    return True


def unknown_person_answer(body: dict[str, Any]) -> BoltResponse:
    """Slack's acknowledgement for a request whose person cannot be told: a command hears why, a
    form shows why in its place, anything else is acknowledged and nothing happens."""
    if body.get("type") == "view_submission":
        view = notice_view(MESSAGES.unknown_person())
        return BoltResponse(status=200, body={"response_action": "update", "view": view})
    if "command" in body:
        return BoltResponse(status=200, body=dict(unknown_person_message()))
    return BoltResponse(status=200, body="")


def injector(deps: Deps) -> Callable[..., Any]:
    def inject(context: BoltContext, body: dict[str, Any], next: Callable[[], Any]) -> Any:
        context["deps"] = deps
        context["client"] = keeping_alive(context.client)
        actor = actor_of(context)
        if actor is not None:
            context["actor"] = actor
        elif needs_actor(body):
            kind = body.get("type") or ("command" if "command" in body else "?")
            log.warning("refused a request naming no person this app can resolve (%s)", kind)
            return unknown_person_answer(body)
        return next()

    return inject
