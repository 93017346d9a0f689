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

CHOICE_FIELDS = ("cause_kind", "balance", "work_product", "cure_period", "unserved_notice")
TEXT_MAX = 300


def judgement_blocks(a: Answers, s: Situation) -> list[b.Block]:
    words = template_module("judgement.txt.j2")
    out: list[b.Block] = []
    for name in (*CHOICE_FIELDS[:4], "serve_notice", CHOICE_FIELDS[4]):
        need = s.need(name)
        if need is None:
            continue
        if name == "serve_notice":
            element = b.text_input(a.serve_notice, TEXT_MAX)
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
