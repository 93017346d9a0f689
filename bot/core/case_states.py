"""Where a case, its sign-off, its reminders and its history stand: the values stored in their
columns, shared by storage (which writes them) and everything above it (which reads them)."""

from __future__ import annotations

from enum import StrEnum


class CaseStatus(StrEnum):
    OPEN = "open"
    CLIENT_TOLD = "client_told"
    CLOSED = "closed"
    CANCELLED = "cancelled"


ACTIVE_STATUSES = (CaseStatus.OPEN, CaseStatus.CLIENT_TOLD)


class SignOff(StrEnum):
    """The team lead's sign-off, once the owner asked for it."""

    REQUESTED = "requested"
    APPROVED = "approved"
    CHANGES = "changes"
    ASKED_AGAIN = "asked_again"  # approved, then the plan changed: the lead is asked again


class ReminderState(StrEnum):
    """Written only by bot/storage/reminder_lifecycle.py."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


UNSENT_STATES = (ReminderState.PENDING, ReminderState.SENDING)


class EventKind(StrEnum):
    """Entries of a case's history."""

    CREATED = "created"
    STATUS = "status"
    CHECKLIST = "checklist"
    FEEDBACK = "feedback"
    CONCERN = "concern"
    PROMISE = "promise"
    DATES = "dates"
    DRAFTS = "drafts"
    REMINDERS = "reminders"
    REMINDER_DONE = "reminder_done"
    REMINDER_SNOOZED = "reminder_snoozed"
    REMINDER_FAILED = "reminder_failed"
    OWNER_INACTIVE = "owner_inactive"
    PLAN_SENT = "dm_sent"
    SHARED = "shared"
    UNSHARED = "unshared"
    SIGN_OFF = "sign_off"
    REHEARSED = "rehearsed"  # a rehearsal round finished: the person's ratings, never their words
