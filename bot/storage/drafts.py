"""Drafts of the guided flow: saved between steps, deleted when the case is created."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from bot.core.answers import Answers
from bot.storage.models import Draft

DRAFT_LIFETIME = timedelta(days=7)


def load_draft(session: Session, draft_id: str | None, team_id: str, user_id: str) -> Draft | None:
    """The draft, only if it belongs to this user in this team."""
    if not draft_id:
        return None
    draft = session.get(Draft, draft_id)
    if draft is None or draft.team_id != team_id or draft.user_id != user_id:
        return None
    return draft


def save_draft(
    session: Session,
    draft: Draft | None,
    team_id: str,
    user_id: str,
    user_tz: str,
    answers: Answers,
    now: datetime,
) -> Draft:
    if draft is None:
        draft = Draft(id=str(uuid.uuid4()), team_id=team_id, user_id=user_id, user_tz=user_tz, created_at=now)
        session.add(draft)
    draft.answers = answers.to_json()
    draft.updated_at = now
    session.flush()
    return draft


def purge_stale_drafts(session: Session, now: datetime) -> int:
    result = session.execute(delete(Draft).where(Draft.updated_at < now - DRAFT_LIFETIME))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
