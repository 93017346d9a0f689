"""The endings ledger's rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, fields
from datetime import date

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from bot.core.ledger import LedgerEntry
from bot.storage.models import LedgerRow

ENTRY_FIELDS = tuple(f.name for f in fields(LedgerEntry))


def record(session: Session, team_id: str, owner_id: str, case_id: int, entry: LedgerEntry) -> None:
    """The case's entry, replacing any earlier one (a case reopened and closed again)."""
    forget(session, case_id)
    session.add(LedgerRow(team_id=team_id, owner_id=owner_id, case_id=case_id, **asdict(entry)))


def forget(session: Session, case_id: int) -> None:
    session.execute(delete(LedgerRow).where(LedgerRow.case_id == case_id))


_ENTRIES_OF = select(LedgerRow).where(
    LedgerRow.team_id == bindparam("team_id"),
    LedgerRow.owner_id.in_(bindparam("owners", expanding=True)),
    LedgerRow.closed_on >= bindparam("since"),
)
_HAS_ENTRIES = (
    select(LedgerRow.id)
    .where(LedgerRow.team_id == bindparam("team_id"), LedgerRow.owner_id == bindparam("owner_id"))
    .limit(1)
)


def entries_of(
    session: Session, team_id: str, owners: Sequence[str], closed_since: date | None = None
) -> list[LedgerEntry]:
    """The entries of these people (never the anonymous ones), closed on or after `closed_since`."""
    if not owners:
        return []
    params = {"team_id": team_id, "owners": list(owners), "since": closed_since or date.min}
    rows = session.scalars(_ENTRIES_OF, params).all()
    return [LedgerEntry(**{name: getattr(row, name) for name in ENTRY_FIELDS}) for row in rows]


def has_entries(session: Session, team_id: str, owner_id: str) -> bool:
    """Whether this person has closed any case yet, whenever."""
    return session.scalar(_HAS_ENTRIES, {"team_id": team_id, "owner_id": owner_id}) is not None


_IN_CLOSING_ORDER = (
    select(LedgerRow)
    .where(
        LedgerRow.team_id == bindparam("team_id"), LedgerRow.owner_id.in_(bindparam("owners", expanding=True))
    )
    .order_by(LedgerRow.closed_on, LedgerRow.id)
)


def entries_in_closing_order(session: Session, team_id: str, owners: Sequence[str]) -> list[LedgerEntry]:
    """Every entry of these people, in the order they closed (the day, then the row: fixed, so the
    same endings always fall in the same groups of the team's figures)."""
    if not owners:
        return []
    rows = session.scalars(_IN_CLOSING_ORDER, {"team_id": team_id, "owners": list(owners)}).all()
    return [LedgerEntry(**{name: getattr(row, name) for name in ENTRY_FIELDS}) for row in rows]
