"""The product's wheel holds the product: the `bot` package and its templates, never the playground
or the fake Slack (playground/), the benchmarks or the tests, even when they sit beside it in the
folder it is built from. What only the playground needs is an extra, not a dependency."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    """The wheel built from the repository's tree as it stands (product, playground and benchmarks)."""
    source, wheels = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("wheels")
    for part in ("bot", "templates", "playground", "bench"):
        shutil.copytree(ROOT / part, source / part, ignore=shutil.ignore_patterns("__pycache__"))
    for part in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / part, source / part)
    pip = [sys.executable, "-m", "pip"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels), str(source)],
        check=True,
        capture_output=True,
        env={"PYTHONWARNINGS": "ignore", "PATH": "/usr/bin:/bin"},
        timeout=300,
    )
    (built,) = wheels.glob("endings_coach-*.whl")
    return zipfile.ZipFile(built)


def test_the_wheel_holds_only_the_bot_package(wheel: zipfile.ZipFile) -> None:
    names = wheel.namelist()
    tops = {name.split("/")[0] for name in names}
    assert tops == {"bot", "endings_coach-0.1.0.dist-info"}, tops
    strays = [name for name in names if {"fakes", "playground", "bench", "tests"} & set(name.split("/"))]
    assert strays == [], strays
    assert "bot/app.py" in names and "bot/templates/messages.md.j2" in names
    assert "bot/migrations/script.py.mako" in names


def test_only_the_extras_ask_for_what_the_playground_needs(wheel: zipfile.ZipFile) -> None:
    metadata = Parser().parsestr(wheel.read("endings_coach-0.1.0.dist-info/METADATA").decode())
    emoji = [r for r in metadata.get_all("Requires-Dist") or [] if r.startswith("emoji")]
    assert emoji and all("extra ==" in r for r in emoji), emoji
    assert "playground" in (metadata.get_all("Provides-Extra") or [])
