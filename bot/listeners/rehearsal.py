"""Rehearse it: the button (in the case, the plan's DM and the nudges before the conversation)
opens the round; each submission answers with the next screen in place (response_action update),
so the round never grows the modal stack. After the last, the case underneath shows the tick."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.copydeck import REHEARSAL
from bot.core.rehearsal import Point, Progress
from bot.deps import Deps
from bot.listeners.boundary import guarded
from bot.listeners.common import not_found_view, publish_home, values_of, view_of
from bot.listeners.parse import case_id_of
from bot.services import cases, rehearsal
from bot.services.actor import Actor
from bot.services.rehearsal import Outcome
from bot.slack.case_views import case_view
from bot.slack.flow_views import notice_view
from bot.slack.ids import Action, Block, Callback
from bot.slack.rehearsal_views import answer_missing, rehearsal_view, summary_view
from bot.slack.state import text_value

log = logging.getLogger("bot.rehearsal")


def _rated(values: dict[str, Any]) -> frozenset[Point]:
    entry = values.get(Block.REHEARSAL_RATINGS.value)
    element = entry.get(Action.INPUT.value) if isinstance(entry, dict) else None
    options = element.get("selected_options") if isinstance(element, dict) else None
    chosen = {str(o.get("value")) for o in options or [] if isinstance(o, dict)}
    return frozenset(Point(v) for v in chosen if v in set(Point))


def on_rehearse(ack: Ack, body: dict[str, Any], client: WebClient, actor: Actor, deps: Deps) -> None:
    ack()
    case_id = case_id_of(body)
    found = rehearsal.start(deps, actor, case_id) if case_id is not None else None
    if found is None:
        log.warning("refused rehearse: no such case for this user")
    started = int(deps.now().timestamp())
    view = rehearsal_view(found, Progress(found.case_id, started=started)) if found else not_found_view()
    if view_of(body).get("id"):  # from the case modal: on top of it
        client.views_push(trigger_id=body["trigger_id"], view=view)
    else:
        client.views_open(trigger_id=body["trigger_id"], view=view)


def on_submit(ack: Ack, body: dict[str, Any], client: WebClient, actor: Actor, deps: Deps) -> None:
    view, values = view_of(body), values_of(body)
    progress = Progress.decode(view.get("private_metadata"))
    if progress is None:
        ack(response_action="update", view=notice_view(REHEARSAL.expired()))
        return
    answer = text_value(values, Block.REHEARSAL_ANSWER)
    step = rehearsal.submit(deps, actor, progress, answer, _rated(values))
    if step.outcome is Outcome.MISSING:
        ack(response_action="errors", errors=answer_missing())
        return
    if step.rehearsal is None or step.progress is None:
        ack(response_action="update", view=notice_view(REHEARSAL.expired()))
        return
    if step.outcome is Outcome.ASKED:
        # The answer is shown back once, in the next screen, and kept nowhere else.
        ack(
            response_action="update",
            view=rehearsal_view(step.rehearsal, step.progress, answer, step.findings),
        )
        return
    assert step.summary is not None
    ack(response_action="update", view=summary_view(step.rehearsal, step.summary, step.ticked))
    below = view.get("previous_view_id")
    snap = cases.open_case(deps, actor, step.rehearsal.case_id)
    if below and snap is not None:  # the case underneath shows "rehearse it" ticked
        client.views_update(view_id=below, view=case_view(snap))
    publish_home(client, deps, actor, snap.case.owner_tz if snap else None)


def register(app: App) -> None:
    app.action(Action.REHEARSE.value)(guarded(on_rehearse))
    app.view(Callback.REHEARSAL.value)(guarded(on_submit))
