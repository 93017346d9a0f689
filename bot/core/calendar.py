"""Working days: a country's weekend and public holidays are skipped."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

SATURDAY, SUNDAY = 5, 6


@dataclass(frozen=True)
class WorkCalendar:
    """`weekend` holds weekday numbers (Monday 0); `workdays` are weekend dates worked anyway
    (some countries move a working day onto a weekend around a holiday); `season` holds the days
    of the country's holiday season (working days, but nobody wants hard news or a deadline then)."""

    holidays: frozenset[date] = field(default_factory=frozenset)
    weekend: frozenset[int] = frozenset({SATURDAY, SUNDAY})
    workdays: frozenset[date] = field(default_factory=frozenset)
    names: Mapping[date, str] = field(default_factory=dict, compare=False, hash=False)
    season: frozenset[date] = field(default_factory=frozenset)

    def is_working_day(self, day: date) -> bool:
        if day in self.holidays:
            return False
        return day.weekday() not in self.weekend or day in self.workdays

    def holiday_name(self, day: date) -> str | None:
        """The public holiday on `day`, by name, when there is one."""
        if day not in self.holidays:
            return None
        return self.names.get(day) or "a public holiday"

    def nearest_working_days(self, day: date) -> tuple[date, date]:
        """The working days just before and just after `day`."""
        return self.add_working_days(day, -1), self.add_working_days(day, 1)

    def add_working_days(self, day: date, count: int) -> date:
        """Move `count` working days from `day` (backwards when negative).

        Zero returns `day` itself, even when it is not a working day.
        """
        step = 1 if count >= 0 else -1
        remaining = abs(count)
        current = day
        while remaining:
            current += timedelta(days=step)
            if self.is_working_day(current):
                remaining -= 1
        return current

    def working_days_before(self, day: date, count: int) -> date:
        """The day that leaves `count` working days up to and including `day`: counted back from
        the working day on or before `day`, so a Sunday counts like the Friday before it."""
        return self.add_working_days(self.on_or_before(day), -count)

    def is_eve_of_holiday(self, day: date) -> bool:
        """The last working day before a public holiday (the Friday before a bank holiday Monday)."""
        following = day + timedelta(days=1)
        while following.weekday() in self.weekend and following not in self.workdays:
            following += timedelta(days=1)
        return following in self.holidays

    def is_good_day(self, day: date) -> bool:
        """A day worth suggesting for hard news or a meeting: a working day, outside the holiday
        season, and not the last working day before a public holiday."""
        return self.is_working_day(day) and day not in self.season and not self.is_eve_of_holiday(day)

    def good_on_or_after(self, day: date, latest: date) -> date | None:
        """The first good day from `day` up to `latest`, or None when there is none."""
        while day <= latest:
            if self.is_good_day(day):
                return day
            day += timedelta(days=1)
        return None

    def good_on_or_before(self, day: date, earliest: date) -> date | None:
        """The last good day from `day` back to `earliest`, or None when there is none."""
        while day >= earliest:
            if self.is_good_day(day):
                return day
            day -= timedelta(days=1)
        return None

    def is_open_day(self, day: date) -> bool:
        """A working day outside the holiday season: offices are staffed and people can act."""
        return self.is_working_day(day) and day not in self.season

    def open_near(self, day: date, earliest: date, before: date) -> date:
        """`day`, or when it falls in the holiday season the open day nearest before it (not before
        `earliest`), else the first one after it and before `before`; `day` when there is none."""
        if day not in self.season:
            return day
        current = day
        while current >= earliest:
            if self.is_open_day(current):
                return current
            current -= timedelta(days=1)
        current = day + timedelta(days=1)
        while current < before:
            if self.is_open_day(current):
                return current
            current += timedelta(days=1)
        return day

    def add_open_days(self, day: date, count: int) -> date:
        """Move `count` working days forward, not counting the holiday season: a deadline given to
        a client (“contact us by”) counts the days they can act on."""
        current = day
        while count > 0:
            current += timedelta(days=1)
            if self.is_open_day(current):
                count -= 1
        return current

    def on_or_after(self, day: date) -> date:
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def on_or_before(self, day: date) -> date:
        while not self.is_working_day(day):
            day -= timedelta(days=1)
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days d with start < d <= end; negative when end is before start."""
        if end < start:
            return -self.working_days_between(end, start)
        # Whole weeks by arithmetic, the rest day by day, then the exceptions in the range.
        weeks, rest = divmod((end - start).days, 7)
        count = weeks * (7 - len(self.weekend))
        current = start + timedelta(weeks=weeks)
        for _ in range(rest):
            current += timedelta(days=1)
            if current.weekday() not in self.weekend:
                count += 1
        for day in self.holidays:
            if start < day <= end and day.weekday() not in self.weekend:
                count -= 1
        for day in self.workdays:
            if start < day <= end and day.weekday() in self.weekend and day not in self.holidays:
                count += 1
        return count
