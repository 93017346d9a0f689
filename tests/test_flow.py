"""The guided /end-client flow end to end, over signed HTTP against the fake Slack."""

from __future__ import annotations

from sqlalchemy import select

from bot.slack.ids import Callback
from bot.storage.models import Case, ChecklistItem, Draft
from tests.conftest import OWNER
from tests.flow import CHANGE, CONVERSATION, REFERRALS, complete, start
from tests.harness import Bot, all_text, state_from_view


def test_slash_command_opens_the_first_step_with_the_name_prefilled(bot: Bot) -> None:
    modal = start(bot, OWNER, "Acme Ltd")
    assert modal.callback_id == Callback.STEP_CHANGE
    name = next(b for b in modal.view["blocks"] if b.get("block_id") == "client_name")
    assert name["element"]["initial_value"] == "Acme Ltd"
    assert "Step 1 of 5" in all_text(modal.view)


def test_full_flow_stores_the_case_sends_a_dm_and_shows_it_on_home(bot: Bot) -> None:
    modal = complete(bot, OWNER)
    assert modal.callback_id == Callback.FLOW_DONE
    with bot.db.session() as session:
        case = session.scalars(select(Case)).one()
        items = session.scalars(select(ChecklistItem).where(ChecklistItem.case_id == case.id)).all()
        assert session.scalars(select(Draft)).all() == []
        assert case.client_name == "Acme Ltd"
        assert case.owner_id == OWNER and case.team_id == bot.fake.team_id
        assert case.owner_tz == "Europe/London"
        assert case.referrals == [REFERRALS["referral_0"], REFERRALS["referral_1"]]
        # 20 contract days, +10 for a long relationship: 30 working days before Fri 26 Feb 2027.
        assert case.notice_days == 30
        assert str(case.notify_by) == "2027-01-15"
        assert str(case.conversation_date) == "2027-01-15"
        assert {i.key for i in items} >= {
            "book",
            "tell",
            "thank",
            "send_referrals",
            "reflect",
            "handover_meeting",
            "transition_handover_notes",
        }
        assert all(i.due_date.weekday() < 5 for i in items)
    dms = bot.fake.dms_to(OWNER)
    assert len(dms) == 1 and "Acme Ltd" in all_text(dms[0])
    home = bot.fake.homes[OWNER]
    assert "Acme Ltd" in all_text(home) and "Fri 15 Jan 2027" in all_text(home)


def test_notice_step_shows_the_computed_dates_and_raises_the_recommendation(bot: Bot) -> None:
    modal = start(bot, OWNER)
    modal.submit({**CHANGE, "change_kind": "price_increase", "tenure": "6"})
    text = all_text(modal.view)
    assert modal.callback_id == Callback.STEP_NOTICE
    assert "20 working days" in text and "Fri 29 Jan 2027" in text  # the contract's notify-by date
    assert "40 working days" in text  # 20 + 10 money + 10 long relationship
    assert "budget" in text


def test_short_notice_is_warned_about(bot: Bot) -> None:
    modal = start(bot, OWNER)
    modal.submit({**CHANGE, "effective_date": "2026-12-10", "contract_notice_days": "10"})
    assert ":warning:" in all_text(modal.view)
    assert "no longer possible" in all_text(modal.view)


def test_back_keeps_answers_on_both_steps(bot: Bot) -> None:
    modal = start(bot, OWNER)
    modal.submit(CHANGE)
    modal.submit({})
    half_typed = {**CONVERSATION, "client_impact": "Half a thought"}
    modal.back(half_typed)
    assert modal.callback_id == Callback.STEP_NOTICE
    modal.back()
    assert modal.callback_id == Callback.STEP_CHANGE
    blocks = {b.get("block_id"): b for b in modal.view["blocks"]}
    assert blocks["reason"]["element"]["initial_value"] == CHANGE["reason"]
    assert blocks["effective_date"]["element"]["initial_date"] == CHANGE["effective_date"]
    assert blocks["tenure"]["element"]["initial_option"]["value"] == "3"
    modal.submit({})
    modal.submit({})
    blocks = {b.get("block_id"): b for b in modal.view["blocks"]}
    assert modal.callback_id == Callback.STEP_CONVERSATION
    assert blocks["client_impact"]["element"]["initial_value"] == "Half a thought"
    assert blocks["method"]["element"]["initial_option"]["value"] == "phone"


def test_review_shows_talking_points_referral_note_and_checklist(bot: Bot) -> None:
    modal = start(bot, OWNER)
    for answers in (CHANGE, {}, CONVERSATION, REFERRALS):
        modal.submit(answers)
    text = all_text(modal.view)
    assert modal.callback_id == Callback.STEP_REVIEW
    assert "Talking points" in text and "Referral note" in text
    assert "North &amp; Co &lt;north@example.com&gt;" in text
    assert "Send the alternatives in writing" in text
    assert "Tell them by" in text


def test_submitting_the_plan_twice_creates_one_case(bot: Bot) -> None:
    modal = start(bot, OWNER)
    for answers in (CHANGE, {}, CONVERSATION, REFERRALS):
        modal.submit(answers)
    review = dict(modal.view)
    first = bot.submit_view(review, {})
    second = bot.submit_view(review, {})
    assert first.json["view"]["callback_id"] == Callback.FLOW_DONE
    assert second.json["view"]["callback_id"] == Callback.FLOW_DONE
    with bot.db.session() as session:
        assert len(session.scalars(select(Case)).all()) == 1
    assert len(bot.fake.dms_to(OWNER)) == 1


def test_help_and_list(bot: Bot) -> None:
    help_reply = bot.slash("help")
    assert "/end-client list" in all_text(help_reply.json)
    assert bot.fake.calls_to("views.open") == []
    assert "no endings in progress" in all_text(bot.slash("list").json)
    complete(bot, OWNER, "Globex")
    listed = bot.slash("list").json
    assert "Globex" in all_text(listed) and "tell them by" in all_text(listed)


def test_a_mistyped_subcommand_gets_help_not_a_case(bot: Bot) -> None:
    reply = bot.slash("hepl")
    text = all_text(reply.json)
    assert "Did you mean `/end-client help`?" in text and "/end-client new hepl" in text
    assert bot.fake.calls_to("views.open") == []
    assert bot.slash("new hepl").status == 200
    opened = bot.fake.calls_to("views.open")[-1].args["view"]
    assert state_from_view(opened)["client_name"]["value"]["value"] == "hepl"
