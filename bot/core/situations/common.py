"""Checklist items, questions and nudges most situations share; each situation module picks its own."""

from __future__ import annotations

from collections.abc import Callable

from bot.core.answers import Answers, SituationKey, Stakeholder, TransitionNeed
from bot.core.checklist import Anchor, ItemKey, ItemRule, Phase
from bot.core.judgement import below_recommended
from bot.core.kinds import DraftKind, ReminderKind
from bot.core.situation import Need, Situation

# What a situation module needs, in one import.
__all__ = [
    "Anchor",
    "DraftKind",
    "ItemKey",
    "ItemRule",
    "Need",
    "Phase",
    "ReminderKind",
    "Situation",
    "SituationKey",
    "Stakeholder",
    "TransitionNeed",
]


def has_referrals(a: Answers) -> bool:
    return bool(a.referrals_given)


def talks(a: Answers) -> bool:
    """A call or a meeting: something to book. By letter or email only, there is nothing to book."""
    return a.method is None or a.method.is_personal


BOOK = ItemRule(ItemKey.BOOK, Phase.PREPARE, (3,), Anchor.TODAY, 1, when=talks)
REHEARSE = ItemRule(ItemKey.REHEARSE, Phase.PREPARE, (4, 6, 7), Anchor.CONVERSATION, -1)
TELL = ItemRule(ItemKey.TELL, Phase.TELL, (3, 5, 8, 15), Anchor.CONVERSATION)
THANK = ItemRule(ItemKey.THANK, Phase.TELL, (10,), Anchor.CONVERSATION)
CONFIRM = ItemRule(ItemKey.CONFIRM, Phase.FOLLOW_UP, (6, 11), Anchor.CONVERSATION, 1)
ASK_FEELINGS = ItemRule(ItemKey.ASK_FEELINGS, Phase.FOLLOW_UP, (9,), Anchor.CONVERSATION, 2)
SEND_REFERRALS = ItemRule(
    ItemKey.SEND_REFERRALS, Phase.FOLLOW_UP, (11,), Anchor.CONVERSATION, 3, when=has_referrals
)
RESOLVE_CONCERNS = ItemRule(ItemKey.RESOLVE_CONCERNS, Phase.FOLLOW_UP, (13,), Anchor.CONVERSATION, 5)
THANK_YOU_NOTE = ItemRule(ItemKey.THANK_YOU_NOTE, Phase.CLOSE, (10, 1), Anchor.EFFECTIVE, 1)
# The look back comes after the last handover item (the final invoice, five working days on).
REFLECT = ItemRule(ItemKey.REFLECT, Phase.CLOSE, (12, 1), Anchor.EFFECTIVE, 6)

# The questions and nudges several situations share.
HANDOVER_QUESTIONS = {"transition_needs": Need.OPTIONAL, "transition_notes": Need.OPTIONAL}
NOTICE_NUDGES = (ReminderKind.NOTICE_AHEAD, ReminderKind.NOTICE_DAY, ReminderKind.NOTICE_OVERDUE)
AROUND_THE_CONVERSATION = (
    ReminderKind.BRIEF_PEOPLE,
    ReminderKind.CONVERSATION_DAY,
    ReminderKind.DID_YOU_TELL,
    ReminderKind.SEND_CONFIRMATION,
)
CONCERNS = (ReminderKind.RESOLVE_CONCERNS, ReminderKind.FOLLOW_UPS)
AFTER_THE_CHANGE = (
    ReminderKind.TRANSITION,
    ReminderKind.THANK_YOU,
    ReminderKind.REFLECT,
    ReminderKind.CHECK_IN,
)
LETTERS = (DraftKind.TALKING_POINTS, DraftKind.CONFIRMATION)
# After an ending: thanks in writing once it is over, and a letter that closes everything out.
THANKS = (DraftKind.THANK_YOU_NOTE,)
CLOSE_OUT = (DraftKind.CLOSE_OUT,)
# What a relationship that ends usually needs settled.
ENDING_NEEDS = (
    TransitionNeed.HANDOVER_NOTES,
    TransitionNeed.RETURN_DATA,
    TransitionNeed.ACCESS,
    TransitionNeed.FINAL_INVOICE,
)
OPENING = (BOOK, REHEARSE)
TELLING = (TELL, THANK, CONFIRM)
CLOSING = (THANK_YOU_NOTE, REFLECT)


def read_first_when_short(situation: Callable[[], Situation]) -> ItemRule:
    """With less notice than the situation recommends, someone senior reads the plan first. The
    situation comes as a getter: where this is called, it is still being defined."""
    return ItemRule(
        ItemKey.READ_FIRST,
        Phase.PREPARE,
        (5, 6),
        Anchor.CONVERSATION,
        -1,
        when=lambda a: below_recommended(a, situation()),
    )
