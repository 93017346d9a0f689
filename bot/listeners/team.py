"""Team leads: an admin names a lead from App Home."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.copydeck import TEAM
from bot.core.ledger import Period
from bot.core.validation import Problem, ProblemCode
from bot.deps import Deps
from bot.listeners.boundary import guarded
from bot.listeners.common import first_action, publish_home, values_of, view_of
from bot.services import cases, digests, retention, roles
from bot.services.actor import Actor
from bot.services.inputs import CaseId
from bot.services.lead_changes import LeadChange
from bot.slack import blocks as b
from bot.slack.case_views import case_view
from bot.slack.flow_views import notice_view
from bot.slack.ids import Action, Block, Callback
from bot.slack.problems import block_errors, problem_text
from bot.slack.team_views import (
    lead_changed_member_message,
    lead_changed_new_message,
    lead_changed_old_message,
    name_lead_view,
    request_withdrawn_message,
)

log = logging.getLogger("bot.team")


def on_name_lead(ack: Ack, body: dict[str, Any], client: WebClient, actor: Actor, deps: Deps) -> None:
    ack()
    if roles.may_name_leads(deps, client, actor):
        view = name_lead_view()
    else:
        view = notice_view(problem_text("lead", Problem(ProblemCode.NOT_ADMIN)))
    client.views_open(trigger_id=body["trigger_id"], view=view)


def on_lead_saved(ack: Ack, body: dict[str, Any], client: WebClient, actor: Actor, deps: Deps) -> None:
    values = values_of(body)
    lead = ((values.get(Block.LEAD) or {}).get(Action.INPUT) or {}).get("selected_user")
    chosen = ((values.get(Block.LEAD_MEMBERS) or {}).get(Action.INPUT) or {}).get("selected_users")
    members = [str(m) for m in chosen] if isinstance(chosen, list) else []
    named = roles.name_lead(deps, client, actor, str(lead) if lead else None, members)
    if named.problems:
        ack(response_action="errors", errors=block_errors(named.problems, [Block.LEAD, Block.LEAD_MEMBERS]))
        return
    ack()
    tell_lead_changes(client, named.changes)
    publish_home(client, deps, actor)
    for user in {c.member for c in named.changes} | {c.old for c in named.changes if c.old}:
        publish_home(client, deps, replace(actor, user_id=user))


def tell_lead_changes(client: WebClient, changes: list[LeadChange]) -> None:
    """Everyone a change of lead concerns hears of it once: each person whose lead changed, each
    earlier lead (whose unanswered requests say they are no longer theirs) and each new lead."""
    lost: dict[str, list[str]] = {}
    gained: dict[str, list[str]] = {}
    for change in changes:
        client.chat_postMessage(channel=change.member, **lead_changed_member_message(change))
        if change.old:
            lost.setdefault(change.old, []).append(change.member)
            for held in change.held:  # the earlier lead's DM, as the bot's records place it
                if held.channel and held.ts:
                    client.chat_update(
                        channel=held.channel,
                        ts=held.ts,
                        **request_withdrawn_message(change.member, held.client_name),
                    )
        if change.new:
            gained.setdefault(change.new, []).append(change.member)
    for old, members in lost.items():
        client.chat_postMessage(channel=old, **lead_changed_old_message(members))
    for new, members in gained.items():
        client.chat_postMessage(channel=new, **lead_changed_new_message(members))


def on_toggle_digest(ack: Ack, body: dict[str, Any], client: WebClient, actor: Actor, deps: Deps) -> None:
    ack()
    if digests.set_digest(deps, actor, first_action(body).get("value") == "on"):
        publish_home(client, deps, actor)


def on_retention(ack: Ack, body: dict[str, Any], client: WebClient, actor: Actor, deps: Deps) -> None:
    ack()
    choice = str((first_action(body).get("selected_option") or {}).get("value") or "")
    if retention.set_retention(deps, client, actor, choice):
        publish_home(client, deps, actor)


def on_period(ack: Ack, body: dict[str, Any], client: WebClient, actor: Actor, deps: Deps) -> None:
    ack()
    value = str((first_action(body).get("selected_option") or {}).get("value") or "")
    if value in {p.value for p in Period}:
        publish_home(client, deps, actor, period=Period(value))


def lead_unavailable(
    client: WebClient, deps: Deps, actor: Actor, body: dict[str, Any], case_id: CaseId
) -> bool:
    """Before a case is shared with the owner's lead: when they have one Slack no longer counts as
    an active, full member of this workspace (gone, a guest, from another organisation), nothing is
    shared, the case stays as it was and the owner is told why."""
    lead = roles.lead_of(deps, actor)
    if lead is None or roles.lead_to_share_with(deps, client, actor) is not None:
        return False
    log.warning("a case was not shared: the lead is not an active member of the workspace")
    snap = cases.open_case(deps, actor, case_id)
    if view_of(body).get("id") and snap is not None:
        client.views_update(view_id=view_of(body)["id"], view=case_view(snap))
    words = TEAM.lead_unavailable()
    client.chat_postMessage(channel=actor.user_id, text=words, blocks=[b.section(words)])
    return True


def register(app: App) -> None:
    app.action(Action.NAME_LEAD.value)(guarded(on_name_lead))
    app.view(Callback.TEAM_LEAD.value)(guarded(on_lead_saved))
    app.action(Action.TOGGLE_DIGEST.value)(guarded(on_toggle_digest))
    app.action(Action.SET_RETENTION.value)(guarded(on_retention))
    app.action(Action.LEDGER_PERIOD.value)(guarded(on_period))
