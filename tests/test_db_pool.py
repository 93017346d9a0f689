"""PostgreSQL's pooled connections: checked with a round trip only after sitting idle, and one the
server dropped while idle is replaced before anything uses it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import OperationalError

from bot.storage.db import PING_IDLE_AFTER, make_engine

pytestmark = pytest.mark.postgresql


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


def test_a_connection_used_moments_ago_is_not_pinged(
    engine: Engine, ticks: Ticks, pings: list[object]
) -> None:
    first = backend_pid(engine)
    for _ in range(20):
        ticks.now += PING_IDLE_AFTER / 10
        assert backend_pid(engine) == first  # the same pooled connection each time
    assert pings == []


def test_a_connection_idle_past_the_window_is_pinged_once_on_checkout(
    engine: Engine, ticks: Ticks, pings: list[object]
) -> None:
    backend_pid(engine)
    ticks.now += PING_IDLE_AFTER
    backend_pid(engine)
    assert len(pings) == 1
    backend_pid(engine)  # used just now again
    assert len(pings) == 1


def test_a_connection_dropped_while_idle_is_replaced_before_use(
    database_url: str, engine: Engine, ticks: Ticks
) -> None:
    dropped = backend_pid(engine)
    terminate(database_url, dropped)  # a restart, a failover, an idle timeout on the server
    ticks.now += PING_IDLE_AFTER
    assert backend_pid(engine) != dropped  # no error: the check found it dead and reconnected


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
