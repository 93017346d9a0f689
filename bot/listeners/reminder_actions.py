"""The buttons on reminder DMs: Done, Snooze, Open case."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.copydeck import REMINDERS
from bot.core.schedule import Snooze
from bot.deps import Deps
from bot.listeners.boundary import ack_only, guarded
from bot.listeners.common import first_action, not_found_view, publish_home
from bot.services import cases, reminders
from bot.services.actor import Actor
from bot.services.reminders import ReminderOutcome, Result
from bot.slack.case_views import case_view
from bot.slack.ids import Action
from bot.slack.labels import reminder_label
from bot.slack.reminder_messages import settled_message
from bot.text import slack_time

log = logging.getLogger("bot.reminder_actions")


def settle(client: WebClient, body: dict[str, Any], outcome: ReminderOutcome) -> None:
    """Replace the DM's buttons with what happened."""
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")
    message = body.get("message") or {}
    if not (channel and message.get("ts")):
        return
    when = slack_time(outcome.at, outcome.tz)
    if outcome.result is Result.DONE:
        note, fallback = REMINDERS.done_note(when, outcome.ticked), f"Done: {reminder_label(outcome.kind)}"
    elif outcome.result is Result.SNOOZED:
        note, fallback = REMINDERS.snoozed_note(when), f"Snoozed: {reminder_label(outcome.kind)}"
    else:
        note, fallback = REMINDERS.gone_note(), reminder_label(outcome.kind)
    client.chat_update(
        channel=channel, ts=message["ts"], **settled_message(message.get("blocks") or [], note, fallback)
    )


def on_done(body: dict[str, Any], client: WebClient, actor: Actor | None, deps: Deps) -> None:
    outcome = reminders.mark_done(deps, actor, first_action(body).get("value")) if actor else None
    if actor is None or outcome is None:
        log.warning("refused reminder done: not this user's reminder")
        return
    settle(client, body, outcome)
    publish_home(client, deps, actor, outcome.tz)


def on_snooze(body: dict[str, Any], client: WebClient, actor: Actor | None, deps: Deps) -> None:
    raw = str((first_action(body).get("selected_option") or {}).get("value") or "")
    reminder_id, _, choice_raw = raw.partition(":")
    try:
        choice = Snooze(choice_raw)
    except ValueError:
        return
    outcome = reminders.snooze(deps, actor, reminder_id, choice) if actor else None
    if outcome is None:
        log.warning("refused reminder snooze: not this user's reminder")
        return
    settle(client, body, outcome)


def on_open(ack: Ack, body: dict[str, Any], client: WebClient, actor: Actor | None, deps: Deps) -> None:
    ack()
    snap = cases.open_case(deps, actor, first_action(body).get("value")) if actor else None
    client.views_open(trigger_id=body["trigger_id"], view=case_view(snap) if snap else not_found_view())


def register(app: App) -> None:
    app.action(Action.REMINDER_DONE.value)(ack=ack_only, lazy=[guarded(on_done, after_ack=True)])
    app.action(Action.REMINDER_SNOOZE.value)(ack=ack_only, lazy=[guarded(on_snooze, after_ack=True)])
    app.action(Action.REMINDER_OPEN.value)(guarded(on_open))
