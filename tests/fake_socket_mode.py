"""Slack's side of Socket Mode over a real WebSocket: `apps.connections.open` on the fake Web API
hands out this server's URL; each connected app gets a `hello`, then envelopes (slash commands,
interactions, events) on the connection a test chooses; the app's acknowledgement comes back as the
envelope's answer."""

from __future__ import annotations

import itertools
import json
import threading
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve

from tests.fake_slack import FakeSlack
from tests.harness import APP_ID, Response, SlackRequests

ACK_TIMEOUT = 10.0
ENVELOPE_TYPES = {"command": "slash_commands", "interactive": "interactive", "event": "events_api"}


class FakeSocketMode:
    def __init__(self, fake: FakeSlack, app_token: str = "xapp-1-test") -> None:
        self.fake = fake
        self.app_token = app_token
        self.connections: list[ServerConnection] = []
        self.acks: dict[str, dict[str, Any]] = {}
        self._changed = threading.Condition()
        self._ids = itertools.count(1)
        self.server: Server = serve(self._serve, "127.0.0.1", 0)
        port = self.server.socket.getsockname()[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        fake.tokens.add(app_token)
        fake.socket_url = f"ws://127.0.0.1:{port}/link/?ticket=test"

    def _serve(self, connection: ServerConnection) -> None:
        hello = {
            "type": "hello",
            "num_connections": len(self.connections) + 1,
            "connection_info": {"app_id": APP_ID},
            "debug_info": {"host": "fake", "approximate_connection_time": 18060},
        }
        connection.send(json.dumps(hello))
        with self._changed:
            self.connections.append(connection)
            self._changed.notify_all()
        try:
            for message in connection:
                answer = json.loads(message)
                if isinstance(answer, dict) and "envelope_id" in answer:
                    with self._changed:
                        self.acks[answer["envelope_id"]] = answer
                        self._changed.notify_all()
        except ConnectionClosed:
            pass
        finally:
            with self._changed:
                self.connections.remove(connection)
                self._changed.notify_all()

    def wait_for_connections(self, count: int, timeout: float = 60) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: len(self.connections) >= count, timeout)

    def deliver(
        self, connection: ServerConnection, kind: str, payload: dict[str, Any]
    ) -> dict[str, Any] | None:
        """Send one envelope and wait for its acknowledgement (None if the app never answered)."""
        envelope_id = f"env-{next(self._ids)}"
        envelope: dict[str, Any] = {
            "envelope_id": envelope_id,
            "type": ENVELOPE_TYPES[kind],
            "payload": payload,
            "accepts_response_payload": kind != "event",
        }
        if kind == "event":
            envelope["retry_attempt"] = 0
            envelope["retry_reason"] = ""
        connection.send(json.dumps(envelope))
        with self._changed:
            if not self._changed.wait_for(lambda: envelope_id in self.acks, ACK_TIMEOUT):
                return None
            return self.acks.pop(envelope_id)

    def close(self) -> None:
        self.server.shutdown()


class SocketModeClient(SlackRequests):
    """The same Slack-shaped requests as over HTTP, sent as envelopes down one app connection."""

    def __init__(self, socket: FakeSocketMode, connection: ServerConnection) -> None:
        super().__init__(socket.fake, port=0)
        self.socket = socket
        self.connection = connection

    def _send(self, kind: str, payload: dict[str, Any]) -> Response:
        ack = self.socket.deliver(self.connection, kind, payload)
        if ack is None:
            return Response(504, "")
        response = Response(200, json.dumps(ack["payload"]) if ack.get("payload") else "")
        self._check_response(response)
        return response

    def post_form(self, fields: dict[str, str], **kwargs: Any) -> Response:
        return self._send("command", fields)  # Socket Mode carries a command's fields as JSON

    def post_payload(self, payload: dict[str, Any], **kwargs: Any) -> Response:
        return self._send("interactive", payload)

    def post_event(self, body: dict[str, Any], retry: int | None = None) -> Response:
        return self._send("event", body)
