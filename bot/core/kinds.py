"""The kinds of reminder DM and of drafted text. What each reminder kind does is in
bot/core/reminders.py (KINDS); its words are in templates/reminders.md.j2."""

from __future__ import annotations

from enum import StrEnum


class ReminderKind(StrEnum):
    PLAN_READY = "plan_ready"  # the plan's summary: a message owed, not a nudge
    NOTICE_AHEAD = "notice_ahead"
    NOTICE_DAY = "notice_day"
    NOTICE_OVERDUE = "notice_overdue"
    BRIEF_PEOPLE = "brief_people"
    CONVERSATION_DAY = "conversation_day"
    DID_YOU_TELL = "did_you_tell"  # the working morning after the planned conversation, while untold
    SEND_CONFIRMATION = "send_confirmation"
    ASK_FEELINGS = "ask_feelings"
    SEND_REFERRALS = "send_referrals"
    INTRODUCTION = "introduction"
    RESOLVE_CONCERNS = "resolve_concerns"
    FOLLOW_UPS = "follow_ups"
    TRANSITION = "transition"
    THANK_YOU = "thank_you"
    CHECK_IN = "check_in"
    REFLECT = "reflect"


class DraftKind(StrEnum):
    """Texts drafted for the owner to say or send; the bot never writes to the client itself."""

    TALKING_POINTS = "talking_points"
    CONFIRMATION = "confirmation"
    REFERRAL_NOTE = "referral_note"
    INTRODUCTION = "introduction"
    THANK_YOU_NOTE = "thank_you_note"  # after the relationship ends or changes
    CLOSE_OUT = "close_out"  # final invoice, data, concerns settled: the last letter of an ending
