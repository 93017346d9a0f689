"""App Home tabs owed: a button records that a person's Home needs drawing again, and the homes job
draws it once the clicks have settled (HOME_DELAY after the last), so a burst of clicks costs one
`views.publish`, drawn from the database as it is then. One owed Home per person; the latest ask
(its time zone and period) wins. Owed Homes live in the process that took the clicks and are
drawn by that process's job: a Home lost with its process is drawn again when next opened."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.core.actor import Actor
from bot.core.ledger import Period

HOME_DELAY = timedelta(seconds=2)


@dataclass(frozen=True)
class OwedHome:
    actor: Actor
    tz: str | None
    period: Period
    due: datetime
    client: Any  # the Web API client of the request that asked (its workspace's token)


class OwedHomes:
    def __init__(self) -> None:
        self._owed: dict[tuple[str, str], OwedHome] = {}
        self._lock = threading.Lock()

    def owe(self, actor: Actor, tz: str | None, period: Period, now: datetime, client: Any) -> None:
        with self._lock:
            self._owed[(actor.team_id, actor.user_id)] = OwedHome(actor, tz, period, now + HOME_DELAY, client)

    def take_due(self, now: datetime | None) -> list[OwedHome]:
        """The Homes due by `now` (all of them with None), no longer owed."""
        with self._lock:
            due = [home for home in self._owed.values() if now is None or home.due <= now]
            for home in due:
                del self._owed[(home.actor.team_id, home.actor.user_id)]
        return due

    def __len__(self) -> int:
        return len(self._owed)
