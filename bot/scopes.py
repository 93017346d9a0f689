"""Every Slack Web API call the bot makes and the bot scope Slack requires for it: the one list the
manifest's scopes and the OAuth install scopes are made from, so neither can fall behind the code.
tests/test_scopes.py finds every call in the code and checks it is listed here."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WebApiCall:
    sdk: str  # the slack_sdk WebClient method the code calls
    methods: tuple[str, ...]  # the Web API methods that call makes
    scope: str | None  # the bot scope Slack requires for them; None: no scope


CALLS: tuple[WebApiCall, ...] = (
    WebApiCall("auth_test", ("auth.test",), None),
    # Made with the app-level token (SLACK_APP_TOKEN), whose own scope is connections:write.
    WebApiCall("apps_connections_open", ("apps.connections.open",), None),
    WebApiCall("chat_postMessage", ("chat.postMessage",), "chat:write"),
    WebApiCall("chat_update", ("chat.update",), "chat:write"),
    WebApiCall("chat_postEphemeral", ("chat.postEphemeral",), "chat:write"),
    # Opens the DM the ledger is shared in.
    WebApiCall("conversations_open", ("conversations.open",), "im:write"),
    WebApiCall(
        "files_upload_v2", ("files.getUploadURLExternal", "files.completeUploadExternal"), "files:write"
    ),
    WebApiCall("users_info", ("users.info",), "users:read"),
    WebApiCall("views_open", ("views.open",), None),
    WebApiCall("views_push", ("views.push",), None),
    WebApiCall("views_update", ("views.update",), None),
    WebApiCall("views_publish", ("views.publish",), None),
)

# Scopes for what is not a Web API call: the slash command.
FEATURE_SCOPES = ("commands",)

BOT_SCOPES: list[str] = list(dict.fromkeys([*FEATURE_SCOPES, *(c.scope for c in CALLS if c.scope)]))


def call(sdk: str) -> WebApiCall | None:
    return next((c for c in CALLS if c.sdk == sdk), None)
