"""Times written on a sqlite3 driver cursor: no deprecation warning on Python 3.12+ (whose sqlite3
deprecated its default datetime adapter), and the same text SQLAlchemy writes, so the column holds
one format."""

from __future__ import annotations

import sqlite3
import warnings
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from bot.storage.db import Database, migrate

SENT = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


def test_the_driver_gets_the_projects_adapters_not_the_deprecated_defaults() -> None:
    import bot.storage.db  # noqa: F401  (registers them)

    for kind in (datetime, date):
        adapter = sqlite3.adapters[(kind, sqlite3.PrepareProtocol)]
        assert "register_adapters_and_converters" not in getattr(adapter, "__qualname__", ""), kind


def test_a_time_sent_on_the_driver_cursor_is_stored_as_the_orm_stores_it(tmp_path: Path) -> None:
    db = Database.from_url(f"sqlite:///{tmp_path}/t.sqlite3")
    migrate(db.engine)
    with db.engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE times (at TEXT)")
        raw = connection.connection.driver_connection
        assert raw is not None
        with warnings.catch_warnings():
            warnings.simplefilter("error", DeprecationWarning)
            paris = timezone(timedelta(hours=1))
            raw.execute(
                "INSERT INTO times VALUES (?), (?)", (SENT, datetime(2026, 12, 1, 10, 30, tzinfo=paris))
            )
            raw.execute("INSERT INTO times VALUES (?)", (date(2026, 12, 1),))
        stored = [row[0] for row in raw.execute("SELECT at FROM times")]
    assert stored == ["2026-12-01 09:30:00.000000", "2026-12-01 09:30:00.000000", "2026-12-01"]
