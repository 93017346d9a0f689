"""Who leads whom in a workspace."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from bot.storage.models import TeamMember


def lead_of(session: Session, team_id: str, member_id: str) -> str | None:
    found = session.get(TeamMember, (team_id, member_id))
    return found.lead_id if found else None


_MEMBERS_OF = (
    select(TeamMember.member_id)
    .where(TeamMember.team_id == bindparam("team_id"), TeamMember.lead_id == bindparam("lead_id"))
    .order_by(TeamMember.member_id)
)


def members_of(session: Session, team_id: str, lead_id: str) -> list[str]:
    return list(session.scalars(_MEMBERS_OF, {"team_id": team_id, "lead_id": lead_id}))


def all_leads(session: Session, team_id: str) -> dict[str, list[str]]:
    """Each lead of the workspace with their members."""
    teams: dict[str, list[str]] = {}
    rows = session.execute(
        select(TeamMember.lead_id, TeamMember.member_id)
        .where(TeamMember.team_id == team_id)
        .order_by(TeamMember.lead_id, TeamMember.member_id)
    )
    for lead, member in rows:
        teams.setdefault(lead, []).append(member)
    return teams


def name_lead(
    session: Session, team_id: str, lead_id: str, members: Sequence[str], named_by: str, now: datetime
) -> None:
    """`lead_id` leads exactly `members` from now on: each member leaves any earlier lead, and
    people this lead led before but not named now are no longer theirs."""
    session.execute(
        delete(TeamMember).where(
            TeamMember.team_id == team_id,
            (TeamMember.lead_id == lead_id) | TeamMember.member_id.in_(list(members)),
        )
    )
    session.add_all(
        TeamMember(team_id=team_id, member_id=m, lead_id=lead_id, named_by=named_by, named_at=now)
        for m in dict.fromkeys(members)
    )
