"""The manifests (Socket Mode in manifest.yml, HTTP mode printed by `python -m bot manifest --http`)
are valid for Slack and declare exactly what the code uses."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.manifest import ManifestError, manifest
from bot.slack.ids import COMMAND, Event
from tests.blockkit import manifest_errors

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "manifest.yml"
BOT = ROOT / "bot"


def load() -> dict[str, Any]:
    return yaml.safe_load(MANIFEST.read_text())


def test_manifest_yml_is_the_socket_mode_manifest_and_validates_against_slacks_schema() -> None:
    assert load() == manifest()
    assert manifest_errors(load()) == []
    settings = load()["settings"]
    assert settings["socket_mode_enabled"] is True and settings["org_deploy_enabled"] is False
    assert "request_url" not in settings["event_subscriptions"]


def test_the_http_manifest_fills_in_every_url_and_org_wide_deployment() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "bot", "manifest", "--http", "https://coach.example.com/"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    http = yaml.safe_load(out)
    assert manifest_errors(http) == []
    events = "https://coach.example.com/slack/events"
    assert http["features"]["slash_commands"][0]["url"] == events
    assert http["settings"]["event_subscriptions"]["request_url"] == events
    assert http["settings"]["interactivity"]["request_url"] == events
    assert http["oauth_config"]["redirect_urls"] == ["https://coach.example.com/slack/oauth_redirect"]
    assert http["settings"]["socket_mode_enabled"] is False
    assert http["settings"]["org_deploy_enabled"] is True


@pytest.mark.parametrize(
    "url", ["http://coach.example.com", "coach.example.com", "https://", "https://x/?a=1"]
)
def test_the_http_manifest_needs_a_public_https_url(url: str) -> None:
    with pytest.raises(ManifestError):
        manifest(url)


def test_manifest_declares_the_command_events_and_features_the_code_uses() -> None:
    data = load()
    assert [c["command"] for c in data["features"]["slash_commands"]] == [COMMAND]
    source = (BOT / "listeners" / "events.py").read_text()
    listened = {event.value for event in Event if f"app.event(Event.{event.name}.value)" in source}
    assert set(data["settings"]["event_subscriptions"]["bot_events"]) == listened == {e.value for e in Event}
    assert data["features"]["app_home"]["home_tab_enabled"] is True
    assert data["settings"]["interactivity"]["is_enabled"] is True


def test_scopes_cover_every_web_api_method_called() -> None:
    needs = {"chat_postMessage": "chat:write", "chat_update": "chat:write", "users_info": "users:read"}
    sources = "\n".join(p.read_text() for p in BOT.rglob("*.py"))
    wanted = {"commands"} | {scope for method, scope in needs.items() if f".{method}(" in sources}
    assert set(load()["oauth_config"]["scopes"]["bot"]) == wanted
