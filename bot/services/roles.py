"""Team leads, named by a workspace admin: who leads whom, and what App Home shows of it."""

from __future__ import annotations

from dataclasses import dataclass, field

from slack_sdk import WebClient

from bot.core.validation import Problem, ProblemCode, Problems, validate_lead
from bot.deps import Deps
from bot.services import people
from bot.services.actor import Actor
from bot.storage import people as person_store
from bot.storage import roles


@dataclass(frozen=True)
class TeamView:
    lead: str | None  # who leads this person
    members: list[str] = field(default_factory=list)  # whom this person leads
    is_admin: bool = False  # as Slack last said: shows the admin's part of App Home
    leads: dict[str, list[str]] = field(default_factory=dict)  # the workspace's leads (admins only)


def team_view(deps: Deps, actor: Actor) -> TeamView:
    with deps.db.session() as session:
        found = person_store.person(session, actor.team_id, actor.user_id)
        admin = bool(found and found.is_admin)
        return TeamView(
            lead=roles.lead_of(session, actor.team_id, actor.user_id),
            members=roles.members_of(session, actor.team_id, actor.user_id),
            is_admin=admin,
            leads=roles.all_leads(session, actor.team_id) if admin else {},
        )


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
