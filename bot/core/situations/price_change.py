"""A price or payment change; the client stays. Explain the value and the options, and give the
notice that money needs (tip 5). No referrals asked for; alternatives only if they decide to leave."""

from __future__ import annotations

from bot.core.situations import common as c

SITUATION: c.Situation = c.Situation(
    key=c.SituationKey.PRICE_CHANGE,
    we_give_notice=True,
    client_stays=True,
    touches_money=True,
    minimum_notice=20,
    asks={
        "change_kind": c.Need.REQUIRED,
        "budget_month": c.Need.OPTIONAL,
        "appreciation": c.Need.REQUIRED,
        "options": c.Need.REQUIRED,
        "referrals": c.Need.OPTIONAL,  # only for the "if they decide to leave" branch
        "referral_note": c.Need.OPTIONAL,
    },
    items=(
        c.read_first_when_short(lambda: SITUATION),
        c.ItemRule(c.ItemKey.PREPARE_OPTIONS, c.Phase.PREPARE, (5, 6), c.Anchor.CONVERSATION, -2),
        *c.OPENING,
        *c.TELLING,
        c.ASK_FEELINGS,
        c.SEND_REFERRALS,
        c.RESOLVE_CONCERNS,
        c.ItemRule(c.ItemKey.CHECK_IN, c.Phase.CLOSE, (2, 9), c.Anchor.EFFECTIVE, 20),
        *c.CLOSING,
    ),
    reminders=(
        *c.NOTICE_NUDGES,
        *c.AROUND_THE_CONVERSATION,
        c.ReminderKind.ASK_FEELINGS,
        c.ReminderKind.SEND_REFERRALS,
        *c.CONCERNS,
        c.ReminderKind.THANK_YOU,
        c.ReminderKind.REFLECT,
        c.ReminderKind.CHECK_IN,
    ),
    drafts=(*c.LETTERS, c.DraftKind.REFERRAL_NOTE, *c.THANKS),
    default_stakeholders=(c.Stakeholder.FINANCE, c.Stakeholder.ACCOUNT_TEAM),
    long_relationship_care=False,
)
