"""Which nudges a case gets, and when (tips 3, 5, 7, 9, 10, 11, 12, 13, 14, 15)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.core.calendar import WorkCalendar
from bot.core.plan import ItemKey
from bot.core.schedule import Window, local_at, morning_of, next_delivery

NOTICE_AHEAD_DAYS = 3
CONCERN_EVERY_DAYS = 2


class ReminderKind(StrEnum):
    NOTICE_AHEAD = "notice_ahead"
    NOTICE_DAY = "notice_day"
    NOTICE_OVERDUE = "notice_overdue"
    CONVERSATION_DAY = "conversation_day"
    ASK_FEELINGS = "ask_feelings"
    SEND_REFERRALS = "send_referrals"
    RESOLVE_CONCERNS = "resolve_concerns"
    CONCERN = "concern"
    TRANSITION = "transition"
    THANK_YOU = "thank_you"
    REFLECT = "reflect"

    @property
    def repeats(self) -> bool:
        """Kinds that keep coming back, one working day or a few apart, until acted on."""
        return self in (ReminderKind.NOTICE_OVERDUE, ReminderKind.CONCERN)


# The checklist item a reminder's Done button ticks off.
KIND_ITEMS: dict[ReminderKind, str] = {
    ReminderKind.NOTICE_AHEAD: ItemKey.TELL,
    ReminderKind.NOTICE_DAY: ItemKey.TELL,
    ReminderKind.NOTICE_OVERDUE: ItemKey.TELL,
    ReminderKind.CONVERSATION_DAY: ItemKey.TELL,
    ReminderKind.ASK_FEELINGS: ItemKey.ASK_FEELINGS,
    ReminderKind.SEND_REFERRALS: ItemKey.SEND_REFERRALS,
    ReminderKind.RESOLVE_CONCERNS: ItemKey.RESOLVE_CONCERNS,
    ReminderKind.THANK_YOU: ItemKey.THANK_YOU_NOTE,
    ReminderKind.REFLECT: ItemKey.REFLECT,
}
NOTICE_KINDS = (ReminderKind.NOTICE_AHEAD, ReminderKind.NOTICE_DAY, ReminderKind.NOTICE_OVERDUE)


@dataclass(frozen=True)
class CaseTimes:
    notify_by: date
    conversation_date: date
    effective_date: date
    transition_start: date
    client_told: bool = False
    done_items: frozenset[str] = field(default_factory=frozenset)
    open_concerns: tuple[str, ...] = ()
    already_sent: frozenset[tuple[str, str | None]] = field(default_factory=frozenset)


@dataclass(frozen=True)
class PlannedReminder:
    kind: ReminderKind
    due_at: datetime
    item_key: str | None


def plan_reminders(
    times: CaseTimes, tz: ZoneInfo, calendar: WorkCalendar, window: Window, now: datetime
) -> list[PlannedReminder]:
    """The reminders still to come for a case, as of `now`."""
    wanted: list[tuple[ReminderKind, date, str | None]] = []
    if not times.client_told:
        wanted.append(
            (
                ReminderKind.NOTICE_AHEAD,
                calendar.add_working_days(times.notify_by, -NOTICE_AHEAD_DAYS),
                ItemKey.TELL,
            )
        )
        wanted.append((ReminderKind.NOTICE_DAY, times.notify_by, ItemKey.TELL))
        wanted.append(
            (ReminderKind.NOTICE_OVERDUE, calendar.add_working_days(times.notify_by, 1), ItemKey.TELL)
        )
        wanted.append((ReminderKind.CONVERSATION_DAY, times.conversation_date, ItemKey.TELL))
    talk = times.conversation_date
    wanted += [
        (ReminderKind.ASK_FEELINGS, calendar.add_working_days(talk, 1), ItemKey.ASK_FEELINGS),
        (ReminderKind.SEND_REFERRALS, calendar.add_working_days(talk, 2), ItemKey.SEND_REFERRALS),
        (ReminderKind.RESOLVE_CONCERNS, calendar.add_working_days(talk, 5), ItemKey.RESOLVE_CONCERNS),
        (ReminderKind.TRANSITION, times.transition_start, None),
        (ReminderKind.THANK_YOU, calendar.add_working_days(times.effective_date, 1), ItemKey.THANK_YOU_NOTE),
        (ReminderKind.REFLECT, calendar.add_working_days(times.effective_date, 5), ItemKey.REFLECT),
    ]
    local_today = now.astimezone(tz).date()
    for concern in times.open_concerns:
        wanted.append(
            (ReminderKind.CONCERN, calendar.add_working_days(local_today, CONCERN_EVERY_DAYS), concern)
        )

    planned: list[PlannedReminder] = []
    for kind, day, item in wanted:
        if item is not None and item in times.done_items:
            continue
        if not kind.repeats and (kind.value, item) in times.already_sent:
            continue
        due = morning_of(day, tz, calendar, window)
        if due < now:
            if due.astimezone(tz).date() != local_today and not kind.repeats:
                continue  # its day has gone; a stale nudge helps nobody
            due = next_delivery(now, tz, calendar, window)
        planned.append(PlannedReminder(kind, due, item))
    return _without_same_day_notice(planned, tz)


def _without_same_day_notice(planned: list[PlannedReminder], tz: ZoneInfo) -> list[PlannedReminder]:
    """When the conversation is on the notify-by day (or the early nudge falls on it), one DM is enough."""
    conversation_days = {
        p.due_at.astimezone(tz).date() for p in planned if p.kind is ReminderKind.CONVERSATION_DAY
    }
    seen_days: set[date] = set()
    result = []
    for p in sorted(planned, key=lambda p: (p.due_at, list(ReminderKind).index(p.kind))):
        day = p.due_at.astimezone(tz).date()
        if p.kind in (ReminderKind.NOTICE_AHEAD, ReminderKind.NOTICE_DAY):
            if day in conversation_days or day in seen_days:
                continue
            seen_days.add(day)
        result.append(p)
    return result


def next_repeat(
    kind: ReminderKind, sent_at: datetime, tz: ZoneInfo, calendar: WorkCalendar, window: Window
) -> datetime:
    """When a repeating reminder comes back after being sent."""
    gap = 1 if kind is ReminderKind.NOTICE_OVERDUE else CONCERN_EVERY_DAYS
    day = calendar.add_working_days(sent_at.astimezone(tz).date(), gap)
    return local_at(day, window.start_hour, tz)
