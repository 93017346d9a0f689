"""Engine, sessions and schema upgrades."""

from __future__ import annotations

import contextlib
import logging
import math
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import InvalidatePoolError
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger("bot.db")
MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


WAL_ATTEMPTS = 50
SQLITE_DATETIME = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy's DateTime writes a time on SQLite


def _sqlite_datetime(value: datetime) -> str:
    """A time handed straight to the sqlite3 driver (a statement run on a driver cursor) is written
    as SQLAlchemy writes it, in UTC. Python 3.12 deprecated the driver's own adapter, which also
    wrote a different text (an offset, no microseconds when they are zero)."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.strftime(SQLITE_DATETIME)


sqlite3.register_adapter(datetime, _sqlite_datetime)
sqlite3.register_adapter(date, date.isoformat)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=5000")
    _use_wal(cursor)
    # With WAL, NORMAL survives any crash of the bot; only a power cut may lose the last commits.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _use_wal(cursor: Any) -> None:
    """Switch a new file to WAL. The switch answers "database is locked" at once, without waiting
    for the busy timeout, while another process holds the file (two processes starting together)."""
    for attempt in range(WAL_ATTEMPTS):
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
                return
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError:
            if attempt == WAL_ATTEMPTS - 1:
                raise
            time.sleep(0.1)


WRITE = "endings_write"  # execution option: this transaction will write
AUTOCOMMIT = {"isolation_level": "AUTOCOMMIT"}  # restored when the connection returns to the pool


def _sqlite_begin(connection: Any) -> None:
    """SQLite transactions begin here, not in the driver: a transaction that will write takes the
    write lock at once (BEGIN IMMEDIATE), so two processes never both read and then fail to write."""
    immediate = connection.get_execution_options().get(WRITE)
    # Straight to the driver: this runs for every transaction, and SQLAlchemy's execution path
    # (events, result objects) cost more than the statement itself.
    connection.connection.driver_connection.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")


# A pooled PostgreSQL connection used this recently is taken to be alive; one idle for longer is
# checked with a round trip before use. Under load no request pays for the check (the pool's own
# pre-ping pays it on every checkout), and a connection that sat idle through a database restart
# is still found dead and replaced before any request sees it. (The same window as HikariCP's.)
PING_IDLE_AFTER = 0.5  # seconds
_IDLE_SINCE = "endings_idle_since"


def ping_when_idle(engine: Engine, after: float, clock: Callable[[], float] = time.monotonic) -> None:
    """Check a connection on checkout only when it has been idle for `after` seconds or more; a
    failed check replaces every pooled connection (as a failed pre-ping does)."""

    def alive_now(_dbapi_connection: Any, record: Any, *_: Any) -> None:
        record.info[_IDLE_SINCE] = clock()

    def check_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        if clock() - record.info.get(_IDLE_SINCE, -math.inf) < after:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            raise InvalidatePoolError() from error

    event.listen(engine, "connect", alive_now)  # new connections: just proven alive
    event.listen(engine, "checkin", alive_now)
    event.listen(engine, "checkout", check_if_idle)


def make_engine(url: str, clock: Callable[[], float] = time.monotonic) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 5, "isolation_level": None}
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    engine = create_engine(url, pool_size=10, max_overflow=10)
    ping_when_idle(engine, PING_IDLE_AFTER, clock)
    return engine


def alembic_config(url: str) -> Config:
    from alembic.config import Config  # imported when used: a start that stops early needs none

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


# Any fixed number: the PostgreSQL advisory lock that queues processes migrating at once.
MIGRATION_LOCK_KEY = 0x656E6463


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision.

    Several processes may start at once on a new database: the first takes the lock and
    migrates, the others wait for it and then find nothing left to do.
    """
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    config = alembic_config(engine.url.render_as_string(hide_password=False))
    # On SQLite the write lock is taken as the transaction begins: one migrating process at a time.
    with engine.connect().execution_options(**{WRITE: True}) as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Alembic rebuilds a SQLite table to change it (copy, drop, rename); with foreign keys
            # on, dropping `cases` would cascade to every row that points at it. The pragma only
            # takes effect outside a transaction, so it goes straight to the driver.
            _sqlite_foreign_keys(connection, False)
        try:
            with connection.begin():
                if connection.dialect.name == "postgresql":
                    connection.execute(
                        text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
                    )
                config.attributes["connection"] = connection
                before = MigrationContext.configure(connection).get_current_revision()
                command.upgrade(config, "head")
                after = MigrationContext.configure(connection).get_current_revision()
        finally:
            if sqlite:
                _sqlite_foreign_keys(connection, True)
    if before != after:
        log.info("database upgraded from revision %s to %s", before or "(empty)", after)
    else:
        log.info("database schema is current (revision %s)", after)


def _sqlite_foreign_keys(connection: Any, on: bool) -> None:
    raw = connection.connection.driver_connection
    raw.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


class WriteInReadingSession(RuntimeError):
    """A change made in a session opened to read: open it with `write=True`."""


def _refuse_flush(session: Session, *_: Any) -> None:
    if session.new or session.deleted or any(session.is_modified(obj) for obj in session.dirty):
        raise WriteInReadingSession("a session opened to read was asked to write")


def _refuse_writes(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        raise WriteInReadingSession("a session opened to read was asked to write")


class Database:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine)
        self._readers = sessionmaker(engine)
        event.listen(self._readers, "before_flush", _refuse_flush)
        event.listen(self._readers, "do_orm_execute", _refuse_writes)
        # SQLite has one writer at a time and makes waiting writers sleep and poll; queueing them
        # here instead keeps latency flat under concurrent requests. Readers need no turn (WAL lets
        # them read beside a writer), and PostgreSQL needs no such lock.
        self._lock: threading.RLock | contextlib.nullcontext[None] = (
            threading.RLock() if engine.dialect.name == "sqlite" else contextlib.nullcontext()
        )
        # On PostgreSQL (read committed) each statement sees what was committed when it began,
        # inside a transaction or not: a session that only reads gains nothing from BEGIN and
        # COMMIT but two round trips. On SQLite a read transaction keeps one snapshot throughout.
        self._reads_outside_transactions = engine.dialect.name == "postgresql"

    @classmethod
    def from_url(cls, url: str) -> Database:
        return cls(make_engine(url))

    @contextmanager
    def session(self, write: bool = False) -> Iterator[Session]:
        """One transaction, rolled back on any error. `write` marks a transaction that changes
        rows (on SQLite it takes the write lock at once), committed when the block ends; its rows
        expire then, so nothing reads them afterwards (services hand up read models). A session
        without it only reads (on PostgreSQL it runs outside a transaction), commits nothing, and
        refuses changes: objects added, changed or deleted, and INSERT, UPDATE or DELETE
        statements."""
        with self._lock if write else contextlib.nullcontext():
            session = (self._sessions if write else self._readers)()
            if write:
                session.connection(execution_options={WRITE: True})
            elif self._reads_outside_transactions:
                session.connection(execution_options=AUTOCOMMIT)
            try:
                yield session
                if write:
                    session.commit()
                else:  # nothing to commit: its rows stay as read; a change is refused here
                    session.flush()
            except BaseException:
                session.rollback()
                raise
            finally:
                session.close()

    @contextmanager
    def write_turn(self) -> Iterator[None]:
        """This process's turn to write (SQLite has one writer; PostgreSQL needs no turn)."""
        with self._lock:
            yield
