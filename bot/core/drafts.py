"""Drafted texts for the owner to say or send: plain text, not mrkdwn. Each situation words its
own drafts (templates/situations/<key>.txt.j2); the owner may edit them before they are stored."""

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


def generate(kind: DraftKind, a: Answers, plan: Plan, signature: Signature) -> str:
    from bot.copydeck import situation_drafts

    render = getattr(situation_drafts(plan.situation.key), kind.value)
    return tidy(str(render(a=a, plan=plan, signature=signature)))


def tidy(text: str) -> str:
    """Template output as a person would type it: no trailing spaces, one blank line at most."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def edited(kind: DraftKind, a: Answers) -> str | None:
    value = getattr(a, kind.value)
    return value.strip() if isinstance(value, str) and value.strip() else None


def final_drafts(a: Answers, plan: Plan, signature: Signature) -> dict[DraftKind, str]:
    """Every draft this case gets: as the owner edited it, or as drafted."""
    return {
        kind: edited(kind, a) or generate(kind, a, plan, signature)
        for kind in DraftKind
        if applicable(kind, a, plan)
    }


def talking_points(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]
