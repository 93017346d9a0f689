"""Drafted texts for the owner to say or send: plain text, not mrkdwn. Which drafts a case gets,
and the owner's edits of them; their words are written in bot/drafting.py from each situation's
templates, which the core never reaches."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.answers import Answers
from bot.core.draft_text import listed
from bot.core.kinds import DraftKind
from bot.core.plan import Plan


@dataclass(frozen=True)
class Signature:
    """Who signs what the owner sends: their name as Slack knows it."""

    name: str | None = None


def applicable(kind: DraftKind, a: Answers, plan: Plan) -> bool:
    if kind not in plan.situation.drafts:
        return False
    if kind is DraftKind.REFERRAL_NOTE:
        return bool(listed(a.referrals_given))
    return True


def tidy(text: str) -> str:
    """Template output as a person would type it: no trailing spaces, one blank line at most."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def edited(kind: DraftKind, a: Answers) -> str | None:
    value = getattr(a, kind.value)
    return value.strip() if isinstance(value, str) and value.strip() else None


def talking_points(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]
