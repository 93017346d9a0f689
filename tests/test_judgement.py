"""Judgement where money or people are at risk, end to end: asked on the change step over signed
requests, and followed by the notice, the talking points, the confirmation and the checklist."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from bot.core.answers import SituationKey
from bot.core.calendar import WorkCalendar
from bot.core.kinds import ReminderKind
from bot.core.steps import StepId
from bot.services.read_models import case_view, reminder_view
from bot.slack.reminder_messages import reminder_message
from bot.storage.models import Case
from tests.conftest import OWNER
from tests.flow import advance, complete, typed_for, walk_to
from tests.harness import Bot, find_block

CAUSE = SituationKey.FOR_CAUSE
LEAVES = SituationKey.CLIENT_LEAVES


def the_case(bot: Bot) -> tuple[dict[str, str], dict[str, str]]:
    """The stored drafts, and the checklist as {key: title}."""
    with bot.db.session() as session:
        case = session.scalars(select(Case)).one()
        return dict(case.drafts), {item.key: item.title for item in case.items}


def test_conduct_with_a_disputed_balance_protects_the_team_and_promises_nothing_owed(bot: Bot) -> None:
    complete(
        bot,
        OWNER,
        "Harlow & Finch Ltd",
        CAUSE,
        cause_kind="conduct",
        balance="disputed",
        work_product="on_payment",
        reason="You have spoken to our designers abusively on 3 and 17 November.",
    )
    drafts, items = the_case(bot)
    notice, points = drafts["confirmation"], drafts["talking_points"]
    assert (
        "The work we produced for you: we will release it once the outstanding balance has been settled"
        in notice
    )
    assert "Your own data and files: we will return them to you by" in notice  # never held back
    assert "the terms of the agreement continue to apply" in notice
    assert "continue to meet our obligations" not in notice
    assert "please address all communication about the agreement to me, in writing" in notice
    assert "reply with a time that suits you" not in notice and "meet" not in notice.lower()
    assert "senior colleague on the call" in points and "one named contact" in points
    assert "the work we produced released once the balance is settled" in points
    assert {"settle_balance", "serve_notice", "second_person", "team_first", "read_first"} <= set(items)
    assert items["read_first"] == "Have the notice read before it goes: your lead, a partner or a lawyer"
    assert items["settle_balance"].startswith("Settle or escalate the disputed balance")
    assert items["serve_notice"].startswith("Serve notice as the contract says: Recorded post")


def test_a_reason_that_must_not_be_given_leaves_the_notice_with_the_clause_only(bot: Bot) -> None:
    complete(bot, OWNER, "Harlow & Finch Ltd", CAUSE, cause_kind="undisclosed", balance="none", reason="")
    drafts, items = the_case(bot)
    notice, points = drafts["confirmation"], drafts["talking_points"]
    assert "for the following reason" not in notice and "November" not in notice
    assert "under clause 14.2" in notice
    assert "continue to meet our obligations" in notice  # nothing is owed
    assert "I’m not able to go into the reasons" in points
    assert "For your own record only, not to share" in points
    assert "settle_balance" not in items


def test_a_breach_asks_for_its_cure_period_and_plans_it_when_not_given(bot: Bot) -> None:
    modal = walk_to(bot, OWNER, StepId.CHANGE, situation=CAUSE)
    response = modal.submit(_typed(modal, cause_kind="breach", cure_period=None))
    assert response.json["response_action"] == "errors" and "cure_period" in response.json["errors"]
    assert find_block(modal.view, "cure_period")["element"]["type"] == "radio_buttons"


def test_a_breach_whose_cure_period_was_not_given_puts_it_first(bot: Bot) -> None:
    complete(bot, OWNER, "Harlow & Finch Ltd", CAUSE, cause_kind="breach", cure_period="not_given")
    drafts, items = the_case(bot)
    assert "cure_period" in items
    assert "cure period has not been given" in drafts["talking_points"]


def test_money_owed_needs_a_choice_about_their_work(bot: Bot) -> None:
    modal = walk_to(bot, OWNER, StepId.CHANGE, situation=CAUSE)
    response = modal.submit(_typed(modal, balance="outstanding", work_product=None))
    assert set(response.json["errors"]) == {"work_product"}


@pytest.mark.parametrize(
    ("choice", "spoken", "written"),
    [
        ("invoice", "you decided to invoice the notice they do not serve", "the final invoice will include"),
        ("waive", "you decided to waive the rest", "we are glad to waive the part not served"),
        (None, "Decide before this conversation whether to invoice or waive", None),
    ],
)
def test_a_client_leaving_on_short_notice_gets_the_decision_made_before_the_exit_talk(
    bot: Bot, choice: str | None, spoken: str, written: str | None
) -> None:
    overrides: dict[str, Any] = {
        "effective_date": "2026-12-18",
        "contract_notice_amount": "3",
        "contract_notice_unit": "months",
    }
    if choice:
        overrides["unserved_notice"] = choice
    complete(bot, OWNER, "Harlow & Finch Ltd", LEAVES, **overrides)
    drafts, _ = the_case(bot)
    assert spoken in drafts["talking_points"]
    if written:
        assert written in drafts["confirmation"]
    else:
        assert "notice period" not in drafts["confirmation"]


def _typed(modal: Any, **overrides: Any) -> dict[str, Any]:
    typed = typed_for(modal, CAUSE, {k: v for k, v in overrides.items() if v is not None})
    for name, value in overrides.items():
        if value is None:
            typed.pop(name, None)
    return typed


def test_the_sample_for_cause_answers_pass_the_change_step(bot: Bot) -> None:
    modal = walk_to(bot, OWNER, StepId.CHANGE, situation=CAUSE)
    advance(modal, CAUSE, {})
    assert modal.step is StepId.NOTICE


HANDOVER = SituationKey.HANDOVER


def test_a_junior_successor_needs_a_sponsor(bot: Bot) -> None:
    modal = walk_to(bot, OWNER, StepId.ONWARD, situation=HANDOVER)
    typed = typed_for(modal, HANDOVER, {"successor_seniority": "junior"})
    response = modal.submit(typed)
    assert set(response.json["errors"]) == {"sponsor"}


def test_a_handover_to_someone_junior_has_a_sponsor_an_overlap_and_early_notes(bot: Bot) -> None:
    complete(
        bot, OWNER, "Harlow & Finch Ltd", HANDOVER, successor_seniority="junior", sponsor="Dana Whitfield"
    )
    drafts, items = the_case(bot)
    assert {"sponsor", "overlap", "early_notes"} <= set(items)
    assert items["sponsor"] == "Bring Dana Whitfield to the introduction as senior sponsor"
    for kind in ("talking_points", "confirmation", "introduction"):
        assert "Dana Whitfield" in drafts[kind] and "work alongside each other" in drafts[kind]


def test_a_handover_to_a_peer_has_no_sponsor_but_a_long_relationship_still_gets_early_notes(bot: Bot) -> None:
    complete(bot, OWNER, "Harlow & Finch Ltd", HANDOVER, successor_seniority="peer")
    drafts, items = the_case(bot)
    assert "sponsor" not in items and "overlap" not in items and "early_notes" in items
    assert "senior sponsor" not in drafts["confirmation"]


def test_less_notice_than_recommended_has_the_plan_read_before_it_goes() -> None:
    from datetime import date

    from bot.core.answers import Answers, Method, NoticeUnit, Tenure
    from bot.core.calendar import WorkCalendar
    from bot.core.plan import PlanWarning, build_plan

    def plan_for(notify_by: date) -> tuple[set[str], set[str]]:
        a = Answers(
            client_name="Harlow & Finch Ltd",
            contact_name="Sam Harlow",
            situation=SituationKey.WE_END,
            tenure=Tenure.OVER_FIVE,
            reason="We are narrowing our practice.",
            effective_date=date(2027, 2, 26),
            contract_notice_amount=30,
            contract_notice_unit=NoticeUnit.CALENDAR_DAYS,
            notify_by=notify_by,
            method=Method.PHONE,
            conversation_date=notify_by,
            client_impact="A new studio.",
            appreciation="Thank you.",
            referrals=["Bright Studio"],
        )
        plan = build_plan(a, date(2026, 12, 1), WorkCalendar())
        return {item.key for item in plan.items}, {str(w) for w in plan.warnings}

    short_items, short_warnings = plan_for(date(2027, 1, 26))
    assert PlanWarning.BELOW_RECOMMENDED.value in short_warnings and "read_first" in short_items
    ample_items, ample_warnings = plan_for(date(2027, 1, 5))
    assert PlanWarning.BELOW_RECOMMENDED.value not in ample_warnings and "read_first" not in ample_items


def test_the_reminders_carry_the_judgement_before_and_on_the_day(bot: Bot) -> None:
    from datetime import UTC, datetime, timedelta

    from bot.app import build_sweeper_client
    from bot.reminders.sweeper import Sweeper
    from tests.harness import all_text

    complete(bot, OWNER, "Harlow & Finch Ltd", CAUSE, cause_kind="conduct", balance="disputed")
    with bot.db.session() as session:
        day = session.scalars(select(Case.conversation_date)).one()
    sweeper = Sweeper(bot.deps, build_sweeper_client(bot.deps))
    morning = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
    for days_before in range(10, -1, -1):  # a sweep each morning, as the running bot makes
        bot.clock.set(morning - timedelta(days=days_before))
        sweeper.sweep()
    texts = [all_text(m) for m in bot.fake.dms_to(OWNER)]
    briefing = next(t for t in texts if "settle or escalate the disputed balance" in t)
    assert "ask a senior colleague to join the call" in briefing
    on_the_day = next(t for t in texts if "Serve the written notice as the contract requires" in t)
    assert "Recorded post to the registered office, clause 21.1" in on_the_day


@pytest.mark.parametrize("method", ["phone", "written"])
def test_the_notice_nudges_name_how_the_contract_says_notice_is_served(bot: Bot, method: str) -> None:
    """For cause the formal notice is what counts: the nudges before it say how it is served, as the
    owner typed it (escaped for Slack), until it is ticked; by letter as by call."""
    how = "Recorded post to Harlow & Finch Ltd, clause 21.1"
    complete(bot, OWNER, "Harlow & Finch Ltd", CAUSE, balance="none", serve_notice=how, method=method)
    with bot.db.session() as session:
        case = session.scalars(select(Case)).one()
        view = case_view(case)
        nudges = {r.kind: reminder_view(r) for r in case.reminders}
    kinds = [ReminderKind.NOTICE_DAY] + ([ReminderKind.NOTICE_AHEAD] if method == "phone" else [])
    assert set(kinds) <= set(nudges)
    texts = {
        kind: json.dumps(
            reminder_message(view, nudges[kind], late=False, today=view.notify_by, calendar=WorkCalendar())
        )
        for kind in kinds
    }
    for text in texts.values():
        assert "as the contract says (Recorded post to Harlow &amp; Finch Ltd, clause 21.1)" in text, text
    last_day = texts[ReminderKind.NOTICE_DAY]
    assert "the letter is what counts" in last_day and "a cold email is not the way" not in last_day
    assert ("Call them too" in last_day) is (method == "phone")
    assert ("Sent: they know" in last_day) is (method == "written")  # the button, as the letter goes
    if method == "phone":
        ahead = texts[ReminderKind.NOTICE_AHEAD]
        assert "a letter takes days" in ahead and "kindest part" not in ahead
