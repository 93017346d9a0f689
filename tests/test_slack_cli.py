"""`slack run`: the Slack CLI runs the `start` hook that `get-hooks` names (the slack-cli-hooks
package), with the tokens of the app it made in the environment; the hook runs app.py, which must
start the bot in Socket Mode."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator

import pytest

from tests.conftest import OWNER
from tests.fake_slack import FakeSlack
from tests.fake_socket_mode import FakeSocketMode, SocketModeClient
from tests.harness import all_text
from tests.processes import RunningBot

pytest.importorskip("slack_cli_hooks", reason="the slack-cli extra is not installed")


@pytest.fixture
def socket(fake: FakeSlack) -> Iterator[FakeSocketMode]:
    server = FakeSocketMode(fake)
    yield server
    server.close()


def start_hook() -> list[str]:
    """The `start` command `get-hooks` gives the CLI, as arguments for this interpreter."""
    hooks = subprocess.run(
        [sys.executable, "-m", "slack_cli_hooks.hooks.get_hooks"], capture_output=True, text=True, check=True
    )
    command = json.loads(hooks.stdout)["hooks"]["start"].split()
    assert command[-2:] == ["-m", "slack_cli_hooks.hooks.start"], command
    return command[-2:]


@pytest.mark.parametrize("names", ["SLACK_BOT_TOKEN", "SLACK_CLI_XOXB"])
def test_slack_run_starts_the_bot_in_socket_mode(
    fake: FakeSlack, socket: FakeSocketMode, sqlite_url: str, names: str
) -> None:
    # The CLI hands the tokens over as SLACK_BOT_TOKEN/SLACK_APP_TOKEN; older ones as SLACK_CLI_*.
    if names == "SLACK_BOT_TOKEN":
        bot, app = "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"
    else:
        bot, app = "SLACK_CLI_XOXB", "SLACK_CLI_XAPP"
    env = {bot: fake.bot_token, app: socket.app_token, "SLACK_API_URL": fake.base_url}
    env["DATABASE_URL"] = sqlite_url
    running = RunningBot(env, command=start_hook(), socket_mode=True)
    try:
        assert socket.wait_for_connections(1)
        client = SocketModeClient(socket, socket.connections[0])
        answer = client.slash("help", user=OWNER)
        assert "/end-client" in all_text(answer.json)
    finally:
        running.close()
    assert {c.token for c in fake.calls_to("apps.connections.open")} == {socket.app_token}
