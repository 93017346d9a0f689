"""The real bot (Bolt app + WSGI server) on a loopback port, and what Slack sends it: signed
slash commands, view submissions, button clicks and events, shaped as Slack shapes them. Used by
the tests and by the playground (`python -m bot demo`)."""

from __future__ import annotations

import contextlib
import http.client
import itertools
import json
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import waitress
from waitress.server import BaseWSGIServer

from bot.app import build_app, build_client
from bot.config import load_settings
from bot.deps import Deps
from bot.server import create_wsgi_app
from bot.storage.db import Database, migrate
from playground.fakes.client import sign
from playground.fakes.slack_api import FakeSlack

APP_ID = "A0000000001"
# Judges an app's answer (a view or blocks in an ack): the problems found, none when it is fine.
Check = Callable[[dict[str, Any]], list[str]]


class InlineExecutor(Executor):
    """Runs lazy listeners before the HTTP answer, so a test sees all their effects."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:
            future.set_exception(error)
        return future


def _serve(server: BaseWSGIServer) -> None:
    # The loop notices the closed socket only as it stops: that is the close, not a fault.
    with contextlib.suppress(OSError, ValueError):
        server.run()


class Clock:
    def __init__(self, start: datetime) -> None:
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def set(self, moment: datetime) -> None:
        self.current = moment.astimezone(UTC)

    def advance(self, delta: timedelta) -> None:
        self.current += delta


@dataclass
class Response:
    status: int
    text: str

    @property
    def json(self) -> Any:
        return json.loads(self.text) if self.text else None


class SlackRequests:
    """Sends what Slack sends, signed, to a bot listening on a loopback port."""

    def __init__(self, fake: FakeSlack, port: int, secret: str, check: Check | None = None) -> None:
        self.fake = fake
        self.port = port
        self.secret = secret
        self.check = check
        self._ids = itertools.count(1)
        self.view_problems: list[str] = []

    # ---- raw HTTP ------------------------------------------------------------------------
    def request(
        self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            reply = connection.getresponse()
            return Response(reply.status, reply.read().decode())
        finally:
            connection.close()

    def post_signed(
        self,
        body: bytes,
        content_type: str,
        *,
        timestamp: int | None = None,
        secret: str | None = None,
        extra: dict[str, str] | None = None,
    ) -> Response:
        ts = int(time.time()) if timestamp is None else timestamp
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": str(ts),
            "X-Slack-Signature": sign(body, ts, self.secret if secret is None else secret),
            **(extra or {}),
        }
        response = self.request("POST", "/slack/events", body, headers)
        self._check_response(response)
        return response

    def _check_response(self, response: Response) -> None:
        """What the app answers in an ack is judged by the same checker as what it posts."""
        if self.check is None or response.status != 200 or not response.text.startswith("{"):
            return
        self.view_problems += self.check(response.json)

    def post_form(self, fields: dict[str, str], **kwargs: Any) -> Response:
        return self.post_signed(urlencode(fields).encode(), "application/x-www-form-urlencoded", **kwargs)

    def post_payload(self, payload: dict[str, Any], **kwargs: Any) -> Response:
        return self.post_form({"payload": json.dumps(payload)}, **kwargs)

    # ---- Slack-shaped requests -------------------------------------------------------------
    def slash(
        self,
        text: str = "",
        user: str = "U0000000001",
        trigger: str | None = None,
        team_id: str | None = None,
        enterprise: str | None = None,
        org_wide: bool = False,
    ) -> Response:
        trigger = trigger or self.fake.issue_trigger()
        grid = {"enterprise_id": enterprise, "enterprise_name": "Org"} if enterprise else {}
        return self.post_form(
            {
                **grid,
                "token": "verification-token-unused",
                "team_id": team_id or self.fake.team_id,
                "team_domain": "example",
                "channel_id": "C0000000001",
                "channel_name": "general",
                "user_id": user,
                "user_name": user.lower(),
                "command": "/end-client",
                "text": text,
                "api_app_id": APP_ID,
                "is_enterprise_install": str(org_wide).lower(),
                "response_url": "https://hooks.slack.invalid/commands/T0001/1/abc",
                "trigger_id": trigger,
            }
        )

    def _user(self, user: str) -> dict[str, Any]:
        return {"id": user, "username": user.lower(), "name": user.lower(), "team_id": self.fake.team_id}

    def submit_view(
        self,
        view: dict[str, Any],
        values: dict[str, Any],
        user: str = "U0000000001",
        team_id: str | None = None,
        enterprise: str | None = None,
        org_wide: bool = False,
    ) -> Response:
        team = team_id or self.fake.team_id
        payload = {
            "type": "view_submission",
            "team": {"id": team, "domain": "example"},
            "user": self._user(user),
            "api_app_id": APP_ID,
            "token": "unused",
            "trigger_id": self.fake.issue_trigger(),
            "view": {
                **view,
                "state": {"values": values},
                "team_id": team,
                "app_id": APP_ID,
                "bot_id": "BBOT",
                "root_view_id": view.get("id"),
                "previous_view_id": view.get("previous_view_id"),
            },
            "response_urls": [],
            "is_enterprise_install": org_wide,
            "enterprise": {"id": enterprise, "name": "Org"} if enterprise else None,
        }
        return self.post_payload(payload)

    def click(
        self,
        action: dict[str, Any],
        *,
        user: str = "U0000000001",
        view: dict[str, Any] | None = None,
        message: dict[str, Any] | None = None,
        channel: str | None = None,
        team_id: str | None = None,
        values: dict[str, Any] | None = None,
        enterprise: str | None = None,
        org_wide: bool = False,
    ) -> Response:
        team = team_id or self.fake.team_id
        payload: dict[str, Any] = {
            "type": "block_actions",
            "user": self._user(user),
            "api_app_id": APP_ID,
            "token": "unused",
            "trigger_id": self.fake.issue_trigger(view.get("id") if view else None),
            "team": {"id": team, "domain": "example"},
            "enterprise": {"id": enterprise, "name": "Org"} if enterprise else None,
            "is_enterprise_install": org_wide,
            "actions": [{**action, "action_ts": f"{time.time():.6f}"}],
        }
        if view is not None:
            payload["container"] = {"type": "view", "view_id": view.get("id")}
            payload["view"] = {**view, "state": {"values": values or {}}, "team_id": team}
        elif message is not None:
            payload["container"] = {
                "type": "message",
                "message_ts": message["ts"],
                "channel_id": channel,
                "is_ephemeral": False,
            }
            payload["channel"] = {"id": channel, "name": "directmessage"}
            payload["message"] = message
            payload["response_url"] = "https://hooks.slack.invalid/actions/T0001/1/abc"
        else:
            payload["container"] = {"type": "view", "view_id": f"VHOME{user}"}
            payload["view"] = {
                **(self.fake.homes.get(user) or {"type": "home", "blocks": []}),
                "id": f"VHOME{user}",
                "state": {"values": {}},
            }
        return self.post_payload(payload)

    def event(
        self,
        event: dict[str, Any],
        event_id: str | None = None,
        retry: int | None = None,
        team_id: str | None = None,
        enterprise: str | None = None,
        org_wide: bool = False,
    ) -> Response:
        body = {
            "token": "unused",
            **({"enterprise_id": enterprise} if enterprise else {}),
            "team_id": team_id or self.fake.team_id,
            "api_app_id": APP_ID,
            "event": event,
            "type": "event_callback",
            "event_id": event_id or f"Ev{next(self._ids):08d}",
            "event_time": int(time.time()),
            "authorizations": [
                {
                    "enterprise_id": enterprise,
                    # An org-wide install is authorized for the org, not for one workspace.
                    "team_id": None if org_wide else team_id or self.fake.team_id,
                    "user_id": "UBOT",
                    "is_bot": True,
                    "is_enterprise_install": org_wide,
                }
            ],
        }
        return self.post_event(body, retry)

    def post_event(self, body: dict[str, Any], retry: int | None = None) -> Response:
        extra = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} if retry else None
        return self.post_signed(json.dumps(body).encode(), "application/json", extra=extra)


class LocalBot(SlackRequests):
    """The app in this process: its own WSGI server, engine and pool, on an injected clock."""

    def __init__(
        self,
        fake: FakeSlack,
        database_url: str,
        clock: Clock,
        secret: str,
        check: Check | None = None,
        executor: Executor | None = None,
        env: dict[str, str] | None = None,
        migrated: bool = False,
    ) -> None:
        """`migrated`: the database is known to be at the newest revision already."""
        self.fake = fake
        self.clock = clock
        settings = load_settings(
            {
                "SLACK_BOT_TOKEN": fake.bot_token,
                "SLACK_SIGNING_SECRET": secret,
                "SLACK_API_URL": fake.base_url,
                "DATABASE_URL": database_url,
                **(env or {}),
            }
        )
        self.db = Database.from_url(settings.database_url)
        if not migrated:
            migrate(self.db.engine)
        self.deps = Deps(settings=settings, db=self.db, clock=clock)
        self.client = build_client(self.deps)
        self.app = build_app(self.deps, client=self.client, listener_executor=executor or InlineExecutor())
        self.server: BaseWSGIServer = waitress.create_server(
            create_wsgi_app(self.app, self.db), host="127.0.0.1", port=0, threads=4
        )
        super().__init__(fake, self.server.effective_port, secret, check)
        self._thread = threading.Thread(target=_serve, args=(self.server,), daemon=True)
        self._thread.start()

    def close(self) -> None:
        # waitress stops its worker threads only when `run()` is interrupted: without this each
        # app closed leaves them waiting, holding the whole app in memory. They go first, while
        # the server can still take their last answers. (The loop's own thread ends by itself
        # within a second, once it finds nothing left to serve.)
        self.server.task_dispatcher.shutdown()
        self.server.close()
        self.db.engine.dispose()
