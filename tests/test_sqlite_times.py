"""Times written on a sqlite3 driver cursor (the sweep records sent reminders that way): no
deprecation warning on Python 3.12+ (whose sqlite3 deprecated its default datetime adapter), and the
same text SQLAlchemy writes, so the column holds one format."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import warnings
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import select

from bot.storage.db import Database, migrate
from bot.storage.models import Reminder
from bot.storage.reminder_lifecycle import SentRecord, mark_all_sent

ROOT = Path(__file__).resolve().parent.parent
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


def test_the_sweeps_record_of_a_sent_reminder_runs_with_deprecations_as_errors(tmp_path: Path) -> None:
    """The path that warned on 3.12 and 3.13, in a process where a DeprecationWarning is an error."""
    url = f"sqlite:///{tmp_path}/t.sqlite3"
    code = f"""
from datetime import UTC, datetime
from bot.storage.db import Database, migrate
from bot.storage.reminder_lifecycle import SentRecord, mark_all_sent
db = Database.from_url({url!r})
migrate(db.engine)
raw = db.engine.raw_connection()
cursor = raw.cursor()
at = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
print(mark_all_sent(cursor, db.engine.dialect, [SentRecord(1, "t", at, False, "D1", "1.2")]))
"""
    done = subprocess.run(
        [sys.executable, "-W", "error::DeprecationWarning", "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "{1}"  # no such reminder claimed: its id comes back


def test_a_reminder_marked_sent_on_the_driver_reads_back_in_utc(tmp_path: Path) -> None:
    from bench.rows import case_row
    from bot.storage.models import Case, ReminderState

    db = Database.from_url(f"sqlite:///{tmp_path}/t.sqlite3")
    migrate(db.engine)
    with db.session(write=True) as session:
        case = Case(**case_row("T1", "U1", date(2026, 12, 1), SENT))
        case.reminders = [
            Reminder(
                team_id="T1",
                kind="reflect",
                covers=[],
                due_at=SENT,
                next_attempt_at=SENT,
                state=ReminderState.SENDING,
                claim_token="tok",
            )
        ]
        session.add(case)
    with db.session() as session:
        reminder_id = session.scalars(select(Reminder.id)).one()
    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        lost = mark_all_sent(
            cursor, db.engine.dialect, [SentRecord(reminder_id, "tok", SENT, False, "D1", "1.2")]
        )
        raw.commit()
    finally:
        raw.close()
    assert lost == set()
    with db.session() as session:
        assert session.scalars(select(Reminder.sent_at)).one() == SENT
