"""The fake Slack Web API (playground/fakes/slack_api.py), judging every view and message by Slack's own
Block Kit schema, as Slack would."""

from __future__ import annotations

from dataclasses import dataclass

from playground.fakes.slack_api import Call, Grant
from playground.fakes.slack_api import FakeSlack as _FakeSlack
from tests.blockkit import blocks_errors, view_errors

__all__ = ["Call", "FakeSlack", "Grant"]


@dataclass
class FakeSlack(_FakeSlack):
    def __post_init__(self) -> None:
        super().__post_init__()
        self.view_checker = view_errors
        self.blocks_checker = blocks_errors
