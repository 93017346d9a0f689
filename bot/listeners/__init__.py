"""Slack at the edge: listeners that translate payloads to casework and back."""

from __future__ import annotations

from slack_bolt import App

from bot.deps import Deps
from bot.listeners import actions, commands, events, reminder_actions, views


def register_all(app: App, deps: Deps) -> None:
    for module in (commands, views, actions, reminder_actions, events):
        module.register(app, deps)
