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
from bot.listeners.team import lead_unavailable
from bot.services import cases, flow
from bot.services.actor import Actor
from bot.services.cases import CaseAction, CaseSnapshot
from bot.slack.case_views import (
    CaseMeta,
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
from bot.slack.ids import Action, Callback
from bot.slack.state import merge_step

log = logging.getLogger("bot.actions")

CASE_ACTIONS = {
    Action.CLIENT_TOLD: CaseAction.CLIENT_TOLD,  # Close has a listener of its own (closing.py)
    Action.CANCEL_CASE: CaseAction.CANCEL,
    Action.REOPEN_CASE: CaseAction.REOPEN,
    Action.TOGGLE_REMINDERS: CaseAction.TOGGLE_REMINDERS,
}


def case_id_of(body: dict[str, Any]) -> object | None:
    """The case a button acts on. In the case modal, the button's value must be the modal's own
    case: a value naming another case is refused (None)."""
    view = view_of(body)
    meta = CaseMeta.decode(view.get("private_metadata")) if view.get("callback_id") == Callback.CASE else None
    value = first_action(body).get("value")
    if meta is not None and value is not None and str(meta.case_id) != str(value):
        return None
    return value if value is not None else (meta.case_id if meta else None)


def case_of(body: dict[str, Any], actor: Actor | None, deps: Deps) -> CaseSnapshot | None:
    """The case a button acts on, as this person may see it; None for no one or no such case."""
    case_id = case_id_of(body)
    return cases.open_case(deps, actor, case_id) if actor and case_id is not None else None


def refused(actor: Actor | None, what: str) -> None:
    log.warning("refused %s: no such case for this user (team %s)", what, actor.team_id if actor else "?")


def on_new_case(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
    ack()
    client.views_open(trigger_id=body["trigger_id"], view=opening_view(None))


def on_open_case(ack: Ack, body: dict[str, Any], client: WebClient, actor: Actor | None, deps: Deps) -> None:
    ack()
    snap = cases.open_case(deps, actor, case_id_of(body)) if actor else None
    if snap is None:
        refused(actor, "open")
    client.views_open(trigger_id=body["trigger_id"], view=case_view(snap) if snap else not_found_view())


def on_back(ack: Ack, body: dict[str, Any], client: WebClient, actor: Actor | None, deps: Deps) -> None:
    ack()
    view = view_of(body)
    step = CALLBACK_STEPS.get(str(view.get("callback_id")))
    if actor is None or step is None or step is StepId.SITUATION:
        return
    values = values_of(body)
    draft_id = FlowMeta.decode(view.get("private_metadata")).draft_id
    outcome = flow.go_back(deps, actor, step, draft_id, lambda draft: merge_step(draft, step, values))
    new_view = screen_view(outcome.screen, deps.calendar()) if outcome.screen else expired_view()
    client.views_update(view_id=view.get("id"), hash=view.get("hash"), view=new_view)


def show_in_place(client: WebClient, body: dict[str, Any], snap: CaseSnapshot | None) -> None:
    current = view_of(body)
    if current.get("id"):
        client.views_update(view_id=current["id"], view=case_view(snap) if snap else not_found_view())


def on_case_action(body: dict[str, Any], client: WebClient, actor: Actor | None, deps: Deps) -> None:
    action = CASE_ACTIONS[Action(str(first_action(body).get("action_id")))]
    case_id = case_id_of(body)
    snap = cases.act(deps, actor, case_id, action) if actor and case_id is not None else None
    if snap is None:
        refused(actor, action.value)
    show_in_place(client, body, snap)
    if actor and snap:
        publish_home(client, deps, actor, snap.case.owner_tz)


def on_share(body: dict[str, Any], client: WebClient, actor: Actor | None, deps: Deps) -> None:
    """Share a case with the owner's team lead (read-only), or stop; the lead hears of it by DM."""
    on = first_action(body).get("action_id") == Action.SHARE_CASE
    case_id = case_id_of(body)
    if (
        on
        and actor is not None
        and case_id is not None
        and lead_unavailable(client, deps, actor, body, case_id)
    ):
        return
    result = cases.share(deps, actor, case_id, on) if actor and case_id is not None else None
    if result is None:
        refused(actor, "share")
    show_in_place(client, body, result.snapshot if result else None)
    if actor is None or result is None:
        return
    case = result.snapshot.case
    if result.tell:
        client.chat_postMessage(channel=result.tell, **shared_message(case))
    publish_home(client, deps, actor, case.owner_tz)
    if result.snapshot.lead:
        publish_home(client, deps, replace(actor, user_id=result.snapshot.lead))


def on_open_shared(
    ack: Ack, body: dict[str, Any], client: WebClient, actor: Actor | None, deps: Deps
) -> None:
    ack()
    snap = cases.open_shared(deps, actor, first_action(body).get("value")) if actor else None
    if snap is None:
        refused(actor, "open shared")
    client.views_open(trigger_id=body["trigger_id"], view=case_view(snap) if snap else not_found_view())


def on_checklist(body: dict[str, Any], client: WebClient, actor: Actor | None, deps: Deps) -> None:
    action = first_action(body)
    selected = {str(o.get("value")) for o in action.get("selected_options") or [] if isinstance(o, dict)}
    group = group_keys(body, str(action.get("block_id", "")))
    case_id = case_id_of(body)
    snap = (
        cases.set_checklist(deps, actor, case_id, group, selected) if actor and case_id is not None else None
    )
    if snap is None:
        refused(actor, "checklist")
        return
    show_in_place(client, body, snap)
    if actor:
        publish_home(client, deps, actor, snap.case.owner_tz)


def form_opener(form: Callable[[CaseSnapshot], dict[str, Any]]) -> Callable[..., None]:
    """A button in the case modal that opens a form about that case on top of it."""

    def open_form(ack: Ack, body: dict[str, Any], client: WebClient, actor: Actor | None, deps: Deps) -> None:
        ack()
        snap = case_of(body, actor, deps)
        view = form(snap) if snap else not_found_view()
        if view_of(body).get("id"):
            client.views_push(trigger_id=body["trigger_id"], view=view)
        else:
            client.views_open(trigger_id=body["trigger_id"], view=view)

    return open_form


def on_export(body: dict[str, Any], client: WebClient, actor: Actor | None, deps: Deps) -> None:
    snap = case_of(body, actor, deps)
    if actor is None or snap is None:
        refused(actor, "export")
        return
    client.chat_postMessage(channel=actor.user_id, **case_export(snap))


def on_delete(body: dict[str, Any], client: WebClient, actor: Actor | None, deps: Deps) -> None:
    case_id = case_id_of(body)
    name = cases.delete(deps, actor, case_id) if actor and case_id is not None else None
    if actor is None or name is None:
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
