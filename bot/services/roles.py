"""Team leads, named by a workspace admin: who leads whom, and what App Home shows of it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from slack_sdk import WebClient

from bot.core import team_figures
from bot.core.ledger import SMALLEST_GROUP, Patterns, Period, patterns, since
from bot.core.risk import OpenItem, Risk, risk_of
from bot.core.validation import Problem, ProblemCode, Problems, validate_lead
from bot.deps import Deps
from bot.services import lead_changes, people
from bot.services.actor import Actor
from bot.services.cases import CaseSnapshot, snapshot
from bot.services.inputs import CaseId
from bot.services.lead_changes import LeadChange
from bot.services.read_models import CaseView, ItemView, case_view, item_view
from bot.services.retention import CHOICES
from bot.storage import cases as case_store
from bot.storage import digests, ledger, roles
from bot.storage import people as person_store
from bot.storage import retention as retention_store
from bot.storage.models import Case


@dataclass(frozen=True)
class SharedCase:
    """A case a lead's person shared with them: what the lead's App Home shows of it."""

    case: CaseView  # with its checklist, without its history
    next_item: ItemView | None
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
        entries = (
            team_figures.counted(
                ledger.entries_in_closing_order(session, actor.team_id, members), since(period, today)
            )
            if members
            else []
        )
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
        next_item = item_view(open_items[0]) if open_items else None
        found.append(SharedCase(case_view(case, events=False), next_item, risk))
    return sorted(found, key=lambda shared: (shared.risk.urgency, shared.case.id))


def _retention_choice(days: int | None) -> str:
    return next((name for name, value in CHOICES.items() if value == days), "forever")


def may_name_leads(deps: Deps, client: WebClient, actor: Actor) -> bool:
    return people.is_admin_now(deps, client, actor)


@dataclass(frozen=True)
class Named:
    problems: Problems = field(default_factory=dict)  # nothing was changed
    changes: list[LeadChange] = field(default_factory=list)  # whose lead changed, to tell them


def name_lead(deps: Deps, client: WebClient, actor: Actor, lead: str | None, members: list[str]) -> Named:
    """Name `lead` as the lead of `members` (in the actor's workspace); refused unless Slack says,
    now, that the actor is an admin or owner, and that each person named is an active, full member
    of the workspace."""
    problems = validate_lead(lead, members)
    if problems:
        return Named(problems)
    if not people.is_admin_now(deps, client, actor):
        return Named({"lead": Problem(ProblemCode.NOT_ADMIN)})
    assert lead is not None
    outsiders = people.members_now(client, actor, [lead, *members])
    if lead in outsiders:
        problems["lead"] = Problem(ProblemCode.NOT_A_MEMBER)
    if set(outsiders) - {lead}:
        problems["members"] = Problem(ProblemCode.NOT_A_MEMBER)
    if problems:
        return Named(problems)
    now = deps.now()
    with deps.db.session(write=True) as session:
        changes = lead_changes.planned(session, actor.team_id, lead, members)
        roles.name_lead(session, actor.team_id, lead, members, actor.user_id, now)
        return Named(changes=lead_changes.settle(session, actor.team_id, changes, actor.user_id, now))


def lead_of(deps: Deps, actor: Actor) -> str | None:
    """The actor's team lead as the records say, whether or not Slack still counts them a member."""
    with deps.db.session() as session:
        return roles.lead_of(session, actor.team_id, actor.user_id)


def lead_to_share_with(deps: Deps, client: WebClient, actor: Actor) -> str | None:
    """The actor's lead, when Slack says now that they are an active, full member of this
    workspace (a case is shared with nobody else); None otherwise."""
    lead = lead_of(deps, actor)
    return lead if lead and people.member_now(client, actor, lead) else None


def send_request_on(deps: Deps, client: WebClient, actor: Actor, case_id: CaseId) -> CaseSnapshot | None:
    """The owner agrees to send a sign-off request held by a change of lead to their lead now (who
    must be an active, full member of the workspace); None when there is nothing to send on."""
    lead = lead_to_share_with(deps, client, actor)
    if lead is None:
        return None
    with deps.db.session(write=True) as session:
        case = case_store.owned_case(session, case_id, actor.team_id, actor.user_id, for_update=True)
        if case is None or not lead_changes.move_request(session, case, lead, actor.user_id, deps.now()):
            return None
        return snapshot(case, deps)
