"""The client has been told: on the planned day or another. Every way of saying so (the "Did you
tell them?" DM, a nudge's Done, the case view, the checklist, logging their response) comes here,
so the follow-ups start from the day it really happened."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time

from bot.core.checklist import ItemKey, Phase, due_once_told
from bot.core.plan import build_plan
from bot.core.schedule import zone
from bot.deps import Deps
from bot.storage import cases as case_store
from bot.storage.models import Case

# Items that come after the telling: their due dates are counted again from the real day.
AFTER_TELLING = (Phase.FOLLOW_UP, Phase.TRANSITION, Phase.CLOSE)
TOLD_AT_HOUR = 12  # a day picked in the past is recorded at midday in the owner's zone


def record_told(case: Case, actor_id: str, now: datetime, deps: Deps, on: date | None = None) -> bool:
    """Mark the client told (on `on`, today when None): the Tell and Book items are ticked (by
    letter only, the confirmation too) and the items that follow are due counted from that day.
    False if they had already been told."""
    tz = zone(case.owner_tz)
    today = now.astimezone(tz).date()
    day = min(on or today, today)
    at = now if day == today else datetime.combine(day, time(TOLD_AT_HOUR), tz)
    if not case_store.mark_told(case, actor_id, at):
        return False
    a = case_store.answers_of(case)
    letter = a.method is not None and not a.method.is_personal
    # By letter only, the letter that told them is the written confirmation (and the formal notice).
    sent = [ItemKey.CONFIRM, ItemKey.WRITTEN_NOTICE] if letter else []
    case_store.tick(case, [ItemKey.BOOK, *sent], actor_id, at)
    _count_from(case, day, today, deps)
    return True


def _count_from(case: Case, told_on: date, today: date, deps: Deps) -> None:
    a = case_store.answers_of(case)
    if not (a.situation and a.effective_date and a.tenure and a.method and a.conversation_date):
        return
    calendar = deps.calendar()
    plan = build_plan(replace(a, conversation_date=told_on), today, calendar)
    for item in case.items:
        if item.done_at is not None or item.phase not in AFTER_TELLING:
            continue
        due = plan.due_of(item.key)
        if due is not None:
            item.due_date = due_once_told(item.key, item.due_date, due, told_on)
