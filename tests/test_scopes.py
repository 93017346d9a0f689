"""Scopes that match the code: every Web API call the bot makes is allowed by the scopes the
manifest and the OAuth install ask for, the fake Slack refuses what a workspace did not grant as
Slack does, and a refusal tells the person what to ask their admin."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.installations import BOT_SCOPES
from bot.manifest import manifest
from bot.scopes import CALLS, call
from bot.slack.ids import Action
from playground.fakes.slack_api import REQUIRED_SCOPES
from tests.conftest import OWNER, START
from tests.fake_slack import FakeSlack
from tests.flow import complete
from tests.harness import Bot, Clock, all_text
from tests.processes import BotProcess
from tests.test_ledger import close_told

BOT = Path(__file__).resolve().parent.parent / "bot"
EXPORT = {"type": "button", "action_id": Action.EXPORT_LEDGER, "block_id": "home_ledger_actions"}
# Methods WebClient itself defines are Web API calls; what it inherits (api_call, ...) is not.
WEB_API = {name for name in vars(WebClient) if not name.startswith("_")}


def manifest_scopes() -> set[str]:
    return set(manifest()["oauth_config"]["scopes"]["bot"])


def calls_in_the_code() -> dict[str, set[str]]:
    """Every WebClient method the product code calls, with the files that call it."""
    found: dict[str, set[str]] = {}
    for path in BOT.rglob("*.py"):
        source = path.read_text()
        assert "api_call(" not in source, f"{path}: call Web API methods by name, so they are found here"
        for name in re.findall(r"\.([A-Za-z_][A-Za-z0-9_]*)\(", source):
            if name in WEB_API:
                found.setdefault(name, set()).add(str(path.relative_to(BOT.parent)))
    return found


def test_every_web_api_call_in_the_code_is_listed_with_the_scope_slack_requires() -> None:
    found = calls_in_the_code()
    assert {"conversations_open", "files_upload_v2", "chat_postMessage"} <= set(found)
    unlisted = {name: sorted(paths) for name, paths in found.items() if call(name) is None}
    assert unlisted == {}, "add these calls to bot/scopes.py with the scope Slack requires"
    # No scope is asked for that no call in the code needs (least privilege).
    needed = {c.scope for c in CALLS if c.sdk in found and c.scope}
    assert set(BOT_SCOPES) - {"commands"} == needed
    for listed in CALLS:
        for method in listed.methods:
            # Slack's requirement, as the fake Slack knows it, independently of bot/scopes.py.
            accepted = REQUIRED_SCOPES[method]
            if method == "apps.connections.open":
                continue  # made with the app-level token, not the bot's
            assert (listed.scope in accepted) if accepted else listed.scope is None, method


def test_the_manifest_grants_every_scope_those_calls_need() -> None:
    granted = manifest_scopes()
    for listed in CALLS:
        for method in listed.methods:
            accepted = REQUIRED_SCOPES[method]
            if accepted and method != "apps.connections.open":
                assert granted & set(accepted), f"{listed.sdk} ({method}) needs one of {accepted}"
    assert manifest()["oauth_config"]["scopes"]["bot"] == BOT_SCOPES
    assert "commands" in granted  # the slash command


def test_the_oauth_install_asks_for_the_manifests_scopes(
    fake: FakeSlack, sqlite_url: str, clock: Clock
) -> None:
    bot = Bot(fake, sqlite_url, clock, SLACK_CLIENT_ID="111.222", SLACK_CLIENT_SECRET=fake.client_secret)
    try:
        page = bot.request("GET", "/slack/install")
    finally:
        bot.close()
    link = re.search(r'href="([^"]*oauth/v2/authorize[^"]*)"', page.text)
    assert link, page.text
    query = parse_qs(urlsplit(unquote(link.group(1).replace("&amp;", "&"))).query)
    assert set(query["scope"][0].split(",")) == manifest_scopes()


def test_the_fake_slack_answers_missing_scope_as_slack_does(fake: FakeSlack) -> None:
    assert fake.installed_scopes == manifest_scopes()
    fake.installed_scopes.discard("files:write")
    client = WebClient(token=fake.bot_token, base_url=fake.base_url)
    with pytest.raises(SlackApiError) as refused:
        client.files_getUploadURLExternal(filename="a.csv", length=3)
    response = refused.value.response
    assert response.status_code == 200
    assert response.data == {
        "ok": False,
        "error": "missing_scope",
        "needed": "files:write",
        "provided": ",".join(sorted(manifest_scopes() - {"files:write"})),
    }
    assert response.headers["X-Accepted-OAuth-Scopes"] == "files:write"
    # What needs no scope, or a granted one, still answers.
    assert client.chat_postMessage(channel=OWNER, text="hello")["ok"] is True


def test_every_method_the_fake_serves_knows_its_scope() -> None:
    handlers = {name for name in dir(FakeSlack) if name.startswith("api_")}
    assert handlers == {"api_" + method.replace(".", "_") for method in REQUIRED_SCOPES}


def closed_case(bot: Bot) -> None:
    complete(bot, OWNER, "Acme Ltd")
    close_told(bot, OWNER, "Acme Ltd")


def test_send_me_the_ledger_works_with_the_manifests_scopes(bot: Bot) -> None:
    closed_case(bot)
    assert bot.click(EXPORT).status == 200
    files = {f["name"] for f in bot.fake.files_in("D" + OWNER[1:])}
    assert files == {"endings-ledger.csv", "notice-given.png"}
    assert bot.fake.calls_to("conversations.open") and bot.fake.calls_to("files.completeUploadExternal")


@pytest.mark.parametrize("scope", ["im:write", "files:write"])
def test_a_missing_permission_tells_the_person_what_to_ask_their_admin(
    bot: Bot, scope: str, caplog: pytest.LogCaptureFixture
) -> None:
    closed_case(bot)
    bot.fake.installed_scopes.discard(scope)
    caplog.set_level(logging.INFO)
    before = len(bot.fake.dms_to(OWNER))
    assert bot.click(EXPORT).status == 200
    assert not bot.fake.files_in("D" + OWNER[1:])
    told = bot.fake.dms_to(OWNER)[before:]
    assert len(told) == 1, told
    shown = all_text(told[0])
    assert "reinstall the app" in shown and f"“{scope}”" in shown
    assert "Sorry, something went wrong" not in shown and "Traceback" not in shown
    assert len(told[0]["text"].splitlines()) == 1
    named = [r for r in caplog.records if r.levelno >= logging.ERROR and scope in r.getMessage()]
    assert named, [r.getMessage() for r in caplog.records]
    assert "reinstall" in named[0].getMessage()
    assert not [r for r in caplog.records if r.exc_info], "a missing permission is not logged as a crash"


def test_start_up_names_the_scopes_an_older_install_lacks(fake: FakeSlack, sqlite_url: str) -> None:
    # Installed before the ledger needed files:write: the bot still starts, and says what to approve.
    fake.installed_scopes.discard("files:write")
    running = BotProcess(fake, sqlite_url, START)
    try:
        warned = [line for line in running.log if "files:write" in line]
    finally:
        running.close()
    assert warned and "reinstall the app" in warned[0] and "im:write" not in warned[0], running.log


def test_start_up_is_quiet_about_scopes_when_the_install_has_them(fake: FakeSlack, sqlite_url: str) -> None:
    running = BotProcess(fake, sqlite_url, START)
    try:
        assert not [line for line in running.log if "lacks the bot scope" in line], running.log
    finally:
        running.close()
