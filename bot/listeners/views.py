"""Modal submissions: each flow step, the final plan, and the forms about a case."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.core.steps import StepId
from bot.core.typed_text import storable
from bot.core.validation import Problem, ProblemCode
from bot.deps import Deps
from bot.listeners.boundary import guarded
from bot.listeners.calendar import offer_again
from bot.listeners.common import not_found_view, publish_home, values_of, view_of
from bot.listeners.parse import metadata_case_id, step_answers
from bot.listeners.sign_off import ask_lead, tell_asked_again
from bot.services import cases, default_sign_off, flow
from bot.services.actor import Actor
from bot.services.flow import Outcome, StepOutcome
from bot.slack.blocks import input_ids
from bot.slack.case_views import case_view
from bot.slack.flow_views import (
    CALLBACK_STEPS,
    DRAFT_BLOCKS,
    STEP_CALLBACKS,
    FlowMeta,
    done_view,
    expired_view,
    screen_view,
)
from bot.slack.ids import Block, Callback
from bot.slack.problems import block_errors, problem_text
from bot.slack.state import read_fields, text_value, typed_value

# As long as Slack gives an answer: whatever was being answered when the plan was, is answered by
# then. Measured with 50 plans at once on PostgreSQL: "create plan" p99 0.84-0.86 s, against
# 1.13-1.20 s when the follow-ups ran beside the answers, and the follow-ups arrived no later.
FOLLOW_UP_WAITS_AT_MOST = 3.0  # seconds


def answer_step(outcome: StepOutcome, ack: Ack, view: dict[str, Any], deps: Deps) -> None:
    if outcome.expired:
        ack(response_action="update", view=expired_view())
    elif outcome.problems is not None:
        ack(response_action="errors", errors=block_errors(outcome.problems, input_ids(view)))
    else:
        assert outcome.screen is not None
        ack(response_action="update", view=screen_view(outcome.screen, deps.calendar()))


def on_step(ack: Ack, body: dict[str, Any], actor: Actor, deps: Deps) -> None:
    view = view_of(body)
    submitted = step_answers(CALLBACK_STEPS[str(view.get("callback_id"))], values_of(body))
    draft_id = FlowMeta.decode(view.get("private_metadata")).draft_id
    outcome = flow.submit_step(deps, actor, draft_id, submitted)
    answer_step(outcome, ack, view, deps)


def on_review(ack: Ack, body: dict[str, Any], actor: Actor, deps: Deps) -> None:
    view = view_of(body)
    # Read before the service's transaction: nothing Slack sent is parsed while a write lock is held.
    submitted = step_answers(StepId.REVIEW, values_of(body))
    draft_id = FlowMeta.decode(view.get("private_metadata")).draft_id
    result = flow.finish(deps, actor, draft_id, submitted)
    if result.outcome is Outcome.EXPIRED:
        ack(response_action="update", view=expired_view())
    elif result.outcome is Outcome.INVALID:
        assert result.screen is not None
        if result.screen.step is StepId.REVIEW:  # an edited draft left empty or too long
            ack(response_action="errors", errors=block_errors(result.screen.problems, input_ids(view)))
        else:
            ack(response_action="update", view=screen_view(result.screen, deps.calendar()))
    else:
        ack(response_action="update", view=done_view(result.client_name, result.situation))


def after_review(client: WebClient, body: dict[str, Any], actor: Actor, deps: Deps) -> None:
    """After the answer: the plan's summary DM (owed since the case was created), and Home. Both
    let the requests being answered go first: those have Slack's 3 seconds to meet, these do not."""
    draft_id = FlowMeta.decode(view_of(body).get("private_metadata")).draft_id
    if not draft_id:
        return
    deps.answering.wait_for_quiet(FOLLOW_UP_WAITS_AT_MOST)
    owed = flow.owed_plan_message(deps, actor, draft_id)
    if owed is not None:
        deps.deliver_now(owed)
    asked = default_sign_off.ask_by_default(deps, client, actor, draft_id)
    if asked is not None and asked.tell:
        ask_lead(client, deps, asked.snapshot, asked.tell)
        publish_home(client, deps, replace(actor, user_id=asked.tell))
    publish_home(client, deps, actor)


