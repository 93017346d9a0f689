"""`python -m bench`: the bot against a bare Bolt app and a plain send loop, measured in the same run.

Prints a Markdown table; the README keeps the latest one.
"""

from __future__ import annotations

import argparse
import logging
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from slack_sdk import WebClient
from sqlalchemy import insert, text

from bench import load
from bench.processes import RunningBot
from bench.rows import case_row, due_reminder_rows
from bench.servers import FIXED_MODAL, Served, serve_bare, serve_bot
from bot.app import build_client, build_sweeper_client
from bot.config import load_settings
from bot.deps import Deps
from bot.fakes.client import state_from_view
from bot.reminders.sweeper import Sweeper
from bot.slack.flow_views import opening_view
from bot.storage.db import Database, migrate
from bot.storage.models import Case, ChecklistItem, Reminder, ReminderState

ROOT = Path(__file__).resolve().parent.parent
REMINDER_OWNER = "UR0000001"
Row = tuple[str, str, str, str]


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.fake = subprocess.Popen(
            [sys.executable, "-m", "bench.slack_server"],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.fake.stdout is not None
        self.api_url = self.fake.stdout.readline().strip()
        self.control = WebClient(token="xoxb-test-token", base_url=self.api_url)
        self.tmp = tempfile.TemporaryDirectory()
        url = args.database_url or f"sqlite:///{self.tmp.name}/bench.sqlite3"
        self.database_url = url
        settings = load_settings(
            {
                "SLACK_BOT_TOKEN": "xoxb-test-token",
                "SLACK_SIGNING_SECRET": load.SECRET,
                "SLACK_API_URL": self.api_url,
                "DATABASE_URL": url,
            }
        )
        self.deps = Deps(settings=settings, db=Database.from_url(settings.database_url))
        if args.database_url:
            with self.deps.db.engine.begin() as connection:
                connection.execute(
                    text(
                        "DROP TABLE IF EXISTS alembic_version, processed_events, drafts, "
                        "reminders, timeline_events, checklist_items, cases, "
                        "slack_installations, slack_bots, slack_oauth_states CASCADE"
                    )
                )
        migrate(self.deps.db.engine)
        self.bot = serve_bot(self.deps, build_client(self.deps))
        self.bare = serve_bare(load.SECRET, WebClient(token="xoxb-test-token", base_url=self.api_url))
        self.rows: list[Row] = []
        self.idle_rss = rss_mb()

    def close(self) -> None:
        self.bot.close()
        self.bare.close()
        assert self.fake.stdin is not None
        self.fake.stdin.close()
        self.fake.wait(timeout=30)
        self.tmp.cleanup()

    def reset(self, rate_limit_every: int = 0) -> None:
        self.control.api_call("bench.reset", json={"rate_limit_every": rate_limit_every})

    def arrivals(self) -> dict[str, float]:
        return self.control.api_call("bench.arrivals", json={})["arrivals"]

    def row(self, what: str, bot: dict[str, float], bare: dict[str, float]) -> None:
        figures = " / ".join(f"{bot[k]:.1f}" for k in ("p50", "p95", "p99"))
        base = " / ".join(f"{bare[k]:.1f}" for k in ("p50", "p95", "p99"))
        self.rows.append((what, figures, base, f"{bot['p99'] / bare['p99']:.2f}x"))
        print(f"{what}: bot {figures} ms, baseline {base} ms", flush=True)

    # ---- 1. acknowledge latency -------------------------------------------------------------
    def arrival_latency(self, users: int, send: Callable[[Served, int], str]) -> dict[str, dict[str, float]]:
        """Percentiles of request sent → the call it causes reaching Slack, for the bare app and the bot.

        `send(served, i)` makes user i's request and returns the key its arrival is recorded under.
        """
        results = {}
        for name, served in (("bare", self.bare), ("bot", self.bot)):
            samples: list[float] = []
            for round_number in range(self.args.rounds + 1):
                self.reset()
                sent: dict[str, float] = {}

                def work(i: int, served: Served = served, sent: dict[str, float] = sent) -> float:
                    started = time.monotonic()
                    sent[send(served, i)] = started
                    return 0.0

                load.together(users, work)
                arrived = self.arrivals()
                if round_number:  # round 0 warms up (first-request setup, template compilation)
                    samples += [arrived[key] - start for key, start in sent.items()]
            results[name] = load.percentiles(samples)
        return results

    def ack_latency(self) -> None:
        def send(served: Served, i: int) -> str:
            trigger = f"bench-{uuid.uuid4()}"
            status, _ = load.slash(served.port, f"UB{i:08d}", "Acme Ltd", trigger)
            assert status == 200
            return trigger

        results = self.arrival_latency(self.args.users, send)
        self.row(
            f"`/end-client` → `views.open` reaches Slack, {self.args.users} concurrent users "
            "(ms p50/p95/p99)",
            results["bot"],
            results["bare"],
        )

    # ---- 2. step latency ----------------------------------------------------------------------
    def flows(self, ports: list[int], users: int, rounds: int) -> list[list[float]]:
        """`rounds` times, `users` people at once each go through every step; user i talks to
        `ports[i % len(ports)]` (as a load balancer would spread them). Seconds, per step."""
        steps = flow_answers(date.today())
        per_step: list[list[float]] = [[] for _ in steps]

        def flow(i: int) -> float:
            port = ports[i % len(ports)]
            view = opening_view("Acme Ltd")
            for index, answers in enumerate(steps):
                started = time.monotonic()
                reply = load.submit(port, f"US{i:08d}", view, state_from_view(view, answers))
                per_step[index].append(time.monotonic() - started)
                assert reply.get("response_action") == "update", reply
                view = reply["view"]
            return 0.0

        for _ in range(rounds):
            load.together(users, flow)
        return per_step

    def step_latency(self) -> None:
        users = self.args.users
        # One person at a time: the cost of a step without queueing.
        alone = [load.percentiles(s)["p50"] for s in self.flows([self.bot.port], 1, rounds=10)]
        per_step = self.flows([self.bot.port], users, self.args.rounds)
        bare: list[float] = []

        def bare_step(i: int) -> float:
            for _ in per_step:
                started = time.monotonic()
                load.submit(self.bare.port, f"UX{i:08d}", FIXED_MODAL, {})
                bare.append(time.monotonic() - started)
            return 0.0

        for _ in range(self.args.rounds):
            load.together(users, bare_step)
        base = load.percentiles(bare)
        names = [
            "the situation",
            "the change",
            "notice",
            "the conversation",
            "onward",
            "people",
            "create plan",
        ]
        for name, samples, single in zip(names, per_step, alone, strict=True):
            self.row(
                f"Step “{name}” `view_submission` answered, {users} concurrent "
                f"(ms; one user alone: {single:.0f})",
                load.percentiles(samples),
                base,
            )

    # ---- 2c. several bot processes ------------------------------------------------------------
    def process_latency(self) -> None:
        """Real `python -m bot` processes on this run's database: the same burst of flows spread
        over two processes, against one process."""
        users = self.args.users
        settings = {
            "SLACK_BOT_TOKEN": "xoxb-test-token",
            "SLACK_SIGNING_SECRET": load.SECRET,
            "SLACK_API_URL": self.api_url,
            "DATABASE_URL": self.database_url,
        }
        results: dict[int, dict[str, float]] = {}
        for count in (1, 2):
            bots = [RunningBot(settings) for _ in range(count)]
            try:
                idle = bots[0].memory_mb()[0]
                ports = [b.port for b in bots]
                self.flows(ports, users, rounds=1)  # warm-up: first requests, template compilation
                per_step = self.flows(ports, users, self.args.rounds)
                results[count] = load.percentiles([t for samples in per_step for t in samples])
                peak = bots[0].memory_mb()[1]
            finally:
                for running in bots:
                    running.close()
            if count == 1:
                self.rows.append(
                    (
                        "Resident memory of one `python -m bot` process, MB",
                        f"idle {idle:.0f}, peak {peak:.0f} after {self.args.rounds + 1} bursts "
                        f"of {users} flows",
                        "-",
                        "-",
                    )
                )
        self.row(
            f"Every step, {users} concurrent users spread over 2 `python -m bot` processes "
            "(ms; baseline: the same over 1 process)",
            results[2],
            results[1],
        )

    # ---- 2b. App Home with many cases -----------------------------------------------------------
    def home_latency(self) -> None:
        owners = [f"UH{i:08d}" for i in range(10)]
        seed_cases(self.deps, owners, self.args.home_cases)

        def send(served: Served, i: int) -> str:
            load.home_opened(served.port, owners[i])
            return "home:" + owners[i]

        results = self.arrival_latency(len(owners), send)
        self.row(
            f"App Home published with {self.args.home_cases} cases, 10 concurrent (ms)",
            results["bot"],
            results["bare"],
        )

    # ---- 3. reminder throughput -------------------------------------------------------------------
    def reminder_throughput(self) -> None:
        n = self.args.reminders
        now = datetime.now(UTC)
        now = now.replace(hour=12) if now.weekday() < 5 else now.replace(hour=12) - timedelta(days=2)
        clock = [now]
        deps = Deps(settings=self.deps.settings, db=self.deps.db, clock=lambda: clock[0])
        sweeper = Sweeper(deps, build_sweeper_client(deps))
        sample_message = None
        seed_reminders(self.deps, n, now)
        self.reset()
        started = time.monotonic()
        report = sweeper.sweep()
        bot_seconds = time.monotonic() - started
        delivered = self.control.api_call("bench.delivered", json={})["delivered"]
        assert report.sent == n and len(delivered) == n and set(delivered.values()) == {1}
        with self.deps.db.session() as session:
            sample = session.query(Reminder).first()
            assert sample is not None
            from bot.slack.reminder_messages import reminder_message

            sample_message = reminder_message(
                sample.case, sample, late=False, today=date.today(), calendar=self.deps.calendar()
            )
        client = build_sweeper_client(deps)
        self.reset()
        started = time.monotonic()
        with load.ThreadPoolExecutor(sweeper.workers) as pool:
            list(
                pool.map(
                    lambda i: client.chat_postMessage(channel=REMINDER_OWNER, **sample_message), range(n)
                )
            )
        loop_seconds = time.monotonic() - started
        self.rows.append(
            (
                f"{n:,} due reminders delivered ({sweeper.workers} senders), reminders/s",
                f"{n / bot_seconds:,.0f} ({bot_seconds:.1f} s)",
                f"{n / loop_seconds:,.0f} ({loop_seconds:.1f} s) plain `chat.postMessage` loop",
                f"{bot_seconds / loop_seconds:.2f}x time",
            )
        )
        print(self.rows[-1], flush=True)
        # The same with every 10th call answered 429 (Retry-After: 1).
        seed_reminders(self.deps, n, now)
        self.reset(rate_limit_every=10)
        started = time.monotonic()
        sweeps = 0
        while True:
            sweeps += 1
            report = sweeper.sweep()
            with self.deps.db.session() as session:
                # Only this part's reminders: the flows of the step benchmark planned their own.
                left = (
                    session.query(Reminder)
                    .join(Case)
                    .filter(Reminder.state == ReminderState.PENDING, Case.owner_id == REMINDER_OWNER)
                    .count()
                )
            if not left:
                break
            clock[0] += timedelta(seconds=1)
        limited_seconds = time.monotonic() - started
        delivered = self.control.api_call("bench.delivered", json={})["delivered"]
        assert len(delivered) == n and set(delivered.values()) == {1}, "each reminder exactly once"
        self.rows.append(
            (
                f"{n:,} reminders, every 10th call answered 429: all delivered once",
                f"{limited_seconds:.1f} s in {sweeps} sweeps",
                "-",
                "-",
            )
        )
        print(self.rows[-1], flush=True)

    def memory(self) -> None:
        self.rows.append(
            (
                "Resident memory of the benchmark process (bot + bare app), MB",
                f"idle {self.idle_rss:.0f}, peak {rss_mb():.0f}",
                "-",
                "-",
            )
        )

    def report(self) -> None:
        print()
        print(f"Machine: {os.cpu_count()} cores; database: {self.deps.db.engine.dialect.name}")
        print()
        print("| What | Endings Coach | Baseline | Ratio |")
        print("|---|---|---|---|")
        for row in self.rows:
            print("| " + " | ".join(row) + " |")


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def flow_answers(today: date) -> list[dict[str, str]]:
    """What a person types at each step of the flow (we end it; a long relationship)."""
    effective = today + timedelta(days=120)
    return [
        {"contact_name": "Sam", "situation": "we_end", "tenure": "3"},
        {
            "reason": "We are closing the practice.",
            "effective_date": effective.isoformat(),
            "contract_notice_amount": "20",
            "contract_notice_unit": "working_days",
        },
        {},
        {"method": "phone", "client_impact": "They need a new studio.", "appreciation": "Years of trust."},
        {"referral_0": "Bright Studio", "referral_1": "North & Co"},
        {},
        {},
    ]


def seed_cases(deps: Deps, owners: list[str], per_owner: int) -> None:
    now = datetime.now(UTC)
    today = now.date()
    with deps.db.session() as session:
        for owner in owners:
            row = case_row(load.TEAM, owner, today, now, client_name="Client & Co")
            ids = session.scalars(insert(Case).returning(Case.id), [row] * per_owner).all()
            session.execute(
                insert(ChecklistItem),
                [
                    {
                        "case_id": case_id,
                        "key": f"k{n}",
                        "title": "Item",
                        "tips": [5],
                        "phase": "prepare",
                        "due_date": today + timedelta(days=n),
                        "position": n,
                    }
                    for case_id in ids
                    for n in range(12)
                ],
            )


def seed_reminders(deps: Deps, n: int, now: datetime) -> None:
    per_case = 20
    row = case_row(
        load.TEAM, REMINDER_OWNER, now.date(), now, conversation_date=now.date() - timedelta(days=3)
    )
    with deps.db.session() as session:
        ids = session.scalars(insert(Case).returning(Case.id), [row] * (n // per_case)).all()
        session.execute(
            insert(Reminder), due_reminder_rows(list(ids), load.TEAM, now, per_case, timedelta(seconds=1))
        )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--users", type=int, default=50, help="concurrent simulated users")
    parser.add_argument("--rounds", type=int, default=4, help="rounds of concurrent requests per figure")
    parser.add_argument("--reminders", type=int, default=10_000, help="due reminders to deliver")
    parser.add_argument("--home-cases", type=int, default=200, help="cases per user on App Home")
    parser.add_argument(
        "--database-url",
        default=None,
        help="PostgreSQL URL (its tables are dropped and recreated); default a temp SQLite file",
    )
    parser.add_argument(
        "--parts",
        default="ack,steps,processes,home,reminders",
        help="comma-separated: ack, steps, processes, home, reminders",
    )
    args = parser.parse_args()
    # waitress warns at every queued request; under a deliberate burst that is all it would print.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    parts = set(args.parts.split(","))
    bench = Bench(args)
    try:
        for name, run in (
            ("ack", bench.ack_latency),
            ("steps", bench.step_latency),
            ("processes", bench.process_latency),
            ("home", bench.home_latency),
            ("reminders", bench.reminder_throughput),
        ):
            if name in parts:
                run()
        bench.memory()
        bench.report()
    finally:
        bench.close()


if __name__ == "__main__":
    main()
