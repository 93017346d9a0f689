"""A firm's policy: an admin edits it from App Home. Whether the person is an admin or owner is
asked of Slack at the button and again at the submission, so a forged one changes nothing."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.copydeck import POLICY
from bot.deps import Deps
from bot.listeners.boundary import guarded
from bot.listeners.common import publish_home, values_of
from bot.services import policy
from bot.services.actor import Actor
from bot.slack.flow_views import notice_view
from bot.slack.ids import Action, Callback
from bot.slack.policy_views import policy_form, problem_errors, read_policy, refused_errors


def on_edit_policy(ack: Ack, body: dict[str, Any], client: WebClient, actor: Actor, deps: Deps) -> None:
    ack()
    if policy.may_edit(deps, client, actor):
        view = policy_form(policy.current(deps, actor.team_id))
    else:
        view = notice_view(POLICY.refused())
    client.views_open(trigger_id=body["trigger_id"], view=view)


def on_policy_saved(ack: Ack, body: dict[str, Any], client: WebClient, actor: Actor, deps: Deps) -> None:
    submitted, unreadable = read_policy(values_of(body))
    if unreadable:
        ack(response_action="errors", errors=problem_errors(unreadable))
        return
    saved = policy.save(deps, client, actor, submitted)
    if saved.problems:
        ack(response_action="errors", errors=problem_errors(saved.problems))
    elif saved.refused:
        ack(response_action="errors", errors=refused_errors())
    else:
        ack()
        publish_home(client, deps, actor)


def register(app: App) -> None:
    app.action(Action.EDIT_POLICY.value)(guarded(on_edit_policy))
    app.view(Callback.FIRM_POLICY.value)(guarded(on_policy_saved))
