"""Calendar entries for a case's dates: "add to calendar" links (Google Calendar, Outlook on the
web) and an iCalendar file. Pure: the words come in from the caller, nothing here talks to Slack
or the database.

An entry keeps one UID for the life of its case (case id + what it is), and its SEQUENCE grows
with each change of dates, so a calendar that imports a newer file updates the entry it has
instead of adding a second one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from urllib.parse import urlencode

from icalendar import Calendar, Event

from bot.core.schedule import zone

UID_DOMAIN = "endings-coach"
PRODID = "-//Endings Coach//Calendar entries//EN"
GOOGLE = "https://calendar.google.com/calendar/render"
OUTLOOK = "https://outlook.office.com/calendar/0/deeplink/compose"
URL_MAX = 3000  # Slack's limit on a button's url
MEETING_MINUTES = 30


class EntryKind(StrEnum):
    CONVERSATION = "conversation"
    INTRODUCTION = "introduction"
    NOTIFY_BY = "notify-by"


@dataclass(frozen=True)
class CalendarEntry:
    """One entry: timed at `start` on `day` in the owner's zone `tz`, or all day when `start` is None."""

    case_id: int
    kind: EntryKind
    title: str
    details: str
    day: date
    tz: str
    start: time | None = None
    minutes: int = MEETING_MINUTES
    sequence: int = 0

    @property
    def uid(self) -> str:
        return f"{self.case_id}-{self.kind.value}@{UID_DOMAIN}"

    @property
    def all_day(self) -> bool:
        return self.start is None

    def local_start(self) -> datetime:
        """The start in the owner's zone (a wall time skipped by a DST jump is read as the
        zoneinfo module reads it, an hour on)."""
        assert self.start is not None
        return datetime.combine(self.day, self.start, tzinfo=zone(self.tz))

    def utc_span(self) -> tuple[datetime, datetime]:
        # In UTC: adding to a zoned time adds wall-clock time, an hour off across a DST change.
        start = self.local_start().astimezone(UTC)
        return start, start + timedelta(minutes=self.minutes)

    def local_end(self) -> datetime:
        return self.utc_span()[1].astimezone(zone(self.tz))


def _utc_stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ")


def _fit(build: Callable[[str], str], details: str) -> str:
    """The link with as much of `details` as fits in Slack's url limit."""
    link = build(details)
    while len(link) > URL_MAX and details:
        details = details[: max(0, len(details) - max(50, (len(link) - URL_MAX) // 2))].rstrip() + "…"
        if len(details) <= 1:
            details = ""
        link = build(details)
    return link


def google_link(entry: CalendarEntry) -> str:
    """Google Calendar's "create event" template: UTC times, or all-day dates (end exclusive)."""
    if entry.all_day:
        dates = f"{entry.day:%Y%m%d}/{entry.day + timedelta(days=1):%Y%m%d}"
    else:
        start, end = entry.utc_span()
        dates = f"{_utc_stamp(start)}/{_utc_stamp(end)}"

    def build(details: str) -> str:
        query = {"action": "TEMPLATE", "text": entry.title, "dates": dates, "details": details}
        return f"{GOOGLE}?{urlencode(query)}"

    return _fit(build, entry.details)


def outlook_link(entry: CalendarEntry) -> str:
    """Outlook on the web's compose deep link: ISO 8601 times in UTC, or all-day dates."""
    if entry.all_day:
        span = {
            "startdt": entry.day.isoformat(),
            "enddt": (entry.day + timedelta(days=1)).isoformat(),
            "allday": "true",
        }
    else:
        start, end = entry.utc_span()
        span = {"startdt": start.strftime("%Y-%m-%dT%H:%M:%SZ"), "enddt": end.strftime("%Y-%m-%dT%H:%M:%SZ")}

    def build(details: str) -> str:
        query = {
            "path": "/calendar/action/compose",
            "rru": "addevent",
            "subject": entry.title,
            **span,
            "body": details,
        }
        return f"{OUTLOOK}?{urlencode(query)}"

    return _fit(build, entry.details)


def ics(entries: list[CalendarEntry], stamp: datetime) -> bytes:
    """An iCalendar file holding `entries`, timed entries in the owner's zone (with its VTIMEZONE,
    so a calendar in another zone shows the right moment)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    for entry in entries:
        event = Event()
        event.add("uid", entry.uid)
        event.add("sequence", entry.sequence)
        event.add("dtstamp", stamp.astimezone(UTC))
        event.add("summary", entry.title)
        event.add("description", entry.details)
        if entry.all_day:
            event.add("dtstart", entry.day)
            event.add("dtend", entry.day + timedelta(days=1))
            event.add("transp", "TRANSPARENT")
        else:
            start = entry.local_start()
            event.add("dtstart", start)
            event.add("dtend", entry.local_end())
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
