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
from bot.reminders.sweeper import Sweeper
from bot.slack.ids import Callback
from bot.storage.models import Case
from tests.conftest import OWNER
from tests.fake_slack import FakeSlack
from tests.flow import Modal, advance, complete_across, start
from tests.harness import Bot, Clock, all_text
from tests.situations import answers_for


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
    for client in ("Acme Ltd", "Globex", "Initech"):
        complete_across([bot, second], OWNER, client)
    bot.clock.set(datetime(2027, 1, 19, 10, tzinfo=UTC))
    sweepers = [Sweeper(b.deps, build_sweeper_client(b.deps)) for b in (bot, second)]
    threads = [threading.Thread(target=s.sweep) for s in sweepers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    reminder_ids = [
        next(b for b in m["blocks"] if b["type"] == "actions")["elements"][0]["value"]
        for m in bot.fake.posted
        if "reminder_done" in str(m["blocks"])
    ]
    # Three cases talked about on Tue 12 Jan but never marked told: each has the overdue notice,
    # the confirmation, how they feel, the alternatives and the concerns check due (the nudges
    # for days gone by are stale).
    assert len(reminder_ids) == 15
    assert len(set(reminder_ids)) == len(reminder_ids)
