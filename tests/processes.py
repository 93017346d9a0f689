"""Bot processes reached over HTTP like Slack reaches them, on a chosen day (bench/processes.py
starts them)."""

from __future__ import annotations

import re
from datetime import datetime

from bench.processes import HEALTH_PORT, LOGGED, SERVING, RunningBot, started_together, wait_for_logs
from tests.fake_slack import FakeSlack
from tests.harness import SIGNING_SECRET, SlackRequests

__all__ = ["HEALTH_PORT", "SERVING", "BotProcess", "RunningBot", "started_together", "wait_for_logs"]


class BotProcess(SlackRequests):
    """One bot process on the fake Slack, whose clock starts at `at`, reached over HTTP like Slack does."""

    def __init__(
        self, fake: FakeSlack, database_url: str, at: datetime, command: list[str] | None = None, **env: str
    ) -> None:
        """`command`: another module serving the bot's WSGI app (`bench.serve`), in place of the bot."""
        self.running = RunningBot(
            {
                "SLACK_BOT_TOKEN": fake.bot_token,
                "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                "SLACK_API_URL": fake.base_url,
                "DATABASE_URL": database_url,
                "REMINDER_SWEEP_SECONDS": "5",
                **env,
            },
            at,
            command=command,
        )
        super().__init__(fake, self.running.port)

    @property
    def log(self) -> list[str]:
        return self.running.log

    def swept(self) -> int:
        """How many reminders this process has reported sent, from its sweep log lines."""
        with LOGGED:
            return sum(int(m.group(1)) for line in self.log if (m := re.search(r"\bsent=(\d+)", line)))

    def close(self) -> None:
        self.running.close()
