"""The rehearsal modal: one client line at a time, then a calm way to answer it, what a good answer
does (ticked by the person), and what the checks saw; at the end, a summary and a next step."""

from __future__ import annotations

from typing import Any

from bot.copydeck import REHEARSAL
from bot.core.rehearsal import Finding, Progress, Summary
from bot.core.situations.common import talks
from bot.services.read_models import CaseView
from bot.services.rehearsal import ANSWER_MAX, Rehearsal
from bot.slack import blocks as b
from bot.slack.ids import Action, Block, Callback

MAX_BLOCKS = 100


def rehearse_button(case: CaseView) -> dict[str, Any]:
    return b.button(REHEARSAL.button(not talks(case.parsed_answers)), Action.REHEARSE, value=str(case.id))


def rehearsal_view(
    r: Rehearsal, progress: Progress, said: str | None = None, findings: tuple[Finding, ...] = ()
) -> dict[str, Any]:
    """The screen for `progress.turn`: the feedback on the answer just given (`said`, shown once
    and kept nowhere else), then the next client line to answer, or Finish after the last."""
    turns = r.script.turns
    total = len(turns)
    blocks: list[b.Block] = []
    if progress.turn == 0:
        blocks.append(b.section(REHEARSAL.intro(r.client, r.contact, r.written, total, r.script.notes)))
    else:
        before = turns[progress.turn - 1]
        blocks += [b.section(REHEARSAL.you_said()), *b.sections(b.quoted(said or ""))]
        blocks += [b.section(REHEARSAL.finding(f.check.value, f.phrases, r.script.notes)) for f in findings]
        blocks.append(b.section(REHEARSAL.coached(before.coached)))
        blocks.append(
            b.input_block(
                Block.REHEARSAL_RATINGS,
                REHEARSAL.ratings_label(),
                b.checkboxes([b.option(words, point.value) for point, words in before.points], set()),
                optional=True,
                hint=REHEARSAL.ratings_hint(),
            )
        )
        blocks.append(b.context(REHEARSAL.checks_note()))
    last = progress.turn >= total
    if not last:
        turn = turns[progress.turn]
        if progress.turn:
            blocks.append(b.divider())
        blocks.append(
            b.section(REHEARSAL.client_line(r.contact, r.client, turn.line, progress.turn + 1, total))
        )
        blocks.append(
            b.input_block(
                Block.REHEARSAL_ANSWER,
                REHEARSAL.answer_label(),
                b.text_input(None, ANSWER_MAX, multiline=True),
                hint=REHEARSAL.answer_hint(),
            )
        )
    return b.modal(
        Callback.REHEARSAL,
        REHEARSAL.title(),
        blocks[:MAX_BLOCKS],
        submit=REHEARSAL.submit(last),
        close="Stop",
        private_metadata=progress.encode(),
    )


def summary_view(r: Rehearsal, s: Summary, ticked: bool) -> dict[str, Any]:
    blocks = [
        b.section(REHEARSAL.summary(s, r.client, r.script.notes)),
        b.section(REHEARSAL.next_step(s, r.written, ticked)),
    ]
    return b.modal(Callback.REHEARSAL_DONE, REHEARSAL.summary_title(), blocks, close="Done")


def answer_missing() -> dict[str, str]:
    return {Block.REHEARSAL_ANSWER.value: REHEARSAL.answer_missing()}
