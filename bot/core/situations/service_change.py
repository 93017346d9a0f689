"""A change in the service; the client stays. What changes, what replaces it, and help with any
part they now need from someone else."""

from __future__ import annotations

from bot.core.answers import SituationKey, Stakeholder, TransitionNeed
from bot.core.checklist import Anchor, ItemKey, ItemRule, Phase
from bot.core.kinds import DraftKind, ReminderKind
from bot.core.situations import Need, Situation
from bot.core.situations import common as c

SITUATION = Situation(
    key=SituationKey.SERVICE_CHANGE,
    we_give_notice=True,
    client_stays=True,
    touches_money=False,
    minimum_notice=10,
    asks={
        "appreciation": Need.REQUIRED,
        "options": Need.REQUIRED,
        "referrals": Need.OPTIONAL,
        "transition_needs": Need.OPTIONAL,
        "transition_notes": Need.OPTIONAL,
        "referral_note": Need.OPTIONAL,
    },
    items=(
        ItemRule(ItemKey.PREPARE_OPTIONS, Phase.PREPARE, (6,), Anchor.CONVERSATION, -2),
        c.BOOK,
        c.REHEARSE,
        c.TELL,
        c.THANK,
        c.CONFIRM,
        c.ASK_FEELINGS,
        c.SEND_REFERRALS,
        c.RESOLVE_CONCERNS,
        ItemRule(ItemKey.CHECK_IN, Phase.CLOSE, (2, 9), Anchor.EFFECTIVE, 20),
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
        ReminderKind.REFLECT,
    ),
    drafts=(DraftKind.TALKING_POINTS, DraftKind.CONFIRMATION, DraftKind.REFERRAL_NOTE),
    default_needs=(TransitionNeed.HANDOVER_NOTES,),
    default_stakeholders=(Stakeholder.DELIVERY_TEAM, Stakeholder.ACCOUNT_TEAM),
    long_relationship_care=False,
)
