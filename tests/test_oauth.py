"""Multi-workspace installs through the OAuth flow: each workspace sees only its own cases and gets
its reminders with its own token."""

from __future__ import annotations

import http.client
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from urllib.parse import quote

import pytest
from sqlalchemy import select, text

from bot.app import build_sweeper_client
from bot.reminders.sweeper import Sweeper
from bot.storage.models import Case
from tests.fake_slack import FakeSlack
from tests.flow import CHANGE, CONVERSATION, REFERRALS, Modal
from tests.harness import Bot, Clock, all_text, state_from_view

TEAMS = {"TAAAAAAAA": "UAAAAAAAA", "TBBBBBBBB": "UBBBBBBBB"}


@pytest.fixture
def multi(fake: FakeSlack, database_url: str, clock: Clock) -> Iterator[Bot]:
    for user in TEAMS.values():
        fake.add_user(user)
    running = Bot(
        fake, database_url, clock, SLACK_CLIENT_ID="111.222", SLACK_CLIENT_SECRET=fake.client_secret
    )
    yield running
    running.close()


def install(bot: Bot, team: str) -> None:
    page = bot.request("GET", "/slack/install")
    assert page.status == 200
    state = re.search(r"state=([\w-]+)", page.text)
    assert state, page.text
    connection = http.client.HTTPConnection("127.0.0.1", bot.port, timeout=10)
    connection.request("GET", "/slack/install")
    reply = connection.getresponse()
    reply.read()
    cookie = reply.getheader("Set-Cookie", "").split(";")[0]
    state_value = cookie.split("=", 1)[1]
    connection.close()
    code = f"code-{team}"
    bot.fake.oauth_codes[code] = team
    done = bot.request(
        "GET", f"/slack/oauth_redirect?code={code}&state={quote(state_value)}", headers={"Cookie": cookie}
    )
    assert done.status == 200, done.text


def plan(bot: Bot, team: str, client: str) -> None:
    user = TEAMS[team]
    assert bot.slash(client, user=user, team_id=team).status == 200
    call = bot.fake.calls_to("views.open")[-1]
    assert call.token == f"xoxb-{team.lower()}-token"
    view_id = next(v for v, view in bot.fake.views.items() if view["blocks"] == call.args["view"]["blocks"])
    modal = Modal(bot, view_id, user)
    for answers in (CHANGE, {}, CONVERSATION, REFERRALS, {}):
        response = bot.submit_view(modal.view, state_from_view(modal.view, answers), user, team_id=team)
        data = response.json
        assert data["response_action"] == "update", response.text
        bot.fake.views[view_id] = {**data["view"], "id": view_id, "hash": "h", "state": {"values": {}}}


def test_two_workspaces_install_and_each_sees_only_its_own(multi: Bot) -> None:
    for team in TEAMS:
        install(multi, team)
    with multi.db.engine.connect() as connection:
        installed = {row[0] for row in connection.execute(text("SELECT team_id FROM slack_bots"))}
    assert installed == set(TEAMS)
    plan(multi, "TAAAAAAAA", "Acme Ltd")
    plan(multi, "TBBBBBBBB", "Globex")
    with multi.db.session() as session:
        assert {(c.team_id, c.client_name) for c in session.scalars(select(Case))} == {
            ("TAAAAAAAA", "Acme Ltd"),
            ("TBBBBBBBB", "Globex"),
        }
    listed_a = all_text(multi.slash("list", user=TEAMS["TAAAAAAAA"], team_id="TAAAAAAAA").json)
    listed_b = all_text(multi.slash("list", user=TEAMS["TBBBBBBBB"], team_id="TBBBBBBBB").json)
    assert "Acme Ltd" in listed_a and "Globex" not in listed_a
    assert "Globex" in listed_b and "Acme Ltd" not in listed_b
    # The same user id arriving from the other workspace sees nothing of the first one's.
    assert "Acme Ltd" not in all_text(multi.slash("list", user=TEAMS["TAAAAAAAA"], team_id="TBBBBBBBB").json)


def test_each_workspaces_reminders_use_its_own_token(multi: Bot) -> None:
    for team in TEAMS:
        install(multi, team)
    plan(multi, "TAAAAAAAA", "Acme Ltd")
    plan(multi, "TBBBBBBBB", "Globex")
    multi.clock.set(datetime(2027, 1, 19, 10, tzinfo=UTC))
    Sweeper(multi.deps, build_sweeper_client(multi.deps)).sweep()
    posts = [
        c for c in multi.fake.calls_to("chat.postMessage") if "reminder_done" in str(c.args.get("blocks"))
    ]
    by_token = {c.token: c.args["channel"] for c in posts}
    assert by_token == {"xoxb-taaaaaaaa-token": "UAAAAAAAA", "xoxb-tbbbbbbbb-token": "UBBBBBBBB"}


def test_an_uninstalled_workspace_is_not_served(multi: Bot) -> None:
    install(multi, "TAAAAAAAA")
    response = multi.slash("Acme", user=TEAMS["TBBBBBBBB"], team_id="TBBBBBBBB")
    assert response.status in (200, 401)
    assert multi.fake.calls_to("views.open") == []
