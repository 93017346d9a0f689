"""What several listeners render the same way: App Home after a change, a case view in place."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.copydeck import CASE
from bot.core.ledger import Period
from bot.deps import Deps
from bot.services import cases, policy, roles
from bot.services.actor import Actor
from bot.services.delivery import NETWORK
from bot.slack.flow_views import notice_view
from bot.slack.home_views import home_view

log = logging.getLogger("bot.home")


def publish_home(
    client: WebClient, deps: Deps, actor: Actor, tz: str | None = None, period: Period = Period.YEAR
) -> None:
    """The person's Home is drawn again once their clicks settle (bot/owed_homes.py): a burst of
    buttons costs one `views.publish`."""
    deps.homes.owe(actor, tz, period, deps.now(), client)


def publish_due_homes(deps: Deps, now: datetime | None) -> int:
    """The homes job: each Home owed by `now` (None: every one owed) drawn from the database as
    it is now; returns how many."""
    owed = deps.homes.take_due(now)
    for home in owed:
        try:
            publish_home_now(home.client, deps, home.actor, home.tz, home.period)
        except (SlackApiError, *NETWORK) as error:
            log.warning("App Home not published: %s", type(error).__name__)
        except Exception:
            log.exception("App Home not published")
    return len(owed)


def publish_home_now(
    client: WebClient, deps: Deps, actor: Actor, tz: str | None = None, period: Period = Period.YEAR
) -> None:
    data = cases.home(deps, actor, tz, period)
    view = home_view(
        data, deps.calendar(), roles.team_view(deps, actor, period), policy.home_part(deps, actor)
    )
    client.views_publish(user_id=actor.user_id, view=view)


def not_found_view() -> dict[str, Any]:
    return notice_view(CASE.not_found())


def first_action(body: dict[str, Any]) -> dict[str, Any]:
    actions = body.get("actions")
    return actions[0] if isinstance(actions, list) and actions and isinstance(actions[0], dict) else {}


def view_of(body: dict[str, Any]) -> dict[str, Any]:
    view = body.get("view")
    return view if isinstance(view, dict) else {}


def values_of(body: dict[str, Any]) -> dict[str, Any]:
    return (view_of(body).get("state") or {}).get("values") or {}
