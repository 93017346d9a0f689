"""The reminder plan of a case: which nudges, when, in the owner's zone, across weekends, holidays, DST."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.core.calendar import WorkCalendar
from bot.core.reminders import CaseTimes, PlannedReminder, ReminderKind, next_repeat, plan_reminders
from bot.core.schedule import Snooze, Window, local_at, next_delivery, snooze_until
from bot.holiday_calendar import calendar_for

CAL = WorkCalendar()
WINDOW = Window(9, 18)
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 12, 1, 10, tzinfo=UTC)  # Tuesday


def times(**overrides: object) -> CaseTimes:
    base = {
        "notify_by": date(2027, 1, 15),
        "conversation_date": date(2027, 1, 13),
        "effective_date": date(2027, 2, 26),
        "transition_start": date(2027, 2, 12),
    }
    return CaseTimes(**{**base, **overrides})  # type: ignore[arg-type]


def by_kind(planned: list[PlannedReminder]) -> dict[ReminderKind, datetime]:
    return {p.kind: p.due_at for p in planned}


def test_a_case_gets_each_kind_of_nudge_at_nine_local_on_working_days() -> None:
    planned = by_kind(plan_reminders(times(), LONDON, CAL, WINDOW, NOW))
    assert set(planned) == set(ReminderKind) - {ReminderKind.CONCERN}
    assert planned[ReminderKind.NOTICE_AHEAD] == datetime(2027, 1, 12, 9, tzinfo=UTC)  # 3 working days early
    assert planned[ReminderKind.NOTICE_DAY] == datetime(2027, 1, 15, 9, tzinfo=UTC)
    assert planned[ReminderKind.NOTICE_OVERDUE] == datetime(2027, 1, 18, 9, tzinfo=UTC)  # Fri -> Mon
    assert planned[ReminderKind.CONVERSATION_DAY] == datetime(2027, 1, 13, 9, tzinfo=UTC)
    assert planned[ReminderKind.ASK_FEELINGS] == datetime(2027, 1, 14, 9, tzinfo=UTC)
    assert planned[ReminderKind.SEND_REFERRALS] == datetime(2027, 1, 15, 9, tzinfo=UTC)
    assert planned[ReminderKind.THANK_YOU] == datetime(2027, 3, 1, 9, tzinfo=UTC)
    for due in planned.values():
        local = due.astimezone(LONDON)
        assert local.weekday() < 5 and local.time() == time(9)


def test_one_dm_when_the_conversation_is_on_the_notify_by_day() -> None:
    planned = plan_reminders(times(conversation_date=date(2027, 1, 15)), LONDON, CAL, WINDOW, NOW)
    days = [
        p.due_at.date() for p in planned if p.kind in (ReminderKind.NOTICE_DAY, ReminderKind.CONVERSATION_DAY)
    ]
    assert days == [date(2027, 1, 15)]


def test_once_the_client_is_told_no_notice_nudges_remain() -> None:
    planned = by_kind(plan_reminders(times(client_told=True), LONDON, CAL, WINDOW, NOW))
    assert not set(planned) & {
        ReminderKind.NOTICE_AHEAD,
        ReminderKind.NOTICE_DAY,
        ReminderKind.NOTICE_OVERDUE,
        ReminderKind.CONVERSATION_DAY,
    }


def test_done_items_and_already_sent_kinds_are_not_planned_again() -> None:
    planned = by_kind(
        plan_reminders(
            times(
                done_items=frozenset({"send_referrals"}),
                already_sent=frozenset({("ask_feelings", "ask_feelings")}),
            ),
            LONDON,
            CAL,
            WINDOW,
            NOW,
        )
    )
    assert ReminderKind.SEND_REFERRALS not in planned and ReminderKind.ASK_FEELINGS not in planned


def test_past_days_are_dropped_but_today_is_delivered_now() -> None:
    late_morning = datetime(2027, 1, 13, 11, tzinfo=UTC)
    planned = by_kind(plan_reminders(times(), LONDON, CAL, WINDOW, late_morning))
    assert ReminderKind.NOTICE_AHEAD not in planned  # was Tue 12 Jan
    assert planned[ReminderKind.CONVERSATION_DAY] == late_morning


def test_open_concerns_repeat_every_two_working_days() -> None:
    planned = [
        p
        for p in plan_reminders(times(open_concerns=("concern_1",)), LONDON, CAL, WINDOW, NOW)
        if p.kind is ReminderKind.CONCERN
    ]
    assert [(p.item_key, p.due_at) for p in planned] == [("concern_1", datetime(2026, 12, 3, 9, tzinfo=UTC))]
    again = next_repeat(ReminderKind.CONCERN, datetime(2026, 12, 4, 9, tzinfo=UTC), LONDON, CAL, WINDOW)
    assert again == datetime(2026, 12, 8, 9, tzinfo=UTC)  # Fri -> Tue


def test_public_holidays_are_skipped() -> None:
    england = calendar_for("GB", date(2026, 12, 1))
    planned = by_kind(
        plan_reminders(
            times(
                notify_by=date(2026, 12, 24),
                conversation_date=date(2026, 12, 23),
                effective_date=date(2027, 1, 29),
            ),
            LONDON,
            england,
            WINDOW,
            NOW,
        )
    )
    # The working day after Thu 24 Dec is Tue 29 Dec: Christmas and the Boxing Day substitute are skipped.
    assert planned[ReminderKind.NOTICE_OVERDUE] == datetime(2026, 12, 29, 9, tzinfo=UTC)


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
