"""A change in the service; the client stays. What changes, what replaces it, and help with any
part they now need from someone else."""

from __future__ import annotations

from bot.core.situations import common as c

SITUATION: c.Situation = c.Situation(
    key=c.SituationKey.SERVICE_CHANGE,
    we_give_notice=True,
    client_stays=True,
    touches_money=False,
    minimum_notice=10,
    asks={
        "appreciation": c.Need.REQUIRED,
        "options": c.Need.REQUIRED,
        "referrals": c.Need.OPTIONAL,  # for the part of the work they now need elsewhere
        "referral_note": c.Need.OPTIONAL,
        **c.HANDOVER_QUESTIONS,
    },
    items=(
        c.read_first_when_short(lambda: SITUATION),
        c.ItemRule(c.ItemKey.PREPARE_OPTIONS, c.Phase.PREPARE, (6,), c.Anchor.CONVERSATION, -2),
        *c.OPENING,
        *c.TELLING,
        c.ASK_FEELINGS,
        c.SEND_REFERRALS,
        c.RESOLVE_CONCERNS,
        c.ItemRule(c.ItemKey.CHECK_IN, c.Phase.CLOSE, (2, 9), c.Anchor.EFFECTIVE, 20),
        c.REFLECT,
    ),
    reminders=(
        *c.NOTICE_NUDGES,
        *c.AROUND_THE_CONVERSATION,
        c.ReminderKind.ASK_FEELINGS,
        c.ReminderKind.SEND_REFERRALS,
        *c.CONCERNS,
        c.ReminderKind.TRANSITION,
        c.ReminderKind.REFLECT,
        c.ReminderKind.CHECK_IN,
    ),
    drafts=(*c.LETTERS, c.DraftKind.REFERRAL_NOTE),
    default_needs=(c.TransitionNeed.HANDOVER_NOTES,),
    default_stakeholders=(c.Stakeholder.DELIVERY_TEAM, c.Stakeholder.ACCOUNT_TEAM),
    long_relationship_care=False,
)
