"""A workspace's firm policy (one row, none until an admin sets it) and the log of its changes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.policy import Change, Policy, changes
from bot.storage.models import FirmPolicy, PolicyChange


def policy_of(session: Session, team_id: str) -> Policy | None:
    row = session.get(FirmPolicy, team_id)
    if row is None:
        return None
    return Policy(
        sign_off_for_cause=row.sign_off_for_cause,
        sign_off_short_notice=row.sign_off_short_notice,
        sign_off_over_years=row.sign_off_over_years,
        auto_share=row.auto_share,
        minimum_notice_days=row.minimum_notice_days,
    )


def save_policy(session: Session, team_id: str, policy: Policy, by: str, now: datetime) -> list[Change]:
    """Store `policy` and log what it changed (nothing is logged when nothing changed). The row is
    locked first, so two admins saving at once are logged one after the other."""
    row = session.get(FirmPolicy, team_id, with_for_update=True)
    before = policy_of(session, team_id) if row is not None else None
    changed = changes(before, policy)
    if not changed and row is not None:
        return []
    if row is None:
        row = FirmPolicy(team_id=team_id)
        session.add(row)
    for name, value in asdict(policy).items():
        setattr(row, name, value)
    row.updated_by, row.updated_at = by, now
    session.add(
        PolicyChange(
            team_id=team_id,
            changed_by=by,
            changed_at=now,
            changes={c.setting: [c.before, c.after] for c in changed},
        )
    )
    return changed


def recent_changes(session: Session, team_id: str, limit: int) -> Sequence[PolicyChange]:
    """The latest changes first."""
    query = (
        select(PolicyChange)
        .where(PolicyChange.team_id == team_id)
        .order_by(PolicyChange.changed_at.desc(), PolicyChange.id.desc())
        .limit(limit)
    )
    return session.scalars(query).all()
