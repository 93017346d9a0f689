"""Which nudges a case gets, and when. One table (KINDS) says, for each kind of reminder: the day it
is for, the checklist items its Done ticks, whether it repeats, and when it goes stale. Its words
and its button are in templates/reminders.md.j2; tests/test_registries.py walks every entry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.core.calendar import WorkCalendar
from bot.core.checklist import BRIEF_PREFIX, TRANSITION_PREFIX, ItemKey, is_follow_up
from bot.core.kinds import ReminderKind
from bot.core.schedule import Window, local_at, next_delivery

NOTICE_AHEAD_DAYS = 3
OVERDUE_EVERY_DAYS = 1
FOLLOW_UP_EVERY_DAYS = 2


@dataclass(frozen=True)
class ItemState:
    key: str
    due: date
    done: bool


@dataclass(frozen=True)
class Sent:
    """A reminder that went out: its kind, the day it was for and the owner's day it arrived."""

    kind: ReminderKind
    for_day: date
    sent_day: date


@dataclass(frozen=True)
class CaseTimes:
    notify_by: date
    conversation_date: date
    effective_date: date
    transition_start: date
    kinds: tuple[ReminderKind, ...]  # the kinds the case's situation uses
    client_told: bool = False
    items: tuple[ItemState, ...] = ()
    sent: frozenset[Sent] = field(default_factory=frozenset)

    def open_items(self, match: Callable[[str], bool]) -> list[ItemState]:
        return [i for i in self.items if not i.done and match(i.key)]

    def item(self, key: str) -> ItemState | None:
        return next((i for i in self.items if i.key == key), None)


@dataclass(frozen=True)
class Wanted:
    """What a kind wants for a case now: the day it is for and the items its Done ticks."""

    for_day: date
    covers: tuple[str, ...]


def _single(key: ItemKey) -> Callable[[CaseTimes, WorkCalendar], Wanted | None]:
    """A nudge on the due day of one open checklist item, ticking that item."""

    def want(t: CaseTimes, calendar: WorkCalendar) -> Wanted | None:
        item = t.item(key)
        return Wanted(item.due, (item.key,)) if item and not item.done else None

    return want


def _group(match: Callable[[str], bool]) -> Callable[[CaseTimes, WorkCalendar], Wanted | None]:
    """One nudge for a group of open items (on the earliest due day), ticking all it lists."""

    def want(t: CaseTimes, calendar: WorkCalendar) -> Wanted | None:
        items = t.open_items(match)
        return Wanted(min(i.due for i in items), tuple(i.key for i in items)) if items else None

    return want


def _untold(
    day: Callable[[CaseTimes, WorkCalendar], date], key: ItemKey
) -> Callable[[CaseTimes, WorkCalendar], Wanted | None]:
    """A notice nudge: only while the client has not been told and `key` is open."""

    def want(t: CaseTimes, calendar: WorkCalendar) -> Wanted | None:
        item = t.item(key)
        if t.client_told or item is None or item.done:
            return None
        return Wanted(day(t, calendar), (key,))

    return want


def _is_transition(key: str) -> bool:
    return key.startswith(TRANSITION_PREFIX) or key == ItemKey.HANDOVER_MEETING


def _transition(t: CaseTimes, calendar: WorkCalendar) -> Wanted | None:
    """The handover, a step at a time: a nudge on each day open handover items fall due, ticking
    exactly those (most fall due from the day the handover work starts; an outstanding balance is
    agreed sooner)."""
    items = t.open_items(_is_transition)
    # Nothing is handed over before the client has been told: no nudge before the day after the talk.
    earliest = calendar.add_working_days(t.conversation_date, 1)
    nudged = {s.for_day for s in t.sent if s.kind is ReminderKind.TRANSITION}
    days = sorted({max(i.due, earliest) for i in items} - nudged)
    if not days:
        return None
    return Wanted(days[0], tuple(i.key for i in items if max(i.due, earliest) == days[0]))


@dataclass(frozen=True)
class KindSpec:
    want: Callable[[CaseTimes, WorkCalendar], Wanted | None]
    repeat_every: int | None = None  # working days between repeats, until its items are done
    stepwise: bool = False  # one nudge per step: once one is sent, the next step is planned
    stale_after: Callable[[CaseTimes, date], date] | None = None  # the last day it still helps
    working_hours: bool = True
    listed: bool = True  # shown among a case's next nudges
    # When two notice nudges fall on one day, or on the conversation day, only the one with the
    # lowest rank goes out: the conversation day carries everything the others would say.
    same_day_rank: int | None = None


