"""A late telling counts the follow-ups again from the real day, but never past a date the talking
points gave the client that is still ahead of the telling."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.checklist import TRANSITION_PREFIX, ItemKey, due_once_told

TOLD = date(2026, 12, 8)


@pytest.mark.parametrize("key", [ItemKey.CONFIRM, ItemKey.SEND_REFERRALS, f"{TRANSITION_PREFIX}access"])
def test_a_spoken_date_still_ahead_of_the_telling_holds(key: str) -> None:
    assert due_once_told(key, date(2026, 12, 9), date(2026, 12, 11), TOLD) == date(2026, 12, 9)
    assert due_once_told(key, TOLD, date(2026, 12, 11), TOLD) == TOLD


@pytest.mark.parametrize("key", [ItemKey.CONFIRM, ItemKey.SEND_REFERRALS])
def test_a_spoken_date_gone_by_or_later_than_needed_is_counted_again(key: str) -> None:
    assert due_once_told(key, date(2026, 12, 7), date(2026, 12, 9), TOLD) == date(2026, 12, 9)
    # Told earlier than planned: the nudge comes sooner, counted from the telling.
    assert due_once_told(key, date(2026, 12, 15), date(2026, 12, 11), TOLD) == date(2026, 12, 11)


@pytest.mark.parametrize("key", [ItemKey.ASK_FEELINGS, ItemKey.RESOLVE_CONCERNS, ItemKey.THANK_YOU_NOTE])
def test_what_was_not_promised_a_date_counts_from_the_telling(key: str) -> None:
    assert due_once_told(key, date(2026, 12, 9), date(2026, 12, 11), TOLD) == date(2026, 12, 11)
