"""The answer check in the flow and on a case, over signed requests: a hint under the field with a
suggested rewrite, the same text kept when submitted again, and repairs made and shown."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.core.answers import SituationKey
from bot.core.steps import StepId
from bot.slack.ids import Action, Callback
from bot.storage.models import Case, Draft
from tests.conftest import OWNER
from tests.flow import advance, walk_to
from tests.harness import Bot, all_text, state_from_view
from tests.test_cases import click_in, open_from_home


def _errors(response: Any) -> dict[str, str]:
    data = response.json or {}
    assert data.get("response_action") == "errors", response.text
    return dict(data["errors"])


def test_a_third_person_reason_is_hinted_then_kept_and_repairs_are_shown(bot: Bot) -> None:
    modal = walk_to(bot, OWNER, StepId.CHANGE, situation=SituationKey.FOR_CAUSE, contact_name="jess moran")
    typed = {
        "reason": "They have refused to pay invoices 1042 and 1057..",
        "clause": "clause 14.2 (material breach).",
    }
    errors = _errors(advance_raw(modal, typed))
    assert set(errors) == {"reason"}
    assert "Perhaps: “You have refused to pay invoices 1042 and 1057.”" in errors["reason"]
    assert "submit again to keep it" in errors["reason"]

    advance(modal, SituationKey.FOR_CAUSE, typed)  # the same text again: kept as typed
    shown = all_text(modal.view)
    assert "Tidied in the drafts" in shown and "a closing full stop" in shown
    assert "a doubled full stop" in shown
    with bot.db.session() as session:  # stored as typed; the drafts quote it repaired
        stored = session.scalars(select(Draft)).one().answers
    assert stored["reason"] == typed["reason"] and stored["clause"] == typed["clause"]


def test_a_rewrite_taken_from_the_hint_passes_at_once(bot: Bot) -> None:
    modal = walk_to(bot, OWNER, StepId.CHANGE, situation=SituationKey.WE_END)
    errors = _errors(advance_raw(modal, {"reason": "Because we're winding down the retail practice."}))
    assert "Perhaps: “We're winding down the retail practice.”" in errors["reason"]
    advance(modal, SituationKey.WE_END, {"reason": "We're winding down the retail practice."})
    assert modal.step is not StepId.CHANGE


def test_a_note_to_self_among_the_referrals_is_hinted_on_its_own_field(bot: Bot) -> None:
    modal = walk_to(bot, OWNER, StepId.ONWARD, situation=SituationKey.WE_END)
    errors = _errors(advance_raw(modal, {"referral_1": "ask Sarah for the third name"}))
    assert set(errors) == {"referral_1"} and "note to yourself" in errors["referral_1"]


def test_an_edited_draft_with_a_placeholder_is_hinted_then_saved_on_the_second_save(bot: Bot) -> None:
    modal = walk_to(bot, OWNER, StepId.REVIEW)
    assert modal.submit({"talking_points": "Open with thanks.\nSay it plainly."}).status == 200
    with bot.db.session() as session:
        case_id = session.scalars(select(Case.id)).one()
    click_in(bot, open_from_home(bot), Action.EDIT_DRAFTS)
    form = next(v for v in bot.fake.views.values() if v.get("callback_id") == Callback.EDIT_DRAFTS)
    typed = {"talking_points": "Open with thanks. say it plainly, on TBC."}
    first = bot.submit_view(form, state_from_view(form, typed))
    assert "“TBC”" in _errors(first)["talking_points"]
    second = bot.submit_view(form, state_from_view(form, typed))
    assert (second.json or {}).get("response_action") != "errors", second.text
    with bot.db.session() as session:
        assert session.get(Case, case_id).drafts["talking_points"] == typed["talking_points"]  # type: ignore[union-attr]


def advance_raw(modal: Any, typed: dict[str, Any]) -> Any:
    """Submit this step with its sample answers and `typed` over them, whatever the answer."""
    from tests.flow import typed_for

    assert modal.step is not None
    situation = SituationKey(modal.bot.fake.views and _situation_of(modal))
    return modal.submit(typed_for(modal, situation, typed))


def _situation_of(modal: Any) -> str:
    from bot.core.answers import Answers

    with modal.bot.db.session() as session:
        draft = session.scalars(select(Draft)).one()
        return str(Answers.from_json(draft.answers).situation)
