"""Sign-off: the owner asks their team lead; the lead approves or asks for changes, from a DM."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.core.typed_text import is_blank
from bot.deps import Deps
from bot.listeners.actions import case_id_of, refused, show_in_place
from bot.listeners.boundary import ack_only, guarded
from bot.listeners.common import first_action, not_found_view, publish_home, values_of, view_of
from bot.services import cases
from bot.services.actor import Actor
from bot.slack.case_views import (
    changes_view,
    sign_off_answered_message,
    sign_off_request_message,
    sign_off_result_message,
)
from bot.slack.ids import Action, Block, Callback
from bot.slack.state import text_value


def on_ask(body: dict[str, Any], client: WebClient, actor: Actor | None, deps: Deps) -> None:
    case_id = case_id_of(body)
    result = cases.ask_sign_off(deps, actor, case_id) if actor and case_id is not None else None
    if result is None:
        refused(actor, "ask sign-off")
    show_in_place(client, body, result.snapshot if result else None)
    if actor is None or result is None:
        return
    if result.tell:
        client.chat_postMessage(channel=result.tell, **sign_off_request_message(result.snapshot))
        publish_home(client, deps, replace(actor, user_id=result.tell))
    publish_home(client, deps, actor, result.snapshot.case.owner_tz)


def _answered(
    client: WebClient, deps: Deps, actor: Actor, answer: cases.SignOffAnswer, channel: Any, ts: Any
) -> None:
    case = answer.snapshot.case
    if channel and ts:  # the lead's DM no longer asks
        client.chat_update(
            channel=str(channel), ts=str(ts), **sign_off_answered_message(case, answer.approved)
        )
    client.chat_postMessage(
        channel=case.owner_id, **sign_off_result_message(case, actor.user_id, answer.approved, answer.note)
    )
    publish_home(client, deps, replace(actor, user_id=case.owner_id), case.owner_tz)


def on_approve(ack: Ack, body: dict[str, Any], client: WebClient, actor: Actor | None, deps: Deps) -> None:
    ack()
    case_id = first_action(body).get("value")
    answer = cases.answer_sign_off(deps, actor, case_id, approve=True) if actor else None
    if actor is None or answer is None:
        refused(actor, "approve")
        return
    container = body.get("container") or {}
    _answered(client, deps, actor, answer, container.get("channel_id"), container.get("message_ts"))


def on_request_changes(
    ack: Ack, body: dict[str, Any], client: WebClient, actor: Actor | None, deps: Deps
) -> None:
    ack()
    case_id = first_action(body).get("value")
    snap = cases.open_shared(deps, actor, case_id) if actor else None
    if snap is None:
        refused(actor, "ask for changes")
        client.views_open(trigger_id=body["trigger_id"], view=not_found_view())
        return
    container = body.get("container") or {}
    view = changes_view(
        snap.case.id, str(container.get("channel_id") or ""), str(container.get("message_ts") or "")
    )
    client.views_open(trigger_id=body["trigger_id"], view=view)


def on_changes_sent(
    ack: Ack, body: dict[str, Any], client: WebClient, actor: Actor | None, deps: Deps
) -> None:
    note = text_value(values_of(body), Block.SIGN_OFF_NOTE)
    if note is None or is_blank(note):
        ack(response_action="errors", errors={Block.SIGN_OFF_NOTE.value: "Say what should change."})
        return
    try:
        meta = json.loads(str(view_of(body).get("private_metadata") or "{}"))
    except ValueError:
        meta = {}
    answer = (
        cases.answer_sign_off(deps, actor, meta.get("case"), approve=False, note=note)
        if actor and isinstance(meta, dict)
        else None
    )
    if actor is None or answer is None:
        refused(actor, "changes")
        ack(response_action="update", view=not_found_view())
        return
    ack()
    _answered(client, deps, actor, answer, meta.get("channel"), meta.get("ts"))


def register(app: App) -> None:
    app.action(Action.ASK_SIGN_OFF.value)(ack=ack_only, lazy=[guarded(on_ask, after_ack=True)])
    app.action(Action.APPROVE_SIGN_OFF.value)(guarded(on_approve))
    app.action(Action.REQUEST_CHANGES.value)(guarded(on_request_changes))
    app.view(Callback.SIGN_OFF_CHANGES.value)(guarded(on_changes_sent))
