"""What services hand up to views and templates: frozen copies of the rows, with enum fields, taken
inside the transaction that read them. Attribute names are the rows' own, so a template reads
`case.client_name` whichever it is given; nothing above services/ holds a row."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from types import MappingProxyType
from typing import Any

from bot.core.answers import Answers, SituationKey
from bot.core.case_states import ACTIVE_STATUSES, CaseStatus, EventKind, ReminderState, SignOff
from bot.core.checklist import Phase
from bot.core.kinds import ReminderKind
from bot.storage.models import Case, ChecklistItem, Reminder, TimelineEvent


@dataclass(frozen=True, slots=True)
class ItemView:
    """One checklist item."""

    id: int
    case_id: int
    key: str  # an ItemKey, or a follow-up's own key (`concern_1`)
    title: str
    tips: tuple[int, ...]
    phase: Phase
    due_date: date
    position: int
    done_at: datetime | None
    done_by: str | None


@dataclass(frozen=True, slots=True)
class EventView:
    """One entry of a case's history."""

    id: int
    case_id: int
    at: datetime
    actor_id: str | None
    kind: EventKind
    detail: str


@dataclass(frozen=True, slots=True)
class ReminderView:
    """A nudge or an owed message, and where its delivery stands."""

    id: int
    case_id: int
    team_id: str
    kind: ReminderKind
    item_key: str
    for_day: date | None
    covers: tuple[str, ...]
    due_at: datetime
    next_attempt_at: datetime
    state: ReminderState
    snoozed: bool
    attempts: int
    sent_at: datetime | None
    late: bool
    channel_id: str | None
    message_ts: str | None
    last_error: str | None


@dataclass(frozen=True, slots=True)
class SignOffView:
    """The team lead's sign-off of a case's plan, once the owner asked for it."""

    state: SignOff
    note: str | None  # what the lead asked to change
    lead: str | None  # the lead asked: only they answer
    channel: str | None  # the DM asking them, which alone is updated
    ts: str | None


@dataclass(frozen=True)
class CaseView:
    """A case with its checklist and history. `answers` and `drafts` are the stored JSON (read-only
    mappings); `parsed_answers` is the same answers parsed. The sign-off's columns keep their row
    names (`sign_off`, `sign_off_note`, ...) for the templates; `sign_off_request` groups them."""

    id: int
    team_id: str
    enterprise_id: str | None
    owner_id: str
    owner_tz: str
    owner_name: str | None
    status: CaseStatus
    reminders_enabled: bool
    situation: SituationKey
    client_name: str
    effective_date: date
    notify_by: date
    conversation_date: date
    answers: Mapping[str, Any]
    drafts: Mapping[str, str]
    client_feedback: str | None
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    shared_at: datetime | None
    sign_off: SignOff | None
    sign_off_note: str | None
    sign_off_lead: str | None
    sign_off_channel: str | None
    sign_off_ts: str | None
    items: tuple[ItemView, ...] = ()
    events: tuple[EventView, ...] = ()
    sign_off_required: str | None = None  # the firm's policy's reasons (bot/core/policy.py)

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def client_told(self) -> bool:
        return self.status != CaseStatus.OPEN

    @property
    def sign_off_request(self) -> SignOffView | None:
        if self.sign_off is None:
            return None
        return SignOffView(
            self.sign_off, self.sign_off_note, self.sign_off_lead, self.sign_off_channel, self.sign_off_ts
        )

    @cached_property
    def parsed_answers(self) -> Answers:
        return Answers.from_json(dict(self.answers))


def item_view(item: ChecklistItem) -> ItemView:
    return ItemView(
        id=item.id,
        case_id=item.case_id,
        key=item.key,
        title=item.title,
        tips=tuple(item.tips or ()),
        phase=Phase(item.phase),
        due_date=item.due_date,
        position=item.position,
        done_at=item.done_at,
        done_by=item.done_by,
    )


def event_view(event: TimelineEvent) -> EventView:
    return EventView(
        id=event.id,
        case_id=event.case_id,
        at=event.at,
        actor_id=event.actor_id,
        kind=EventKind(event.kind),
        detail=event.detail,
    )


def reminder_view(r: Reminder) -> ReminderView:
    return ReminderView(
        id=r.id,
        case_id=r.case_id,
        team_id=r.team_id,
        kind=ReminderKind(r.kind),
        item_key=r.item_key or "",
        for_day=r.for_day,
        covers=tuple(r.covers or ()),
        due_at=r.due_at,
        next_attempt_at=r.next_attempt_at,
        state=ReminderState(r.state),
        snoozed=bool(r.snoozed),
        attempts=r.attempts or 0,
        sent_at=r.sent_at,
        late=bool(r.late),
        channel_id=r.channel_id,
        message_ts=r.message_ts,
        last_error=r.last_error,
    )


def case_view(case: Case, *, items: bool = True, events: bool = True) -> CaseView:
    """A frozen copy of the case; `items=False` or `events=False` leaves those relationships
    unloaded (a list of cases needs neither)."""
    return CaseView(
        id=case.id,
        team_id=case.team_id,
        enterprise_id=case.enterprise_id,
        owner_id=case.owner_id,
        owner_tz=case.owner_tz,
        owner_name=case.owner_name,
        status=CaseStatus(case.status),
        reminders_enabled=bool(case.reminders_enabled),
        situation=SituationKey(case.situation),
        client_name=case.client_name,
        effective_date=case.effective_date,
        notify_by=case.notify_by,
        conversation_date=case.conversation_date,
        answers=MappingProxyType(dict(case.answers or {})),
        drafts=MappingProxyType(dict(case.drafts or {})),
        client_feedback=case.client_feedback,
        created_at=case.created_at,
        updated_at=case.updated_at,
        closed_at=case.closed_at,
        shared_at=case.shared_at,
        sign_off=SignOff(case.sign_off) if case.sign_off else None,
        sign_off_note=case.sign_off_note,
        sign_off_lead=case.sign_off_lead,
        sign_off_channel=case.sign_off_channel,
        sign_off_ts=case.sign_off_ts,
        items=tuple(item_view(i) for i in case.items) if items else (),
        events=tuple(event_view(e) for e in case.events) if events else (),
        sign_off_required=case.sign_off_required,
    )
