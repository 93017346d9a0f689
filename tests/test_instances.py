"""Two bot processes' worth of app (each its own server, engine and pool) on one database: any
instance serves any step, and reminders still go out once."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.app import build_sweeper_client
from bot.core.answers import SituationKey
from bot.core.steps import StepId
from bot.reminders.sweeper import Sweeper, SweepReport
from bot.slack.ids import Callback
from bot.storage.models import Case, ReminderState
from tests.conftest import OWNER
from tests.fake_slack import FakeSlack
from tests.flow import Modal, advance, complete_across, start
from tests.harness import Bot, Clock, all_text
from tests.reminder_dms import due_by, reminder_ids, states_of
from tests.situations import answers_for

CLIENTS = ("Acme Ltd", "Globex", "Initech")


@pytest.fixture
def second(fake: FakeSlack, database_url: str, clock: Clock) -> Iterator[Bot]:
    running = Bot(fake, database_url, clock)
    yield running
    running.close()


def test_each_step_may_land_on_either_instance(bot: Bot, second: Bot) -> None:
    modal = complete_across([bot, second], OWNER)
    assert modal.callback_id == Callback.FLOW_DONE
    with second.db.session() as session:
        assert [c.client_name for c in session.scalars(select(Case))] == ["Acme Ltd"]
    bot.event({"type": "app_home_opened", "user": OWNER, "channel": "D1", "tab": "home"})
    assert "Acme Ltd" in all_text(bot.fake.homes[OWNER])


def test_back_on_one_instance_after_a_step_on_the_other(bot: Bot, second: Bot) -> None:
    modal = start(bot, OWNER)
    advance(Modal(second, modal.view_id, OWNER), SituationKey.WE_END, {})
    advance(Modal(bot, modal.view_id, OWNER), SituationKey.WE_END, {})
    Modal(second, modal.view_id, OWNER).back()
    assert modal.callback_id == Callback.STEP_CHANGE
    reason = next(b for b in modal.view["blocks"] if b.get("block_id") == "reason")
    assert reason["element"]["initial_value"] == answers_for(SituationKey.WE_END, StepId.CHANGE)["reason"]


def test_both_instances_sweeping_send_each_reminder_once(bot: Bot, second: Bot) -> None:
    for client in CLIENTS:
        complete_across([bot, second], OWNER, client)
    at = datetime(2027, 1, 19, 10, tzinfo=UTC)
    bot.clock.set(at)
    due = due_by(bot.db, at)
    before = len(bot.fake.posted)
    sweepers = [Sweeper(b.deps, build_sweeper_client(b.deps)) for b in (bot, second)]
    reports: list[SweepReport] = []
    threads = [threading.Thread(target=lambda s=s: reports.append(s.sweep())) for s in sweepers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    sent = reminder_ids(bot.fake.posted[before:])
    # Three cases whose client was to be told by Fri 15 Jan but was never marked told: each has one
    # nudge to send, the overdue notice (the follow-ups wait until the client is told, and the
    # nudges for days gone by are stale, settled unsent).
    assert len(sent) == len(set(sent)) == len(CLIENTS), sent
    states = states_of(bot.db, due)
    # Nothing due is lost or left claimed: each is sent, or settled unsent; and what is recorded
    # as sent is exactly what the DMs carried, each once.
    assert set(states.values()) <= {ReminderState.SENT, ReminderState.CANCELLED, ReminderState.DONE}, states
    assert {i for i, state in states.items() if state == ReminderState.SENT} == set(sent)
    assert sum(r.sent for r in reports) == len(sent), reports
