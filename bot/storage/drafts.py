"""Drafts of the guided flow: saved between steps, deleted when the case is created."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import and_, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from bot.core.answers import Answers
from bot.storage.models import Draft, Person

DRAFT_LIFETIME = timedelta(days=7)


# Built once: the flow runs these on every step, and building a statement costs about as much as
# running it on SQLite.
_DRAFT_AND_PERSON = (
    select(Draft, Person)
    .outerjoin(Person, and_(Person.team_id == Draft.team_id, Person.user_id == Draft.user_id))
    .where(
        Draft.id == bindparam("draft_id"),
        Draft.team_id == bindparam("team_id"),
        Draft.user_id == bindparam("user_id"),
    )
)
_INSERT = insert(Draft)
_UPDATE = (
    update(Draft)
    .where(Draft.id == bindparam("draft_id"))
    .values(answers=bindparam("new_answers", type_=Draft.answers.type), updated_at=bindparam("now"))
    .execution_options(synchronize_session=False)
)


def draft_and_person(
    session: Session, draft_id: str | None, team_id: str, user_id: str
) -> tuple[Draft | None, Person | None]:
    """The draft (only if it belongs to this user in this team) and what is known of the person,
    read together: each step of the flow needs both."""
    if draft_id:
        found = session.execute(
            _DRAFT_AND_PERSON, {"draft_id": draft_id, "team_id": team_id, "user_id": user_id}
        ).first()
        if found is not None:
            return found[0], found[1]
    return None, session.get(Person, (team_id, user_id))


def save_draft(
    session: Session,
    draft: Draft | None,
    team_id: str,
    user_id: str,
    user_tz: str,
    answers: Answers,
    now: datetime,
) -> str:
    """Write the answers to the draft (a new one when `draft` is None); returns its id. A statement,
    not a flush: the step's request reads nothing of the draft back."""
    if draft is None:
        draft_id = str(uuid.uuid4())
        row = {
            "id": draft_id,
            "team_id": team_id,
            "user_id": user_id,
            "user_tz": user_tz,
            "answers": answers.to_json(),
            "created_at": now,
            "updated_at": now,
        }
        session.execute(_INSERT, [row])
        return draft_id
    session.execute(_UPDATE, {"draft_id": draft.id, "new_answers": answers.to_json(), "now": now})
    return draft.id


def purge_stale_drafts(session: Session, now: datetime) -> int:
    result = session.execute(delete(Draft).where(Draft.updated_at < now - DRAFT_LIFETIME))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
