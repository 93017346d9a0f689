"""What Slack told us about a person (time zone, name), kept for a while."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot.storage.models import Person

FRESH_FOR = timedelta(days=1)


def person(session: Session, team_id: str, user_id: str) -> Person | None:
    return session.get(Person, (team_id, user_id))


def is_fresh(found: Person | None, now: datetime) -> bool:
    return found is not None and now - found.fetched_at < FRESH_FOR


def remember(
    session: Session,
    team_id: str,
    user_id: str,
    tz: str | None,
    name: str | None,
    now: datetime,
    is_admin: bool | None = None,
) -> None:
    found = session.get(Person, (team_id, user_id))
    if found is None:
        session.add(
            Person(team_id=team_id, user_id=user_id, tz=tz, name=name, fetched_at=now, is_admin=is_admin)
        )
    else:
        found.tz, found.name, found.fetched_at = tz or found.tz, name or found.name, now
        if is_admin is not None:
            found.is_admin = is_admin
