"""Modal submissions: each flow step, the final plan, and the client's response."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot import casework
from bot.casework import Outcome
from bot.core.answers import Answers
from bot.core.steps import STEP_FIELDS, Step
from bot.core.validation import Errors, validate_step
from bot.deps import Deps
from bot.listeners.common import actor_from, guarded, publish_home, user_tz
from bot.slack import messages
from bot.slack.case_views import CaseMeta, case_view
from bot.slack.flow_views import FlowMeta, done_view, expired_view, step_view
from bot.slack.ids import STEP_CALLBACKS, Block, Callback
from bot.slack.state import merge_step, read_dates, text_value
from bot.storage import cases as case_store
from bot.storage import reminders as reminder_store
from bot.storage.drafts import load_draft, save_draft

BLOCK_IDS = {block.value for block in Block}


def block_errors(step: Step, errors: Errors) -> dict[str, str]:
    """Answer-field errors keyed by the block that shows them."""
    fallback = STEP_FIELDS[step][0] if STEP_FIELDS[step] else ""
    out: dict[str, str] = {}
    for key, message in errors.items():
        block = key if key in BLOCK_IDS else ("referral_0" if key == "referrals" else fallback)
        out.setdefault(block, message)
    return out


def register(app: App, deps: Deps) -> None:
    def make_step_handler(step: Step) -> Any:
        def on_step(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
            actor = actor_from(body, context)
            view = body.get("view") or {}
            meta = FlowMeta.decode(view.get("private_metadata"))
            if actor is None:
                ack(response_action="update", view=expired_view())
                return
            values = (view.get("state") or {}).get("values") or {}
            # The first step learns the user's time zone; later steps keep it in the draft.
            first_tz = user_tz(client, actor.user_id) if meta.draft_id is None else None
            with deps.db.session() as session:
                draft = load_draft(session, meta.draft_id, actor.team_id, actor.user_id)
                if draft is None and (meta.draft_id or step is not Step.CHANGE):
                    ack(response_action="update", view=expired_view())
                    return
                tz = draft.user_tz if draft else (first_tz or "UTC")
                answers = Answers.from_json(draft.answers) if draft else Answers()
                answers = merge_step(answers, step, values)
                today, calendar = deps.today_in(tz), deps.calendar()
                errors = validate_step(step, answers, today, calendar)
                if errors:
                    ack(response_action="errors", errors=block_errors(step, errors))
                    return
                draft = save_draft(session, draft, actor.team_id, actor.user_id, tz, answers, deps.now())
                assert step.next is not None
                next_view = step_view(step.next, answers, FlowMeta(draft.id), today, calendar, tz)
            ack(response_action="update", view=next_view)

        return on_step

    for step, callback in STEP_CALLBACKS.items():
        if step is not Step.REVIEW:
            app.view(callback.value)(guarded(make_step_handler(step)))

    def on_review(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        actor = actor_from(body, context)
        meta = FlowMeta.decode((body.get("view") or {}).get("private_metadata"))
        if actor is None:
            ack(response_action="update", view=expired_view())
            return
        result = casework.finish_flow(deps, actor, meta.draft_id)
        if result.outcome is Outcome.EXPIRED:
            ack(response_action="update", view=expired_view())
        elif result.outcome is Outcome.INVALID:
            assert result.step and result.answers and result.draft and result.errors
            today = deps.today_in(result.draft.user_tz)
            ack(
                response_action="update",
                view=step_view(
                    result.step,
                    result.answers,
                    meta,
                    today,
                    deps.calendar(),
                    result.draft.user_tz,
                    problems=list(result.errors.values()),
                ),
            )
        else:
            ack(response_action="update", view=done_view(result.client_name))

    def after_review(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        actor = actor_from(body, context)
        meta = FlowMeta.decode((body.get("view") or {}).get("private_metadata"))
        if actor is None or not meta.draft_id:
            return
        with deps.db.session() as session:
            case = case_store.case_from_draft(session, meta.draft_id)
            if (
                case is None
                or case.owner_id != actor.user_id
                or any(e.kind == "dm_sent" for e in case.events)
            ):
                return
            message = messages.plan_ready(case)
            case_store.record(case, "dm_sent", None, deps.now(), "Plan sent by DM")
            tz = case.owner_tz
        client.chat_postMessage(channel=actor.user_id, **message)
        publish_home(client, deps, actor, tz)

    app.view(Callback.STEP_REVIEW.value)(ack=guarded(on_review), lazy=[guarded(after_review, after_ack=True)])

    def on_feedback(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        actor = actor_from(body, context)
        view = body.get("view") or {}
        meta = CaseMeta.decode(view.get("private_metadata"))
        values = (view.get("state") or {}).get("values") or {}
        feedback = (text_value(values, Block.FEEDBACK_TEXT) or "").strip()
        concerns = text_value(values, Block.FEEDBACK_CONCERNS)
        if not feedback:
            ack(response_action="errors", errors={Block.FEEDBACK_TEXT.value: "Write down what they said."})
            return
        if actor is None or meta is None:
            ack(response_action="update", view=expired_view())
            return
        with deps.db.session() as session:
            case = case_store.owned_case(session, meta.case_id, actor.team_id, actor.user_id)
            if case is None:
                ack(response_action="update", view=expired_view())
                return
            casework.log_feedback(session, case, feedback, concerns, actor, deps)
            refreshed = case_view(case, reminder_store.upcoming(case), casework.case_milestones(case, deps))
            tz = case.owner_tz
        ack()
        previous = view.get("previous_view_id")
        if previous:
            client.views_update(view_id=previous, view=refreshed)
        publish_home(client, deps, actor, tz)

    app.view(Callback.FEEDBACK.value)(guarded(on_feedback))

    def on_dates(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        actor = actor_from(body, context)
        view = body.get("view") or {}
        meta = CaseMeta.decode(view.get("private_metadata"))
        if actor is None or meta is None:
            ack(response_action="update", view=expired_view())
            return
        new = read_dates((view.get("state") or {}).get("values") or {})
        with deps.db.session() as session:
            case = case_store.owned_case(session, meta.case_id, actor.team_id, actor.user_id)
            if case is None:
                ack(response_action="update", view=expired_view())
                return
            errors = casework.change_dates(session, case, new, actor, deps)
            if errors:  # change_dates touches nothing when it finds errors
                ack(response_action="errors", errors=errors)
                return
            refreshed = case_view(case, reminder_store.upcoming(case), casework.case_milestones(case, deps))
            tz = case.owner_tz
        ack()
        if view.get("previous_view_id"):
            client.views_update(view_id=view["previous_view_id"], view=refreshed)
        publish_home(client, deps, actor, tz)

    app.view(Callback.EDIT_DATES.value)(guarded(on_dates))
