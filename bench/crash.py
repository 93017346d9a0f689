"""`python -m bench.crash`: kill -9 a bot process in the middle of a sweep, start another, and count
what was lost and what arrived twice.

Each trial seeds N due reminders, starts `python -m bot` (its sweep runs at once), waits until the
fake Slack has received a random share of them, and kills the process without warning. The
reminders it had claimed stay claimed; a second process starts once the stale-claim timeout has
passed (its clock set six minutes on, as `tests/bot_at.py` does for the tests) and sends the rest.
A reminder Slack accepted but the dead process never recorded is sent again: that is the crash
window. Run it from a checkout with the test dependencies installed (`make test` does that)."""

from __future__ import annotations

import argparse
import os
import random
import signal
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select

from bench.processes import RunningBot, wait_for_logs
from bench.rows import case_row, due_reminder_rows
from bot.config import DEFAULT_SENDERS
from bot.storage.db import Database, migrate
from bot.storage.models import Case, Reminder, ReminderState
from bot.storage.reminder_lifecycle import STALE_CLAIM_AFTER
from playground.fakes.slack_api import FakeSlack

TEAM = "T0001"
OWNER = "U0000000001"
SECRET = "crash-signing-secret"
TUESDAY_MORNING = datetime(2027, 3, 2, 10, tzinfo=UTC)


class CountingSlack(FakeSlack):
    """Counts each reminder's deliveries, and signals when a given number has arrived. From then
    on it answers no more until `released`, so the process is killed in the middle of its sweep
    (a fast sweep would otherwise be over before the kill)."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.delivered: Counter[str] = Counter()
        self.kill_at = 0
        self.reached = threading.Event()
        self.released = threading.Event()

    def api_chat_postMessage(self, args: dict[str, Any]) -> dict[str, Any]:
        answer = super().api_chat_postMessage(args)
        actions = next((b for b in args.get("blocks") or [] if b.get("type") == "actions"), None)
        if actions is not None:
            self.delivered[str(actions["elements"][0].get("value"))] += 1
            if sum(self.delivered.values()) >= self.kill_at:
                self.reached.set()
        if self.reached.is_set():
            self.released.wait(timeout=60)
        return answer


@dataclass
class Trial:
    killed_after: int
    lost: int
    twice: int


def seed(db: Database, now: datetime, count: int) -> None:
    with db.session(write=True) as session:
        case_id = session.execute(
            insert(Case).returning(Case.id), [case_row(TEAM, OWNER, now.date(), now)]
        ).scalar_one()
        rows = due_reminder_rows([case_id], TEAM, now, count, timedelta(seconds=1))
        session.execute(insert(Reminder), rows)


def unsent_count(db: Database) -> int:
    with db.session() as session:
        return (
            session.scalar(
                select(func.count()).select_from(Reminder).where(Reminder.state != ReminderState.SENT)
            )
            or 0
        )


def trial(count: int, kill_share: float, workdir: str, senders: int = 4, how: str = "kill") -> Trial:
    fake = CountingSlack().start()
    fake.add_user(OWNER, tz="UTC")
    url = f"sqlite:///{workdir}/crash-{random.randrange(1 << 30)}.sqlite3"
    db = Database.from_url(url)
    migrate(db.engine)
    now = TUESDAY_MORNING  # inside the owner's working hours
    seed(db, now, count)
    fake.kill_at = max(1, int(count * kill_share))
    settings = {
        "SLACK_BOT_TOKEN": fake.bot_token,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake.base_url,
        "DATABASE_URL": url,
        "REMINDER_SWEEP_SECONDS": "5",
        "REMINDER_SENDERS": str(senders),
        "LOG_LEVEL": "INFO",  # the process says it is serving at INFO
    }
    first = RunningBot(settings, at=now)
    fake.reached.wait(timeout=60)
    os.kill(first.process.pid, signal.SIGKILL if how == "kill" else signal.SIGTERM)
    if how != "kill":
        # A graceful stop waits for the answers to the sends under way: they come once the
        # process has had a moment to take the signal.
        time.sleep(0.5)
        fake.released.set()
    first.process.wait(timeout=30)
    killed_after = sum(fake.delivered.values())
    fake.released.set()
    second = RunningBot(settings, at=now + STALE_CLAIM_AFTER + timedelta(minutes=1))
    try:
        # The sweep logs its report once every delivery it made is recorded; with nothing left to
        # send it logs nothing, so the database is looked at too.
        deadline = time.monotonic() + 120
        while not any("sweep:" in line for line in second.log) and time.monotonic() < deadline:
            if unsent_count(db) == 0:
                break
            wait_for_logs(lambda: any("sweep:" in line for line in second.log), timeout=1)
        unsent = unsent_count(db)
    finally:
        second.close()
        fake.stop()
        db.engine.dispose()
    lost = count - len(fake.delivered)
    assert unsent == 0 or lost, "rows left unsent although every message arrived"
    return Trial(killed_after, lost, sum(n - 1 for n in fake.delivered.values()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reminders", type=int, default=80)
    parser.add_argument("--trials", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--senders", type=int, default=DEFAULT_SENDERS, help="REMINDER_SENDERS of the bot processes"
    )
    parser.add_argument(
        "--signal", choices=["kill", "term"], default="kill", help="kill -9, or a graceful stop"
    )
    args = parser.parse_args()
    random.seed(args.seed)
    with tempfile.TemporaryDirectory() as workdir:
        trials = [
            trial(args.reminders, random.uniform(0.1, 0.9), workdir, args.senders, args.signal)
            for _ in range(args.trials)
        ]
    for number, t in enumerate(trials, 1):
        print(f"trial {number}: killed after {t.killed_after} delivered; lost {t.lost}, sent twice {t.twice}")
    print(
        f"{args.signal}, {args.senders} senders: {args.trials} trials of {args.reminders} reminders each: "
        f"lost {sum(t.lost for t in trials)}, sent twice {sum(t.twice for t in trials)}"
    )


if __name__ == "__main__":
    main()
