"""/end-client: start a case, `list` or `help`."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.core.answers import Answers
from bot.core.validation import CLIENT_NAME_MAX
from bot.deps import Deps
from bot.listeners.common import actor_from, guarded
from bot.slack.flow_views import FlowMeta, change_step
from bot.slack.ids import COMMAND
from bot.slack.messages import LISTED, help_message, list_message
from bot.storage import cases as case_store

HELP_WORDS = {"help", "?", "-h", "--help"}
LIST_WORDS = {"list", "ls", "cases"}


def register(app: App, deps: Deps) -> None:
    def end_client(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        text = str(body.get("text") or "").strip()
        word = text.lower()
        if word in HELP_WORDS:
            ack(**help_message())
            return
        actor = actor_from(body, context)
        if actor is None:
            ack(text="Sorry, I could not tell who you are. Please try again.")
            return
        if word in LIST_WORDS:
            with deps.db.session() as session:
                cases = case_store.active_cases(session, actor.team_id, actor.user_id, limit=LISTED)
                message = list_message(cases, case_store.count_active(session, actor.team_id, actor.user_id))
            ack(**message)
            return
        ack()
        # The trigger_id lives 3 seconds: open the modal before anything slow.
        client.views_open(
            trigger_id=body["trigger_id"],
            view=change_step(Answers(client_name=text[:CLIENT_NAME_MAX] or None), FlowMeta()),
        )

    app.command(COMMAND)(guarded(end_client))
