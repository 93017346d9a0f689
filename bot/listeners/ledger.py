"""The endings ledger sent to its owner by DM: a CSV of every ending and a chart of the notice."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.charts import notice_chart
from bot.copydeck import HOME
from bot.core.ledger import Period, ledger_csv, patterns
from bot.deps import Deps
from bot.listeners.boundary import ack_only, guarded
from bot.services import ledger_export
from bot.services.actor import Actor
from bot.slack.ids import Action


def on_export(body: dict[str, Any], client: WebClient, actor: Actor, deps: Deps) -> None:
    entries = ledger_export.own_entries(deps, actor)
    channel = client.conversations_open(users=actor.user_id)["channel"]["id"]
    if not entries:
        client.chat_postMessage(
            channel=channel, text="Your endings ledger is empty: no case has been closed yet."
        )
        return
    uploads: list[dict[str, Any]] = [
        {
            "content": ledger_csv(entries),
            "filename": "endings-ledger.csv",
            "title": "Your endings ledger (CSV)",
        }
    ]
    chart = notice_chart(entries)
    if chart is not None:
        uploads.append(
            {"file": chart, "filename": "notice-given.png", "title": "Notice given in each ending"}
        )
    client.files_upload_v2(
        channel=channel,
        file_uploads=uploads,
        initial_comment=HOME.patterns(p=patterns(entries), period=Period.ALL.value),
    )


def register(app: App) -> None:
    app.action(Action.EXPORT_LEDGER.value)(ack=ack_only, lazy=[guarded(on_export, after_ack=True)])
