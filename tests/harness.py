"""The real bot (Bolt app + WSGI server) on a loopback port, driven by signed Slack-shaped requests,
with every view and message the bot answers with checked against Block Kit's schema."""

from __future__ import annotations

from concurrent.futures import Executor
from typing import Any

from bot.listeners.common import publish_due_homes
from playground.fakes import requests
from playground.fakes.client import all_text, find_action, find_block, state_from_view
from playground.fakes.client import sign as slack_signature
from playground.fakes.requests import APP_ID, Clock, InlineExecutor, Response
from tests.blockkit import blocks_errors, view_errors
from tests.fake_slack import FakeSlack

__all__ = [
    "APP_ID",
    "Bot",
    "Clock",
    "InlineExecutor",
    "Response",
    "SlackRequests",
    "all_text",
    "find_action",
    "find_block",
    "sign",
    "state_from_view",
]

SIGNING_SECRET = "test-signing-secret"


def sign(body: bytes, timestamp: int, secret: str = SIGNING_SECRET) -> str:
    return slack_signature(body, timestamp, secret)


def schema_problems(answer: dict[str, Any]) -> list[str]:
    """What the app answers in an ack is judged by the same schema as what it posts."""
    problems: list[str] = []
    if isinstance(answer.get("view"), dict):
        problems += view_errors(answer["view"])
    if isinstance(answer.get("blocks"), list):
        problems += blocks_errors(answer["blocks"])
    return problems


class SlackRequests(requests.SlackRequests):
    """Sends what Slack sends, signed with the tests' secret, to a bot on a loopback port."""

    def __init__(
        self,
        fake: FakeSlack,
        port: int,
        secret: str = SIGNING_SECRET,
        check: requests.Check | None = schema_problems,
    ) -> None:
        super().__init__(fake, port, secret, check)


class Bot(requests.LocalBot, SlackRequests):
    """The app in this process: its own WSGI server, engine and pool, on an injected clock."""

    def __init__(
        self,
        fake: FakeSlack,
        database_url: str,
        clock: Clock,
        executor: Executor | None = None,
        migrated: bool = False,
        **env: str,
    ) -> None:
        """Work after an answer runs inline unless an `executor` is given."""
        super().__init__(
            fake,
            database_url,
            clock,
            SIGNING_SECRET,
            check=schema_problems,
            executor=executor,
            env=env,
            migrated=migrated,
        )
        # After each request, the homes job draws the App Home tabs it owes (as the scheduler
        # would once the clicks settle); a test of the settling itself turns this off.
        self.homes_after_each_request = True

    def post_signed(self, body: bytes, content_type: str, **kwargs: Any) -> Response:
        response = super().post_signed(body, content_type, **kwargs)
        if self.homes_after_each_request:
            publish_due_homes(self.deps, None)
        return response
