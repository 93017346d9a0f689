"""Slack at the edge: listeners grouped by kind, each translating a payload into one service call
and the service's answer into a view or message."""

from __future__ import annotations

from slack_bolt import App

from bot.deps import Deps
from bot.listeners import (
    actions,
    calendar,
    closing,
    commands,
    events,
    ledger,
    policy,
    rehearsal,
    reminder_actions,
    sign_off,
    team,
    views,
)
from bot.listeners.middleware import injector


def register_all(app: App, deps: Deps) -> None:
    app.use(injector(deps))
    for module in (
        commands,
        views,
        actions,
        closing,
        reminder_actions,
        events,
        team,
        sign_off,
        ledger,
        calendar,
        rehearsal,
        policy,
    ):
        module.register(app)
