"""Which nudges a case gets, and when. One table (KINDS) says, for each kind of reminder: the day it
is for, the checklist items its Done ticks, whether it repeats, and when it goes stale. Its words
and its button are in templates/reminders.md.j2; tests/test_registries.py walks every entry."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.core.calendar import WorkCalendar
from bot.core.case_states import EventKind
from bot.core.checklist import BRIEF_PREFIX, TRANSITION_PREFIX, ItemKey, is_follow_up
from bot.core.kinds import ReminderKind
from bot.core.schedule import Window, local_at, next_delivery

NOTICE_AHEAD_DAYS = 3
BOOKING_LEAD_DAYS = 2  # the booking nudge comes at least this many working days before the talk
OVERDUE_EVERY_DAYS = 1  # then 2, 4, ... (OVERDUE_BACKOFF_CAP at most) while nobody decides
OVERDUE_BACKOFF_CAP = 10  # two working weeks
FOLLOW_UP_EVERY_DAYS = 2
DID_YOU_TELL_EVERY_DAYS = 5  # the question comes back once a working week while untold


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
    told_on: date | None = None  # the day the client was told, once they have been
    contract_deadline: date | None = None  # the last day to tell them with the contract's notice
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


def _told(
    want: Callable[[CaseTimes, WorkCalendar], Wanted | None],
) -> Callable[[CaseTimes, WorkCalendar], Wanted | None]:
    """A follow-up that assumes the client knows: nothing until they have been told."""

    def wanted(t: CaseTimes, calendar: WorkCalendar) -> Wanted | None:
        return want(t, calendar) if t.client_told else None

    return wanted


def _untold(
    day: Callable[[CaseTimes, WorkCalendar], date], key: ItemKey, *also: ItemKey
) -> Callable[[CaseTimes, WorkCalendar], Wanted | None]:
    """A notice nudge: only while the client has not been told and `key` is open. It also ticks
    those of `also` the case has open (the formal written notice, sent the day they are told)."""

    def want(t: CaseTimes, calendar: WorkCalendar) -> Wanted | None:
        item = t.item(key)
        if t.client_told or item is None or item.done:
            return None
        extra = tuple(str(k) for k in also if (i := t.item(k)) is not None and not i.done)
        return Wanted(day(t, calendar), (key, *extra))

    return want


def _booking_day(t: CaseTimes, calendar: WorkCalendar) -> date:
    """Time to book: a few working days before the notify-by date, and at least BOOKING_LEAD_DAYS
    before the conversation (so it is never the conversation day itself)."""
    return min(
        calendar.add_working_days(t.notify_by, -NOTICE_AHEAD_DAYS),
        calendar.add_working_days(t.conversation_date, -BOOKING_LEAD_DAYS),
    )


def _confirmation(t: CaseTimes, calendar: WorkCalendar) -> Wanted | None:
    """The written confirmation once they know; it also asks after a formal written notice that has
    not gone out yet."""
    item = t.item(ItemKey.CONFIRM)
    if item is None or item.done:
        return None
    notice = t.item(ItemKey.WRITTEN_NOTICE)
    extra = (notice.key,) if notice is not None and not notice.done else ()
    return Wanted(item.due, (item.key, *extra))


def _is_transition(key: str) -> bool:
    return key.startswith(TRANSITION_PREFIX) or key == ItemKey.HANDOVER_MEETING


def _transition(t: CaseTimes, calendar: WorkCalendar) -> Wanted | None:
    """The handover, a step at a time: a nudge on each day open handover items fall due, ticking
    exactly those (most fall due from the day the handover work starts; an outstanding balance is
    agreed sooner)."""
    items = t.open_items(_is_transition)
    # Nothing is handed over before the client has been told: no nudge before the day after.
    earliest = calendar.add_working_days(t.told_on or t.conversation_date, 1)
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
    backoff: bool = False  # each repeat waits twice as long as the one before
    # The last day a repeating kind may go out: a final nudge lands on it, then nothing.
    last_day: Callable[[CaseTimes, WorkCalendar], date] | None = None
    # A repeat never falls on or after this day (that day's own nudges take over); the first may.
    repeats_before: Callable[[CaseTimes], date] | None = None
    # A day a repeat never skips past (it comes that day at the latest, once).
    turning_day: Callable[[CaseTimes, WorkCalendar], date | None] | None = None
    listed: bool = True  # shown among a case's next nudges
    # When two notice nudges fall on one day, or on the conversation day, only the one with the
    # lowest rank goes out: the conversation day carries everything the others would say.
    same_day_rank: int | None = None
    # A message owed, not a nudge: never re-planned or cancelled, and sent whatever became of the
    # case since it was owed.
    owed: bool = False
    until_told: bool = False  # no longer sent once the client has been told
    combines: bool = True  # goes out in one DM with the case's other nudges due with it
    # What the case's history says once it went out: (entry kind, words).
    on_sent: tuple[EventKind, str] | None = None


KINDS: dict[ReminderKind, KindSpec] = {
    ReminderKind.PLAN_READY: KindSpec(
        want=lambda t, c: None,
        working_hours=False,
        listed=False,
        owed=True,
        on_sent=(EventKind.PLAN_SENT, "Plan sent by DM"),
    ),
    ReminderKind.NOTICE_AHEAD: KindSpec(
        want=_untold(_booking_day, ItemKey.BOOK),
        stale_after=lambda t, for_day: min(t.notify_by, t.conversation_date - timedelta(days=1)),
        same_day_rank=4,
        until_told=True,
    ),
    ReminderKind.NOTICE_DAY: KindSpec(
        want=_untold(lambda t, c: t.notify_by, ItemKey.TELL),
        stale_after=lambda t, for_day: t.notify_by,
        same_day_rank=3,
        until_told=True,
    ),
    # The notify-by date has passed untold: a decision (move the dates, close or cancel), asked
    # again after 1, 2, 4... working days, and a last time the working day after the end date.
    ReminderKind.NOTICE_OVERDUE: KindSpec(
        want=_untold(lambda t, c: c.add_working_days(t.notify_by, 1), ItemKey.TELL),
        repeat_every=OVERDUE_EVERY_DAYS,
        backoff=True,
        last_day=lambda t, c: c.add_working_days(t.effective_date, 1),
        # The morning the contract's own notice can no longer be met: the decision, that day.
        turning_day=lambda t, c: (
            c.add_working_days(t.contract_deadline, 1)
            if t.contract_deadline and t.contract_deadline > t.notify_by
            else None
        ),
        stale_after=lambda t, for_day: max(for_day, t.effective_date + timedelta(days=7)),
        same_day_rank=1,
        until_told=True,
    ),
    # The working morning after the planned conversation, while nobody has said they were told;
    # then once a working week ("Not yet" does not end it) until the notify-by date's own nudges.
    ReminderKind.DID_YOU_TELL: KindSpec(
        want=_untold(lambda t, c: c.add_working_days(t.conversation_date, 1), ItemKey.TELL),
        repeat_every=DID_YOU_TELL_EVERY_DAYS,
        repeats_before=lambda t: t.notify_by,
        # Moved to a later morning (a DM already went that day, or a late sweep), it still helps
        # until the eve of the notify-by date; one for that day or later helps only on its day.
        stale_after=lambda t, for_day: max(for_day, t.notify_by - timedelta(days=1)),
        same_day_rank=2,
    ),
    ReminderKind.BRIEF_PEOPLE: KindSpec(
        want=_group(lambda k: k.startswith(BRIEF_PREFIX)),
        stale_after=lambda t, for_day: t.conversation_date,
    ),
    ReminderKind.CONVERSATION_DAY: KindSpec(
        want=_untold(
            lambda t, c: t.conversation_date, ItemKey.TELL, ItemKey.WRITTEN_NOTICE, ItemKey.SERVE_NOTICE
        ),
        stale_after=lambda t, for_day: t.conversation_date,
        same_day_rank=0,
    ),
    # Everything from here assumes the client knows: it waits for "told".
    ReminderKind.SEND_CONFIRMATION: KindSpec(want=_told(_confirmation)),
    ReminderKind.ASK_FEELINGS: KindSpec(want=_told(_single(ItemKey.ASK_FEELINGS))),
    ReminderKind.SEND_REFERRALS: KindSpec(want=_told(_single(ItemKey.SEND_REFERRALS))),
    ReminderKind.INTRODUCTION: KindSpec(
        want=_told(_single(ItemKey.INTRODUCE)), stale_after=lambda t, for_day: for_day
    ),
    ReminderKind.RESOLVE_CONCERNS: KindSpec(want=_told(_single(ItemKey.RESOLVE_CONCERNS))),
    ReminderKind.FOLLOW_UPS: KindSpec(want=_told(_group(is_follow_up)), repeat_every=FOLLOW_UP_EVERY_DAYS),
    ReminderKind.TRANSITION: KindSpec(want=_told(_transition), stepwise=True),
    ReminderKind.THANK_YOU: KindSpec(want=_told(_single(ItemKey.THANK_YOU_NOTE))),
    ReminderKind.CHECK_IN: KindSpec(want=_told(_single(ItemKey.CHECK_IN))),
    ReminderKind.REFLECT: KindSpec(want=_told(_single(ItemKey.REFLECT))),
}

# The kinds that assume the client knows (a test walks them).
AFTER_TOLD = frozenset(
    {
        ReminderKind.SEND_CONFIRMATION,
        ReminderKind.ASK_FEELINGS,
        ReminderKind.SEND_REFERRALS,
        ReminderKind.INTRODUCTION,
        ReminderKind.RESOLVE_CONCERNS,
        ReminderKind.FOLLOW_UPS,
        ReminderKind.TRANSITION,
        ReminderKind.THANK_YOU,
        ReminderKind.CHECK_IN,
        ReminderKind.REFLECT,
    }
)


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
    dm_days = {s.sent_day for s in t.sent}
    planned: list[PlannedReminder] = []
    for kind in t.kinds:
        spec = KINDS[kind]
        wanted = spec.want(t, calendar)
        if wanted is None:
            continue
        sent = [s for s in t.sent if s.kind is kind]
        for_day = wanted.for_day
        if spec.repeat_every:
            # Repeats count from this day on: after a re-plan (new dates), the backoff starts again.
            sent = [s for s in sent if s.for_day >= wanted.for_day]
            last = max((max(s.for_day, s.sent_day) for s in sent), default=None)
            if last is not None:
                gap = spec.repeat_every
                if spec.backoff:
                    gap = min(gap * 2 ** (len(sent) - 1), OVERDUE_BACKOFF_CAP)
                for_day = max(for_day, calendar.add_working_days(last, gap))
                turning = spec.turning_day(t, calendar) if spec.turning_day else None
                if turning is not None and last < turning < for_day:
                    for_day = turning
            # Days missed while nobody acted come back as one nudge now, not a burst.
            for_day = max(for_day, local_today)
            if spec.last_day is not None:
                for_day = min(for_day, max(spec.last_day(t, calendar), wanted.for_day))
            # Only a nudge on its own day may fall on or after `repeats_before`, never a later one.
            if spec.repeats_before and for_day != wanted.for_day and for_day >= spec.repeats_before(t):
                continue
        if any(s.for_day == for_day for s in sent) or is_stale(kind, for_day, t, local_today):
            continue
        due = send_morning(for_day, tz, calendar, window)
        if due < now:
            due = next_delivery(now, tz, calendar, window)
        while due.astimezone(tz).date() in dm_days:
            # At most one DM a case on one of the owner's days (what is due together goes as one):
            # once that day's DM has gone, the next working morning.
            due = local_at(calendar.add_working_days(due.astimezone(tz).date(), 1), window.start_hour, tz)
        if spec.stale_after is not None and due.astimezone(tz).date() > spec.stale_after(t, for_day):
            continue  # by the next working morning its day has gone
        planned.append(PlannedReminder(kind, for_day, due, wanted.covers))
    return _one_notice_a_day(planned, t.sent, tz)


def _one_notice_a_day(
    planned: list[PlannedReminder], sent: frozenset[Sent], tz: ZoneInfo
) -> list[PlannedReminder]:
    ranked = [p for p in planned if KINDS[p.kind].same_day_rank is not None]
    best: dict[date, int] = {}
    for s in sent:  # one that already went out that day counts too
        sent_rank = KINDS[s.kind].same_day_rank
        if sent_rank is not None:
            best[s.sent_day] = min(best.get(s.sent_day, sent_rank), sent_rank)
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


OWED_KINDS = frozenset(kind for kind, spec in KINDS.items() if spec.owed)


class Unwanted(StrEnum):
    """Why a reminder due now need not go out after all."""

    DONE = "done"  # everything it asks for is done
    CANCELLED = "cancelled"  # it no longer applies


def why_not_send(
    kind: ReminderKind,
    for_day: date | None,
    covers: Sequence[str],
    t: CaseTimes,
    active: bool,
    local_today: date,
) -> Unwanted | None:
    """Whether a reminder due now should still go out (None), by its kind's rules and the case as
    it is now (`active`: open, with reminders on)."""
    spec = KINDS[kind]
    if spec.owed:
        return None
    if not active:
        return Unwanted.CANCELLED
    if for_day is not None and is_stale(kind, for_day, t, local_today):
        return Unwanted.CANCELLED  # its day has gone; a stale nudge helps nobody
    if spec.until_told and t.client_told:
        return Unwanted.CANCELLED
    covered = [i for i in t.items if i.key in set(covers)]
    if covered and all(i.done for i in covered):
        return Unwanted.DONE
    return None
