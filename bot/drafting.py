"""The owner's drafts in words: each situation's own (templates/situations/<key>.txt.j2, through
bot/copydeck.py), or the owner's edit of one. Which drafts a case gets, and how an edit is read, is
decided in the core (bot/core/drafts.py), which never reaches the templates."""

from __future__ import annotations

from bot.copydeck import situation_drafts
from bot.core.answers import Answers
from bot.core.drafts import Signature, applicable, edited, tidy
from bot.core.kinds import DraftKind
from bot.core.plan import Plan


def generate(kind: DraftKind, a: Answers, plan: Plan, signature: Signature) -> str:
    render = getattr(situation_drafts(plan.situation.key), kind.value)
    return tidy(str(render(a=a, plan=plan, signature=signature)))


def final_drafts(a: Answers, plan: Plan, signature: Signature) -> dict[DraftKind, str]:
    """Every draft this case gets: as the owner edited it, or as drafted."""
    return {
        kind: edited(kind, a) or generate(kind, a, plan, signature)
        for kind in DraftKind
        if applicable(kind, a, plan)
    }
