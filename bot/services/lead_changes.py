"""When an admin changes who leads someone: nothing shared with the earlier lead passes to the new
one, a sign-off request waits for its owner to send it on, and everyone concerned is told."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.services.sign_off import WAITING
from bot.storage import cases as case_store
from bot.storage import roles
from bot.storage.models import ACTIVE_STATUSES, Case, EventKind


@dataclass(frozen=True)
class HeldRequest:
    """A sign-off request the earlier lead had not answered: it waits for its owner's word."""

    case_id: int
    client_name: str
    channel: str | None  # the earlier lead's DM that asked, as the bot's records place it
    ts: str | None


@dataclass(frozen=True)
class LeadChange:
    member: str
    old: str | None
    new: str | None
    unshared: int = 0  # cases no longer shared (they were shared with the earlier lead)
    held: list[HeldRequest] = field(default_factory=list)


def planned(
    session: Session, team_id: str, lead: str, members: Sequence[str]
) -> list[tuple[str, str | None, str | None]]:
    """Who changes lead when `lead` is named for exactly `members`: (person, earlier, new)."""
    changes = [(m, roles.lead_of(session, team_id, m), lead) for m in dict.fromkeys(members)]
    left = [m for m in roles.members_of(session, team_id, lead) if m not in members]
    return [(m, old, new) for m, old, new in changes if old != new] + [(m, lead, None) for m in left]


def settle(
    session: Session,
    team_id: str,
    changes: list[tuple[str, str | None, str | None]],
    actor_id: str,
    now: datetime,
) -> list[LeadChange]:
    """After the change is written: each person's cases shared with their earlier lead are no longer
    shared, and each request waiting for that lead is held for its owner to send on."""
    settled = []
    for member, old, new in changes:
        cases = session.scalars(
            select(Case).where(
                Case.team_id == team_id,
                Case.owner_id == member,
                Case.status.in_(ACTIVE_STATUSES),
                Case.shared_at.is_not(None),
            )
        ).all()
        held = []
        for case in cases:
            case.shared_at = None
            case_store.record(
                case, EventKind.UNSHARED, actor_id, now, "No longer shared: the team lead changed"
            )
            if case.sign_off in WAITING and case.sign_off_lead == old:
                held.append(HeldRequest(case.id, case.client_name, case.sign_off_channel, case.sign_off_ts))
        settled.append(LeadChange(member, old, new, len(cases), held))
    return settled


def move_request(session: Session, case: Case, lead: str, actor_id: str, now: datetime) -> bool:
    """The owner sends a held request to their lead now: shared with them, and theirs to answer."""
    if case.sign_off not in WAITING or case.sign_off_lead == lead or not case.is_active:
        return False
    case.sign_off_lead, case.sign_off_channel, case.sign_off_ts = lead, None, None
    if case.shared_at is None:
        case.shared_at = now
        case_store.record(case, EventKind.SHARED, actor_id, now, "Shared with the team lead (read-only)")
    case_store.record(
        case, EventKind.SIGN_OFF, actor_id, now, "Sign-off request sent on to the new team lead"
    )
    return True
