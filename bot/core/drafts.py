"""Drafted texts for the person to use with the client: plain text, not mrkdwn."""

from __future__ import annotations

from bot.core.answers import Answers
from bot.core.plan import Plan
from bot.text import copy

DRAFTS = "drafts.txt.j2"


def talking_points(a: Answers, plan: Plan) -> list[str]:
    text = copy(DRAFTS).talking_points(a=a, plan=plan)
    return [line.strip() for line in text.splitlines() if line.strip()]


def referral_note(a: Answers, plan: Plan) -> str:
    return copy(DRAFTS).referral_note(a=a, plan=plan, referrals=[r.strip() for r in a.referrals if r.strip()])
