"""`python -m bench.serve {bot,bare} --server {waitress,gunicorn} --threads N`: one app in a
process of its own, for the benchmark's load generator to call from outside.

`bot` is the bot's own WSGI app as `python -m bot` builds it (settings from the environment), with
its scheduled jobs running as there (the reminder sweep, and App Home tabs drawn once a person's
clicks settle). `bare` is the least a Bolt app can do for the same requests: ack, `views.open` a
one-input modal, answer a submission after storing one row, publish a one-line Home. Both print
"Serving on http://127.0.0.1:PORT" once they accept requests.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
from collections.abc import Callable
from typing import Any

from sqlalchemy import text

WsgiApp = Callable[..., Any]

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


def bot_app() -> WsgiApp:
    from bot.__main__ import _prepare
    from bot.app import build_app, build_sweeper_client
    from bot.deps import Deps
    from bot.reminders.scheduler import start_scheduler
    from bot.reminders.sweeper import Sweeper
    from bot.server import create_wsgi_app
    from bot.text import compile_all

    # As `python -m bot` does: the Slack settings checked, the jobs started, the templates compiled.
    settings, db = _prepare(check_slack=True)
    deps = Deps(settings=settings, db=db)
    wsgi = create_wsgi_app(build_app(deps), db)
    start_scheduler(deps, Sweeper(deps, build_sweeper_client(deps)))
    compile_all()
    return wsgi


def bare_app() -> WsgiApp:
    from slack_bolt import Ack, App
    from slack_bolt.adapter.wsgi import SlackRequestHandler
    from slack_sdk import WebClient

    from bot.logs import configure_logging
    from bot.storage.db import Database

    # Logged as the bot logs (through a queue, the same levels), so neither pays for more lines.
    configure_logging(os.environ.get("LOG_LEVEL", "INFO"))
    db = Database.from_url(os.environ["DATABASE_URL"])
    with db.session(write=True) as session:
        session.execute(text("CREATE TABLE IF NOT EXISTS bare_rows (user_id VARCHAR(32), step VARCHAR(32))"))
    client = WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"])
    app = App(client=client, signing_secret=os.environ["SLACK_SIGNING_SECRET"], process_before_response=True)

    @app.command("/end-client")
    def open_modal(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=FIXED_MODAL)

    @app.view("bare")
    def next_step(ack: Ack, body: dict[str, Any]) -> None:
        with db.session(write=True) as session:
            session.execute(
                text("INSERT INTO bare_rows (user_id, step) VALUES (:u, :s)"),
                {"u": body["user"]["id"], "s": body["view"]["id"]},
            )
        ack(response_action="update", view=FIXED_MODAL)

    @app.event("app_home_opened")
    def home(ack: Ack, event: dict[str, Any], client: WebClient) -> None:
        ack()
        client.views_publish(user_id=event["user"], view=FIXED_HOME)

    return SlackRequestHandler(app)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve_waitress(build: Callable[[], WsgiApp], threads: int) -> None:
    import waitress

    server = waitress.create_server(build(), host="127.0.0.1", port=0, threads=threads)
    print(f"Serving on http://127.0.0.1:{server.effective_port}", file=sys.stderr, flush=True)
    server.run()


def serve_gunicorn(build: Callable[[], WsgiApp], threads: int) -> None:
    from gunicorn.app.base import BaseApplication

    port = free_port()

    class Server(BaseApplication):
        def load_config(self) -> None:
            for key, value in {
                "bind": f"127.0.0.1:{port}",
                "workers": 1,
                "threads": threads,
                "worker_class": "gthread",
                "loglevel": "warning",
                "when_ready": lambda _: print(
                    f"Serving on http://127.0.0.1:{port}", file=sys.stderr, flush=True
                ),
            }.items():
                self.cfg.set(key, value)

        def load(self) -> WsgiApp:
            return build()  # in the worker, after the fork: its own engine and threads

    Server().run()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.serve")
    parser.add_argument("app", choices=("bot", "bare"))
    parser.add_argument("--server", choices=("waitress", "gunicorn"), default="waitress")
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    build = bot_app if args.app == "bot" else bare_app
    (serve_waitress if args.server == "waitress" else serve_gunicorn)(build, args.threads)


if __name__ == "__main__":
    main()
