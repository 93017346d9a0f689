"""How long a workspace keeps closed cases, and the deletion that enforces it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.storage.models import ACTIVE_STATUSES, Case, LedgerRow, WorkspaceSetting

ANONYMOUS = ""  # a ledger entry's owner once its case is gone: counted, never attributed


def retention_of(session: Session, team_id: str) -> int | None:
    found = session.get(WorkspaceSetting, team_id)
    return found.retention_days if found else None


def set_retention(session: Session, team_id: str, days: int | None, by: str, now: datetime) -> None:
    found = session.get(WorkspaceSetting, team_id)
    if found is None:
        session.add(WorkspaceSetting(team_id=team_id, retention_days=days, updated_by=by, updated_at=now))
    else:
        found.retention_days, found.updated_by, found.updated_at = days, by, now


def limited(session: Session) -> Sequence[WorkspaceSetting]:
    return session.scalars(select(WorkspaceSetting).where(WorkspaceSetting.retention_days.is_not(None))).all()


def purge(session: Session, team_id: str, closed_before: datetime) -> tuple[int, int]:
    """Delete the team's cases closed (or cancelled) before `closed_before`, with their checklists,
    history and reminders; their ledger entries lose their owner and case. Returns both counts."""
    cases = session.scalars(
        select(Case).where(
            Case.team_id == team_id,
            Case.status.not_in(ACTIVE_STATUSES),
            Case.closed_at.is_not(None),
            Case.closed_at < closed_before,
        )
    ).all()
    ids = [case.id for case in cases]
    anonymized = 0
    if ids:
        result = session.execute(
            update(LedgerRow)
            .where(LedgerRow.team_id == team_id, LedgerRow.case_id.in_(ids))
            .values(owner_id=ANONYMOUS, case_id=None)
            .execution_options(synchronize_session=False)
        )
        anonymized = int(getattr(result, "rowcount", 0) or 0)
    for case in cases:
        session.delete(case)
    return len(cases), anonymized
