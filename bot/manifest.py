"""The Slack app manifest, for Socket Mode (`manifest.yml`, the default) or for HTTP mode with a
public host (`python -m bot manifest --http https://HOST`): request URLs, the OAuth redirect URL
and org-wide deployment filled in for distribution."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import yaml

from bot.installations import BOT_SCOPES, REDIRECT_PATH
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
