"""`python -m bot` runs the bot; `python -m bot migrate` only upgrades the database;
`python -m bot delete-team TEAM_ID` removes everything stored for a workspace."""

from __future__ import annotations

import logging
import os
import signal
import sys

from dotenv import load_dotenv
from slack_bolt.error import BoltError
from sqlalchemy.exc import SQLAlchemyError

from bot.app import build_app, build_sweeper_client
from bot.config import ConfigError, Settings, load_settings
from bot.deps import Deps
from bot.logs import configure_logging
from bot.reminders.scheduler import start_scheduler
from bot.reminders.sweeper import Sweeper
from bot.server import create_wsgi_app
from bot.storage.db import Database, migrate
from bot.storage.teams import delete_team_data

log = logging.getLogger("bot")


def _prepare() -> tuple[Settings, Database]:
    # A .env in the working directory fills in what the environment does not set.
    load_dotenv(os.environ.get("DOTENV_FILE", ".env"), override=False)
    settings = load_settings()
    configure_logging(settings.log_level, settings.log_format)
    db = Database.from_url(settings.database_url)
    migrate(db.engine)
    return settings, db


def run() -> None:
    settings, db = _prepare()
    deps = Deps(settings=settings, db=db)
    app = build_app(deps)
    scheduler = start_scheduler(deps, Sweeper(deps, build_sweeper_client(deps)))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        if settings.socket_mode:
            from slack_bolt.adapter.socket_mode import SocketModeHandler

            log.info("starting in Socket Mode")
            SocketModeHandler(app, settings.app_token).start()
        else:
            from waitress import serve

            log.info("serving HTTP on port %s (POST /slack/events, GET /healthz)", settings.port)
            serve(
                create_wsgi_app(app, db),
                host="0.0.0.0",
                port=settings.port,
                threads=8,
                max_request_body_size=1024 * 1024,
                ident="endings-coach",
            )
    finally:
        scheduler.shutdown(wait=False)


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "run"
    try:
        if command == "migrate":
            _prepare()
            print("database is up to date")
            return 0
        if command == "run":
            run()
            return 0
        if command == "delete-team" and len(argv) == 3:
            _, db = _prepare()
            with db.session() as session:
                removed = delete_team_data(session, argv[2])
            print(
                f"deleted {removed} cases (with their checklists, history and reminders) and all drafts "
                f"of workspace {argv[2]}"
            )
            return 0
        print("usage: python -m bot [run | migrate | delete-team TEAM_ID]", file=sys.stderr)
        return 2
    except ConfigError as error:
        print(f"configuration error: {error}", file=sys.stderr)
    except SQLAlchemyError as error:
        print(
            f"database error: could not open or upgrade DATABASE_URL ({type(error).__name__}); "
            "check the URL and that the server is running.",
            file=sys.stderr,
        )
    except BoltError as error:
        print(
            f"Slack error: {str(error).splitlines()[0]} (check SLACK_BOT_TOKEN and SLACK_API_URL)",
            file=sys.stderr,
        )
    except KeyboardInterrupt:
        return 0
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
