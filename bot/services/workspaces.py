"""A workspace's events: retries seen once, and a workspace that leaves."""

from __future__ import annotations

import logging

from sqlalchemy.exc import IntegrityError

from bot.deps import Deps
from bot.installations import forget_installation, installation_store
from bot.storage.models import ProcessedEvent
from bot.storage.teams import stop_team

log = logging.getLogger("bot.events")


def first_delivery(deps: Deps, event_id: str | None) -> bool:
    """True the first time an event_id is seen; Slack's retries of it are then ignored. An event
    without one (None) is always taken."""
    if event_id is None:
        return True
    try:
        with deps.db.session(write=True) as session:
            session.add(ProcessedEvent(event_id=event_id, received_at=deps.now()))
    except IntegrityError:
        log.info("ignored a repeated delivery of event %s", event_id)
        return False
    return True


def leave(deps: Deps, tenant: str, enterprise_id: str | None) -> int:
    """Stop the tenant's reminders and forget its stored tokens; its cases stay until deleted."""
    with deps.db.session(write=True) as session:
        stopped = stop_team(session, tenant)
    if deps.settings.oauth:
        forget_installation(installation_store(deps), tenant, enterprise_id)
    return stopped
