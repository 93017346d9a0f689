"""The guided /end-client flow end to end, over signed HTTP against the fake Slack."""

from __future__ import annotations

from sqlalchemy import select

from bot.core.answers import SituationKey
from bot.core.steps import StepId
from bot.slack.ids import Callback
from bot.storage.models import Case, ChecklistItem, Draft, Reminder
from tests.conftest import OWNER
from tests.flow import complete, start, walk_to
from tests.harness import Bot, all_text, find_block, state_from_view
from tests.situations import answers_for


def test_slash_command_opens_the_first_step_with_the_name_prefilled(bot: Bot) -> None:
    modal = start(bot, OWNER, "Acme Ltd")
    assert modal.callback_id == Callback.STEP_SITUATION
    assert find_block(modal.view, "client_name")["element"]["initial_value"] == "Acme Ltd"
    assert "Step 1 of 7" in all_text(modal.view)
    options = find_block(modal.view, "situation")["element"]["options"]
    assert [o["value"] for o in options] == [s.value for s in SituationKey]


def test_full_flow_stores_the_case_sends_a_dm_and_shows_it_on_home(bot: Bot) -> None:
    modal = complete(bot, OWNER)
    assert modal.callback_id == Callback.FLOW_DONE
    with bot.db.session() as session:
        case = session.scalars(select(Case)).one()
        items = session.scalars(select(ChecklistItem).where(ChecklistItem.case_id == case.id)).all()
        assert session.scalars(select(Draft)).all() == []
        assert case.client_name == "Acme Ltd" and case.situation == "we_end"
        assert case.owner_id == OWNER and case.team_id == bot.fake.team_id
        assert case.owner_tz == "Europe/London" and case.owner_name == "Alex Morgan"
        onward = answers_for(SituationKey.WE_END, StepId.ONWARD)
        assert case.answers["referrals"] == [onward["referral_0"], onward["referral_1"]]
        # 30 calendar days in the contract (Tue 27 Jan); we suggest 20 + 10 for a long relationship:
        # 30 working days before Fri 26 Feb 2027 is Fri 15 Jan, the suggested notify-by date.
        assert str(case.notify_by) == "2027-01-15"
        # The suggested conversation is the earliest sensible day: three working days to brief
        # colleagues and book it (from Tue 1 Dec), so Fri 4 Dec, with more notice than the minimum.
        assert str(case.conversation_date) == "2026-12-04"
        assert {i.key for i in items} >= {
            "book",
            "tell",
            "thank",
            "confirm",
            "send_referrals",
            "reflect",
            "handover_meeting",
            "transition_handover_notes",
            "brief_account_team",
            "brief_finance",
        }
        assert all(i.due_date.weekday() < 5 for i in items)
        assert set(case.drafts) == {
            "talking_points",
            "confirmation",
            "referral_note",
            "thank_you_note",
            "close_out",
        }
        assert (
            case.drafts["confirmation"].startswith("Subject:") and "Dear Sam," in case.drafts["confirmation"]
        )
        assert case.drafts["confirmation"].rstrip().endswith("Kind regards,\nAlex Morgan")
        plan_dm = session.scalars(select(Reminder).where(Reminder.kind == "plan_ready")).one()
        assert plan_dm.state == "sent"
    dms = bot.fake.dms_to(OWNER)
    assert len(dms) == 1 and "Acme Ltd" in all_text(dms[0])
    home = bot.fake.homes[OWNER]
    assert "Acme Ltd" in all_text(home) and "Fri 15 Jan 2027" in all_text(home)


def test_notice_step_shows_the_contract_and_the_recommendation(bot: Bot) -> None:
    modal = walk_to(bot, OWNER, StepId.NOTICE, situation=SituationKey.PRICE_CHANGE)
    text = all_text(modal.view)
    assert "30 calendar days" in text and "Wed 27 Jan 2027" in text  # the contract's notify-by date
    assert "40 working days" in text  # 20 + 10 money + 10 long relationship
    assert "budget" in text


