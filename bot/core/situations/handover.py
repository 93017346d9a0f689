"""A handover to a colleague; the client stays with us. The successor is named, a joint
introduction is planned, and no "firms I trust" letter is drafted."""

from __future__ import annotations

from bot.core.judgement import early_notes, junior_successor
from bot.core.situations import common as c

SITUATION: c.Situation = c.Situation(
    key=c.SituationKey.HANDOVER,
    we_give_notice=True,
    client_stays=True,
    touches_money=False,
    minimum_notice=10,
    asks={
        "successor": c.Need.REQUIRED,
        "successor_seniority": c.Need.REQUIRED,
        "sponsor": c.Need.OPTIONAL,  # required when the successor is junior
        "intro_date": c.Need.REQUIRED,
        "appreciation": c.Need.REQUIRED,
        "introduction": c.Need.OPTIONAL,
        **c.HANDOVER_QUESTIONS,
    },
    items=(
        c.read_first_when_short(lambda: SITUATION),
        c.ItemRule(c.ItemKey.BRIEF_SUCCESSOR, c.Phase.PREPARE, (14, 2), c.Anchor.CONVERSATION, -1),
        c.ItemRule(
            c.ItemKey.EARLY_NOTES, c.Phase.PREPARE, (14, 2), c.Anchor.INTRODUCTION, -1, when=early_notes
        ),
        c.ItemRule(
            c.ItemKey.SPONSOR, c.Phase.FOLLOW_UP, (14, 2), c.Anchor.INTRODUCTION, when=junior_successor
        ),
        c.ItemRule(
            c.ItemKey.OVERLAP, c.Phase.TRANSITION, (14, 2), c.Anchor.INTRODUCTION, 1, when=junior_successor
        ),
        *c.OPENING,
        *c.TELLING,
        c.ItemRule(c.ItemKey.INTRODUCE, c.Phase.FOLLOW_UP, (14, 2), c.Anchor.INTRODUCTION),
        c.ASK_FEELINGS,
        c.RESOLVE_CONCERNS,
        c.ItemRule(c.ItemKey.CHECK_IN, c.Phase.CLOSE, (2, 14), c.Anchor.EFFECTIVE, 20),
        *c.CLOSING,
    ),
    reminders=(
        *c.NOTICE_NUDGES,
        *c.AROUND_THE_CONVERSATION,
        c.ReminderKind.INTRODUCTION,
        c.ReminderKind.ASK_FEELINGS,
        *c.CONCERNS,
        *c.AFTER_THE_CHANGE,
    ),
    drafts=(*c.LETTERS, c.DraftKind.INTRODUCTION, *c.THANKS),
    default_needs=(c.TransitionNeed.HANDOVER_NOTES, c.TransitionNeed.ACCESS),
    default_stakeholders=(c.Stakeholder.ACCOUNT_TEAM, c.Stakeholder.MANAGER),
    long_relationship_care=False,
)
