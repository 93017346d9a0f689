"""A handover to a colleague; the client stays with us. The successor is named, a joint
introduction is planned, and no "firms I trust" letter is drafted."""

from __future__ import annotations

from bot.core.answers import SituationKey, Stakeholder, TransitionNeed
from bot.core.checklist import Anchor, ItemKey, ItemRule, Phase
from bot.core.kinds import DraftKind, ReminderKind
from bot.core.situations import Need, Situation
from bot.core.situations import common as c

SITUATION = Situation(
    key=SituationKey.HANDOVER,
    we_give_notice=True,
    client_stays=True,
    touches_money=False,
    minimum_notice=10,
    asks={
        "appreciation": Need.REQUIRED,
        "successor": Need.REQUIRED,
        "intro_date": Need.REQUIRED,
        "transition_needs": Need.OPTIONAL,
        "transition_notes": Need.OPTIONAL,
        "introduction": Need.OPTIONAL,
    },
    items=(
        ItemRule(ItemKey.BRIEF_SUCCESSOR, Phase.PREPARE, (14, 2), Anchor.CONVERSATION, -1),
        c.BOOK,
        c.REHEARSE,
        c.TELL,
        c.THANK,
        c.CONFIRM,
        ItemRule(ItemKey.INTRODUCE, Phase.FOLLOW_UP, (14, 2), Anchor.INTRODUCTION),
        c.ASK_FEELINGS,
        c.RESOLVE_CONCERNS,
        ItemRule(ItemKey.CHECK_IN, Phase.CLOSE, (2, 14), Anchor.EFFECTIVE, 20),
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
        ReminderKind.INTRODUCTION,
        ReminderKind.ASK_FEELINGS,
        ReminderKind.RESOLVE_CONCERNS,
        ReminderKind.FOLLOW_UPS,
        ReminderKind.TRANSITION,
        ReminderKind.THANK_YOU,
        ReminderKind.REFLECT,
    ),
    drafts=(DraftKind.TALKING_POINTS, DraftKind.CONFIRMATION, DraftKind.INTRODUCTION),
    default_needs=(TransitionNeed.HANDOVER_NOTES, TransitionNeed.ACCESS),
    default_stakeholders=(Stakeholder.ACCOUNT_TEAM, Stakeholder.MANAGER),
    long_relationship_care=False,
)
