"""Copy lives in templates/. Mrkdwn templates escape every value by default (`&`, `<`, `>`);
plain-text templates (drafts for the client, item titles, labels) keep values as typed. In both,
typed text shows without bidirectional controls, so nothing displays reversed."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, UndefinedError

from bot.core.draft_text import FILTERS as DRAFT_FILTERS
from bot.core.typed_text import is_blank, one_line, paragraphs, sentence, shown


def _templates_dir() -> Path:
    """An installed package carries the copy as bot/templates; a source checkout keeps it in the
    top-level templates/ folder."""
    here = Path(__file__).resolve().parent
    packaged = here / "templates"
    return packaged if packaged.is_dir() else here.parent / "templates"


TEMPLATES_DIR = _templates_dir()
ELLIPSIS = "…"


def escape_mrkdwn(text: str) -> str:
    """Make typed text inert in mrkdwn: `&` first, then the angle brackets; and without
    bidirectional controls, so that no name reads reversed wherever it is set, a message's
    notification `text` included."""
    return shown(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Mrkdwn(str):
    """Text that is already valid mrkdwn and must not be escaped again."""

    __slots__ = ()


def _escape_value(value: Any) -> Any:
    if isinstance(value, Mrkdwn):
        return value
    if value is None:
        return ""
    return escape_mrkdwn(str(value))


def _plain_value(value: Any) -> Any:
    return "" if value is None else shown(str(value))


DATE_TOKENS = {"long": "{date_long_pretty}", "short": "{date_short_pretty}"}
DATE_FALLBACKS = {"long": "%a %d %b %Y", "short": "%a %d %b"}


def slack_date(day: date | datetime, tz_name: str | None = None, style: str = "long") -> Mrkdwn:
    """A calendar day in Slack's date formatting: each reader sees it in their own format, and
    "today" or "tomorrow" where that is true. The moment given is noon on that day in the owner's
    time zone, so the owner (who reads it) sees the right day anywhere from UTC-12 to UTC+14."""
    from bot.core.schedule import zone

    if isinstance(day, datetime):  # a moment: the owner's calendar day at that moment
        day = day.astimezone(zone(tz_name)).date()
    moment = datetime.combine(day, time(12), tzinfo=zone(tz_name))
    fallback = day.strftime(DATE_FALLBACKS[style])
    return Mrkdwn(f"<!date^{int(moment.timestamp())}^{DATE_TOKENS[style]}|{fallback}>")


def slack_time(moment: datetime, tz_name: str | None = None) -> Mrkdwn:
    """A moment (day and time) in Slack's date formatting, shown in the reader's own time zone."""
    from bot.core.schedule import zone

    fallback = moment.astimezone(zone(tz_name)).strftime("%a %d %b, %H:%M")
    return Mrkdwn(f"<!date^{int(moment.timestamp())}^{{date_short_pretty}} at {{time}}|{fallback}>")


def written_date(day: date) -> str:
    """A date as a letter writes it: Friday 26 February 2027."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def short_written_date(day: date) -> str:
    """Friday 26 February."""
    return f"{day:%A} {day.day} {day:%B}"


NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def names_day(text: str | None, day: date) -> bool:
    """Whether typed text already names `day` ("1 April", "1st of Apr", "April 1"), so that a
    letter quoting it does not say the date a second time."""
    if not text:
        return False
    months = f"(?:{day:%B}|{day:%b})"
    number = rf"0?{day.day}(?:st|nd|rd|th)?"
    pattern = rf"\b{number}\s+(?:of\s+)?{months}\b|\b{months}\s+{number}\b"
    return re.search(pattern, text, re.IGNORECASE) is not None


