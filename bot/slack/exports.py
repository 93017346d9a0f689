"""A readable export of one case, sent to its owner by DM."""

from __future__ import annotations

from typing import Any

from bot.copydeck import EXPORT
from bot.core.kinds import DraftKind
from bot.core.plan import contract_notice
from bot.core.schedule import zone
from bot.core.situations import situation_of
from bot.services.cases import CaseSnapshot
from bot.slack import blocks as b
from bot.slack.flow_views import draft_label
from bot.slack.labels import label_of, notice_words, status_label
from bot.text import truncate

MAX_BLOCKS = 50


def case_export(snap: CaseSnapshot) -> dict[str, Any]:
    case, a = snap.case, snap.answers
    tz = zone(case.owner_tz)
    situation = situation_of(case.situation)
    labels = {
        "situation": label_of(case.situation),
        "status": status_label(case.status, case.situation),
        "method": label_of(a.method) if a.method else "",
        "contract": notice_words(contract_notice(a)),
    }
    drafts = [
        (draft_label(kind, situation), case.drafts[kind.value])
        for kind in DraftKind
        if kind.value in case.drafts
    ]
    text = EXPORT.export(
        case=case,
        a=a,
        labels=labels,
        drafts=drafts,
        items=case.items,
        events=[(e.at.astimezone(tz).strftime("%a %d %b %Y, %H:%M"), e.detail) for e in case.events],
    )
    blocks = b.sections(text)
    if len(blocks) > MAX_BLOCKS:
        blocks = [*blocks[: MAX_BLOCKS - 1], b.context("The export was shortened to fit one message.")]
    return {"blocks": blocks, "text": truncate(EXPORT.fallback(case), 3000)}
