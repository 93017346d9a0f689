"""What the listeners and the sweeper share: settings, the database and the clock."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from bot.answering import Answering
from bot.config import Settings
from bot.core.calendar import WorkCalendar
from bot.core.policy import Policy
from bot.core.schedule import Window, zone
from bot.core.validation import Today
from bot.holiday_calendar import calendar_for
from bot.owed_homes import OwedHomes
from bot.storage.db import Database


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class Deps:
    settings: Settings
    db: Database
    clock: Callable[[], datetime] = field(default=system_clock)
    # Sends one owed message now (the plan's summary), by the sweep's rules; set by build_app.
    deliver_now: Callable[[int], object] = field(default=lambda reminder_id: None)
    # App Home tabs to draw again once a burst of clicks has settled (owed_homes.py).
    homes: OwedHomes = field(default_factory=OwedHomes)
    # When this process last knew a person's profile fresh, so that a command need not ask the
    # database again (services/people.py).
    fresh_people: dict[tuple[str, str], datetime] = field(default_factory=dict)
    # The firm's policy as /end-client last read it, per workspace, and when (services/policy.py).
    policies_shown: dict[str, tuple[datetime, Policy | None]] = field(default_factory=dict)
    # Where work that follows an answer runs (the listeners' executor; set by build_app).
    background: Executor | None = None
    # The requests being answered now: work without a deadline lets them go first.
    answering: Answering = field(default_factory=Answering)

    def now(self) -> datetime:
        return self.clock()

    def today_in(self, tz_name: str | None) -> date:
        return self.now().astimezone(zone(tz_name)).date()

    def calendar(self) -> WorkCalendar:
        return calendar_for(
            self.settings.holiday_country, self.now().date(), self.settings.holiday_subdivision
        )

    def today_for(self, tz_name: str | None) -> Today:
        return Today(self.today_in(tz_name), self.calendar())

    def __deepcopy__(self, memo: dict[int, Any]) -> Deps:
        # Bolt copies a request's context for lazy listeners; these are process-wide and shared.
        return self

    @property
    def window(self) -> Window:
        return Window(self.settings.reminder_hour, self.settings.workday_end_hour)
