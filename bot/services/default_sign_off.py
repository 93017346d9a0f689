"""Sign-off by default where the risk is high: a plan made for cause, or with less notice than
recommended, asks the owner's team lead to sign it off as soon as it is created. A firm with a
policy (bot/core/policy.py) decides instead which plans need it and whether they go at once. The
owner can still go ahead before the answer; the case records the request and says it is waiting.
Without a lead, the plan's checklist names who should read it first (bot/core/judgement.py)."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.core.plan import PlanWarning
from bot.core.situations import situation_of
from bot.deps import Deps
from bot.services import cases, policy, roles
from bot.services.actor import Actor
from bot.services.cases import CaseSnapshot, Shared
from bot.services.inputs import CaseId
from bot.storage import cases as case_store


def high_risk(snap: CaseSnapshot) -> bool:
    asks = situation_of(snap.case.situation).asks_sign_off
    return asks or (snap.plan is not None and PlanWarning.BELOW_RECOMMENDED in snap.plan.warnings)


def asks_now(deps: Deps, snap: CaseSnapshot) -> bool:
    """A plan made under a firm's policy is sent for sign-off when the policy needs it and shares
    those automatically; any other plan, when the built-in default finds its risk high."""
    by_policy = policy.asks_automatically(deps, snap.case.team_id, snap.case.sign_off_required)
    return high_risk(snap) if by_policy is None else by_policy


def ask_by_default(deps: Deps, client: WebClient, actor: Actor, draft_id: str) -> Shared | None:
    """The sign-off request for the case just made from this draft, when its risk is high and the
    owner has a lead who is an active member of the workspace; None when nothing is asked."""
    with deps.db.session() as session:
        case = case_store.case_from_draft(session, draft_id)
        if case is None or case.owner_id != actor.user_id or case.team_id != actor.team_id:
            return None
        case_id = CaseId(case.id)
    snap = cases.open_case(deps, actor, case_id)
    if snap is None or snap.case.sign_off is not None or not asks_now(deps, snap):
        return None
    if roles.lead_to_share_with(deps, client, actor) is None:
        return None
    return cases.ask_sign_off(deps, actor, case_id)
