"""Which messages are the bot's own reminder DMs to a person, as its records say."""

from __future__ import annotations

from bot.deps import Deps
from bot.services.actor import Actor
from bot.storage import sent_messages


def is_theirs(deps: Deps, actor: Actor, channel: str, ts: str) -> bool:
    """Whether the bot sent the message at (`channel`, `ts`) to this person as a reminder DM: only
    such a message may be changed on their word."""
    with deps.db.session() as session:
        return sent_messages.reminder_dm_of(session, actor.team_id, actor.user_id, channel, ts)
