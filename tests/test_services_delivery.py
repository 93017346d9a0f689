"""The delivery service called directly (no app, no HTTP), on SQLite and PostgreSQL, posting to the
fake Slack: a due reminder goes out once, a 429 is tried again after its Retry-After, the nudges
that assume the client knows wait for "told", and a snoozed nudge keeps its time through a re-plan
and then goes out at that time."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from bot.app import build_sweeper_client
from bot.config import load_settings
from bot.core.answers import Answers
from bot.core.kinds import ReminderKind
from bot.core.reminders import AFTER_TOLD
from bot.core.schedule import Snooze
from bot.deps import Deps
from bot.services import cases, reminders
from bot.services.delivery import Delivery, Due, Fate, GroupCommit, Outgoing, Sent
from bot.services.inputs import CaseId, ReminderId
from bot.slack.owed_dms import dm_for
from bot.slack.reminder_messages import combined_message
from bot.storage.db import Database, migrate
from bot.storage.models import Reminder
from tests.conftest import OWNER, START
from tests.fake_slack import FakeSlack
from tests.harness import Clock
from tests.services import ME, make_case

NOTICE_AHEAD = datetime(2027, 1, 12, 9, 0, tzinfo=START.tzinfo)  # the booking nudge's morning


@pytest.fixture
def deps(database_url: str, fake: FakeSlack) -> Iterator[Deps]:
    settings = load_settings(
        {
            "DATABASE_URL": database_url,
            "SLACK_BOT_TOKEN": fake.bot_token,
            "SLACK_SIGNING_SECRET": "unused",
            "SLACK_API_URL": fake.base_url,
        }
    )
    db = Database.from_url(settings.database_url)
    migrate(db.engine)
    yield Deps(settings=settings, db=db, clock=Clock(START))
    db.engine.dispose()


def delivery(deps: Deps) -> Delivery:
    return Delivery(deps, build_sweeper_client(deps), render=dm_for, combine=combined_message)


def sweep(deps: Deps) -> list[Fate | None]:
    """What one sweep does, through the service: claim what is due, deliver it case by case."""
    service, now = delivery(deps), deps.now()
    fates: list[Fate | None] = []
    backoff: dict[str, datetime] = {}
    while (batch := service.claim(now, 50, set(backoff))).due:
        for group in batch.groups():
            fates += service.deliver(batch, group, now, backoff)
        for team, until in backoff.items():
            service.defer_team(batch, team, until)
    return fates


def rows(deps: Deps, case_id: CaseId) -> list[Reminder]:
    with deps.db.session() as session:
        return list(
            session.scalars(select(Reminder).where(Reminder.case_id == case_id).order_by(Reminder.id))
        )


def at(deps: Deps, moment: datetime) -> None:
    assert isinstance(deps.clock, Clock)
    deps.clock.set(moment)


def nudges_to(fake: FakeSlack) -> list[dict[str, object]]:
    return [m for m in fake.dms_to(OWNER) if "reminder_done" in str(m["blocks"])]


def test_a_due_reminder_goes_out_once(deps: Deps, fake: FakeSlack) -> None:
    case_id = make_case(deps)
    sweep(deps)  # the plan's own DM, owed at once
    at(deps, NOTICE_AHEAD - timedelta(minutes=1))
    assert sweep(deps) == [] and nudges_to(fake) == []
    at(deps, NOTICE_AHEAD)
    assert sweep(deps) == [Fate.SENT]
    assert sweep(deps) == []
    at(deps, NOTICE_AHEAD + timedelta(hours=1))
    assert sweep(deps) == []
    [dm] = nudges_to(fake)
    sent = [r for r in rows(deps, case_id) if r.sent_at is not None and r.kind != ReminderKind.PLAN_READY]
    assert [(r.kind, r.state, r.message_ts) for r in sent] == [(ReminderKind.NOTICE_AHEAD, "sent", dm["ts"])]


def test_a_429_is_tried_again_after_its_retry_after(deps: Deps, fake: FakeSlack) -> None:
    case_id = make_case(deps)
    sweep(deps)
    at(deps, NOTICE_AHEAD)
    fake.fail_next("chat.postMessage", status=429, error="ratelimited", retry_after=40)
    assert sweep(deps) == [Fate.DEFERRED]
    [waiting] = [r for r in rows(deps, case_id) if r.kind == ReminderKind.NOTICE_AHEAD]
    assert waiting.state == "pending" and waiting.next_attempt_at == NOTICE_AHEAD + timedelta(seconds=40)
    assert waiting.attempts == 0, "a rate limit is not a failed attempt"
    at(deps, NOTICE_AHEAD + timedelta(seconds=39))
    assert sweep(deps) == [] and nudges_to(fake) == []
    at(deps, NOTICE_AHEAD + timedelta(seconds=40))
    assert sweep(deps) == [Fate.SENT]
    assert len(nudges_to(fake)) == 1


def test_the_nudges_that_assume_the_client_knows_wait_for_told(deps: Deps, fake: FakeSlack) -> None:
    case_id = make_case(deps)
    # Every morning from now to well past the end date, never told: no follow-up is ever sent.
    day = START
    while day.date() < date(2027, 3, 15):
        at(deps, day)
        sweep(deps)
        day += timedelta(days=1)
    assert nudges_to(fake), "the notice nudges went out"
    sent = {r.kind for r in rows(deps, case_id) if r.sent_at is not None}
    waiting = {r.kind for r in rows(deps, case_id) if r.state == "pending"}
    assert not (sent | waiting) & AFTER_TOLD


def test_once_told_the_follow_ups_are_planned(deps: Deps) -> None:
    case_id = make_case(deps)
    assert not {r.kind for r in rows(deps, case_id) if r.state == "pending"} & AFTER_TOLD
    at(deps, datetime(2027, 1, 15, 9, tzinfo=START.tzinfo))
    sweep(deps)
    asked = next(r for r in rows(deps, case_id) if r.kind == ReminderKind.CONVERSATION_DAY)
    outcome = reminders.told(deps, ME, ReminderId(asked.id), None)
    assert outcome is not None and outcome.result == "told"
    assert ReminderKind.SEND_CONFIRMATION in {r.kind for r in rows(deps, case_id) if r.state == "pending"}


def test_a_snoozed_nudge_keeps_its_time_through_a_re_plan_and_then_goes_out(
    deps: Deps, fake: FakeSlack
) -> None:
    case_id = make_case(deps)
    sweep(deps)
    at(deps, NOTICE_AHEAD)
    assert sweep(deps) == [Fate.SENT]
    [sent] = [r for r in rows(deps, case_id) if r.kind == ReminderKind.NOTICE_AHEAD]
    outcome = reminders.snooze(deps, ME, ReminderId(sent.id), Snooze.TOMORROW)
    assert outcome is not None and outcome.result == "snoozed"
    [snoozed] = [r for r in rows(deps, case_id) if r.id == sent.id]
    # The conversation a week later: a re-plan moves every nudge, but not the one snoozed.
    moved = Answers(
        effective_date=date(2027, 3, 5),
        notify_by=date(2027, 1, 22),
        conversation_date=date(2027, 1, 21),
        conversation_time=time(10, 30),
    )
    changed = cases.change_dates(deps, ME, case_id, moved)
    assert changed is not None and not changed.problems
    [kept] = [r for r in rows(deps, case_id) if r.id == sent.id]
    assert (kept.state, kept.snoozed, kept.next_attempt_at) == ("pending", True, snoozed.next_attempt_at)
    assert [r.id for r in rows(deps, case_id) if r.kind == kept.kind and r.state == "pending"] == [kept.id]
    at(deps, kept.next_attempt_at - timedelta(minutes=1))
    assert sweep(deps) == []
    at(deps, kept.next_attempt_at)
    assert Fate.SENT in sweep(deps)
    [again] = [r for r in rows(deps, case_id) if r.id == sent.id]
    assert again.state == "sent" and len(nudges_to(fake)) == 2


def test_records_that_arrive_while_one_is_written_go_together_and_each_gets_its_own_fates() -> None:
    """The group commit: a record arriving while another is written waits and is written with the
    others that queued, in one call, and each sender hears only of its own reminders."""
    writing, release = threading.Event(), threading.Event()
    calls: list[list[int]] = []

    def write(sent: list[Sent]) -> dict[int, Fate]:
        ids = [o.due.reminder_id for s in sent for o in s.part]
        calls.append(ids)
        if len(calls) == 1:
            writing.set()
            assert release.wait(10)
        return {i: Fate.SENT if i % 2 else Fate.LOST for i in ids}

    group = GroupCommit(write)

    def sent(reminder_id: int) -> Sent:
        due = Due(reminder_id, "token", "T1", reminder_id)
        outgoing = Outgoing(due, OWNER, "T1", None, 1, ReminderKind.REFLECT, False, {"blocks": []})
        return Sent([outgoing], START, "D1", "1.0")

    with ThreadPoolExecutor(4) as senders:
        first = senders.submit(group.record, sent(1))
        assert writing.wait(10)
        queued = [senders.submit(group.record, sent(n)) for n in (2, 3, 4)]
        for _ in range(10_000):  # until the three are in line (no Slack call or event to wait on)
            if len(group._queued) == 3:
                break
            threading.Event().wait(0.001)
        else:
            pytest.fail("the three records never queued behind the one being written")
        release.set()
        assert first.result(10) == {1: Fate.SENT}
        assert [q.result(10) for q in queued] == [{2: Fate.LOST}, {3: Fate.SENT}, {4: Fate.LOST}]
    assert calls == [[1], [2, 3, 4]]
