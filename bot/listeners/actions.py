"""Buttons and checkboxes: App Home, the case modal, the flow's Back button."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.copydeck import CASE
from bot.core.steps import StepId
from bot.deps import Deps
from bot.listeners.boundary import ack_only, guarded
from bot.listeners.common import first_action, not_found_view, publish_home, values_of, view_of
from bot.listeners.parse import case_id_of, parse_case_id, step_answers
from bot.listeners.team import lead_unavailable
from bot.services import cases, flow
from bot.services.actor import Actor
from bot.services.cases import CaseAction, CaseSnapshot
from bot.slack.case_views import (
    case_view,
    dates_view,
    drafts_view,
    feedback_view,
    shared_message,
)
from bot.slack.exports import case_export
from bot.slack.flow_views import (
    CALLBACK_STEPS,
    FlowMeta,
    expired_view,
    notice_view,
    opening_view,
    screen_view,
)
from bot.slack.ids import Action

log = logging.getLogger("bot.actions")

CASE_ACTIONS = {
    Action.CLIENT_TOLD: CaseAction.CLIENT_TOLD,  # Close has a listener of its own (closing.py)
    Action.CANCEL_CASE: CaseAction.CANCEL,
    Action.REOPEN_CASE: CaseAction.REOPEN,
    Action.TOGGLE_REMINDERS: CaseAction.TOGGLE_REMINDERS,
}


def case_of(body: dict[str, Any], actor: Actor, deps: Deps) -> CaseSnapshot | None:
    """The case a button acts on, as this person may see it; None for a malformed id or no such case."""
    case_id = case_id_of(body)
    return cases.open_case(deps, actor, case_id) if case_id is not None else None


def refused(actor: Actor, what: str) -> None:
    log.warning("refused %s: no such case for this user (team %s)", what, actor.team_id)


def on_new_case(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
    ack()
    client.views_open(trigger_id=body["trigger_id"], view=opening_view(None))


def on_open_case(ack: Ack, body: dict[str, Any], client: WebClient, actor: Actor, deps: Deps) -> None:
    ack()
    snap = case_of(body, actor, deps)
    if snap is None:
        refused(actor, "open")
    client.views_open(trigger_id=body["trigger_id"], view=case_view(snap) if snap else not_found_view())


def on_back(ack: Ack, body: dict[str, Any], client: WebClient, actor: Actor, deps: Deps) -> None:
    ack()
    view = view_of(body)
    step = CALLBACK_STEPS.get(str(view.get("callback_id")))
    if step is None or step is StepId.SITUATION:
        return
    submitted = step_answers(step, values_of(body))
    draft_id = FlowMeta.decode(view.get("private_metadata")).draft_id
    outcome = flow.go_back(deps, actor, draft_id, submitted)
    new_view = screen_view(outcome.screen, deps.calendar()) if outcome.screen else expired_view()
    client.views_update(view_id=view.get("id"), hash=view.get("hash"), view=new_view)


def show_in_place(client: WebClient, body: dict[str, Any], snap: CaseSnapshot | None) -> None:
    current = view_of(body)
    if current.get("id"):
        client.views_update(view_id=current["id"], view=case_view(snap) if snap else not_found_view())


def on_case_action(body: dict[str, Any], client: WebClient, actor: Actor, deps: Deps) -> None:
    action = CASE_ACTIONS[Action(str(first_action(body).get("action_id")))]
    case_id = case_id_of(body)
    snap = cases.act(deps, actor, case_id, action) if case_id is not None else None
    if snap is None:
        refused(actor, action.value)
    show_in_place(client, body, snap)
    if snap:
        publish_home(client, deps, actor, snap.case.owner_tz)


def on_share(body: dict[str, Any], client: WebClient, actor: Actor, deps: Deps) -> None:
    """Share a case with the owner's team lead (read-only), or stop; the lead hears of it by DM."""
    on = first_action(body).get("action_id") == Action.SHARE_CASE
    case_id = case_id_of(body)
    if on and case_id is not None and lead_unavailable(client, deps, actor, body, case_id):
        return
    result = cases.share(deps, actor, case_id, on) if case_id is not None else None
    if result is None:
        refused(actor, "share")
    show_in_place(client, body, result.snapshot if result else None)
    if result is None:
        return
    case = result.snapshot.case
    if result.tell:
        client.chat_postMessage(channel=result.tell, **shared_message(case))
    publish_home(client, deps, actor, case.owner_tz)
    if result.snapshot.lead:
        publish_home(client, deps, replace(actor, user_id=result.snapshot.lead))


