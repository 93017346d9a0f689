"""Multi-workspace installs: slack_sdk's SQLAlchemy stores in the bot's own database."""

from __future__ import annotations

from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

from bot.deps import Deps

BOT_SCOPES = ["commands", "chat:write", "users:read"]
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
STATE_SECONDS = 600


def installation_store(deps: Deps) -> SQLAlchemyInstallationStore:
    assert deps.settings.client_id
    return SQLAlchemyInstallationStore(client_id=deps.settings.client_id, engine=deps.db.engine)


def oauth_settings(deps: Deps) -> OAuthSettings:
    settings = deps.settings
    assert settings.client_id and settings.client_secret
    return OAuthSettings(
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        scopes=BOT_SCOPES,
        installation_store=installation_store(deps),
        state_store=SQLAlchemyOAuthStateStore(expiration_seconds=STATE_SECONDS, engine=deps.db.engine),
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
    )


def bot_token_for(store: SQLAlchemyInstallationStore, team_id: str) -> str | None:
    bot = store.find_bot(enterprise_id=None, team_id=team_id)
    return bot.bot_token if bot else None
