"""The manifests (Socket Mode in manifest.yml, HTTP mode printed by `python -m bot manifest --http`)
are valid for Slack and declare exactly what the code uses."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.manifest import GENERATED, ManifestError, manifest
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


def test_the_generated_files_are_the_source_rendered() -> None:
    """manifest.yml, manifest.json and .slack/hooks.json: `python -m bot.manifest` rewrites them."""
    for name, make in GENERATED.items():
        assert (ROOT / name).read_text(encoding="utf-8") == make(), f"{name}: run python -m bot.manifest"
    assert json.loads((ROOT / "manifest.json").read_text()) == manifest() == load()


def test_manifest_json_validates_against_slacks_schema() -> None:
    assert manifest_errors(json.loads((ROOT / "manifest.json").read_text())) == []
    broken = manifest()
    broken["settings"]["socket_mode_enabled"] = "yes"
    assert manifest_errors(broken) != []  # the schema is really applied


def test_the_slack_cli_asks_the_slack_cli_hooks_package_for_its_hooks() -> None:
    hooks = json.loads((ROOT / ".slack" / "hooks.json").read_text())
    assert hooks == {"hooks": {"get-hooks": "python3 -m slack_cli_hooks.hooks.get_hooks"}}
    pytest.importorskip("slack_cli_hooks", reason="the slack-cli extra is not installed")
    answer = _hook("slack_cli_hooks.hooks.get_hooks")
    assert {"get-manifest", "start"} <= set(answer["hooks"])
    assert answer["config"]["sdk-managed-connection-enabled"] is True  # the bot opens its own socket
    # `get-manifest` hands the CLI manifest.json, which creates the app `slack run` installs.
    assert _hook("slack_cli_hooks.hooks.get_manifest") == manifest()


def _hook(module: str) -> Any:
    done = subprocess.run(
        [sys.executable, "-m", module], cwd=ROOT, capture_output=True, text=True, check=True, timeout=60
    )
    return json.loads(done.stdout)


def test_the_app_icon_is_a_square_png_slack_accepts() -> None:
    icon = (ROOT / "docs" / "icon.png").read_bytes()
    assert icon[:8] == b"\x89PNG\r\n\x1a\n" and icon[12:16] == b"IHDR"
    width, height = struct.unpack(">II", icon[16:24])
    assert width == height and 512 <= width <= 2000, (width, height)
    assert len(icon) < 100_000