def test_a_contract_whose_notice_can_no_longer_be_given_names_the_earliest_date(bot: Bot) -> None:
    modal = walk_to(bot, OWNER, StepId.CHANGE)
    response = modal.submit(
        {**answers_for(SituationKey.WE_END, StepId.CHANGE), "effective_date": "2026-12-10"}
    )
    errors = response.json["errors"]
    assert "earliest it can take effect is Thursday 31 December 2026" in errors["effective_date"]


def test_back_keeps_answers_on_both_steps(bot: Bot) -> None:
    modal = walk_to(bot, OWNER, StepId.CONVERSATION)
    half_typed = {**answers_for(SituationKey.WE_END, StepId.CONVERSATION), "client_impact": "Half a thought"}
    modal.back(half_typed)
    assert modal.callback_id == Callback.STEP_NOTICE
    modal.back()
    assert modal.callback_id == Callback.STEP_CHANGE
    change = answers_for(SituationKey.WE_END, StepId.CHANGE)
    assert find_block(modal.view, "reason")["element"]["initial_value"] == change["reason"]
    assert find_block(modal.view, "effective_date")["element"]["initial_date"] == change["effective_date"]
    assert (
        find_block(modal.view, "contract_notice_unit")["element"]["initial_option"]["value"]
        == "calendar_days"
    )
    modal.submit({})
    modal.submit({})
    assert modal.callback_id == Callback.STEP_CONVERSATION
    assert find_block(modal.view, "client_impact")["element"]["initial_value"] == "Half a thought"
    assert find_block(modal.view, "method")["element"]["initial_option"]["value"] == "phone"


def test_review_shows_drafts_to_edit_reactions_and_the_checklist(bot: Bot) -> None:
    modal = walk_to(bot, OWNER, StepId.REVIEW)
    text = all_text(modal.view)
    assert "Ending well with Acme Ltd" in text
    assert "If the conversation gets hard" in text and "renegotiate" in text
    values = state_from_view(modal.view)
    assert "North & Co <north@example.com>" in values["referral_note"]["value"]["value"]
    assert "Send the alternatives in writing" in text
    assert "Tell them by" in text


def test_drafts_edited_on_the_review_are_the_ones_stored(bot: Bot) -> None:
    modal = walk_to(bot, OWNER, StepId.REVIEW)
    modal.submit({"talking_points": "Open with thanks.\nSay it plainly."})
    with bot.db.session() as session:
        case = session.scalars(select(Case)).one()
        assert case.drafts["talking_points"] == "Open with thanks.\nSay it plainly."


def test_submitting_the_plan_twice_creates_one_case(bot: Bot) -> None:
    modal = walk_to(bot, OWNER, StepId.REVIEW)
    review = dict(modal.view)
    first = bot.submit_view(review, state_from_view(review))
    second = bot.submit_view(review, state_from_view(review))
    assert first.json["view"]["callback_id"] == Callback.FLOW_DONE
    assert second.json["view"]["callback_id"] == Callback.FLOW_DONE
    with bot.db.session() as session:
        assert len(session.scalars(select(Case)).all()) == 1
    assert len(bot.fake.dms_to(OWNER)) == 1


def test_help_and_list(bot: Bot) -> None:
    help_reply = bot.slash("help")
    assert "/end-client list" in all_text(help_reply.json)
    assert bot.fake.calls_to("views.open") == []
    complete(bot, OWNER)
    listed = all_text(bot.slash("list").json)
    assert "Acme Ltd" in listed


def test_a_mistyped_subcommand_gets_help_not_a_case(bot: Bot) -> None:
    reply = bot.slash("hepl")
    text = all_text(reply.json)
    assert "Did you mean `/end-client help`?" in text and "/end-client new hepl" in text
    assert bot.fake.calls_to("views.open") == []
    assert bot.slash("new hepl").status == 200
    opened = bot.fake.calls_to("views.open")[-1].args["view"]
    assert state_from_view(opened)["client_name"]["value"]["value"] == "hepl"
