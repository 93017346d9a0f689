"""Real `python -m bot` processes (HTTP mode, waitress, the APScheduler sweep) for tests."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from tests.fake_slack import FakeSlack
from tests.harness import SIGNING_SECRET, SlackRequests

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 60
# Notified at each log line of any bot process, so a test can wait on several processes at once.
LOGGED = threading.Condition()


def wait_for_logs(condition: Callable[[], bool], timeout: float = START_TIMEOUT) -> bool:
    """Block until `condition()` holds, re-checked as any bot process logs a line."""
    with LOGGED:
        return LOGGED.wait_for(condition, timeout)


class BotProcess(SlackRequests):
    """One `python -m bot` process whose clock starts at `at`, reached over HTTP like Slack does."""

    def __init__(self, fake: FakeSlack, database_url: str, at: datetime, **env: str) -> None:
        inherited = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
        settings = {
            "DOTENV_FILE": str(ROOT / "absent.env"),
            "SLACK_BOT_TOKEN": fake.bot_token,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": fake.base_url,
            "DATABASE_URL": database_url,
            "PORT": "0",
            "LOG_LEVEL": "INFO",
            "REMINDER_SWEEP_SECONDS": "5",
            **env,
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.bot_at", at.isoformat()],
            cwd=ROOT,
            env={**inherited, **settings},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.log: list[str] = []
        super().__init__(fake, self._wait_until_serving())
        self._reader = threading.Thread(target=self._read_log, daemon=True)
        self._reader.start()

    def _wait_until_serving(self) -> int:
        assert self.process.stderr is not None
        for line in self.process.stderr:  # the process's own output, line by line, until it serves
            self.log.append(line)
            if found := re.search(r"Serving on http://[^\s:]+:(\d+)", line):
                return int(found.group(1))
        raise RuntimeError("the bot process did not start:\n" + "".join(self.log))

    def _read_log(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            with LOGGED:
                self.log.append(line)
                LOGGED.notify_all()

    def swept(self) -> int:
        """How many reminders this process has reported sent, from its sweep log lines."""
        with LOGGED:
            return sum(int(m.group(1)) for line in self.log if (m := re.search(r"\bsent=(\d+)", line)))

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self._reader.join(timeout=10)
