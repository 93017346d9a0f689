"""Copy lives in templates/. Mrkdwn templates escape every value by default (GUIDE section 4)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
ELLIPSIS = "…"


def escape_mrkdwn(text: str) -> str:
    """Make typed text inert in mrkdwn: `&` first, then the angle brackets."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Mrkdwn(str):
    """Text that is already valid mrkdwn and must not be escaped again."""

    __slots__ = ()


def _escape_value(value: Any) -> Any:
    if isinstance(value, Mrkdwn):
        return value
    if value is None:
        return ""
    return escape_mrkdwn(str(value))


def truncate(text: str, limit: int) -> str:
    """Shorten to `limit` characters with an ellipsis, never cutting an escape like `&amp;` in two."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    amp = cut.rfind("&")
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut + ELLIPSIS


def _environment(mrkdwn: bool) -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        autoescape=False,
        finalize=_escape_value if mrkdwn else None,
    )


@cache
def _environments() -> tuple[Environment, Environment]:
    return _environment(mrkdwn=True), _environment(mrkdwn=False)


def copy(template: str) -> Any:
    """The macros of a template file: `copy("flow.md.j2").change_intro()`.

    Files ending in `.md.j2` are mrkdwn and escape every value; `.txt.j2` files are plain text.
    """
    mrkdwn_env, plain_env = _environments()
    env = mrkdwn_env if template.endswith(".md.j2") else plain_env
    return _Macros(env.get_template(template).module)


class _Macros:
    def __init__(self, module: Any) -> None:
        self._module = module

    def __getattr__(self, name: str) -> Any:
        macro = getattr(self._module, name)

        def render(*args: Any, **kwargs: Any) -> str:
            return str(macro(*args, **kwargs)).strip()

        return render
