"""Socket Mode with several processes: two `python -m bot` processes each hold a WebSocket
connection to Slack (the fake); the steps of one flow arrive on alternating connections, so on
alternating processes, and each is acknowledged by the process that received it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from bot.slack.ids import Callback
from bot.storage.db import Database
from bot.storage.models import Case
from tests.conftest import OWNER, START
from tests.fake_slack import FakeSlack
from tests.fake_socket_mode import FakeSocketMode, SocketModeClient
from tests.flow import complete_across
from tests.harness import all_text
from tests.processes import RunningBot, started_together


@pytest.fixture
def socket(fake: FakeSlack) -> Iterator[FakeSocketMode]:
    server = FakeSocketMode(fake)
    yield server
    server.close()


def test_two_socket_mode_processes_share_one_flow(
    fake: FakeSlack, socket: FakeSocketMode, database_url: str
) -> None:
    settings = {
        "SLACK_BOT_TOKEN": fake.bot_token,
        "SLACK_APP_TOKEN": socket.app_token,
        "SLACK_API_URL": fake.base_url,
        "DATABASE_URL": database_url,
    }
    with started_together(lambda: RunningBot(settings, at=START)):
        assert socket.wait_for_connections(2)
        first, second = (SocketModeClient(socket, c) for c in socket.connections[:2])
        modal = complete_across([first, second], OWNER)
        assert modal.callback_id == Callback.FLOW_DONE
        assert fake.wait_for(lambda: bool(fake.posted))  # the plan's summary DM, sent after the ack
        assert (
            first.event({"type": "app_home_opened", "user": OWNER, "channel": "D1", "tab": "home"}).status
            == 200
        )
        assert "Acme Ltd" in all_text(fake.homes[OWNER])
        assert first.view_problems == second.view_problems == []
    db = Database.from_url(database_url)
    with db.session() as session:
        assert [c.client_name for c in session.scalars(select(Case))] == ["Acme Ltd"]
    db.engine.dispose()
    # The connection was opened with the app-level token (no signing secret in Socket Mode).
    assert {c.token for c in fake.calls_to("apps.connections.open")} == {socket.app_token}
