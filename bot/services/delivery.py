"""Delivering claimed reminders and owed messages: render, post, and record what became of each,
one transaction per outcome. What a kind does (whether it still goes, what follows it) is in its
entry in bot/core/reminders.py (KINDS); every change of state goes through
bot/storage/reminder_lifecycle.py."""

from __future__ import annotations

import logging
import threading
import urllib.error
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import partial
from typing import Any, Protocol

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.calendar import WorkCalendar
from bot.core.case_states import EventKind
from bot.core.kinds import ReminderKind
from bot.core.reminders import KINDS, Unwanted, plans_next_after_sending, why_not_send
from bot.core.schedule import next_delivery, zone
from bot.deps import Deps
from bot.installations import bot_token_for, installation_store
from bot.services.read_models import CaseView, ReminderView, case_view, reminder_view
from bot.storage import reminder_lifecycle as lifecycle
from bot.storage import reminders as reminder_store
from bot.storage.cases import record
from bot.storage.models import Reminder, ReminderState, TimelineEvent

log = logging.getLogger("bot.reminders")

TRANSIENT = {"internal_error", "fatal_error", "service_unavailable", "request_timeout"}
# Slack errors that no retry will fix; the owner's account going away stops the case's reminders.
OWNER_GONE = {"user_not_found", "account_inactive", "user_disabled"}
LATE_AFTER = timedelta(hours=1)
DEFAULT_RETRY_AFTER = 30
MAX_BLOCKS = 50  # Slack's limit for one message
NETWORK = (urllib.error.URLError, TimeoutError, ConnectionError)

Message = dict[str, Any]


class Render(Protocol):
    def __call__(
        self, case: CaseView, reminder: ReminderView, *, late: bool, today: date, calendar: WorkCalendar
    ) -> Message: ...


class Fate(StrEnum):
    """What became of one claimed reminder (a sweep report's counter)."""

    SENT = "sent"
    DEFERRED = "deferred"
    RETRIED = "retried"
    FAILED = "failed"
    SKIPPED = "skipped"
    LOST = "lost"  # its claim was taken over, or its case deleted


@dataclass(frozen=True)
class Due:
    """A claimed reminder; those with one `group` go out as one DM (a case's nudges due together)."""

    reminder_id: int
    token: str
    team_id: str
    group: int


@dataclass(frozen=True)
class Batch:
    due: list[Due]
    rows: dict[int, Reminder]  # the claimed reminders as read, with their cases

    def groups(self) -> list[list[Due]]:
        by_group: dict[int, list[Due]] = {}
        for due in self.due:
            by_group.setdefault(due.group, []).append(due)
        return list(by_group.values())


@dataclass(frozen=True)
class Outgoing:
    due: Due
    owner: str
    team: str
    enterprise: str | None
    case_id: int
    kind: ReminderKind
    late: bool
    message: Message


@dataclass(frozen=True)
class Sent:
    """Messages Slack accepted, to be recorded as sent."""

    part: list[Outgoing]
    at: datetime
    channel: str
    ts: str | None


@dataclass(frozen=True)
class Prepared:
    """A group's messages ready to post, and the fates of its reminders already settled."""

    group: list[Due]
    fates: dict[int, Fate]
    ready: list[Outgoing]


@dataclass
class _Queued:
    sent: Sent
    fates: dict[int, Fate] | None = None


class GroupCommit:
    """Records of sent messages from several senders, written together: a sender whose record
    finds another being written queues it and waits, and the next writer takes every queued record
    in one transaction (each waits no longer than for the write lock it would wait for anyway). A
    sender still posts nothing more before its own record is committed, so a crash can send twice
    at most the one message each sender had under way, as with a transaction per record."""

    def __init__(self, write: Callable[[list[Sent]], dict[int, Fate]]) -> None:
        self._write = write
        self._queued: list[_Queued] = []
        self._queue_lock = threading.Lock()
        self._writer = threading.Lock()

    def record(self, sent: Sent) -> dict[int, Fate]:
        mine = _Queued(sent)
        with self._queue_lock:
            self._queued.append(mine)
        with self._writer:
            if mine.fates is None:  # no writer took it while this one waited: write the queue
                with self._queue_lock:
                    taken, self._queued = self._queued, []
                fates = self._write([q.sent for q in taken])
                for queued in taken:
                    queued.fates = {o.due.reminder_id: fates[o.due.reminder_id] for o in queued.sent.part}
        assert mine.fates is not None
        return mine.fates