def on_feedback(ack: Ack, body: dict[str, Any], client: WebClient, actor: Actor, deps: Deps) -> None:
    view, values = view_of(body), values_of(body)
    case_id = metadata_case_id(view)
    feedback = (text_value(values, Block.FEEDBACK_TEXT) or "").strip()
    if not feedback:
        ack(response_action="errors", errors={Block.FEEDBACK_TEXT.value: "Write down what they said."})
        return
    unstorable = [
        block.value
        for block in (Block.FEEDBACK_TEXT, Block.FEEDBACK_CONCERNS, Block.FEEDBACK_PROMISES)
        if not storable(typed_value(values, block))
    ]
    if unstorable:  # NUL or a lone surrogate: refused here, not failed on saving
        problem = Problem(ProblemCode.UNSTORABLE)
        ack(response_action="errors", errors={block: problem_text(block, problem) for block in unstorable})
        return
    if case_id is None:
        ack(response_action="update", view=not_found_view())
        return
    snap = cases.log_response(
        deps,
        actor,
        case_id,
        feedback,
        text_value(values, Block.FEEDBACK_CONCERNS),
        text_value(values, Block.FEEDBACK_PROMISES),
    )
    refresh_case_below(ack, client, view, case_view(snap) if snap else None)
    if snap:
        publish_home(client, deps, actor, snap.case.owner_tz)


def refresh_case_below(
    ack: Ack, client: WebClient, view: dict[str, Any], refreshed: dict[str, Any] | None
) -> None:
    """Close the form, and show the case under it as it is now; a case no longer there (or never
    this person's) is said so in place of the form."""
    if refreshed is None:
        ack(response_action="update", view=not_found_view())
        return
    ack()
    if view.get("previous_view_id"):
        client.views_update(view_id=view["previous_view_id"], view=refreshed)


def on_dates(ack: Ack, body: dict[str, Any], client: WebClient, actor: Actor, deps: Deps) -> None:
    view, values = view_of(body), values_of(body)
    case_id = metadata_case_id(view)
    if case_id is None:
        ack(response_action="update", view=not_found_view())
        return
    typed = read_fields(
        values, ("effective_date", "notify_by", "conversation_date", "conversation_time", "intro_date")
    )
    changed = cases.change_dates(deps, actor, case_id, typed)
    if changed is not None and changed.problems:  # nothing was changed
        ack(response_action="errors", errors=block_errors(changed.problems, input_ids(view)))
        return
    refresh_case_below(
        ack, client, view, case_view(changed.snapshot) if changed and changed.snapshot else None
    )
    if changed and changed.snapshot:
        publish_home(client, deps, actor, changed.snapshot.case.owner_tz)
    tell_asked_again(client, deps, actor, changed)
    offer_again(client, actor, changed)


def on_drafts(ack: Ack, body: dict[str, Any], client: WebClient, actor: Actor, deps: Deps) -> None:
    view, values = view_of(body), values_of(body)
    case_id = metadata_case_id(view)
    if case_id is None:
        ack(response_action="update", view=not_found_view())
        return
    texts = {
        kind: typed_value(values, block) for kind, block in DRAFT_BLOCKS.items() if block.value in values
    }
    changed = cases.edit_drafts(deps, actor, case_id, texts)
    if changed is not None and changed.problems:
        ack(response_action="errors", errors=block_errors(changed.problems, input_ids(view)))
        return
    refresh_case_below(
        ack, client, view, case_view(changed.snapshot) if changed and changed.snapshot else None
    )
    tell_asked_again(client, deps, actor, changed)


def register(app: App) -> None:
    for step, callback in STEP_CALLBACKS.items():
        if step is not StepId.REVIEW:
            app.view(callback.value)(guarded(on_step))
    app.view(Callback.STEP_REVIEW.value)(ack=guarded(on_review), lazy=[guarded(after_review, after_ack=True)])
    app.view(Callback.FEEDBACK.value)(guarded(on_feedback))
    app.view(Callback.EDIT_DATES.value)(guarded(on_dates))
    app.view(Callback.EDIT_DRAFTS.value)(guarded(on_drafts))
