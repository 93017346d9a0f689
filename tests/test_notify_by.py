"""The plan's notify-by date, the one every notice nudge and the working days left count from: the
date the owner chose, else the suggested one; the conversation itself when the client is the one
giving notice."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.answers import SituationKey
from bot.core.plan import build_plan, suggested_notify_by
from tests.test_core_plan import CAL, TODAY, answers


@pytest.mark.parametrize("chosen", [date(2027, 1, 15), date(2027, 1, 27), TODAY])
def test_the_plan_keeps_the_date_the_owner_chose(chosen: date) -> None:
    conversation = min(chosen, date(2027, 1, 15))
    plan = build_plan(answers(notify_by=chosen, conversation_date=conversation), TODAY, CAL)
    assert plan.notify_by == chosen


def test_without_a_chosen_date_the_plan_takes_the_suggested_one() -> None:
    a = answers(notify_by=None)
    suggested = suggested_notify_by(a, TODAY, CAL)
    assert build_plan(a, TODAY, CAL).notify_by == suggested == date(2027, 1, 15)


def test_when_the_client_gives_notice_the_date_is_the_conversation() -> None:
    a = answers(SituationKey.CLIENT_LEAVES, conversation_date=date(2027, 2, 12))
    assert build_plan(a, TODAY, CAL).notify_by == date(2027, 2, 12)
