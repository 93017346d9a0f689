"""Team leads: an admin names a lead from App Home."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.core.ledger import Period
from bot.core.validation import Problem, ProblemCode
from bot.deps import Deps
from bot.listeners.boundary import guarded
from bot.listeners.common import first_action, publish_home, values_of
from bot.services import digests, retention, roles
from bot.services.actor import Actor
from bot.slack.flow_views import notice_view
from bot.slack.ids import Action, Block, Callback
from bot.slack.problems import block_errors, problem_text
from bot.slack.team_views import name_lead_view


def on_name_lead(ack: Ack, body: dict[str, Any], client: WebClient, actor: Actor | None, deps: Deps) -> None:
    ack()
    if actor is not None and roles.may_name_leads(deps, client, actor):
        view = name_lead_view()
    else:
        view = notice_view(problem_text("lead", Problem(ProblemCode.NOT_ADMIN)))
    client.views_open(trigger_id=body["trigger_id"], view=view)


def on_lead_saved(ack: Ack, body: dict[str, Any], client: WebClient, actor: Actor | None, deps: Deps) -> None:
    values = values_of(body)
    lead = ((values.get(Block.LEAD) or {}).get(Action.INPUT) or {}).get("selected_user")
    chosen = ((values.get(Block.LEAD_MEMBERS) or {}).get(Action.INPUT) or {}).get("selected_users")
    members = [str(m) for m in chosen] if isinstance(chosen, list) else []
    if actor is None:
        problems = {"lead": Problem(ProblemCode.NOT_ADMIN)}
    else:
        problems = roles.name_lead(deps, client, actor, str(lead) if lead else None, members)
    if problems:
        ack(response_action="errors", errors=block_errors(problems, [Block.LEAD, Block.LEAD_MEMBERS]))
        return
    ack()
    assert actor is not None
    publish_home(client, deps, actor)


def on_toggle_digest(
    ack: Ack, body: dict[str, Any], client: WebClient, actor: Actor | None, deps: Deps
) -> None:
    ack()
    if actor is not None and digests.set_digest(deps, actor, first_action(body).get("value") == "on"):
        publish_home(client, deps, actor)


def on_retention(ack: Ack, body: dict[str, Any], client: WebClient, actor: Actor | None, deps: Deps) -> None:
    ack()
    choice = str((first_action(body).get("selected_option") or {}).get("value") or "")
    if actor is not None and retention.set_retention(deps, client, actor, choice):
        publish_home(client, deps, actor)


def on_period(ack: Ack, body: dict[str, Any], client: WebClient, actor: Actor | None, deps: Deps) -> None:
    ack()
    value = str((first_action(body).get("selected_option") or {}).get("value") or "")
    if actor is not None and value in {p.value for p in Period}:
        publish_home(client, deps, actor, period=Period(value))


def register(app: App) -> None:
    app.action(Action.NAME_LEAD.value)(guarded(on_name_lead))
    app.view(Callback.TEAM_LEAD.value)(guarded(on_lead_saved))
    app.action(Action.TOGGLE_DIGEST.value)(guarded(on_toggle_digest))
    app.action(Action.SET_RETENTION.value)(guarded(on_retention))
    app.action(Action.LEDGER_PERIOD.value)(guarded(on_period))
