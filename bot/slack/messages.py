"""Messages the app sends: ephemeral replies and DMs. Each carries a plain `text` fallback."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.slack import blocks as b
from bot.slack.ids import COMMAND, Action
from bot.slack.labels import status_label
from bot.storage.models import Case
from bot.text import copy

MESSAGES = "messages.md.j2"
LISTED = 40
TEXT_MAX = 3000

Message = dict[str, Any]


def _message(blocks: list[b.Block], text: str) -> Message:
    return {"blocks": blocks, "text": b.truncate(text, TEXT_MAX)}


def help_message() -> Message:
    text = copy(MESSAGES).help(COMMAND)
    return _message([b.section(text)], "How Endings Coach works")


def list_message(cases: Sequence[Case], total: int) -> Message:
    blocks = [b.section(copy(MESSAGES).list_intro(total))]
    for case in cases[:LISTED]:
        blocks.append(
            b.section(
                copy(MESSAGES).list_line(case=case, status_label=status_label(case.status)),
                accessory=b.button("Open", Action.OPEN_CASE, value=str(case.id)),
            )
        )
    if total > len(cases):
        blocks.append(b.context(copy(MESSAGES).list_more(total - len(cases))))
    return _message(blocks, f"Your endings in progress: {total}")


def unknown_subcommand(text: str, suggestion: str) -> Message:
    body = copy(MESSAGES).unknown_subcommand(text, suggestion, COMMAND)
    return _message([b.section(body)], f"Did you mean {COMMAND} {suggestion}?")


def plan_ready(case: Case) -> Message:
    blocks = [
        b.section(
            copy(MESSAGES).plan_ready(case),
            accessory=b.button("Open case", Action.OPEN_CASE, value=str(case.id)),
        )
    ]
    return _message(blocks, copy(MESSAGES).plan_ready_fallback(case))


def apology(reference: str) -> Message:
    return _message([b.section(copy(MESSAGES).apology(reference))], "Sorry, something went wrong.")
