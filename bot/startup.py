"""Checks before serving, so that a wrong token or an unreachable Slack stops start-up with one line
naming the setting and what to do, rather than a traceback or a bot that silently does nothing."""

from __future__ import annotations

import errno
import logging
import urllib.error
from collections.abc import Mapping
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.config import Settings
from bot.scopes import BOT_SCOPES

CHECK_TIMEOUT_SECONDS = 10
BOT_TOKEN_REFUSED = {
    "invalid_auth",
    "not_authed",
    "account_inactive",
    "token_expired",
    "not_allowed_token_type",
}
TOKEN_REVOKED = {"token_revoked", "app_uninstalled", "team_disabled"}


class StartupError(Exception):
    """Start-up cannot go on; the message is the one line the operator reads."""


def _unreachable(settings: Settings, error: BaseException) -> StartupError:
    reason = getattr(error, "reason", None) or type(error).__name__
    return StartupError(
        f"could not reach Slack at SLACK_API_URL ({settings.slack_api_url}): {reason}. Check the "
        "network, a proxy, or the URL (leave SLACK_API_URL empty for Slack itself)."
    )


# slack_sdk logs a failed call at ERROR before raising it; here the raised error is reported instead.
_quiet = logging.getLogger("bot.startup.check")
_quiet.addHandler(logging.NullHandler())
_quiet.propagate = False


def _client(settings: Settings, token: str | None) -> WebClient:
    client = WebClient(
        token=token, base_url=settings.slack_api_url, timeout=CHECK_TIMEOUT_SECONDS, logger=_quiet
    )
    client.retry_handlers = []  # one clear answer, at once
    return client


def check_bot_token(settings: Settings) -> None:
    """The one-workspace bot token works (`auth.test`)."""
    if settings.bot_token is None:
        return
    try:
        answer = _client(settings, settings.bot_token).auth_test()
    except SlackApiError as error:
        code = str(error.response.get("error") or f"HTTP {error.response.status_code}")
        if code in TOKEN_REVOKED:
            raise StartupError(
                f"Slack says SLACK_BOT_TOKEN no longer works ({code}): reinstall the app to the "
                "workspace (OAuth & Permissions) and copy the new Bot User OAuth Token into .env."
            ) from None
        if code in BOT_TOKEN_REFUSED:
            raise StartupError(
                f"Slack refused SLACK_BOT_TOKEN ({code}): copy the Bot User OAuth Token (xoxb-...) "
                "again from your app's OAuth & Permissions page."
            ) from None
        raise StartupError(
            f"Slack answered auth.test with {code}: check SLACK_BOT_TOKEN and SLACK_API_URL."
        ) from None
    except (urllib.error.URLError, OSError) as error:
        raise _unreachable(settings, error) from None
    warn_of_missing_scopes(answer.headers)


def warn_of_missing_scopes(headers: Mapping[str, Any]) -> list[str]:
    """An app installed before this version asked for a scope it needs keeps working without it,
    except where the scope is needed: say so once at start-up (Slack lists a token's scopes in
    every answer's X-OAuth-Scopes header)."""
    raw = next((value for key, value in headers.items() if key.lower() == "x-oauth-scopes"), None)
    if isinstance(raw, list):
        raw = raw[0] if raw else None
    if raw is None:
        return []
    granted = {scope.strip() for scope in str(raw).split(",")}
    missing = [scope for scope in BOT_SCOPES if scope not in granted]
    if missing:
        logging.getLogger("bot.startup").warning(
            "the installed app lacks the bot scope(s) %s that this version needs: reinstall the app "
            "to the workspace (its Slack settings page, Install App) to approve them. Until then, "
            "what needs them tells people to ask their admin.",
            ", ".join(missing),
        )
    return missing


def check_app_token(settings: Settings) -> None:
    """The app-level token may open Socket Mode connections (`apps.connections.open`)."""
    if settings.app_token is None:
        return
    try:
        _client(settings, None).apps_connections_open(app_token=settings.app_token)
    except SlackApiError as error:
        code = str(error.response.get("error") or f"HTTP {error.response.status_code}")
        raise StartupError(
            f"Slack refused SLACK_APP_TOKEN ({code}): create an app-level token with the "
            "connections:write scope (Basic Information > App-Level Tokens) and put it in .env."
        ) from None
    except (urllib.error.URLError, OSError) as error:
        raise _unreachable(settings, error) from None


def port_problem(port: int, error: OSError) -> StartupError:
    if error.errno == errno.EADDRINUSE:
        return StartupError(
            f"PORT {port} is already in use: stop whatever listens there, or set PORT to a free port."
        )
    if error.errno == errno.EACCES:
        return StartupError(
            f"PORT {port} needs privileges this process does not have: use a port above 1023."
        )
    return StartupError(f"could not listen on PORT {port}: {error.strerror or error}.")
