"""We end it: fit, capacity, strategy. Notice, a conversation, thanks, alternatives in writing."""

from __future__ import annotations

from bot.core.answers import SituationKey, Stakeholder, TransitionNeed
from bot.core.kinds import DraftKind, ReminderKind
from bot.core.situations import Need, Situation
from bot.core.situations import common as c

SITUATION = Situation(
    key=SituationKey.WE_END,
    we_give_notice=True,
    client_stays=False,
    touches_money=False,
    minimum_notice=20,
    asks={
        "appreciation": Need.REQUIRED,
        "referrals": Need.REQUIRED,
        "transition_needs": Need.OPTIONAL,
        "transition_notes": Need.OPTIONAL,
        "referral_note": Need.OPTIONAL,
    },
    items=(
        c.BOOK,
        c.REHEARSE,
        c.TELL,
        c.THANK,
        c.CONFIRM,
        c.ASK_FEELINGS,
        c.SEND_REFERRALS,
        c.RESOLVE_CONCERNS,
        c.THANK_YOU_NOTE,
        c.REFLECT,
    ),
    reminders=(
        ReminderKind.NOTICE_AHEAD,
        ReminderKind.NOTICE_DAY,
        ReminderKind.NOTICE_OVERDUE,
        ReminderKind.BRIEF_PEOPLE,
        ReminderKind.CONVERSATION_DAY,
        ReminderKind.SEND_CONFIRMATION,
        ReminderKind.ASK_FEELINGS,
        ReminderKind.SEND_REFERRALS,
        ReminderKind.RESOLVE_CONCERNS,
        ReminderKind.FOLLOW_UPS,
        ReminderKind.TRANSITION,
        ReminderKind.THANK_YOU,
        ReminderKind.REFLECT,
    ),
    drafts=(DraftKind.TALKING_POINTS, DraftKind.CONFIRMATION, DraftKind.REFERRAL_NOTE),
    default_needs=(
        TransitionNeed.HANDOVER_NOTES,
        TransitionNeed.RETURN_DATA,
        TransitionNeed.ACCESS,
        TransitionNeed.FINAL_INVOICE,
    ),
    default_stakeholders=(Stakeholder.ACCOUNT_TEAM, Stakeholder.FINANCE),
)
