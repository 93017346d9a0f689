"""Calendar buttons: the .ics sent to its owner by DM, the link buttons acknowledged, and the
entries offered again after a change of dates."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.listeners.actions import case_of, refused
from bot.listeners.boundary import ack_only, guarded
from bot.services import cases
from bot.services.actor import Actor
from bot.slack.calendar_offer import CALENDAR, calendar_message, ics_upload
from bot.slack.ids import Action


def on_send_ics(body: dict[str, Any], client: WebClient, actor: Actor, deps: Deps) -> None:
    snap = case_of(body, actor, deps)
    if snap is None:
        refused(actor, "calendar file")
        return
    channel = client.conversations_open(users=actor.user_id)["channel"]["id"]
    upload = ics_upload(snap.case, deps.now())
    if upload is None:
        client.chat_postMessage(channel=channel, text=CALENDAR.nothing_to_add())
        return
    comment = upload.pop("initial_comment")
    client.files_upload_v2(channel=channel, file_uploads=[upload], initial_comment=comment)


def offer_again(client: WebClient, actor: Actor, changed: cases.Changed | None) -> None:
    """After a change of dates: the entries again, so the owner's calendar follows."""
    if changed is None or changed.snapshot is None:
        return
    message = calendar_message(changed.snapshot.case)
    if message is not None:
        client.chat_postMessage(channel=actor.user_id, **message)


def register(app: App) -> None:
    app.action(re.compile(f"^{re.escape(Action.CALENDAR_LINK_PREFIX.value)}"))(ack_only)
    app.action(Action.SEND_ICS.value)(ack=ack_only, lazy=[guarded(on_send_ics, after_ack=True)])
