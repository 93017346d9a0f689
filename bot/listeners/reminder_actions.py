"""The buttons on reminder DMs: Done, Snooze, Open case."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.copydeck import REMINDERS
from bot.core.schedule import Snooze
from bot.deps import Deps
from bot.listeners.boundary import ack_only, guarded
from bot.listeners.common import first_action, not_found_view, publish_home
from bot.listeners.parse import parse_case_id, parse_day, parse_reminder_id
from bot.services import cases, reminder_dms, reminders
from bot.services.actor import Actor
from bot.services.reminders import ReminderOutcome, Result
from bot.slack.case_views import case_view, dates_view
from bot.slack.ids import Action
from bot.slack.labels import reminder_label
from bot.slack.reminder_messages import settled_item, settled_message
from bot.text import slack_time

log = logging.getLogger("bot.reminder_actions")


def settle(
    client: WebClient,
    deps: Deps,
    actor: Actor,
    body: dict[str, Any],
    outcome: ReminderOutcome,
    pressed: str | None = None,
) -> None:
    """Replace the DM's buttons with what happened (only the pressed one, when a DM has a button per
    item). Only a reminder DM the bot's records say it sent this person is changed: a request that
    names another message (someone else's, or a lead's) changes nothing."""
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")
    message = body.get("message") or {}
    if not (isinstance(channel, str) and isinstance(message.get("ts"), str)):
        return
    if not reminder_dms.is_theirs(deps, actor, channel, message["ts"]):
        log.warning("refused to change a message the bot has no record of sending this person")
        return
    when = slack_time(outcome.at, outcome.tz)
    if outcome.result is Result.DONE:
        note, fallback = REMINDERS.done_note(when, outcome.ticked), f"Done: {reminder_label(outcome.kind)}"
    elif outcome.result is Result.SNOOZED:
        note, fallback = REMINDERS.snoozed_note(when), f"Snoozed: {reminder_label(outcome.kind)}"
    elif outcome.result is Result.TOLD:
        day = outcome.day.strftime("%a %d %b") if outcome.day else ""
        note, fallback = REMINDERS.told_note(when, day), f"Told: {reminder_label(outcome.kind)}"
    elif outcome.result is Result.NOT_YET:
        note, fallback = REMINDERS.not_yet_note(when), reminder_label(outcome.kind)
    else:
        note, fallback = REMINDERS.gone_note(), reminder_label(outcome.kind)
    blocks = message.get("blocks") or []
    block_id = first_action(body).get("block_id")
    settled = (
        settled_item(blocks, pressed, note, fallback)
        if pressed
        else settled_message(blocks, note, fallback, block_id)
    )
    client.chat_update(channel=channel, ts=message["ts"], **settled)


def on_done(body: dict[str, Any], client: WebClient, actor: Actor, deps: Deps) -> None:
    reminder_id = parse_reminder_id(first_action(body).get("value"))
    outcome = reminders.mark_done(deps, actor, reminder_id) if reminder_id is not None else None
    if outcome is None:
        log.warning("refused reminder done: not this user's reminder")
        return
    settle(client, deps, actor, body, outcome)
    publish_home(client, deps, actor, outcome.tz)


def on_snooze(body: dict[str, Any], client: WebClient, actor: Actor, deps: Deps) -> None:
    raw = str((first_action(body).get("selected_option") or {}).get("value") or "")
    raw_id, _, choice_raw = raw.partition(":")
    reminder_id = parse_reminder_id(raw_id)
    try:
        choice = Snooze(choice_raw)
    except ValueError:
        return
    outcome = reminders.snooze(deps, actor, reminder_id, choice) if reminder_id is not None else None
    if outcome is None:
        log.warning("refused reminder snooze: not this user's reminder")
        return
    settle(client, deps, actor, body, outcome)


def on_open(ack: Ack, body: dict[str, Any], client: WebClient, actor: Actor, deps: Deps) -> None:
    ack()
    case_id = parse_case_id(first_action(body).get("value"))
    snap = cases.open_case(deps, actor, case_id) if case_id is not None else None
    client.views_open(trigger_id=body["trigger_id"], view=case_view(snap) if snap else not_found_view())


def _reminder_of(body: dict[str, Any]) -> object:
    """The reminder a date picked in a DM answers for: the id its sibling button carries."""
    block_id = first_action(body).get("block_id")
    for block in (body.get("message") or {}).get("blocks") or []:
        if block.get("type") != "actions" or block.get("block_id") != block_id:
            continue
        for element in block.get("elements") or []:
            if element.get("action_id") in (Action.TOLD_YES, Action.REMINDER_DONE):
                return element.get("value")
    return None


def on_told(body: dict[str, Any], client: WebClient, actor: Actor, deps: Deps) -> None:
    """Yes (on the planned day), or a date picked: the client was told then."""
    action = first_action(body)
    if action.get("action_id") == Action.TOLD_ON:
        raw, picked = _reminder_of(body), parse_day(action.get("selected_date"))
        if picked is None:
            return
    else:
        raw, picked = action.get("value"), None
    reminder_id = parse_reminder_id(raw)
    outcome = reminders.told(deps, actor, reminder_id, picked) if reminder_id is not None else None
    if outcome is None:
        log.warning("refused told: not this user's reminder")
        return
    if outcome.result is Result.FUTURE:
        channel = (body.get("channel") or {}).get("id") or actor.user_id
        client.chat_postEphemeral(channel=channel, user=actor.user_id, text=REMINDERS.told_future())
        return
    settle(client, deps, actor, body, outcome)
    publish_home(client, deps, actor, outcome.tz)


def on_not_yet(body: dict[str, Any], client: WebClient, actor: Actor, deps: Deps) -> None:
    reminder_id = parse_reminder_id(first_action(body).get("value"))
    outcome = reminders.not_yet(deps, actor, reminder_id) if reminder_id is not None else None
    if outcome is None:
        log.warning("refused not yet: not this user's reminder")
        return
    settle(client, deps, actor, body, outcome)


def on_tick(body: dict[str, Any], client: WebClient, actor: Actor, deps: Deps) -> None:
    value = str(first_action(body).get("value") or "")
    raw_id, _, key = value.partition(":")
    reminder_id = parse_reminder_id(raw_id)
    outcome = reminders.tick_one(deps, actor, reminder_id, key) if reminder_id is not None else None
    if outcome is None:
        log.warning("refused reminder tick: not this user's reminder")
        return
    settle(client, deps, actor, body, outcome, pressed=value)
    publish_home(client, deps, actor, outcome.tz)


def on_move_dates(ack: Ack, body: dict[str, Any], client: WebClient, actor: Actor, deps: Deps) -> None:
    """Change dates, opened from a DM: "Moved" keeps the dates to check; the overdue decision fills
    in the earliest end date the contract allows, told the next working day."""
    ack()
    raw = str(first_action(body).get("value") or "")
    raw_id, _, end = raw.partition(":")
    case_id = parse_case_id(raw_id)
    snap = cases.open_case(deps, actor, case_id) if case_id is not None else None
    proposed: dict[str, date] = {}
    earliest = parse_day(end) if end else None
    if snap is not None and earliest is not None:
        tell_by = deps.calendar().add_working_days(deps.today_in(snap.case.owner_tz), 1)
        proposed = {"effective_date": earliest, "notify_by": tell_by, "conversation_date": tell_by}
    view = dates_view(snap, proposed) if snap else not_found_view()
    client.views_open(trigger_id=body["trigger_id"], view=view)


def register(app: App) -> None:
    app.action(Action.REMINDER_DONE.value)(ack=ack_only, lazy=[guarded(on_done, after_ack=True)])
    app.action(Action.REMINDER_SNOOZE.value)(ack=ack_only, lazy=[guarded(on_snooze, after_ack=True)])
    app.action(Action.REMINDER_OPEN.value)(guarded(on_open))
    for action_id in (Action.TOLD_YES, Action.TOLD_ON):
        app.action(action_id.value)(ack=ack_only, lazy=[guarded(on_told, after_ack=True)])
    app.action(Action.TOLD_NOT_YET.value)(ack=ack_only, lazy=[guarded(on_not_yet, after_ack=True)])
    app.action(Action.REMINDER_TICK.value)(ack=ack_only, lazy=[guarded(on_tick, after_ack=True)])
    for action_id in (Action.TOLD_MOVED, Action.MOVE_DATES):
        app.action(action_id.value)(guarded(on_move_dates))
