"""The owner's time zone and name, from Slack's `users.info`, fetched off the request path (after
the command is acknowledged) and cached in the database for a day."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.services.actor import Actor
from bot.storage import people

log = logging.getLogger("bot.people")
DEFAULT_TZ = "UTC"


@dataclass(frozen=True)
class Profile:
    tz: str
    name: str | None


def profile(deps: Deps, actor: Actor) -> Profile:
    """What is known, without asking Slack: UTC and no name until the first fetch lands."""
    with deps.db.session() as session:
        found = people.person(session, actor.team_id, actor.user_id)
        return Profile(found.tz or DEFAULT_TZ, found.name) if found else Profile(DEFAULT_TZ, None)


def refresh(deps: Deps, client: WebClient, actor: Actor, force: bool = False) -> Profile:
    """Ask Slack when what we know is old (or `force`); a failure keeps what we had."""
    now = deps.now()
    with deps.db.session() as session:
        found = people.person(session, actor.team_id, actor.user_id)
        if found is not None and not force and people.is_fresh(found, now):
            return Profile(found.tz or DEFAULT_TZ, found.name)
    try:
        user = client.users_info(user=actor.user_id).get("user") or {}
    except SlackApiError as error:
        log.warning("users.info failed for a user: %s", error.response.get("error"))
        return profile(deps, actor)
    tz = user.get("tz") if isinstance(user.get("tz"), str) and user.get("tz") else None
    profile_data = user.get("profile") or {}
    name = profile_data.get("real_name") or user.get("real_name") or profile_data.get("display_name") or None
    name = name if isinstance(name, str) and name.strip() else None
    with deps.db.session(write=True) as session:
        people.remember(session, actor.team_id, actor.user_id, tz, name, now)
    return Profile(tz or DEFAULT_TZ, name)
