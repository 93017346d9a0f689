"""A readable export of one case, sent to its owner by DM."""

from __future__ import annotations

from typing import Any

from bot.core.answers import ChangeKind, Method
from bot.core.schedule import zone
from bot.slack import blocks as b
from bot.slack.labels import local_time, status_label
from bot.storage.models import Case
from bot.text import copy, truncate

EXPORT = "export.md.j2"
MAX_BLOCKS = 50


def case_export(case: Case) -> dict[str, Any]:
    tz = zone(case.owner_tz)
    text = copy(EXPORT).export(
        case=case,
        status_label=status_label(case.status),
        change_label=ChangeKind(case.change_kind).label,
        method_label=Method(case.method).label,
        items=case.items,
        events=[(local_time(e.at, tz), e.detail) for e in case.events],
    )
    blocks = b.sections(text)
    if len(blocks) > MAX_BLOCKS:
        blocks = [*blocks[: MAX_BLOCKS - 1], b.context("The export was shortened to fit one message.")]
    return {"blocks": blocks, "text": truncate(copy(EXPORT).fallback(case), 3000)}
