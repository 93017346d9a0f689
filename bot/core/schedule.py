"""When reminders reach the owner: working days, working hours, the owner's time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.calendar import WorkCalendar

MONDAY = 0


@dataclass(frozen=True)
class Window:
    """Local hours in which a nudge may arrive: from `start_hour` up to `end_hour`."""

    start_hour: int = 9
    end_hour: int = 18


def zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_at(day: date, hour: int, tz: ZoneInfo, minute: int = 0) -> datetime:
    """`hour:minute` on `day` in `tz`, as UTC. A wall time skipped by a DST jump moves forward."""
    wall = datetime.combine(day, time(hour, minute), tzinfo=tz)
    as_utc = wall.astimezone(UTC)
    if as_utc.astimezone(tz).replace(tzinfo=None) != wall.replace(tzinfo=None):
        # The wall time does not exist (spring forward); the first moment after the gap.
        as_utc = (wall + timedelta(hours=1)).astimezone(UTC)
    return as_utc


def next_delivery(candidate: datetime, tz: ZoneInfo, calendar: WorkCalendar, window: Window) -> datetime:
    """`candidate` itself when it is in working hours on a working day, else the next window start."""
    local = candidate.astimezone(tz)
    day = local.date()
    if calendar.is_working_day(day):
        start = local_at(day, window.start_hour, tz)
        end = local_at(day, window.end_hour, tz)
        if candidate < start:
            return start
        if candidate < end:
            return candidate
    return local_at(
        calendar.add_working_days(day, 1) if calendar.is_working_day(day) else calendar.on_or_after(day),
        window.start_hour,
        tz,
    )


def morning_of(day: date, tz: ZoneInfo, calendar: WorkCalendar, window: Window) -> datetime:
    return local_at(calendar.on_or_after(day), window.start_hour, tz)


class Snooze(StrEnum):
    HOUR = "1h"
    TOMORROW = "tomorrow"
    NEXT_MONDAY = "monday"


def snooze_until(
    choice: Snooze, now: datetime, tz: ZoneInfo, calendar: WorkCalendar, window: Window
) -> datetime:
    today = now.astimezone(tz).date()
    if choice is Snooze.HOUR:
        return next_delivery(now + timedelta(hours=1), tz, calendar, window)
    if choice is Snooze.TOMORROW:
        return morning_of(calendar.add_working_days(today, 1), tz, calendar, window)
    days_to_monday = (MONDAY - today.weekday()) % 7 or 7
    return morning_of(today + timedelta(days=days_to_monday), tz, calendar, window)
