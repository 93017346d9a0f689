"""manifest.yml is valid for Slack and declares exactly what the code uses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.slack.ids import COMMAND
from tests.blockkit import manifest_errors

MANIFEST = Path(__file__).resolve().parent.parent / "manifest.yml"
BOT = Path(__file__).resolve().parent.parent / "bot"


def load() -> dict[str, Any]:
    return yaml.safe_load(MANIFEST.read_text())


def test_manifest_validates_against_slacks_schema() -> None:
    assert manifest_errors(load()) == []


def test_manifest_declares_the_command_events_and_features_the_code_uses() -> None:
    manifest = load()
    assert [c["command"] for c in manifest["features"]["slash_commands"]] == [COMMAND]
    listened = set()
    for path in (BOT / "listeners").glob("*.py"):
        source = path.read_text()
        listened |= {
            event
            for event in ("app_home_opened", "app_uninstalled", "tokens_revoked")
            if f'app.event("{event}")' in source
        }
    assert set(manifest["settings"]["event_subscriptions"]["bot_events"]) == listened
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["settings"]["socket_mode_enabled"] is True


def test_scopes_cover_every_web_api_method_called() -> None:
    needs = {"chat_postMessage": "chat:write", "chat_update": "chat:write", "users_info": "users:read"}
    sources = "\n".join(p.read_text() for p in BOT.rglob("*.py"))
    wanted = {"commands"} | {scope for method, scope in needs.items() if f".{method}(" in sources}
    assert set(load()["oauth_config"]["scopes"]["bot"]) == wanted
