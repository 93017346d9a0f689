"""Team leads, named by a workspace admin: who leads whom, and what App Home shows of it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from slack_sdk import WebClient

from bot.core.ledger import SMALLEST_GROUP, Patterns, Period, patterns, since
from bot.core.risk import OpenItem, Risk, risk_of
from bot.core.validation import Problem, ProblemCode, Problems, validate_lead
from bot.deps import Deps
from bot.services import people
from bot.services.actor import Actor
from bot.services.retention import CHOICES
from bot.storage import cases as case_store
from bot.storage import digests, ledger, roles
from bot.storage import people as person_store
from bot.storage import retention as retention_store
from bot.storage.models import Case, ChecklistItem


@dataclass(frozen=True)
class SharedCase:
    """A case a lead's person shared with them: what the lead's App Home shows of it."""

    case: Case
    next_item: ChecklistItem | None
    risk: Risk


@dataclass(frozen=True)
class TeamView:
    lead: str | None  # who leads this person
    members: list[str] = field(default_factory=list)  # whom this person leads
    is_admin: bool = False  # as Slack last said: shows the admin's part of App Home
    leads: dict[str, list[str]] = field(default_factory=dict)  # the workspace's leads (admins only)
    shared: list[SharedCase] = field(default_factory=list)  # shared with this lead, most urgent first
    digest_on: bool = False  # this lead's weekly digest
    retention: str | None = None  # how long closed cases are kept (admins only): a retention choice
    team_patterns: Patterns | None = None  # the endings of the people this lead leads, when enough
    period: Period = Period.YEAR


def team_view(deps: Deps, actor: Actor, period: Period = Period.YEAR) -> TeamView:
    with deps.db.session() as session:
        found = person_store.person(session, actor.team_id, actor.user_id)
        admin = bool(found and found.is_admin)
        members = roles.members_of(session, actor.team_id, actor.user_id)
        shared = (
            _shared(deps, case_store.shared_with(session, actor.team_id, actor.user_id)) if members else []
        )
        digest = digests.digest_of(session, actor.team_id, actor.user_id) if members else None
        today = deps.today_in(found.tz if found else None)
        entries = ledger.entries_of(session, actor.team_id, members, since(period, today)) if members else []
        return TeamView(
            lead=roles.lead_of(session, actor.team_id, actor.user_id),
            members=members,
            is_admin=admin,
            leads=roles.all_leads(session, actor.team_id) if admin else {},
            shared=shared,
            digest_on=bool(digest and digest.enabled),
            retention=_retention_choice(retention_store.retention_of(session, actor.team_id))
            if admin
            else None,
            team_patterns=patterns(entries) if len(entries) >= SMALLEST_GROUP else None,
            period=period,
        )


def _shared(deps: Deps, cases: Sequence[Case]) -> list[SharedCase]:
    calendar = deps.calendar()
    found = []
    for case in cases:
        open_items = sorted(
            (i for i in case.items if i.done_at is None), key=lambda i: (i.due_date, i.position)
        )
        today = deps.today_in(case.owner_tz)
        risk = risk_of(
            case.notify_by,
            case.client_told,
            [OpenItem(i.key, i.due_date) for i in open_items],
            today,
            calendar,
        )
        found.append(SharedCase(case, open_items[0] if open_items else None, risk))
    return sorted(found, key=lambda shared: (shared.risk.urgency, shared.case.id))


def _retention_choice(days: int | None) -> str:
    return next((name for name, value in CHOICES.items() if value == days), "forever")


def may_name_leads(deps: Deps, client: WebClient, actor: Actor) -> bool:
    return people.is_admin_now(deps, client, actor)


def name_lead(deps: Deps, client: WebClient, actor: Actor, lead: str | None, members: list[str]) -> Problems:
    """Name `lead` as the lead of `members` (in the actor's workspace); refused unless Slack says,
    now, that the actor is an admin or owner."""
    problems = validate_lead(lead, members)
    if problems:
        return problems
    if not people.is_admin_now(deps, client, actor):
        return {"lead": Problem(ProblemCode.NOT_ADMIN)}
    assert lead is not None
    with deps.db.session(write=True) as session:
        roles.name_lead(session, actor.team_id, lead, members, actor.user_id, deps.now())
    return {}
