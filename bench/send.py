"""`python -m bench.send {sweep,loop} --at ISO --owner U --senders N`: reminder delivery in a
process of its own, printing one JSON line with what it did and how long it took.

`sweep` runs the bot's sweeper (claim, render, `chat.postMessage`, record) until nothing of the
owner's is left waiting, its clock starting at `--at` and moving a second per sweep (so that
answers of 429 with Retry-After come due). `loop` is the baseline: the same number of
`chat.postMessage` calls with the same message and the same concurrency, and nothing else, on
slack_sdk's stock WebClient; `kept-loop` is that loop on the bot's own client (connections kept
open). All report `seconds` and `cpu` (the process's CPU time) for that work alone, not the
start-up.
Settings come from the environment, as for `python -m bot`.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

from slack_sdk import WebClient
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from bot.app import CLIENT_TIMEOUT_SECONDS, build_sweeper_client
from bot.config import load_settings
from bot.deps import Deps
from bot.logs import configure_logging
from bot.reminders.sweeper import Sweeper
from bot.services.read_models import case_view, reminder_view
from bot.slack.reminder_messages import reminder_message
from bot.storage.db import Database
from bot.storage.models import Case, Reminder, ReminderState
from bot.text import compile_all


def waiting(deps: Deps, owner: str) -> int:
    with deps.db.session() as session:
        query = (
            select(func.count())
            .select_from(Reminder)
            .join(Case)
            .where(Reminder.state == ReminderState.PENDING, Case.owner_id == owner)
        )
        return int(session.scalar(query) or 0)


def sweep(deps: Deps, clock: list[datetime], owner: str, senders: int) -> dict[str, float]:
    sweeper = Sweeper(deps, build_sweeper_client(deps), workers=senders)
    count = waiting(deps, owner)
    started, cpu = time.monotonic(), time.process_time()
    sweeps = sent = 0
    while True:
        sweeps += 1
        sent += sweeper.sweep().sent
        if not waiting(deps, owner):
            break
        clock[0] += timedelta(seconds=1)
    seconds, cpu = time.monotonic() - started, time.process_time() - cpu
    return {"seconds": seconds, "cpu": cpu, "sent": sent, "sweeps": sweeps, "waiting": count}


def loop(deps: Deps, owner: str, senders: int, count: int, client: WebClient) -> dict[str, float]:
    with deps.db.session() as session:
        sample = session.scalars(
            select(Reminder)
            .join(Case)
            .where(Case.owner_id == owner)
            .options(selectinload(Reminder.case).selectinload(Case.items))
            .limit(1)
        ).one()
        message = reminder_message(
            case_view(sample.case, events=False),
            reminder_view(sample),
            late=False,
            today=deps.now().date(),
            calendar=deps.calendar(),
        )
    started, cpu = time.monotonic(), time.process_time()
    with ThreadPoolExecutor(senders) as pool:
        list(pool.map(lambda _: client.chat_postMessage(channel=owner, **message), range(count)))
    return {"seconds": time.monotonic() - started, "cpu": time.process_time() - cpu, "sent": count}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.send")
    parser.add_argument("mode", choices=("sweep", "loop", "kept-loop"))
    parser.add_argument("--at", required=True, help="the sweeper's clock at the start (ISO, with zone)")
    parser.add_argument("--owner", required=True)
    parser.add_argument("--senders", type=int, default=4)
    parser.add_argument("--count", type=int, default=0, help="loop: how many messages to post")
    args = parser.parse_args()
    clock = [datetime.fromisoformat(args.at)]
    settings = load_settings(dict(os.environ))
    configure_logging(settings.log_level, settings.log_format)  # as `python -m bot` does
    deps = Deps(settings=settings, db=Database.from_url(settings.database_url), clock=lambda: clock[0])
    compile_all()  # as `python -m bot` does before its sweep starts
    if args.mode == "sweep":
        result = sweep(deps, clock, args.owner, args.senders)
    elif args.mode == "loop":
        plain = WebClient(
            token=settings.bot_token, base_url=settings.slack_api_url, timeout=CLIENT_TIMEOUT_SECONDS
        )
        result = loop(deps, args.owner, args.senders, args.count, plain)
    else:
        result = loop(deps, args.owner, args.senders, args.count, build_sweeper_client(deps))
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
