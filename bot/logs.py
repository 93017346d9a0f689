"""One line per log record; never request bodies or tokens."""

from __future__ import annotations

import atexit
import logging
import logging.handlers
import queue
import sys

from pythonjsonlogger.json import JsonFormatter


def formatter(log_format: str) -> logging.Formatter:
    """`text`: readable lines. `json`: one object per line for log pipelines, with the record's
    structured fields (a request's method, path, status and milliseconds) as keys of their own."""
    if log_format == "json":
        return JsonFormatter(
            "{asctime}{levelname}{name}{message}",
            style="{",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        )
    return logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s")


_listener: logging.handlers.QueueListener | None = None


def configure_logging(level: str, log_format: str = "text") -> None:
    """Records go through a queue to one writer thread, so request threads never wait on the
    stream's lock (measured under 50 concurrent requests, that wait was on the answer path)."""
    global _listener
    stream = logging.StreamHandler(sys.stderr)
    stream.setFormatter(formatter(log_format))
    stop_log_writer()
    records: queue.SimpleQueue[logging.LogRecord] = queue.SimpleQueue()
    _listener = logging.handlers.QueueListener(records, stream, respect_handler_level=True)
    _listener.start()
    root = logging.getLogger()
    root.handlers[:] = [logging.handlers.QueueHandler(records)]
    root.setLevel(level)
    # Client libraries log payloads at DEBUG; keep them quiet even when we are not.
    # slack_sdk's WebClient asks its own logger's level, not the effective one, before it formats
    # a DEBUG line with the whole request and answer: a logger left unset (level 0) has every call
    # format its view or message for nothing, so the client's logger gets its level set too.
    for noisy in ("slack_sdk", "slack_sdk.web.base_client", "slack_bolt", "urllib3", "waitress"):
        logging.getLogger(noisy).setLevel(max(logging.INFO, logging.getLevelName(level)))
    # Alembic narrates each upgrade step; the bot logs one line with the revision instead.
    logging.getLogger("alembic").setLevel(logging.DEBUG if level == "DEBUG" else logging.WARNING)
    # The scheduler reports every run of the sweep at INFO: that is chatter, shown only at DEBUG.
    logging.getLogger("apscheduler").setLevel(logging.DEBUG if level == "DEBUG" else logging.WARNING)
    # Waitress warns once per request that has to queue for a thread: in a burst that is a line
    # per request, written while the burst lasts. The access log already warns of slow requests.
    logging.getLogger("waitress.queue").setLevel(logging.DEBUG if level == "DEBUG" else logging.ERROR)


def stop_log_writer() -> None:
    """Write out whatever is queued and stop the writer thread (also run at exit)."""
    global _listener
    if _listener is not None:
        _listener.stop()
        _listener = None


atexit.register(stop_log_writer)


class _NoRequestBodies(logging.Filter):
    """Bolt logs a refused request with its body; we keep that it happened, not what it said."""

    def filter(self, record: logging.LogRecord) -> bool:
        if str(record.msg).startswith("Invalid request signature detected"):
            record.msg, record.args = "refused a request with a missing, wrong or stale signature", ()
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


def redact_refused_requests() -> None:
    logger = logging.getLogger("slack_bolt.RequestVerification")
    if not any(isinstance(f, _NoRequestBodies) for f in logger.filters):
        logger.addFilter(_NoRequestBodies())
