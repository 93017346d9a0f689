"""Reading a modal's `state.values` into Answers. Every input block is named after the answer field
it collects, so one reader serves every step; anything missing or malformed reads as None."""

from __future__ import annotations

import types
from datetime import date, time
from enum import StrEnum
from functools import cache
from typing import Any, Union, get_args, get_origin, get_type_hints

from bot.core.answers import Answers
from bot.slack.ids import REFERRAL_BLOCKS, Action

Values = dict[str, Any]


def _element(values: Values, block: str) -> dict[str, Any]:
    entry = values.get(block) if isinstance(values, dict) else None
    element = entry.get(Action.INPUT.value) if isinstance(entry, dict) else None
    return element if isinstance(element, dict) else {}


def text_value(values: Values, block: str) -> str | None:
    """Typed text as typed, except NUL characters, which PostgreSQL cannot store."""
    value = typed_value(values, block)
    return value.replace("\x00", "") if value is not None else None


def typed_value(values: Values, block: str) -> str | None:
    """Typed text exactly as typed: a step's answers, which validation refuses inline when no
    database can keep them (NUL, a lone surrogate)."""
    value = _element(values, block).get("value")
    return value if isinstance(value, str) else None


def _option_value(option: Any) -> str | None:
    value = option.get("value") if isinstance(option, dict) else None
    return value if isinstance(value, str) else None


def _parse(kind: Any, element: dict[str, Any], block: str, values: Values) -> Any:
    if kind is str:
        return typed_value(values, block)
    if kind is int:
        raw = text_value(values, block)
        try:
            number = float(raw.strip()) if raw is not None else None
        except ValueError:
            return None
        return int(number) if number is not None and number.is_integer() and abs(number) < 1e9 else None
    if kind is date:
        raw = element.get("selected_date")
        return _try(date.fromisoformat, raw)
    if kind is time:
        return _try(time.fromisoformat, element.get("selected_time"))
    if isinstance(kind, type) and issubclass(kind, StrEnum):
        return _try(kind, _option_value(element.get("selected_option")))
    return None


def _try(parse: Any, raw: Any) -> Any:
    if not isinstance(raw, str):
        return None
    try:
        return parse(raw)
    except ValueError:
        return None


@cache
def _field_types() -> dict[str, tuple[Any, bool]]:
    """Each answer field's scalar type, and whether it holds a list."""
    found: dict[str, tuple[Any, bool]] = {}
    for name, hint in get_type_hints(Answers).items():
        if get_origin(hint) in (Union, types.UnionType):
            hint = next(arg for arg in get_args(hint) if arg is not type(None))
        if get_origin(hint) is list:
            found[name] = (get_args(hint)[0], True)
        else:
            found[name] = (hint, False)
    return found


def read_field(values: Values, name: str) -> Any:
    if name == "referrals":
        typed = [typed_value(values, block) or "" for block in REFERRAL_BLOCKS]
        while typed and not typed[-1].strip():
            typed.pop()
        return typed
    kind, many = _field_types()[name]
    element = _element(values, name)
    if not many:
        return _parse(kind, element, name, values)
    chosen = element.get("selected_options")
    parsed = [_try(kind, _option_value(o)) for o in chosen] if isinstance(chosen, list) else []
    return [p for p in parsed if p is not None]


def present(values: Values, name: str) -> bool:
    """Whether the view had an input for this field (a situation may not ask for it)."""
    if name == "referrals":
        return any(block.value in values for block in REFERRAL_BLOCKS)
    return name in values


def read_fields(values: Values, names: tuple[str, ...]) -> Answers:
    a = Answers()
    for name in names:
        setattr(a, name, read_field(values, name))
    return a
