"""The HTTP edge: Slack's requests at POST /slack/events (HTTP mode) and a readiness check at
GET /healthz (both modes; in Socket Mode it is all this server answers)."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from sqlalchemy import text

from bot.installations import INSTALL_PATH, REDIRECT_PATH
from bot.storage.db import Database

log = logging.getLogger("bot.http")

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
MAX_BODY_BYTES = 1024 * 1024
SLOW_MS = 1000.0  # a third of the 3 seconds Slack waits

StartResponse = Callable[..., Any]


WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def create_wsgi_app(
    app: App | None, db: Database, socket_connected: Callable[[], bool] | None = None
) -> WsgiApp:
    """`app` None: Socket Mode, where Slack's requests arrive over the WebSocket and this server
    only reports health, including whether that connection is up (`socket_connected`)."""
    slack = SlackRequestHandler(app, path=EVENTS_PATH) if app is not None else None

    def respond(start_response: StartResponse, status: str, payload: dict[str, Any]) -> list[bytes]:
        body = json.dumps(payload).encode()
        start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]

    def wsgi(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        started = time.perf_counter()
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "")
        status_holder: list[str] = []

        def recording_start(status: str, headers: list[tuple[str, str]], *args: Any) -> Any:
            status_holder.append(status)
            return start_response(status, headers, *args)

        try:
            if path == HEALTH_PATH and method == "GET":
                return respond(recording_start, *_health(db, socket_connected))
            if slack is None or app is None:
                return respond(recording_start, "404 Not Found", {"ok": False})
            if path in (INSTALL_PATH, REDIRECT_PATH) and method == "GET" and app.oauth_flow is not None:
                return slack(environ, recording_start)
            if path == EVENTS_PATH and method == "POST":
                length = _content_length(environ)
                if length is None or length > MAX_BODY_BYTES:
                    return respond(recording_start, "413 Payload Too Large", {"ok": False})
                try:
                    return slack(environ, recording_start)
                except Exception as error:
                    # Bolt parses the body and reads ids out of it before any listener runs; a body
                    # that is not JSON, or of the wrong shape, fails there: the sender's fault, a 400.
                    log.warning("malformed Slack request refused: %s", type(error).__name__)
                    return respond(recording_start, "400 Bad Request", {"ok": False})
            return respond(recording_start, "404 Not Found", {"ok": False})
        finally:
            status = (status_holder or ["-"])[0].split(" ")[0]
            elapsed = round((time.perf_counter() - started) * 1000, 1)
            level = _level(status, elapsed)
            if log.isEnabledFor(level):
                log.log(
                    level,
                    "%s %s %s %.1fms",
                    method,
                    path,
                    status,
                    elapsed,
                    extra={"method": method, "path": path, "status": status, "ms": elapsed},
                )

    return wsgi


def _level(status: str, elapsed_ms: float) -> int:
    """Each request is logged at DEBUG; at INFO only when refused (4xx), and as a warning when it
    failed (5xx) or took over a third of Slack's 3 seconds. A line per request cost a tenth of the
    bot's CPU for a command (benchmarked), for lines nobody reads."""
    if status.startswith("5") or elapsed_ms >= SLOW_MS:
        return logging.WARNING
    return logging.INFO if status.startswith("4") else logging.DEBUG


def _content_length(environ: dict[str, Any]) -> int | None:
    try:
        return int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None


def _health(db: Database, socket_connected: Callable[[], bool] | None) -> tuple[str, dict[str, Any]]:
    """Ready when the database answers and, in Socket Mode, the WebSocket to Slack is open."""
    report: dict[str, Any] = {"ok": True, "database": "ok"}
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:
        log.warning("health check: database unreachable")
        report |= {"ok": False, "database": "unreachable"}
    if socket_connected is not None:
        connected = socket_connected()
        report["socket_mode"] = "connected" if connected else "disconnected"
        report["ok"] = report["ok"] and connected
    return ("200 OK" if report["ok"] else "503 Service Unavailable"), report
