"""Start-up: every failure is one line naming the setting and what to do; Socket Mode has a health
check too; the console script and a non-editable wheel install run."""

from __future__ import annotations

import json
import os
import shutil
import socket as sockets
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fake_slack import FakeSlack
from tests.fake_socket_mode import FakeSocketMode
from tests.harness import SIGNING_SECRET
from tests.processes import RunningBot, wait_for_logs

ROOT = Path(__file__).resolve().parent.parent


def run_bot(
    env: dict[str, str], *args: str, cwd: Path = ROOT, python: str = sys.executable
) -> tuple[int, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL", "DOTENV"))}
    process = subprocess.run(
        [python, "-m", "bot", *args],
        cwd=cwd,
        env={**clean, "DOTENV_FILE": str(ROOT / "absent.env"), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    return process.returncode, process.stderr


def one_line_failure(returncode: int, stderr: str) -> str:
    """The failure's line: everything else on stderr is an ordinary log record, and no traceback."""
    assert returncode == 1, stderr
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line and " INFO " not in line]
    assert len(lines) == 1, stderr
    return lines[0]


@pytest.fixture
def base(fake: FakeSlack, tmp_path: Path) -> dict[str, str]:
    return {
        "SLACK_BOT_TOKEN": fake.bot_token,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.base_url,
        "DATABASE_URL": f"sqlite:///{tmp_path}/bot.sqlite3",
        "PORT": "0",
    }


def test_a_wrong_bot_token(base: dict[str, str]) -> None:
    line = one_line_failure(*run_bot({**base, "SLACK_BOT_TOKEN": "xoxb-wrong"}))
    assert "SLACK_BOT_TOKEN" in line and "invalid_auth" in line and "OAuth & Permissions" in line


def test_a_revoked_bot_token(fake: FakeSlack, base: dict[str, str]) -> None:
    fake.revoked.add(fake.bot_token)
    line = one_line_failure(*run_bot(base))
    assert "SLACK_BOT_TOKEN" in line and "token_revoked" in line and "reinstall" in line


def test_slack_unreachable(base: dict[str, str]) -> None:
    with sockets.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    line = one_line_failure(*run_bot({**base, "SLACK_API_URL": f"http://127.0.0.1:{port}/api/"}))
    assert "could not reach Slack at SLACK_API_URL" in line


def test_database_unreachable(base: dict[str, str]) -> None:
    with sockets.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    url = f"postgresql+psycopg://nobody@127.0.0.1:{port}/db?connect_timeout=2"
    line = one_line_failure(*run_bot({**base, "DATABASE_URL": url}))
    assert "DATABASE_URL" in line and "server is running" in line


def test_port_in_use(base: dict[str, str]) -> None:
    with sockets.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        line = one_line_failure(*run_bot({**base, "PORT": str(port)}))
    assert f"PORT {port} is already in use" in line


def test_a_wrong_app_token_in_socket_mode(fake: FakeSlack, base: dict[str, str]) -> None:
    fake.socket_url = "ws://127.0.0.1:9/never"
    line = one_line_failure(*run_bot({**base, "SLACK_APP_TOKEN": "xapp-wrong"}))
    assert "SLACK_APP_TOKEN" in line and "connections:write" in line


def test_a_subdivision_nobody_has(base: dict[str, str]) -> None:
    line = one_line_failure(*run_bot({**base, "HOLIDAY_COUNTRY": "GB-XYZ"}))
    assert "HOLIDAY_COUNTRY" in line and "GB-ENG" in line


@pytest.fixture
def socket(fake: FakeSlack) -> Iterator[FakeSocketMode]:
    server = FakeSocketMode(fake)
    yield server
    server.close()


def health(port: int) -> tuple[int, dict[str, str]]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as reply:
            return reply.status, json.loads(reply.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_socket_mode_answers_health_checks_with_its_connection_and_database(
    fake: FakeSlack, socket: FakeSocketMode, base: dict[str, str]
) -> None:
    settings = {**base, "SLACK_APP_TOKEN": socket.app_token}
    bot = RunningBot(settings)
    try:
        assert socket.wait_for_connections(1)
        assert health(bot.port) == (200, {"ok": True, "database": "ok", "socket_mode": "connected"})
        clean = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
        check = subprocess.run(
            [sys.executable, "-m", "bot", "healthcheck"],
            env={**clean, "PORT": str(bot.port), "DOTENV_FILE": str(ROOT / "absent.env")},
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert check.returncode == 0 and "healthy" in check.stdout
        # Slack closes the connection and will not take a new one: the check turns red.
        fake.socket_url = None
        for connection in list(socket.connections):
            connection.close()
        assert wait_for_logs(lambda: any("connection has been closed" in line for line in bot.log))
        status, report = health(bot.port)
        assert (status, report["socket_mode"], report["ok"]) == (503, "disconnected", False)
        assert bot.process.poll() is None  # still running, trying to reconnect
        check = subprocess.run(
            [sys.executable, "-m", "bot", "healthcheck"],
            env={**clean, "PORT": str(bot.port), "DOTENV_FILE": str(ROOT / "absent.env")},
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert check.returncode == 1 and "unhealthy: 503" in check.stdout
    finally:
        bot.close()


def test_a_wheel_installed_elsewhere_runs_with_its_templates(
    fake: FakeSlack, base: dict[str, str], tmp_path: Path
) -> None:
    """What the container image does: build a wheel, install it (not editable), run the console script."""
    wheels, target, source = tmp_path / "wheels", tmp_path / "site", tmp_path / "source"
    for part in ("bot", "templates"):
        shutil.copytree(ROOT / part, source / part, ignore=shutil.ignore_patterns("__pycache__"))
    for part in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / part, source / part)
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
            str(source),
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    # A quiet build: setuptools has nothing to warn about (every packaged folder is listed).
    assert built.stdout + built.stderr == "", built.stdout + built.stderr
    (wheel,) = wheels.glob("endings_coach-*.whl")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    assert (target / "bot" / "templates" / "messages.md.j2").is_file()
    shipped = {f.name for f in (target / "bot" / "templates" / "situations").glob("*.j2")}
    assert shipped == {f.name for f in (ROOT / "templates" / "situations").glob("*.j2")}
    assert (target / "bot" / "migrations" / "versions").is_dir()
    elsewhere = tmp_path / "run"
    elsewhere.mkdir()
    env = {"PYTHONPATH": str(target)}
    code = (
        "import bot.text as t, bot.slack.messages as m; print(t.TEMPLATES_DIR);"
        "print(m.help_message()['text'])"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    shown = subprocess.run(
        [sys.executable, "-c", code], cwd=elsewhere, env={**clean, **env}, capture_output=True, text=True
    )
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith(str(target / "bot" / "templates")), shown.stdout
    script = target / "bin" / "endings-coach"
    assert script.is_file()
    migrated = subprocess.run(
        [sys.executable, str(script), "migrate"],
        cwd=elsewhere,
        env={**clean, **env, **base},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert migrated.returncode == 0 and "up to date" in migrated.stdout, migrated.stderr


def test_the_packaged_list_is_the_tree() -> None:
    """pyproject.toml lists the packages by hand (the copy in templates/ ships as bot.templates)."""
    import tomllib

    from setuptools import find_namespace_packages

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = set(find_namespace_packages(str(ROOT), include=["bot*"], exclude=["*__pycache__*"]))
    templates = {f"bot.templates.{d.name}" for d in (ROOT / "templates").iterdir() if d.is_dir()}
    assert listed == found | {"bot.templates"} | templates
