"""The playground page, drawn from the Block Kit JSON the bot sent, by Jinja2 templates in
`playground/templates/` with HTML escaping on. Block types drawn: header, section (text, fields,
accessory), divider, context, actions, input; elements: button, checkboxes, static_select,
radio_buttons, overflow, datepicker, timepicker, plain_text_input, number_input, users_select,
multi_users_select (the workspace's people). Anything else is drawn as a visible placeholder
naming its type."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import emoji
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup

from playground.world import EPHEMERAL, HOME, MESSAGE, MODAL, USER, USER_NAME, Snapshot

TEMPLATES = Path(__file__).parent / "templates"
BLOCK_TYPES = ("header", "section", "divider", "context", "actions", "input")
ELEMENT_TYPES = (
    "button",
    "checkboxes",
    "static_select",
    "radio_buttons",
    "overflow",
    "datepicker",
    "timepicker",
    "plain_text_input",
    "number_input",
    "users_select",
    "multi_users_select",
)
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

# Slack's special tokens: <!date^ts^format|fallback>, <@U…>, <#C…|name>, <!here>, <url|label>.
TOKEN = re.compile(r"<([^<>\n]+)>")
STYLES = (
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"), "strong"),
    (re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])"), "em"),
    (re.compile(r"(?<![\w~])~(?=\S)([^~\n]+?)(?<=\S)~(?![\w~])"), "s"),
)
CODE = re.compile(r"`([^`\n]+)`")
PLACE = "\ue000"  # a private-use character stands in for a token while the text around it is styled
HELD = re.compile(f"{PLACE}(\\d+){PLACE}")


def mrkdwn(text: str, users: Mapping[str, str] | None = None) -> Markup:
    """Slack mrkdwn as HTML: every character the bot sent is escaped first, then the markup Slack
    draws (bold, italic, strike, code, quotes, links, dates, mentions) is put back as tags. A line
    that starts with a bare `>` is quoted, as in Slack; `&gt;` is a `>` someone typed, shown as is."""
    out: list[str] = []
    quote: list[str] = []  # quoted lines in a row make one quote
    for line in text.replace(PLACE, "").split("\n"):
        if line.startswith(">"):
            quote.append(_line(line[1:].removeprefix(" "), users))
            continue
        if quote:
            out.append(f"<blockquote>{'<br>'.join(quote)}</blockquote>")
            quote.clear()
        out.append(_line(line, users) + "<br>")
    if quote:
        out.append(f"<blockquote>{'<br>'.join(quote)}</blockquote>")
    return Markup("".join(out).removesuffix("<br>"))


def _line(text: str, users: Mapping[str, str] | None) -> str:
    """One line: its tokens held aside while the text around them is escaped and styled."""
    tokens: list[str] = []

    def hold(found: re.Match[str]) -> str:
        tokens.append(_token(found.group(1), users))
        return f"{PLACE}{len(tokens) - 1}{PLACE}"

    styled = _styled(TOKEN.sub(hold, text))
    return HELD.sub(lambda found: tokens[int(found.group(1))], styled)


def _unescape_slack(text: str) -> str:
    """Slack's own three escapes, back to the characters they stand for."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _styled(raw: str) -> str:
    escaped = html.escape(emoji.emojize(_unescape_slack(raw), language="alias"), quote=True)
    escaped = CODE.sub(r"<code>\1</code>", escaped)
    for pattern, tag in STYLES:
        escaped = pattern.sub(rf"<{tag}>\1</{tag}>", escaped)
    return escaped


def _token(inner: str, users: Mapping[str, str] | None) -> str:
    target, _, label = inner.partition("|")
    if target.startswith("!date^"):
        return f'<time class="date">{html.escape(_unescape_slack(label))}</time>'
    if target.startswith("@"):
        user = target[1:]
        name = (users or {}).get(user) or (USER_NAME if user == USER else user)
        return f'<span class="mention">@{html.escape(name)}</span>'
    if target.startswith("#"):
        return f'<span class="mention">#{html.escape(_unescape_slack(label or target[1:]))}</span>'
    if target.startswith("!"):
        return f'<span class="mention">@{html.escape(target[1:].split("^")[0])}</span>'
    if target.startswith(("http://", "https://", "mailto:")):
        href = html.escape(_unescape_slack(target), quote=True)
        shown = html.escape(_unescape_slack(label or target))
        return f'<a href="{href}" rel="noopener noreferrer" target="_blank">{shown}</a>'
    return html.escape(_unescape_slack(f"<{inner}>"))


def text_of(obj: Any, users: Mapping[str, str] | None = None) -> Markup:
    """A text object: mrkdwn drawn, plain_text escaped."""
    if not isinstance(obj, dict):
        return Markup("")
    if obj.get("type") == "mrkdwn":
        return mrkdwn(str(obj.get("text", "")), users)
    return Markup.escape(str(obj.get("text", "")))


@pass_context
def _text_filter(context: Context, obj: Any) -> Markup:
    return text_of(obj, _users(context))


@pass_context
def _mrkdwn_filter(context: Context, text: str) -> Markup:
    return mrkdwn(text, _users(context))


def _users(context: Context) -> Mapping[str, str]:
    snapshot = context.get("s")
    return snapshot.users if isinstance(snapshot, Snapshot) else {}


def when(moment: datetime) -> str:
    return f"{moment:%a} {moment.day} {moment:%b %Y, %H:%M}"


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters["mrkdwn"] = _mrkdwn_filter
    env.filters["text"] = _text_filter
    env.filters["when"] = when
    env.filters["weekdays"] = lambda days: "–".join(WEEKDAYS[d] for d in days)
    env.globals.update(
        BLOCK_TYPES=BLOCK_TYPES,
        ELEMENT_TYPES=ELEMENT_TYPES,
        HOME=HOME,
        MODAL=MODAL,
        MESSAGE=MESSAGE,
        EPHEMERAL=EPHEMERAL,
        USER_NAME=USER_NAME,
    )
    return env


def page(snapshot: Snapshot, version: int, nonce: str, token: str = "") -> str:
    """The whole page; `token` goes into every form, and the server checks it on every post."""
    return (
        environment()
        .get_template("page.html.j2")
        .render(s=snapshot, version=version, nonce=nonce, token=token)
    )
