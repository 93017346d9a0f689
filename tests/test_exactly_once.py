"""Exactly once, even under double clicks, re-plans and faults. Concurrent requests are released
together from a barrier, half of them to a second app instance with its own engine and pool (on
SQLite, two instances on one file take turns only through SQLite's own lock, as two processes do)."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from bot.app import build_sweeper_client
from bot.core.reminders import AFTER_TOLD
from bot.core.steps import StepId
from bot.reminders.sweeper import Sweeper
from bot.slack.ids import Action, Callback
from bot.storage.models import Case, EventKind, Reminder, ReminderState, TimelineEvent
from tests.conftest import OWNER
from tests.fake_slack import FakeSlack
from tests.flow import complete, walk_to
from tests.harness import Bot, Clock, all_text, find_action, state_from_view

NOTICE_AHEAD_AT = datetime(2027, 1, 12, 9, tzinfo=UTC)


@pytest.fixture
def second(fake: FakeSlack, database_url: str, clock: Clock) -> Iterator[Bot]:
    running = Bot(fake, database_url, clock)
    yield running
    running.close()


def at_once(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run every call in its own thread, all released at the same instant."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], Any]) -> Any:
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def sweep(bot: Bot) -> Any:
    return Sweeper(bot.deps, build_sweeper_client(bot.deps)).sweep()


def plan_case(bot: Bot) -> Case:
    complete(bot, OWNER, conversation_date="2027-01-15")
    return the_case(bot)


def the_case(bot: Bot) -> Case:
    with bot.db.session() as session:
        case = session.scalars(select(Case)).one()
        _ = case.items, case.events, case.reminders
        return case


def waiting_by_kind(bot: Bot) -> Counter[str]:
    with bot.db.session() as session:
        rows = session.scalars(select(Reminder.kind).where(Reminder.state.in_(("pending", "sending"))))
        return Counter(rows)


def dm_with(bot: Bot, text: str) -> dict[str, Any]:
    return next(m for m in bot.fake.dms_to(OWNER) if text in all_text(m))


def press(bot: Bot, message: dict[str, Any], action_id: str, **extra: Any) -> Callable[[], int]:
    block, element = find_action(message, action_id)
    action = {
        "type": element["type"],
        "action_id": action_id,
        "block_id": block["block_id"],
        "value": element.get("value"),
        **extra,
    }
    return lambda: bot.click(action, message=message, channel="D" + OWNER[1:]).status


@pytest.mark.parametrize("clicks", [2, 3])
def test_a_double_clicked_done_changes_the_case_once(bot: Bot, second: Bot, clicks: int) -> None:
    plan_case(bot)
    bot.clock.set(datetime(2027, 1, 15, 9, tzinfo=UTC))  # the conversation day
    sweep(bot)
    dm = dm_with(bot, "Today you talk to")
    before = waiting_by_kind(bot)
    # The conversation day's own Done (the DM also carries the briefing nudge due that morning).
    start = next(n for n, block in enumerate(dm["blocks"]) if "Today you talk" in str(block))
    talk = {**dm, "blocks": dm["blocks"][start:]}
    statuses = at_once([press([bot, second][i % 2], talk, Action.REMINDER_DONE) for i in range(clicks)])
    assert statuses == [200] * clicks
    case = the_case(bot)
    assert [e.kind for e in case.events].count(EventKind.REMINDER_DONE) == 1
    assert [e.detail for e in case.events].count("Client told") == 1
    waiting = waiting_by_kind(bot)
    assert max(waiting.values()) == 1, waiting  # no kind planned twice
    # Nothing new but the follow-ups that waited for "told".
    assert set(waiting) - set(before) <= {k.value for k in AFTER_TOLD}


def test_three_simultaneous_client_told_clicks_tell_once(bot: Bot, second: Bot) -> None:
    case = plan_case(bot)
    bot.click({"type": "button", "action_id": Action.OPEN_CASE, "block_id": "x", "value": str(case.id)})
    view = bot.fake.views[list(bot.fake.views)[-1]]
    block, button = find_action(view, Action.CLIENT_TOLD)
    action = {
        "type": "button",
        "action_id": Action.CLIENT_TOLD,
        "block_id": block["block_id"],
        "value": button["value"],
    }
    at_once([partial(b.click, action, view=view) for b in (bot, second, bot)])
    told = [e for e in the_case(bot).events if e.detail == "Client told"]
    assert len(told) == 1 and max(waiting_by_kind(bot).values()) == 1


def test_four_simultaneous_plan_submissions_make_one_case_and_one_dm(bot: Bot, second: Bot) -> None:
    modal = walk_to(bot, OWNER, StepId.REVIEW)
    review = dict(modal.view)
    values = state_from_view(review)
    answers = at_once([partial(b.submit_view, review, values) for b in (bot, second, bot, second)])
    assert all(a.json["view"]["callback_id"] == Callback.FLOW_DONE for a in answers)
    with bot.db.session() as session:
        assert session.scalar(select(func.count()).select_from(Case)) == 1
    plan_dms = [m for m in bot.fake.posted if "Your plan is ready" in all_text(m)]
    assert len(plan_dms) == 1


def test_the_plan_dm_survives_slack_failing_twice(bot: Bot) -> None:
    bot.fake.fail_next("chat.postMessage", status=503, error="service_unavailable", times=2)
    complete(bot, OWNER)
    assert not [m for m in bot.fake.posted if "Your plan is ready" in all_text(m)]  # owed, not lost
    bot.clock.advance(timedelta(seconds=30))
    sweep(bot)  # the second failure
    bot.clock.advance(timedelta(seconds=60))
    sweep(bot)
    assert len([m for m in bot.fake.posted if "Your plan is ready" in all_text(m)]) == 1
    bot.clock.advance(timedelta(hours=1))
    sweep(bot)
    assert len([m for m in bot.fake.posted if "Your plan is ready" in all_text(m)]) == 1
    assert [e.kind for e in the_case(bot).events].count(EventKind.PLAN_SENT) == 1


def test_ticking_an_item_after_the_overdue_nudge_does_not_send_it_again(bot: Bot) -> None:
    plan_case(bot)
    bot.clock.set(datetime(2027, 1, 18, 10, 30, tzinfo=UTC))  # Monday after the notify-by day
    sweep(bot)
    overdue = [m for m in bot.fake.posted if "have not been told yet" in all_text(m)]
    assert len(overdue) == 1
    case = the_case(bot)
    bot.click({"type": "button", "action_id": Action.OPEN_CASE, "block_id": "x", "value": str(case.id)})
    view = bot.fake.views[list(bot.fake.views)[-1]]
    prepare = next(b for b in view["blocks"] if b.get("block_id", "").startswith("checklist_prepare"))
    book = [o for o in prepare["elements"][0]["options"] if o["value"] == "book"]
    bot.click(
        {
            "type": "checkboxes",
            "action_id": Action.CHECKLIST_TOGGLE,
            "block_id": prepare["block_id"],
            "selected_options": book,
        },
        view=view,
    )
    bot.clock.advance(timedelta(seconds=5))
    sweep(bot)
    assert len([m for m in bot.fake.posted if "have not been told yet" in all_text(m)]) == 1
    next_one = next(r for r in the_case(bot).reminders if r.kind == "notice_overdue" and r.state == "pending")
    assert next_one.next_attempt_at == datetime(2027, 1, 19, 9, tzinfo=UTC)


def test_a_snoozed_nudge_keeps_its_time_through_a_re_plan(bot: Bot) -> None:
    """Snoozed to next Monday, a time no plan of this case picks (nudges go out on the day they are
    for): reminders off and on again, then dates moved so that the plan wants the same nudge on
    another day, and it still waits for Monday, the same row, still snoozed."""
    plan_case(bot)
    bot.clock.set(NOTICE_AHEAD_AT)  # Tuesday 12 January
    sweep(bot)
    dm = dm_with(bot, "working days left")
    _, select_menu = find_action(dm, Action.REMINDER_SNOOZE)
    monday = next(o for o in select_menu["options"] if o["value"].endswith(":monday"))
    assert press(bot, dm, Action.REMINDER_SNOOZE, selected_option=monday)() == 200
    snoozed_until = datetime(2027, 1, 18, 9, tzinfo=UTC)

    def waiting(kind: str) -> list[tuple[int, datetime, bool]]:
        rows = [r for r in the_case(bot).reminders if r.kind == kind and r.state == ReminderState.PENDING]
        return [(r.id, r.next_attempt_at, r.snoozed) for r in rows]

    [(snoozed_id, at, is_snoozed)] = waiting("notice_ahead")
    assert (at, is_snoozed) == (snoozed_until, True)
    # An unsnoozed nudge waits too: it shows the re-plans happen.
    assert [at for _, at, _ in waiting("conversation_day")] == [datetime(2027, 1, 15, 9, tzinfo=UTC)]

    case = the_case(bot)
    bot.click({"type": "button", "action_id": Action.OPEN_CASE, "block_id": "x", "value": str(case.id)})
    view = bot.fake.views[list(bot.fake.views)[-1]]
    block, button = find_action(view, Action.TOGGLE_REMINDERS)
    action = {
        "type": "button",
        "action_id": Action.TOGGLE_REMINDERS,
        "block_id": block["block_id"],
        "value": button["value"],
    }
    assert bot.click(action, view=view).status == 200  # off
    assert not the_case(bot).reminders_enabled and waiting("conversation_day") == []
    assert waiting("notice_ahead") == [(snoozed_id, snoozed_until, True)]
    assert bot.click(action, view=bot.fake.views[view["id"]]).status == 200  # and on: a full re-plan
    assert the_case(bot).reminders_enabled and len(waiting("conversation_day")) == 1
    assert waiting("notice_ahead") == [(snoozed_id, snoozed_until, True)]

    # Told a week later: the plan now wants the booking nudge again, on Tuesday 19 January.
    response = change_dates(bot, notify_by="2027-01-22", conversation_date="2027-01-22")
    assert response.status == 200 and response.text == "", response.text
    assert [at for _, at, _ in waiting("conversation_day")] == [datetime(2027, 1, 22, 9, tzinfo=UTC)]
    assert waiting("notice_ahead") == [(snoozed_id, snoozed_until, True)]


def change_dates(bot: Bot, **typed: str) -> Any:
    case = the_case(bot)
    bot.click({"type": "button", "action_id": Action.OPEN_CASE, "block_id": "x", "value": str(case.id)})
    view = bot.fake.views[list(bot.fake.views)[-1]]
    block, button = find_action(view, Action.EDIT_DATES)
    bot.click(
        {
            "type": "button",
            "action_id": Action.EDIT_DATES,
            "block_id": block["block_id"],
            "value": button["value"],
        },
        view=view,
    )
    form = next(v for v in reversed(list(bot.fake.views.values())) if v["callback_id"] == Callback.EDIT_DATES)
    return bot.submit_view(form, state_from_view(form, typed))


def test_a_moved_conversation_gets_its_nudge_again_on_the_new_day(bot: Bot) -> None:
    plan_case(bot)
    bot.clock.set(datetime(2027, 1, 15, 9, tzinfo=UTC))
    sweep(bot)
    assert dm_with(bot, "Today you talk to")
    bot.clock.set(datetime(2027, 1, 15, 11, tzinfo=UTC))
    response = change_dates(bot, notify_by="2027-01-22", conversation_date="2027-01-22")
    assert response.status == 200 and response.text == "", response.text
    waiting = [r for r in the_case(bot).reminders if r.kind == "conversation_day" and r.state == "pending"]
    assert [(r.for_day.isoformat() if r.for_day else None, r.next_attempt_at) for r in waiting] == [
        ("2027-01-22", datetime(2027, 1, 22, 9, tzinfo=UTC))
    ]
    bot.clock.set(datetime(2027, 1, 22, 9, tzinfo=UTC))
    sweep(bot)
    assert len([m for m in bot.fake.posted if "Today you talk to" in all_text(m)]) == 2


@pytest.mark.parametrize("day", ["3000-01-01", "9999-12-31", "1900-01-01"])
def test_change_dates_refuses_dates_no_plan_can_use(bot: Bot, day: str) -> None:
    plan_case(bot)
    response = change_dates(bot, effective_date=day)
    assert response.json["response_action"] == "errors"
    assert "too far" in response.json["errors"]["effective_date"]
    response = change_dates(bot, conversation_date=day)
    assert "conversation_date" in response.json["errors"]
    assert str(the_case(bot).effective_date) == "2027-02-26"


def test_change_dates_refuses_a_weekend_conversation(bot: Bot) -> None:
    plan_case(bot)
    response = change_dates(bot, conversation_date="2027-01-09")
    assert "not a working day" in response.json["errors"]["conversation_date"]


def test_the_database_itself_refuses_a_second_waiting_reminder_of_a_kind(bot: Bot) -> None:
    case = plan_case(bot)
    with pytest.raises(IntegrityError), bot.db.session(write=True) as session:
        session.add(
            Reminder(
                case_id=case.id,
                team_id=case.team_id,
                kind="conversation_day",
                item_key="",
                covers=[],
                due_at=NOTICE_AHEAD_AT,
                next_attempt_at=NOTICE_AHEAD_AT,
                state=ReminderState.PENDING,
            )
        )


def test_invisible_names_are_empty_and_reversing_marks_are_not_shown(bot: Bot) -> None:
    modal = walk_to(bot, OWNER, StepId.SITUATION)
    errors = modal.submit(
        {"client_name": "\u200b\u3164", "contact_name": "Sam", "situation": "we_end", "tenure": "1"}
    )
    assert "client_name" in errors.json["errors"]
    spoofed = "Acme \u202egnp.exe\u202c Ltd"
    complete(bot, OWNER, spoofed)
    with bot.db.session() as session:
        stored = session.scalars(select(Case.client_name)).one()
        assert stored == spoofed  # stored as typed
        events = session.scalars(select(TimelineEvent)).all()
        assert events
    shown = [bot.fake.homes[OWNER], *bot.fake.dms_to(OWNER)]
    for holder in shown:
        text = all_text(holder, raw=True)
        assert "\u202e" not in text and "Acme gnp.exe Ltd" in text
