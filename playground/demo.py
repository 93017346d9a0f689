"""`python -m playground` (`make demo`): the playground on 127.0.0.1:PORT, with a fresh SQLite file,
a fake Slack in this process and no outside connection. Refused when real Slack tokens are
configured, so that it can never be mistaken for (or talk to) a real installation."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import tempfile
from typing import Any

from bot.config import ConfigError, is_example_value, port_setting, read_environment
from bot.logs import configure_logging, stop_log_writer

REAL_SLACK = ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_CLIENT_SECRET")
PASSED_ON = ("HOLIDAY_COUNTRY", "HOLIDAY_SUBDIVISION", "REMINDER_HOUR", "WORKDAY_END_HOUR")
HOST = "127.0.0.1"  # never another interface: the page acts as its one user, unauthenticated


class DemoRefused(Exception):
    pass


def demo_environment(env: dict[str, str]) -> dict[str, str]:
    # The placeholders of a freshly copied .env.example configure nothing: `make demo` runs there.
    configured = [name for name in REAL_SLACK if env.get(name) and not is_example_value(name, env[name])]
    if configured:
        raise DemoRefused(
            f"the playground does not run where real Slack tokens are configured ({', '.join(configured)} "
            "set in the environment or .env); run it from a directory without them"
        )
    return {name: env[name] for name in PASSED_ON if env.get(name)}


def _interrupt(*_: Any) -> None:
    raise KeyboardInterrupt


def run_demo() -> int:
    import waitress

    from playground.web import create_page_app
    from playground.world import Playground

    env = read_environment(os.environ.get("DOTENV_FILE", ".env"), os.environ)
    try:
        passed = demo_environment(env)
        port = port_setting(env)
    except (DemoRefused, ConfigError) as error:
        print(f"demo refused: {error}", file=sys.stderr)
        return 2
    configure_logging(env.get("LOG_LEVEL") or "WARNING")
    # A stop by SIGTERM (a service manager, a test) ends like Ctrl-C, so the folder below is removed.
    signal.signal(signal.SIGTERM, _interrupt)
    with tempfile.TemporaryDirectory(prefix="endings-playground-") as folder:
        playground = Playground(f"sqlite:///{folder}/playground.sqlite3", passed)
        try:
            server = waitress.create_server(create_page_app(playground), host=HOST, port=port, threads=4)
        except OSError as error:
            playground.close()
            print(f"demo refused: port {port} on {HOST} is not free ({error.strerror})", file=sys.stderr)
            return 2
        print(
            f"Endings Coach playground: open http://{HOST}:{server.effective_port}/ "
            "(a fake Slack, no tokens, nothing leaves this machine; Ctrl-C stops it)",
            file=sys.stderr,
            flush=True,
        )
        try:
            server.run()
        except KeyboardInterrupt:
            pass
        finally:
            with contextlib.suppress(Exception):
                server.close()
            playground.close()
            stop_log_writer()
    return 0
