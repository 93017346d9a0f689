"""The client ends it with us: an exit conversation (ask why, and listen), a handover done well,
the door left open. The notice is theirs to give, so there are no notice nudges."""

from __future__ import annotations

from bot.core.situations import common as c

SITUATION = c.Situation(
    key=c.SituationKey.CLIENT_LEAVES,
    we_give_notice=False,
    client_stays=False,
    touches_money=False,
    minimum_notice=0,
    asks={
        "reason": c.Need.OPTIONAL,  # what we have heard so far; the exit conversation asks properly
        "appreciation": c.Need.REQUIRED,
        "referrals": c.Need.OPTIONAL,
        "door_open": c.Need.OPTIONAL,
        "unserved_notice": c.Need.OPTIONAL,  # decided before the exit conversation when notice is short
        "referral_note": c.Need.OPTIONAL,
        **c.HANDOVER_QUESTIONS,
    },
    items=(
        *c.OPENING,
        *c.TELLING,
        c.ItemRule(c.ItemKey.EXIT_NOTES, c.Phase.FOLLOW_UP, (9, 12), c.Anchor.CONVERSATION, 1),
        c.SEND_REFERRALS,
        c.RESOLVE_CONCERNS,
        *c.CLOSING,
    ),
    reminders=(
        *c.AROUND_THE_CONVERSATION,
        c.ReminderKind.SEND_REFERRALS,
        *c.CONCERNS,
        *c.AFTER_THE_CHANGE,
    ),
    drafts=(*c.LETTERS, c.DraftKind.REFERRAL_NOTE, *c.THANKS, *c.CLOSE_OUT),
    default_needs=c.ENDING_NEEDS,
    default_stakeholders=(c.Stakeholder.ACCOUNT_TEAM, c.Stakeholder.MANAGER),
)
