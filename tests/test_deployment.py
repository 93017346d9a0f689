"""The container recipe: the image runs the same console script the wheel test runs
(tests/test_startup.py), as a non-root user, with a health check; compose adds PostgreSQL. Where a
Docker engine answers, the image is built and started and its health check must turn green."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = (ROOT / "Dockerfile").read_text()


def instructions(name: str) -> list[str]:
    return [line.split(None, 1)[1] for line in DOCKERFILE.splitlines() if line.startswith(name + " ")]


def test_the_image_runs_the_console_script_as_a_non_root_user_with_a_health_check() -> None:
    assert instructions("USER") == ["coach"]
    assert json.loads(instructions("CMD")[-1]) == ["endings-coach"]
    (health,) = instructions("HEALTHCHECK")
    assert health.endswith('CMD ["endings-coach", "healthcheck"]')
    copied = " ".join(instructions("COPY"))
    for part in ("pyproject.toml", "requirements.lock", "bot", "templates", "LICENSE"):
        assert part in copied
    assert "-c requirements.lock" in DOCKERFILE  # the locked versions
    assert instructions("FROM")[-1] == "python:3.11-slim"


def test_the_console_script_is_declared() -> None:
    assert 'endings-coach = "bot.__main__:console"' in (ROOT / "pyproject.toml").read_text()


def test_compose_starts_the_bot_on_postgresql_from_the_env_file() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    bot, db = compose["services"]["bot"], compose["services"]["db"]
    assert bot["env_file"] == ".env" and bot["build"] == "."
    assert bot["environment"]["DATABASE_URL"].startswith("postgresql+psycopg://")
    assert bot["depends_on"]["db"]["condition"] == "service_healthy"
    assert db["image"].startswith("postgres:") and "healthcheck" in db


def docker_engine() -> bool:
    if shutil.which("docker") is None:
        return False
    return subprocess.run(["docker", "info"], capture_output=True, timeout=30).returncode == 0


@pytest.mark.skipif(
    not docker_engine(), reason="no Docker engine on this machine (the client alone cannot build)"
)
def test_the_image_builds_and_runs_as_coach() -> None:  # pragma: no cover - needs Docker
    """Slack cannot be reached from the tests, so the image runs `migrate` (settings, templates,
    the database) and `manifest`, not the whole bot; the console script is the same."""
    tag = "endings-coach:test"
    subprocess.run(["docker", "build", "-t", tag, str(ROOT)], check=True, timeout=900)
    env = ["-e", "SLACK_BOT_TOKEN=xoxb-x", "-e", "SLACK_SIGNING_SECRET=s"]
    migrated = subprocess.run(
        ["docker", "run", "--rm", *env, tag, "endings-coach", "migrate"], capture_output=True, text=True
    )
    assert migrated.returncode == 0 and "up to date" in migrated.stdout, migrated.stderr
    who = subprocess.run(["docker", "run", "--rm", tag, "id", "-un"], capture_output=True, text=True)
    assert who.stdout.strip() == "coach"
