"""The reminder plan of a case: which nudges, when, in the owner's zone, across weekends, holidays,
DST, re-plans and what was already sent."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.core.calendar import WorkCalendar
from bot.core.checklist import ItemKey
from bot.core.kinds import ReminderKind
from bot.core.reminders import AFTER_TOLD, KINDS, CaseTimes, ItemState, PlannedReminder, Sent, plan_reminders
from bot.core.schedule import Snooze, Window, local_at, next_delivery, snooze_until
from bot.core.situations import SITUATIONS
from bot.holiday_calendar import calendar_for

CAL = WorkCalendar()
WINDOW = Window(9, 18)
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 12, 1, 10, tzinfo=UTC)  # Tuesday
WE_END = SITUATIONS["we_end"].reminders  # type: ignore[index]


def items(**done: bool) -> tuple[ItemState, ...]:
    due = {
        "book": date(2026, 12, 2),
        "brief_finance": date(2027, 1, 12),
        "tell": date(2027, 1, 13),
        "confirm": date(2027, 1, 14),
        "ask_feelings": date(2027, 1, 15),
        "send_referrals": date(2027, 1, 18),
        "resolve_concerns": date(2027, 1, 20),
        "transition_handover_notes": date(2027, 2, 12),
        "thank_you_note": date(2027, 3, 1),
        "reflect": date(2027, 3, 5),
    }
    return tuple(ItemState(key, day, done.get(key, False)) for key, day in due.items())


def times(**overrides: object) -> CaseTimes:
    base: dict[str, object] = {
        "notify_by": date(2027, 1, 15),
        "conversation_date": date(2027, 1, 13),
        "effective_date": date(2027, 2, 26),
        "transition_start": date(2027, 2, 12),
        "kinds": WE_END,
        "items": items(),
    }
    return CaseTimes(**{**base, **overrides})  # type: ignore[arg-type]


def told(**overrides: object) -> CaseTimes:
    """The case once the client was told, on the planned day unless `told_on` says otherwise."""
    base: dict[str, object] = {"client_told": True, "told_on": date(2027, 1, 13), "items": items(tell=True)}
    return times(**{**base, **overrides})


def by_kind(planned: list[PlannedReminder]) -> dict[ReminderKind, datetime]:
    return {p.kind: p.due_at for p in planned}


def planned_now(
    t: CaseTimes, now: datetime = NOW, calendar: WorkCalendar = CAL
) -> dict[ReminderKind, datetime]:
    return by_kind(plan_reminders(t, LONDON, calendar, WINDOW, now))


def test_a_case_gets_each_kind_of_nudge_at_nine_local_on_working_days() -> None:
    planned = planned_now(times())
    # Before they are told: only what leads up to the telling, and the question the morning after.
    assert set(planned) == {
        ReminderKind.NOTICE_AHEAD,
        ReminderKind.NOTICE_DAY,
        ReminderKind.NOTICE_OVERDUE,
        ReminderKind.BRIEF_PEOPLE,
        ReminderKind.CONVERSATION_DAY,
        ReminderKind.DID_YOU_TELL,
    }
    # Booking: two working days before the conversation (three before the notify-by date is later).
    assert planned[ReminderKind.NOTICE_AHEAD] == datetime(2027, 1, 11, 9, tzinfo=UTC)
    assert planned[ReminderKind.NOTICE_DAY] == datetime(2027, 1, 15, 9, tzinfo=UTC)
    assert planned[ReminderKind.NOTICE_OVERDUE] == datetime(2027, 1, 18, 9, tzinfo=UTC)  # Fri -> Mon
    assert planned[ReminderKind.BRIEF_PEOPLE] == datetime(2027, 1, 12, 9, tzinfo=UTC)
    assert planned[ReminderKind.CONVERSATION_DAY] == datetime(2027, 1, 13, 9, tzinfo=UTC)
    assert planned[ReminderKind.DID_YOU_TELL] == datetime(2027, 1, 14, 9, tzinfo=UTC)
    after = planned_now(told())
    # Once told: the follow-ups. No concerns logged yet, and no check-in on this short relationship.
    assert set(after) == set(WE_END) - {
        ReminderKind.FOLLOW_UPS,
        ReminderKind.CHECK_IN,
        ReminderKind.NOTICE_AHEAD,
        ReminderKind.NOTICE_DAY,
        ReminderKind.NOTICE_OVERDUE,
        ReminderKind.CONVERSATION_DAY,
        ReminderKind.DID_YOU_TELL,
    }
    assert after[ReminderKind.SEND_CONFIRMATION] == datetime(2027, 1, 14, 9, tzinfo=UTC)
    assert after[ReminderKind.SEND_REFERRALS] == datetime(2027, 1, 18, 9, tzinfo=UTC)
    assert after[ReminderKind.THANK_YOU] == datetime(2027, 3, 1, 9, tzinfo=UTC)
    for due in [*planned.values(), *after.values()]:
        local = due.astimezone(LONDON)
        assert local.weekday() < 5 and local.time() == time(9)


def test_each_done_ticks_exactly_the_items_it_names() -> None:
    covers = {p.kind: p.covers for p in plan_reminders(times(), LONDON, CAL, WINDOW, NOW)}
    assert covers[ReminderKind.NOTICE_AHEAD] == (ItemKey.BOOK,)  # "Is the conversation booked?"
    assert covers[ReminderKind.NOTICE_DAY] == (ItemKey.TELL,)
    assert covers[ReminderKind.BRIEF_PEOPLE] == ("brief_finance",)
    assert covers[ReminderKind.DID_YOU_TELL] == (ItemKey.TELL,)
    told_covers = {p.kind: p.covers for p in plan_reminders(told(), LONDON, CAL, WINDOW, NOW)}
    assert told_covers[ReminderKind.TRANSITION] == ("transition_handover_notes",)
    # Once the call is booked, "is it booked?" is not asked; the conversation day still comes.
    booked = planned_now(times(items=items(book=True)))
    assert ReminderKind.NOTICE_AHEAD not in booked and ReminderKind.CONVERSATION_DAY in booked


def test_one_dm_when_the_conversation_is_on_the_notify_by_day() -> None:
    planned = plan_reminders(times(conversation_date=date(2027, 1, 15)), LONDON, CAL, WINDOW, NOW)
    days = [p.kind for p in planned if p.due_at.date() == date(2027, 1, 15)]
    assert ReminderKind.CONVERSATION_DAY in days and ReminderKind.NOTICE_DAY not in days


def test_the_same_day_rule_says_its_order() -> None:
    ranks = {kind: spec.same_day_rank for kind, spec in KINDS.items() if spec.same_day_rank is not None}
    assert ranks == {
        ReminderKind.CONVERSATION_DAY: 0,
        ReminderKind.NOTICE_OVERDUE: 1,
        ReminderKind.DID_YOU_TELL: 2,
        ReminderKind.NOTICE_DAY: 3,
        ReminderKind.NOTICE_AHEAD: 4,
    }


def test_once_the_client_is_told_no_notice_nudges_remain() -> None:
    planned = planned_now(times(client_told=True, items=items(tell=True)))
    assert not set(planned) & {
        ReminderKind.NOTICE_AHEAD,
        ReminderKind.NOTICE_DAY,
        ReminderKind.NOTICE_OVERDUE,
        ReminderKind.CONVERSATION_DAY,
    }


def test_done_items_and_what_was_sent_for_that_day_are_not_planned_again() -> None:
    sent = frozenset({Sent(ReminderKind.ASK_FEELINGS, date(2027, 1, 15), date(2027, 1, 15))})
    planned = planned_now(told(items=items(tell=True, send_referrals=True), sent=sent))
    assert ReminderKind.SEND_REFERRALS not in planned and ReminderKind.ASK_FEELINGS not in planned


def test_a_nudge_whose_day_moved_is_planned_again() -> None:
    sent = frozenset({Sent(ReminderKind.CONVERSATION_DAY, date(2027, 1, 13), date(2027, 1, 13))})
    moved = times(conversation_date=date(2027, 1, 20), sent=sent, notify_by=date(2027, 1, 22))
    assert planned_now(moved, datetime(2027, 1, 13, 15, tzinfo=UTC))[
        ReminderKind.CONVERSATION_DAY
    ] == datetime(2027, 1, 20, 9, tzinfo=UTC)


def test_a_repeating_nudge_sent_today_comes_back_tomorrow_not_now() -> None:
    after_overdue = datetime(2027, 1, 18, 10, 30, tzinfo=UTC)
    sent = frozenset({Sent(ReminderKind.NOTICE_OVERDUE, date(2027, 1, 18), date(2027, 1, 18))})
    planned = planned_now(times(sent=sent), after_overdue)
    assert planned[ReminderKind.NOTICE_OVERDUE] == datetime(2027, 1, 19, 9, tzinfo=UTC)


def test_days_missed_come_back_as_one_nudge_now() -> None:
    a_week_later = datetime(2027, 1, 25, 11, tzinfo=UTC)
    sent = frozenset({Sent(ReminderKind.NOTICE_OVERDUE, date(2027, 1, 18), date(2027, 1, 18))})
    planned = [
        p
        for p in plan_reminders(times(sent=sent), LONDON, CAL, WINDOW, a_week_later)
        if p.kind is ReminderKind.NOTICE_OVERDUE
    ]
    assert [(p.for_day, p.due_at) for p in planned] == [(date(2027, 1, 25), a_week_later)]


def test_past_days_are_dropped_but_today_is_delivered_now() -> None:
    late_morning = datetime(2027, 1, 13, 11, tzinfo=UTC)
    planned = planned_now(times(), late_morning)
    assert ReminderKind.BRIEF_PEOPLE in planned  # its day is the conversation: still useful this morning
    assert planned[ReminderKind.CONVERSATION_DAY] == late_morning
    assert (
        planned_now(times(), datetime(2027, 1, 14, 11, tzinfo=UTC)).get(ReminderKind.CONVERSATION_DAY) is None
    )


def test_a_nudge_for_a_day_off_comes_the_working_day_before() -> None:
    saturday = date(2027, 1, 16)
    planned = planned_now(times(conversation_date=saturday, notify_by=date(2027, 1, 18)))
    assert planned[ReminderKind.CONVERSATION_DAY] == datetime(2027, 1, 15, 9, tzinfo=UTC)


def test_concerns_and_promises_are_gathered_into_one_nudge() -> None:
    logged = (
        *items(tell=True),
        ItemState("concern_1", date(2026, 12, 3), False),
        ItemState("concern_2", date(2026, 12, 3), False),
        ItemState("promise_3", date(2026, 12, 3), False),
    )
    planned = [
        p
        for p in plan_reminders(told(items=logged), LONDON, CAL, WINDOW, NOW)
        if p.kind is ReminderKind.FOLLOW_UPS
    ]
    assert [(p.covers, p.due_at) for p in planned] == [
        (("concern_1", "concern_2", "promise_3"), datetime(2026, 12, 3, 9, tzinfo=UTC))
    ]
    sent = frozenset({Sent(ReminderKind.FOLLOW_UPS, date(2026, 12, 3), date(2026, 12, 3))})
    again = planned_now(told(items=logged, sent=sent), datetime(2026, 12, 3, 12, tzinfo=UTC))
    assert again[ReminderKind.FOLLOW_UPS] == datetime(
        2026, 12, 7, 9, tzinfo=UTC
    )  # Thu -> Mon, two working days


def test_the_handover_is_nudged_a_step_at_a_time() -> None:
    handover = (
        *items(tell=True),
        ItemState("transition_return_data", date(2027, 2, 25), False),
        ItemState("transition_final_invoice", date(2027, 3, 5), False),
    )
    first = {p.kind: p for p in plan_reminders(told(items=handover), LONDON, CAL, WINDOW, NOW)}
    assert first[ReminderKind.TRANSITION].covers == ("transition_handover_notes",)  # due Fri 12 Feb
    sent = frozenset({Sent(ReminderKind.TRANSITION, date(2027, 2, 12), date(2027, 2, 12))})
    done = tuple(ItemState(i.key, i.due, i.key == "transition_handover_notes") for i in handover)
    later = {p.kind: p for p in plan_reminders(told(items=done, sent=sent), LONDON, CAL, WINDOW, NOW)}
    assert (later[ReminderKind.TRANSITION].for_day, later[ReminderKind.TRANSITION].covers) == (
        date(2027, 2, 25),
        ("transition_return_data",),
    )


def test_transition_nudges_never_come_before_the_conversation() -> None:
    late = times(
        conversation_date=date(2027, 2, 22), notify_by=date(2027, 2, 22), transition_start=date(2027, 2, 23)
    )
    assert ReminderKind.TRANSITION not in planned_now(late)  # not before they know
    planned = planned_now(
        told(
            conversation_date=date(2027, 2, 22),
            notify_by=date(2027, 2, 22),
            transition_start=date(2027, 2, 23),
            told_on=date(2027, 2, 22),
        )
    )
    assert planned[ReminderKind.TRANSITION] == datetime(2027, 2, 23, 9, tzinfo=UTC)


def test_a_handover_item_due_before_the_handover_work_is_nudged_on_its_own_day() -> None:
    # Ending for cause: the outstanding balance is agreed within days of the talk, weeks before
    # the handover work starts; it is nudged on its day, not held back until the rest.
    balance = (*items(tell=True), ItemState("transition_outstanding_balance", date(2027, 1, 20), False))
    first = {p.kind: p for p in plan_reminders(told(items=balance), LONDON, CAL, WINDOW, NOW)}
    assert (first[ReminderKind.TRANSITION].for_day, first[ReminderKind.TRANSITION].covers) == (
        date(2027, 1, 20),
        ("transition_outstanding_balance",),
    )
    # Never before the client has been told, whatever the item's own date says.
    early = (*items(tell=True), ItemState("transition_outstanding_balance", date(2027, 1, 4), False))
    planned = {p.kind: p for p in plan_reminders(told(items=early), LONDON, CAL, WINDOW, NOW)}
    assert planned[ReminderKind.TRANSITION].for_day == date(2027, 1, 14)  # the day after the talk
    # Told two days late: the day after they really heard it.
    late = {
        p.kind: p
        for p in plan_reminders(told(items=early, told_on=date(2027, 1, 15)), LONDON, CAL, WINDOW, NOW)
    }
    assert late[ReminderKind.TRANSITION].for_day == date(2027, 1, 18)


def test_public_holidays_are_skipped() -> None:
    england = calendar_for("GB", date(2026, 12, 1), "ENG")
    t = times(
        notify_by=date(2026, 12, 24), conversation_date=date(2026, 12, 23), effective_date=date(2027, 1, 29)
    )
    # The working day after Thu 24 Dec is Tue 29 Dec: Christmas and the Boxing Day substitute are skipped.
    assert planned_now(t, calendar=england)[ReminderKind.NOTICE_OVERDUE] == datetime(
        2026, 12, 29, 9, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("zone", "day", "utc_hour", "utc_minute"),
    [
        ("America/New_York", date(2027, 3, 12), 14, 0),  # the Friday before DST begins: UTC-5
        ("America/New_York", date(2027, 3, 15), 13, 0),  # the Monday after: UTC-4
        ("Europe/London", date(2027, 3, 26), 9, 0),  # GMT
        ("Europe/London", date(2027, 3, 29), 8, 0),  # BST
        ("Asia/Kathmandu", date(2027, 3, 1), 3, 15),  # +5:45
        ("Pacific/Kiritimati", date(2027, 3, 1), 19, 0),  # +14: 9:00 on the 1st is 19:00 UTC on the 28th
    ],
)
def test_nine_oclock_local_is_right_in_every_zone(
    zone: str, day: date, utc_hour: int, utc_minute: int
) -> None:
    moment = local_at(day, 9, ZoneInfo(zone))
    assert (moment.hour, moment.minute) == (utc_hour, utc_minute)
    assert moment.astimezone(ZoneInfo(zone)).time() == time(9)
    assert moment.astimezone(ZoneInfo(zone)).date() == day


def test_a_wall_time_skipped_by_dst_moves_forward() -> None:
    moment = local_at(date(2027, 3, 14), 2, ZoneInfo("America/New_York"), minute=30)
    assert moment.astimezone(ZoneInfo("America/New_York")).time() == time(3, 30)


def test_night_and_weekend_deliveries_wait_for_the_next_working_morning() -> None:
    friday_night = datetime(2026, 12, 4, 22, tzinfo=UTC)
    assert next_delivery(friday_night, LONDON, CAL, WINDOW) == datetime(2026, 12, 7, 9, tzinfo=UTC)
    early = datetime(2026, 12, 8, 6, tzinfo=UTC)
    assert next_delivery(early, LONDON, CAL, WINDOW) == datetime(2026, 12, 8, 9, tzinfo=UTC)
    inside = datetime(2026, 12, 8, 15, tzinfo=UTC)
    assert next_delivery(inside, LONDON, CAL, WINDOW) == inside
    # 10:00 UTC is 23:45 in Kathmandu: too late there.
    kathmandu = ZoneInfo("Asia/Kathmandu")
    assert next_delivery(datetime(2026, 12, 8, 18, tzinfo=UTC), kathmandu, CAL, WINDOW).astimezone(
        kathmandu
    ) == datetime(2026, 12, 9, 9, tzinfo=kathmandu)


def test_snooze_choices() -> None:
    now = datetime(2026, 12, 4, 16, 30, tzinfo=UTC)  # Friday afternoon in London
    assert snooze_until(Snooze.HOUR, now, LONDON, CAL, WINDOW) == datetime(2026, 12, 4, 17, 30, tzinfo=UTC)
    assert snooze_until(Snooze.TOMORROW, now, LONDON, CAL, WINDOW) == datetime(2026, 12, 7, 9, tzinfo=UTC)
    assert snooze_until(Snooze.NEXT_MONDAY, now, LONDON, CAL, WINDOW) == datetime(2026, 12, 7, 9, tzinfo=UTC)
    evening = datetime(2026, 12, 7, 17, 30, tzinfo=UTC)  # Monday 17:30: an hour later is after hours
    assert snooze_until(Snooze.HOUR, evening, LONDON, CAL, WINDOW) == datetime(2026, 12, 8, 9, tzinfo=UTC)
    assert snooze_until(Snooze.NEXT_MONDAY, evening, LONDON, CAL, WINDOW) == datetime(
        2026, 12, 14, 9, tzinfo=UTC
    )


def test_a_step_due_on_a_day_its_kind_already_went_out_moves_to_the_next_morning() -> None:
    # The first handover nudge went out late, on the day the next step falls due: the next step is
    # not dropped, it comes the next working morning.
    handover = (*items(tell=True), ItemState("transition_return_data", date(2027, 2, 25), False))
    sent = frozenset({Sent(ReminderKind.TRANSITION, date(2027, 2, 12), date(2027, 2, 25))})
    now = datetime(2027, 2, 25, 9, 5, tzinfo=UTC)
    planned = {p.kind: p for p in plan_reminders(told(items=handover, sent=sent), LONDON, CAL, WINDOW, now)}
    assert planned[ReminderKind.TRANSITION].covers == ("transition_return_data",)
    assert planned[ReminderKind.TRANSITION].due_at == datetime(2027, 2, 26, 9, tzinfo=UTC)


def test_no_follow_up_before_the_client_is_told() -> None:
    later = datetime(2027, 1, 20, 10, tzinfo=UTC)
    for now in (NOW, later, datetime(2027, 3, 2, 10, tzinfo=UTC)):
        assert not set(planned_now(times(), now)) & AFTER_TOLD
    assert AFTER_TOLD & set(planned_now(told(), later))


def test_an_overdue_notice_asks_again_after_one_two_four_working_days_and_stops_after_the_end() -> None:
    t = times(effective_date=date(2027, 2, 5))
    days: list[date] = []
    sent: set[Sent] = set()
    now = datetime(2027, 1, 18, 9, tzinfo=UTC)
    for _ in range(10):
        planned = [
            p
            for p in plan_reminders(
                CaseTimes(**{**t.__dict__, "sent": frozenset(sent)}), LONDON, CAL, WINDOW, now
            )
            if p.kind is ReminderKind.NOTICE_OVERDUE
        ]
        if not planned:
            break
        [p] = planned
        days.append(p.for_day)
        sent.add(Sent(p.kind, p.for_day, p.due_at.astimezone(LONDON).date()))
        now = p.due_at
    # Mon 18, Tue 19 (+1), Thu 21 (+2), Wed 27 (+4); the next (+8) would come after the end date
    # (Fri 5 Feb), so the last one is the working day after it, and nothing after that.
    assert days == [
        date(2027, 1, 18),
        date(2027, 1, 19),
        date(2027, 1, 21),
        date(2027, 1, 27),
        date(2027, 2, 8),
    ]
    # The morning the contract's own notice can no longer be met, the decision comes that day.


def test_the_booking_nudge_comes_two_working_days_before_a_conversation_on_the_suggested_day() -> None:
    # The suggested conversation is three working days before the notify-by date: the booking nudge
    # no longer shares its day (and so is no longer dropped).
    planned = planned_now(times(conversation_date=date(2027, 1, 12)))
    assert planned[ReminderKind.NOTICE_AHEAD] == datetime(2027, 1, 8, 9, tzinfo=UTC)
    assert planned[ReminderKind.CONVERSATION_DAY] == datetime(2027, 1, 12, 9, tzinfo=UTC)


def test_the_decision_comes_the_morning_the_contracts_notice_can_no_longer_be_met() -> None:
    t = times(contract_deadline=date(2027, 1, 25))
    sent = frozenset(
        Sent(ReminderKind.NOTICE_OVERDUE, day, day)
        for day in (date(2027, 1, 18), date(2027, 1, 19), date(2027, 1, 21))
    )
    planned = {
        p.kind: p
        for p in plan_reminders(
            CaseTimes(**{**t.__dict__, "sent": sent}),
            LONDON,
            CAL,
            WINDOW,
            datetime(2027, 1, 21, 10, tzinfo=UTC),
        )
    }
    assert planned[ReminderKind.NOTICE_OVERDUE].for_day == date(2027, 1, 26)  # not Wed 27 (+4)


def _sweep_until(t: CaseTimes, now: datetime, end: datetime) -> list[Sent]:
    """Every DM the case gets, morning by morning, as the sweep sends and re-plans them."""
    sent: set[Sent] = set()
    while True:
        planned = plan_reminders(
            CaseTimes(**{**t.__dict__, "sent": frozenset(sent)}), LONDON, CAL, WINDOW, now
        )
        if not planned or (morning := min(p.due_at for p in planned)) >= end:
            return sorted(sent, key=lambda s: (s.sent_day, s.kind))
        day = morning.astimezone(LONDON).date()
        sent |= {Sent(p.kind, p.for_day, day) for p in planned if p.due_at == morning}
        now = morning


def test_never_told_the_question_comes_back_weekly_until_the_notify_by_date() -> None:
    # The conversation on Fri 4 Dec, to tell them by Fri 15 Jan: nobody answers.
    t = times(conversation_date=date(2026, 12, 4), notify_by=date(2027, 1, 15))
    sent = _sweep_until(t, NOW, datetime(2027, 1, 16, tzinfo=UTC))
    asked = [s.sent_day for s in sent if s.kind is ReminderKind.DID_YOU_TELL]
    # The morning after the conversation, then every fifth working day; none on the notify-by
    # date (Fri 15 Jan), whose own nudge comes alone that morning.
    assert asked == [
        date(2026, 12, 7),
        date(2026, 12, 14),
        date(2026, 12, 21),
        date(2026, 12, 28),
        date(2027, 1, 4),
        date(2027, 1, 11),
    ]
    assert [s.kind for s in sent if s.sent_day == date(2027, 1, 15)] == [ReminderKind.NOTICE_DAY]
    ranked = [(s.sent_day, s.kind) for s in sent if KINDS[s.kind].same_day_rank is not None]
    assert len({day for day, _ in ranked}) == len(ranked)  # one telling nudge a morning

    # "Not yet" answers a question without ending the next; once told, none comes back.
    first_two = frozenset(s for s in sent if s.sent_day <= date(2026, 12, 14))
    after = datetime(2026, 12, 15, 10, tzinfo=UTC)
    assert ReminderKind.DID_YOU_TELL in planned_now(times(**{**t.__dict__, "sent": first_two}), after)
    told_then = {
        "client_told": True,
        "told_on": date(2026, 12, 15),
        "items": items(tell=True),
        "sent": first_two,
    }
    assert ReminderKind.DID_YOU_TELL not in planned_now(CaseTimes(**{**t.__dict__, **told_then}), after)


def test_no_question_on_or_after_the_notify_by_date_even_when_a_week_falls_on_it() -> None:
    # To tell them by Mon 18 Jan: a week after Mon 11 Jan is the notify-by date itself, whose own
    # nudge comes that morning, alone; then only the overdue decision.
    t = times(conversation_date=date(2026, 12, 4), notify_by=date(2027, 1, 18))
    sent = _sweep_until(t, NOW, datetime(2027, 2, 1, tzinfo=UTC))
    assert max(s.sent_day for s in sent if s.kind is ReminderKind.DID_YOU_TELL) == date(2027, 1, 11)
    assert [s.kind for s in sent if s.sent_day == date(2027, 1, 18)] == [ReminderKind.NOTICE_DAY]
    # Never asked yet (no sweep ran since the conversation): once now, on the eve of that date.
    late = datetime(2027, 1, 15, 11, tzinfo=UTC)
    assert planned_now(t, late)[ReminderKind.DID_YOU_TELL] == late
    assert ReminderKind.DID_YOU_TELL not in planned_now(t, datetime(2027, 1, 19, 11, tzinfo=UTC))
