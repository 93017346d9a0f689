"""App Home is drawn once per burst of clicks: each button owes the person a Home, and the homes job
publishes it once the clicks have settled (HOME_DELAY after the last), drawn as things are then."""

from __future__ import annotations

from datetime import timedelta

from bot.app import build_sweeper_client
from bot.core.actor import Actor
from bot.core.ledger import Period
from bot.listeners.common import publish_due_homes
from bot.owed_homes import HOME_DELAY
from bot.reminders.scheduler import start_scheduler
from bot.reminders.sweeper import Sweeper
from bot.slack.ids import Action
from tests.conftest import OWNER
from tests.harness import Bot, all_text, find_action
from tests.test_reminders import NOTICE_AHEAD_AT, dms, plan_case, sweep


def publishes_to(bot: Bot, user: str) -> list[dict[str, object]]:
    return [c.args["view"] for c in bot.fake.calls_to("views.publish") if c.args.get("user_id") == user]


def test_a_burst_of_done_clicks_publishes_one_home_with_the_latest_state(bot: Bot) -> None:
    plan_case(bot)
    bot.clock.set(NOTICE_AHEAD_AT)
    sweep(bot)
    bot.event({"type": "app_home_opened", "user": OWNER, "channel": "D1", "tab": "home"})
    opened = publishes_to(bot, OWNER)
    assert opened, "opening the tab draws it at once"
    assert "Book the call" in all_text(bot.fake.homes[OWNER])
    bot.homes_after_each_request = False
    [dm] = dms(bot)
    block, button = find_action(dm, Action.REMINDER_DONE)
    action = {"type": "button", "action_id": Action.REMINDER_DONE, "block_id": block["block_id"]}
    for _ in range(4):  # a person pressing Done again and again, as they do
        response = bot.click({**action, "value": button["value"]}, message=dm, channel="D" + OWNER[1:])
        assert response.status == 200
        bot.clock.advance(timedelta(milliseconds=300))
    assert publishes_to(bot, OWNER) == opened, "nothing drawn while the clicks go on"
    assert publish_due_homes(bot.deps, bot.clock() + HOME_DELAY - timedelta(seconds=1)) == 0
    assert publish_due_homes(bot.deps, bot.clock() + HOME_DELAY) == 1
    assert publish_due_homes(bot.deps, bot.clock() + HOME_DELAY * 5) == 0, "owed once, drawn once"
    drawn = publishes_to(bot, OWNER)
    assert len(drawn) == len(opened) + 1
    # Drawn from the database as it is after the last click: the booking is done.
    assert "Book the call" not in all_text(drawn[-1]) and "Book the call" in all_text(opened[-1])


def test_each_persons_home_is_owed_on_its_own(bot: Bot) -> None:
    team = bot.fake.team_id
    bot.deps.homes.owe(Actor(team, OWNER), None, Period.YEAR, bot.clock(), bot.client)
    bot.deps.homes.owe(Actor(team, "U0000000002"), None, Period.YEAR, bot.clock(), bot.client)
    bot.deps.homes.owe(Actor(team, OWNER), None, Period.YEAR, bot.clock() + HOME_DELAY, bot.client)
    # The other person's is due; the owner's waits for their last click.
    assert [h.actor.user_id for h in bot.deps.homes.take_due(bot.clock() + HOME_DELAY)] == ["U0000000002"]
    assert len(bot.deps.homes) == 1


def test_the_scheduler_draws_an_owed_home_once_the_clicks_settle(bot: Bot) -> None:
    sweeper = Sweeper(bot.deps, build_sweeper_client(bot.deps))
    scheduler = start_scheduler(bot.deps, sweeper, paused=True)
    try:
        homes, digests = scheduler.get_job("homes"), scheduler.get_job("digests")
        assert homes.trigger.interval == timedelta(seconds=1) and homes.max_instances == 1
        assert digests is not None, "the leads' digests are a job of their own, not part of the sweep"
        bot.deps.homes.owe(Actor(bot.fake.team_id, OWNER), None, Period.YEAR, bot.clock(), bot.client)
        before = len(publishes_to(bot, OWNER))
        homes.func()  # each tick, on the injected clock
        assert len(publishes_to(bot, OWNER)) == before
        bot.clock.advance(HOME_DELAY)
        homes.func()
        homes.func()
        assert len(publishes_to(bot, OWNER)) == before + 1
    finally:
        scheduler.shutdown(wait=False)
