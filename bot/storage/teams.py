"""Whole-workspace operations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from bot.storage.models import Case, Draft, Reminder, ReminderState


def stop_team(session: Session, team_id: str, now: datetime) -> int:
    """Stop every reminder of a team that left; its cases are kept until deleted."""
    result = session.execute(
        update(Reminder)
        .where(Reminder.team_id == team_id, Reminder.state.in_(ReminderState.UNSENT))
        .values(state=ReminderState.CANCELLED, last_error="workspace uninstalled the app")
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def delete_team_data(session: Session, team_id: str) -> int:
    """Remove every case (with its checklist, history and reminders) and draft of a team."""
    session.execute(delete(Draft).where(Draft.team_id == team_id))
    cases = session.scalars(select(Case).where(Case.team_id == team_id)).all()
    for case in cases:
        session.delete(case)
    return len(cases)
