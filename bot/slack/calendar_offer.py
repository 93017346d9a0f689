"""A case's dates offered for the owner's calendar: link buttons (Google Calendar, Outlook on the
web) and a "Send me the .ics" button, in the case, the plan's DM, and again after a change of
dates; and the .ics upload itself. The entries are built in bot/core/calendar_events.py."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from bot.core.answers import Answers, Method
from bot.core.calendar_events import CalendarEntry, EntryKind, google_link, ics, outlook_link
from bot.core.case_states import EventKind
from bot.core.drafts import talking_points
from bot.core.kinds import DraftKind
from bot.core.situations import situation_of
from bot.services.read_models import CaseView
from bot.slack import blocks as b
from bot.slack.ids import Action, Block
from bot.text import copy

AGENDA_POINTS = 5


class CalendarWords(Protocol):
    """templates/calendar.txt.j2: plain text, for the calendar entries and the buttons."""

    def title(self, kind: str, client: str, contact: str | None, successor: str | None) -> str: ...
    def details(
        self, kind: str, client: str, contact: str | None, successor: str | None, agenda: list[str]
    ) -> str: ...
    def entry_label(self, kind: str) -> str: ...
    def link_button(self, kind: str, service: str) -> str: ...
    def ics_button(self) -> str: ...
    def ics_title(self, client: str) -> str: ...


@dataclass(frozen=True)
class OfferLine:
    """One entry as the offer lists it: its words, and its start (or only its day)."""

    label: str
    day: date
    start: datetime | None


class CalendarCopy(Protocol):
    """templates/calendar.md.j2: what the owner reads in Slack."""

    def offer(self, entries: Sequence[OfferLine], tz: str, changed: bool) -> str: ...
    def ics_comment(self, client: str) -> str: ...
    def fallback(self, client: str, changed: bool) -> str: ...
    def nothing_to_add(self) -> str: ...


WORDS: CalendarWords = copy("calendar.txt.j2")
CALENDAR: CalendarCopy = copy("calendar.md.j2")


def date_changes(case: CaseView) -> int:
    """How often the case's dates were changed: the entries' SEQUENCE, so each newer .ics wins."""
    return sum(1 for event in case.events if event.kind == EventKind.DATES)


def entries_of(case: CaseView, a: Answers | None = None, sequence: int = 0) -> list[CalendarEntry]:
    """The dates still ahead of the owner: the conversation and the deadline to tell them (until
    the client is told), and the joint introduction of a handover."""
    a = a or case.parsed_answers
    situation = situation_of(case.situation)

    def entry(kind: EntryKind, day: Any, agenda: list[str], **more: Any) -> CalendarEntry:
        names = (case.client_name, a.contact_name, a.successor)
        return CalendarEntry(
            case.id,
            kind,
            WORDS.title(words_kind(kind, a), *names),
            WORDS.details(words_kind(kind, a), *names, agenda),
            day,
            case.owner_tz,
            sequence=sequence,
            **more,
        )

    entries: list[CalendarEntry] = []
    if not case.client_told:
        # By letter only, the points are for a call they may ask for, not an agenda for that day.
        points = case.drafts.get(DraftKind.TALKING_POINTS.value, "") if a.method is not Method.WRITTEN else ""
        agenda = talking_points(points)[:AGENDA_POINTS]
        entries.append(
            entry(EntryKind.CONVERSATION, case.conversation_date, agenda, start=a.conversation_time)
        )
        if situation.we_give_notice:
            entries.append(entry(EntryKind.NOTIFY_BY, case.notify_by, []))
    if situation.asked("intro_date") and a.intro_date is not None:
        entries.append(entry(EntryKind.INTRODUCTION, a.intro_date, []))
    return entries


def words_kind(kind: EntryKind, a: Answers) -> str:
    """The words an entry is named by: told by letter or email only, the conversation's entry is
    the day the letter goes."""
    return "letter" if kind is EntryKind.CONVERSATION and a.method is Method.WRITTEN else kind.value


def _link_button(text: str, action_id: str, url: str) -> dict[str, Any]:
    # Slack still sends a block_actions for a url button: bot/listeners/calendar.py acknowledges it.
    return {**b.button(text, action_id), "url": url}


def calendar_blocks(case: CaseView, changed: bool = False) -> list[b.Block]:
    """The offer: when each entry is, a Google and an Outlook button for each, and the .ics."""
    a = case.parsed_answers
    entries = entries_of(case, a)
    if not entries or not case.is_active:
        return []
    shown = [
        OfferLine(WORDS.entry_label(words_kind(e.kind, a)), e.day, e.local_start() if e.start else None)
        for e in entries
    ]
    buttons: list[dict[str, Any]] = []
    for e in entries:
        for service, link in (("Google", google_link(e)), ("Outlook", outlook_link(e))):
            action_id = f"{Action.CALENDAR_LINK_PREFIX}{e.kind.value}_{service.lower()}"
            buttons.append(_link_button(WORDS.link_button(words_kind(e.kind, a), service), action_id, link))
    buttons.append(b.button(WORDS.ics_button(), Action.SEND_ICS, str(case.id)))
    return [
        b.section(CALENDAR.offer(shown, case.owner_tz, changed)),
        b.actions(buttons, block_id=Block.CALENDAR_ACTIONS),
    ]


def calendar_message(case: CaseView) -> dict[str, Any] | None:
    """The DM after a change of dates: the entries offered again (the .ics keeps their UIDs)."""
    blocks = calendar_blocks(case, changed=True)
    if not blocks:
        return None
    return {"text": CALENDAR.fallback(case.client_name, True), "blocks": blocks}


def _file_name(client: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", client.lower()).strip("-")[:40].strip("-")
    return f"{slug or 'case'}-calendar.ics"


def ics_upload(case: CaseView, stamp: datetime) -> dict[str, Any] | None:
    """files_upload_v2's arguments for the case's .ics (None: nothing left to add)."""
    entries = entries_of(case, sequence=date_changes(case))
    if not entries:
        return None
    return {
        "content": ics(entries, stamp),
        "filename": _file_name(case.client_name),
        "title": WORDS.ics_title(case.client_name),
        "initial_comment": CALENDAR.ics_comment(case.client_name),
    }
