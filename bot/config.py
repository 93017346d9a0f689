"""Settings from the environment (and a .env file). A bad setting stops start-up with one line."""

from __future__ import annotations

import os
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from pathlib import Path

import holidays
from dotenv import dotenv_values

DEFAULT_DATABASE_URL = "sqlite:///endings-coach.sqlite3"
LOG_FORMATS = ("text", "json")
DEFAULT_API_URL = "https://slack.com/api/"
# Reminders one process posts at once: more let more sent records share a transaction (the sweep
# delivers more a second), and widen the crash window (docs/operations.md).
DEFAULT_SENDERS = 6
# The placeholders in .env.example (tests/test_config.py keeps the two equal): `cp .env.example
# .env` configures no Slack app, so the demo runs on it and the bot says what to fill in.
EXAMPLE_VALUES = {"SLACK_BOT_TOKEN": "xoxb-your-bot-token", "SLACK_APP_TOKEN": "xapp-your-app-token"}
# PostgreSQL URLs as hosts hand them out, each to the driver the bot ships (psycopg 3).
POSTGRES_SCHEMES = ("postgresql+psycopg://", "postgresql://", "postgres://")
DATABASE_URL_FORMS = "sqlite:///file.sqlite3 or postgresql://user:password@host:5432/db"


class ConfigError(Exception):
    """A setting is missing or malformed; the message names it and says what to do."""


def read_environment(
    dotenv_file: str | os.PathLike[str] | None, environ: Mapping[str, str]
) -> dict[str, str]:
    """The settings: a .env file's values with the real environment over them. An empty value
    counts as unset wherever it comes from, so `SLACK_CLIENT_ID=` in a copied .env means nothing,
    and `PORT= make run` unsets a PORT that .env sets."""
    merged: dict[str, str] = {}
    if dotenv_file and Path(dotenv_file).is_file():
        merged |= {k: v for k, v in dotenv_values(dotenv_file).items() if v and v.strip()}
    for name, value in environ.items():
        if value.strip():
            merged[name] = value
        else:
            merged.pop(name, None)
    return merged


def is_example_value(name: str, value: str | None) -> bool:
    """The value is still the placeholder that .env.example ships with: nothing real is configured."""
    return value is not None and value.strip() == EXAMPLE_VALUES.get(name)


def detach_slack_environment(environ: MutableMapping[str, str]) -> None:
    """Bolt configures itself from SLACK_* variables it finds in the process environment: its own
    OAuth with file-based stores as soon as SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are present
    (even empty), a token from SLACK_BOT_TOKEN. The bot hands Bolt explicit settings instead, so
    these variables leave the environment once read (child processes do not inherit them either)."""
    for name in [name for name in environ if name.startswith("SLACK_")]:
        del environ[name]


@dataclass(frozen=True)
class Settings:
    bot_token: str | None
    app_token: str | None
    signing_secret: str | None
    database_url: str
    slack_api_url: str
    port: int
    reminder_hour: int
    workday_end_hour: int
    holiday_country: str | None
    sweep_seconds: int
    log_level: str
    client_id: str | None = None
    client_secret: str | None = None
    log_format: str = "text"
    holiday_subdivision: str | None = None
    senders: int = DEFAULT_SENDERS

    @property
    def socket_mode(self) -> bool:
        return self.app_token is not None

    @property
    def oauth(self) -> bool:
        """Installable in many workspaces; otherwise one workspace with SLACK_BOT_TOKEN."""
        return self.client_id is not None


