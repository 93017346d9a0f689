"""Checklist items most situations share; each situation module picks its own."""

from __future__ import annotations

from bot.core.answers import Answers
from bot.core.checklist import Anchor, ItemKey, ItemRule, Phase


def has_referrals(a: Answers) -> bool:
    return bool(a.referrals_given)


BOOK = ItemRule(ItemKey.BOOK, Phase.PREPARE, (3,), Anchor.TODAY, 1)
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
REFLECT = ItemRule(ItemKey.REFLECT, Phase.CLOSE, (12, 1), Anchor.EFFECTIVE, 5)
