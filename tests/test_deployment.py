"""The container recipe: the image runs the same console script the wheel test runs
(tests/test_startup.py), as a non-root user, with a health check; compose adds PostgreSQL. Where a
Docker engine answers, the image is built and started and its health check must turn green."""

from __future__ import annotations

import fnmatch
import json
import re
import shutil
import subprocess
import tomllib
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
    assert "-c /tmp/deps/requirements.lock" in DOCKERFILE  # the locked versions


def test_the_base_image_is_pinned_by_tag_and_digest() -> None:
    bases = {line.split(" AS ")[0] for line in instructions("FROM")}
    (base,) = bases  # the build and the image stand on the same one
    assert re.fullmatch(r"python:3\.11\.\d+-slim@sha256:[0-9a-f]{64}", base), base


def test_dependencies_are_installed_before_the_code_is_copied() -> None:
    """A change to the code rebuilds the code's layer only, not the dependencies' (a minute and a
    download of every package)."""
    final = DOCKERFILE.rsplit("\nFROM ", 1)[1].replace("\\\n", " ")  # continued lines joined
    steps = [line for line in final.splitlines() if line.split(" ", 1)[0] in ("COPY", "RUN")]
    deps = next(i for i, step in enumerate(steps) if "-r /tmp/deps/runtime.txt" in step)
    # Before it, only the dependency list and the lock: no code.
    assert all("runtime.txt" in step or "requirements.lock" in step for step in steps[:deps]), steps
    assert any("endings_coach-" in step for step in steps[deps + 1 :])  # the code's wheel after
    build = DOCKERFILE.split("\nFROM ")[1]
    assert build.index("> runtime.txt") < build.index("COPY bot bot")  # the list does not change with code


def dockerignored(path: str) -> bool:
    """Whether .dockerignore keeps `path` from the engine (Docker's rule: a pattern matches the path
    or one of its parent folders; `**/` matches any depth)."""
    patterns = [
        line.strip().rstrip("/")
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert not any(p.startswith("!") for p in patterns)  # no exceptions to reason about
    parts = path.split("/")
    prefixes = ["/".join(parts[:n]) for n in range(1, len(parts) + 1)]
    for pattern in patterns:
        bare = pattern.removeprefix("**/")
        for prefix in prefixes:
            tails = ["/".join(prefix.split("/")[n:]) for n in range(len(prefix.split("/")))]
            if fnmatch.fnmatchcase(prefix, pattern) or (
                pattern.startswith("**/") and any(fnmatch.fnmatchcase(t, bare) for t in tails)
            ):
                return True
    return False


@pytest.mark.parametrize(
    "path",
    [
        ".venv/lib/python3.11/site-packages/x.py",
        ".env",
        ".env.local",
        ".git/HEAD",
        "bot/__pycache__/app.cpython-311.pyc",
        "endings-coach.sqlite3",
        "endings-coach.sqlite3-wal",
        "bot/stray.sqlite3",  # a database left inside a folder the image copies
        ".pytest_cache/v/cache/nodeids",
        ".ruff_cache/x",
        ".mypy_cache/x",
        ".hypothesis/examples/x",
        "endings_coach.egg-info/PKG-INFO",
        "build/lib/bot/app.py",
        "tests/conftest.py",
    ],
)
def test_the_engine_never_gets_secrets_the_virtualenv_or_local_data(path: str) -> None:
    assert dockerignored(path)


def test_the_engine_gets_everything_the_image_copies() -> None:
    copied = " ".join(instructions("COPY")).split()
    sources = [word for word in copied if not word.startswith(("--", "/", "./")) and word != "bot/"]
    for source in {"pyproject.toml", "requirements.lock", "README.md", "LICENSE", "bot", "templates"}:
        assert source in sources
        assert not dockerignored(source) and not dockerignored(f"{source}/x.py")
    assert not dockerignored("bot/app.py") and not dockerignored("templates/situations/common.txt.j2")


def test_the_image_carries_neither_the_playground_nor_the_fake_slack() -> None:
    """The image copies bot/ and templates/, and the engine never gets playground/ (where the fake
    Slack lives too); the runtime dependencies leave out what only the playground needs."""
    sources = " ".join(instructions("COPY")).split()
    assert not any(word.strip("./").startswith("playground") for word in sources), sources
    assert dockerignored("playground/world.py") and dockerignored("playground/fakes/slack_api.py")
    assert not any((ROOT / "bot").rglob("fakes")) and not (ROOT / "bot" / "playground").exists()
    run_time = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert not any(dependency.startswith("emoji") for dependency in run_time), run_time


def test_make_run_installs_what_running_needs_and_make_test_the_test_tools(tmp_path: Path) -> None:
    def dry_run(target: str) -> str:
        venv = tmp_path / "venv"
        done = subprocess.run(
            ["make", "-n", target, f"VENV={venv}"], cwd=ROOT, capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    for target in ("run", "demo", "migrate"):
        installs = [line for line in dry_run(target).splitlines() if "pip install" in line]
        assert any("-c requirements.lock -e ." in line for line in installs), installs
        assert not any("[test]" in line for line in installs), installs
        assert any("[playground]" in line for line in installs) == (target == "demo"), installs
    assert "-m playground" in dry_run("demo")
    test = dry_run("test")
    assert "-c requirements.lock -e '.[test]'" in test and "-m pytest" in test
    run_time = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    for tool in ("pytest", "ruff", "mypy", "selenium", "gunicorn", "matplotlib", "numpy"):
        assert not any(dependency.startswith(tool) for dependency in run_time), tool
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_the_console_script_is_declared() -> None:
    assert 'endings-coach = "bot.__main__:console"' in (ROOT / "pyproject.toml").read_text()


def test_compose_starts_the_bot_on_postgresql_from_the_env_file() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    bot, db = compose["services"]["bot"], compose["services"]["db"]
    assert bot["env_file"] == ".env" and bot["build"] == "."
    assert bot["environment"]["DATABASE_URL"].startswith("postgresql+psycopg://")
    assert bot["depends_on"]["db"]["condition"] == "service_healthy"
    assert db["image"].startswith("postgres:") and "healthcheck" in db
    # The image's own command, which upgrades the database before it serves (tests/test_config.py
    # runs it on a fresh database); nothing replaces it.
    assert "command" not in bot and "entrypoint" not in bot
    assert json.loads(instructions("CMD")[-1]) == ["endings-coach"]


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