def _int(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number from {low} to {high} (got {raw!r}).") from None
    if not low <= value <= high:
        raise ConfigError(f"{name} must be a whole number from {low} to {high} (got {value}).")
    return value


def _optional(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name, "").strip()
    return value or None


@dataclass(frozen=True)
class _Slack:
    bot_token: str | None = None
    app_token: str | None = None
    signing_secret: str | None = None
    client_id: str | None = None
    client_secret: str | None = None
    api_url: str = DEFAULT_API_URL


def load_settings(env: Mapping[str, str] | None = None, slack: bool = True) -> Settings:
    """Every setting, checked. `slack=False` for the commands that only touch the database
    (migrate, delete-team): the Slack tokens are then neither required nor read."""
    env = os.environ if env is None else env
    tokens = _slack_settings(env) if slack else _Slack()
    database_url = database_url_setting(env)
    country, subdivision = _holiday_country(_optional(env, "HOLIDAY_COUNTRY"))
    reminder_hour = _int(env, "REMINDER_HOUR", 9, 0, 22)
    end_hour = _int(env, "WORKDAY_END_HOUR", 18, 1, 23)
    if end_hour <= reminder_hour:
        raise ConfigError("WORKDAY_END_HOUR must be later than REMINDER_HOUR.")
    log_level = (_optional(env, "LOG_LEVEL") or "INFO").upper()
    if log_level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        raise ConfigError("LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR.")
    log_format = (_optional(env, "LOG_FORMAT") or "text").lower()
    if log_format not in LOG_FORMATS:
        raise ConfigError("LOG_FORMAT must be text (one readable line per record) or json (one JSON object).")
    return Settings(
        bot_token=tokens.bot_token,
        app_token=tokens.app_token,
        signing_secret=tokens.signing_secret,
        database_url=database_url,
        slack_api_url=tokens.api_url,
        port=port_setting(env),
        reminder_hour=reminder_hour,
        workday_end_hour=end_hour,
        holiday_country=country,
        holiday_subdivision=subdivision,
        sweep_seconds=_int(env, "REMINDER_SWEEP_SECONDS", 60, 5, 3600),
        senders=_int(env, "REMINDER_SENDERS", DEFAULT_SENDERS, 1, 16),
        log_level=log_level,
        log_format=log_format,
        client_id=tokens.client_id,
        client_secret=tokens.client_secret,
    )


def _slack_settings(env: Mapping[str, str]) -> _Slack:
    client_id, client_secret = _optional(env, "SLACK_CLIENT_ID"), _optional(env, "SLACK_CLIENT_SECRET")
    if (client_id is None) != (client_secret is None):
        raise ConfigError(
            "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET go together (Basic Information > App "
            "Credentials): set both for multi-workspace installs, or neither."
        )
    bot_token = _optional(env, "SLACK_BOT_TOKEN")
    if is_example_value("SLACK_BOT_TOKEN", bot_token):
        raise ConfigError(
            "SLACK_BOT_TOKEN is still the example from .env.example: copy the Bot User OAuth Token "
            "(xoxb-...) from your Slack app's OAuth & Permissions page into .env (make demo needs none)."
        )
    if not bot_token and not client_id:
        raise ConfigError(
            "SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-...) from your "
            "Slack app's OAuth & Permissions page into .env."
        )
    if bot_token and not bot_token.startswith("xoxb-"):
        raise ConfigError("SLACK_BOT_TOKEN must be a bot token starting with xoxb-.")
    if client_id:
        bot_token = None  # each workspace's own token comes from its installation
    app_token = _optional(env, "SLACK_APP_TOKEN")
    if is_example_value("SLACK_APP_TOKEN", app_token):
        raise ConfigError(
            "SLACK_APP_TOKEN is still the example from .env.example: create an app-level token with "
            "connections:write (Basic Information > App-Level Tokens) and put it in .env, or leave it "
            "empty to serve HTTP."
        )
    if client_id and app_token:
        raise ConfigError(
            "SLACK_APP_TOKEN must be empty with SLACK_CLIENT_ID: multi-workspace installs "
            "need HTTP mode for /slack/install and /slack/oauth_redirect."
        )
    if app_token and not app_token.startswith("xapp-"):
        raise ConfigError(
            "SLACK_APP_TOKEN must be an app-level token starting with xapp- "
            "(Basic Information > App-Level Tokens, scope connections:write)."
        )
    signing_secret = _optional(env, "SLACK_SIGNING_SECRET")
    if not app_token and not signing_secret:
        raise ConfigError(
            "SLACK_SIGNING_SECRET is not set: HTTP mode needs it (Basic Information > "
            "Signing Secret), or set SLACK_APP_TOKEN to use Socket Mode."
        )
    api_url = _optional(env, "SLACK_API_URL") or DEFAULT_API_URL
    if not api_url.startswith(("http://", "https://")):
        raise ConfigError("SLACK_API_URL must be an http(s) URL such as https://slack.com/api/.")
    if not api_url.endswith("/"):
        api_url += "/"
    return _Slack(bot_token, app_token, signing_secret, client_id, client_secret, api_url)


def database_url_setting(env: Mapping[str, str]) -> str:
    """DATABASE_URL with the psycopg 3 driver named: `postgres://` and `postgresql://` (as hosts
    give them) are the same database; another driver (psycopg2, asyncpg...) is not installed."""
    url = _optional(env, "DATABASE_URL") or DEFAULT_DATABASE_URL
    scheme = url.partition("://")[0].lower()
    for prefix in POSTGRES_SCHEMES:
        if url.lower().startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    if scheme.startswith(("postgresql+", "postgres+")):
        driver = scheme.partition("+")[2]
        raise ConfigError(
            f"DATABASE_URL names the {driver} driver, which this bot does not use: write it as "
            "postgresql://... (the bot connects with psycopg 3)."
        )
    if scheme not in ("sqlite", "sqlite+pysqlite"):
        raise ConfigError(f"DATABASE_URL must be {DATABASE_URL_FORMS}.")
    return url


def port_setting(env: Mapping[str, str]) -> int:
    """PORT: 1-65535, or 0 for any free port."""
    try:
        return _int(env, "PORT", 3000, 0, 65535)
    except ConfigError:
        raw = env.get("PORT", "").strip()
        raise ConfigError(
            f"PORT must be a port number from 1 to 65535, or 0 for any free port (got {raw!r})."
        ) from None


def _holiday_country(raw: str | None) -> tuple[str | None, str | None]:
    """`GB`, or a country with one of its subdivisions: `GB-ENG`, `US-CA`, `DE-BY`."""
    if not raw:
        return None, None
    country, _, subdivision = raw.strip().upper().partition("-")
    supported = holidays.list_supported_countries()
    if country not in supported:
        raise ConfigError(
            f"HOLIDAY_COUNTRY {raw!r} is not a supported ISO country code (for example GB-ENG, US, "
            "DE-BY); leave it empty to skip public holidays."
        )
    known = [str(s).upper() for s in supported[country]]
    if subdivision and subdivision not in known:
        listed = ", ".join(f"{country}-{s}" for s in known[:12]) + (", …" if len(known) > 12 else "")
        raise ConfigError(
            f"HOLIDAY_COUNTRY {raw!r}: {country} has no subdivision {subdivision!r}"
            + (f" (try {listed})." if known else f"; use {country} alone.")
        )
    return country, subdivision or None
