"""What the bot sets up in its own process before serving, checked in this one."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from slack_sdk import WebClient

from bot.logs import configure_logging, stop_log_writer


@pytest.fixture
def restored_logging() -> Iterator[None]:
    names = ("", "slack_sdk", "slack_sdk.web.base_client", "slack_bolt", "urllib3", "waitress")
    levels = {name: logging.getLogger(name).level for name in names}
    handlers = logging.getLogger().handlers[:]
    yield
    stop_log_writer()
    logging.getLogger().handlers[:] = handlers
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


@pytest.mark.parametrize("level", ["INFO", "WARNING"])
def test_the_slack_client_does_not_format_debug_lines_it_will_not_write(
    restored_logging: None, level: str
) -> None:
    configure_logging(level)
    # slack_sdk formats a call's whole request and answer when its logger's *own* level is at or
    # below DEBUG (an unset level is 0), whatever the effective level.
    client_logger = WebClient(token="xoxb-test").logger
    assert client_logger.level > logging.DEBUG
