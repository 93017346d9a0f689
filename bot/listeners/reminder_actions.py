"""The buttons on reminder DMs: Done, Snooze, Open case."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from sqlalchemy.orm import Session, selectinload

from bot import casework
from bot.casework import Actor
from bot.core.schedule import Snooze, snooze_until, zone
from bot.deps import Deps
from bot.listeners.actions import first_action, not_found_view
from bot.listeners.common import ack_only, actor_from, guarded, publish_home
from bot.slack.case_views import case_view
from bot.slack.ids import Action
from bot.slack.labels import local_time, reminder_label
from bot.slack.reminder_messages import settled_message
from bot.storage import cases as case_store
from bot.storage import reminders as reminder_store
from bot.storage.models import Case, Reminder, ReminderState
from bot.text import copy, slack_time

log = logging.getLogger("bot.reminder_actions")
REMINDERS = "reminders.md.j2"


def owned_reminder(session: Session, raw_id: object, actor: Actor | None) -> Reminder | None:
    try:
        number = int(str(raw_id))
    except ValueError:
        return None
    if actor is None or not 0 < number < 2**31:
        return None
    reminder = session.get(
        Reminder,
        number,
        options=[
            selectinload(Reminder.case).selectinload(Case.items),
            selectinload(Reminder.case).selectinload(Case.reminders),
        ],
    )
    if reminder is None or reminder.case.team_id != actor.team_id or reminder.case.owner_id != actor.user_id:
        return None
    return reminder


def register(app: App, deps: Deps) -> None:
    def settle(client: WebClient, body: dict[str, Any], note: str, fallback: str) -> None:
        channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")
        message = body.get("message") or {}
        if channel and message.get("ts"):
            client.chat_update(
                channel=channel,
                ts=message["ts"],
                **settled_message(message.get("blocks") or [], note, fallback),
            )

    def on_done(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        actor = actor_from(body, context)
        with deps.db.session() as session:
            reminder = owned_reminder(session, first_action(body).get("value"), actor)
            if reminder is None or actor is None:
                log.warning("refused reminder done: not this user's reminder")
                return
            case = reminder.case
            now = deps.now()
            if reminder.state != ReminderState.DONE:
                reminder.state = ReminderState.DONE
                if reminder.item_key:  # ticking the item re-plans the case's reminders
                    casework.update_checklist(
                        session, case, {reminder.item_key}, {reminder.item_key}, actor, deps
                    )
                case_store.record(
                    case,
                    "reminder_done",
                    actor.user_id,
                    now,
                    f"Marked done from a reminder: {reminder_label(reminder.kind)}",
                )
            when = slack_time(now, case.owner_tz)
            fallback = f"Done: {reminder_label(reminder.kind)}"
            tz = case.owner_tz
        settle(client, body, copy(REMINDERS).done_note(when), fallback)
        publish_home(client, deps, actor, tz)

    def on_snooze(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        actor = actor_from(body, context)
        raw = str((first_action(body).get("selected_option") or {}).get("value") or "")
        reminder_id, _, choice_raw = raw.partition(":")
        try:
            choice = Snooze(choice_raw)
        except ValueError:
            return
        with deps.db.session() as session:
            reminder = owned_reminder(session, reminder_id, actor)
            if reminder is None or actor is None:
                log.warning("refused reminder snooze: not this user's reminder")
                return
            if reminder.state in (ReminderState.DONE, ReminderState.CANCELLED) or not reminder.case.is_active:
                note = copy(REMINDERS).gone_note()
            else:
                tz = zone(reminder.case.owner_tz)
                until = snooze_until(choice, deps.now(), tz, deps.calendar(), deps.window)
                reminder.state, reminder.due_at, reminder.next_attempt_at = (
                    ReminderState.PENDING,
                    until,
                    until,
                )
                reminder.attempts, reminder.claim_token = 0, None
                reminder.sent_at = reminder.sent_at or deps.now()
                case_store.record(
                    reminder.case,
                    "reminder_snoozed",
                    actor.user_id,
                    deps.now(),
                    f"Snoozed {reminder_label(reminder.kind)} until {local_time(until, tz)}",
                )
                note = copy(REMINDERS).snoozed_note(slack_time(until, reminder.case.owner_tz))
            fallback = f"Snoozed: {reminder_label(reminder.kind)}"
        settle(client, body, note, fallback)

    def on_open(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        ack()
        actor = actor_from(body, context)
        with deps.db.session() as session:
            case = (
                case_store.owned_case(session, first_action(body).get("value"), actor.team_id, actor.user_id)
                if actor
                else None
            )
            view = (
                case_view(case, reminder_store.upcoming(case), casework.case_milestones(case, deps))
                if case
                else not_found_view()
            )
        client.views_open(trigger_id=body["trigger_id"], view=view)

    app.action(Action.REMINDER_DONE.value)(ack=ack_only, lazy=[guarded(on_done, after_ack=True)])
    app.action(Action.REMINDER_SNOOZE.value)(ack=ack_only, lazy=[guarded(on_snooze, after_ack=True)])
    app.action(Action.REMINDER_OPEN.value)(guarded(on_open))
