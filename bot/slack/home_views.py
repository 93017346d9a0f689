"""The App Home tab: the owner's cases at a glance."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from bot.core.calendar import WorkCalendar
from bot.core.notice import notice_status
from bot.slack import blocks as b
from bot.slack.ids import Action, Block
from bot.slack.labels import status_label
from bot.storage.models import Case, ChecklistItem
from bot.text import copy

HOME = "home.md.j2"
MAX_LISTED = 40  # two blocks each, within the 100-block limit with room for the rest


def home_view(
    active: Sequence[Case],
    next_items: Mapping[int, ChecklistItem],
    total_active: int,
    closed: Sequence[Case],
    today: date,
    calendar: WorkCalendar,
) -> dict[str, Any]:
    """`active` holds the first MAX_LISTED cases in progress, `next_items` each one's next open
    checklist item by case id; `total_active` counts them all."""
    blocks: list[b.Block] = [
        b.header("Your client endings"),
        b.section(
            copy(HOME).intro(count=total_active),
            accessory=b.button("Start a new case", Action.NEW_CASE, style="primary"),
        ),
        b.divider(),
    ]
    for case in active[:MAX_LISTED]:
        state = notice_status(case.notify_by, today, calendar).state.value
        blocks.append(
            b.section(
                copy(HOME).case_summary(
                    case=case,
                    status_label=status_label(case.status),
                    next_item=next_items.get(case.id),
                    notify_state=state,
                ),
                accessory=b.button("Open", Action.OPEN_CASE, value=str(case.id)),
                block_id=f"{Block.HOME_CASE_PREFIX}{case.id}",
            )
        )
    if total_active > MAX_LISTED:
        blocks.append(b.context(copy(HOME).more_cases(total_active - MAX_LISTED)))
    if closed:
        blocks.append(b.divider())
        blocks.append(b.section("*Recently closed*"))
        lines = "\n".join(copy(HOME).closed_line(case=c, status_label=status_label(c.status)) for c in closed)
        blocks.append(b.context(lines))
    return {"type": "home", "blocks": blocks}
