"""Rehearse it, over signed HTTP against the fake Slack: a whole round for every situation from the
case (pushed over it, each answer answered in place), from the plan's DM and from the booking nudge
(opened); the checks shown where they see something; the checklist's "rehearse it" ticked; the
round in the case's history without a word typed; and the ledger's "rehearsed before telling them"."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, text

from bot.core.answers import SituationKey
from bot.core.case_states import EventKind
from bot.core.checklist import ItemKey
from bot.core.kinds import ReminderKind
from bot.core.rehearsal import Point
from bot.slack.case_views import CaseMeta
from bot.slack.ids import Action, Block, Callback
from bot.storage.models import Case, LedgerRow
from tests.conftest import OTHER, OWNER
from tests.flow import Modal, complete
from tests.harness import Bot, all_text, find_action, state_from_view
from tests.test_cases import click_in, close_anyway, open_from_home, the_case

GOOD = "I understand, and I'm sorry it lands this way. The decision is made. Here is what happens next."
# Typed loosely, as people type: no apostrophes, lowercase.
BAD = "maybe we could reconsider. thats not true, you never told us. ill make sure you get a refund"
SECRET = "zebra-lantern"  # a word only the typed answers hold, to look for in storage


def rehearsal_modal(bot: Bot) -> Modal:
    view_id = list(bot.fake.views)[-1]
    modal = Modal(bot, view_id, OWNER)
    assert modal.callback_id == Callback.REHEARSAL, all_text(modal.view)
    return modal


def play(
    bot: Bot, modal: Modal, answer: str = GOOD, tick: tuple[str, ...] | None = None
) -> list[dict[str, Any]]:
    """Answer every client line, ticking `tick` (every point when None) on each feedback screen;
    returns each screen as shown, the summary last."""
    screens = [modal.view]
    while modal.callback_id == Callback.REHEARSAL:
        ratings = next(
            (b for b in modal.view["blocks"] if b.get("block_id") == Block.REHEARSAL_RATINGS), None
        )
        typed: dict[str, Any] = {Block.REHEARSAL_ANSWER.value: f"{answer} {SECRET}"}
        if ratings is not None:
            offered = [o["value"] for o in ratings["element"]["options"]]
            typed[Block.REHEARSAL_RATINGS.value] = (
                offered if tick is None else [v for v in offered if v in tick]
            )
        response = modal.submit(typed)
        assert response.status == 200, response.text
        assert response.json["response_action"] == "update", response.text
        screens.append(modal.view)
    assert modal.callback_id == Callback.REHEARSAL_DONE
    return screens


@pytest.mark.parametrize("situation", list(SituationKey))
def test_a_round_is_played_from_the_case_for_every_situation(bot: Bot, situation: SituationKey) -> None:
    complete(bot, OWNER, situation=situation)
    case_modal = open_from_home(bot)
    pushes = len(bot.fake.calls_to("views.push"))
    click_in(bot, case_modal, Action.REHEARSE)
    assert len(bot.fake.calls_to("views.push")) == pushes + 1  # on top of the case
    modal = rehearsal_modal(bot)
    assert modal.view["previous_view_id"] == case_modal["id"]
    screens = play(bot, modal)
    lines = [s for s in screens if any(b.get("block_id") == Block.REHEARSAL_ANSWER for b in s["blocks"])]
    assert len(lines) == 5  # how they take the news, then four hard moments
    first = all_text(screens[0])
    assert "Nothing you type is kept" in first and "Sam Harlow" in first and "1 of 5" in first
    for screen in screens[1:-1]:
        shown = all_text(screen)
        assert "You said:" in shown and SECRET in shown and "One calm way to say it" in shown
        assert "It may sound" not in shown and "A promise to weigh" not in shown  # a good answer
    # The answer is answered in place: one modal stack, never deeper than the case and the round.
    assert [v["id"] for v in bot.fake.stack_of(modal.view_id)] == [case_modal["id"], modal.view_id]
    summary = all_text(screens[-1])
    assert "You rehearsed it" in summary and "no wobble, no argument and no new promise" in summary
    assert "Acknowledged the feeling: 5 of 5" in summary
    # Underneath, the case shows "rehearse it" ticked and the round in its history.
    case = the_case(bot)
    item = next(i for i in case.items if i.key == ItemKey.REHEARSE)
    assert item.done_at is not None and item.done_by == OWNER
    assert bot.fake.views[case_modal["id"]]["callback_id"] == Callback.CASE
    assert "Rehearsed the conversation" in all_text(bot.fake.views[case_modal["id"]])
    (event,) = [e for e in case.events if e.kind == EventKind.REHEARSED]
    assert event.detail.startswith("Rehearsed the conversation: 5 answers")


def test_finish_pressed_twice_records_the_round_once_and_a_new_round_again(bot: Bot) -> None:
    complete(bot, OWNER, situation=SituationKey.WE_END)

    def finish_twice() -> None:
        click_in(bot, open_from_home(bot), Action.REHEARSE)
        modal = rehearsal_modal(bot)
        while modal.view["submit"]["text"] != "Finish":
            modal.submit({Block.REHEARSAL_ANSWER.value: GOOD})
            bot.clock.advance(timedelta(seconds=20))
        last, typed = modal.view, {Block.REHEARSAL_RATINGS.value: [Point.ACKNOWLEDGE.value]}
        for _ in range(2):  # the second press carries the same round, as Slack sends it
            response = bot.submit_view(last, state_from_view(last, typed), OWNER)
            assert response.status == 200 and "You rehearsed it" in response.text, response.text
        modal.bot.fake.answer_submission(modal.view_id, response.json)

    finish_twice()
    assert len([e for e in the_case(bot).events if e.kind == EventKind.REHEARSED]) == 1
    bot.clock.advance(timedelta(minutes=10))
    finish_twice()  # a new round, rated the same, is a second round
    assert len([e for e in the_case(bot).events if e.kind == EventKind.REHEARSED]) == 2


def test_the_checks_show_only_where_they_see_something_and_nothing_typed_is_stored(bot: Bot) -> None:
    complete(bot, OWNER, situation=SituationKey.WE_END)
    click_in(bot, open_from_home(bot), Action.REHEARSE)
    screens = play(bot, rehearsal_modal(bot), answer=BAD, tick=(Point.ACKNOWLEDGE.value,))
    feedback = all_text(screens[1])
    assert "*It may sound open:* you said “maybe”, “we could reconsider”" in feedback
    assert "*It may sound like an argument:* you said “that’s not true”, “you never”" in feedback
    assert "*A promise to weigh:* you said “I’ll make sure”, “refund you”" not in feedback
    assert "“I’ll make sure”" in feedback and "“we’ll refund”" not in feedback
    summary = all_text(screens[-1])
    assert "a wobble in five answers" in summary and "an argument in five answers" in summary
    assert "Kept the decision: 0 of" in summary and "Acknowledged the feeling: 5 of 5" in summary
    # The typed words live only in the views Slack showed: not in any row of the database.
    with bot.db.session() as session:
        for table in ("cases", "timeline_events", "checklist_items", "reminders", "drafts"):
            rows = session.execute(text(f"SELECT * FROM {table}")).all()
            assert SECRET not in repr(rows), table
    (event,) = [e for e in the_case(bot).events if e.kind == EventKind.REHEARSED]
    assert "the checks saw a wobble in 5, an argument in 5, a new promise in 5" in event.detail


def test_a_promise_the_plans_letters_hold_is_not_flagged(bot: Bot) -> None:
    complete(bot, OWNER, situation=SituationKey.WE_END)
    with bot.db.session(write=True) as session:
        case = session.scalars(select(Case)).one()
        case.drafts = {**case.drafts, "confirmation": "We will refund the unused retainer by 1 March."}
    click_in(bot, open_from_home(bot), Action.REHEARSE)
    modal = rehearsal_modal(bot)
    modal.submit({Block.REHEARSAL_ANSWER.value: "We'll refund you the retainer, as the letter says."})
    assert "A promise to weigh" not in all_text(modal.view)
    modal.submit({Block.REHEARSAL_ANSWER.value: "It's free of charge."})
    assert "*A promise to weigh:* you said “free of charge”" in all_text(modal.view)


def test_an_empty_answer_is_asked_for_again(bot: Bot) -> None:
    complete(bot, OWNER)
    click_in(bot, open_from_home(bot), Action.REHEARSE)
    modal = rehearsal_modal(bot)
    response = modal.submit({Block.REHEARSAL_ANSWER.value: "   "})
    assert response.json == {
        "response_action": "errors",
        "errors": {Block.REHEARSAL_ANSWER.value: "Type what you would say, even a line."},
    }


def test_the_plan_dm_opens_a_round_and_someone_else_gets_nothing(bot: Bot) -> None:
    complete(bot, OWNER)
    plan_dm = bot.fake.dms_to(OWNER)[0]
    block, button = find_action(plan_dm, Action.REHEARSE)
    assert block["block_id"] == Block.REHEARSE_OFFER
    action = {
        "type": "button",
        "action_id": Action.REHEARSE,
        "block_id": block["block_id"],
        "value": button["value"],
    }
    opened = len(bot.fake.calls_to("views.open"))
    assert bot.click(action, user=OTHER, message=plan_dm, channel="D1").status == 200
    assert "could not find that case" in all_text(bot.fake.calls_to("views.open")[-1].args["view"])
    assert bot.click(action, user=OWNER, message=plan_dm, channel="D1").status == 200
    assert len(bot.fake.calls_to("views.open")) == opened + 2
    screens = play(bot, rehearsal_modal(bot))
    assert "You rehearsed it" in all_text(screens[-1])
    assert next(i for i in the_case(bot).items if i.key == ItemKey.REHEARSE).done_at is not None


@pytest.mark.parametrize(("method", "label"), [("phone", "Rehearse it"), ("written", "Practise their reply")])
def test_the_offer_says_what_is_practised_by_call_or_by_letter(bot: Bot, method: str, label: str) -> None:
    complete(bot, OWNER, method=method)
    _, button = find_action(bot.fake.dms_to(OWNER)[0], Action.REHEARSE)
    assert button["text"]["text"] == label


def test_a_forged_round_is_refused(bot: Bot) -> None:
    complete(bot, OWNER)
    case_id = the_case(bot).id
    click_in(bot, open_from_home(bot), Action.REHEARSE)
    modal = rehearsal_modal(bot)
    forged = {**modal.view, "private_metadata": f'{{"case":{case_id},"turn":5,"rated":[],"fired":[]}}'}
    response = bot.submit_view(forged, {}, OWNER)
    assert "no longer open" in all_text(response.json["view"])
    assert next(i for i in the_case(bot).items if i.key == ItemKey.REHEARSE).done_at is None
    # Another person's round on this case: refused too.
    response = bot.submit_view(modal.view, {Block.REHEARSAL_ANSWER.value: {"value": {"type": "x"}}}, OTHER)
    assert "no longer open" in all_text(response.json["view"])


def test_the_booking_nudge_offers_a_round_and_the_nudges_after_telling_do_not(bot: Bot) -> None:
    from tests.test_reminders import sweep

    complete(bot, OWNER)
    nudge = next(r for r in the_case(bot).reminders if r.kind == ReminderKind.NOTICE_AHEAD)
    bot.clock.set(nudge.due_at + timedelta(minutes=1))
    assert sweep(bot).sent >= 1
    booking = bot.fake.dms_to(OWNER)[-1]
    block, button = find_action(booking, Action.REHEARSE)
    assert block["block_id"] == Block.REMINDER_ACTIONS and button["value"] == str(the_case(bot).id)
    action = {
        "type": "button",
        "action_id": Action.REHEARSE,
        "block_id": block["block_id"],
        "value": button["value"],
    }
    assert bot.click(action, user=OWNER, message=booking, channel="D1").status == 200
    assert rehearsal_modal(bot).view["callback_id"] == Callback.REHEARSAL
    # Once they know, no nudge offers it.
    click_in(bot, open_from_home(bot), Action.CLIENT_TOLD)
    told_at = len(bot.fake.dms_to(OWNER))
    bot.clock.advance(timedelta(days=40))
    sweep(bot)
    later = bot.fake.dms_to(OWNER)[told_at:]
    assert later and not [m for m in later if Action.REHEARSE.value in str(m)]


def open_case(bot: Bot, client: str) -> dict[str, Any]:
    with bot.db.session() as session:
        case_id = session.scalars(select(Case.id).where(Case.client_name == client)).one()
    action = {"type": "button", "action_id": Action.OPEN_CASE, "block_id": "x", "value": str(case_id)}
    assert bot.click(action, user=OWNER).status == 200
    return bot.fake.views[list(bot.fake.views)[-1]]


def ledger_rows(bot: Bot) -> list[LedgerRow]:
    with bot.db.session() as session:
        return list(session.scalars(select(LedgerRow).order_by(LedgerRow.case_id)).all())


def test_the_ledger_counts_rehearsed_before_telling_them(bot: Bot) -> None:
    # One case rehearsed, then told; one told, then rehearsed; one never rehearsed; one never told.
    for client in ("Acme Ltd", "Bolt Co", "Crane plc", "Dune LLP"):
        complete(bot, OWNER, client=client)
        view = open_case(bot, client)
        case_id = CaseMeta.decode(view["private_metadata"]).case_id  # type: ignore[union-attr]
        if client == "Acme Ltd":
            click_in(bot, view, Action.REHEARSE)
            play(bot, rehearsal_modal(bot))
            view = bot.fake.views[view["id"]]
            bot.clock.advance(timedelta(minutes=5))
        if client != "Dune LLP":
            click_in(bot, view, Action.CLIENT_TOLD)
        bot.clock.advance(timedelta(minutes=5))
        if client == "Bolt Co":  # told: the case no longer offers it, a DM's button still does
            assert Action.REHEARSE not in str(bot.fake.views[view["id"]])
            rehearse = {
                "type": "button",
                "action_id": Action.REHEARSE,
                "block_id": "x",
                "value": str(case_id),
            }
            dm = {"ts": "1.000001", "blocks": []}
            assert bot.click(rehearse, user=OWNER, message=dm, channel="D1").status == 200
            play(bot, rehearsal_modal(bot))
        close_anyway(bot, bot.fake.views[view["id"]])
    assert [r.rehearsed_before_told for r in ledger_rows(bot)] == [True, False, False, None]
    bot.event({"type": "app_home_opened", "user": OWNER, "channel": "D1", "tab": "home"})
    assert "Rehearsed before telling them in *1 of 3*" in all_text(bot.fake.homes[OWNER])


def test_a_round_plays_in_the_playground() -> None:
    """Through the playground's own forms: the plan's DM's Rehearse it, then every line answered
    and rated in the page's modal, to the summary; every screen drawn with no placeholder."""
    import tempfile
    from datetime import UTC, datetime

    from bot.slack.flow_views import CALLBACK_STEPS
    from playground.render import page
    from playground.world import MESSAGE, Playground, Where
    from tests.situations import answers_for
    from tests.test_playground import _find_button, _form_for

    with tempfile.TemporaryDirectory() as folder:
        world = Playground(
            f"sqlite:///{folder}/playground.sqlite3",
            {"HOLIDAY_COUNTRY": "GB-ENG"},
            start=datetime(2026, 12, 1, 9, 30, tzinfo=UTC),
        )
        try:
            world.command("Harlow & Finch Ltd")
            while (modal := world.snapshot().modal) and CALLBACK_STEPS.get(modal[-1]["callback_id"]):
                view = modal[-1]
                world.submit(
                    _form_for(view, answers_for(SituationKey.WE_END, CALLBACK_STEPS[view["callback_id"]]))
                )
            world.close_modal()
            plan_dm = world.snapshot().messages[0]
            world.act(Where(MESSAGE + plan_dm["ts"], *_find_button(plan_dm, Action.REHEARSE)), {})
            seen = []
            while (modal := world.snapshot().modal) and modal[-1]["callback_id"] == Callback.REHEARSAL:
                view = modal[-1]
                seen.append(all_text(view))
                assert "Not drawn here" not in page(world.snapshot(), 0, "n")
                ratings = [b for b in view["blocks"] if b.get("block_id") == Block.REHEARSAL_RATINGS]
                ticks = [o["value"] for o in ratings[0]["element"]["options"]] if ratings else None
                world.submit(
                    _form_for(
                        view, {Block.REHEARSAL_ANSWER.value: GOOD, Block.REHEARSAL_RATINGS.value: ticks}
                    )
                )
                assert not world.snapshot().errors, world.snapshot().errors
            assert len(seen) == 6 and "1 of 5" in seen[0] and "You said:" in seen[1]
            final = world.snapshot().modal[-1]
            assert final["callback_id"] == Callback.REHEARSAL_DONE and "You rehearsed it" in all_text(final)
            assert not world.problems
        finally:
            world.close()


def test_a_round_on_a_closed_case_ticks_nothing_and_says_so(bot: Bot) -> None:
    complete(bot, OWNER)
    case_id = the_case(bot).id
    close_anyway(bot, open_from_home(bot))
    rehearse = {"type": "button", "action_id": Action.REHEARSE, "block_id": "x", "value": str(case_id)}
    assert (
        bot.click(rehearse, user=OWNER, message={"ts": "1.000001", "blocks": []}, channel="D1").status == 200
    )
    summary = all_text(play(bot, rehearsal_modal(bot))[-1])
    assert "You rehearsed it" in summary and "ticked “rehearse it”" not in summary
    assert next(i for i in the_case(bot).items if i.key == ItemKey.REHEARSE).done_at is None


def test_the_two_rounds_in_the_docs_are_the_ones_the_bot_plays_today() -> None:
    from pathlib import Path

    from tests.rehearsal_transcript import transcript

    page = (Path(__file__).resolve().parent.parent / "docs" / "rehearsal.md").read_text()
    for situation in (SituationKey.WE_END, SituationKey.FOR_CAUSE):
        assert transcript(situation) in page, f"python -m tests.rehearsal_transcript {situation.value}"
