"""Helpers every listener uses: who is asking, the error boundary, refreshing App Home."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.casework import Actor
from bot.deps import Deps
from bot.installations import tenant_of
from bot.slack.flow_views import notice_view
from bot.slack.home_views import MAX_LISTED, home_view
from bot.slack.messages import apology
from bot.storage import cases as case_store

log = logging.getLogger("bot.listeners")

Listener = Callable[[Ack, dict[str, Any], WebClient, BoltContext], None]


def actor_from(body: dict[str, Any], context: BoltContext) -> Actor | None:
    user_id = context.user_id
    tenant = tenant_of(context.team_id, context.enterprise_id, context.is_enterprise_install)
    if not user_id or not tenant:
        return None
    return Actor(team_id=tenant, user_id=user_id, enterprise_id=context.enterprise_id)


def guarded(listener: Listener, *, after_ack: bool = False) -> Callable[..., None]:
    """The one error boundary: log the trace under a reference id, tell the user briefly.

    `after_ack` marks work that runs after Slack was answered (lazy listeners): the apology
    then goes by DM.
    """

    def run(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        try:
            listener(ack, body, client, context)
        except Exception:
            reference = uuid.uuid4().hex[:10]
            log.exception("listener failed (ref %s, type %s)", reference, body.get("type") or "command")
            _apologise(ack, body, client, context, reference, after_ack)

    return run


def ack_only(ack: Ack) -> None:
    ack()


def _apologise(
    ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, reference: str, after_ack: bool
) -> None:
    message = apology(reference)
    acked = after_ack or ack.response is not None
    try:
        if body.get("type") == "view_submission" and not acked:
            # Pushed on top, so the form underneath keeps everything typed.
            ack(response_action="push", view=notice_view(message["blocks"][0]["text"]["text"]))
            return
        if "command" in body and not acked:
            ack(**message)
            return
        if not acked:
            ack()
        if context.user_id:
            client.chat_postMessage(channel=context.user_id, **message)
    except Exception:
        log.exception("could not tell the user about error ref %s", reference)


def publish_home(client: WebClient, deps: Deps, actor: Actor, tz_name: str | None = None) -> None:
    with deps.db.session() as session:
        active = case_store.active_cases(session, actor.team_id, actor.user_id, limit=MAX_LISTED)
        next_items = case_store.next_open_items(session, [case.id for case in active])
        total = case_store.count_active(session, actor.team_id, actor.user_id)
        closed = case_store.recent_closed_cases(session, actor.team_id, actor.user_id)
        tz = tz_name or (active[0].owner_tz if active else None)
        view = home_view(active, next_items, total, closed, deps.today_in(tz), deps.calendar())
    client.views_publish(user_id=actor.user_id, view=view)


def user_tz(client: WebClient, user_id: str) -> str:
    """The user's Slack time zone; UTC when Slack cannot tell us."""
    try:
        response = client.users_info(user=user_id)
    except SlackApiError as error:
        log.warning("users.info failed for a user: %s", error.response.get("error"))
        return "UTC"
    user = response.get("user") or {}
    tz = user.get("tz")
    return tz if isinstance(tz, str) and tz else "UTC"
