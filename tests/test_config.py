"""Settings: clear one-line errors, sensible defaults; the real entry point serves HTTP and health."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bench.rows import case_row
from bot.config import ConfigError, load_settings
from bot.storage.db import Database, migrate
from bot.storage.models import Case, Reminder
from tests.fake_slack import FakeSlack
from tests.processes import SERVING

ROOT = Path(__file__).resolve().parent.parent
BASE = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}


def test_oauth_settings_replace_the_single_bot_token() -> None:
    settings = load_settings(
        {"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "s", "SLACK_SIGNING_SECRET": "x"}
    )
    assert settings.oauth and settings.bot_token is None and not settings.socket_mode


def test_defaults() -> None:
    settings = load_settings(BASE)
    assert settings.socket_mode and settings.port == 3000 and settings.reminder_hour == 9
    assert settings.database_url == "sqlite:///endings-coach.sqlite3"
    assert settings.slack_api_url == "https://slack.com/api/"


def test_api_url_gets_its_trailing_slash_and_postgres_urls_their_driver() -> None:
    settings = load_settings(
        {**BASE, "SLACK_API_URL": "http://127.0.0.1:9/api", "DATABASE_URL": "postgresql://u@h/db"}
    )
    assert settings.slack_api_url == "http://127.0.0.1:9/api/"
    assert settings.database_url == "postgresql+psycopg://u@h/db"


@pytest.mark.parametrize(
    "given",
    [
        "postgres://u:p@h:5432/db?sslmode=require",  # as Heroku, Render, Fly and others hand it out
        "postgresql://u:p@h:5432/db?sslmode=require",
        "postgresql+psycopg://u:p@h:5432/db?sslmode=require",
        "POSTGRES://u:p@h:5432/db?sslmode=require",
    ],
)
def test_postgres_urls_as_hosts_give_them_use_the_installed_driver(given: str) -> None:
    from sqlalchemy import create_engine

    url = load_settings({**BASE, "DATABASE_URL": given}).database_url
    assert url == "postgresql+psycopg://u:p@h:5432/db?sslmode=require"
    create_engine(url).dispose()  # the driver is importable: no connection is made


@pytest.mark.parametrize("port", ["0", "1", "65535"])
def test_port_takes_the_documented_range(port: str) -> None:
    assert load_settings({**BASE, "PORT": port}).port == int(port)


def test_a_database_url_for_another_driver_is_one_line(tmp_path: Path) -> None:
    process = _run({"DATABASE_URL": "postgresql+psycopg2://u@127.0.0.1:9/db"}, "migrate")
    _out, err = process.communicate(timeout=60)
    assert process.returncode == 1
    assert err.strip().count("\n") == 0 and "psycopg2" in err and "Traceback" not in err, err


def test_a_port_out_of_range_stops_the_bot_and_the_demo_with_one_line(tmp_path: Path) -> None:
    for env, command in (BASE, []), ({}, ["demo"]):
        process = _run({**env, "PORT": "99999", "DOTENV_FILE": str(tmp_path / "absent.env")}, *command)
        _out, err = process.communicate(timeout=60)
        assert process.returncode != 0 and "Traceback" not in err, err
        assert err.strip().count("\n") == 0 and "PORT must be a port number from 1 to 65535" in err, err


def test_the_example_env_holds_the_placeholders_the_code_knows() -> None:
    from bot.config import EXAMPLE_VALUES

    example = (ROOT / ".env.example").read_text()
    for name, value in EXAMPLE_VALUES.items():
        assert f"\n{name}={value}\n" in example


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxp-user"}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET"),
        ({**BASE, "SLACK_APP_TOKEN": "nope"}, "SLACK_APP_TOKEN"),
        ({**BASE, "PORT": "eighty"}, "PORT"),
        ({**BASE, "REMINDER_HOUR": "25"}, "REMINDER_HOUR"),
        ({**BASE, "REMINDER_HOUR": "19"}, "WORKDAY_END_HOUR"),
        ({**BASE, "HOLIDAY_COUNTRY": "XX"}, "HOLIDAY_COUNTRY"),
        ({**BASE, "DATABASE_URL": "mysql://x"}, "DATABASE_URL"),
        ({**BASE, "DATABASE_URL": "postgresql+psycopg2://u@h/db"}, "psycopg2 driver"),
        ({**BASE, "DATABASE_URL": "postgresql+asyncpg://u@h/db"}, "asyncpg driver"),
        ({**BASE, "PORT": "99999"}, "PORT must be a port number from 1 to 65535, or 0"),
        ({**BASE, "PORT": "-1"}, "PORT"),
        ({**BASE, "SLACK_BOT_TOKEN": "xoxb-your-bot-token"}, "SLACK_BOT_TOKEN is still the example"),
        ({**BASE, "SLACK_APP_TOKEN": "xapp-your-app-token"}, "SLACK_APP_TOKEN is still the example"),
        ({**BASE, "SLACK_API_URL": "ftp://x"}, "SLACK_API_URL"),
        ({**BASE, "LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
        ({**BASE, "LOG_FORMAT": "xml"}, "LOG_FORMAT"),
        ({**BASE, "SLACK_CLIENT_ID": "1.2"}, "SLACK_CLIENT_SECRET"),
        ({**BASE, "SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "s"}, "SLACK_APP_TOKEN"),
    ],
)
def test_bad_settings_name_the_variable(env: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigError, match=named):
        load_settings(env)


def _run(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
    env = {"DOTENV_FILE": "absent.env", **env}
    return subprocess.Popen(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        env={**clean, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_missing_setting_stops_start_up_with_one_line(tmp_path: Path) -> None:
    process = _run({"DOTENV_FILE": str(tmp_path / "absent.env")})
    _out, err = process.communicate(timeout=60)
    assert process.returncode == 1
    assert err.strip().count("\n") == 0 and "SLACK_BOT_TOKEN" in err and "Traceback" not in err


def test_migrate_command_creates_the_schema_without_any_slack_setting(tmp_path: Path) -> None:
    # Only the database is touched: no token, and a malformed one is not even read.
    process = _run({"DATABASE_URL": f"sqlite:///{tmp_path}/m.sqlite3", "SLACK_APP_TOKEN": "nope"}, "migrate")
    _out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert (tmp_path / "m.sqlite3").exists()


@pytest.mark.parametrize("log_format", ["text", "json"])
def test_python_m_bot_serves_http_with_health_and_logs_each_request(tmp_path: Path, log_format: str) -> None:
    fake = FakeSlack().start()
    env = {
        "SLACK_BOT_TOKEN": fake.bot_token,
        "SLACK_SIGNING_SECRET": "signing-secret-never-logged",
        "SLACK_API_URL": fake.base_url,
        "DATABASE_URL": f"sqlite:///{tmp_path}/bot.sqlite3",
        "PORT": "0",
        "LOG_LEVEL": "INFO",
        "LOG_FORMAT": log_format,
    }
    process = _run(env)
    lines: list[str] = []
    try:
        assert process.stderr is not None
        port = None
        for line in process.stderr:  # waits on the process's own output, line by line
            lines.append(line)
            if found := SERVING.search(line):
                port = int(found.group(1))
                break
        assert port, "the server did not start: " + "".join(lines)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as reply:
            assert reply.status == 200 and json.loads(reply.read()) == {"ok": True, "database": "ok"}
        with pytest.raises(urllib.error.HTTPError):  # refused requests are logged at INFO
            urllib.request.urlopen(f"http://127.0.0.1:{port}/nowhere", timeout=10)
    finally:
        process.terminate()
        lines += process.communicate(timeout=30)[1].splitlines(keepends=True)
        fake.stop()
    log = "".join(lines)
    assert fake.bot_token not in log and "signing-secret-never-logged" not in log
    if log_format == "text":
        assert re.search(r" INFO bot\.http GET /nowhere 404 \d+\.\dms$", log, re.MULTILINE), log
        assert "/healthz 200" not in log  # a request that went well: DEBUG only
        return
    records = [json.loads(line) for line in lines]  # every line is one JSON object
    request = next(r for r in records if r.get("path") == "/nowhere")
    assert request["method"] == "GET" and request["status"] == "404" and request["ms"] >= 0
    assert request["level"] == "INFO" and request["logger"] == "bot.http" and request["time"]


def test_delete_team_removes_a_workspaces_data_and_nothing_else(tmp_path: Path) -> None:

    url = f"sqlite:///{tmp_path}/d.sqlite3"
    db = Database.from_url(url)
    migrate(db.engine)
    now = datetime(2026, 12, 1, tzinfo=UTC)
    with db.session(write=True) as session:
        for team in ("T1", "T2"):
            case = Case(**case_row(team, "U1", date(2026, 12, 1), now))
            case.reminders = [
                Reminder(team_id=team, kind="reflect", covers=[], due_at=now, next_attempt_at=now)
            ]
            session.add(case)
    process = _run({"DATABASE_URL": url}, "delete-team", "T1")  # no Slack token: the database alone
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert "deleted 1 cases" in out
    with db.session() as session:
        assert session.scalars(select(Case.team_id)).all() == ["T2"]
        assert session.scalar(select(func.count()).select_from(Reminder)) == 1


def test_holiday_country_takes_a_subdivision() -> None:
    settings = load_settings({**BASE, "HOLIDAY_COUNTRY": "gb-eng"})
    assert (settings.holiday_country, settings.holiday_subdivision) == ("GB", "ENG")
    assert load_settings({**BASE, "HOLIDAY_COUNTRY": "IL"}).holiday_subdivision is None


def test_empty_values_are_unset_and_the_environment_wins_over_the_env_file(tmp_path: Path) -> None:
    from bot.config import detach_slack_environment, read_environment

    env_file = tmp_path / ".env"
    env_file.write_text("SLACK_BOT_TOKEN=xoxb-file\nSLACK_CLIENT_ID=\nSLACK_CLIENT_SECRET=\nPORT=4000\n")
    merged = read_environment(env_file, {"PORT": "5000", "SLACK_APP_TOKEN": "", "HOME": "/h"})
    assert merged == {"SLACK_BOT_TOKEN": "xoxb-file", "PORT": "5000", "HOME": "/h"}
    settings = load_settings({**merged, "SLACK_APP_TOKEN": "xapp-1"})
    assert not settings.oauth and settings.bot_token == "xoxb-file"
    environ = {"SLACK_CLIENT_ID": "", "SLACK_BOT_TOKEN": "xoxb-1", "PATH": "/bin"}
    detach_slack_environment(environ)
    assert environ == {"PATH": "/bin"}


def test_an_empty_variable_in_the_environment_unsets_what_env_sets(tmp_path: Path) -> None:
    from bot.config import read_environment

    env_file = tmp_path / ".env"
    env_file.write_text("SLACK_APP_TOKEN=xapp-file\nHOLIDAY_COUNTRY=GB\nPORT=4000\n")
    merged = read_environment(env_file, {"SLACK_APP_TOKEN": "", "HOLIDAY_COUNTRY": " ", "HOME": "/h"})
    assert merged == {"PORT": "4000", "HOME": "/h"}
    # `SLACK_APP_TOKEN= make run`: HTTP mode, though .env names a Socket Mode token
    settings = load_settings({**merged, "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"})
    assert not settings.socket_mode and settings.holiday_country is None
