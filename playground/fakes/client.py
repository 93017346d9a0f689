"""What Slack's client sends back: the state of a view's inputs as a person left them, and the
signature on every request Slack makes to an app."""

from __future__ import annotations

import hashlib
import hmac
import re
from typing import Any


def sign(body: bytes, timestamp: int, secret: str) -> str:
    """Slack's request signature: `v0=` and the hex HMAC-SHA256 of `v0:{timestamp}:{body}`."""
    base = f"v0:{timestamp}:".encode() + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def _option(element: dict[str, Any], value: str | None) -> dict[str, Any] | None:
    for opt in element.get("options", []):
        if opt["value"] == value:
            return {"text": opt["text"], "value": opt["value"]}
    return None


def state_from_view(view: dict[str, Any], answers: dict[str, Any] | None = None) -> dict[str, Any]:
    """`state.values` as Slack would send it: what the view shows, with `answers` typed over it."""
    answers = answers or {}
    values: dict[str, Any] = {}
    for block in view.get("blocks", []):
        if block.get("type") != "input":
            continue
        element = block["element"]
        kind = element["type"]
        block_id = block["block_id"]
        given = answers.get(block_id, ...)
        state: dict[str, Any] = {"type": kind}
        if kind in ("plain_text_input", "number_input"):
            state["value"] = element.get("initial_value") if given is ... else given
        elif kind == "datepicker":
            state["selected_date"] = element.get("initial_date") if given is ... else given
        elif kind == "timepicker":
            state["selected_time"] = element.get("initial_time") if given is ... else given
        elif kind in ("static_select", "radio_buttons"):
            state["selected_option"] = (
                element.get("initial_option") if given is ... else _option(element, given)
            )
        elif kind == "checkboxes":
            state["selected_options"] = (
                element.get("initial_options", [])
                if given is ...
                else [o for v in given if (o := _option(element, v))]
            )
        values[block_id] = {element["action_id"]: state}
    return values


def find_block(view_or_message: dict[str, Any], block_id: str) -> dict[str, Any]:
    for block in view_or_message.get("blocks", []):
        if block.get("block_id") == block_id:
            return block
    raise AssertionError(f"no block {block_id!r}")


def find_action(blocks_holder: dict[str, Any], action_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The element with `action_id` and the block it sits in."""
    for block in blocks_holder.get("blocks", []):
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            if element.get("action_id") == action_id:
                return block, element
        accessory = block.get("accessory")
        if accessory and accessory.get("action_id") == action_id:
            return block, accessory
    raise AssertionError(f"no element with action_id {action_id!r}")


SLACK_DATE = re.compile(r"<!date\^\d+\^[^|>]*\|([^>]*)>")


def all_text(holder: dict[str, Any], *, raw: bool = False) -> str:
    """Every string inside a view or message, for asserting what a person would read: Slack's date
    tokens read as their fallback text (the reader's client formats the same day); `raw` keeps them."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "text" and isinstance(value, str):
                    out.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(holder.get("blocks", []))
    text = "\n".join(out)
    return text if raw else SLACK_DATE.sub(r"\1", text)
