"""Closing a case checks its loose ends: what is still open is listed, and the owner closes anyway
or keeps it open; the endings ledger notes what was left open."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.core.checklist import is_loose_end
from bot.slack.ids import Action, Callback
from bot.storage.models import Case, LedgerRow
from tests.conftest import OWNER
from tests.flow import complete
from tests.harness import Bot, all_text, find_action
from tests.test_cases import click_in, close_anyway, open_from_home, the_case


def loose_end_form(bot: Bot) -> dict[str, Any]:
    return bot.fake.calls_to("views.push")[-1].args["view"]


def test_closing_with_loose_ends_lists_them_and_can_be_kept_open(bot: Bot) -> None:
    complete(bot, OWNER)  # ending: handover notes, data, access and the final invoice to settle
    view = open_from_home(bot)
    _, close = find_action(view, Action.CLOSE_CASE)
    assert "confirm" not in close  # the form below asks instead of a plain "are you sure?"
    click_in(bot, view, Action.CLOSE_CASE)
    form = loose_end_form(bot)
    assert form["callback_id"] == Callback.CLOSE_CONFIRM
    text = all_text(form)
    assert "Before you close Acme Ltd" in text
    assert "final invoice" in text.lower() and "data" in text.lower()
    assert (form["submit"]["text"], form["close"]["text"]) == ("Close it anyway", "Keep it open")
    assert the_case(bot).status == "open"  # kept open: nothing happens until they confirm


def test_closing_anyway_records_what_was_left_open(bot: Bot) -> None:
    complete(bot, OWNER)
    close_anyway(bot, open_from_home(bot))
    case = the_case(bot)
    assert case.status == "closed"
    with bot.db.session() as session:
        row = session.scalars(select(LedgerRow)).one()
    left = row.left_open.split(",")
    assert "transition_final_invoice" in left and "transition_return_data" in left
    assert left == [i.key for i in case.items if is_loose_end(i.key) and i.done_at is None]


def test_nothing_left_open_closes_at_once_and_the_ledger_says_so(bot: Bot) -> None:
    complete(bot, OWNER)
    with bot.db.session(write=True) as session:
        case = session.scalars(select(Case)).one()
        for item in case.items:
            if is_loose_end(item.key):
                item.done_at, item.done_by = bot.clock(), OWNER
    view = open_from_home(bot)
    _, close = find_action(view, Action.CLOSE_CASE)
    assert "confirm" in close  # only the plain question
    pushes = len(bot.fake.calls_to("views.push"))
    click_in(bot, view, Action.CLOSE_CASE)
    assert len(bot.fake.calls_to("views.push")) == pushes
    assert the_case(bot).status == "closed"
    with bot.db.session() as session:
        assert session.scalars(select(LedgerRow)).one().left_open == ""
