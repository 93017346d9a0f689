"""The judgement questions on the flow's change step (bot/core/judgement.py): the cause, money
owed, their work product, the cure period, how notice is served, and unserved notice. Each is
shown only in the situations that ask it; their words are in templates/judgement.txt.j2."""

from __future__ import annotations

from typing import Any

from bot.core.answers import Answers
from bot.core.situations import Need, Situation
from bot.slack import blocks as b
from bot.slack.ids import Block
from bot.text import template_module

CHANGE_FIELDS = ("cause_kind", "balance", "work_product", "cure_period", "serve_notice", "unserved_notice")
TEXT_FIELDS = frozenset({"serve_notice", "sponsor"})
TEXT_MAX = 300


def judgement_blocks(a: Answers, s: Situation, names: tuple[str, ...] = CHANGE_FIELDS) -> list[b.Block]:
    words = template_module("judgement.txt.j2")
    out: list[b.Block] = []
    for name in names:
        need = s.need(name)
        if need is None:
            continue
        if name in TEXT_FIELDS:
            element = b.text_input(getattr(a, name), TEXT_MAX)
        else:
            chosen = getattr(a, name)
            options = [b.option(text, value, detail) for value, text, detail in words.options[name]]
            element = b.radio_buttons(options, chosen.value if chosen is not None else None)
        hint: Any = str(words.hint_for(name)) or None
        out.append(
            b.input_block(
                Block(name),
                str(words.label_for(name)),
                element,
                optional=need is not Need.REQUIRED,
                hint=hint,
            )
        )
    return out
