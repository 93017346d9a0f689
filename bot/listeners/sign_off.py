"""Sign-off: the owner asks their team lead; the lead approves or asks for changes, from a DM."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.core.typed_text import is_blank, storable
from bot.core.validation import Problem, ProblemCode
from bot.deps import Deps
from bot.listeners.actions import refused, show_in_place
from bot.listeners.boundary import ack_only, guarded
from bot.listeners.common import first_action, not_found_view, publish_home, values_of, view_of
from bot.listeners.parse import case_id_of, metadata_case_id, parse_case_id
from bot.listeners.team import lead_unavailable
from bot.services import cases, roles, sign_off
from bot.services.actor import Actor
from bot.services.cases import CaseSnapshot
from bot.services.inputs import CaseId
from bot.slack.case_views import (
    changes_view,
    sign_off_answered_message,
    sign_off_request_message,
    sign_off_result_message,
)
from bot.slack.ids import Action, Block, Callback
from bot.slack.problems import problem_text
from bot.slack.state import typed_value
from bot.slack.team_views import request_sent_on_message


def on_ask(body: dict[str, Any], client: WebClient, actor: Actor, deps: Deps) -> None:
    case_id = case_id_of(body)
    if case_id is not None and lead_unavailable(client, deps, actor, body, case_id):
        return
    result = cases.ask_sign_off(deps, actor, case_id) if case_id is not None else None
    if result is None:
        refused(actor, "ask sign-off")
    show_in_place(client, body, result.snapshot if result else None)
    if result is None:
        return
    if result.tell:
        ask_lead(client, deps, result.snapshot, result.tell)
        publish_home(client, deps, replace(actor, user_id=result.tell))
    publish_home(client, deps, actor, result.snapshot.case.owner_tz)


def ask_lead(
    client: WebClient, deps: Deps, snap: CaseSnapshot, lead: str, changed: str | None = None
) -> None:
    """The DM asking `lead` to sign the plan off; where it landed is kept, so that the answer
    updates this message and no other."""
    sent = client.chat_postMessage(channel=lead, **sign_off_request_message(snap, changed))
    channel, ts = sent.get("channel"), sent.get("ts")
    if isinstance(channel, str) and isinstance(ts, str):
        sign_off.remember_request_dm(deps, CaseId(snap.case.id), lead, channel, ts)


def tell_asked_again(client: WebClient, deps: Deps, actor: Actor, changed: cases.Changed | None) -> None:
    """After a material change to a signed-off plan: one DM to the lead saying what changed, with
    the plan to answer again."""
    if changed is None or changed.snapshot is None or changed.asked_again is None:
        return
    lead = changed.asked_again.lead
    ask_lead(client, deps, changed.snapshot, lead, changed.asked_again.changed)
    publish_home(client, deps, replace(actor, user_id=lead))


def _answered(client: WebClient, deps: Deps, actor: Actor, answer: cases.SignOffAnswer) -> None:
    case = answer.snapshot.case
    # The DM that asked, as the bot's own records place it (never a channel or ts from the request).
    if case.sign_off_channel and case.sign_off_ts:
        client.chat_update(
            channel=case.sign_off_channel,
            ts=case.sign_off_ts,
            **sign_off_answered_message(case, answer.approved),
        )
    client.chat_postMessage(
        channel=case.owner_id, **sign_off_result_message(case, actor.user_id, answer.approved, answer.note)
    )
    publish_home(client, deps, replace(actor, user_id=case.owner_id), case.owner_tz)


def on_approve(ack: Ack, body: dict[str, Any], client: WebClient, actor: Actor, deps: Deps) -> None:
    ack()
    case_id = parse_case_id(first_action(body).get("value"))
    answer = cases.answer_sign_off(deps, actor, case_id, approve=True) if case_id is not None else None
    if answer is None:
        refused(actor, "approve")
        return
    _answered(client, deps, actor, answer)


def on_request_changes(ack: Ack, body: dict[str, Any], client: WebClient, actor: Actor, deps: Deps) -> None:
    ack()
    case_id = parse_case_id(first_action(body).get("value"))
    snap = cases.open_shared(deps, actor, case_id) if case_id is not None else None
    if snap is None:
        refused(actor, "ask for changes")
        client.views_open(trigger_id=body["trigger_id"], view=not_found_view())
        return
    client.views_open(trigger_id=body["trigger_id"], view=changes_view(snap.case.id))


def on_changes_sent(ack: Ack, body: dict[str, Any], client: WebClient, actor: Actor, deps: Deps) -> None:
    note = typed_value(values_of(body), Block.SIGN_OFF_NOTE)
    if note is None or is_blank(note):
        ack(response_action="errors", errors={Block.SIGN_OFF_NOTE.value: "Say what should change."})
        return
    if not storable(note):
        problem = problem_text("sign_off_note", Problem(ProblemCode.UNSTORABLE))
        ack(response_action="errors", errors={Block.SIGN_OFF_NOTE.value: problem})
        return
    case_id = metadata_case_id(view_of(body))
    answer = (
        cases.answer_sign_off(deps, actor, case_id, approve=False, note=note) if case_id is not None else None
    )
    if answer is None:
        refused(actor, "changes")
        ack(response_action="update", view=not_found_view())
        return
    ack()
    _answered(client, deps, actor, answer)


def on_send_on(ack: Ack, body: dict[str, Any], client: WebClient, actor: Actor, deps: Deps) -> None:
    """After a change of lead, the owner sends a held request to their lead now. The message the
    button sits in is not changed (its place comes from the request); a short DM confirms."""
    ack()
    case_id = parse_case_id(first_action(body).get("value"))
    snap = roles.send_request_on(deps, client, actor, case_id) if case_id is not None else None
    if snap is None or snap.case.sign_off_lead is None:
        refused(actor, "send sign-off on")
        return
    lead = snap.case.sign_off_lead
    ask_lead(client, deps, snap, lead)
    client.chat_postMessage(channel=actor.user_id, **request_sent_on_message(lead, snap.case.client_name))
    publish_home(client, deps, replace(actor, user_id=lead))
    publish_home(client, deps, actor, snap.case.owner_tz)


def register(app: App) -> None:
    app.action(Action.ASK_SIGN_OFF.value)(ack=ack_only, lazy=[guarded(on_ask, after_ack=True)])
    app.action(Action.APPROVE_SIGN_OFF.value)(guarded(on_approve))
    app.action(Action.REQUEST_CHANGES.value)(guarded(on_request_changes))
    app.view(Callback.SIGN_OFF_CHANGES.value)(guarded(on_changes_sent))
    app.action(Action.SEND_SIGN_OFF_ON.value)(guarded(on_send_on))