def on_open_shared(ack: Ack, body: dict[str, Any], client: WebClient, actor: Actor, deps: Deps) -> None:
    ack()
    case_id = parse_case_id(first_action(body).get("value"))
    snap = cases.open_shared(deps, actor, case_id) if case_id is not None else None
    if snap is None:
        refused(actor, "open shared")
    client.views_open(trigger_id=body["trigger_id"], view=case_view(snap) if snap else not_found_view())


def on_checklist(body: dict[str, Any], client: WebClient, actor: Actor, deps: Deps) -> None:
    action = first_action(body)
    selected = {str(o.get("value")) for o in action.get("selected_options") or [] if isinstance(o, dict)}
    group = group_keys(body, str(action.get("block_id", "")))
    case_id = case_id_of(body)
    snap = cases.set_checklist(deps, actor, case_id, group, selected) if case_id is not None else None
    if snap is None:
        refused(actor, "checklist")
        return
    show_in_place(client, body, snap)
    publish_home(client, deps, actor, snap.case.owner_tz)


def form_opener(form: Callable[[CaseSnapshot], dict[str, Any]]) -> Callable[..., None]:
    """A button in the case modal that opens a form about that case on top of it."""

    def open_form(ack: Ack, body: dict[str, Any], client: WebClient, actor: Actor, deps: Deps) -> None:
        ack()
        snap = case_of(body, actor, deps)
        view = form(snap) if snap else not_found_view()
        if view_of(body).get("id"):
            client.views_push(trigger_id=body["trigger_id"], view=view)
        else:
            client.views_open(trigger_id=body["trigger_id"], view=view)

    return open_form


def on_export(body: dict[str, Any], client: WebClient, actor: Actor, deps: Deps) -> None:
    snap = case_of(body, actor, deps)
    if snap is None:
        refused(actor, "export")
        return
    client.chat_postMessage(channel=actor.user_id, **case_export(snap))


def on_delete(body: dict[str, Any], client: WebClient, actor: Actor, deps: Deps) -> None:
    case_id = case_id_of(body)
    name = cases.delete(deps, actor, case_id) if case_id is not None else None
    if name is None:
        refused(actor, "delete")
        return
    current = view_of(body)
    if current.get("id"):
        client.views_update(view_id=current["id"], view=notice_view(CASE.deleted(name)))
    publish_home(client, deps, actor)


def group_keys(body: dict[str, Any], block_id: str) -> set[str]:
    """The item keys offered in one checkbox group of the view the click came from."""
    for block in view_of(body).get("blocks") or []:
        if isinstance(block, dict) and block.get("block_id") == block_id:
            for element in block.get("elements") or []:
                options = element.get("options") if isinstance(element, dict) else None
                return {str(o.get("value")) for o in options or [] if isinstance(o, dict)}
    return set()


def register(app: App) -> None:
    app.action(Action.NEW_CASE.value)(guarded(on_new_case))
    app.action(Action.OPEN_CASE.value)(guarded(on_open_case))
    app.action(Action.BACK.value)(guarded(on_back))
    app.action(Action.LOG_FEEDBACK.value)(guarded(form_opener(lambda snap: feedback_view(snap.case))))
    app.action(Action.EDIT_DATES.value)(guarded(form_opener(dates_view)))
    app.action(Action.EDIT_DRAFTS.value)(guarded(form_opener(lambda snap: drafts_view(snap.case))))
    for action_id in CASE_ACTIONS:
        app.action(action_id.value)(ack=ack_only, lazy=[guarded(on_case_action, after_ack=True)])
    app.action(Action.CHECKLIST_TOGGLE.value)(ack=ack_only, lazy=[guarded(on_checklist, after_ack=True)])
    for action_id in (Action.SHARE_CASE, Action.UNSHARE_CASE):
        app.action(action_id.value)(ack=ack_only, lazy=[guarded(on_share, after_ack=True)])
    app.action(Action.OPEN_SHARED.value)(guarded(on_open_shared))
    app.action(Action.EXPORT_CASE.value)(ack=ack_only, lazy=[guarded(on_export, after_ack=True)])
    app.action(Action.DELETE_CASE.value)(ack=ack_only, lazy=[guarded(on_delete, after_ack=True)])
