"""Checklists, dates, warnings and drafted texts from plain answers, for every situation."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, time

import pytest

from bot.core.answers import (
    Answers,
    Balance,
    CauseKind,
    Method,
    NoticeUnit,
    PriceChangeKind,
    Seniority,
    SituationKey,
    Stakeholder,
    Tenure,
    TransitionNeed,
)
from bot.core.calendar import WorkCalendar
from bot.core.checklist import ItemKey, Phase
from bot.core.drafts import Signature
from bot.core.kinds import DraftKind
from bot.core.plan import (
    DayFlag,
    PlanWarning,
    advice_for,
    build_plan,
    suggested_conversation,
    suggested_exit_conversation,
    suggested_introduction,
    suggested_notify_by,
    transition_start,
)
from bot.core.validation import Today, first_invalid_step
from bot.drafting import final_drafts
from bot.holiday_calendar import calendar_for

TODAY = date(2026, 12, 1)  # a Tuesday
CAL = WorkCalendar()
SIGNED = Signature("Alex Morgan")


def answers(situation: SituationKey = SituationKey.WE_END, **overrides: object) -> Answers:
    base = Answers(
        client_name="Harlow & Finch Ltd",
        contact_name="Sam Harlow",
        situation=situation,
        tenure=Tenure.OVER_FIVE,
        reason="we are narrowing our practice to brand work",
        effective_date=date(2027, 2, 26),
        contract_notice_amount=30,
        contract_notice_unit=NoticeUnit.CALENDAR_DAYS,
        clause="clause 14.2",
        change_kind=PriceChangeKind.PRICE,
        cause_kind=CauseKind.NON_PAYMENT,
        balance=Balance.NONE,
        serve_notice="Recorded post to the registered office, clause 21.1",
        notify_by=date(2027, 1, 15),
        method=Method.PHONE,
        conversation_date=date(2027, 1, 12),
        conversation_time=time(10, 30),
        client_impact="they will need a new studio for the spring campaign",
        appreciation="thank you for six years of trust",
        history="reminders on 3 and 17 November",
        referrals=["Bright Studio", "North & Co"],
        options="keep today's rate with a twelve-month commitment",
        successor="Priya Shah",
        successor_seniority=Seniority.PEER,
        intro_date=date(2027, 1, 14),
        transition_needs=[TransitionNeed.HANDOVER_NOTES, TransitionNeed.FINAL_INVOICE],
        stakeholders=[Stakeholder.FINANCE],
    )
    return replace(base, **overrides)  # type: ignore[arg-type]


@pytest.mark.parametrize("situation", list(SituationKey))
def test_every_item_is_due_on_a_working_day_after_today_and_tied_to_a_tip(situation: SituationKey) -> None:
    plan = build_plan(answers(situation), TODAY, CAL)
    assert plan.items
    for item in plan.items:
        assert item.due.weekday() < 5 and item.due >= TODAY
        assert item.tips and all(1 <= tip <= 15 for tip in item.tips)


@pytest.mark.parametrize("situation", list(SituationKey))
def test_transition_work_never_comes_before_the_conversation(situation: SituationKey) -> None:
    # Told late: two days before the change, so the usual ten working days of handover would start before.
    a = answers(
        situation,
        conversation_date=date(2027, 2, 24),
        notify_by=date(2027, 2, 24),
        intro_date=date(2027, 2, 25),
    )
    plan = build_plan(a, TODAY, CAL)
    talk = date(2027, 2, 24)
    for item in plan.items:
        if item.phase in (Phase.TRANSITION, Phase.FOLLOW_UP, Phase.CLOSE):
            assert item.due >= talk, item
    assert plan.transition_start > talk


def test_the_checklist_follows_the_conversation_and_the_effective_date() -> None:
    plan = build_plan(answers(), TODAY, CAL)
    assert plan.due_of(ItemKey.TELL) == date(2027, 1, 12)
    assert plan.due_of(ItemKey.CONFIRM) == date(2027, 1, 13)
    assert plan.due_of(ItemKey.ASK_FEELINGS) == date(2027, 1, 14)
    assert plan.due_of(ItemKey.SEND_REFERRALS) == date(2027, 1, 15)
    assert plan.due_of("brief_finance") == date(2027, 1, 11)  # the working day before the conversation
    assert plan.due_of("transition_final_invoice") == date(2027, 2, 26)  # by the last day
    assert plan.due_of(ItemKey.THANK_YOU_NOTE) == date(2027, 3, 1)


def test_each_situation_gets_its_own_checklist() -> None:
    keys = {s: {i.key for i in build_plan(answers(s), TODAY, CAL).items} for s in SituationKey}
    assert {ItemKey.WRITTEN_NOTICE, ItemKey.GATHER_RECORD} <= keys[SituationKey.FOR_CAUSE]
    assert not {ItemKey.THANK, ItemKey.THANK_YOU_NOTE} & keys[SituationKey.FOR_CAUSE]  # no warm-thanks script
    assert ItemKey.EXIT_NOTES in keys[SituationKey.CLIENT_LEAVES]
    assert ItemKey.ASK_FEELINGS not in keys[SituationKey.CLIENT_LEAVES]  # the exit conversation asks
    assert {ItemKey.INTRODUCE, ItemKey.BRIEF_SUCCESSOR} <= keys[SituationKey.HANDOVER]
    assert ItemKey.SEND_REFERRALS not in keys[SituationKey.HANDOVER]
    assert ItemKey.PREPARE_OPTIONS in keys[SituationKey.PRICE_CHANGE]
    assert not any(k.startswith("transition_") for k in keys[SituationKey.PRICE_CHANGE])
    # A client who stays is not asked for referrals; named "in case they leave", they are followed up.
    no_referrals = build_plan(answers(SituationKey.PRICE_CHANGE, referrals=[]), TODAY, CAL)
    assert ItemKey.SEND_REFERRALS not in {i.key for i in no_referrals.items}


def test_long_relationships_get_extra_care_and_short_ones_do_not() -> None:
    long_keys = {item.key for item in build_plan(answers(), TODAY, CAL).items}
    short_keys = {item.key for item in build_plan(answers(tenure=Tenure.UNDER_ONE), TODAY, CAL).items}
    assert {ItemKey.HANDOVER_MEETING, ItemKey.CHECK_IN} <= long_keys
    assert not {ItemKey.HANDOVER_MEETING, ItemKey.CHECK_IN} & short_keys


def test_past_due_dates_become_today() -> None:
    plan = build_plan(answers(conversation_date=TODAY, notify_by=TODAY), TODAY, CAL)
    assert min(item.due for item in plan.items) == TODAY


def test_the_suggested_conversation_is_the_earliest_sensible_day_not_the_last() -> None:
    # Three working days to brief colleagues and book it, then the first good day: more notice.
    assert suggested_conversation(date(2027, 1, 15), TODAY, CAL) == date(2026, 12, 4)
    assert suggested_conversation(date(2026, 12, 3), TODAY, CAL) == date(2026, 12, 3)  # as late as allowed
    assert suggested_conversation(date(2026, 12, 1), TODAY, CAL) == TODAY  # the deadline is today
    plan = build_plan(answers(conversation_date=date(2026, 12, 4), notify_by=date(2027, 1, 15)), TODAY, CAL)
    assert plan.working_days_after_talk == 60  # the plan says how much notice that gives


def test_suggested_days_avoid_the_holiday_season_and_the_eve_of_a_public_holiday() -> None:
    england = calendar_for("GB", TODAY, "ENG")
    # Monday 21 December: three working days on is Christmas Eve; the season runs to 1 January.
    assert suggested_conversation(date(2027, 1, 29), date(2026, 12, 21), england) == date(2027, 1, 4)
    # Tuesday 25 May 2027: Friday 28 May is the eve of the spring bank holiday.
    assert suggested_conversation(date(2027, 7, 1), date(2027, 5, 25), england) == date(2027, 6, 1)
    # A joint introduction two working days after 24 December would be 30 December.
    assert suggested_introduction(date(2026, 12, 24), date(2027, 2, 26), england) == date(2027, 1, 4)
    assert suggested_exit_conversation(date(2027, 2, 26), date(2026, 12, 22), england) == date(2027, 1, 4)
    # Plain calendars have no season: nothing moves.
    assert suggested_introduction(date(2026, 12, 24), date(2027, 2, 26), CAL) == date(2026, 12, 28)


def test_a_deadline_given_to_the_client_counts_working_days_outside_the_season() -> None:
    england = calendar_for("GB", TODAY, "ENG")
    a = answers(
        conversation_date=date(2026, 12, 21),
        notify_by=date(2026, 12, 21),
        transition_needs=[TransitionNeed.OUTSTANDING_BALANCE],
    )
    plan = build_plan(a, TODAY, england)
    # 22 and 23 December, then 4, 5 and 6 January: five days they can act on.
    assert plan.due_of("transition_outstanding_balance") == date(2027, 1, 6)


def test_access_data_and_the_final_invoice_never_fall_after_the_last_day() -> None:
    england = calendar_for("GB", TODAY, "ENG")
    needs = [TransitionNeed.ACCESS, TransitionNeed.RETURN_DATA, TransitionNeed.FINAL_INVOICE]
    for last_day in (date(2027, 2, 26), date(2027, 2, 28), date(2027, 3, 29)):  # Fri, Sun, Easter Monday
        plan = build_plan(answers(effective_date=last_day, transition_needs=needs), TODAY, england)
        for need in needs:
            due = plan.due_of(f"transition_{need.value}")
            assert due is not None and due <= last_day and england.is_working_day(due), (last_day, need, due)


def test_transition_starts_ten_working_days_ahead_for_long_relationships() -> None:
    assert transition_start(date(2027, 2, 26), date(2027, 1, 12), Tenure.OVER_FIVE, CAL) == date(2027, 2, 12)
    assert transition_start(date(2027, 2, 26), date(2027, 1, 12), Tenure.UNDER_ONE, CAL) == date(2027, 2, 19)


def test_warnings_that_stay_visible() -> None:
    assert (
        PlanWarning.BELOW_RECOMMENDED in build_plan(answers(notify_by=date(2027, 1, 27)), TODAY, CAL).warnings
    )
    assert PlanWarning.BELOW_RECOMMENDED not in build_plan(answers(), TODAY, CAL).warnings
    written = build_plan(answers(method=Method.WRITTEN), TODAY, CAL)
    assert PlanWarning.WRITTEN_ONLY in written.warnings
    same_day = answers(SituationKey.CLIENT_LEAVES, conversation_date=date(2027, 2, 26))
    assert PlanWarning.TOLD_ON_EFFECTIVE_DAY in build_plan(same_day, TODAY, CAL).warnings
    # The client leaves with 30 calendar days owed, but tells us on Fri 12 Feb, two weeks before.
    short = answers(SituationKey.CLIENT_LEAVES, conversation_date=date(2027, 2, 12))
    assert PlanWarning.THEIR_NOTICE_SHORT in build_plan(short, TODAY, CAL).warnings
    assert PlanWarning.ONE_REFERRAL in build_plan(answers(referrals=["Bright"]), TODAY, CAL).warnings


MID_SENTENCE_CAPITAL = re.compile(r"[a-z,;] (We|They|Thank|Our|From) [a-z]")
RUN_ON = re.compile(r"[a-z0-9] [A-Z][a-z]+ you for")


@pytest.mark.parametrize("situation", list(SituationKey))
def test_drafts_read_as_finished_prose(situation: SituationKey) -> None:
    a = answers(situation)
    plan = build_plan(a, TODAY, CAL)
    drafts = final_drafts(a, plan, SIGNED)
    assert DraftKind.TALKING_POINTS in drafts and DraftKind.CONFIRMATION in drafts
    for kind, text in drafts.items():
        assert "\n\n\n" not in text and not re.search(r" +$", text, re.MULTILINE), kind
        assert not MID_SENTENCE_CAPITAL.search(text), (kind, MID_SENTENCE_CAPITAL.search(text))
        assert not RUN_ON.search(text), (kind, text)
        if kind is not DraftKind.TALKING_POINTS:
            assert text.startswith("Subject: ")
            assert "Dear Sam," in text
            assert text.rstrip().endswith("Alex Morgan")
    # Answers are quoted as sentences of their own, with their own capital and full stop (a client
    # who leaves hears no reason of ours: what we heard is for the exit conversation only).
    if situation is not SituationKey.CLIENT_LEAVES:
        assert "We are narrowing our practice to brand work." in drafts[DraftKind.CONFIRMATION]


def test_each_situation_drafts_what_fits_it() -> None:
    def drafts(situation: SituationKey, **overrides: object) -> dict[DraftKind, str]:
        a = answers(situation, **overrides)
        return final_drafts(a, build_plan(a, TODAY, CAL), SIGNED)

    handover = drafts(SituationKey.HANDOVER)
    assert DraftKind.REFERRAL_NOTE not in handover and DraftKind.INTRODUCTION in handover
    assert "trust" not in handover[DraftKind.INTRODUCTION].split("Subject:")[1].split("\n")[0]
    assert (
        "Priya Shah" in handover[DraftKind.INTRODUCTION]
        and "Thursday 14 January 2027" in handover[DraftKind.INTRODUCTION]
    )
    assert "firms I trust" not in "".join(handover.values())
    cause = drafts(SituationKey.FOR_CAUSE)
    assert "clause 14.2" in cause[DraftKind.CONFIRMATION] and "formal notice" in cause[DraftKind.CONFIRMATION]
    assert "Thank you for six years" not in "".join(cause.values())
    assert "Yours sincerely" in cause[DraftKind.CONFIRMATION]
    price = drafts(SituationKey.PRICE_CHANGE, referrals=[])
    assert DraftKind.REFERRAL_NOTE not in price  # they stay: no referral asked for
    assert "alternative" not in price[DraftKind.TALKING_POINTS]
    assert "Ending" not in "".join(price.values()) and "end on" not in price[DraftKind.CONFIRMATION]
    # Told on Tuesday 12 January, three days before the deadline: the notice counts from the talk.
    assert "Friday 26 February 2027, 33 working days after you tell them" in price[DraftKind.TALKING_POINTS]
    leaving = drafts(SituationKey.CLIENT_LEAVES)
    assert (
        "Ask why" in leaving[DraftKind.TALKING_POINTS] and "welcome back" in leaving[DraftKind.TALKING_POINTS]
    )
    service = drafts(SituationKey.SERVICE_CHANGE, referrals=["Bright Studio"])
    assert "send one name you trust in writing by Friday 15 January." in service[DraftKind.TALKING_POINTS]
    we_end = drafts(SituationKey.WE_END, method=Method.WRITTEN)
    assert "two alternatives" in we_end[DraftKind.TALKING_POINTS]


def test_an_unsigned_draft_leaves_a_visible_gap_for_the_name() -> None:
    a = answers()
    drafts = final_drafts(a, build_plan(a, TODAY, CAL), Signature(None))
    assert drafts[DraftKind.CONFIRMATION].rstrip().endswith("[your name]")


def test_edited_drafts_win() -> None:
    a = answers(confirmation="My own words.")
    assert final_drafts(a, build_plan(a, TODAY, CAL), SIGNED)[DraftKind.CONFIRMATION] == "My own words."


def test_a_complete_set_of_answers_is_valid_and_a_broken_one_names_its_step() -> None:
    t = Today(TODAY, CAL)
    for situation in SituationKey:
        assert first_invalid_step(answers(situation), t) is None, situation
    broken = first_invalid_step(answers(conversation_date=date(2027, 1, 16)), t)  # a Saturday
    assert broken is not None and broken[0].value == "conversation"


def test_an_end_on_a_non_working_day_is_flagged_with_the_working_days_either_side() -> None:
    england = calendar_for("GB", TODAY, "ENG")
    plan = build_plan(answers(effective_date=date(2027, 3, 29)), TODAY, england)  # Easter Monday
    assert PlanWarning.END_NOT_WORKING_DAY in plan.warnings
    assert plan.end_flag == DayFlag(date(2027, 3, 29), "Easter Monday", date(2027, 3, 25), date(2027, 3, 30))
    friday = build_plan(answers(effective_date=date(2027, 2, 26)), TODAY, england)
    assert PlanWarning.END_NOT_WORKING_DAY not in friday.warnings and friday.end_flag is None


@pytest.mark.parametrize("situation", [SituationKey.PRICE_CHANGE, SituationKey.SERVICE_CHANGE])
def test_the_change_letter_says_its_date_once(situation: SituationKey) -> None:
    def letter(reason: str) -> str:
        a = answers(
            situation, reason=reason, options="You can keep today's rate for a year.", transition_needs=[]
        )
        body = final_drafts(a, build_plan(a, TODAY, CAL), SIGNED)[DraftKind.CONFIRMATION]
        return body.split("\n", 1)[1]  # after the subject line, which names the day as a heading

    dated = letter("From 26 February our day rate rises from £650 to £720.")
    assert dated.count("26 February") == 1 and "takes effect on" not in dated, dated
    undated = letter("Our day rate rises from £650 to £720.")
    assert "The change takes effect on Friday 26 February 2027." in undated


def test_a_suggested_notify_by_date_in_the_holiday_season_moves_before_it() -> None:
    england = calendar_for("GB", TODAY, "ENG")
    # 30 working days before Friday 12 February 2027 falls in the season: the last good day before.
    a = answers(effective_date=date(2027, 2, 12), notify_by=None)
    assert advice_for(a, england).recommended_deadline in england.season
    assert suggested_notify_by(a, TODAY, england) == date(2026, 12, 23)


@pytest.mark.parametrize("situation", list(SituationKey))
def test_the_owners_preparation_avoids_the_holiday_season_when_a_day_before_it_is_free(
    situation: SituationKey,
) -> None:
    england = calendar_for("GB", TODAY, "ENG")
    # Told on Monday 4 January: the working days before it (24 to 31 December) are the season.
    a = answers(
        situation,
        conversation_date=date(2027, 1, 4),
        notify_by=date(2027, 1, 15),
        intro_date=date(2027, 1, 6),
        cause_kind=CauseKind.CONDUCT,
        balance=Balance.OUTSTANDING,
        stakeholders=[Stakeholder.FINANCE, Stakeholder.ACCOUNT_TEAM],
        stakeholder_notes="our lawyer",
    )
    plan = build_plan(a, TODAY, england)
    preparation = [item for item in plan.items if item.phase is Phase.PREPARE]
    assert {ItemKey.REHEARSE, "brief_finance", "brief_others"} <= {item.key for item in preparation}
    for item in preparation:
        assert england.is_working_day(item.due) and item.due not in england.season, item
        # Before what it prepares (the conversation, or the introduction for the notes), never after.
        prepared = date(2027, 1, 6) if item.key == ItemKey.EARLY_NOTES else date(2027, 1, 4)
        assert TODAY <= item.due < prepared, item
    # Rehearsing and briefing move to Wednesday 23 December, the last open day before the season.
    assert plan.due_of(ItemKey.REHEARSE) == date(2026, 12, 23)
    assert plan.due_of("brief_finance") == date(2026, 12, 23)
    # Without the season: the working day before the conversation, 31 December.
    assert build_plan(a, TODAY, replace(england, season=frozenset())).due_of(ItemKey.REHEARSE) == date(
        2026, 12, 31
    )


def test_preparation_keeps_its_day_when_no_open_day_comes_before_the_conversation() -> None:
    england = calendar_for("GB", TODAY, "ENG")
    # Planned on Christmas Eve to tell them on 4 January: every day before it is in the season.
    today = date(2026, 12, 24)
    a = answers(conversation_date=date(2027, 1, 4), notify_by=date(2027, 1, 15))
    plan = build_plan(a, today, england)
    assert plan.due_of(ItemKey.REHEARSE) == date(2026, 12, 31)  # as planned: never after the conversation
    # Planned on 28 December to tell them on 6 January: booking moves out of the season, before it.
    later = build_plan(
        answers(conversation_date=date(2027, 1, 6), notify_by=date(2027, 1, 15)), date(2026, 12, 28), england
    )
    assert later.due_of(ItemKey.BOOK) == date(2027, 1, 4)
    assert later.due_of(ItemKey.REHEARSE) == date(2027, 1, 5)
