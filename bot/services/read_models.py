"""What services hand up to views and templates: frozen copies of the rows (bot/core/records.py),
taken inside the transaction that read them; nothing above services/ holds a row."""

from __future__ import annotations

from types import MappingProxyType

from bot.core.records import CaseView, EventView, ItemView, ReminderView
from bot.storage.models import Case, ChecklistItem, Reminder, TimelineEvent

__all__ = [
    "CaseView",
    "EventView",
    "ItemView",
    "ReminderView",
    "case_view",
    "event_view",
    "item_view",
    "reminder_view",
]


def item_view(item: ChecklistItem) -> ItemView:
    return ItemView(
        id=item.id,
        case_id=item.case_id,
        key=item.key,
        title=item.title,
        tips=tuple(item.tips or ()),
        phase=item.phase,
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
        kind=event.kind,
        detail=event.detail,
    )


def reminder_view(r: Reminder) -> ReminderView:
    return ReminderView(
        id=r.id,
        case_id=r.case_id,
        team_id=r.team_id,
        kind=r.kind,
        item_key=r.item_key or "",
        for_day=r.for_day,
        covers=tuple(r.covers or ()),
        due_at=r.due_at,
        next_attempt_at=r.next_attempt_at,
        state=r.state,
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
        status=case.status,
        reminders_enabled=bool(case.reminders_enabled),
        situation=case.situation,
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
        sign_off=case.sign_off,
        sign_off_note=case.sign_off_note,
        sign_off_lead=case.sign_off_lead,
        sign_off_channel=case.sign_off_channel,
        sign_off_ts=case.sign_off_ts,
        items=tuple(item_view(i) for i in case.items) if items else (),
        events=tuple(event_view(e) for e in case.events) if events else (),
        sign_off_required=case.sign_off_required,
    )
