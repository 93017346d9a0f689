"""A price or payment change: which of the two it is shapes its words, and the client's budget
shapes when to tell them."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.copydeck import reactions
from bot.core.answers import Month, PriceChangeKind, SituationKey
from bot.core.kinds import DraftKind
from bot.core.plan import budget_deadline, build_plan, suggested_notify_by
from bot.core.steps import StepId
from bot.drafting import final_drafts
from bot.holiday_calendar import calendar_for
from tests.conftest import OWNER
from tests.flow import walk_to
from tests.harness import Bot, all_text, find_block
from tests.situations import answers_for
from tests.test_core_plan import CAL, SIGNED, TODAY, answers

ENGLAND = calendar_for("GB", TODAY, "ENG")


def price_change(**overrides: object) -> Any:
    return answers(SituationKey.PRICE_CHANGE, change_kind=PriceChangeKind.PRICE, **overrides)


def test_a_budget_set_before_the_change_is_told_before_it_outside_the_season() -> None:
    a = price_change(budget_month=Month.JANUARY)  # the change takes effect on Fri 26 Feb 2027
    # The last good working day before 1 January: 24 December to 1 January is England's season.
    assert budget_deadline(a, TODAY, ENGLAND) == date(2026, 12, 23)
    assert suggested_notify_by(a, TODAY, ENGLAND) == date(2026, 12, 23)
    # A budget set after the change (or not given) changes nothing.
    for later in (price_change(budget_month=Month.APRIL), price_change()):
        assert budget_deadline(later, TODAY, ENGLAND) is None
        assert suggested_notify_by(later, TODAY, ENGLAND) == suggested_notify_by(
            price_change(), TODAY, ENGLAND
        )
    # A budget month that has begun: next year's, after the change.
    assert budget_deadline(price_change(budget_month=Month.DECEMBER), TODAY, ENGLAND) is None


def test_a_payment_change_has_its_own_reactions_talking_points_and_letter() -> None:
    reason = "From 26 February we can no longer accept cheques; please pay by bank transfer."
    paying = answers(SituationKey.PRICE_CHANGE, change_kind=PriceChangeKind.PAYMENT, reason=reason)
    drafts = final_drafts(paying, build_plan(paying, TODAY, CAL), SIGNED)
    points, letter = drafts[DraftKind.TALKING_POINTS], drafts[DraftKind.CONFIRMATION]
    assert "Explain the value" not in points and "what does not change: the price" in points
    assert letter.startswith("Subject: Confirming the change to how you pay us")
    assert "What you pay does not change" in letter
    said = [reaction for reaction, _ in reactions(SituationKey.PRICE_CHANGE, paying)]
    assert "“That’s too much.”" not in said and "“Others charge less.”" not in said
    assert "“Is this a price rise by another name?”" in said
    # A price rise keeps its own.
    rise = price_change()
    assert "“That’s too much.”" in [r for r, _ in reactions(SituationKey.PRICE_CHANGE, rise)]
    rise_drafts = final_drafts(rise, build_plan(rise, TODAY, CAL), SIGNED)
    assert "Explain the value" in rise_drafts[DraftKind.TALKING_POINTS]
    assert "how you pay us" not in rise_drafts[DraftKind.CONFIRMATION]


def test_the_flow_asks_what_changes_and_when_their_budget_is_set(
    fake: Any, database_url: str, clock: Any
) -> None:
    england = Bot(fake, database_url, clock, HOLIDAY_COUNTRY="GB-ENG")
    try:
        modal = walk_to(england, OWNER, StepId.CHANGE, situation=SituationKey.PRICE_CHANGE)
        assert find_block(modal.view, "change_kind") and find_block(modal.view, "budget_month")
        change = answers_for(SituationKey.PRICE_CHANGE, StepId.CHANGE)
        missing = modal.submit({**change, "change_kind": None})
        assert "Pick what changes" in missing.json["errors"]["change_kind"]
        response = modal.submit({**change, "budget_month": "1"})
        assert response.json["response_action"] == "update", response.text
        text = all_text(modal.view)
        assert modal.step is StepId.NOTICE
        assert "Their budget is set in *January*: tell them by" in text and "Wed 23 Dec 2026" in text
        assert find_block(modal.view, "notify_by")["element"]["initial_date"] == "2026-12-23"
    finally:
        england.close()
