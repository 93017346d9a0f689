"""The client ends it with us: an exit conversation (ask why, and listen), a handover done well,
the door left open. The notice is theirs to give, so there are no notice nudges."""

from __future__ import annotations

from bot.core.answers import SituationKey, Stakeholder, TransitionNeed
from bot.core.checklist import Anchor, ItemKey, ItemRule, Phase
from bot.core.kinds import DraftKind, ReminderKind
from bot.core.situations import Need, Situation
from bot.core.situations import common as c

SITUATION = Situation(
    key=SituationKey.CLIENT_LEAVES,
    we_give_notice=False,
    client_stays=False,
    touches_money=False,
    minimum_notice=0,
    asks={
        "reason": Need.OPTIONAL,  # what we have heard so far; the exit conversation asks properly
        "appreciation": Need.REQUIRED,
        "referrals": Need.OPTIONAL,
        "door_open": Need.OPTIONAL,
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
        ItemRule(ItemKey.EXIT_NOTES, Phase.FOLLOW_UP, (9, 12), Anchor.CONVERSATION, 1),
        c.SEND_REFERRALS,
        c.RESOLVE_CONCERNS,
        c.THANK_YOU_NOTE,
        c.REFLECT,
    ),
    reminders=(
        ReminderKind.BRIEF_PEOPLE,
        ReminderKind.CONVERSATION_DAY,
        ReminderKind.SEND_CONFIRMATION,
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
    default_stakeholders=(Stakeholder.ACCOUNT_TEAM, Stakeholder.MANAGER),
)
