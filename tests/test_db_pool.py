"""Connections and sessions. On PostgreSQL a pooled connection is checked with a round trip only
after sitting idle, and one the server dropped while idle is replaced before anything uses it;
sessions that only read run outside a transaction. On both databases a reading session refuses
to write."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from psycopg.pq import TransactionStatus
from sqlalchemy import Engine, create_engine, delete, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from bot.storage.db import PING_IDLE_AFTER, Database, WriteInReadingSession, make_engine, migrate
from bot.storage.models import Person


class Ticks:
    """A monotonic clock that moves only when told."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def ticks() -> Ticks:
    return Ticks()


@pytest.fixture
def engine(database_url: str, ticks: Ticks) -> Iterator[Engine]:
    made = make_engine(database_url, clock=ticks)
    yield made
    made.dispose()


@pytest.fixture
def pings(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    seen: list[object] = []
    real = engine.dialect.do_ping

    def counted(dbapi_connection: Any) -> bool:
        seen.append(dbapi_connection)
        return bool(real(dbapi_connection))

    monkeypatch.setattr(engine.dialect, "do_ping", counted)
    return seen


def backend_pid(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT pg_backend_pid()")).scalar_one())


def terminate(database_url: str, pid: int) -> None:
    admin = create_engine(database_url)
    with admin.begin() as connection:
        assert connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar_one()
    admin.dispose()


@pytest.mark.postgresql
def test_a_connection_used_moments_ago_is_not_pinged(
    engine: Engine, ticks: Ticks, pings: list[object]
) -> None:
    first = backend_pid(engine)
    for _ in range(20):
        ticks.now += PING_IDLE_AFTER / 10
        assert backend_pid(engine) == first  # the same pooled connection each time
    assert pings == []


@pytest.mark.postgresql
def test_a_connection_idle_past_the_window_is_pinged_once_on_checkout(
    engine: Engine, ticks: Ticks, pings: list[object]
) -> None:
    backend_pid(engine)
    ticks.now += PING_IDLE_AFTER
    backend_pid(engine)
    assert len(pings) == 1
    backend_pid(engine)  # used just now again
    assert len(pings) == 1


@pytest.mark.postgresql
def test_a_connection_dropped_while_idle_is_replaced_before_use(
    database_url: str, engine: Engine, ticks: Ticks
) -> None:
    dropped = backend_pid(engine)
    terminate(database_url, dropped)  # a restart, a failover, an idle timeout on the server
    ticks.now += PING_IDLE_AFTER
    assert backend_pid(engine) != dropped  # no error: the check found it dead and reconnected


@pytest.mark.postgresql
def test_a_connection_dropped_moments_after_use_fails_once_then_the_pool_recovers(
    database_url: str, engine: Engine, ticks: Ticks
) -> None:
    """The price of not checking every time: within the window, one statement meets the dead
    connection (the request that sent it gets an apology); the pool is then renewed."""
    dropped = backend_pid(engine)
    terminate(database_url, dropped)
    ticks.now += PING_IDLE_AFTER / 10
    with pytest.raises(OperationalError):
        backend_pid(engine)
    assert backend_pid(engine) != dropped


def transaction_status(session: Session) -> TransactionStatus:
    driver: Any = session.connection().connection.driver_connection
    return TransactionStatus(driver.info.transaction_status)


@pytest.mark.postgresql
def test_a_reading_session_sends_no_begin_and_a_writing_one_does(engine: Engine) -> None:
    db = Database(engine)
    with db.session() as session:
        session.execute(text("SELECT 1"))
        assert transaction_status(session) is TransactionStatus.IDLE  # no transaction open
    with db.session(write=True) as session:
        session.execute(text("SELECT 1"))
        assert transaction_status(session) is TransactionStatus.INTRANS


@pytest.mark.postgresql
def test_a_writing_session_on_the_connection_a_read_just_used_still_rolls_back(engine: Engine) -> None:
    db = Database(engine)
    migrate(engine)
    with db.session() as session:
        reader = session.execute(text("SELECT pg_backend_pid()")).scalar_one()
    with pytest.raises(RuntimeError), db.session(write=True) as session:
        assert session.execute(text("SELECT pg_backend_pid()")).scalar_one() == reader  # the same connection
        session.add(Person(team_id="T1", user_id="U1", tz="UTC", name="Sam", fetched_at=datetime.now(UTC)))
        session.flush()
        raise RuntimeError("a failure after the row was written")
    with db.session() as session:
        assert session.scalars(select(Person)).all() == []


def test_a_reading_session_refuses_to_write(database_url: str) -> None:
    db = Database.from_url(database_url)
    migrate(db.engine)
    sam = Person(team_id="T1", user_id="U1", tz="UTC", name="Sam", fetched_at=datetime.now(UTC))
    with pytest.raises(WriteInReadingSession), db.session() as session:
        session.add(sam)
    with db.session(write=True) as session:
        session.add(sam)
    with pytest.raises(WriteInReadingSession), db.session() as session:
        session.scalars(select(Person)).one().name = "Samantha"
    with pytest.raises(WriteInReadingSession), db.session() as session:
        session.execute(delete(Person))
    with db.session() as session:
        assert [p.name for p in session.scalars(select(Person))] == ["Sam"]
    db.engine.dispose()
