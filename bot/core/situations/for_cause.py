"""We end it for cause: unpaid invoices, a breach, conduct. Firm, factual and documented: the
contract's termination clause and a written notice are central; no warm-thanks script."""

from __future__ import annotations

from bot.core.answers import SituationKey, Stakeholder, TransitionNeed
from bot.core.checklist import Anchor, ItemKey, ItemRule, Phase
from bot.core.kinds import DraftKind, ReminderKind
from bot.core.situations import Need, Situation
from bot.core.situations import common as c

SITUATION = Situation(
    key=SituationKey.FOR_CAUSE,
    we_give_notice=True,
    client_stays=False,
    touches_money=False,
    minimum_notice=0,  # the contract's own termination notice is what counts here
    asks={
        "clause": Need.REQUIRED,
        "history": Need.REQUIRED,
        "referrals": Need.OPTIONAL,
        "transition_needs": Need.OPTIONAL,
        "transition_notes": Need.OPTIONAL,
        "referral_note": Need.OPTIONAL,
    },
    items=(
        ItemRule(ItemKey.GATHER_RECORD, Phase.PREPARE, (6, 13), Anchor.CONVERSATION, -2),
        c.BOOK,
        c.REHEARSE,
        c.TELL,
        ItemRule(ItemKey.WRITTEN_NOTICE, Phase.TELL, (6, 13), Anchor.CONVERSATION),
        c.CONFIRM,
        c.SEND_REFERRALS,
        c.RESOLVE_CONCERNS,
        c.REFLECT,
    ),
    reminders=(
        ReminderKind.NOTICE_AHEAD,
        ReminderKind.NOTICE_DAY,
        ReminderKind.NOTICE_OVERDUE,
        ReminderKind.BRIEF_PEOPLE,
        ReminderKind.CONVERSATION_DAY,
        ReminderKind.SEND_CONFIRMATION,
        ReminderKind.SEND_REFERRALS,
        ReminderKind.RESOLVE_CONCERNS,
        ReminderKind.FOLLOW_UPS,
        ReminderKind.TRANSITION,
        ReminderKind.REFLECT,
    ),
    drafts=(DraftKind.TALKING_POINTS, DraftKind.CONFIRMATION, DraftKind.REFERRAL_NOTE),
    default_needs=(
        TransitionNeed.RETURN_DATA,
        TransitionNeed.ACCESS,
        TransitionNeed.OUTSTANDING_BALANCE,
    ),
    default_stakeholders=(Stakeholder.MANAGER, Stakeholder.FINANCE, Stakeholder.LEGAL),
    long_relationship_care=False,
)
