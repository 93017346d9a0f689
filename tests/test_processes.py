"""Two real `python -m bot` processes (each with its waitress server, engine and APScheduler sweep)
on one database, started at once: any process serves any step, and every reminder goes out once."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import func, insert, select

from bench import crash
from bench.rows import due_reminder_rows
from bot.slack.ids import Callback
from bot.storage.db import Database
from bot.storage.models import Case, Reminder, ReminderState
from tests.conftest import OWNER, START
from tests.fake_slack import FakeSlack
from tests.flow import complete_across
from tests.harness import all_text
from tests.processes import BotProcess, started_together, wait_for_logs
from tests.reminder_dms import due_by, reminder_ids, states_of

CLIENTS = ("Acme Ltd", "Globex", "Initech")
NOTIFY_DAY = datetime(2027, 1, 19, 10, tzinfo=UTC)
# Per case, the client to be told by Fri 15 Jan but never marked told: the overdue notice alone (the
# follow-ups wait until the client is told; the nudges for days gone by are stale, settled unsent).
FLOW_REMINDERS_DUE = len(CLIENTS)
EXTRA_DUE_PER_CASE = 200


@contextmanager
def two_processes(
    fake: FakeSlack, database_url: str, at: datetime
) -> Iterator[tuple[BotProcess, BotProcess]]:
    with (
        time_machine.travel(at, tick=True),
        started_together(lambda: BotProcess(fake, database_url, at)) as both,
    ):
        yield both[0], both[1]


def test_two_processes_share_flows_and_send_each_reminder_once(fake: FakeSlack, database_url: str) -> None:
    with two_processes(fake, database_url, START) as (first, second):
        for client in CLIENTS:
            modal = complete_across([first, second], OWNER, client)
            assert modal.callback_id == Callback.FLOW_DONE
        # The summary DMs go out after the answer, in whichever process took the last step.
        assert fake.wait_for(lambda: len(fake.calls_to("chat.postMessage")) >= len(CLIENTS))
        first.event({"type": "app_home_opened", "user": OWNER, "channel": "D1", "tab": "home"})
        assert all(client in all_text(fake.homes[OWNER]) for client in CLIENTS)
    assert first.view_problems == second.view_problems == []

    db = Database.from_url(database_url)
    with db.session(write=True) as session:
        cases = session.scalars(select(Case)).all()
        assert sorted(c.client_name for c in cases) == sorted(CLIENTS)
        # More than one sweep batch due at once, so both processes' sweeps have work to share.
        extra = due_reminder_rows(
            [c.id for c in cases], cases[0].team_id, NOTIFY_DAY, EXTRA_DUE_PER_CASE, timedelta(seconds=30)
        )
        session.execute(insert(Reminder), extra)
    due = FLOW_REMINDERS_DUE + len(extra)
    waiting = due_by(db, NOTIFY_DAY)
    before = len(fake.posted)

    with two_processes(fake, database_url, NOTIFY_DAY) as (first, second):
        assert wait_for_logs(lambda: first.swept() + second.swept() >= due, timeout=120), (
            first.log[-5:] + second.log[-5:]
        )
        shares = first.swept(), second.swept()
    sent = reminder_ids(fake.posted[before:])
    assert len(sent) == due and len(set(sent)) == due, f"{len(sent)} sent, shares {shares}"
    assert sum(shares) == due, f"the sweeps' logs count {shares}"
    assert min(shares) > 0, f"one process did all the sending: {shares}"
    # Nothing that was due is lost or left claimed: each is sent, or settled unsent, and what is
    # recorded as sent is exactly what the DMs carried.
    states = states_of(db, waiting)
    assert set(states.values()) <= {ReminderState.SENT, ReminderState.CANCELLED, ReminderState.DONE}
    assert {i for i, state in states.items() if state == ReminderState.SENT} == set(sent)
    with db.session() as session:
        counts = dict(
            session.execute(
                select(Reminder.state, func.count())
                .where(Reminder.kind != "plan_ready")
                .group_by(Reminder.state)
            ).all()
        )
    assert counts[ReminderState.SENT] == due
    assert counts.get(ReminderState.SENDING, 0) == 0
    db.engine.dispose()


@pytest.mark.parametrize(("how", "senders"), [("kill", 4), ("kill", 1), ("term", 4)])
def test_a_process_killed_mid_sweep_loses_nothing(tmp_path: Path, how: str, senders: int) -> None:
    """kill -9 in the middle of a sweep: nothing is lost, and what arrives twice is bounded by the
    sends that were under way (at most one per sender). A graceful stop sends nothing twice."""
    result = crash.trial(80, 0.5, str(tmp_path), senders=senders, how=how)
    assert result.killed_after >= 40 and result.lost == 0
    assert result.twice <= (senders if how == "kill" else 0), result


@pytest.mark.parametrize("server", ["waitress", "gunicorn"])
def test_the_benchmark_serves_the_bot_under_each_server(
    fake: FakeSlack, database_url: str, server: str
) -> None:
    """`python -m bench.serve bot` is the bot as `python -m bot` builds it, settings, token and
    scheduled jobs included (App Home is drawn by one); under gunicorn it is built in the worker,
    after the fork."""
    command = ["-m", "bench.serve", "bot", "--server", server, "--threads", "2"]
    process = BotProcess(fake, database_url, START, command=command)
    try:
        assert complete_across([process], OWNER, "Acme Ltd").callback_id == Callback.FLOW_DONE
        assert fake.calls_to("views.open")[0].token == fake.bot_token
        # The plan's summary DM, and the Home drawn by the scheduler's job once the clicks settle.
        assert fake.wait_for(lambda: len(fake.calls_to("chat.postMessage")) >= 1)
        assert fake.wait_for(lambda: "Acme Ltd" in all_text(fake.homes.get(OWNER, {})))
    finally:
        process.close()
