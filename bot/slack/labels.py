"""Human words for stored codes."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.reminders import ReminderKind
from bot.storage.models import CaseStatus

STATUS_LABELS = {
    CaseStatus.OPEN: "Planning: client not told yet",
    CaseStatus.CLIENT_TOLD: "Client told: following up",
    CaseStatus.CLOSED: "Closed",
    CaseStatus.CANCELLED: "Cancelled: relationship kept",
}

REMINDER_LABELS = {
    ReminderKind.NOTICE_AHEAD: "notify-by date coming up",
    ReminderKind.NOTICE_DAY: "last day to tell them",
    ReminderKind.NOTICE_OVERDUE: "notice overdue",
    ReminderKind.CONVERSATION_DAY: "conversation day",
    ReminderKind.ASK_FEELINGS: "ask how they feel",
    ReminderKind.SEND_REFERRALS: "send referrals in writing",
    ReminderKind.RESOLVE_CONCERNS: "resolve concerns",
    ReminderKind.CONCERN: "open concern",
    ReminderKind.TRANSITION: "transition checklist",
    ReminderKind.THANK_YOU: "thank-you note",
    ReminderKind.REFLECT: "reflection",
}


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def reminder_label(kind: str) -> str:
    try:
        return REMINDER_LABELS[ReminderKind(kind)]
    except ValueError:
        return kind


def local_time(moment: datetime, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%a %d %b, %H:%M")
