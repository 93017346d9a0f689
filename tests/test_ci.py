"""CI fails when its PostgreSQL is missing, instead of skipping every PostgreSQL case in silence."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_pytest(database_url: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "TEST_DATABASE_URL"}
    if database_url:
        env["TEST_DATABASE_URL"] = database_url
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/test_cases.py",
            "-k",
            "lists",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_an_unreachable_test_database_fails_the_run() -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    result = run_pytest(f"postgresql://nobody:secret@127.0.0.1:{port}/test")
    assert result.returncode != 0
    assert "TEST_DATABASE_URL is set" in result.stderr and "no PostgreSQL server answers" in result.stderr
    assert "secret" not in result.stderr + result.stdout


def test_without_a_test_database_the_postgresql_cases_are_not_collected_and_said_once() -> None:
    result = run_pytest(None)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "postgresql]" not in result.stdout and "SKIPPED" not in result.stdout
