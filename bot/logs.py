"""One line per log record; never request bodies or tokens."""

from __future__ import annotations

import logging
import sys


def configure_logging(level: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Client libraries log payloads at DEBUG; keep them quiet even when we are not.
    for noisy in ("slack_sdk", "slack_bolt", "urllib3", "apscheduler", "waitress"):
        logging.getLogger(noisy).setLevel(max(logging.INFO, logging.getLevelName(level)))
