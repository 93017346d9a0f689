"""A team lead's weekly digest: turned on or off from App Home, and what is due to go out."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from bot.core.digest import digest_due
from bot.core.schedule import zone
from bot.deps import Deps
from bot.services import roles as role_service
from bot.services.actor import Actor
from bot.services.roles import SharedCase
from bot.storage import digests, roles
from bot.storage import people as person_store


def set_digest(deps: Deps, actor: Actor, on: bool) -> bool:
    """Only someone who leads people has a digest to turn on; False for anyone else."""
    with deps.db.session(write=True) as session:
        if not roles.members_of(session, actor.team_id, actor.user_id):
            return False
        found = person_store.person(session, actor.team_id, actor.user_id)
        tz = (found.tz if found else None) or "UTC"
        digests.set_digest(session, actor.team_id, actor.enterprise_id, actor.user_id, tz, on)
        return True


@dataclass(frozen=True)
class DueDigest:
    lead: Actor
    week: str
    previous: str | None
    at_risk: list[SharedCase]


def due(deps: Deps, now: datetime) -> Iterator[DueDigest]:
    """Each digest due now with something that needs its lead, claimed for this week (a week with
    nothing at risk is claimed too, and nothing is sent). Release a claim whose send failed."""
    calendar, window = deps.calendar(), deps.window
    with deps.db.session() as session:
        rows = [(r.team_id, r.enterprise_id, r.lead_id, r.tz, r.last_week) for r in digests.wanted(session)]
    for team_id, enterprise_id, lead_id, tz, last_week in rows:
        week = digest_due(now.astimezone(zone(tz)), last_week, calendar, window)
        if week is None:
            continue
        lead = Actor(team_id, lead_id, enterprise_id)
        at_risk = [s for s in role_service.team_view(deps, lead).shared if s.risk.reasons]
        with deps.db.session(write=True) as session:
            if not digests.claim_week(session, team_id, lead_id, week):
                continue  # another process has it
        if at_risk:
            yield DueDigest(lead, week, last_week, at_risk)


def release(deps: Deps, digest: DueDigest) -> None:
    with deps.db.session(write=True) as session:
        digests.release_week(session, digest.lead.team_id, digest.lead.user_id, digest.week, digest.previous)
