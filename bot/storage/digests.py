"""Team leads' weekly digests: who wants one, and which week each last went out."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.storage.models import LeadDigest


def digest_of(session: Session, team_id: str, lead_id: str) -> LeadDigest | None:
    return session.get(LeadDigest, (team_id, lead_id))


def set_digest(
    session: Session, team_id: str, enterprise_id: str | None, lead_id: str, tz: str, enabled: bool
) -> None:
    found = session.get(LeadDigest, (team_id, lead_id))
    if found is None:
        session.add(
            LeadDigest(team_id=team_id, enterprise_id=enterprise_id, lead_id=lead_id, tz=tz, enabled=enabled)
        )
    else:
        found.enabled, found.tz = enabled, tz


def wanted(session: Session) -> Sequence[LeadDigest]:
    return session.scalars(select(LeadDigest).where(LeadDigest.enabled.is_(True))).all()


def claim_week(session: Session, team_id: str, lead_id: str, week: str) -> bool:
    """Take this week's digest for one sender: one conditional update, so two sweeping processes
    never both send it."""
    result = session.execute(
        update(LeadDigest)
        .where(
            LeadDigest.team_id == team_id,
            LeadDigest.lead_id == lead_id,
            LeadDigest.enabled.is_(True),
            (LeadDigest.last_week.is_(None)) | (LeadDigest.last_week != week),
        )
        .values(last_week=week)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0) == 1


def release_week(session: Session, team_id: str, lead_id: str, week: str, previous: str | None) -> None:
    """The send failed: the week is not taken after all, and the next sweep tries again."""
    session.execute(
        update(LeadDigest)
        .where(LeadDigest.team_id == team_id, LeadDigest.lead_id == lead_id, LeadDigest.last_week == week)
        .values(last_week=previous)
        .execution_options(synchronize_session=False)
    )
