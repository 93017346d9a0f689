"""Closing a case that still has loose ends: what is open, and the choice to close or keep it."""

from __future__ import annotations

from typing import Any

from bot.copydeck import CASE
from bot.services.read_models import CaseView
from bot.slack import blocks as b
from bot.slack.case_views import CaseMeta
from bot.slack.ids import Callback

MAX_LISTED = 30  # titles in one section stay well under Slack's 3,000 characters


def close_view(case: CaseView, titles: list[str]) -> dict[str, Any]:
    text = CASE.close_loose_ends(case.client_name, titles[:MAX_LISTED])
    return b.modal(
        Callback.CLOSE_CONFIRM,
        "Close this case?",
        b.sections(text),
        submit="Close it anyway",
        close="Keep it open",
        private_metadata=CaseMeta(case.id).encode(),
    )
