"""Multi-workspace installs through the OAuth flow: each workspace sees only its own cases and gets
its reminders with its own token."""

from __future__ import annotations

import http.client
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import pytest
from sqlalchemy import select, text

from bot.app import build_sweeper_client
from bot.core.answers import SituationKey
from bot.reminders.sweeper import Sweeper
from bot.slack.ids import Callback
from bot.storage.models import UNSENT_STATES, Case, Reminder, ReminderState
from tests.fake_slack import Call, FakeSlack, Grant
from tests.flow import Modal, typed_for
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


def install(bot: Bot, grant: Grant | str) -> None:
    """Install through the real flow: install page, state cookie, Slack's redirect back."""
    grant = Grant(grant) if isinstance(grant, str) else grant
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
    code = f"code-{grant.team or grant.enterprise}"
    bot.fake.oauth_codes[code] = grant
    done = bot.request(
        "GET", f"/slack/oauth_redirect?code={code}&state={quote(state_value)}", headers={"Cookie": cookie}
    )
    assert done.status == 200, done.text


def plan(bot: Bot, team: str, client: str, user: str | None = None, grant: Grant | None = None) -> None:
    """Plan a case through every step as `user` of workspace `team` (of `grant`'s org, if any)."""
    grant = grant or Grant(team)
    user = user or TEAMS[team]
    grid: dict[str, Any] = {"enterprise": grant.enterprise, "org_wide": grant.org_wide}
    assert bot.slash(client, user=user, team_id=team, **grid).status == 200
    call = bot.fake.calls_to("views.open")[-1]
    assert call.token == grant.token
    view_id = next(v for v, view in bot.fake.views.items() if view["blocks"] == call.args["view"]["blocks"])
    modal = Modal(bot, view_id, user)
    while modal.callback_id != Callback.FLOW_DONE:
        values = state_from_view(modal.view, typed_for(modal, SituationKey.WE_END, {}))
        response = bot.submit_view(modal.view, values, user, team_id=team, **grid)
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


ORG = Grant(team=None, enterprise="EORG00001")
ORG_USER = "UORG00001"
GRID_WORKSPACE = Grant(team="TGRID0001", enterprise="EGRID0001")
GRID_USER = "UGRID0001"


def reminder_posts(bot: Bot) -> list[Call]:
    return [c for c in bot.fake.calls_to("chat.postMessage") if "reminder_done" in str(c.args.get("blocks"))]


def sweep_on_notify_day(bot: Bot) -> None:
    bot.clock.set(datetime(2027, 1, 19, 10, tzinfo=UTC))
    Sweeper(bot.deps, build_sweeper_client(bot.deps)).sweep()


def stored_bots(bot: Bot) -> list[tuple[Any, ...]]:
    with bot.db.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT enterprise_id, team_id, is_enterprise_install FROM slack_bots")
        )
        return [(enterprise, team, bool(org)) for enterprise, team, org in rows]


def test_an_org_wide_install_serves_every_workspace_of_the_org(multi: Bot) -> None:
    multi.fake.add_user(ORG_USER)
    install(multi, ORG)
    assert stored_bots(multi) == [("EORG00001", None, True)]
    plan(multi, "TORG00001", "Initech", user=ORG_USER, grant=ORG)
    with multi.db.session() as session:
        case = session.scalars(select(Case)).one()
        # One installation serves the whole org, so the case belongs to the org.
        assert (case.team_id, case.enterprise_id) == ("EORG00001", "EORG00001")
    assert {c.token for c in multi.fake.calls_to("views.publish")} == {ORG.token}
    # Grid user ids are org-wide: the owner sees the case from another workspace of the org too.
    elsewhere = multi.slash("list", user=ORG_USER, team_id="TORG00002", enterprise="EORG00001", org_wide=True)
    assert "Initech" in all_text(elsewhere.json)
    sweep_on_notify_day(multi)
    posts = reminder_posts(multi)
    assert posts and {(c.token, c.args["channel"]) for c in posts} == {(ORG.token, ORG_USER)}


def test_a_workspace_install_inside_an_enterprise_gets_its_own_reminders(multi: Bot) -> None:
    multi.fake.add_user(GRID_USER)
    install(multi, GRID_WORKSPACE)
    install(multi, "TAAAAAAAA")
    assert sorted(stored_bots(multi), key=str) == sorted(
        [("EGRID0001", "TGRID0001", False), (None, "TAAAAAAAA", False)], key=str
    )
    plan(multi, "TGRID0001", "Hooli", user=GRID_USER, grant=GRID_WORKSPACE)
    plan(multi, "TAAAAAAAA", "Acme Ltd")
    with multi.db.session() as session:
        assert {(c.team_id, c.enterprise_id) for c in session.scalars(select(Case))} == {
            ("TGRID0001", "EGRID0001"),
            ("TAAAAAAAA", None),
        }
    sweep_on_notify_day(multi)
    assert {(c.token, c.args["channel"]) for c in reminder_posts(multi)} == {
        (GRID_WORKSPACE.token, GRID_USER),
        (Grant("TAAAAAAAA").token, "UAAAAAAAA"),
    }
    with multi.db.session() as session:
        failed = session.scalars(select(Reminder).where(Reminder.state == ReminderState.FAILED)).all()
    assert failed == []


@pytest.mark.parametrize("grant", [Grant("TAAAAAAAA"), GRID_WORKSPACE, ORG], ids=["workspace", "grid", "org"])
def test_uninstalling_forgets_the_token_and_stops_reminders(multi: Bot, grant: Grant) -> None:
    team = grant.team or "TORG00001"
    user = {"TAAAAAAAA": "UAAAAAAAA", "TGRID0001": GRID_USER}.get(team, ORG_USER)
    multi.fake.add_user(user)
    install(multi, grant)
    plan(multi, team, "Initech", user=user, grant=grant)
    grid: dict[str, Any] = {"enterprise": grant.enterprise, "org_wide": grant.org_wide}
    multi.fake.revoke(grant.token)
    assert multi.event({"type": "app_uninstalled"}, team_id=team, **grid).status == 200
    assert stored_bots(multi) == []
    with multi.db.session() as session:
        states = {r.state for r in session.scalars(select(Reminder))}
    assert states and not states & set(UNSENT_STATES)
    sweep_on_notify_day(multi)
    assert reminder_posts(multi) == []
    opened = len(multi.fake.calls_to("views.open"))
    multi.slash("Globex", user=user, team_id=team, **grid)
    assert len(multi.fake.calls_to("views.open")) == opened


def test_only_a_revoked_bot_token_stops_the_workspace(multi: Bot) -> None:
    install(multi, "TAAAAAAAA")
    plan(multi, "TAAAAAAAA", "Acme Ltd")
    people_only = {"type": "tokens_revoked", "tokens": {"oauth": ["UINSTALLER"], "bot": []}}
    assert multi.event(people_only, team_id="TAAAAAAAA").status == 200
    assert stored_bots(multi) == [(None, "TAAAAAAAA", False)]
    with multi.db.session() as session:
        pending = session.scalars(select(Reminder).where(Reminder.state == ReminderState.PENDING)).all()
    assert pending
    bot_revoked = {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UBOT"]}}
    assert multi.event(bot_revoked, team_id="TAAAAAAAA").status == 200
    assert stored_bots(multi) == []
    with multi.db.session() as session:
        assert not session.scalars(select(Reminder).where(Reminder.state == ReminderState.PENDING)).all()