def count_words(number: int) -> str:
    """Small counts in words, as a letter writes them."""
    return NUMBER_WORDS[number] if 0 <= number < len(NUMBER_WORDS) else str(number)


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
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        autoescape=False,
        finalize=_escape_value if mrkdwn else _plain_value,
        # Compiled once: templates do not change while the bot runs, so no file checks per render.
        auto_reload=False,
    )
    env.filters |= {
        "sentence": sentence,
        "one_line": one_line,
        "paragraphs": paragraphs,
        "written_date": written_date,
        "short_written_date": short_written_date,
        "count_words": count_words,
    }
    env.filters |= DRAFT_FILTERS
    env.tests["naming"] = names_day
    env.tests["filled"] = lambda value: not is_blank(value if isinstance(value, str) else None)
    env.globals["label"] = label
    env.globals["own"] = lambda key: situation_pieces(str(key), mrkdwn)
    if mrkdwn:  # Slack's date formatting works in mrkdwn only; drafts for clients keep plain dates
        env.filters["slack_date"] = slack_date
        env.filters["slack_time"] = slack_time
    return env


@cache
def _environments() -> tuple[Environment, Environment]:
    return _environment(mrkdwn=True), _environment(mrkdwn=False)


def compile_all() -> int:
    """Compile every copy template now (about a third of a second), so that no request pays for
    it and a broken template stops the start instead of a person's request. Returns how many."""
    names = [
        path.relative_to(TEMPLATES_DIR).as_posix()
        for path in sorted(TEMPLATES_DIR.rglob("*.j2"))
        if path.name.endswith((".md.j2", ".txt.j2"))
    ]
    for name in names:
        template_module(name)
    return len(names)


def template_module(template: str) -> Any:
    mrkdwn_env, plain_env = _environments()
    env = mrkdwn_env if template.endswith(".md.j2") else plain_env
    return env.get_template(template).module


def copy(template: str) -> Any:
    """The macros of a template file: `copy("flow.md.j2").step_label(...)`.

    Files ending in `.md.j2` are mrkdwn and escape every value; `.txt.j2` files are plain text.
    bot/copydeck.py gives each template a Protocol, so that mypy checks every call.
    """
    return _Macros(template)


def label(kind: str, value: object, situation: str | None = None, written: bool = False) -> str:
    """The words for one value of a closed choice (templates/labels.txt.j2), by the enum's name;
    a situation may word some values its own way, and a case told by letter or email only has no
    conversation, so some values are worded for the letter."""
    module = template_module("labels.txt.j2")
    key = str(value)
    if written:
        for words in (module.written_situation_labels.get(situation or "", {}), module.written_labels):
            if key in words.get(kind, {}):
                return str(words[kind][key])
    own = module.situation_labels.get(situation or "", {}).get(kind, {})
    return str(own.get(key) or module.labels[kind][key])


class _Pieces:
    """A situation's own words, called by name from a shared template: `own(key).tell_title(who)`
    reads templates/situations/<key>.md.j2 (from mrkdwn) or .txt.j2 (from plain text). A piece the
    situation lacks is an error, never a generic fallback."""

    def __init__(self, template: str, mrkdwn: bool) -> None:
        self._template = template
        self._module = template_module(template)
        self._wrap = Mrkdwn if mrkdwn else str

    def __getattr__(self, name: str) -> Any:
        macro = getattr(self._module, name, None)
        if macro is None:
            raise UndefinedError(f"{self._template} has no piece {name!r}")
        return lambda *args, **kwargs: self._wrap(str(macro(*args, **kwargs)).strip())


@cache
def situation_pieces(key: str, mrkdwn: bool) -> _Pieces:
    return _Pieces(f"situations/{key}.{'md' if mrkdwn else 'txt'}.j2", mrkdwn)


class _Macros:
    """A template's macros, compiled at first use (start-up compiles them all before serving, see
    compile_all; a command that stops early, or a test, pays for none)."""

    def __init__(self, template: str) -> None:
        self._template = template
        self._module: Any = None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if self._module is None:
            self._module = template_module(self._template)
        return rendering(getattr(self._module, name))


def rendering(macro: Any) -> Callable[..., str]:
    """A macro as a function giving its text, trimmed."""

    def render(*args: Any, **kwargs: Any) -> str:
        return str(macro(*args, **kwargs)).strip()

    return render
