"""Which endings a lead's team figures count. A figure over a few people's endings can name one of
them: read the figures, wait for one person to close a case, read again, and the difference is
that ending. So the figures count endings only in whole groups of SMALLEST_GROUP, in the order
they closed: one more ending changes nothing until its group is full, and then a whole group
enters at once. A period counts the groups that fall wholly inside it, so an ending ageing out of
the last twelve months leaves with its whole group, never alone."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.core.ledger import SMALLEST_GROUP, LedgerEntry


def counted(
    in_order: Sequence[LedgerEntry], since: date | None, group: int = SMALLEST_GROUP
) -> list[LedgerEntry]:
    """The entries the figures count: `in_order` (every ending of the team, oldest close first,
    in a fixed order) cut into whole groups, each group kept when all of it closed on or after
    `since`. An empty list: too few to show anything."""
    whole = len(in_order) - len(in_order) % group
    kept: list[LedgerEntry] = []
    for start in range(0, whole, group):
        block = in_order[start : start + group]
        if since is None or block[0].closed_on >= since:
            kept += block
    return kept
