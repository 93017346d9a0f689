"""Reminder DMs through the real sweep, the fake Slack and a real database, with an injected clock."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.app import build_sweeper_client
from bot.core.answers import SituationKey
from bot.core.kinds import ReminderKind
from bot.reminders.scheduler import start_scheduler
from bot.reminders.sweeper import Sweeper
from bot.slack.ids import Action, Block, Callback
from bot.storage import reminder_lifecycle as lifecycle
from bot.storage import reminders as reminder_store
from bot.storage.models import UNSENT_STATES, Case, EventKind, Reminder, ReminderState
from bot.storage.reminder_lifecycle import STALE_CLAIM_AFTER
from tests.conftest import OTHER, OWNER
from tests.flow import complete
from tests.harness import Bot, all_text, find_action, state_from_view

NOTICE_AHEAD_AT = datetime(2027, 1, 12, 9, tzinfo=UTC)  # 3 working days before Fri 15 Jan, 9:00 London


def plan_case(bot: Bot) -> None:
    """A case whose conversation is on its notify-by day, Fri 15 Jan 2027 (its notice nudges go out)."""
    complete(bot, OWNER, conversation_date="2027-01-15")


def sweep(bot: Bot) -> Any:
    return Sweeper(bot.deps, build_sweeper_client(bot.deps)).sweep()


def reminders(bot: Bot) -> list[Reminder]:
    with bot.db.session() as session:
        return list(session.scalars(select(Reminder).order_by(Reminder.id)))


def the_case(bot: Bot) -> Case:
    with bot.db.session() as session:
        case = session.scalars(select(Case)).one()
        _ = case.items, case.events, case.reminders
        return case


def dms(bot: Bot) -> list[dict[str, Any]]:
    """Reminder DMs as they stand now, buttons and all (the plan summary DM has no Done button)."""
    return [m for m in bot.fake.dms_to(OWNER) if "reminder_done" in str(m["blocks"])]


def posted(bot: Bot) -> int:
    """How many reminder DMs were ever delivered."""
    return sum(1 for m in bot.fake.posted if "reminder_done" in str(m["blocks"]))


def part(message: dict[str, Any], text: str) -> dict[str, Any]:
    """In a DM that carries several nudges, the one whose words include `text`, with its buttons."""
    blocks = message["blocks"]
    start = next(n for n, blk in enumerate(blocks) if text in all_text({"blocks": [blk]}))
    end = next(n for n in range(start, len(blocks)) if blocks[n]["type"] == "actions")
    return {"blocks": blocks[start : end + 1]}


def press(bot: Bot, message: dict[str, Any], action_id: str, within: str | None = None, **extra: Any) -> None:
    block, element = find_action(part(message, within) if within else message, action_id)
    action = {
        "type": element["type"],
        "action_id": action_id,
        "block_id": block["block_id"],
        "value": element.get("value"),
        **extra,
    }
    assert bot.click(action, message=message, channel="D" + OWNER[1:]).status == 200


def test_nothing_before_due_then_exactly_one_dm_with_buttons(bot: Bot) -> None:
    plan_case(bot)
    bot.clock.set(NOTICE_AHEAD_AT - timedelta(minutes=1))
    assert sweep(bot).sent == 0
    bot.clock.set(NOTICE_AHEAD_AT)
    assert sweep(bot).sent == 1
    assert sweep(bot).sent == 0
    [dm] = dms(bot)
    text = all_text(dm)
    assert "Acme Ltd" in text and "3 working days" in text
    for action_id in (Action.REMINDER_DONE, Action.REMINDER_SNOOZE, Action.REMINDER_OPEN):
        find_action(dm, action_id)
    sent = [r for r in reminders(bot) if r.state == ReminderState.SENT and r.kind != "plan_ready"]
    assert [r.kind for r in sent] == ["notice_ahead"] and sent[0].message_ts == dm["ts"]


def test_done_from_the_dm_ticks_the_item_and_settles_the_message_once(bot: Bot) -> None:
    plan_case(bot)
    bot.clock.set(NOTICE_AHEAD_AT)
    sweep(bot)
    [dm] = dms(bot)
    _, button = find_action(dm, Action.REMINDER_DONE)
    assert button["text"]["text"] == "It’s booked"  # "Is the conversation booked?"
    press(bot, dm, Action.REMINDER_DONE)
    press(bot, dm, Action.REMINDER_DONE)
    case = the_case(bot)
    # Done ticks exactly what the DM asked about: the booking, not the conversation itself.
    assert {i.key for i in case.items if i.done_at} == {"book"}
    assert case.status == "open"
    assert [e.kind for e in case.events].count(EventKind.REMINDER_DONE) == 1
    updated = bot.fake.messages[("D" + OWNER[1:], dm["ts"])]
    assert not [b for b in updated["blocks"] if b["type"] == "actions"]
    assert "Done" in all_text(updated) and "Book the call with Sam Harlow" in all_text(updated)
    pending = {r.kind for r in reminders(bot) if r.state == ReminderState.PENDING}
    assert "conversation_day" in pending  # the DM with the talking points still comes


def test_done_on_the_conversation_day_marks_the_client_told(bot: Bot) -> None:
    plan_case(bot)
    bot.clock.set(datetime(2027, 1, 15, 9, tzinfo=UTC))
    sweep(bot)
    dm = next(m for m in dms(bot) if "Today you talk to Sam Harlow at Acme Ltd" in all_text(m))
    text = all_text(dm)
    assert "1. Thank them first" in text and "If it gets hard" in text  # the talking points, while untold
    press(bot, dm, Action.REMINDER_DONE, within="Today you talk")
    case = the_case(bot)
    assert case.status == "client_told" and "tell" in {i.key for i in case.items if i.done_at}
    pending = {r.kind for r in reminders(bot) if r.state == ReminderState.PENDING}
    assert not pending & {"notice_day", "notice_overdue", "conversation_day"}
    assert "Client told" in all_text(bot.fake.homes[OWNER])


def test_snooze_until_tomorrow_morning_then_it_comes_back(bot: Bot) -> None:
    plan_case(bot)
    bot.clock.set(NOTICE_AHEAD_AT)
    sweep(bot)
    [dm] = dms(bot)
    _, select_menu = find_action(dm, Action.REMINDER_SNOOZE)
    tomorrow = next(o for o in select_menu["options"] if o["value"].endswith(":tomorrow"))
    press(bot, dm, Action.REMINDER_SNOOZE, selected_option=tomorrow)
    snoozed = next(r for r in reminders(bot) if r.kind == "notice_ahead")
    assert snoozed.state == ReminderState.PENDING
    assert snoozed.next_attempt_at == datetime(2027, 1, 13, 9, tzinfo=UTC)
    assert "Snoozed until Wed 13 Jan, 09:00" in all_text(bot.fake.messages[("D" + OWNER[1:], dm["ts"])])
    bot.clock.set(datetime(2027, 1, 13, 9, tzinfo=UTC))
    assert sweep(bot).sent == 1
    assert posted(bot) == 2 and len(dms(bot)) == 1


def test_open_case_from_the_dm(bot: Bot) -> None:
    plan_case(bot)
    bot.clock.set(NOTICE_AHEAD_AT)
    sweep(bot)
    press(bot, dms(bot)[0], Action.REMINDER_OPEN)
    assert bot.fake.calls_to("views.open")[-1].args["view"]["callback_id"] == Callback.CASE


def test_nothing_is_sent_for_a_closed_case(bot: Bot) -> None:
    plan_case(bot)
    case = the_case(bot)
    bot.click(
        {"type": "button", "action_id": Action.CLOSE_CASE, "block_id": "case_actions", "value": str(case.id)}
    )
    # The handover is still open: closing asks first, and they close anyway.
    form = bot.fake.calls_to("views.open")[-1].args["view"]
    assert form["callback_id"] == Callback.CLOSE_CONFIRM
    opened = next(v for v in bot.fake.views.values() if v["callback_id"] == Callback.CLOSE_CONFIRM)
    assert bot.submit_view(opened, {}).text == ""
    assert the_case(bot).status == "closed"
    bot.clock.set(datetime(2027, 4, 1, 10, tzinfo=UTC))
    assert sweep(bot).sent == 0 and dms(bot) == []
    assert not [r for r in reminders(bot) if r.state in UNSENT_STATES]


def test_a_reminder_claimed_by_a_process_that_died_is_delivered_once_later(bot: Bot) -> None:
    plan_case(bot)
    bot.clock.set(NOTICE_AHEAD_AT)
    with bot.db.session(write=True) as session:
        _, claimed = lifecycle.claim_due(session, bot.clock(), 10)
    assert len(claimed) == 1
    bot.clock.advance(timedelta(minutes=1))
    assert sweep(bot).sent == 0  # the other process may still be sending
    bot.clock.advance(STALE_CLAIM_AFTER)
    report = sweep(bot)
    assert (report.released_stuck, report.sent) == (1, 1)
    assert sweep(bot).sent == 0 and posted(bot) == 1


def test_rate_limited_waits_for_retry_after_then_delivers_once(bot: Bot) -> None:
    plan_case(bot)
    bot.clock.set(NOTICE_AHEAD_AT)
    bot.fake.fail_next("chat.postMessage", status=429, error="ratelimited", retry_after=30)
    report = sweep(bot)
    assert (report.sent, report.deferred) == (0, 1)
    bot.clock.advance(timedelta(seconds=29))
    calls = len(bot.fake.calls_to("chat.postMessage"))
    assert sweep(bot).sent == 0 and len(bot.fake.calls_to("chat.postMessage")) == calls
    bot.clock.advance(timedelta(seconds=1))
    assert sweep(bot).sent == 1 and posted(bot) == 1


def test_server_errors_are_retried_with_backoff(bot: Bot) -> None:
    plan_case(bot)
    bot.clock.set(NOTICE_AHEAD_AT)
    bot.fake.fail_next("chat.postMessage", status=503, error="service_unavailable")
    assert sweep(bot).retried == 1
    assert sweep(bot).sent == 0
    bot.clock.advance(timedelta(seconds=30))
    bot.fake.fail_next("chat.postMessage", status=500, error="internal_error")
    assert sweep(bot).retried == 1
    bot.clock.advance(timedelta(seconds=60))
    assert sweep(bot).sent == 1 and posted(bot) == 1


def test_an_inactive_owner_fails_permanently_and_stops_the_case(bot: Bot) -> None:
    plan_case(bot)
    bot.fake.users[OWNER]["deleted"] = True
    bot.clock.set(NOTICE_AHEAD_AT)
    report = sweep(bot)
    assert (report.sent, report.failed) == (0, 1)
    failed = next(r for r in reminders(bot) if r.state == ReminderState.FAILED)
    assert failed.last_error == "account_inactive"
    assert not [r for r in reminders(bot) if r.state == ReminderState.PENDING]
    kinds = [e.kind for e in the_case(bot).events]
    assert "reminder_failed" in kinds and "owner_inactive" in kinds
    bot.clock.advance(timedelta(days=30))
    assert sweep(bot).claimed == 0


def test_down_for_a_week_each_reminder_still_due_arrives_once_marked_late(bot: Bot) -> None:
    plan_case(bot)
    bot.clock.set(datetime(2027, 1, 19, 10, tzinfo=UTC))  # missed: the 12th, 14th, 15th and 18th
    report = sweep(bot)
    # The nudges for days gone by (is it booked, brief your colleagues, the conversation day, did
    # you tell them) are dropped as stale; nobody said the client was told, so no follow-up comes:
    # the overdue decision arrives once, marked late.
    delivered = sorted(
        r.kind for r in reminders(bot) if r.state == ReminderState.SENT and r.kind != "plan_ready"
    )
    assert delivered == ["notice_overdue"]
    assert report.sent == 1
    late = {r.kind for r in reminders(bot) if r.late}
    assert late == {"notice_overdue"}
    assert any("A little late" in all_text(m) for m in dms(bot))
    assert sweep(bot).sent == 0 and posted(bot) == 1


def test_overdue_notice_repeats_daily_until_the_client_is_told(bot: Bot) -> None:
    plan_case(bot)
    bot.clock.set(datetime(2027, 1, 18, 9, tzinfo=UTC))
    sweep(bot)
    bot.clock.set(datetime(2027, 1, 19, 9, tzinfo=UTC))
    sweep(bot)
    overdue = [r for r in reminders(bot) if r.kind == "notice_overdue"]
    assert [r.state for r in overdue] == ["sent", "sent", "pending"]
    press(bot, next(m for m in dms(bot) if "have not been told yet" in all_text(m)), Action.REMINDER_DONE)
    assert not [r for r in reminders(bot) if r.kind == "notice_overdue" and r.state == "pending"]


def tick_booked(bot: Bot) -> None:
    """Tick "book" from the case view: a change to the case that re-plans its reminders."""
    case = the_case(bot)
    bot.click({"type": "button", "action_id": Action.OPEN_CASE, "block_id": "x", "value": str(case.id)})
    view = bot.fake.views[list(bot.fake.views)[-1]]
    prepare = next(b for b in view["blocks"] if b.get("block_id", "").startswith("checklist_prepare"))
    book = [o for o in prepare["elements"][0]["options"] if o["value"] == "book"]
    action = {
        "type": "checkboxes",
        "action_id": Action.CHECKLIST_TOGGLE,
        "block_id": prepare["block_id"],
        "selected_options": book,
    }
    assert bot.click(action, view=view).status == 200


def test_an_hours_snooze_on_a_repeating_nudge_keeps_its_time_through_a_re_plan(bot: Bot) -> None:
    plan_case(bot)
    bot.clock.set(datetime(2027, 1, 18, 9, tzinfo=UTC))  # the Monday after the notify-by day
    sweep(bot)
    overdue = next(m for m in dms(bot) if "have not been told yet" in all_text(m))
    _, menu = find_action(overdue, Action.REMINDER_SNOOZE)
    hour = next(o for o in menu["options"] if o["value"].endswith(":1h"))
    press(bot, overdue, Action.REMINDER_SNOOZE, selected_option=hour)
    bot.clock.set(datetime(2027, 1, 18, 9, 20, tzinfo=UTC))
    tick_booked(bot)  # an unrelated item: the overdue nudge is about telling the client
    assert "book" in {i.key for i in the_case(bot).items if i.done_at}
    waiting = [r for r in reminders(bot) if r.kind == "notice_overdue" and r.state == ReminderState.PENDING]
    assert [(r.next_attempt_at, r.snoozed) for r in waiting] == [
        (datetime(2027, 1, 18, 10, tzinfo=UTC), True)
    ]
    bot.clock.set(datetime(2027, 1, 18, 10, tzinfo=UTC))
    assert sweep(bot).sent == 1


def test_a_snoozed_nudge_ends_when_its_item_is_done(bot: Bot) -> None:
    plan_case(bot)
    bot.clock.set(NOTICE_AHEAD_AT)
    sweep(bot)
    [dm] = dms(bot)
    _, menu = find_action(dm, Action.REMINDER_SNOOZE)
    hour = next(o for o in menu["options"] if o["value"].endswith(":1h"))
    press(bot, dm, Action.REMINDER_SNOOZE, selected_option=hour)
    tick_booked(bot)  # the very item the nudge asks about
    assert not [r for r in reminders(bot) if r.kind == "notice_ahead" and r.state == ReminderState.PENDING]


def test_reminders_wait_for_working_hours_in_the_owners_zone(bot: Bot) -> None:
    plan_case(bot)
    with bot.db.session(write=True) as session:
        reminder = session.scalars(select(Reminder).where(Reminder.kind == "notice_ahead")).one()
        reminder.next_attempt_at = datetime(2027, 1, 11, 22, tzinfo=UTC)
    bot.clock.set(datetime(2027, 1, 11, 23, tzinfo=UTC))  # 23:00 in London
    report = sweep(bot)
    assert (report.sent, report.deferred) == (0, 1)
    deferred = next(r for r in reminders(bot) if r.kind == "notice_ahead")
    assert deferred.next_attempt_at == datetime(2027, 1, 12, 9, tzinfo=UTC)


def test_new_dates_re_plan_the_checklist_and_the_reminders(bot: Bot) -> None:

    plan_case(bot)
    case = the_case(bot)
    bot.click({"type": "button", "action_id": Action.OPEN_CASE, "block_id": "x", "value": str(case.id)})
    case_view = bot.fake.views[list(bot.fake.views)[-1]]
    block, button = find_action(case_view, Action.EDIT_DATES)
    bot.click(
        {
            "type": "button",
            "action_id": Action.EDIT_DATES,
            "block_id": block["block_id"],
            "value": button["value"],
        },
        view=case_view,
    )
    dates = next(v for v in bot.fake.views.values() if v["callback_id"] == Callback.EDIT_DATES)
    bad = bot.submit_view(dates, state_from_view(dates, {"conversation_date": "2027-04-01"}))
    assert "conversation_date" in bad.json["errors"]
    good = bot.submit_view(
        dates,
        state_from_view(
            dates,
            {"effective_date": "2027-03-26", "notify_by": "2027-02-12", "conversation_date": "2027-02-10"},
        ),
    )
    assert good.status == 200 and good.text == ""
    case = the_case(bot)
    assert str(case.notify_by) == "2027-02-12" and str(case.conversation_date) == "2027-02-10"
    pending = {str(r.kind): r.next_attempt_at for r in case.reminders if r.state == ReminderState.PENDING}
    assert pending["notice_ahead"] == datetime(2027, 2, 8, 9, tzinfo=UTC)  # two working days ahead
    assert pending["conversation_day"] == datetime(2027, 2, 10, 9, tzinfo=UTC)
    assert next(i for i in case.items if i.key == "tell").due_date.isoformat() == "2027-02-10"
    assert "12 Feb 2027" in all_text(bot.fake.views[case_view["id"]])
    bot.clock.set(NOTICE_AHEAD_AT)  # the old date: nothing any more
    assert sweep(bot).sent == 0


@pytest.mark.parametrize("situation", list(SituationKey))
def test_the_reminders_written_with_a_new_plan_are_the_ones_a_re_plan_keeps(
    bot: Bot, situation: SituationKey
) -> None:
    complete(bot, OWNER, situation=situation)
    first = [(r.kind, r.state, r.due_at, r.for_day, r.covers) for r in reminders(bot)]
    assert any(kind == ReminderKind.PLAN_READY for kind, *_ in first)
    assert len(first) > 3
    with bot.db.session(write=True) as session:
        case = session.scalars(select(Case)).one()
        reminder_store.replan(session, case, bot.clock(), bot.deps.calendar(), bot.deps.window)
    assert [(r.kind, r.state, r.due_at, r.for_day, r.covers) for r in reminders(bot)] == first


def test_the_sweep_is_driven_by_apscheduler_from_settings(bot: Bot) -> None:

    sweeper = Sweeper(bot.deps, build_sweeper_client(bot.deps))
    scheduler = start_scheduler(bot.deps, sweeper, paused=True)
    try:
        job = scheduler.get_job("sweep")
        assert job.trigger.interval == timedelta(seconds=bot.deps.settings.sweep_seconds)
        assert job.max_instances == 1 and job.coalesce is True
        plan_case(bot)
        bot.clock.set(NOTICE_AHEAD_AT)
        job.func()  # what the scheduler runs on each tick
        assert posted(bot) == 1
    finally:
        scheduler.shutdown(wait=False)


def test_a_reminder_that_cannot_be_rendered_fails_for_good_after_its_attempts(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    plan_case(bot)
    # Damaged data: the talking points the conversation-day DM carries are not text.
    with bot.db.session(write=True) as session:
        case = session.scalars(select(Case)).one()
        case.drafts = {"talking_points": ["not", "text"]}  # type: ignore[dict-item]
    bot.clock.set(datetime(2027, 1, 15, 9, tzinfo=UTC))
    caplog.set_level(logging.WARNING)
    for attempt in range(1, lifecycle.MAX_ATTEMPTS + 1):
        report = sweep(bot)
        row = next(r for r in reminders(bot) if r.kind == "conversation_day")
        assert row.attempts == attempt and report.errors == [str(row.id)]
        bot.clock.set(row.next_attempt_at)  # the backoff: 30 s, then doubling
    assert row.state == ReminderState.FAILED
    assert "error: AttributeError after 6 attempts" in (row.last_error or "")
    assert sweep(bot).claimed == 0  # never claimed again
    assert any(e.kind == "reminder_failed" and "after 6 attempts" in e.detail for e in the_case(bot).events)
    assert any("failed for good" in r.getMessage() for r in caplog.records)
    assert not [m for m in bot.fake.posted if "Today you talk" in all_text(m)]


def test_the_late_path_from_an_untold_notify_by_date_to_moved_dates(bot: Bot) -> None:
    """Never told: the notify-by date (Fri 15 Jan) passes, then the contract's own deadline (Wed 27
    Jan, 30 calendar days before Fri 26 Feb). The next morning's DM asks for a decision; moving the
    dates from it opens Change dates filled in, and the plan starts again from the new dates."""
    plan_case(bot)
    day = datetime(2027, 1, 18, 9, tzinfo=UTC)
    while day <= datetime(2027, 1, 28, 9, tzinfo=UTC):
        bot.clock.set(day)
        sweep(bot)
        day += timedelta(days=1)
    # Before the contract's own deadline, each warning counts down to it, and the last says "today".
    warnings = [all_text(m) for m in dms(bot) if "they have not been told yet" in all_text(m)]
    assert len(warnings) == len(set(warnings)) > 1
    assert "*Wed 27 Jan 2027*, 7 working days from now: tell them by then" in warnings[0]
    assert "Today, *Wed 27 Jan 2027*, is the contract’s own deadline: tell them today" in warnings[-1]
    decision = dms(bot)[-1]
    text = all_text(decision)
    assert "The contract’s notice (30 calendar days) can no longer be met" in text
    assert "the last day to tell them (Wed 27 Jan) has passed" in text  # the contract's, not the plan's
    assert "if you tell them by Fri 29 Jan, is *Mon 01 Mar 2027*" in text  # Sat 27 Feb is no working day
    assert "Tell your manager" in text and "they can hold you to the full notice" in text
    # Told on Thu 28 Jan for Fri 26 Feb: counted as the contract counts, one day short.
    assert "gives them 29 calendar days of notice, not the 30 calendar days the contract asks for" in text
    assert "Tell them today" not in text
    # Nothing asked "did you tell them?" here: the day picker says what picking a day means.
    pickers = [
        e
        for blk in decision["blocks"]
        if blk["type"] == "actions"
        for e in blk["elements"]
        if e["action_id"] == Action.TOLD_ON
    ]
    assert [p["placeholder"]["text"] for p in pickers] == ["Told them on…"]
    press(bot, decision, Action.MOVE_DATES)
    dates = bot.fake.calls_to("views.open")[-1].args["view"]
    assert dates["callback_id"] == Callback.EDIT_DATES
    initial = {
        blk["block_id"]: blk["element"].get("initial_date")
        for blk in dates["blocks"]
        if blk["type"] == "input"
    }
    assert initial["effective_date"] == "2027-03-01"
    assert initial["notify_by"] == initial["conversation_date"] == "2027-01-29"
    view = next(v for v in bot.fake.views.values() if v["callback_id"] == Callback.EDIT_DATES)
    assert bot.submit_view(view, state_from_view(view, {})).text == ""
    case = the_case(bot)
    assert (str(case.effective_date), str(case.notify_by)) == ("2027-03-01", "2027-01-29")
    waiting = {str(r.kind): r.for_day for r in case.reminders if r.state == ReminderState.PENDING}
    assert str(waiting["conversation_day"]) == "2027-01-29"
    assert str(waiting["notice_overdue"]) == "2027-02-01"  # only if the new day passes untold too
    bot.clock.set(datetime(2027, 1, 29, 9, tzinfo=UTC))
    sweep(bot)
    assert "Today you talk to Sam Harlow" in all_text(dms(bot)[-1])


DAY_AFTER_TALK = datetime(2027, 1, 18, 9, tzinfo=UTC)  # the Monday after a talk on Fri 15 Jan


def asked(bot: Bot) -> dict[str, Any]:
    """The "Did you tell them?" question (or the overdue decision carrying it), as it stands now."""
    return next(m for m in reversed(bot.fake.dms_to(OWNER)) if "told_on" in str(m["blocks"]))


def test_told_on_a_day_they_pick_counts_the_follow_ups_from_it(bot: Bot) -> None:
    plan_case(bot)
    bot.clock.set(DAY_AFTER_TALK)
    sweep(bot)
    question = asked(bot)
    # A day still ahead is refused kindly, and changes nothing.
    press(bot, question, Action.TOLD_ON, selected_date="2027-01-20")
    assert "still ahead" in bot.fake.calls_to("chat.postEphemeral")[-1].args["text"]
    assert the_case(bot).status == "open"
    press(bot, question, Action.TOLD_ON, selected_date="2027-01-14")
    case = the_case(bot)
    assert case.status == "client_told"
    tell = next(i for i in case.items if i.key == "tell")
    assert tell.done_at is not None and tell.done_at.date().isoformat() == "2027-01-14"
    confirm = next(i for i in case.items if i.key == "confirm")
    assert confirm.due_date.isoformat() == "2027-01-18"  # the day after they heard it (not before today)
    feelings = next(i for i in case.items if i.key == "ask_feelings")
    assert feelings.due_date.isoformat() == "2027-01-18"  # two working days after Thu 14 Jan
    waiting = {r.kind for r in case.reminders if r.state == ReminderState.PENDING}
    assert {"send_confirmation", "ask_feelings"} <= waiting and "notice_overdue" not in waiting
    updated = bot.fake.messages[("D" + OWNER[1:], question["ts"])]
    assert "Told on Thu 14 Jan" in all_text(updated)


def test_told_later_than_planned_keeps_the_dates_the_talking_points_gave_them(bot: Bot) -> None:
    """The script read on the call promised the alternatives by Wed 9 Dec: told on Tue 8 Dec, that
    date still holds; the confirmation promised for Mon 7 Dec (gone by) and the rest count from Tue."""
    complete(bot, OWNER, conversation_date="2026-12-04")
    planned = {i.key: i.due_date.isoformat() for i in the_case(bot).items}
    assert planned["send_referrals"] == "2026-12-09" and planned["confirm"] == "2026-12-07"
    bot.clock.set(datetime(2026, 12, 7, 9, tzinfo=UTC))
    sweep(bot)
    bot.clock.set(datetime(2026, 12, 8, 16, tzinfo=UTC))
    press(bot, asked(bot), Action.TOLD_ON, selected_date="2026-12-08")
    due = {i.key: i.due_date.isoformat() for i in the_case(bot).items}
    assert due["send_referrals"] == "2026-12-09"  # as promised, not three working days on
    assert due["confirm"] == "2026-12-09"  # its promised day had passed: the day after they heard it
    assert due["ask_feelings"] > planned["ask_feelings"]  # not promised: counted from the telling
    bot.clock.set(datetime(2026, 12, 9, 9, tzinfo=UTC))
    sweep(bot)
    today = all_text(bot.fake.dms_to(OWNER)[-1])
    assert "send the written confirmation today" in today and "send them the alternatives" in today


def test_the_morning_after_the_talk_asks_did_you_tell_them_and_moved_opens_change_dates(bot: Bot) -> None:
    complete(bot, OWNER, conversation_date="2027-01-13")  # two days before the notify-by date
    bot.clock.set(datetime(2027, 1, 14, 9, tzinfo=UTC))
    sweep(bot)
    question = bot.fake.dms_to(OWNER)[-1]
    text = all_text(question)
    assert "did you have the conversation with Sam Harlow?" in text and "Wed 13 Jan" in text
    for action_id in (Action.TOLD_YES, Action.TOLD_ON, Action.TOLD_MOVED, Action.TOLD_NOT_YET):
        find_action(question, action_id)
    press(bot, question, Action.TOLD_MOVED)
    assert bot.fake.calls_to("views.open")[-1].args["view"]["callback_id"] == Callback.EDIT_DATES
    assert the_case(bot).status == "open"


def test_not_yet_leaves_the_question_to_come_back_the_next_week_until_they_are_told(bot: Bot) -> None:
    complete(bot, OWNER, conversation_date="2026-12-04")  # to tell them by Fri 15 Jan
    bot.clock.set(datetime(2026, 12, 7, 9, tzinfo=UTC))
    sweep(bot)
    first = bot.fake.dms_to(OWNER)[-1]
    assert "29 working days left" in all_text(first)
    press(bot, first, Action.TOLD_NOT_YET)
    for day in (8, 9, 10, 11):  # nothing in between
        bot.clock.set(datetime(2026, 12, day, 9, tzinfo=UTC))
        assert sweep(bot).sent == 0
    bot.clock.set(datetime(2026, 12, 14, 9, tzinfo=UTC))
    assert sweep(bot).sent == 1
    again = bot.fake.dms_to(OWNER)[-1]
    assert "did you have the conversation" in all_text(again) and "24 working days left" in all_text(again)
    press(bot, again, Action.TOLD_YES)
    before = len(bot.fake.dms_to(OWNER))
    for day in (15, 16, 17, 18, 21, 22):
        bot.clock.set(datetime(2026, 12, day, 9, tzinfo=UTC))
        sweep(bot)
    assert all("did you have the conversation" not in all_text(m) for m in bot.fake.dms_to(OWNER)[before:])
    assert not [r for r in reminders(bot) if r.kind == ReminderKind.DID_YOU_TELL and r.state == "pending"]


def test_for_cause_the_formal_notice_has_its_own_button_on_the_day(bot: Bot) -> None:
    complete(bot, OWNER, situation=SituationKey.FOR_CAUSE, conversation_date="2027-01-15")
    bot.clock.set(datetime(2027, 1, 15, 9, tzinfo=UTC))
    sweep(bot)
    dm = next(m for m in dms(bot) if "Today you tell" in all_text(m))
    ticks = [e for b in dm["blocks"] if b["type"] == "actions" for e in b["elements"]]
    labels = [e.get("text", {}).get("text") for e in ticks if e["action_id"] == Action.REMINDER_TICK]
    assert labels == ["Done: they know", "Notice sent"]
    notice = next(e for e in ticks if e.get("value", "").endswith(":written_notice"))
    block = next(b for b in dm["blocks"] if notice in b.get("elements", []))
    action = {"type": "button", "action_id": Action.REMINDER_TICK, "block_id": block["block_id"]}
    assert bot.click({**action, "value": notice["value"]}, message=dm, channel="D" + OWNER[1:]).status == 200
    case = the_case(bot)
    done = {i.key for i in case.items if i.done_at}
    assert "written_notice" in done and "tell" not in done and case.status == "open"
    updated = bot.fake.messages[("D" + OWNER[1:], dm["ts"])]
    still = [
        e.get("text", {}).get("text")
        for b in updated["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    ]
    assert "Done: they know" in still and "Notice sent" not in still


def test_the_plans_first_dm_carries_the_nudges_already_due(bot: Bot) -> None:
    # The conversation is tomorrow: briefing colleagues and booking the call are due today. They
    # come inside the plan's own DM, not as more DMs a minute later.
    complete(bot, OWNER, conversation_date="2026-12-02")
    [dm] = bot.fake.dms_to(OWNER)
    text = all_text(dm)
    assert "Your plan is ready" in text and "brief the people who need to hear it from you first" in text
    assert "Is the conversation with Sam Harlow booked?" in text
    assert sweep(bot).sent == 0 and len(bot.fake.dms_to(OWNER)) == 1
    ids = [b.get("block_id", "") for b in dm["blocks"] if b["type"] == "actions"]
    assert len([i for i in ids if i.startswith(Block.REMINDER_ACTIONS_PREFIX)]) == 2  # a Done each
    assert len(ids) == len(set(ids))  # Slack refuses a message with two blocks of one id


def test_done_on_one_nudge_of_a_shared_dm_leaves_the_others_buttons(bot: Bot) -> None:
    complete(bot, OWNER, conversation_date="2026-12-02")
    [dm] = bot.fake.dms_to(OWNER)
    press(bot, dm, Action.REMINDER_DONE, within="brief the people")
    updated = bot.fake.messages[("D" + OWNER[1:], dm["ts"])]
    left = [b for b in updated["blocks"] if b.get("block_id", "").startswith(Block.REMINDER_ACTIONS_PREFIX)]
    assert len(left) == 1 and "It’s booked" in all_text({"blocks": left})
    assert "Done" in all_text(updated) and "Is the conversation with Sam Harlow booked?" in all_text(updated)


def test_a_done_naming_another_message_changes_only_what_the_bot_sent_that_person(bot: Bot) -> None:
    plan_case(bot)
    complete(bot, OTHER, "Globex")
    bot.clock.set(NOTICE_AHEAD_AT)
    sweep(bot)
    dm = next(m for m in dms(bot) if "Acme Ltd" in all_text(m))
    theirs = bot.fake.dms_to(OTHER)[0]
    where = ("D" + OTHER[1:], theirs["ts"])
    before = all_text(bot.fake.messages[where])
    block, element = find_action(dm, Action.REMINDER_DONE)
    action = {"type": "button", "action_id": Action.REMINDER_DONE, "block_id": block["block_id"]}
    forged = {**dm, "ts": theirs["ts"]}  # the owner's own button, in a request naming OTHER's DM
    bot.click({**action, "value": element["value"]}, message=forged, channel=where[0])
    assert all_text(bot.fake.messages[where]) == before
    with bot.db.session() as session:
        acme = session.scalars(select(Case).where(Case.client_name == "Acme Ltd")).one()
        assert "book" in {i.key for i in acme.items if i.done_at}  # the Done itself counts
