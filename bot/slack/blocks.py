"""Small builders for Block Kit pieces that respect Slack's limits on lengths and counts."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from bot.core.typed_text import shown
from bot.slack.ids import Action
from bot.text import escape_mrkdwn, truncate

Block = dict[str, Any]

SECTION_TEXT_MAX = 3000
HEADER_MAX = 150
PLAIN_LABEL_MAX = 2000
BUTTON_TEXT_MAX = 75
OPTION_TEXT_MAX = 75
TITLE_MAX = 24
CONTEXT_ELEMENT_MAX = 2000
PLACEHOLDER_MAX = 150


def plain(text: str, limit: int = PLAIN_LABEL_MAX) -> dict[str, Any]:
    return {"type": "plain_text", "text": truncate(shown(text), limit) or " ", "emoji": True}


def mrkdwn(text: str, limit: int = SECTION_TEXT_MAX) -> dict[str, Any]:
    # verbatim: Slack must not turn a typed "@here" or a channel name into a live link.
    return {"type": "mrkdwn", "text": truncate(text, limit) or " ", "verbatim": True}


def header(text: str) -> Block:
    return {"type": "header", "text": plain(text, HEADER_MAX)}


def section(text: str, accessory: dict[str, Any] | None = None, block_id: str | None = None) -> Block:
    block: Block = {"type": "section", "text": mrkdwn(text)}
    if accessory:
        block["accessory"] = accessory
    if block_id:
        block["block_id"] = block_id
    return block


def sections(text: str) -> list[Block]:
    """Long text split over several sections at line breaks, each under the section limit."""
    chunks: list[str] = []
    current = ""
    for line in text.splitlines():
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > SECTION_TEXT_MAX and current:
            chunks.append(current)
            current = line
        else:
            current = candidate
    if current:
        chunks.append(current)
    return [section(chunk) for chunk in chunks]


def quoted(text: str) -> str:
    """Plain text (a draft someone may have edited) as a mrkdwn quote, escaped line by line."""
    return "\n".join(f">{escape_mrkdwn(shown(line))}" for line in text.splitlines())


def context(text: str) -> Block:
    return {"type": "context", "elements": [mrkdwn(text, CONTEXT_ELEMENT_MAX)]}


def divider() -> Block:
    return {"type": "divider"}


def button(
    text: str,
    action_id: str,
    value: str | None = None,
    style: str | None = None,
    confirm: dict[str, Any] | None = None,
) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "button", "text": plain(text, BUTTON_TEXT_MAX), "action_id": action_id}
    if value is not None:
        element["value"] = value
    if style:
        element["style"] = style
    if confirm:
        element["confirm"] = confirm
    return element


def confirm_dialog(title: str, text: str, yes: str, no: str = "Not now") -> dict[str, Any]:
    return {
        "title": plain(title, 100),
        "text": mrkdwn(text, 300),
        "confirm": plain(yes, 30),
        "deny": plain(no, 30),
    }


def actions(elements: list[dict[str, Any]], block_id: str | None = None) -> Block:
    block: Block = {"type": "actions", "elements": elements}
    if block_id:
        block["block_id"] = block_id
    return block


def option(text: str, value: str, description: str | None = None) -> dict[str, Any]:
    opt: dict[str, Any] = {"text": plain(text, OPTION_TEXT_MAX), "value": value}
    if description:
        opt["description"] = plain(description, OPTION_TEXT_MAX)
    return opt


def input_block(
    block_id: str, label: str, element: dict[str, Any], *, optional: bool = False, hint: str | None = None
) -> Block:
    block: Block = {
        "type": "input",
        "block_id": block_id,
        "label": plain(label),
        "element": element,
        "optional": optional,
    }
    if hint:
        block["hint"] = plain(hint)
    return block


def modal(
    callback_id: str,
    title: str,
    blocks: list[Block],
    *,
    submit: str | None = None,
    close: str = "Cancel",
    private_metadata: str = "",
) -> dict[str, Any]:
    view: dict[str, Any] = {
        "type": "modal",
        "callback_id": callback_id,
        "title": plain(title, TITLE_MAX),
        "close": plain(close, TITLE_MAX),
        "blocks": blocks,
        "private_metadata": private_metadata,
    }
    if submit:
        view["submit"] = plain(submit, TITLE_MAX)
    return view


# ---- input elements (each input block holds one, with the action id Action.INPUT) -------------
INPUT_MAX = 3000


def text_input(
    initial: str | None, max_length: int, multiline: bool = False, placeholder: str | None = None
) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": Action.INPUT,
        "multiline": multiline,
        "max_length": min(max_length, INPUT_MAX),
    }
    if initial:
        element["initial_value"] = initial[: min(max_length, INPUT_MAX)]
    if placeholder:
        element["placeholder"] = plain(placeholder, PLACEHOLDER_MAX)
    return element


def static_select(options: list[dict[str, Any]], initial: str | None, placeholder: str) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "static_select",
        "action_id": Action.INPUT,
        "options": options,
        "placeholder": plain(placeholder, PLACEHOLDER_MAX),
    }
    chosen = [o for o in options if o["value"] == initial]
    if chosen:
        element["initial_option"] = chosen[0]
    return element


def radio_buttons(options: list[dict[str, Any]], initial: str | None) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "radio_buttons", "action_id": Action.INPUT, "options": options}
    chosen = [o for o in options if o["value"] == initial]
    if chosen:
        element["initial_option"] = chosen[0]
    return element


def checkboxes(
    options: list[dict[str, Any]], initial: set[str], action_id: str = Action.INPUT
) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "checkboxes", "action_id": action_id, "options": options}
    chosen = [o for o in options if o["value"] in initial]
    if chosen:
        element["initial_options"] = chosen
    return element


def number_input(initial: int | None, minimum: int, maximum: int) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "number_input",
        "action_id": Action.INPUT,
        "is_decimal_allowed": False,
        "min_value": str(minimum),
        "max_value": str(maximum),
    }
    if initial is not None and minimum <= initial <= maximum:
        element["initial_value"] = str(initial)
    return element


def datepicker(initial: date | None) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "datepicker", "action_id": Action.INPUT}
    if initial:
        element["initial_date"] = initial.isoformat()
    return element


def timepicker(initial: time | None) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "timepicker", "action_id": Action.INPUT}
    if initial:
        element["initial_time"] = initial.strftime("%H:%M")
    return element


def input_ids(view: dict[str, Any]) -> list[str]:
    """The input blocks of a view, in the order they are shown."""
    return [blk["block_id"] for blk in view.get("blocks", []) if blk.get("type") == "input"]


def users_select(initial: str | None, placeholder: str) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "users_select",
        "action_id": Action.INPUT,
        "placeholder": plain(placeholder, PLACEHOLDER_MAX),
    }
    if initial:
        element["initial_user"] = initial
    return element


def multi_users_select(initial: list[str], placeholder: str, limit: int) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "multi_users_select",
        "action_id": Action.INPUT,
        "placeholder": plain(placeholder, PLACEHOLDER_MAX),
        "max_selected_items": limit,
    }
    if initial:
        element["initial_users"] = initial[:limit]
    return element