class BotTokens:
    """Which token a workspace's messages go with (None with one workspace: the client's own)."""

    def __init__(self, deps: Deps) -> None:
        self.installations = installation_store(deps) if deps.settings.oauth else None

    def of(self, team: str, enterprise: str | None) -> tuple[bool, str | None]:
        """Whether the workspace still has the app, and the token to send with."""
        if self.installations is None:
            return True, None
        found = bot_token_for(self.installations, team, enterprise)
        return found is not None, found


class Delivery:
    def __init__(
        self, deps: Deps, client: WebClient, render: Render, combine: Callable[[list[Message]], Message]
    ) -> None:
        """`render` makes a reminder's DM; `combine` makes one DM of several due together."""
        self.deps = deps
        self.client = client
        self.render = render
        self.combine = combine
        self.tokens = BotTokens(deps)
        self._unexpected: list[int] = []
        self._lock = threading.Lock()
        self._records = GroupCommit(self._write_sent)

    # ---- claiming ----------------------------------------------------------------------------
    def release_stale(self, now: datetime) -> int:
        with self.deps.db.session(write=True) as session:
            return lifecycle.release_stale_claims(session, now)

    def claim(self, now: datetime, limit: int, skip_teams: set[str]) -> Batch:
        """Up to `limit` due reminders (none of a workspace in `skip_teams`), read with their cases."""
        with self.deps.db.session(write=True) as session:
            token, claimed = lifecycle.claim_due(session, now, limit, skip_teams=skip_teams)
        return self._read([(c, token) for c in claimed])

    def _read(self, claimed: list[tuple[lifecycle.Claimed, str]]) -> Batch:
        if not claimed:
            return Batch([], {})
        with self.deps.db.session() as session:
            rows = lifecycle.load_claimed(session, [c.reminder_id for c, _ in claimed])
        due = [
            Due(c.reminder_id, token, c.team_id, _group(rows.get(c.reminder_id), c)) for c, token in claimed
        ]
        return Batch(due, rows)

    # ---- delivering --------------------------------------------------------------------------
    def deliver_now(self, reminder_id: int) -> Fate | None:
        """Send one owed message at once (the plan's summary), with its case's nudges already due
        (one DM, not three within a minute); if it cannot go now, the sweep retries it."""
        now = self.deps.now()
        with self.deps.db.session(write=True) as session:
            token, claimed = lifecycle.claim_due(session, now, 1, only=reminder_id)
            if not claimed:
                return None  # another request or a sweep has it
            case_id = lifecycle.case_of_reminder(session, reminder_id)
            sibling_token, siblings = lifecycle.claim_due(session, now, MAX_BLOCKS, case_id=case_id)
        batch = self._read([(claimed[0], token), *((s, sibling_token) for s in siblings)])
        return self.deliver(batch, batch.due, now, {})[0]

    def hand_back(self, prepared: Prepared, now: datetime) -> list[Fate | None]:
        """Rendered but not sent, not tried: back to waiting (the process is stopping)."""
        fates = dict(prepared.fates)
        with self.deps.db.session(write=True) as session:
            for outgoing in prepared.ready:
                lifecycle.defer(session, outgoing.due.reminder_id, outgoing.due.token, now)
                fates[outgoing.due.reminder_id] = Fate.DEFERRED
        return [fates.get(due.reminder_id) for due in prepared.group]

    def defer_team(self, batch: Batch, team: str, until: datetime) -> int:
        """A rate-limited workspace's unsent share of the batch goes back, to be tried at `until`."""
        with self.deps.db.session(write=True) as session:
            return sum(
                lifecycle.defer_team(session, token, team, until)
                for token in {d.token for d in batch.due if d.team_id == team}
            )

    def take_unexpected(self) -> list[str]:
        with self._lock:
            found, self._unexpected = self._unexpected, []
        return [str(i) for i in found]

    def deliver(
        self, batch: Batch, group: list[Due], now: datetime, backoff: dict[str, datetime]
    ) -> list[Fate | None]:
        """One DM for the group (at most Slack's 50 blocks each), and each reminder's outcome
        recorded; None for those left to go back with their rate-limited workspace's batch."""
        return self.send(self.prepare(batch, group, now), now, backoff)

    def prepare(self, batch: Batch, group: list[Due], now: datetime) -> Prepared:
        """The group's messages rendered, and the fates of those that need not go (or not yet)."""
        fates: dict[int, Fate] = {}
        ready: list[Outgoing] = []
        for due in group:
            prepared = self._guarded([due], fates, now, partial(self._prepare, batch, due, now))
            if isinstance(prepared, Outgoing):
                ready.append(prepared)
        return Prepared(group, fates, ready)

    def send(self, prepared: Prepared, now: datetime, backoff: dict[str, datetime]) -> list[Fate | None]:
        """Post the prepared messages and record each outcome; None for those left to go back
        with their rate-limited workspace's batch."""
        fates = dict(prepared.fates)
        if prepared.group[0].team_id not in backoff:
            for part in _packed(prepared.ready):
                self._guarded([o.due for o in part], fates, now, partial(self._post, part, now, backoff))
        return [fates.get(due.reminder_id) for due in prepared.group]

    def _guarded(
        self, dues: list[Due], fates: dict[int, Fate], now: datetime, work: Callable[[], Any]
    ) -> Any:
        """One bad reminder must not stop the rest: it is retried with backoff, and fails for good
        after MAX_ATTEMPTS, with the reason in its case's history."""
        try:
            done = work()
        except Exception as error:
            log.exception("reminders %s: unexpected error while delivering", [d.reminder_id for d in dues])
            with self._lock:
                self._unexpected += [d.reminder_id for d in dues]
            for due in dues:
                fates[due.reminder_id] = self._retry(due, now, f"error: {type(error).__name__}")
            return None
        if isinstance(done, Fate):
            fates[dues[0].reminder_id] = done
        elif isinstance(done, dict):
            fates.update(done)
        return done

    def _prepare(self, batch: Batch, due: Due, now: datetime) -> Outgoing | Fate:
        """Render the message, or settle why it need not go (or not yet)."""
        reminder = batch.rows.get(due.reminder_id)
        if reminder is None or reminder.claim_token != due.token or reminder.state != ReminderState.SENDING:
            return Fate.LOST
        case = reminder.case
        tz = zone(case.owner_tz)
        today = now.astimezone(tz).date()
        calendar = self.deps.calendar()
        kind = reminder.kind if reminder.kind in KINDS else None
        times = reminder_store.case_times(case, calendar, with_history=False)
        active = case.is_active and case.reminders_enabled
        # A kind this version no longer sends is cancelled.
        why_not = (
            why_not_send(kind, reminder.for_day, reminder.covers, times, active, today) if kind else None
        )
        if why_not is not None or kind is None:
            state = ReminderState.DONE if why_not is Unwanted.DONE else ReminderState.CANCELLED
            with self.deps.db.session(write=True) as session:
                lifecycle.settle_unsent(session, due.reminder_id, due.token, state)
            return Fate.SKIPPED
        if KINDS[kind].working_hours:
            when = next_delivery(now, tz, calendar, self.deps.window)
            if when > now:  # outside the owner's working hours: not now, not lost
                with self.deps.db.session(write=True) as session:
                    lifecycle.defer(session, due.reminder_id, due.token, when)
                return Fate.DEFERRED
        late = now - reminder.due_at > LATE_AFTER
        message = self.render(
            case_view(case, events=False), reminder_view(reminder), late=late, today=today, calendar=calendar
        )
        return Outgoing(due, case.owner_id, case.team_id, case.enterprise_id, case.id, kind, late, message)

    def _post(self, part: list[Outgoing], now: datetime, backoff: dict[str, datetime]) -> dict[int, Fate]:
        first = part[0]
        installed, bot_token = self.tokens.of(first.team, first.enterprise)
        if not installed:
            return {o.due.reminder_id: self._give_up(o.due, "not_installed", now) for o in part}
        try:
            response = self.client.chat_postMessage(
                channel=first.owner, token=bot_token, **self.combine([o.message for o in part])
            )
        except SlackApiError as error:
            return {o.due.reminder_id: self._failed_call(o.due, error, now, backoff) for o in part}
        except NETWORK as error:
            return {
                o.due.reminder_id: self._retry(o.due, now, f"network: {type(error).__name__}") for o in part
            }
        channel = str(response.get("channel") or first.owner)
        return self._records.record(Sent(part, now, channel, response.get("ts")))

    # ---- outcomes ------------------------------------------------------------------------------
    def _write_sent(self, sent: list[Sent]) -> dict[int, Fate]:
        """In one transaction: each reminder SENT, and what its kind says follows (a history entry,
        the next nudge planned from the case as it is now)."""
        outgoing = [(o, s) for s in sent for o in s.part]
        fates: dict[int, Fate] = {}
        try:
            with self.deps.db.session(write=True) as session:
                for o, s in outgoing:
                    marked = lifecycle.mark_sent(
                        session, o.due.reminder_id, o.due.token, s.at, o.late, s.channel, s.ts
                    )
                    fates[o.due.reminder_id] = Fate.SENT if marked else Fate.LOST
                sent_now = [(o, s.at) for o, s in outgoing if fates[o.due.reminder_id] is Fate.SENT]
                for o, at in sent_now:
                    if (note := KINDS[o.kind].on_sent) is not None:
                        session.add(TimelineEvent(case_id=o.case_id, at=at, kind=note[0], detail=note[1]))
                replans = {o.case_id: at for o, at in sent_now if plans_next_after_sending(o.kind)}
                for case_id, at in replans.items():
                    case = lifecycle.case_for_update(session, case_id)
                    if case is not None:
                        reminder_store.replan(session, case, at, self.deps.calendar(), self.deps.window)
        except Exception:
            # Nothing was recorded: these stay claimed until their claims go stale, and are sent
            # again then.
            log.exception("recording %d sent reminders failed", len(outgoing))
            return {o.due.reminder_id: Fate.LOST for o, _ in outgoing}
        return fates

    def _failed_call(
        self, due: Due, error: SlackApiError, now: datetime, backoff: dict[str, datetime]
    ) -> Fate:
        status = getattr(error.response, "status_code", 0)
        code = str(error.response.get("error") or f"http_{status}")
        if status == 429:
            # Slack's rate limit is per workspace: the rest of this team's batch waits too.
            wait = _retry_after(error)
            with self._lock:
                backoff[due.team_id] = max(backoff.get(due.team_id, now), now + timedelta(seconds=wait))
                until = backoff[due.team_id]
            with self.deps.db.session(write=True) as session:
                lifecycle.defer(
                    session, due.reminder_id, due.token, until, f"ratelimited, retry after {wait}s"
                )
            return Fate.DEFERRED
        if status >= 500 or code in TRANSIENT:
            return self._retry(due, now, code)
        return self._give_up(due, code, now)

    def _retry(self, due: Due, now: datetime, reason: str) -> Fate:
        with self.deps.db.session(write=True) as session:
            state = lifecycle.retry_later(session, due.reminder_id, due.token, now, reason)
        if state is None:
            return Fate.LOST
        return Fate.RETRIED if state == ReminderState.PENDING else Fate.FAILED

    def _give_up(self, due: Due, reason: str, now: datetime) -> Fate:
        with self.deps.db.session(write=True) as session:
            reminder = lifecycle.reminder_with_case(session, due.reminder_id)
            if reminder is None or reminder.claim_token != due.token:
                return Fate.LOST
            lifecycle.fail_for_good(session, reminder, reason, now)
            if reason in OWNER_GONE:
                lifecycle.cancel_waiting(reminder.case)
                record(
                    reminder.case,
                    EventKind.OWNER_INACTIVE,
                    None,
                    now,
                    "The owner's Slack account is inactive; reminders stopped",
                )
        return Fate.FAILED