KINDS: dict[ReminderKind, KindSpec] = {
    ReminderKind.PLAN_READY: KindSpec(want=lambda t, c: None, working_hours=False, listed=False),
    ReminderKind.NOTICE_AHEAD: KindSpec(
        want=_untold(lambda t, c: c.add_working_days(t.notify_by, -NOTICE_AHEAD_DAYS), ItemKey.BOOK),
        stale_after=lambda t, for_day: t.notify_by,
        same_day_rank=2,
    ),
    ReminderKind.NOTICE_DAY: KindSpec(
        want=_untold(lambda t, c: t.notify_by, ItemKey.TELL),
        stale_after=lambda t, for_day: t.notify_by,
        same_day_rank=1,
    ),
    ReminderKind.NOTICE_OVERDUE: KindSpec(
        want=_untold(lambda t, c: c.add_working_days(t.notify_by, 1), ItemKey.TELL),
        repeat_every=OVERDUE_EVERY_DAYS,
    ),
    ReminderKind.BRIEF_PEOPLE: KindSpec(
        want=_group(lambda k: k.startswith(BRIEF_PREFIX)),
        stale_after=lambda t, for_day: t.conversation_date,
    ),
    ReminderKind.CONVERSATION_DAY: KindSpec(
        want=_untold(lambda t, c: t.conversation_date, ItemKey.TELL),
        stale_after=lambda t, for_day: t.conversation_date,
        same_day_rank=0,
    ),
    ReminderKind.SEND_CONFIRMATION: KindSpec(want=_single(ItemKey.CONFIRM)),
    ReminderKind.ASK_FEELINGS: KindSpec(want=_single(ItemKey.ASK_FEELINGS)),
    ReminderKind.SEND_REFERRALS: KindSpec(want=_single(ItemKey.SEND_REFERRALS)),
    ReminderKind.INTRODUCTION: KindSpec(
        want=_single(ItemKey.INTRODUCE), stale_after=lambda t, for_day: for_day
    ),
    ReminderKind.RESOLVE_CONCERNS: KindSpec(want=_single(ItemKey.RESOLVE_CONCERNS)),
    ReminderKind.FOLLOW_UPS: KindSpec(want=_group(is_follow_up), repeat_every=FOLLOW_UP_EVERY_DAYS),
    ReminderKind.TRANSITION: KindSpec(want=_transition, stepwise=True),
    ReminderKind.THANK_YOU: KindSpec(want=_single(ItemKey.THANK_YOU_NOTE)),
    ReminderKind.CHECK_IN: KindSpec(want=_single(ItemKey.CHECK_IN)),
    ReminderKind.REFLECT: KindSpec(want=_single(ItemKey.REFLECT)),
}


@dataclass(frozen=True)
class PlannedReminder:
    kind: ReminderKind
    for_day: date
    due_at: datetime
    covers: tuple[str, ...]


def send_morning(day: date, tz: ZoneInfo, calendar: WorkCalendar, window: Window) -> datetime:
    """The morning a nudge for `day` goes out: that day, or the working day before it."""
    return local_at(calendar.on_or_before(day), window.start_hour, tz)


def is_stale(kind: ReminderKind, for_day: date, t: CaseTimes, local_today: date) -> bool:
    spec = KINDS[kind]
    return spec.stale_after is not None and local_today > spec.stale_after(t, for_day)


def plan_reminders(
    t: CaseTimes, tz: ZoneInfo, calendar: WorkCalendar, window: Window, now: datetime
) -> list[PlannedReminder]:
    """The reminders a case wants, as of `now`: each at most once for the day it is for."""
    local_today = now.astimezone(tz).date()
    planned: list[PlannedReminder] = []
    for kind in t.kinds:
        spec = KINDS[kind]
        wanted = spec.want(t, calendar)
        if wanted is None:
            continue
        sent = [s for s in t.sent if s.kind is kind]
        for_day = wanted.for_day
        if spec.repeat_every:
            last = max((max(s.for_day, s.sent_day) for s in sent), default=None)
            if last is not None:
                for_day = max(for_day, calendar.add_working_days(last, spec.repeat_every))
            # Days missed while nobody acted come back as one nudge now, not a burst.
            for_day = max(for_day, local_today)
        if any(s.for_day == for_day for s in sent) or is_stale(kind, for_day, t, local_today):
            continue
        due = send_morning(for_day, tz, calendar, window)
        if due < now:
            due = next_delivery(now, tz, calendar, window)
        if any(s.sent_day == due.astimezone(tz).date() for s in sent):
            # Never the same kind twice on one of the owner's days: the next working morning.
            due = local_at(calendar.add_working_days(due.astimezone(tz).date(), 1), window.start_hour, tz)
        if spec.stale_after is not None and due.astimezone(tz).date() > spec.stale_after(t, for_day):
            continue  # by the next working morning its day has gone
        planned.append(PlannedReminder(kind, for_day, due, wanted.covers))
    return _one_notice_a_day(planned, tz)


def _one_notice_a_day(planned: list[PlannedReminder], tz: ZoneInfo) -> list[PlannedReminder]:
    ranked = [p for p in planned if KINDS[p.kind].same_day_rank is not None]
    best: dict[date, int] = {}
    for p in ranked:
        day = p.due_at.astimezone(tz).date()
        rank = KINDS[p.kind].same_day_rank
        assert rank is not None
        best[day] = min(best.get(day, rank), rank)
    return [
        p
        for p in planned
        if KINDS[p.kind].same_day_rank is None
        or KINDS[p.kind].same_day_rank == best[p.due_at.astimezone(tz).date()]
    ]


def plans_next_after_sending(kind: ReminderKind) -> bool:
    """Whether sending this kind makes a next one due (a repeat, or the next step), unasked."""
    spec = KINDS[kind]
    return spec.repeat_every is not None or spec.stepwise
