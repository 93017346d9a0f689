"""Multi-workspace installs: slack_sdk's SQLAlchemy stores in the bot's own database."""

from __future__ import annotations

from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

from bot.deps import Deps
from bot.scopes import BOT_SCOPES

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


def tenant_of(
    team_id: str | None, enterprise_id: str | None, is_enterprise_install: bool | None
) -> str | None:
    """Whose data a request belongs to: the workspace, or the whole org for an org-wide install.

    An Enterprise Grid org-wide install is one installation serving every workspace of the org,
    and user ids are org-wide there, so its cases belong to the org: an owner sees the same cases
    from any of its workspaces. Cases and reminders store this value as their `team_id`.
    """
    if is_enterprise_install and enterprise_id:
        return enterprise_id
    return team_id or enterprise_id


def bot_token_for(store: SQLAlchemyInstallationStore, tenant: str, enterprise_id: str | None) -> str | None:
    """The bot token of the installation that serves `tenant` (see `tenant_of`)."""
    org_wide = enterprise_id is not None and tenant == enterprise_id
    bot = store.find_bot(
        enterprise_id=enterprise_id, team_id=None if org_wide else tenant, is_enterprise_install=org_wide
    )
    return bot.bot_token if bot else None


def forget_installation(store: SQLAlchemyInstallationStore, tenant: str, enterprise_id: str | None) -> None:
    """Drop a departed workspace's (or org's) stored tokens; they no longer work anyway."""
    org_wide = enterprise_id is not None and tenant == enterprise_id
    store.delete_all(enterprise_id=enterprise_id, team_id=None if org_wide else tenant)
