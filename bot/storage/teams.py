"""Whole-workspace operations."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.storage import reminder_lifecycle as lifecycle
from bot.storage.models import Case, Draft, LeadDigest, LedgerRow, Person, TeamMember, WorkspaceSetting


def stop_team(session: Session, team_id: str) -> int:
    """Stop every reminder of a team that left; its cases are kept until deleted."""
    return lifecycle.cancel_team(session, team_id, "workspace uninstalled the app")


def delete_team_data(session: Session, team_id: str) -> int:
    """Remove every case (with its checklist, history and reminders), draft, cached profile and
    team lead."""
    session.execute(delete(Draft).where(Draft.team_id == team_id))
    session.execute(delete(Person).where(Person.team_id == team_id))
    session.execute(delete(TeamMember).where(TeamMember.team_id == team_id))
    session.execute(delete(LeadDigest).where(LeadDigest.team_id == team_id))
    session.execute(delete(LedgerRow).where(LedgerRow.team_id == team_id))
    session.execute(delete(WorkspaceSetting).where(WorkspaceSetting.team_id == team_id))
    cases = session.scalars(select(Case).where(Case.team_id == team_id)).all()
    for case in cases:
        session.delete(case)
    return len(cases)
