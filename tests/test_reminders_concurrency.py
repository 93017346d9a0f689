"""Several sweepers at once (as several bot processes would run) deliver each reminder exactly once."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any

from slack_sdk.web import SlackResponse
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from bench import rows
from bot.app import build_sweeper_client
from bot.deps import Deps
from bot.reminders.sweeper import Sweeper
from bot.storage import reminder_lifecycle as lifecycle
from bot.storage.db import Database
from bot.storage.models import Case, Reminder, ReminderState
from tests.conftest import OWNER
from tests.harness import Bot

CASES = 100
PER_CASE = 20  # 2,000 due reminders


def seed(bot: Bot, now: datetime, cases: int = CASES) -> None:
    case_row = rows.case_row(
        bot.fake.team_id,
        OWNER,
        now.date(),
        now,
        effective_date=date(2027, 6, 1),
        notify_by=date(2027, 5, 1),
        conversation_date=date(2027, 4, 28),
    )
    with bot.db.session(write=True) as session:
        ids = session.scalars(insert(Case).returning(Case.id), [case_row] * cases).all()
        session.execute(
            insert(Reminder),
            rows.due_reminder_rows(list(ids), bot.fake.team_id, now, PER_CASE, timedelta(minutes=1)),
        )


def deliveries(bot: Bot) -> Counter[str]:
    """How often each reminder reached Slack, by its Done button's value."""
    return Counter(
        next(b for b in m["blocks"] if b["type"] == "actions")["elements"][0]["value"]
        for m in bot.fake.posted
    )


