"""`python -m bot` (or `endings-coach`) runs the bot. Other commands:

migrate                 upgrade the database and stop
delete-team TEAM_ID     remove everything stored for a workspace (or an org's E... id)
manifest [--http URL]   print the Slack app manifest (Socket Mode, or HTTP mode at URL)
healthcheck             ask the running bot's GET /healthz on PORT; exit 0 when it is ready
demo                    try it without Slack: the real bot and a fake Slack, drawn on 127.0.0.1:PORT
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError

from bot.config import (
    ConfigError,
    Settings,
    detach_slack_environment,
    load_settings,
    port_setting,
    read_environment,
)
from bot.logs import configure_logging
from bot.startup import StartupError, check_app_token, check_bot_token, port_problem
from bot.text import compile_all

log = logging.getLogger("bot")
HTTP_THREADS = 8
MAX_BODY_BYTES = 1024 * 1024
HEALTHCHECK_TIMEOUT = 5


def _settings(slack: bool) -> Settings:
    # A .env in the working directory fills in what the environment does not set.
    env = read_environment(os.environ.get("DOTENV_FILE", ".env"), os.environ)
    settings = load_settings(env, slack=slack)
    detach_slack_environment(os.environ)
    return settings


def _prepare(check_slack: bool = False) -> tuple[Settings, Any]:
    """Settings checked and the database upgraded. Without `check_slack` (the commands that only
    touch the database) no Slack setting is asked for."""
    from bot.storage.db import Database, migrate

    settings = _settings(slack=check_slack)
    configure_logging(settings.log_level, settings.log_format)
    if check_slack:
        check_bot_token(settings)
        check_app_token(settings)
    db = Database.from_url(settings.database_url)
    migrate(db.engine)
    return settings, db


def _listen(settings: Settings, wsgi: Callable[..., Any]) -> Any:
    import waitress

    try:
        return waitress.create_server(
            wsgi,
            host="0.0.0.0",
            port=settings.port,
            threads=HTTP_THREADS,
            max_request_body_size=MAX_BODY_BYTES,
            ident="endings-coach",
        )
    except OSError as error:
        raise port_problem(settings.port, error) from None


def run() -> None:
    from bot.app import build_app, build_sweeper_client
    from bot.deps import Deps
    from bot.reminders.scheduler import start_scheduler
    from bot.reminders.sweeper import Sweeper
    from bot.server import create_wsgi_app

    settings, db = _prepare(check_slack=True)
    deps = Deps(settings=settings, db=db)
    app = build_app(deps)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    if settings.socket_mode:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        handler = SocketModeHandler(app, settings.app_token)
        # Slack's requests come over the WebSocket; the port answers only GET /healthz.
        server = _listen(settings, create_wsgi_app(None, db, socket_connected=handler.client.is_connected))
        threading.Thread(target=server.run, name="health", daemon=True).start()
        server.print_listen("Serving health checks on http://{}:{}/healthz")
        sweeper = Sweeper(deps, build_sweeper_client(deps))
        scheduler = start_scheduler(deps, sweeper)
        compile_all()
        try:
            log.info("starting in Socket Mode")
            try:
                handler.connect()
            except (SlackApiError, OSError) as error:
                raise StartupError(
                    f"could not open the Socket Mode connection to Slack ({type(error).__name__}): check "
                    "SLACK_APP_TOKEN and that this machine may open WebSocket connections to Slack."
                ) from None
            threading.Event().wait()
        finally:
            stop_sweeping(sweeper, scheduler)
            handler.close()
            server.close()
        return
    server = _listen(settings, create_wsgi_app(app, db))
    sweeper = Sweeper(deps, build_sweeper_client(deps))
    scheduler = start_scheduler(deps, sweeper)
    compile_all()  # so that no request compiles a template (the first after a start paid up to 0.1 s)
    log.info("serving HTTP on port %s (POST /slack/events, GET /healthz)", server.effective_port)
    try:
        server.print_listen("Serving on http://{}:{}")
        server.run()
    finally:
        stop_sweeping(sweeper, scheduler)
        server.close()


def stop_sweeping(sweeper: Any, scheduler: Any) -> None:
    """A graceful stop: the sweep under way records what it sent and hands the rest back."""
    sweeper.stop()
    scheduler.shutdown(wait=True)


def healthcheck() -> int:
    """For container health checks: the bot on this machine answers GET /healthz with 200."""
    port = port_setting(read_environment(os.environ.get("DOTENV_FILE", ".env"), os.environ))
    url = f"http://127.0.0.1:{port}/healthz"
    try:
        with urllib.request.urlopen(url, timeout=HEALTHCHECK_TIMEOUT) as reply:
            print(f"healthy: {json.loads(reply.read())}")
            return 0
    except urllib.error.HTTPError as error:
        print(f"unhealthy: {error.code} {error.read().decode(errors='replace')[:200]}")
    except (urllib.error.URLError, OSError, ValueError) as error:
        print(f"unhealthy: no answer at {url} ({getattr(error, 'reason', error)})")
    return 1


def _demo() -> int:
    """The playground lives beside the product in the repository, not in its package."""
    try:
        from playground.demo import run_demo
    except ModuleNotFoundError as error:
        if (error.name or "").split(".")[0] not in ("playground", "emoji"):
            raise
        print(
            "the playground is not installed: run `make demo` in the repository (the `playground` extra)",
            file=sys.stderr,
        )
        return 2
    return run_demo()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="endings-coach", description="Endings Coach, a Slack app.")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", help="run the bot (the default)")
    commands.add_parser("migrate", help="upgrade the database and stop")
    delete = commands.add_parser("delete-team", help="remove everything stored for a workspace")
    delete.add_argument("team_id")
    manifest = commands.add_parser("manifest", help="print the Slack app manifest")
    manifest.add_argument("--http", metavar="URL", help="HTTP mode, served at this public https URL")
    commands.add_parser("healthcheck", help="exit 0 when the running bot reports itself healthy")
    commands.add_parser("demo", help="try it without Slack: the real bot in a local web page")
    return parser


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv[1:])
    command = args.command or "run"
    try:
        if command == "manifest":
            from bot.manifest import ManifestError, render

            try:
                print(render(args.http), end="")
            except ManifestError as error:
                print(error, file=sys.stderr)
                return 2
            return 0
        if command == "healthcheck":
            return healthcheck()
        if command == "demo":
            return _demo()
        if command == "migrate":
            _prepare()
            print("database is up to date")
            return 0
        if command == "delete-team":
            from bot.storage.teams import delete_team_data

            _, db = _prepare()
            with db.session(write=True) as session:
                removed = delete_team_data(session, args.team_id)
            print(
                f"deleted {removed} cases (with their checklists, history and reminders) and all drafts "
                f"of workspace {args.team_id}"
            )
            return 0
        run()
        return 0
    except ConfigError as error:
        print(f"configuration error: {error}", file=sys.stderr)
    except StartupError as error:
        print(f"start-up error: {error}", file=sys.stderr)
    except SQLAlchemyError as error:
        print(
            f"database error: could not open or upgrade DATABASE_URL ({type(error).__name__}); "
            "check the URL and that the server is running.",
            file=sys.stderr,
        )
    except KeyboardInterrupt:
        return 0
    return 1


def console() -> None:
    """The `endings-coach` console script."""
    sys.exit(main(sys.argv))


if __name__ == "__main__":
    console()
