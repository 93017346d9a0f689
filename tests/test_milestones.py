"""Milestones stay on the day they were planned and say where they stand; App Home's "Next" says
when it is overdue."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from bot.core.calendar import WorkCalendar
from bot.core.checklist import ItemKey
from bot.core.milestones import MilestoneState, StoredItem, milestone_states
from bot.core.plan import MilestoneKind, build_plan
from bot.slack.ids import Block
from tests.conftest import OWNER
from tests.flow import complete
from tests.harness import Bot, all_text
from tests.test_cases import open_from_home
from tests.test_core_plan import TODAY, answers

CAL = WorkCalendar()


def test_a_milestone_keeps_its_planned_day_when_the_case_is_opened_later() -> None:
    a = answers()  # told on Tue 12 Jan, relationship ends Fri 26 Feb
    planned = build_plan(a, TODAY, CAL)
    items = {item.key: StoredItem(item.due, None) for item in planned.items}
    items[ItemKey.TELL] = StoredItem(date(2027, 1, 12), date(2027, 1, 12))
    later = date(2027, 3, 2)
    opened_later = build_plan(a, later, CAL)
    assert opened_later.due_of(ItemKey.CONFIRM) == later  # a plan built today would slide it
    states = {m.kind: m for m in milestone_states(opened_later, items, later, CAL)}
    confirmation = states[MilestoneKind.CONFIRMATION]
    assert confirmation.day == date(2027, 1, 13) and confirmation.state is MilestoneState.OVERDUE
    assert confirmation.overdue_by == CAL.working_days_between(date(2027, 1, 13), later) == 34
    talk = states[MilestoneKind.CONVERSATION]
    assert talk.state is MilestoneState.DONE and talk.done_on == date(2027, 1, 12)
    end = states[MilestoneKind.EFFECTIVE]
    assert end.day == date(2027, 2, 26) and end.state is MilestoneState.PASSED
    # In planned order: the confirmation never comes after the end.
    days = [m.day for m in milestone_states(opened_later, items, later, CAL)]
    assert days == sorted(days) and confirmation.day < end.day


def test_the_case_and_home_show_planned_days_and_what_is_overdue(bot: Bot) -> None:
    complete(bot, OWNER, "Acme Ltd")  # talk Fri 4 Dec 2026, written confirmation Mon 7 Dec
    bot.clock.set(datetime(2027, 3, 2, 10, tzinfo=UTC))  # opened again after the relationship ended
    view = open_from_home(bot)
    text = all_text(view)
    talk = re.search(r"\*The conversation:\* (.+)", text)
    assert talk and re.fullmatch(r"Fri 04 Dec 2026 · :warning: overdue by \d+ working days", talk.group(1)), (
        text
    )
    # Never told: what follows telling them waits, on its planned day.
    confirmation = re.search(r"\*Written confirmation by:\* (.+)", text)
    assert confirmation and confirmation.group(1) == "Mon 07 Dec 2026 · waits until they are told", text
    assert "Tue 02 Mar" not in text  # nothing slid to today
    ends = re.search(r"\*Relationship ends:\* (.+)", text)
    assert ends and "Fri 26 Feb 2027" in ends.group(1) and "passed" in ends.group(1)
    home = bot.fake.homes[OWNER]
    summary = next(
        b["text"]["text"] for b in home["blocks"] if b.get("block_id", "").startswith(Block.HOME_CASE_PREFIX)
    )
    assert re.search(r"Next: .+ · :warning: \*overdue\* by \d+ working days", summary), summary


def test_what_follows_telling_waits_for_it_rather_than_falling_overdue() -> None:
    a = answers()
    planned = build_plan(a, TODAY, CAL)
    untold = {item.key: StoredItem(item.due, None) for item in planned.items}
    later = date(2027, 1, 20)
    states = {m.kind: m for m in milestone_states(planned, untold, later, CAL)}
    assert states[MilestoneKind.CONVERSATION].state is MilestoneState.OVERDUE  # telling them is late
    assert states[MilestoneKind.CONFIRMATION].state is MilestoneState.WAITING
    assert states[MilestoneKind.CONFIRMATION].day == date(2027, 1, 13)  # still where it was planned
