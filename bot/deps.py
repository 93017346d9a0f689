"""What the listeners and the sweeper share: settings, the database and the clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from bot.config import Settings
from bot.core.calendar import WorkCalendar
from bot.core.schedule import Window, zone
from bot.holiday_calendar import calendar_for
from bot.storage.db import Database


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class Deps:
    settings: Settings
    db: Database
    clock: Callable[[], datetime] = field(default=system_clock)

    def now(self) -> datetime:
        return self.clock()

    def today_in(self, tz_name: str | None) -> date:
        return self.now().astimezone(zone(tz_name)).date()

    def calendar(self) -> WorkCalendar:
        return calendar_for(
            self.settings.holiday_country, self.now().date(), self.settings.holiday_subdivision
        )

    @property
    def window(self) -> Window:
        return Window(self.settings.reminder_hour, self.settings.workday_end_hour)
