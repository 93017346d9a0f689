"""Buttons and checkboxes: App Home, the case modal, the flow's Back button."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot import casework
from bot.casework import Actor, CaseAction
from bot.core.answers import Answers
from bot.deps import Deps
from bot.listeners.common import ack_only, actor_from, guarded, publish_home
from bot.slack import exports
from bot.slack.case_views import CaseMeta, case_view, dates_view, feedback_view
from bot.slack.flow_views import FlowMeta, change_step, expired_view, notice_view, step_view
from bot.slack.ids import CALLBACK_STEPS, Action, Callback
from bot.slack.state import merge_step
from bot.storage import cases as case_store
from bot.storage import reminders as reminder_store
from bot.storage.drafts import load_draft, save_draft
from bot.storage.models import Case
from bot.text import copy

log = logging.getLogger("bot.actions")

CASE_ACTIONS = {
    Action.CLIENT_TOLD: CaseAction.CLIENT_TOLD,
    Action.CLOSE_CASE: CaseAction.CLOSE,
    Action.CANCEL_CASE: CaseAction.CANCEL,
    Action.REOPEN_CASE: CaseAction.REOPEN,
    Action.TOGGLE_REMINDERS: CaseAction.TOGGLE_REMINDERS,
}


def first_action(body: dict[str, Any]) -> dict[str, Any]:
    actions = body.get("actions")
    return actions[0] if isinstance(actions, list) and actions and isinstance(actions[0], dict) else {}


def not_found_view() -> dict[str, Any]:
    return notice_view(copy("case.md.j2").not_found())


def register(app: App, deps: Deps) -> None:
    def refused(actor: Actor | None, what: str) -> None:
        log.warning("refused %s: no such case for this user (team %s)", what, actor.team_id if actor else "?")

    def show_case(case: Case) -> dict[str, Any]:
        return case_view(case, reminder_store.upcoming(case), casework.case_milestones(case, deps))

    def on_new_case(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=change_step(Answers(), FlowMeta()))

    def on_open_case(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        ack()
        actor = actor_from(body, context)
        case_id = first_action(body).get("value")
        with deps.db.session() as session:
            case = case_store.owned_case(session, case_id, actor.team_id, actor.user_id) if actor else None
            view = show_case(case) if case else None
        if view is None:
            refused(actor, "open")
            view = not_found_view()
        client.views_open(trigger_id=body["trigger_id"], view=view)

    def on_back(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        ack()
        actor = actor_from(body, context)
        view = body.get("view") or {}
        step = CALLBACK_STEPS.get(view.get("callback_id", ""))
        meta = FlowMeta.decode(view.get("private_metadata"))
        if actor is None or step is None or step.previous is None:
            return
        with deps.db.session() as session:
            draft = load_draft(session, meta.draft_id, actor.team_id, actor.user_id)
            if draft is None:
                new_view = expired_view()
            else:
                # Keep what was typed on this step, valid or not, for when they come forward again.
                values = (view.get("state") or {}).get("values") or {}
                answers = merge_step(Answers.from_json(draft.answers), step, values)
                save_draft(session, draft, actor.team_id, actor.user_id, draft.user_tz, answers, deps.now())
                new_view = step_view(
                    step.previous, answers, meta, deps.today_in(draft.user_tz), deps.calendar(), draft.user_tz
                )
        client.views_update(view_id=view.get("id"), hash=view.get("hash"), view=new_view)

    def case_in_modal(body: dict[str, Any], actor: Actor | None, session: Any) -> Case | None:
        """The case a modal button acts on: the button's value must match the modal's own case."""
        view = body.get("view") or {}
        meta = (
            CaseMeta.decode(view.get("private_metadata"))
            if view.get("callback_id") == Callback.CASE
            else None
        )
        value = first_action(body).get("value")
        if actor is None or (meta is not None and value is not None and str(meta.case_id) != str(value)):
            return None
        case_id = value if value is not None else (meta.case_id if meta else None)
        return case_store.owned_case(session, case_id, actor.team_id, actor.user_id)

    def after_change(
        client: WebClient, body: dict[str, Any], actor: Actor, view: dict[str, Any] | None, tz: str | None
    ) -> None:
        current = body.get("view") or {}
        if view is not None and current.get("id"):
            client.views_update(view_id=current["id"], view=view)
        publish_home(client, deps, actor, tz)

    def on_case_action(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        actor = actor_from(body, context)
        action = CASE_ACTIONS[Action(str(first_action(body).get("action_id")))]
        with deps.db.session() as session:
            case = case_in_modal(body, actor, session)
            if case is None or actor is None:
                refused(actor, action.value)
                new_view, tz = not_found_view(), None
            else:
                casework.apply_action(session, case, action, actor, deps)
                new_view, tz = show_case(case), case.owner_tz
        if actor is None or tz is None:
            current = body.get("view") or {}
            if current.get("id"):
                client.views_update(view_id=current["id"], view=new_view)
            return
        after_change(client, body, actor, new_view, tz)

    def on_checklist(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        actor = actor_from(body, context)
        action = first_action(body)
        selected = {str(o.get("value")) for o in action.get("selected_options") or [] if isinstance(o, dict)}
        group = group_keys(body, str(action.get("block_id", "")))
        with deps.db.session() as session:
            case = case_in_modal(body, actor, session)
            if case is None or actor is None:
                refused(actor, "checklist")
                return
            casework.update_checklist(session, case, group, selected, actor, deps)
            new_view, tz = show_case(case), case.owner_tz
        after_change(client, body, actor, new_view, tz)

    def open_case_form(
        form: Callable[[Case], dict[str, Any]],
    ) -> Callable[[Ack, dict[str, Any], WebClient, BoltContext], None]:
        """A button in the case modal that opens a form about that case on top of it."""

        def listener(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
            ack()
            actor = actor_from(body, context)
            with deps.db.session() as session:
                case = case_in_modal(body, actor, session)
                view = form(case) if case else not_found_view()
            if (body.get("view") or {}).get("id"):
                client.views_push(trigger_id=body["trigger_id"], view=view)
            else:
                client.views_open(trigger_id=body["trigger_id"], view=view)

        return listener

    on_log_feedback = open_case_form(feedback_view)
    on_edit_dates = open_case_form(dates_view)

    def on_export(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        actor = actor_from(body, context)
        with deps.db.session() as session:
            case = case_in_modal(body, actor, session)
            message = exports.case_export(case) if case else None
        if actor is None or message is None:
            refused(actor, "export")
            return
        client.chat_postMessage(channel=actor.user_id, **message)

    def on_delete(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        actor = actor_from(body, context)
        with deps.db.session() as session:
            case = case_in_modal(body, actor, session)
            if case is None or actor is None:
                refused(actor, "delete")
                return
            name = case.client_name
            casework.delete_case(session, case)
        after_change(client, body, actor, notice_view(copy("case.md.j2").deleted(name)), None)

    app.action(Action.NEW_CASE.value)(guarded(on_new_case))
    app.action(Action.OPEN_CASE.value)(guarded(on_open_case))
    app.action(Action.BACK.value)(guarded(on_back))
    app.action(Action.LOG_FEEDBACK.value)(guarded(on_log_feedback))
    app.action(Action.EDIT_DATES.value)(guarded(on_edit_dates))
    for action_id in CASE_ACTIONS:
        app.action(action_id.value)(ack=ack_only, lazy=[guarded(on_case_action, after_ack=True)])
    app.action(Action.CHECKLIST_TOGGLE.value)(ack=ack_only, lazy=[guarded(on_checklist, after_ack=True)])
    app.action(Action.EXPORT_CASE.value)(ack=ack_only, lazy=[guarded(on_export, after_ack=True)])
    app.action(Action.DELETE_CASE.value)(ack=ack_only, lazy=[guarded(on_delete, after_ack=True)])


def group_keys(body: dict[str, Any], block_id: str) -> set[str]:
    """The item keys offered in one checkbox group of the view the click came from."""
    for block in (body.get("view") or {}).get("blocks") or []:
        if isinstance(block, dict) and block.get("block_id") == block_id:
            for element in block.get("elements") or []:
                options = element.get("options") if isinstance(element, dict) else None
                return {str(o.get("value")) for o in options or [] if isinstance(o, dict)}
    return set()
