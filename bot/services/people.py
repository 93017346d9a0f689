"""The owner's time zone and name, from Slack's `users.info`, fetched off the request path (after
the command is acknowledged) and cached in the database for a day."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.services.actor import Actor
from bot.storage import people
from bot.storage.models import Person

log = logging.getLogger("bot.people")
DEFAULT_TZ = "UTC"


@dataclass(frozen=True)
class Profile:
    tz: str
    name: str | None


def profile_of(found: Person | None) -> Profile:
    """What is known, without asking Slack: UTC and no name until the first fetch lands."""
    return Profile(found.tz or DEFAULT_TZ, found.name) if found else Profile(DEFAULT_TZ, None)


def refresh_soon(deps: Deps, client: WebClient, actor: Actor) -> None:
    """After the answer: learn the person's time zone and name, unless this process saw them
    fresh lately (then it costs a dictionary look-up, and no thread)."""
    seen = deps.fresh_people.get((actor.team_id, actor.user_id))
    if seen is not None and deps.now() - seen < people.FRESH_FOR:
        return
    if deps.background is None:
        refresh(deps, client, actor)
    else:
        deps.background.submit(_refresh_logged, deps, client, actor)


def _refresh_logged(deps: Deps, client: WebClient, actor: Actor) -> None:
    try:
        refresh(deps, client, actor)
    except Exception:
        log.exception("could not refresh a person's profile")


def refresh(deps: Deps, client: WebClient, actor: Actor, force: bool = False) -> None:
    """Ask Slack when what we know is old (or `force`); a failure keeps what we had. A person
    this process saw fresh lately costs nothing, not even a read."""
    now = deps.now()
    key = (actor.team_id, actor.user_id)
    seen = deps.fresh_people.get(key)
    if not force and seen is not None and now - seen < people.FRESH_FOR:
        return
    with deps.db.session() as session:
        found = people.person(session, actor.team_id, actor.user_id)
        if found is not None and not force and people.is_fresh(found, now):
            deps.fresh_people[key] = found.fetched_at
            return
    try:
        user = client.users_info(user=actor.user_id).get("user") or {}
    except SlackApiError as error:
        log.warning("users.info failed for a user: %s", error.response.get("error"))
        return
    _remember(deps, actor, user, now)
    deps.fresh_people[key] = now


def slack_says_admin(user: dict[str, Any]) -> bool:
    return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))


def _remember(deps: Deps, actor: Actor, user: dict[str, Any], now: datetime) -> None:
    tz = user.get("tz") if isinstance(user.get("tz"), str) and user.get("tz") else None
    profile_data = user.get("profile") or {}
    name = profile_data.get("real_name") or user.get("real_name") or profile_data.get("display_name") or None
    name = name if isinstance(name, str) and name.strip() else None
    with deps.db.session(write=True) as session:
        people.remember(session, actor.team_id, actor.user_id, tz, name, now, slack_says_admin(user))


def is_admin_now(deps: Deps, client: WebClient, actor: Actor) -> bool:
    """Asks Slack at this moment (what grants a role is never taken from a cache): a workspace
    admin or owner. What it says is remembered for what App Home shows."""
    try:
        user = client.users_info(user=actor.user_id).get("user") or {}
    except SlackApiError as error:
        log.warning("users.info failed for a user: %s", error.response.get("error"))
        return False
    if user.get("deleted") or (user.get("team_id") and user.get("team_id") != actor.team_id):
        return False
    _remember(deps, actor, user, deps.now())
    return slack_says_admin(user)


def is_member_of(user: dict[str, Any], actor: Actor) -> bool:
    """Whether Slack's record of a person shows an active, full member of the actor's workspace:
    not deactivated, not a bot or an app, not a guest (single- or multi-channel), and not from
    another organisation (a Slack Connect user answers with their own organisation's team)."""
    if user.get("deleted") or user.get("is_bot") or user.get("is_app_user") or user.get("id") == "USLACKBOT":
        return False
    if user.get("is_stranger") or user.get("is_restricted") or user.get("is_ultra_restricted"):
        return False
    org = (user.get("enterprise_user") or {}).get("enterprise_id")
    return user.get("team_id") == actor.team_id or bool(actor.enterprise_id and org == actor.enterprise_id)


def member_now(client: WebClient, actor: Actor, user_id: str) -> bool:
    """Asks Slack at this moment whether `user_id` is an active, full member of the actor's
    workspace (a failed call counts as no: nothing is shared on a guess)."""
    try:
        user = client.users_info(user=user_id).get("user") or {}
    except SlackApiError as error:
        log.warning("users.info failed for a user: %s", error.response.get("error"))
        return False
    return isinstance(user, dict) and is_member_of(user, actor)


def members_now(client: WebClient, actor: Actor, user_ids: list[str]) -> list[str]:
    """Those of `user_ids` who are not active, full members of the actor's workspace now (asked
    side by side: a form's answer has three seconds)."""
    with ThreadPoolExecutor(max_workers=min(8, max(1, len(user_ids)))) as pool:
        answers = list(pool.map(lambda user_id: member_now(client, actor, user_id), user_ids))
    return [user_id for user_id, ok in zip(user_ids, answers, strict=True) if not ok]
