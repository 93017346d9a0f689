"""A price or payment change; the client stays. Explain the value and the options, and give the
notice that money needs (tip 5). No referrals asked for; alternatives only if they decide to leave."""

from __future__ import annotations

from bot.core.answers import SituationKey, Stakeholder
from bot.core.checklist import Anchor, ItemKey, ItemRule, Phase
from bot.core.kinds import DraftKind, ReminderKind
from bot.core.situations import Need, Situation
from bot.core.situations import common as c

SITUATION = Situation(
    key=SituationKey.PRICE_CHANGE,
    we_give_notice=True,
    client_stays=True,
    touches_money=True,
    minimum_notice=20,
    asks={
        "appreciation": Need.REQUIRED,
        "options": Need.REQUIRED,
        "referrals": Need.OPTIONAL,  # only for the "if they decide to leave" branch
        "referral_note": Need.OPTIONAL,
    },
    items=(
        ItemRule(ItemKey.PREPARE_OPTIONS, Phase.PREPARE, (5, 6), Anchor.CONVERSATION, -2),
        c.BOOK,
        c.REHEARSE,
        c.TELL,
        c.THANK,
        c.CONFIRM,
        c.ASK_FEELINGS,
        c.SEND_REFERRALS,
        c.RESOLVE_CONCERNS,
        ItemRule(ItemKey.CHECK_IN, Phase.CLOSE, (2, 9), Anchor.EFFECTIVE, 20),
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
        ReminderKind.THANK_YOU,
        ReminderKind.REFLECT,
    ),
    drafts=(DraftKind.TALKING_POINTS, DraftKind.CONFIRMATION, DraftKind.REFERRAL_NOTE),
    default_stakeholders=(Stakeholder.FINANCE, Stakeholder.ACCOUNT_TEAM),
    long_relationship_care=False,
)
