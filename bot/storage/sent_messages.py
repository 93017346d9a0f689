"""The messages the bot sent a person, as its own records hold them: a request names a message to
change, and only one found here is changed."""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from bot.storage.models import Case, Reminder

_SENT_TO = (
    select(Reminder.id)
    .join(Case, Case.id == Reminder.case_id)
    .where(
        Case.team_id == bindparam("team_id"),
        Case.owner_id == bindparam("owner_id"),
        Reminder.channel_id == bindparam("channel"),
        Reminder.message_ts == bindparam("ts"),
    )
    .limit(1)
)


def reminder_dm_of(session: Session, team_id: str, owner_id: str, channel: str, ts: str) -> bool:
    """Whether the bot sent this message (`channel`, `ts`) to `owner_id` as a reminder DM."""
    params = {"team_id": team_id, "owner_id": owner_id, "channel": channel, "ts": ts}
    return session.scalar(_SENT_TO, params) is not None
