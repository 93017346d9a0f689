"""Answers first: work without a deadline (the plan's summary DM after "Create plan", and the App
Home it owes) waits while other Slack requests are being answered, for a bounded time."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from bot.answering import Answering
from bot.core.steps import StepId
from bot.listeners.common import publish_due_homes
from bot.slack.ids import Callback
from tests.conftest import OTHER, OWNER
from tests.fake_slack import FakeSlack
from tests.flow import walk_to
from tests.harness import Bot, Clock

SOON = 10  # seconds: how long a test waits for another thread before it fails


def in_flight_until(answering: Answering, released: threading.Event) -> threading.Thread:
    """A request being answered, in another thread, until `released` is set."""
    entered = threading.Event()

    def answer() -> None:
        with answering.request():
            entered.set()
            released.wait(SOON)

    thread = threading.Thread(target=answer)
    thread.start()
    assert entered.wait(SOON)
    return thread


def test_nothing_waits_when_no_other_request_is_being_answered() -> None:
    answering = Answering()
    assert answering.wait_for_quiet(at_most=0)
    with answering.request():  # work run inline, inside the request it follows, does not wait for itself
        assert answering.in_flight == 1
        assert answering.wait_for_quiet(at_most=0)
    assert answering.in_flight == 0


def test_a_waiter_goes_on_as_soon_as_the_last_other_request_is_answered() -> None:
    answering = Answering()
    released = threading.Event()
    request = in_flight_until(answering, released)
    outcome: list[bool] = []
    waiter = threading.Thread(target=lambda: outcome.append(answering.wait_for_quiet(at_most=SOON)))
    waiter.start()
    assert answering.wait_until(lambda a: a.waiting == 1, timeout=SOON)
    assert outcome == []  # still held back: a request is being answered
    released.set()
    request.join(SOON)
    waiter.join(SOON)
    assert outcome == [True] and answering.in_flight == 0


def test_a_waiter_goes_ahead_when_its_time_is_up() -> None:
    answering = Answering()
    released = threading.Event()
    request = in_flight_until(answering, released)
    try:
        assert answering.wait_for_quiet(at_most=0) is False
    finally:
        released.set()
        request.join(SOON)


def test_the_plans_summary_and_home_wait_while_someone_elses_command_is_answered(
    fake: FakeSlack, database_url: str, clock: Clock
) -> None:
    with ThreadPoolExecutor(2) as background:
        bot = Bot(fake, database_url, clock, executor=background)
        release: threading.Event | None = None
        try:
            review = walk_to(bot, OWNER, StepId.REVIEW)
            # Someone else's /end-client is being answered: Slack has not yet answered its views.open.
            release = fake.hold("views.open")
            other = threading.Thread(target=bot.slash, args=("Other Ltd",), kwargs={"user": OTHER})
            other.start()
            assert fake.wait_for(lambda: len(fake.calls_to("views.open")) == 2)
            homes_before = len(fake.calls_to("views.publish"))

            answer = review.submit()
            assert answer.json["view"]["callback_id"] == Callback.FLOW_DONE  # the plan, answered at once
            assert bot.deps.answering.wait_until(lambda a: a.waiting == 1, timeout=SOON)
            assert fake.dms_to(OWNER) == [] and len(bot.deps.homes) == 0
            assert len(fake.calls_to("views.publish")) == homes_before

            release.set()
            other.join(SOON)
            assert not other.is_alive()
            assert fake.wait_for(lambda: len(fake.dms_to(OWNER)) == 1, timeout=SOON)
            # The Home is owed after the DM, in the same work, which no Slack call announces: wait
            # for the work itself (the fake's wait re-checks only as calls come in).
            background.shutdown(wait=True)
            assert len(bot.deps.homes) == 1
            assert publish_due_homes(bot.deps, None) == 1  # the homes job draws the Home now owed
            assert len(fake.calls_to("views.publish")) == homes_before + 1
        finally:
            if release is not None:
                release.set()
            bot.close()
