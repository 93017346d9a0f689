"""The import map of bot/, read from the source (every import statement, lazy ones too): the core is
pure, the layers import only downward, and no modules import each other in a circle."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

BOT = Path(__file__).resolve().parent.parent / "bot"

# Bottom to top: a module may import its own layer and those below it, never one above.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("bot.core",),
    # ground under everything else: settings, logging, the Slack scopes, the calendar, the copy
    (
        "bot.config",
        "bot.logs",
        "bot.scopes",
        "bot.answering",
        "bot.holiday_calendar",
        "bot.text",
        "bot.copydeck",
        "bot.drafting",
        "bot.charts",
        "bot.web_client",
    ),
    ("bot.storage", "bot.migrations"),
    ("bot.deps", "bot.owed_homes", "bot.installations"),
    ("bot.services",),
    ("bot.slack",),
    ("bot.listeners", "bot.reminders"),
    ("bot.app", "bot.server", "bot.manifest", "bot.startup"),
    ("bot.__main__",),
)
# What the core may never reach: the copy, Slack, the use cases, the database, the template engine.
NOT_IN_THE_CORE = ("bot.", "jinja2", "markupsafe", "sqlalchemy", "slack_sdk", "slack_bolt", "alembic")


def module_of(path: Path) -> str:
    parts = path.relative_to(BOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {module_of(p): p for p in BOT.rglob("*.py") if "__pycache__" not in p.parts}


def imported(module: str) -> Iterator[str]:
    """Every name an import statement of `module` reaches: `from x import y` reaches x.y when that
    is a module (a package's module, not the package), else x."""
    path = modules()[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                yield f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules() else base


@cache
def edges() -> dict[str, frozenset[str]]:
    """Module -> the modules of bot/ it imports."""
    known = modules()
    return {m: frozenset(n for n in imported(m) if n in known and n != m) for m in known}


def layer_of(module: str) -> int:
    for rank, prefixes in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return rank
    raise AssertionError(f"{module} is in no layer: add it to LAYERS")


def circles(graph: dict[str, frozenset[str]]) -> list[set[str]]:
    """The strongly connected groups of two or more modules (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group: set[str] = set()
            while True:
                w = stack.pop()
                on.discard(w)
                group.add(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(group)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_map_is_read() -> None:
    assert "bot.copydeck" in edges()["bot.drafting"]
    assert "bot.core.plan" in edges()["bot.core.drafts"]  # a `from bot.core.plan import Plan`
    assert "bot.core.situations.common" in edges()["bot.core.situations.we_end"]  # `import common as c`
    assert len(modules()) > 100


def test_the_core_reaches_nothing_above_it() -> None:
    reached = {
        (m, name)
        for m in modules()
        if m.startswith("bot.core")
        for name in imported(m)
        if name.startswith(NOT_IN_THE_CORE) and not name.startswith("bot.core")
    }
    assert reached == set()


def test_every_module_has_a_layer_and_imports_only_downward() -> None:
    upward = {(m, n) for m, reached in edges().items() for n in reached if layer_of(n) > layer_of(m)}
    assert upward == set()


def test_no_modules_import_each_other_in_a_circle() -> None:
    assert circles(edges()) == []


def test_a_circle_is_caught() -> None:
    planted = {
        **edges(),
        "bot.core.drafts": edges()["bot.core.drafts"] | {"bot.copydeck"},
    }  # the one that was
    assert {"bot.core.drafts", "bot.copydeck"} in circles(planted)
    assert layer_of("bot.copydeck") > layer_of("bot.core.drafts")
