"""Closing a case: straight away when nothing is left open, else after the owner has seen what is."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.listeners.actions import refused, show_in_place
from bot.listeners.boundary import guarded
from bot.listeners.common import not_found_view, publish_home, view_of
from bot.listeners.parse import case_id_of, metadata_case_id
from bot.listeners.views import refresh_case_below
from bot.services import cases
from bot.services.actor import Actor
from bot.services.cases import CaseAction
from bot.slack.case_views import case_view
from bot.slack.closing_views import close_view
from bot.slack.ids import Action, Callback


def on_close(ack: Ack, body: dict[str, Any], client: WebClient, actor: Actor, deps: Deps) -> None:
    ack()
    case_id = case_id_of(body)
    found = cases.open_loose_ends(deps, actor, case_id) if case_id is not None else None
    if case_id is None or found is None:
        refused(actor, "close")
        show_in_place(client, body, None)
        return
    snap, titles = found
    if titles:
        form = close_view(snap.case, titles)
        if view_of(body).get("type") == "modal":  # over the case; from App Home, a modal of its own
            client.views_push(trigger_id=body["trigger_id"], view=form)
        else:
            client.views_open(trigger_id=body["trigger_id"], view=form)
        return
    closed = cases.act(deps, actor, case_id, CaseAction.CLOSE)
    show_in_place(client, body, closed)
    if closed:
        publish_home(client, deps, actor, closed.case.owner_tz)


def on_close_confirmed(ack: Ack, body: dict[str, Any], client: WebClient, actor: Actor, deps: Deps) -> None:
    view = view_of(body)
    case_id = metadata_case_id(view)
    if case_id is None:
        ack(response_action="update", view=not_found_view())
        return
    closed = cases.act(deps, actor, case_id, CaseAction.CLOSE)
    refresh_case_below(ack, client, view, case_view(closed) if closed else None)
    if closed:
        publish_home(client, deps, actor, closed.case.owner_tz)


def register(app: App) -> None:
    app.action(Action.CLOSE_CASE.value)(guarded(on_close))
    app.view(Callback.CLOSE_CONFIRM.value)(guarded(on_close_confirmed))
