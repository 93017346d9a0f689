"""The sweep: claim due reminders, have the delivery service (bot/services/delivery.py) render the
batch, post each case's on a few senders, and count what became of them. Slack's rate limit is per
workspace: once one answers 429, the rest of the sweep leaves that workspace alone."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from slack_sdk import WebClient

from bot.deps import Deps
from bot.services.delivery import Delivery, Fate, Prepared
from bot.slack.owed_dms import dm_for
from bot.slack.reminder_messages import combined_message

log = logging.getLogger("bot.reminders")

BATCH = 200
MAX_PER_SWEEP = 20_000


@dataclass
class SweepReport:
    claimed: int = 0
    sent: int = 0
    deferred: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0
    lost: int = 0
    released_stuck: int = 0
    errors: list[str] = field(default_factory=list)

    def count(self, fate: Fate) -> None:
        setattr(self, fate.value, getattr(self, fate.value) + 1)


def _run_now(work: Callable[..., Any], *args: Any) -> Future[Any]:
    done: Future[Any] = Future()
    done.set_result(work(*args))
    return done


class Sweeper:
    def __init__(self, deps: Deps, client: WebClient, batch: int = BATCH, workers: int | None = None) -> None:
        """`workers`: the senders (by default the settings' REMINDER_SENDERS)."""
        self.deps = deps
        self.batch = batch
        self.workers = deps.settings.senders if workers is None else workers
        self.delivery = Delivery(deps, client, render=dm_for, combine=combined_message)
        self._stopping = threading.Event()

    def stop(self) -> None:
        """Finish and record the sends under way, hand back the rest of the batch, claim no more:
        a process told to stop (SIGTERM, a deploy) leaves nothing to send twice."""
        self._stopping.set()

    def deliver_now(self, reminder_id: int) -> Fate | None:
        return self.delivery.deliver_now(reminder_id)

    def sweep(self) -> SweepReport:
        report = SweepReport()
        now = self.deps.now()
        report.released_stuck = self.delivery.release_stale(now)
        backoff: dict[str, datetime] = {}
        with self._senders() as submit:
            while report.claimed < MAX_PER_SWEEP and not self._stopping.is_set():
                batch = self.delivery.claim(now, self.batch, skip_teams=set(backoff))
                if not batch.due:
                    break
                report.claimed += len(batch.due)
                # The whole batch rendered first, then posted: each step's code run many times in a
                # row costs less CPU than render, post and record taking turns.
                prepared = [self.delivery.prepare(batch, group, now) for group in batch.groups()]
                under_way = [submit(self._send, p, now, backoff) for p in prepared]
                for future in under_way:
                    for fate in future.result():
                        if fate is not None:
                            report.count(fate)
                report.errors += self.delivery.take_unexpected()
                for team, until in backoff.items():
                    report.deferred += self.delivery.defer_team(batch, team, until)
        if report.claimed:
            log.info("sweep: %s", report)
        return report

    def _send(self, prepared: Prepared, now: datetime, backoff: dict[str, datetime]) -> list[Fate | None]:
        if self._stopping.is_set():
            return self.delivery.hand_back(prepared, now)
        return self.delivery.send(prepared, now, backoff)

    @contextmanager
    def _senders(self) -> Iterator[Callable[..., Future[Any]]]:
        """Submits work to the sweep's senders (or runs it at once, with one sender)."""
        if self.workers == 1:
            yield _run_now
            return
        with ThreadPoolExecutor(self.workers, thread_name_prefix="sweep") as pool:
            yield pool.submit
