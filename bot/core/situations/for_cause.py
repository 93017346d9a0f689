"""We end it for cause: unpaid invoices, a breach, conduct. Firm, factual and documented: the
contract's termination clause and a written notice are central; no warm-thanks script."""

from __future__ import annotations

from bot.core.judgement import conduct, cure_outstanding, money_at_stake, serves_notice
from bot.core.situations import common as c

SITUATION = c.Situation(
    key=c.SituationKey.FOR_CAUSE,
    we_give_notice=True,
    client_stays=False,
    touches_money=False,
    minimum_notice=0,  # the contract's own termination notice is what counts here
    asks_sign_off=True,  # ending for cause is a firm's decision, not one person's
    asks={
        "clause": c.Need.REQUIRED,
        "cause_kind": c.Need.REQUIRED,
        "balance": c.Need.REQUIRED,
        "work_product": c.Need.OPTIONAL,  # required when money is owed
        "cure_period": c.Need.OPTIONAL,  # required for a breach
        "serve_notice": c.Need.REQUIRED,
        "history": c.Need.REQUIRED,
        "referrals": c.Need.OPTIONAL,
        "referral_note": c.Need.OPTIONAL,
        **c.HANDOVER_QUESTIONS,
    },
    items=(
        c.ItemRule(c.ItemKey.GATHER_RECORD, c.Phase.PREPARE, (6, 13), c.Anchor.CONVERSATION, -2),
        c.ItemRule(
            c.ItemKey.SETTLE_BALANCE, c.Phase.PREPARE, (6,), c.Anchor.CONVERSATION, -2, when=money_at_stake
        ),
        c.ItemRule(c.ItemKey.CURE_PERIOD, c.Phase.PREPARE, (6,), c.Anchor.TODAY, 1, when=cure_outstanding),
        c.ItemRule(c.ItemKey.TEAM_FIRST, c.Phase.PREPARE, (13,), c.Anchor.CONVERSATION, -1, when=conduct),
        c.ItemRule(c.ItemKey.SECOND_PERSON, c.Phase.PREPARE, (13,), c.Anchor.CONVERSATION, -1, when=conduct),
        *c.OPENING,
        c.TELL,
        c.ItemRule(c.ItemKey.READ_FIRST, c.Phase.PREPARE, (6, 13), c.Anchor.CONVERSATION, -1),
        c.ItemRule(c.ItemKey.WRITTEN_NOTICE, c.Phase.TELL, (6, 13), c.Anchor.CONVERSATION),
        c.ItemRule(c.ItemKey.SERVE_NOTICE, c.Phase.TELL, (6,), c.Anchor.CONVERSATION, when=serves_notice),
        c.CONFIRM,
        c.SEND_REFERRALS,
        c.RESOLVE_CONCERNS,
        c.REFLECT,
    ),
    reminders=(
        *c.NOTICE_NUDGES,
        *c.AROUND_THE_CONVERSATION,
        c.ReminderKind.SEND_REFERRALS,
        *c.CONCERNS,
        c.ReminderKind.TRANSITION,
        c.ReminderKind.REFLECT,
        c.ReminderKind.CHECK_IN,
    ),
    drafts=(*c.LETTERS, c.DraftKind.REFERRAL_NOTE, *c.CLOSE_OUT),
    default_needs=(
        c.TransitionNeed.RETURN_DATA,
        c.TransitionNeed.ACCESS,
        c.TransitionNeed.OUTSTANDING_BALANCE,
    ),
    default_stakeholders=(c.Stakeholder.MANAGER, c.Stakeholder.FINANCE, c.Stakeholder.LEGAL),
    long_relationship_care=False,
)
