"""A person's endings ledger, all of it, for the CSV and the chart sent to them by DM."""

from __future__ import annotations

from bot.core.ledger import LedgerEntry
from bot.deps import Deps
from bot.services.actor import Actor
from bot.storage import ledger


def own_entries(deps: Deps, actor: Actor) -> list[LedgerEntry]:
    """Only the person's own endings: a lead's export would otherwise show, case by case, what
    their people did not choose to share."""
    with deps.db.session() as session:
        return ledger.entries_of(session, actor.team_id, [actor.user_id])
