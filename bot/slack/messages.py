"""Ephemeral replies and DMs that are not reminders: help, the list, the plan's summary, apologies."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.copydeck import MESSAGES, situation_text
from bot.services.read_models import CaseView
from bot.slack import blocks as b
from bot.slack.calendar_offer import calendar_blocks
from bot.slack.ids import COMMAND, Action, Block
from bot.slack.labels import status_label
from bot.slack.rehearsal_views import rehearse_button

LISTED = 40
TEXT_MAX = 3000

Message = dict[str, Any]


def _message(blocks: list[b.Block], text: str) -> Message:
    return {"blocks": blocks, "text": b.truncate(text, TEXT_MAX)}


def help_message() -> Message:
    return _message([b.section(MESSAGES.help(COMMAND))], "How Endings Coach works")


def list_message(cases: Sequence[CaseView], total: int) -> Message:
    blocks = [b.section(MESSAGES.list_intro(total))]
    for case in cases[:LISTED]:
        blocks.append(
            b.section(
                MESSAGES.list_line(
                    case=case, status_label=status_label(case.status, case.situation), tz=case.owner_tz
                ),
                accessory=b.button("Open", Action.OPEN_CASE, value=str(case.id)),
            )
        )
    if total > len(cases):
        blocks.append(b.context(MESSAGES.list_more(total - len(cases))))
    return _message(blocks, f"Your cases in progress: {total}")


def unknown_subcommand(text: str, suggestion: str) -> Message:
    body = MESSAGES.unknown_subcommand(text, suggestion, COMMAND)
    return _message([b.section(body)], f"Did you mean {COMMAND} {suggestion}?")


def plan_ready(case: CaseView) -> Message:
    heading = situation_text(case.situation).heading(case.client_name)
    blocks = [
        b.section(
            MESSAGES.plan_ready(case, heading, case.owner_tz),
            accessory=b.button("Open case", Action.OPEN_CASE, value=str(case.id)),
        ),
        b.actions([rehearse_button(case)], block_id=Block.REHEARSE_OFFER),
        *calendar_blocks(case),
    ]
    return _message(blocks, MESSAGES.plan_ready_fallback(case))


def unknown_person_message() -> Message:
    return _message([b.section(MESSAGES.unknown_person())], "Sorry, I could not tell who you are.")


def apology(reference: str) -> Message:
    return _message([b.section(MESSAGES.apology(reference))], "Sorry, something went wrong.")
