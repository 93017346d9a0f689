"""Situations: who ends the relationship, and why. Each has its own questions, checklist, reminders
and drafts; its words (coaching, labels, hard reactions, drafts) are in templates/situations/.

Adding a situation: a module here with its SITUATION, a key in SituationKey, its two templates
(templates/situations/<key>.md.j2 and .txt.j2, defining every piece in bot/copydeck.py's
SHARED_PIECES), and its sample answers in tests/situations.py.
tests/test_situations.py walks every situation through every layer and fails on a missing piece."""

from __future__ import annotations

from dataclasses import fields, replace

from bot.core.answers import Answers, SituationKey
from bot.core.situation import ALWAYS_ASKED as ALWAYS_ASKED
from bot.core.situation import Need as Need
from bot.core.situation import Situation


def _registry() -> dict[SituationKey, Situation]:
    from bot.core.situations import (
        client_leaves,
        for_cause,
        handover,
        price_change,
        service_change,
        we_end,
    )

    found = [m.SITUATION for m in (we_end, for_cause, client_leaves, price_change, service_change, handover)]
    return {s.key: s for s in found}


SITUATIONS: dict[SituationKey, Situation] = _registry()


def situation_of(key: SituationKey | str) -> Situation:
    return SITUATIONS[SituationKey(key)]


def keep_asked(a: Answers, situation: Situation) -> Answers:
    """The answers without what another situation asked (left in the draft by going Back and
    choosing a different situation)."""
    asked_somewhere = {name for s in SITUATIONS.values() for name in s.asks}
    blank = Answers()
    cleared = {
        f.name: getattr(blank, f.name)
        for f in fields(Answers)
        if f.name in asked_somewhere and not situation.asked(f.name)
    }
    if not situation.we_give_notice:
        cleared["notify_by"] = None
    return replace(a, **cleared)