def test_two_sweepers_deliver_each_reminder_exactly_once(bot: Bot) -> None:
    now = datetime(2027, 3, 2, 10, tzinfo=UTC)  # a Tuesday, 10:00 UTC: inside working hours
    bot.clock.set(now)
    seed(bot, now)
    sweepers = []
    for _ in range(2):
        # Each sweeper has its own engine and connection pool, like a separate process.
        deps = Deps(
            settings=bot.deps.settings, db=Database.from_url(bot.deps.settings.database_url), clock=bot.clock
        )
        sweepers.append(Sweeper(deps, build_sweeper_client(deps), batch=100))
    reports = []
    threads = [threading.Thread(target=lambda s=s: reports.append(s.sweep())) for s in sweepers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    delivered = deliveries(bot)
    assert len(delivered) == CASES * PER_CASE
    assert set(delivered.values()) == {1}
    assert sum(r.sent for r in reports) == CASES * PER_CASE
    assert all(r.sent > 0 for r in reports), "both sweepers should have taken a share"
    for sweeper in sweepers:
        sweeper.deps.db.engine.dispose()


def test_a_rate_limit_mid_batch_defers_the_rest_and_loses_none(bot: Bot) -> None:
    now = datetime(2027, 3, 2, 10, tzinfo=UTC)
    bot.clock.set(now)
    seed(bot, now, cases=3)
    bot.fake.fail_next("chat.postMessage", status=429, error="ratelimited", retry_after=5)
    sweeper = Sweeper(bot.deps, build_sweeper_client(bot.deps), batch=100, workers=1)
    first = sweeper.sweep()
    assert first.sent == 0 and first.deferred == 3 * PER_CASE
    bot.clock.advance(timedelta(seconds=4))
    assert sweeper.sweep().claimed == 0
    bot.clock.advance(timedelta(seconds=1))
    assert sweeper.sweep().sent == 3 * PER_CASE
    values = deliveries(bot)
    assert len(values) == 3 * PER_CASE and set(values.values()) == {1}


def test_a_claim_takes_at_most_its_batch_and_a_concurrent_claim_takes_others(bot: Bot) -> None:
    now = datetime(2027, 3, 2, 10, tzinfo=UTC)
    seed(bot, now, cases=30)  # 600 due
    with Session(bot.db.engine) as first:
        try:
            _, taken = lifecycle.claim_due(first, now, 200)
            assert len(taken) == 200  # not every due row: other processes share the rest
            if bot.db.engine.dialect.name == "postgresql":
                # While the first claim is still open, another process skips its locked rows.
                with Session(bot.db.engine) as second:
                    _, others = lifecycle.claim_due(second, now, 200)
                    second.commit()
                assert len(others) == 200 and not {c.reminder_id for c in taken} & {
                    c.reminder_id for c in others
                }
        finally:
            first.rollback()


def test_a_rate_limit_with_four_senders_defers_the_rest_and_loses_none(bot: Bot) -> None:
    """Two batches, four senders: a 429 in the first hands back what is unsent of the workspace's
    share, and the next sweeps send each reminder once."""
    now = datetime(2027, 3, 2, 10, tzinfo=UTC)
    bot.clock.set(now)
    seed(bot, now, cases=10)  # 200 due: two batches of 100
    bot.fake.fail_next("chat.postMessage", status=429, error="ratelimited", retry_after=5)
    sweeper = Sweeper(bot.deps, build_sweeper_client(bot.deps), batch=100, workers=4)
    first = sweeper.sweep()
    assert first.deferred > 0 and first.sent + first.deferred == first.claimed
    bot.clock.advance(timedelta(seconds=5))
    while sweeper.sweep().claimed:
        pass
    values = deliveries(bot)
    assert len(values) == 10 * PER_CASE and set(values.values()) == {1}


def test_a_sent_record_needs_its_claim_and_a_taken_over_claim_is_reported_lost(bot: Bot) -> None:
    now = datetime(2027, 3, 2, 10, tzinfo=UTC)
    seed(bot, now, cases=1)
    with bot.db.session(write=True) as session:
        token, claimed = lifecycle.claim_due(session, now, 3)
    ours, taken_over = [c.reminder_id for c in claimed[:2]], claimed[2].reminder_id
    at = now + timedelta(seconds=2)
    with bot.db.session(write=True) as session:
        marked = [
            lifecycle.mark_sent(session, rid, token, at, rid == ours[0], "D1", f"1.{rid}") for rid in ours
        ]
        marked.append(lifecycle.mark_sent(session, taken_over, "another-token", at, False, "D1", "1.0"))
    assert marked == [True, True, False]
    with bot.db.session() as session:
        stored = {
            r.id: r for r in session.scalars(select(Reminder).where(Reminder.id.in_([*ours, taken_over])))
        }
    assert [stored[rid].state for rid in ours] == [ReminderState.SENT, ReminderState.SENT]
    assert stored[ours[0]].sent_at == at and stored[ours[0]].late and not stored[ours[1]].late
    assert stored[ours[1]].channel_id == "D1" and stored[ours[1]].message_ts == f"1.{ours[1]}"
    assert stored[taken_over].state == ReminderState.SENDING and stored[taken_over].sent_at is None


def test_a_sweep_told_to_stop_finishes_the_send_under_way_and_hands_back_the_rest(bot: Bot) -> None:
    """As on SIGTERM: the batch is already rendered when the stop comes; what is not yet posted goes
    back to waiting without counting as a try, and the next sweep sends each reminder once."""
    now = datetime(2027, 3, 2, 10, tzinfo=UTC)
    bot.clock.set(now)
    seed(bot, now, cases=3)
    sweeper = Sweeper(bot.deps, build_sweeper_client(bot.deps), batch=100, workers=1)
    post = sweeper.delivery.client.chat_postMessage

    def post_then_stop(**kwargs: Any) -> SlackResponse:
        answer = post(**kwargs)
        sweeper.stop()  # the signal arrives while the first message is under way
        return answer

    sweeper.delivery.client.chat_postMessage = post_then_stop  # type: ignore[method-assign]
    stopped = sweeper.sweep()
    assert (stopped.claimed, stopped.sent, stopped.deferred) == (3 * PER_CASE, 1, 3 * PER_CASE - 1)
    assert len(bot.fake.posted) == 1
    with bot.db.session() as session:
        states = Counter(r.state for r in session.scalars(select(Reminder)))
        attempts = {r.attempts for r in session.scalars(select(Reminder)) if r.state == ReminderState.PENDING}
    assert states == {ReminderState.SENT: 1, ReminderState.PENDING: 3 * PER_CASE - 1}
    assert attempts == {0}
    assert Sweeper(bot.deps, build_sweeper_client(bot.deps), batch=100).sweep().sent == 3 * PER_CASE - 1
    values = deliveries(bot)
    assert len(values) == 3 * PER_CASE and set(values.values()) == {1}