def _group(reminder: Reminder | None, claimed: lifecycle.Claimed) -> int:
    """A case's planned nudges of kinds that combine share a DM; anything else goes on its own
    (rows made outside planning, as bulk ones are, one by one)."""
    if reminder is None or reminder.item_key != lifecycle.PLANNED or reminder.kind not in KINDS:
        return -claimed.reminder_id
    return reminder.case_id if KINDS[reminder.kind].combines else -claimed.reminder_id


def _packed(ready: list[Outgoing]) -> list[list[Outgoing]]:
    """Messages of at most Slack's 50 blocks, in order (a divider between nudges)."""
    parts: list[list[Outgoing]] = []
    size = 0
    for outgoing in ready:
        blocks = len(outgoing.message["blocks"]) + 1
        if parts and size + blocks <= MAX_BLOCKS:
            parts[-1].append(outgoing)
            size += blocks
        else:
            parts.append([outgoing])
            size = blocks
    return parts


def _retry_after(error: SlackApiError) -> int:
    headers = getattr(error.response, "headers", {}) or {}
    raw = headers.get("Retry-After") or headers.get("retry-after")
    if isinstance(raw, list):
        raw = raw[0] if raw else None
    try:
        return max(1, min(int(str(raw)), 3600))
    except (TypeError, ValueError):
        return DEFAULT_RETRY_AFTER
