"""Fixtures: a fake Slack, a clock, real databases (SQLite files; PostgreSQL when configured)."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, make_url, text

from bot.config import database_url_setting
from bot.storage.db import Database, migrate
from tests.fake_slack import FakeSlack
from tests.harness import Bot, Clock

OWNER = "U0000000001"
OTHER = "U0000000002"
START = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)  # a Tuesday


def _postgres_url() -> str | None:
    return os.environ.get("TEST_DATABASE_URL") or None


def _reachable(url: str) -> bool:
    try:
        engine = create_engine(url)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
        return True
    except Exception:
        return False


def pytest_report_header() -> str:
    if _postgres_url():
        return (
            f"databases: SQLite files and PostgreSQL (TEST_DATABASE_URL, {_hidden_password(_postgres_url())})"
        )
    return "databases: SQLite only; set TEST_DATABASE_URL to run every database test on PostgreSQL too"


def pytest_sessionstart(session: pytest.Session) -> None:
    """CI sets TEST_DATABASE_URL: a server that is not there must fail the run, never skip it."""
    url = _postgres_url()
    if url and not _reachable(_with_driver(url)):
        raise pytest.UsageError(
            f"TEST_DATABASE_URL is set ({_hidden_password(url)}) but no PostgreSQL server answers there: "
            "start it, fix the URL, or unset TEST_DATABASE_URL to test on SQLite only."
        )


def _with_driver(url: str) -> str:
    """TEST_DATABASE_URL in any form DATABASE_URL takes (postgres://, postgresql://...)."""
    return database_url_setting({"DATABASE_URL": url}) if url else url


def _hidden_password(url: str | None) -> str:
    return make_url(_with_driver(url or "")).render_as_string(hide_password=True)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    # PostgreSQL cases exist only where a server is configured; nothing is skipped one by one.
    if "database_url" in metafunc.fixturenames:
        kinds = ["sqlite", "postgresql"] if _postgres_url() else ["sqlite"]
        if metafunc.definition.get_closest_marker("postgresql"):
            kinds = ["postgresql"]
        metafunc.parametrize("database_url", kinds, indirect=True)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests of PostgreSQL alone are left out, not skipped, where no server is configured."""
    if _postgres_url():
        return
    left_out = [item for item in items if item.get_closest_marker("postgresql")]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if not item.get_closest_marker("postgresql")]


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: os.PathLike[str]) -> Iterator[str]:
    """A fresh database: a SQLite file, or a schema of its own on TEST_DATABASE_URL's server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/bot.sqlite3"
        return
    base = _with_driver(_postgres_url() or "")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in base else "?"
    yield f"{base}{separator}options={quote(f'-csearch_path={schema}')}"
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: os.PathLike[str]) -> str:
    return f"sqlite:///{tmp_path}/bot.sqlite3"


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    slack = FakeSlack().start()
    slack.add_user(OWNER, tz="Europe/London", real_name="Alex Morgan")
    slack.add_user(OTHER, tz="America/New_York", real_name="Jordan Lee")
    yield slack
    slack.stop()
    assert slack.schema_errors == [], "Slack would reject these views or messages"


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite file migrated to the newest revision once per run, copied wherever a test starts
    the app on a new SQLite database (the migrations themselves are tested in test_migrations)."""
    path = tmp_path_factory.mktemp("migrated") / "bot.sqlite3"
    db = Database.from_url(f"sqlite:///{path}")
    migrate(db.engine)
    db.engine.dispose()  # the last connection closed folds the write-ahead log into the file
    return str(path)


@pytest.fixture
def bot(fake: FakeSlack, database_url: str, clock: Clock, request: pytest.FixtureRequest) -> Iterator[Bot]:
    path = make_url(database_url).database
    copied = database_url.startswith("sqlite") and path is not None and not os.path.exists(path)
    if copied:
        shutil.copyfile(request.getfixturevalue("migrated_sqlite"), str(path))
    running = Bot(fake, database_url, clock, migrated=copied)
    yield running
    running.close()
    assert running.view_problems == [], "the app acked with views or blocks Slack would reject"
