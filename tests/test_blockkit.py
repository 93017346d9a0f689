"""The quick schema check (fastjsonschema) passes exactly what the full one (jsonschema) passes:
every view and message in the suite is judged by the quick one first, so a document it let
through wrongly would never be judged in full."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from bot.slack.flow_views import opening_view
from bot.slack.messages import help_message
from tests.blockkit import fast_accepts, full_errors

MODAL = "#/$defs/modal_view"
BLOCKS = ""

Mutation = Callable[[dict[str, Any]], None]


def _first_block(document: dict[str, Any]) -> dict[str, Any]:
    return document["blocks"][0]


MUTATIONS: dict[str, Mutation] = {
    "unknown block type": lambda d: _first_block(d).update(type="carousel"),
    "block without a type": lambda d: _first_block(d).pop("type"),
    "unknown property on a block": lambda d: _first_block(d).update(colour="red"),
    "block_id over 255 characters": lambda d: _first_block(d).update(block_id="b" * 256),
    "section text over 3,000 characters": lambda d: d["blocks"].insert(
        0, {"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}
    ),
    "button value over 2,000 characters": lambda d: d["blocks"].append(
        {
            "type": "actions",
            "elements": [
                {"type": "button", "text": {"type": "plain_text", "text": "Go"}, "value": "v" * 2001}
            ],
        }
    ),
    "actions block with no elements": lambda d: d["blocks"].append({"type": "actions", "elements": []}),
    "mrkdwn where plain text is required": lambda d: d["blocks"].append(
        {
            "type": "actions",
            "elements": [{"type": "button", "text": {"type": "mrkdwn", "text": "Go"}, "action_id": "a"}],
        }
    ),
}
MODAL_ONLY: dict[str, Mutation] = {
    "title over 24 characters": lambda d: d["title"].update(text="t" * 25),
    "more than 100 blocks": lambda d: d.update(blocks=d["blocks"] * 101),
    "no title": lambda d: d.pop("title"),
    "input block without a label": lambda d: d["blocks"].append(
        {"type": "input", "element": {"type": "plain_text_input", "action_id": "a"}}
    ),
}


def documents() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        ("modal", MODAL, opening_view("Acme Ltd")),
        ("message blocks", BLOCKS, {"blocks": help_message()["blocks"]}),
    ]


def _judged(ref: str, document: dict[str, Any]) -> Any:
    return document if ref == MODAL else document["blocks"]


@pytest.mark.parametrize(
    ("name", "ref", "document"), documents(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_both_checks_pass_what_the_bot_sends(name: str, ref: str, document: dict[str, Any]) -> None:
    assert full_errors(ref, _judged(ref, document)) == []
    assert fast_accepts(ref, _judged(ref, document))


@pytest.mark.parametrize("mutation", [*MUTATIONS, *MODAL_ONLY])
def test_both_checks_refuse_what_slack_would_refuse(mutation: str) -> None:
    cases = [(ref, doc) for _, ref, doc in documents() if mutation in MUTATIONS or ref == MODAL]
    for ref, document in cases:
        broken = copy.deepcopy(document)
        (MUTATIONS | MODAL_ONLY)[mutation](broken)
        assert full_errors(ref, _judged(ref, broken)) != [], f"{mutation}: the full check passed it"
        assert not fast_accepts(ref, _judged(ref, broken)), f"{mutation}: the quick check passed it"
