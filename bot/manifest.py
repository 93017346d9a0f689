"""The Slack app manifest, for Socket Mode (`manifest.yml`, the default) or for HTTP mode with a
public host (`python -m bot manifest --http https://HOST`): request URLs, the OAuth redirect URL
and org-wide deployment filled in for distribution.

The files made from it for Slack's tooling, `manifest.yml`, `manifest.json` (what the Slack CLI
reads) and `.slack/hooks.json` (how `slack run` starts the bot, as Slack's Bolt templates do), are
rewritten with `python -m bot.manifest`; tests/test_manifest.py keeps them equal to this module."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from bot.installations import REDIRECT_PATH
from bot.scopes import BOT_SCOPES
from bot.server import EVENTS_PATH
from bot.slack.ids import COMMAND, Event

NAME = "Endings Coach"
DESCRIPTION = "Coaches you through ending a client relationship well, with notice, thanks and referrals."
LONG_DESCRIPTION = (
    "Endings are remembered. Endings Coach walks you through ending or changing a client relationship "
    "with care: what is changing and when, how much notice the client gets (with a computed notify-by "
    "date), how you will tell them in person, what you are thankful for, which alternatives you can "
    "refer them to, and how the handover will go. You finish with talking points, drafted notes and a "
    "checklist with due dates, and the bot nudges you at the right moments in your own time zone and "
    "working hours."
)


class ManifestError(ValueError):
    pass


def manifest(http_base: str | None = None) -> dict[str, Any]:
    """Socket Mode when `http_base` is None; otherwise HTTP mode served at `http_base`."""
    command: dict[str, Any] = {
        "command": COMMAND,
        "description": "Plan how to end or change a client relationship well",
        "usage_hint": "[client name] | list | help",
        "should_escape": False,
    }
    settings: dict[str, Any] = {
        "event_subscriptions": {"bot_events": [event.value for event in Event]},
        "interactivity": {"is_enabled": True},
        "org_deploy_enabled": False,
        "socket_mode_enabled": True,
        "token_rotation_enabled": False,
    }
    oauth: dict[str, Any] = {"scopes": {"bot": list(BOT_SCOPES)}}
    if http_base is not None:
        base = _https_base(http_base)
        events_url = base + EVENTS_PATH
        command["url"] = events_url
        settings["event_subscriptions"]["request_url"] = events_url
        settings["interactivity"]["request_url"] = events_url
        settings["socket_mode_enabled"] = False
        # Installable by many workspaces and by a whole Enterprise Grid org (org-wide install).
        settings["org_deploy_enabled"] = True
        oauth["redirect_urls"] = [base + REDIRECT_PATH]
    return {
        "display_information": {
            "name": NAME,
            "description": DESCRIPTION,
            "background_color": "#2f4858",
            "long_description": LONG_DESCRIPTION,
        },
        "features": {
            "app_home": {
                "home_tab_enabled": True,
                "messages_tab_enabled": True,
                "messages_tab_read_only_enabled": True,
            },
            "bot_user": {"display_name": NAME, "always_online": True},
            "slash_commands": [command],
        },
        "oauth_config": oauth,
        "settings": settings,
    }


def _https_base(raw: str) -> str:
    parts = urlsplit(raw.strip())
    if parts.scheme != "https" or not parts.netloc or parts.query or parts.fragment:
        raise ManifestError(
            f"--http needs the public https URL of the bot, like https://coach.example.com (got {raw!r})"
        )
    return f"https://{parts.netloc}{parts.path.rstrip('/')}"


def render(http_base: str | None = None) -> str:
    return yaml.safe_dump(manifest(http_base), sort_keys=False, width=100, allow_unicode=True)


YML_HEADER = """\
# Slack app manifest for Endings Coach, Socket Mode (the default: no public URL needed).
# Create the app: Slack's app settings > Create New App > From an app manifest > paste this file.
# Then make an app-level token with the connections:write scope (Basic Information > App-Level
# Tokens) for SLACK_APP_TOKEN, install the app, and copy its Bot User OAuth Token to SLACK_BOT_TOKEN.
# The bot scopes are those its Web API calls need (bot/scopes.py): after they change, reinstall the app.
#
# HTTP mode (a public HTTPS endpoint; needed to install in many workspaces or org-wide on
# Enterprise Grid): print the matching manifest, with the request URLs, the OAuth redirect URL and
# org-wide deployment filled in, with
#   python -m bot manifest --http https://YOUR-HOST
# Generated with manifest.json and .slack/hooks.json by `python -m bot.manifest`; a test keeps them equal.
"""

# The Slack CLI asks `get-hooks` (the slack-cli-hooks package, the `slack-cli` extra) for its hooks;
# its `start` hook runs app.py with the tokens of the app the CLI made, as in Slack's Bolt templates.
SLACK_HOOKS: dict[str, Any] = {"hooks": {"get-hooks": "python3 -m slack_cli_hooks.hooks.get_hooks"}}


def render_yml() -> str:
    return YML_HEADER + render()


def render_json() -> str:
    return json.dumps(manifest(), indent=2, ensure_ascii=False) + "\n"


def render_hooks() -> str:
    return json.dumps(SLACK_HOOKS, indent=2) + "\n"


GENERATED: dict[str, Callable[[], str]] = {
    "manifest.yml": render_yml,
    "manifest.json": render_json,
    ".slack/hooks.json": render_hooks,
}


def write_files(root: Path) -> list[Path]:
    """Rewrite every generated file under `root` (the repository); returns those that changed."""
    changed = []
    for name, make in GENERATED.items():
        path = root / name
        text = make()
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


if __name__ == "__main__":
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()
    for written in write_files(root):
        print(f"wrote {written}")
