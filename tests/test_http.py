"""The HTTP edge: only Slack gets in, health says nothing more, odd requests never cause a 5xx."""

from __future__ import annotations

import json
import logging
import time

import pytest
from sqlalchemy import select

from bot.storage.models import Reminder
from tests.conftest import OWNER
from tests.flow import complete
from tests.harness import Bot

SECRET_TEXT = "ultra-private-client-name"


def command_body(text: str = SECRET_TEXT) -> bytes:
    return (
        f"team_id=T0001&user_id={OWNER}&command=%2Fend-client&text={text}&trigger_id=1.2.x&api_app_id=A1"
    ).encode()


@pytest.mark.parametrize("case", ["unsigned", "wrong_secret", "stale", "future"])
def test_requests_not_signed_by_slack_are_refused_and_logged_without_body(
    bot: Bot, case: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    body = command_body()
    if case == "unsigned":
        response = bot.request(
            "POST", "/slack/events", body, {"Content-Type": "application/x-www-form-urlencoded"}
        )
    elif case == "wrong_secret":
        response = bot.post_signed(body, "application/x-www-form-urlencoded", secret="not-the-secret")
    else:
        offset = -301 if case == "stale" else 301
        response = bot.post_signed(
            body, "application/x-www-form-urlencoded", timestamp=int(time.time()) + offset
        )
    assert response.status == 401
    assert bot.fake.calls_to("views.open") == []
    assert SECRET_TEXT not in caplog.text


def test_a_properly_signed_request_gets_in(bot: Bot) -> None:
    assert bot.slash("help").status == 200


def test_healthz_says_ok_and_nothing_else(bot: Bot) -> None:
    response = bot.request("GET", "/healthz")
    assert (response.status, response.json) == (200, {"ok": True, "database": "ok"})
    assert bot.request("POST", "/healthz").status == 404
    assert bot.request("GET", "/slack/events").status == 404
    assert bot.request("GET", "/admin").status == 404


def test_huge_bodies_are_refused_before_reading(bot: Bot) -> None:
    response = bot.post_signed(b"payload=" + b"x" * (2 * 1024 * 1024), "application/x-www-form-urlencoded")
    assert response.status == 413


@pytest.mark.parametrize(
    "raw",
    [
        b"payload=%7B%22type%22%3A%22block_actions%22",  # truncated JSON
        b"payload=%5B1%2C2%5D",  # a list, not an object
        b"payload=%7B%22type%22%3A%22view_submission%22%7D",  # missing everything
        b"payload=%7B%22type%22%3A%22block_actions%22%2C%22actions%22%3A%5B%7B%22action_id%22%3A%22nope%22%7D%5D%7D",
        b"\xff\xfe\x00garbage",
        b"",
    ],
)
def test_malformed_requests_never_get_a_5xx(bot: Bot, raw: bytes) -> None:
    response = bot.post_signed(raw, "application/x-www-form-urlencoded")
    assert response.status < 500
    assert bot.request("GET", "/healthz").status == 200


def test_a_retried_event_has_one_effect(bot: Bot) -> None:
    event = {"type": "app_home_opened", "user": OWNER, "channel": "D1", "tab": "home"}
    assert bot.event(event, event_id="Ev0001").status == 200
    assert bot.event(event, event_id="Ev0001", retry=1).status == 200
    assert bot.event(event, event_id="Ev0001", retry=2).status == 200
    assert len(bot.fake.calls_to("views.publish")) == 1


def test_uninstalling_stops_the_teams_reminders(bot: Bot) -> None:

    complete(bot, OWNER)
    bot.event({"type": "app_uninstalled"})
    with bot.db.session() as session:
        states = {r.state for r in session.scalars(select(Reminder)) if r.kind != "plan_ready"}
    assert states == {"cancelled"}  # the plan's summary went out before


def test_json_event_with_a_body_that_is_not_json(bot: Bot) -> None:
    response = bot.post_signed(b"{not json", "application/json")
    assert response.status < 500
    assert json.loads(bot.request("GET", "/healthz").text) == {"ok": True, "database": "ok"}
