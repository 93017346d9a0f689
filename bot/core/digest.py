"""When a team lead's weekly digest is due: on the first working day of their week, once their
working hours have begun (and before they end), once a week."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.core.calendar import WorkCalendar
from bot.core.schedule import Window


def week_of(local: datetime) -> str:
    year, week, _ = local.date().isocalendar()
    return f"{year}-W{week:02d}"


def digest_due(local: datetime, last_week: str | None, calendar: WorkCalendar, window: Window) -> str | None:
    """The week the digest is for, when it is due at `local` (the lead's own time), else None."""
    week = week_of(local)
    if week == last_week or not window.start_hour <= local.hour < window.end_hour:
        return None
    day = local.date()
    monday = day - timedelta(days=day.weekday())
    first = next(
        (d for d in (monday + timedelta(days=i) for i in range(7)) if calendar.is_working_day(d)), None
    )
    return week if first is not None and day >= first and calendar.is_working_day(day) else None
