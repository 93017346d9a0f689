"""`python -m bench`: the bot against a bare Bolt app and a plain send loop, measured in one run
from outside: the load generator (this process), the fake Slack and each app run in processes
of their own, and every figure has its baseline measured in the same run.

Prints a Markdown table; docs/benchmarks.md keeps the latest one.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from slack_sdk import WebClient
from sqlalchemy import MetaData, insert

from bench import load
from bench.processes import RunningBot
from bench.rows import case_row, due_reminder_rows
from bench.serve import FIXED_MODAL
from bot.config import DEFAULT_SENDERS, load_settings
from bot.core.answers import SituationKey
from bot.core.situations import situation_of
from bot.core.steps import StepId
from bot.slack.flow_views import opening_view
from bot.storage import people
from bot.storage.db import Database, migrate
from bot.storage.models import Case, ChecklistItem, Reminder
from bot.text import label
from playground.fakes.client import state_from_view

ROOT = Path(__file__).resolve().parent.parent
REMINDER_OWNER = "UR0000001"
THREADS = 8  # request threads per app process, the bot's and the bare app's alike
# The flow the bench walks: the product's own steps for "we end it", and their names as a person reads them.
WALKED = situation_of(SituationKey.WE_END)
STEP_NAMES = [label("StepId", step.value, WALKED.key) for step in WALKED.steps]


@dataclass
class Row:
    what: str
    bot: str
    baseline: str
    ratio: str
    bound: str


class Cpu:
    """CPU the app processes used per request while a figure was measured: what, on one
    interpreter, sets how long a queue of simultaneous requests takes to drain."""

    def __init__(self, apps: list[RunningBot]) -> None:
        self.apps = apps
        self.seconds = 0.0
        self.requests = 0

    def used(self) -> float:
        return sum(app.cpu_seconds() for app in self.apps)

    @contextmanager
    def measuring(self, requests: int) -> Iterator[None]:
        before = self.used()
        yield
        self.seconds += self.used() - before
        self.requests += requests

    @property
    def ms(self) -> float:
        return self.seconds * 1000 / max(self.requests, 1)


def ms(p: dict[str, float]) -> str:
    return " / ".join(f"{p[k]:.0f}" for k in ("p50", "p95", "p99"))


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
        self.database_url = args.database_url or f"sqlite:///{self.tmp.name}/bench.sqlite3"
        self.settings = {
            "SLACK_BOT_TOKEN": "xoxb-test-token",
            "SLACK_SIGNING_SECRET": load.SECRET,
            "SLACK_API_URL": self.api_url,
            "DATABASE_URL": self.database_url,
            "LOG_LEVEL": "INFO",
        }
        self.db = Database.from_url(load_settings(self.settings).database_url)
        if args.database_url:
            # Every table there is, whatever revision made it: the bench starts from nothing.
            tables = MetaData()
            tables.reflect(self.db.engine)
            tables.drop_all(self.db.engine)
        migrate(self.db.engine)
        self.rows: list[Row] = []

    def close(self) -> None:
        assert self.fake.stdin is not None
        self.fake.stdin.close()
        self.fake.wait(timeout=30)
        self.tmp.cleanup()

    # ---- the processes ----------------------------------------------------------------------
    @contextmanager
    def apps(self, name: str, server: str = "waitress", count: int = 1) -> Iterator[list[RunningBot]]:
        """`count` processes of one app: `bot` is `python -m bot` itself under waitress, and
        `bench.serve bot` (the same WSGI app) under another server; `bare` is the bare Bolt app."""
        if name == "bot" and server == "waitress":
            command = None
        else:
            command = ["-m", "bench.serve", name, "--server", server, "--threads", str(THREADS)]
        running: list[RunningBot] = []
        try:
            for _ in range(count):
                running.append(RunningBot(self.settings, command=command))
            yield running
        finally:
            for process in running:
                process.close()

    def reset(self, rate_limit_every: int = 0) -> None:
        self.control.api_call("bench.reset", json={"rate_limit_every": rate_limit_every})

    def arrivals(self) -> dict[str, float]:
        return self.control.api_call("bench.arrivals", json={})["arrivals"]

    # ---- what is measured ----------------------------------------------------------------------
    def opened(self, ports: list[int], users: int, rounds: int) -> dict[str, float]:
        """`/end-client` sent by `users` people at once → `views.open` reaching Slack, after one
        round to warm up (first requests, template compilation, connections)."""
        self.opened_round(ports, users)
        samples: list[float] = []
        for _ in range(rounds):
            samples += self.opened_round(ports, users)
        return load.percentiles(samples)

    def opened_round(self, ports: list[int], users: int, cpu: Cpu | None = None) -> list[float]:
        """One round: user i talks to `ports[i % len(ports)]`; the fake's clock is the same
        monotonic clock as ours."""
        self.reset()
        sent: dict[str, float] = {}

        def work(i: int) -> float:
            trigger = f"bench-{uuid.uuid4()}"
            sent[trigger] = time.monotonic()
            status, _ = load.slash(ports[i % len(ports)], f"UB{i:08d}", "Acme Ltd", trigger)
            assert status == 200
            return 0.0

        with cpu.measuring(users) if cpu else nullcontext():
            load.together(users, work)
        arrived = self.arrivals()
        return [arrived[key] - start for key, start in sent.items()]

    def flows(
        self, ports: list[int], users: int, rounds: int, cpu: Cpu | None = None
    ) -> tuple[list[list[float]], list[float]]:
        """`rounds` times, `users` people at once each go through every step of the flow. Returns
        each step's latencies, and how long after "create plan" was sent the work that follows
        it (the plan's summary DM, then App Home) reached Slack; a round's CPU counts that work."""
        steps = flow_answers(date.today())
        self.name_people([f"US{i:08d}" for i in range(users)])
        per_step: list[list[float]] = [[] for _ in steps]
        follow_ups: list[float] = []
        for _ in range(rounds):
            self.reset()
            planned: dict[str, float] = {}

            def flow(i: int, planned: dict[str, float] = planned) -> float:
                port, user = ports[i % len(ports)], f"US{i:08d}"
                # Untimed, as a person starts: /end-client, after which the bot learns their name
                # (without it, the plan's drafts are signed "[your name]" and "create plan" asks again).
                status, _ = load.slash(port, user, "Acme Ltd", f"bench-{uuid.uuid4()}")
                assert status == 200
                view = opening_view("Acme Ltd")
                for index, answers in enumerate(steps):
                    started = time.monotonic()
                    reply = load.submit(port, user, view, state_from_view(view, answers))
                    per_step[index].append(time.monotonic() - started)
                    assert reply.get("response_action") == "update", reply
                    view = reply["view"]
                planned["home:" + user] = started
                return 0.0

            with cpu.measuring(users * len(steps)) if cpu else nullcontext():
                load.together(users, flow)
                arrived = self.wait_for_arrivals(planned)
            follow_ups += [arrived[key] - sent for key, sent in planned.items()]
        return per_step, follow_ups

    def name_people(self, users: list[str]) -> None:
        """Their names, as Slack's `users.info` gives them after `/end-client`: the drafts on the
        last step are signed with them (unsigned, "create plan" asks to confirm a placeholder)."""
        now = datetime.now(UTC)
        with self.db.session(write=True) as session:
            for user in users:
                people.remember(session, load.TEAM, user, None, f"Sam Owner {user[-3:]}", now)

    def wait_for_arrivals(self, keys: Iterable[str], timeout: float = 60) -> dict[str, float]:
        deadline = time.monotonic() + timeout
        while True:
            arrived = self.arrivals()
            if all(key in arrived for key in keys):
                return arrived
            if time.monotonic() > deadline:
                raise RuntimeError("the work after the answers did not reach Slack in time")
            time.sleep(0.02)

    def bare_steps(self, ports: list[int], users: int, rounds: int, cpu: Cpu | None = None) -> list[float]:
        samples: list[float] = []

        def steps(i: int) -> float:
            for _ in STEP_NAMES:
                started = time.monotonic()
                load.submit(ports[i % len(ports)], f"UX{i:08d}", FIXED_MODAL, {})
                samples.append(time.monotonic() - started)
            return 0.0

        for _ in range(rounds):
            with cpu.measuring(users * len(STEP_NAMES)) if cpu else nullcontext():
                load.together(users, steps)
        return samples

    # ---- 1. acknowledgement path ---------------------------------------------------------------
    def ack_latency(self) -> None:
        """Both apps run side by side and take turns, round by round, so that a change in the
        machine's speed during the run falls on both alike."""
        for users in self.args.ack_users:
            with self.apps("bare") as bare, self.apps("bot") as bot:
                ports = {"bare": [bare[0].port], "bot": [bot[0].port]}
                cpu = {"bare": Cpu(bare), "bot": Cpu(bot)}
                samples: dict[str, list[float]] = {"bare": [], "bot": []}
                for name in ("bare", "bot"):
                    self.opened_round(ports[name], users)  # warm-up
                for _ in range(self.args.rounds):
                    for name in ("bare", "bot"):
                        samples[name] += self.opened_round(ports[name], users, cpu[name])
            self.row(
                f"`/end-client` → `views.open` reaches Slack, {users} at once (ms p50 / p95 / p99)",
                load.percentiles(samples["bot"]),
                load.percentiles(samples["bare"]),
                "CPU (2 cores shared by the three processes)",
            )
            self.cpu_row(f"`/end-client`, {users} at once", cpu["bot"], cpu["bare"])

    # ---- 2. steps --------------------------------------------------------------------------------
    def step_latency(self) -> None:
        """As for the acknowledgement, the two apps take turns round by round."""
        users, rounds = self.args.users, self.args.rounds
        with self.apps("bare") as bare, self.apps("bot") as bot:
            alone = [load.percentiles(s)["p50"] for s in self.flows([bot[0].port], 1, rounds=5)[0]]
            self.bare_steps([bare[0].port], users, 1)  # warm-up
            self.flows([bot[0].port], users, 1)
            base_cpu, cpu = Cpu(bare), Cpu(bot)
            base: list[float] = []
            per_step: list[list[float]] = [[] for _ in STEP_NAMES]
            follow_ups: list[float] = []
            for _ in range(rounds):
                base += self.bare_steps([bare[0].port], users, 1, base_cpu)
                steps, after = self.flows([bot[0].port], users, 1, cpu)
                per_step = [mine + new for mine, new in zip(per_step, steps, strict=True)]
                follow_ups += after
            idle, peak = bot[0].memory_mb()
        for name, samples, single in zip(STEP_NAMES, per_step, alone, strict=True):
            self.row(
                f"Step “{name}” answered, {users} at once (ms; one user alone: {single:.0f})",
                load.percentiles(samples),
                load.percentiles(base),
                "CPU of the app's one interpreter (ORM, validation, the next view), writes "
                + ("queued for SQLite's single writer" if self.sqlite else "in PostgreSQL"),
            )
        self.rows.append(
            Row(
                f"The plan's summary DM and App Home reach Slack, {users} at once (ms after “create plan” "
                "was sent)",
                ms(load.percentiles(follow_ups)),
                "-",
                "-",
                "App Home drawn once the clicks settle (2 s after the last, looked for every second)",
            )
        )
        self.cpu_row(
            f"a step (all {len(STEP_NAMES)}, the plan's summary DM and Home included), {users} at once",
            cpu,
            base_cpu,
        )
        self.rows.append(
            Row(
                "Resident memory of one `python -m bot` process, MB",
                f"{idle:.0f} after the bursts (highest {peak:.0f})",
                "-",
                "-",
                "-",
            )
        )

    # ---- 3. servers ----------------------------------------------------------------------------
    def servers(self) -> None:
        """The bot and the bare app under waitress and under gunicorn's threaded worker, with the
        same thread count and one process, on the acknowledgement and a step."""
        users, rounds = self.args.users, self.args.rounds
        for server in ("waitress", "gunicorn"):
            with self.apps("bare", server) as bare:
                base = self.opened([bare[0].port], users, rounds)
            with self.apps("bot", server) as bot:
                mine = self.opened([bot[0].port], users, rounds)
                self.flows([bot[0].port], users, 1)
                steps, _ = self.flows([bot[0].port], users, rounds)
            self.row(
                f"{server}, {THREADS} threads: `/end-client` → `views.open`, {users} at once (ms)",
                mine,
                base,
                "CPU",
            )
            self.rows.append(
                Row(
                    f"{server}, {THREADS} threads: every step, {users} at once (ms)",
                    ms(load.percentiles([t for s in steps for t in s])),
                    "-",
                    "-",
                    "CPU",
                )
            )

    # ---- 4. processes ----------------------------------------------------------------------------
    def processes(self) -> None:
        """How many `python -m bot` processes keep `views.open` for 500 people at once under
        300 ms (10 % of Slack's 3 seconds); users spread over them as a load balancer would."""
        users = self.args.crowd
        for count in self.args.process_counts:
            with self.apps("bare", count=count) as bare:
                base = self.opened([b.port for b in bare], users, rounds=2)
            with self.apps("bot", count=count) as bots:
                mine = self.opened([b.port for b in bots], users, rounds=2)
            self.row(
                f"{users} at once over {count} process{'es' if count > 1 else ''}: "
                "`/end-client` → `views.open` (ms)",
                mine,
                base,
                "CPU: 2 cores",
            )

    # ---- 5. App Home with many cases ------------------------------------------------------------
    def home_latency(self) -> None:
        owners = [f"UH{i:08d}" for i in range(10)]
        seed_cases(self.db, owners, self.args.home_cases)
        results = {}
        for name in ("bare", "bot"):
            with self.apps(name) as app:
                samples: list[float] = []
                for round_number in range(self.args.rounds + 1):
                    self.reset()
                    sent: dict[str, float] = {}

                    def work(i: int, sent: dict[str, float] = sent, port: int = app[0].port) -> float:
                        sent["home:" + owners[i]] = time.monotonic()
                        load.home_opened(port, owners[i])
                        return 0.0

                    load.together(len(owners), work)
                    arrived = self.arrivals()
                    if round_number:
                        samples += [arrived[key] - start for key, start in sent.items()]
                results[name] = load.percentiles(samples)
        self.row(
            f"App Home published with {self.args.home_cases} cases each, 10 at once (ms)",
            results["bot"],
            results["bare"],
            "the database (one query for the cases, one for their next items)",
        )

    # ---- 6. reminders ----------------------------------------------------------------------------
    def send(self, mode: str, at: datetime, count: int = 0) -> dict[str, float]:
        env = {
            **os.environ,
            **self.settings,
            "PYTHONPATH": str(ROOT),
            "DOTENV_FILE": str(ROOT / "absent.env"),
        }
        command = [
            sys.executable,
            "-m",
            "bench.send",
            mode,
            "--at",
            at.isoformat(),
            "--owner",
            REMINDER_OWNER,
        ]
        command += ["--senders", str(self.args.senders), "--count", str(count)]
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
        if done.returncode:
            raise RuntimeError(done.stderr[-3000:])
        result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
        return result

    def reminder_throughput(self) -> None:
        """The sweep and the plain loop take turns, so that a change in the machine's speed during
        the run falls on both alike (the same sweep has read 340 and 725 a second within the hour).
        Each turn the sweep finds the whole backlog (`--reminders`) due at once."""
        n, senders, rounds = self.args.reminders, self.args.senders, self.args.reminder_rounds
        at = working_noon()
        swept_seconds = looped_seconds = swept_cpu = looped_cpu = kept_seconds = 0.0
        for _ in range(rounds):
            seed_reminders(self.db, n, at)
            self.reset()
            swept = self.send("sweep", at)
            delivered = self.control.api_call("bench.delivered", json={})["delivered"]
            assert swept["sent"] == n and len(delivered) == n
            assert set(delivered.values()) == {1}, "each reminder exactly once"
            self.reset()
            looped = self.send("loop", at, count=n)
            self.reset()
            kept_seconds += self.send("kept-loop", at, count=n)["seconds"]
            swept_seconds += swept["seconds"]
            looped_seconds += looped["seconds"]
            swept_cpu += swept["cpu"]
            looped_cpu += looped["cpu"]
        rate, base = n * rounds / swept_seconds, n * rounds / looped_seconds
        self.rows.append(
            Row(
                f"{n:,} due reminders delivered, {senders} senders, {rounds} turns (reminders/s)",
                f"{rate:,.0f} ({swept_seconds:.1f} s)",
                f"{base:,.0f} ({looped_seconds:.1f} s), plain `chat.postMessage` loop",
                f"{rate / base:.2f}x throughput",
                "CPU of the sender's one interpreter (rendering each message, recording it); "
                "the loop only posts",
            )
        )
        print(self.rows[-1], flush=True)
        kept = n * rounds / kept_seconds
        self.rows.append(
            Row(
                "The same, against the loop on the bot's own client (reminders/s)",
                f"{rate:,.0f}",
                f"{kept:,.0f} ({kept_seconds:.1f} s), the loop with connections kept open",
                f"{rate / kept:.2f}x throughput",
                "what the sweep does besides posting: claiming, rendering, recording",
            )
        )
        print(self.rows[-1], flush=True)
        sweep_ms, loop_ms = swept_cpu * 1000 / (n * rounds), looped_cpu * 1000 / (n * rounds)
        self.rows.append(
            Row(
                "CPU per reminder, the sender's work alone (ms)",
                f"{sweep_ms:.2f}",
                f"{loop_ms:.2f}",
                f"{sweep_ms / loop_ms:.2f}x (CPU)",
                "the sender process's CPU time while it sweeps or loops (start-up and imports left "
                "out), less moved by other load on the machine than seconds",
            )
        )
        print(self.rows[-1], flush=True)
        seed_reminders(self.db, n, at)
        self.reset(rate_limit_every=10)
        limited = self.send("sweep", at)
        delivered = self.control.api_call("bench.delivered", json={})["delivered"]
        assert len(delivered) == n and set(delivered.values()) == {1}, "each reminder exactly once"
        self.rows.append(
            Row(
                f"{n:,} reminders, every 10th call answered 429: all delivered, each once",
                f"{limited['seconds']:.1f} s in {limited['sweeps']:.0f} sweeps",
                "-",
                "-",
                "Retry-After (1 s per sweep)",
            )
        )
        print(self.rows[-1], flush=True)

    # ---- the table -----------------------------------------------------------------------------
    @property
    def sqlite(self) -> bool:
        return self.db.engine.dialect.name == "sqlite"

    def row(self, what: str, bot: dict[str, float], bare: dict[str, float], bound: str) -> None:
        self.rows.append(Row(what, ms(bot), ms(bare), f"{bot['p99'] / bare['p99']:.2f}x", bound))
        print(f"{what}: bot {ms(bot)}, baseline {ms(bare)}", flush=True)

    def cpu_row(self, what: str, cpu: Cpu, base: Cpu) -> None:
        self.rows.append(
            Row(
                f"App process CPU per request: {what} (ms)",
                f"{cpu.ms:.2f}",
                f"{base.ms:.2f}",
                f"{cpu.ms / base.ms:.2f}x (CPU)",
                "one interpreter: a queue of simultaneous requests drains at this rate",
            )
        )
        print(self.rows[-1], flush=True)

    def report(self) -> None:
        print()
        print(
            f"Machine: {os.cpu_count()} cores, shared by the load generator, the fake Slack and the app "
            f"processes; database: {self.db.engine.dialect.name}; {THREADS} request threads per app process."
        )
        print()
        print("| What | Endings Coach | Baseline | Ratio (p99) | Bound by |")
        print("|---|---|---|---|---|")
        for row in self.rows:
            print(f"| {row.what} | {row.bot} | {row.baseline} | {row.ratio} | {row.bound} |")


def working_noon() -> datetime:
    """Noon UTC on the latest weekday: inside the reminders' owner's working hours."""
    now = datetime.now(UTC).replace(hour=12, minute=0, second=0, microsecond=0)
    while now.weekday() >= 5:
        now -= timedelta(days=1)
    return now


def flow_answers(today: date) -> list[dict[str, str]]:
    """What a person types at each of the walked flow's steps, in the product's order (we end it;
    a long relationship); the steps not named here are submitted as drawn."""
    typed: dict[StepId, dict[str, str]] = {
        StepId.SITUATION: {"contact_name": "Sam", "situation": WALKED.key.value, "tenure": "3"},
        StepId.CHANGE: {
            "reason": "We are closing the practice.",
            "effective_date": (today + timedelta(days=120)).isoformat(),
            "contract_notice_amount": "20",
            "contract_notice_unit": "working_days",
        },
        StepId.CONVERSATION: {
            "method": "phone",
            "client_impact": "They need a new studio.",
            "appreciation": "Years of trust.",
        },
        StepId.ONWARD: {"referral_0": "Bright Studio", "referral_1": "North & Co"},
    }
    return [typed.get(step, {}) for step in WALKED.steps]


def seed_cases(db: Database, owners: list[str], per_owner: int) -> None:
    now = datetime.now(UTC)
    today = now.date()
    with db.session(write=True) as session:
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


def seed_reminders(db: Database, n: int, now: datetime) -> None:
    per_case = 20
    row = case_row(
        load.TEAM, REMINDER_OWNER, now.date(), now, conversation_date=now.date() - timedelta(days=3)
    )
    with db.session(write=True) as session:
        ids = session.scalars(insert(Case).returning(Case.id), [row] * (n // per_case)).all()
        session.execute(
            insert(Reminder), due_reminder_rows(list(ids), load.TEAM, now, per_case, timedelta(seconds=1))
        )


PARTS: dict[str, Callable[[Bench], None]] = {
    "ack": Bench.ack_latency,
    "steps": Bench.step_latency,
    "servers": Bench.servers,
    "processes": Bench.processes,
    "home": Bench.home_latency,
    "reminders": Bench.reminder_throughput,
}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--users", type=int, default=50, help="people at once, for steps and servers")
    parser.add_argument("--ack-users", type=lambda s: [int(x) for x in s.split(",")], default=[10, 50])
    parser.add_argument("--crowd", type=int, default=500, help="people at once, for the process curve")
    parser.add_argument("--process-counts", type=lambda s: [int(x) for x in s.split(",")], default=[1, 2, 4])
    parser.add_argument("--rounds", type=int, default=4, help="rounds of simultaneous requests per figure")
    parser.add_argument("--reminders", type=int, default=10_000, help="due reminders at once, per turn")
    parser.add_argument(
        "--reminder-rounds", type=int, default=2, help="turns of the sweep and the loop, taken in alternation"
    )
    parser.add_argument(
        "--senders", type=int, default=DEFAULT_SENDERS, help="concurrent senders (the bot's default)"
    )
    parser.add_argument("--home-cases", type=int, default=200, help="cases per person on App Home")
    parser.add_argument(
        "--database-url",
        default=None,
        help="PostgreSQL URL (its tables are dropped and recreated); default a temporary SQLite file",
    )
    parser.add_argument("--parts", default=",".join(PARTS), help="comma-separated: " + ", ".join(PARTS))
    args = parser.parse_args()
    bench = Bench(args)
    # As in the fake Slack: no full collection of the driver's start-up heap while it times.
    gc.collect()
    gc.freeze()
    try:
        for name in args.parts.split(","):
            PARTS[name](bench)
        bench.report()
    finally:
        bench.close()


if __name__ == "__main__":
    main()
