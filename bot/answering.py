"""The Slack requests this process is answering right now, so that work without a deadline can
let them go first. Slack gives every answer 3 seconds; a summary DM or a Home refresh has no such
clock, and on one interpreter it would otherwise take turns with the answers people wait for."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class Answering:
    def __init__(self) -> None:
        self._count = 0
        self._waiting = 0
        self._changed = threading.Condition()
        self._mine = threading.local()  # requests this thread is inside (a lazy listener run inline)

    @contextmanager
    def request(self) -> Iterator[None]:
        """Around the answering of one request."""
        self._mine.depth = getattr(self._mine, "depth", 0) + 1
        with self._changed:
            self._count += 1
        try:
            yield
        finally:
            self._mine.depth -= 1
            with self._changed:
                self._count -= 1
                self._changed.notify_all()

    @property
    def in_flight(self) -> int:
        return self._count

    @property
    def waiting(self) -> int:
        """Callers now inside `wait_for_quiet`."""
        return self._waiting

    def wait_for_quiet(self, at_most: float) -> bool:
        """Wait until no other request is being answered, for at most `at_most` seconds; False if
        they were still coming when the time was up (the caller goes ahead anyway). A request this
        thread is itself answering does not count."""
        mine = getattr(self._mine, "depth", 0)
        with self._changed:
            self._waiting += 1
            self._changed.notify_all()
            try:
                return self._changed.wait_for(lambda: self._count - mine <= 0, timeout=at_most)
            finally:
                self._waiting -= 1

    def wait_until(self, condition: Callable[[Answering], bool], timeout: float) -> bool:
        """Block until `condition(self)` holds, re-checked whenever a waiter arrives or a request
        ends (for whoever must know, such as a test, that work is held back)."""
        with self._changed:
            return self._changed.wait_for(lambda: condition(self), timeout)
