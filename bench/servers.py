"""What is measured: the bot's real WSGI app, and a bare Bolt app doing the least the same requests need."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import waitress
from slack_bolt import Ack, App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

from bot.app import build_app
from bot.deps import Deps
from bot.server import create_wsgi_app

THREADS = 8
FIXED_MODAL = {
    "type": "modal",
    "callback_id": "bare",
    "title": {"type": "plain_text", "text": "Bare"},
    "submit": {"type": "plain_text", "text": "Next"},
    "blocks": [
        {
            "type": "input",
            "block_id": "b",
            "label": {"type": "plain_text", "text": "Name"},
            "element": {"type": "plain_text_input", "action_id": "a"},
        }
    ],
}
FIXED_HOME = {"type": "home", "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Hello"}}]}


class Served:
    """A WSGI app under waitress on a loopback port, in this process."""

    def __init__(self, wsgi: Callable[..., Any]) -> None:
        self.server = waitress.create_server(wsgi, host="127.0.0.1", port=0, threads=THREADS)
        self.port: int = self.server.effective_port
        threading.Thread(target=self.server.run, daemon=True).start()

    def close(self) -> None:
        self.server.close()


def serve_bot(deps: Deps, client: WebClient) -> Served:
    return Served(create_wsgi_app(build_app(deps, client=client), deps.db))


def serve_bare(signing_secret: str, client: WebClient) -> Served:
    app = App(client=client, signing_secret=signing_secret, process_before_response=True)

    @app.command("/end-client")
    def open_modal(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=FIXED_MODAL)

    @app.view("bare")
    def next_step(ack: Ack) -> None:
        ack(response_action="update", view=FIXED_MODAL)

    @app.event("app_home_opened")
    def home(ack: Ack, event: dict[str, Any], client: WebClient) -> None:
        ack()
        client.views_publish(user_id=event["user"], view=FIXED_HOME)

    return Served(SlackRequestHandler(app))
