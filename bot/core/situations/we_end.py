"""We end it: fit, capacity, strategy. Notice, a conversation, thanks, alternatives in writing."""

from __future__ import annotations

from bot.core.situations import common as c

SITUATION: c.Situation = c.Situation(
    key=c.SituationKey.WE_END,
    we_give_notice=True,
    client_stays=False,
    touches_money=False,
    minimum_notice=20,
    asks={
        "appreciation": c.Need.REQUIRED,
        "referrals": c.Need.REQUIRED,
        "referral_note": c.Need.OPTIONAL,
        **c.HANDOVER_QUESTIONS,
    },
    items=(
        c.read_first_when_short(lambda: SITUATION),
        *c.OPENING,
        *c.TELLING,
        c.ASK_FEELINGS,
        c.SEND_REFERRALS,
        c.RESOLVE_CONCERNS,
        *c.CLOSING,
    ),
    reminders=(
        *c.NOTICE_NUDGES,
        *c.AROUND_THE_CONVERSATION,
        c.ReminderKind.ASK_FEELINGS,
        c.ReminderKind.SEND_REFERRALS,
        *c.CONCERNS,
        *c.AFTER_THE_CHANGE,
    ),
    drafts=(*c.LETTERS, c.DraftKind.REFERRAL_NOTE, *c.THANKS, *c.CLOSE_OUT),
    default_needs=c.ENDING_NEEDS,
    default_stakeholders=(c.Stakeholder.ACCOUNT_TEAM, c.Stakeholder.FINANCE),
)
