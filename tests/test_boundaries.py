"""What draws Slack's views and handles its requests never holds a row or a session (services hand
up read models), and every piece of copy says the types it is given."""

from __future__ import annotations

import ast
import inspect
import typing
from pathlib import Path
from typing import Any, Protocol

import pytest

import bot.copydeck
import bot.slack.calendar_offer

ROOT = Path(__file__).resolve().parent.parent
ABOVE_SERVICES = ("bot/slack", "bot/listeners")
FORBIDDEN = ("bot.storage", "sqlalchemy")
COPY_MODULES = (bot.copydeck, bot.slack.calendar_offer)


def imported_modules(source: str) -> list[str]:
    """Every module a source file imports, wherever the import sits (TYPE_CHECKING blocks too)."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found += [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
    return found


def forbidden_imports(source: str) -> list[str]:
    return sorted(
        {m for m in imported_modules(source) if any(m == f or m.startswith(f"{f}.") for f in FORBIDDEN)}
    )


def test_the_import_check_finds_each_way_of_importing_storage() -> None:
    assert forbidden_imports("from bot.storage.models import Case") == [
        "bot.storage.models",
        "bot.storage.models.Case",
    ]
    assert forbidden_imports("from bot import storage") == ["bot.storage"]
    assert forbidden_imports("import sqlalchemy.orm as orm") == ["sqlalchemy.orm"]
    hidden = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import sqlalchemy\n"
    assert forbidden_imports(hidden) == ["sqlalchemy"]
    assert forbidden_imports("from bot.services.read_models import CaseView\nimport bot.storage_like") == []


@pytest.mark.parametrize("package", ABOVE_SERVICES)
def test_nothing_above_services_imports_storage_or_sqlalchemy(package: str) -> None:
    files = sorted((ROOT / package).rglob("*.py"))
    assert files
    offenders = {
        str(path.relative_to(ROOT)): found
        for path in files
        if (found := forbidden_imports(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


def copy_protocols() -> list[type]:
    return [
        cls
        for module in COPY_MODULES
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if cls.__module__ == module.__name__ and Protocol in cls.__mro__[1:]
    ]


def mentions_any(hint: object) -> bool:
    return hint is Any or any(mentions_any(arg) for arg in typing.get_args(hint))


def untyped_parameters(protocol: type) -> list[str]:
    """`Class.method(parameter)` for each parameter left unannotated or annotated with Any."""
    found = []
    for name, method in inspect.getmembers(protocol, inspect.isfunction):
        if name.startswith("_"):
            continue
        hints = typing.get_type_hints(method, vars(inspect.getmodule(protocol)))
        for parameter in list(inspect.signature(method).parameters)[1:]:
            if parameter not in hints or mentions_any(hints[parameter]):
                found.append(f"{protocol.__name__}.{name}({parameter})")
    return found


class Loose(Protocol):
    def a(self, case: Any, n: int) -> str: ...
    def b(self, rows: list[dict[str, Any]]) -> str: ...
    def c(self, x) -> str: ...
    def d(self, day: int | None, names: tuple[str, ...]) -> str: ...


def test_the_protocol_check_finds_any_and_missing_annotations() -> None:
    assert untyped_parameters(Loose) == ["Loose.a(case)", "Loose.b(rows)", "Loose.c(x)"]


def test_every_copy_protocol_says_the_types_it_is_given() -> None:
    protocols = copy_protocols()
    assert {"CaseCopy", "HomeCopy", "FlowCopy", "CalendarCopy"} <= {p.__name__ for p in protocols}
    assert [p for protocol in protocols for p in untyped_parameters(protocol)] == []
