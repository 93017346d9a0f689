"""A workspace's retention of closed cases: set by an admin, enforced by housekeeping."""

from __future__ import annotations

import logging
from datetime import timedelta

from slack_sdk import WebClient

from bot.deps import Deps
from bot.services import people
from bot.services.actor import Actor
from bot.storage import retention

log = logging.getLogger("bot.retention")
CHOICES = {"forever": None, "1y": 365, "2y": 730, "5y": 1826}


def set_retention(deps: Deps, client: WebClient, actor: Actor, choice: str) -> bool:
    """Only a workspace admin or owner (asked of Slack now) changes it; False for anyone else or an
    unknown choice."""
    if choice not in CHOICES or not people.is_admin_now(deps, client, actor):
        return False
    with deps.db.session(write=True) as session:
        retention.set_retention(session, actor.team_id, CHOICES[choice], actor.user_id, deps.now())
    return True


def enforce(deps: Deps) -> tuple[int, int]:
    """Delete what each workspace's retention says is due; returns cases deleted and ledger
    entries made anonymous."""
    now = deps.now()
    with deps.db.session() as session:
        teams = [(s.team_id, s.retention_days) for s in retention.limited(session)]
    deleted = anonymized = 0
    for team_id, days in teams:
        assert days is not None
        with deps.db.session(write=True) as session:
            cases, entries = retention.purge(session, team_id, now - timedelta(days=days))
        deleted, anonymized = deleted + cases, anonymized + entries
    if deleted:
        log.info("retention: deleted %d closed cases, %d ledger entries made anonymous", deleted, anonymized)
    return deleted, anonymized
