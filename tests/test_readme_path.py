"""The README's own set-up path, followed literally: `.env` copied from `.env.example`, only the
values the README tells a newcomer to fill in, then `python -m bot` (what `make run` runs) in the
folder holding that `.env`. In Socket Mode and in HTTP mode, a whole flow then works."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.slack.ids import Callback
from tests.browser import SERVING
from tests.conftest import OWNER
from tests.fake_slack import FakeSlack
from tests.fake_socket_mode import FakeSocketMode, SocketModeClient
from tests.flow import complete
from tests.harness import SIGNING_SECRET, SlackRequests, all_text
from tests.processes import RunningBot

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
# The README lists the settings most people touch and links the full table.
CONFIGURATION = (ROOT / "docs" / "configuration.md").read_text()


def env_from_example(folder: Path, **values: str) -> Path:
    """`cp .env.example .env`, then fill in `values`: each must be a setting the README or the
    configuration page it links documents."""
    assert "(docs/configuration.md)" in README
    documented = set(re.findall(r"^\| `([A-Z_]+)`", README + CONFIGURATION, re.MULTILINE))
    assert set(values) <= documented, set(values) - documented
    env = folder / ".env"
    shutil.copy(ROOT / ".env.example", env)
    text = env.read_text()
    for name, value in values.items():
        text, count = re.subn(rf"^{name}=.*$", f"{name}={value}", text, flags=re.MULTILINE)
        assert count == 1, f"{name} is not in .env.example"
    env.write_text(text)
    return env


def test_the_readme_names_the_two_tokens_to_fill_in() -> None:
    assert "`cp .env.example .env`, fill in the two tokens" in README
    for setting in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"):
        assert f"`{setting}=" in README  # the two lines to fill in, by name
        assert re.search(rf"^{setting}=", (ROOT / ".env.example").read_text(), re.MULTILINE)
    assert "SLACK_CLIENT_ID=\n" in (ROOT / ".env.example").read_text()  # the empty lines that once broke it


@pytest.fixture
def socket(fake: FakeSlack) -> Iterator[FakeSocketMode]:
    server = FakeSocketMode(fake)
    yield server
    server.close()


def walk_a_whole_flow(slack: SlackRequests, fake: FakeSlack) -> None:
    modal = complete(slack, OWNER, "Harlow & Finch Ltd")
    assert modal.callback_id == Callback.FLOW_DONE
    assert fake.wait_for(lambda: bool(fake.dms_to(OWNER)))  # the plan's summary, after the answer
    assert "Harlow &amp; Finch Ltd" in all_text(fake.dms_to(OWNER)[0])
    assert "<!date^" in all_text(fake.dms_to(OWNER)[0], raw=True)  # dates in each reader's format
    assert slack.view_problems == []


def test_socket_mode_from_the_example_env(fake: FakeSlack, socket: FakeSocketMode, tmp_path: Path) -> None:
    env_from_example(
        tmp_path,
        SLACK_BOT_TOKEN=fake.bot_token,
        SLACK_APP_TOKEN=socket.app_token,
        SLACK_API_URL=fake.base_url,  # Slack itself cannot be reached from the tests
        PORT="0",
    )
    bot = RunningBot({}, cwd=tmp_path, socket_mode=True)
    try:
        assert socket.wait_for_connections(1)
        walk_a_whole_flow(SocketModeClient(socket, socket.connections[0]), fake)
        assert (tmp_path / "endings-coach.sqlite3").exists()  # the documented default database
        log = "".join(bot.log)
        assert "will be unused" not in log and "oauth_settings" not in log.lower()
        assert "Traceback" not in log
    finally:
        bot.close()


def test_http_mode_from_the_example_env(fake: FakeSlack, tmp_path: Path) -> None:
    env_from_example(
        tmp_path,
        SLACK_BOT_TOKEN=fake.bot_token,
        SLACK_APP_TOKEN="",  # the README: leave it empty and set the signing secret
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=fake.base_url,
        PORT="0",
    )
    bot = RunningBot({}, cwd=tmp_path, socket_mode=False)
    try:
        walk_a_whole_flow(SlackRequests(fake, bot.port), fake)
        assert "Traceback" not in "".join(bot.log)
    finally:
        bot.close()


def start_demo(folder: Path) -> subprocess.Popen[str]:
    """`make demo` in `folder`: `python -m playground`, nothing of this machine's Slack settings inherited,
    its temporary files in `folder`/tmp."""
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
    (folder / "tmp").mkdir()
    return subprocess.Popen(
        [sys.executable, "-m", "playground"],
        cwd=folder,
        # PORT: any free port, not .env's 3000
        env={**inherited, "PYTHONPATH": str(ROOT), "PORT": "0", "TMPDIR": str(folder / "tmp")},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_the_demo_serves_with_the_env_left_as_copied(tmp_path: Path) -> None:
    env = env_from_example(tmp_path)  # `cp .env.example .env`, nothing filled in
    assert env.read_text() == (ROOT / ".env.example").read_text()
    process = start_demo(tmp_path)
    printed: list[str] = []
    try:
        assert process.stderr is not None
        for line in process.stderr:
            printed.append(line)
            if found := SERVING.search(line):
                with urllib.request.urlopen(found.group(1), timeout=10) as reply:
                    assert reply.status == 200 and "playground" in reply.read().decode()
                assert list((tmp_path / "tmp").iterdir()), "the playground's database is in TMPDIR"
                break
        else:
            raise AssertionError("the demo did not serve:\n" + "".join(printed))
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert "Traceback" not in "".join(printed)
    # Stopped by SIGTERM as by Ctrl-C: its temporary folder and database are gone.
    assert process.returncode == 0 and list((tmp_path / "tmp").iterdir()) == []


@pytest.mark.parametrize("name", ["SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"])
def test_the_demo_still_refuses_a_real_token_filled_in(tmp_path: Path, name: str) -> None:
    # A real token means a real installation: the playground must never be mistaken for one.
    env_from_example(
        tmp_path, **{name: "xoxb-1234-5678-abcd" if name == "SLACK_BOT_TOKEN" else "xapp-1-A1-1"}
    )
    process = start_demo(tmp_path)
    _out, err = process.communicate(timeout=60)
    assert process.returncode == 2 and "demo refused" in err and name in err, err
    assert "Traceback" not in err


def test_the_bot_points_to_make_demo_where_the_playground_is_not_there(tmp_path: Path) -> None:
    """An installed bot has no playground: `demo` names the way to it instead of a traceback."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "bot").symlink_to(ROOT / "bot")  # the product alone, as its wheel installs it
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PYTHON"))}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "demo"],
        cwd=tmp_path,
        env={**inherited, "PYTHONPATH": str(site), "PYTHONSAFEPATH": "1"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "make demo" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
