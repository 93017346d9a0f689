"""What a case, its checklist, its history and its reminders hold, as frozen values with enum
fields: what services hand up to views and templates (bot/services/read_models.py takes them from
the rows). Attribute names are the rows' own, so a template reads `case.client_name` either way."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import Any

from bot.core.answers import Answers, SituationKey
from bot.core.case_states import ACTIVE_STATUSES, CaseStatus, EventKind, ReminderState, SignOff
from bot.core.checklist import Phase
from bot.core.kinds import ReminderKind


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


@dataclass(frozen=True)
class CaseView:
    """A case with its checklist and history. `answers` and `drafts` are the stored JSON (read-only
    mappings); `parsed_answers` is the same answers parsed. The sign-off's columns keep their row
    names (`sign_off`, `sign_off_note`, ...), as the templates read them."""

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

    @cached_property
    def parsed_answers(self) -> Answers:
        return Answers.from_json(dict(self.answers))
