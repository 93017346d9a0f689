"""Real `python -m bot` processes (HTTP or Socket Mode, the APScheduler sweep) for benchmarks and tests."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Protocol, TypeVar

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 60
SERVING = re.compile(r"Serving on http://[^\s:]+:(\d+)")
HEALTH_PORT = re.compile(r"Serving health checks on http://[^\s:]+:(\d+)")
SOCKET_CONNECTED = re.compile(r"A new session has been established")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
# Notified at each log line of any bot process, so a test can wait on several processes at once.
LOGGED = threading.Condition()


def wait_for_logs(condition: Callable[[], bool], timeout: float = START_TIMEOUT) -> bool:
    """Block until `condition()` holds, re-checked as any bot process logs a line."""
    with LOGGED:
        return LOGGED.wait_for(condition, timeout)


class Closable(Protocol):
    def close(self) -> None: ...


Started = TypeVar("Started", bound=Closable)


@contextmanager
def started_together(start: Callable[[], Started], count: int = 2) -> Iterator[list[Started]]:
    """`count` processes started at the same moment (so they also migrate a new database at once),
    all stopped at the end, even when one of them failed to start."""
    with ThreadPoolExecutor(count) as pool:
        launches = [pool.submit(start) for _ in range(count)]
    started = [launch.result() for launch in launches if launch.exception() is None]
    try:
        if len(started) < count:
            raise next(error for launch in launches if (error := launch.exception()) is not None)
        yield started
    finally:
        for process in started:
            process.close()


class RunningBot:
    """`python -m bot`, its log collected line by line: in HTTP mode on a free loopback port, or
    in Socket Mode (`SLACK_APP_TOKEN` set; ready once its WebSocket session is established).

    With `at`, the process's clock starts at that moment and runs on (`tests/bot_at.py`, which the
    tests' own dependencies make possible).
    """

    def __init__(
        self,
        settings: dict[str, str],
        at: datetime | None = None,
        *,
        cwd: Path = ROOT,
        socket_mode: bool | None = None,
        command: list[str] | None = None,
    ) -> None:
        """`settings` go into the environment; with `cwd` given instead of the repository, the
        process reads the `.env` found there, as `make run` does. `command` runs another module
        that serves HTTP the same way (`bench.serve`)."""
        socket_mode = bool(settings.get("SLACK_APP_TOKEN")) if socket_mode is None else socket_mode
        ready = SOCKET_CONNECTED if socket_mode else SERVING
        inherited = {
            k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL", "DOTENV_FILE"))
        }
        defaults = {"DOTENV_FILE": str(ROOT / "absent.env"), "PORT": "0", "LOG_LEVEL": "INFO"}
        if cwd != ROOT:
            defaults = {}
        command = command or (["-m", "tests.bot_at", at.isoformat()] if at else ["-m", "bot"])
        self.process = subprocess.Popen(
            [sys.executable, *command],
            cwd=cwd,
            env={**inherited, **defaults, **settings, "PYTHONPATH": str(ROOT)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.log: list[str] = []
        started = self._wait_for(ready)
        if ready is SERVING:
            self.port = int(started.group(1))
        else:  # Socket Mode: the port answers health checks only
            self.port = next(int(m.group(1)) for line in self.log if (m := HEALTH_PORT.search(line)))
        self._reader = threading.Thread(target=self._read_log, daemon=True)
        self._reader.start()

    def _wait_for(self, ready: re.Pattern[str]) -> re.Match[str]:
        assert self.process.stderr is not None
        for line in self.process.stderr:  # the process's own output, line by line, until it is ready
            self.log.append(line)
            if found := ready.search(line):
                return found
        raise RuntimeError("the bot process did not start:\n" + "".join(self.log))

    def _read_log(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            with LOGGED:
                self.log.append(line)
                LOGGED.notify_all()

    def memory_mb(self) -> tuple[float, float]:
        """(resident now, highest resident so far) in MB, from the kernel's view of the process."""
        fields = dict(
            line.split(":", 1) for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines()
        )
        return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024

    def cpu_seconds(self) -> float:
        """CPU time the process has used so far, user and system, all its threads."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self._reader.join(timeout=10)
