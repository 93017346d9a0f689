"""A firm's policy: set by a workspace admin (asked of Slack at each change), logged, shown on App
Home and at the start of the flow, and applied to each plan made under it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from slack_sdk import WebClient
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.copydeck import POLICY
from bot.core.answers import Answers
from bot.core.plan import Plan
from bot.core.policy import (
    Change,
    LoggedChange,
    Policy,
    PolicyProblem,
    PolicyReason,
    decode_reasons,
    encode_reasons,
    needs_sign_off,
    validate,
)
from bot.deps import Deps
from bot.services import people
from bot.services.actor import Actor
from bot.storage import cases as case_store
from bot.storage import people as person_store
from bot.storage import policy as policy_store
from bot.storage.models import Case, EventKind

CHANGES_SHOWN = 5


@dataclass(frozen=True)
class PolicyHome:
    """What App Home shows of the policy: all of it, with its latest changes, to an admin (as Slack
    last said); to anyone else, the policy only when it asks something of them."""

    is_admin: bool
    policy: Policy | None
    changes: tuple[LoggedChange, ...] = ()


# How long /end-client may show the policy as this process last read it.
SHOWN_FOR = timedelta(minutes=1)


def current(deps: Deps, team_id: str) -> Policy | None:
    with deps.db.session() as session:
        return policy_store.policy_of(session, team_id)


def shown_at_start(deps: Deps, team_id: str) -> Policy | None:
    """The policy whose lines the flow's first step shows, read at most once a minute per
    workspace in each process: /end-client opens its modal before anything else, and reading the
    policy each time was a third of that answer's CPU (docs/benchmarks.md). A save in this process
    shows at once, in another within the minute; what a plan requires is always read afresh."""
    now = deps.now()
    shown = deps.policies_shown.get(team_id)
    if shown is not None and timedelta(0) <= now - shown[0] < SHOWN_FOR:
        return shown[1]
    policy = current(deps, team_id)
    deps.policies_shown[team_id] = (now, policy)
    return policy


def home_part(deps: Deps, actor: Actor) -> PolicyHome:
    with deps.db.session() as session:
        found = person_store.person(session, actor.team_id, actor.user_id)
        admin = bool(found and found.is_admin)
        policy = policy_store.policy_of(session, actor.team_id)
        if not admin:
            return PolicyHome(False, policy if policy is not None and policy.asks_anything else None)
        logged = tuple(
            LoggedChange(
                row.changed_by,
                row.changed_at,
                tuple(Change(name, pair[0], pair[1]) for name, pair in (row.changes or {}).items()),
            )
            for row in policy_store.recent_changes(session, actor.team_id, CHANGES_SHOWN)
        )
        return PolicyHome(True, policy, logged)


def may_edit(deps: Deps, client: WebClient, actor: Actor) -> bool:
    return people.is_admin_now(deps, client, actor)


@dataclass(frozen=True)
class Saved:
    problems: tuple[PolicyProblem, ...] = ()  # nothing was saved
    refused: bool = False  # not an admin or owner now: nothing was saved
    changes: tuple[Change, ...] = field(default_factory=tuple)


def save(deps: Deps, client: WebClient, actor: Actor, policy: Policy) -> Saved:
    """Only a workspace admin or owner, as Slack says at this moment, changes the policy; the
    change is logged with who made it and when."""
    problems = validate(policy)
    if problems:
        return Saved(problems=tuple(problems))
    if not people.is_admin_now(deps, client, actor):
        return Saved(refused=True)
    try:
        with deps.db.session(write=True) as session:
            changed = policy_store.save_policy(session, actor.team_id, policy, actor.user_id, deps.now())
    except IntegrityError:  # two admins saved the first policy at once: the other row stands, lock it
        with deps.db.session(write=True) as session:
            changed = policy_store.save_policy(session, actor.team_id, policy, actor.user_id, deps.now())
    deps.policies_shown.pop(actor.team_id, None)
    return Saved(changes=tuple(changed))


def in_force(session: Session, team_id: str) -> Policy | None:
    return policy_store.policy_of(session, team_id)


def with_firm_minimum(session: Session, team_id: str, answers: Answers) -> Answers:
    """The answers of a flow in progress, with the firm's minimum notice as its policy says now."""
    policy = policy_store.policy_of(session, team_id)
    minimum = policy.minimum_notice_days if policy is not None else None
    return (
        answers if answers.firm_minimum_notice == minimum else replace(answers, firm_minimum_notice=minimum)
    )


def on_case_created(
    session: Session, case: Case, answers: Answers, plan: Plan, actor_id: str, now: datetime
) -> list[PolicyReason]:
    """Record on a new case why the firm's policy asks for a lead's sign-off (and that the firm had
    a policy at all, even one asking nothing of this case)."""
    policy = policy_store.policy_of(session, case.team_id)
    if policy is None:
        return []
    reasons = needs_sign_off(policy, answers, plan)
    case.sign_off_required = encode_reasons(reasons)
    if reasons:
        detail = POLICY.event_detail([reason.value for reason in reasons])
        case_store.record(case, EventKind.SIGN_OFF, actor_id, now, detail)
    return reasons


def asks_automatically(deps: Deps, team_id: str, sign_off_required: str | None) -> bool | None:
    """Whether the lead is asked to sign off as soon as the plan is made: None when the case was
    made under no firm policy (the built-in default decides, bot/services/default_sign_off.py);
    otherwise the policy decides: it needs sign-off and the firm shares those automatically."""
    if sign_off_required is None:
        return None
    if not decode_reasons(sign_off_required):
        return False
    policy = current(deps, team_id)
    return bool(policy and policy.auto_share)
