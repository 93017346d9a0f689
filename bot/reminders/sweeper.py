"""The sweep: claim due reminders atomically, deliver each once, and cope with Slack's faults.
Every state change goes through bot/storage/reminder_lifecycle.py."""

from __future__ import annotations

import logging
import threading
import urllib.error
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, joinedload, selectinload

from bot.core.kinds import ReminderKind
from bot.core.reminders import KINDS, is_stale, plans_next_after_sending
from bot.core.schedule import next_delivery, zone
from bot.deps import Deps
from bot.installations import bot_token_for, installation_store
from bot.services import digests
from bot.slack.messages import plan_ready
from bot.slack.reminder_messages import MAX_BLOCKS, combined_message, reminder_message
from bot.slack.team_views import digest_message
from bot.storage import reminder_lifecycle as lifecycle
from bot.storage import reminders as reminder_store
from bot.storage.cases import record
from bot.storage.db import OwnConnection
from bot.storage.models import Case, EventKind, Reminder, ReminderState, TimelineEvent

log = logging.getLogger("bot.reminders")

BATCH = 200
WORKERS = 4
TRANSIENT = {"internal_error", "fatal_error", "service_unavailable", "request_timeout"}
MAX_PER_SWEEP = 20_000
LATE_AFTER = timedelta(hours=1)
DEFAULT_RETRY_AFTER = 30
# Slack errors that no retry will fix; the owner's account going away stops the case's reminders.
OWNER_GONE = {"user_not_found", "account_inactive", "user_disabled"}


class Fate(StrEnum):
    """What became of one claimed reminder (a SweepReport counter)."""

    SENT = "sent"
    DEFERRED = "deferred"
    RETRIED = "retried"
    FAILED = "failed"
    SKIPPED = "skipped"
    LOST = "lost"  # its claim was taken over, or its case deleted


@dataclass
class SweepReport:
    claimed: int = 0
    sent: int = 0
    deferred: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0
    lost: int = 0
    released_stuck: int = 0
    digests: int = 0
    errors: list[str] = field(default_factory=list)

    def count(self, fate: Fate) -> None:
        setattr(self, fate.value, getattr(self, fate.value) + 1)


@dataclass(frozen=True)
class Outgoing:
    """A rendered message ready to post, and what recording it needs."""

    owner: str
    team: str
    enterprise: str | None
    message: dict[str, Any]
    late: bool
    kind: ReminderKind
    case_id: int


@dataclass(frozen=True)
class Batch:
    """One claim: its token, the reminders it took, and those reminders as read with their cases."""

    token: str
    claimed: list[lifecycle.Claimed]
    loaded: dict[int, Reminder]


def _run_now(work: Callable[..., Any], *args: Any) -> Future[Any]:
    done: Future[Any] = Future()
    done.set_result(work(*args))
    return done


@dataclass(frozen=True)
class Delivered:
    """A message Slack accepted, to be recorded as sent."""

    reminder_id: int
    token: str
    at: datetime
    outgoing: Outgoing
    channel: str
    ts: str | None


class Recorder:
    """Records what Slack accepted, several senders' messages to one statement (a group commit):
    each sender waits until its own record is committed, so a crash can send again at most the
    messages under way (one per sender), while a busy sweep commits once for many messages
    instead of once each. (Two looser recorders were measured: one that let senders go on before
    their records were committed, and one that let a sender render its next message first. Both
    were barely faster, and sent more messages twice on kill -9.)"""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps
        self._queued: list[tuple[Delivered, Future[Fate]]] = []
        self._queue_lock = threading.Lock()
        self._commit_lock = threading.Lock()
        self._connection = OwnConnection(deps.db)  # used only under the commit lock

    def record(self, delivered: Delivered) -> Fate:
        fate: Future[Fate] = Future()
        with self._queue_lock:
            self._queued.append((delivered, fate))
        with self._commit_lock:
            # Whoever holds the lock commits everything queued so far, this sender's record
            # included, unless an earlier holder already took it.
            with self._queue_lock:
                batch, self._queued = self._queued, []
            if batch:
                self._commit_all(batch)
        return fate.result()

    def _commit_all(self, batch: list[tuple[Delivered, Future[Fate]]]) -> None:
        try:
            fates = self._commit([d for d, _ in batch])
        except Exception:
            # Nothing was recorded: these stay claimed until their claims go stale, and are sent
            # again then. Each sender learns its message was lost.
            log.exception("recording %d sent reminders failed", len(batch))
            fates = {d.reminder_id: Fate.LOST for d, _ in batch}
        for d, fate in batch:
            fate.set_result(fates[d.reminder_id])

    def close(self) -> None:
        """At the end of a sweep: the connection goes back to the pool."""
        with self._commit_lock:
            self._connection.close()

    def _commit(self, batch: list[Delivered]) -> dict[int, Fate]:
        records = [
            lifecycle.SentRecord(d.reminder_id, d.token, d.at, d.outgoing.late, d.channel, d.ts)
            for d in batch
        ]
        follow_up = [d for d in batch if _has_follow_up(d.outgoing.kind)]
        if not follow_up:  # the usual case: one statement, no ORM
            with self._connection.cursor() as cursor:
                lost = lifecycle.mark_all_sent(cursor, self._connection.dialect, records)
        else:
            with self.deps.db.session(write=True) as session:
                connection = session.connection()
                with closing(connection.connection.cursor()) as cursor:
                    lost = lifecycle.mark_all_sent(cursor, connection.dialect, records)
                self._follow_up(session, [d for d in follow_up if d.reminder_id not in lost])
        return {d.reminder_id: Fate.LOST if d.reminder_id in lost else Fate.SENT for d in batch}

    def _follow_up(self, session: Session, sent: list[Delivered]) -> None:
        """In the transaction that records them: the plan's DM goes into the case history, and a
        stepwise kind's next nudge is planned from the case as it is now."""
        for d in sent:
            if d.outgoing.kind is ReminderKind.PLAN_READY:
                session.add(
                    TimelineEvent(
                        case_id=d.outgoing.case_id,
                        at=d.at,
                        kind=EventKind.PLAN_SENT,
                        detail="Plan sent by DM",
                    )
                )
        for case_id in {
            d.outgoing.case_id
            for d in sent
            if _has_follow_up(d.outgoing.kind) and d.outgoing.kind is not ReminderKind.PLAN_READY
        }:
            case = session.get(
                Case,
                case_id,
                options=[selectinload(Case.items), selectinload(Case.reminders)],
                with_for_update=True,
            )
            if case is not None:
                reminder_store.replan(session, case, sent[0].at, self.deps.calendar(), self.deps.window)


def _has_follow_up(kind: ReminderKind) -> bool:
    return kind is ReminderKind.PLAN_READY or plans_next_after_sending(kind)


_LOAD = (
    select(Reminder)
    .where(Reminder.id.in_(bindparam("ids", expanding=True)))
    .options(joinedload(Reminder.case).selectinload(Case.items))
)


class Sweeper:
    def __init__(self, deps: Deps, client: WebClient, batch: int = BATCH, workers: int = WORKERS) -> None:
        self.deps = deps
        self.client = client
        self.batch = batch
        self.workers = workers
        self._unexpected: list[int] = []  # reminders whose delivery raised, for the sweep's report
        self._stopping = threading.Event()
        # Many workspaces: each one's reminders go out with its own bot token.
        self.installations = installation_store(deps) if deps.settings.oauth else None
        self._recorder = Recorder(deps)

    def stop(self) -> None:
        """Finish and record the sends under way, hand back the rest of the batch, claim no more:
        a process told to stop (SIGTERM, a deploy) leaves nothing to send twice."""
        self._stopping.set()

    def sweep(self) -> SweepReport:
        report = SweepReport()
        now = self.deps.now()
        with self.deps.db.session(write=True) as session:
            report.released_stuck = lifecycle.release_stale_claims(session, now)
        backoff: dict[str, datetime] = {}
        try:
            with self._senders() as senders:
                batch = self._next_batch(now, backoff, report)
                while batch is not None:
                    under_way = self._start(senders, batch, now, backoff)
                    # Half-way through this batch the next one is claimed and read, while the
                    # senders post the rest: late enough that a workspace which met a rate limit
                    # here is already left out of it.
                    if under_way:
                        wait([under_way[len(under_way) // 2]])
                    following = self._next_batch(now, backoff, report)
                    self._finish(batch, under_way, backoff, report)
                    batch = following
        finally:
            self._recorder.close()
        if not self._stopping.is_set():
            report.digests = self._send_digests(now)
        if report.claimed or report.digests:
            log.info("sweep: %s", report)
        return report

    def _bot_token(self, team: str, enterprise: str | None) -> tuple[bool, str | None]:
        """Whether the workspace still has the app, and the token to send with (None with one
        workspace: the client's own)."""
        if self.installations is None:
            return True, None
        found = bot_token_for(self.installations, team, enterprise)
        return found is not None, found

    def _send_digests(self, now: datetime) -> int:
        """Team leads' weekly digests that are due, each once a week; a failed send is released
        for the next sweep to try again."""
        sent = 0
        for due in digests.due(self.deps, now):
            installed, bot_token = self._bot_token(due.lead.team_id, due.lead.enterprise_id)
            if not installed:
                continue  # the workspace left: the week stays taken, nothing to send
            try:
                self.client.chat_postMessage(
                    channel=due.lead.user_id, token=bot_token, **digest_message(due.at_risk)
                )
                sent += 1
            except (SlackApiError, urllib.error.URLError, TimeoutError, ConnectionError) as error:
                log.warning("weekly digest not sent, will retry: %s", type(error).__name__)
                digests.release(self.deps, due)
        return sent

    def deliver_now(self, reminder_id: int) -> Fate | None:
        """Send one owed message at once (the plan's summary), by the same rules as the sweep; if
        it cannot go now, the sweep retries it."""
        now = self.deps.now()
        with self.deps.db.session(write=True) as session:
            token, claimed = lifecycle.claim_due(session, now, 1, only=reminder_id)
            if not claimed:
                return None  # another request or a sweep has it
            # The case's nudges already due go with it: one DM, not three within a minute.
            siblings = [
                (item, sibling_token)
                for sibling in session.scalars(_DUE_SIBLINGS, {"id": reminder_id, "now": now}).all()
                for sibling_token, found in [lifecycle.claim_due(session, now, 1, only=sibling)]
                for item in found
            ]
        try:
            fates = self._deliver_group([(claimed[0], token), *siblings], now, {}, {})
            return fates[0]
        finally:
            self._recorder.close()

    def _next_batch(self, now: datetime, backoff: dict[str, datetime], report: SweepReport) -> Batch | None:
        """Claim the next due reminders (none from a workspace Slack asked us to leave alone) and
        read them with their cases, or None when the sweep is done."""
        if report.claimed >= MAX_PER_SWEEP or self._stopping.is_set():
            return None
        with self.deps.db.session(write=True) as session:
            token, claimed = lifecycle.claim_due(session, now, self.batch, skip_teams=set(backoff))
        if not claimed:
            return None
        report.claimed += len(claimed)
        return Batch(token, claimed, self._load([item.reminder_id for item in claimed]))

    @contextmanager
    def _senders(self) -> Iterator[Callable[..., Future[Any]]]:
        """Submits work to the sweep's senders (or runs it at once, with one sender)."""
        if self.workers == 1:
            yield _run_now
            return
        with ThreadPoolExecutor(self.workers, thread_name_prefix="sweep") as pool:
            yield pool.submit

    def _start(
        self, senders: Callable[..., Future[Any]], batch: Batch, now: datetime, backoff: dict[str, datetime]
    ) -> list[Future[list[Fate | None]]]:
        def deliver(items: list[lifecycle.Claimed]) -> list[Fate | None]:
            if items[0].team_id in backoff:
                return [None] * len(items)  # deferred with the rest of the team's batch
            if self._stopping.is_set():
                with self.deps.db.session(write=True) as session:
                    for item in items:
                        lifecycle.defer(session, item.reminder_id, batch.token, now)
                return [Fate.DEFERRED] * len(items)
            if len(items) == 1:
                loaded = batch.loaded.get(items[0].reminder_id)
                return [self._deliver_guarded(items[0], batch.token, now, backoff, loaded)]
            return list(self._deliver_group([(i, batch.token) for i in items], now, backoff, batch.loaded))

        # A case's nudges due this morning go out as one DM.
        by_case: dict[int, list[lifecycle.Claimed]] = {}
        for item in batch.claimed:
            loaded = batch.loaded.get(item.reminder_id)
            # Only the planner's rows (bulk rows made outside planning go one by one).
            planned = loaded is not None and loaded.item_key == lifecycle.PLANNED
            key = loaded.case_id if loaded is not None and planned else -item.reminder_id
            by_case.setdefault(key, []).append(item)
        return [senders(deliver, items) for items in by_case.values()]

    def _finish(
        self,
        batch: Batch,
        under_way: list[Future[list[Fate | None]]],
        backoff: dict[str, datetime],
        report: SweepReport,
    ) -> None:
        for future in under_way:
            for fate in future.result():
                if fate is not None:
                    report.count(fate)
        report.errors += [str(i) for i in self._unexpected]
        self._unexpected.clear()
        # A rate-limited workspace's unsent share of the batch goes back in one statement, and the
        # rest of this sweep leaves that workspace alone.
        for team, until in backoff.items():
            with self.deps.db.session(write=True) as session:
                report.deferred += lifecycle.defer_team(session, batch.token, team, until)

    def _load(self, reminder_ids: list[int]) -> dict[int, Reminder]:
        """A batch's reminders with their cases and checklists, read in one go."""
        with self.deps.db.session() as session:
            found = session.scalars(_LOAD, {"ids": reminder_ids}).all()
            return {r.id: r for r in found}

    def _deliver_guarded(
        self,
        item: lifecycle.Claimed,
        token: str,
        now: datetime,
        backoff: dict[str, datetime],
        loaded: Reminder | None = None,
    ) -> Fate:
        try:
            return self._deliver(item, token, now, backoff, loaded)
        except Exception as error:
            # One bad reminder must not stop the rest: it is retried with backoff, and fails for
            # good after MAX_ATTEMPTS, with the reason in its case's history.
            log.exception("reminder %s: unexpected error while delivering", item.reminder_id)
            self._unexpected.append(item.reminder_id)
            return self._retry(item.reminder_id, token, now, f"error: {type(error).__name__}")

    def _deliver(
        self,
        item: lifecycle.Claimed,
        token: str,
        now: datetime,
        backoff: dict[str, datetime],
        loaded: Reminder | None = None,
    ) -> Fate:
        outgoing = self._prepare(item.reminder_id, token, now, loaded)
        if isinstance(outgoing, Fate):
            return outgoing
        installed, bot_token = self._bot_token(outgoing.team, outgoing.enterprise)
        if not installed:
            return self._give_up(item.reminder_id, token, "not_installed", now)
        try:
            response = self.client.chat_postMessage(
                channel=outgoing.owner, token=bot_token, **outgoing.message
            )
        except SlackApiError as error:
            return self._failed_call(item.reminder_id, token, error, now, backoff, outgoing.team)
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            return self._retry(item.reminder_id, token, now, f"network: {type(error).__name__}")
        channel = str(response.get("channel") or outgoing.owner)
        return self._recorder.record(
            Delivered(item.reminder_id, token, now, outgoing, channel, response.get("ts"))
        )

    def _deliver_group(
        self,
        items: list[tuple[lifecycle.Claimed, str]],
        now: datetime,
        backoff: dict[str, datetime],
        loaded: dict[int, Reminder],
    ) -> list[Fate]:
        """Several nudges of one case due together: one DM with each nudge's words and buttons (at
        most one DM per case per morning); each reminder is recorded as sent with that message."""
        fates: dict[int, Fate] = {}
        ready: list[tuple[lifecycle.Claimed, str, Outgoing]] = []
        for item, token in items:
            try:
                prepared = self._prepare(item.reminder_id, token, now, loaded.get(item.reminder_id))
            except Exception as error:
                log.exception("reminder %s: unexpected error while rendering", item.reminder_id)
                self._unexpected.append(item.reminder_id)
                prepared = self._retry(item.reminder_id, token, now, f"error: {type(error).__name__}")
            if isinstance(prepared, Fate):
                fates[item.reminder_id] = prepared
            else:
                ready.append((item, token, prepared))
        for part in _packed(ready):
            try:
                self._post_together(part, now, backoff, fates)
            except Exception as error:
                log.exception("reminders of case %s: unexpected error while delivering", part[0][2].case_id)
                for item, token, _ in part:
                    if item.reminder_id not in fates:
                        self._unexpected.append(item.reminder_id)
                        fates[item.reminder_id] = self._retry(
                            item.reminder_id, token, now, f"error: {type(error).__name__}"
                        )
        return [fates[item.reminder_id] for item, _ in items]

    def _post_together(
        self,
        part: list[tuple[lifecycle.Claimed, str, Outgoing]],
        now: datetime,
        backoff: dict[str, datetime],
        fates: dict[int, Fate],
    ) -> None:
        first = part[0][2]
        installed, bot_token = self._bot_token(first.team, first.enterprise)
        message = combined_message([outgoing.message for _, _, outgoing in part])
        try:
            if not installed:
                raise _NotInstalled
            response = self.client.chat_postMessage(channel=first.owner, token=bot_token, **message)
        except _NotInstalled:
            for item, token, _ in part:
                fates[item.reminder_id] = self._give_up(item.reminder_id, token, "not_installed", now)
            return
        except SlackApiError as error:
            for item, token, _ in part:
                fates[item.reminder_id] = self._failed_call(
                    item.reminder_id, token, error, now, backoff, first.team
                )
            return
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            for item, token, _ in part:
                fates[item.reminder_id] = self._retry(
                    item.reminder_id, token, now, f"network: {type(error).__name__}"
                )
            return
        channel = str(response.get("channel") or first.owner)
        for item, token, outgoing in part:
            fates[item.reminder_id] = self._recorder.record(
                Delivered(item.reminder_id, token, now, outgoing, channel, response.get("ts"))
            )

    def _prepare(
        self, reminder_id: int, token: str, now: datetime, loaded: Reminder | None = None
    ) -> Outgoing | Fate:
        """Read the reminder and its case (or take them as the batch read them) and render the
        message, or settle why it need not go. The read takes no write lock and the rendering
        none at all, so that records of what Slack accepted never wait behind them."""
        calendar = self.deps.calendar()
        reminder = loaded or self._load([reminder_id]).get(reminder_id)
        if reminder is None or reminder.claim_token != token or reminder.state != ReminderState.SENDING:
            return Fate.LOST
        case = reminder.case
        tz = zone(case.owner_tz)
        kind = ReminderKind(reminder.kind) if reminder.kind in KINDS else None
        why_not = _no_longer_needed(case, reminder, now.astimezone(tz).date(), calendar)
        if why_not is not None or kind is None:
            with self.deps.db.session(write=True) as session:
                lifecycle.settle_unsent(session, reminder_id, token, why_not or ReminderState.CANCELLED)
            return Fate.SKIPPED
        if KINDS[kind].working_hours:
            when = next_delivery(now, tz, calendar, self.deps.window)
            if when > now:
                # Outside the owner's working hours: not now, not lost.
                with self.deps.db.session(write=True) as session:
                    lifecycle.defer(session, reminder_id, token, when)
                return Fate.DEFERRED
        late = now - reminder.due_at > LATE_AFTER
        if kind is ReminderKind.PLAN_READY:
            message = plan_ready(case)
        else:
            message = reminder_message(
                case, reminder, late=late, today=now.astimezone(tz).date(), calendar=calendar
            )
        return Outgoing(case.owner_id, case.team_id, case.enterprise_id, message, late, kind, case.id)

    def _failed_call(
        self,
        reminder_id: int,
        token: str,
        error: SlackApiError,
        now: datetime,
        backoff: dict[str, datetime],
        team: str,
    ) -> Fate:
        status = getattr(error.response, "status_code", 0)
        code = str(error.response.get("error") or f"http_{status}")
        if status == 429:
            # Slack's rate limit is per workspace: the rest of this team's batch waits too.
            wait = _retry_after(error)
            backoff[team] = max(backoff.get(team, now), now + timedelta(seconds=wait))
            with self.deps.db.session(write=True) as session:
                lifecycle.defer(
                    session, reminder_id, token, backoff[team], f"ratelimited, retry after {wait}s"
                )
            return Fate.DEFERRED
        if status >= 500 or code in TRANSIENT:
            return self._retry(reminder_id, token, now, code)
        return self._give_up(reminder_id, token, code, now)

    def _retry(self, reminder_id: int, token: str, now: datetime, reason: str) -> Fate:
        with self.deps.db.session(write=True) as session:
            state = lifecycle.retry_later(session, reminder_id, token, now, reason)
        if state is None:
            return Fate.LOST
        return Fate.RETRIED if state == ReminderState.PENDING else Fate.FAILED

    def _give_up(self, reminder_id: int, token: str, reason: str, now: datetime) -> Fate:
        with self.deps.db.session(write=True) as session:
            reminder = session.get(
                Reminder, reminder_id, options=[selectinload(Reminder.case).selectinload(Case.reminders)]
            )
            if reminder is None or reminder.claim_token != token:
                return Fate.LOST
            lifecycle.fail_for_good(session, reminder, reason, now)
            if reason in OWNER_GONE:
                case = reminder.case
                lifecycle.cancel_waiting(case)
                record(
                    case,
                    EventKind.OWNER_INACTIVE,
                    None,
                    now,
                    "The owner's Slack account is inactive; reminders stopped",
                )
        return Fate.FAILED


class _NotInstalled(Exception):
    """The workspace no longer has the app."""


_DUE_SIBLINGS = (
    select(Reminder.id)
    .where(
        Reminder.case_id == select(Reminder.case_id).where(Reminder.id == bindparam("id")).scalar_subquery(),
        Reminder.id != bindparam("id"),
        Reminder.state == ReminderState.PENDING,
        Reminder.next_attempt_at <= bindparam("now"),
    )
    .order_by(Reminder.next_attempt_at, Reminder.id)
)


def _packed(
    ready: list[tuple[lifecycle.Claimed, str, Outgoing]],
) -> list[list[tuple[lifecycle.Claimed, str, Outgoing]]]:
    """Messages of at most Slack's 50 blocks, in order (a divider between nudges)."""
    parts: list[list[tuple[lifecycle.Claimed, str, Outgoing]]] = []
    size = 0
    for entry in ready:
        blocks = len(entry[2].message["blocks"]) + 1
        if parts and size + blocks <= MAX_BLOCKS:
            parts[-1].append(entry)
            size += blocks
        else:
            parts.append([entry])
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


def _no_longer_needed(
    case: Case, reminder: Reminder, local_today: date, calendar: Any
) -> ReminderState | None:
    """Why a claimed reminder should not go out (DONE or CANCELLED), or None: it should."""
    if reminder.kind not in KINDS:
        return ReminderState.CANCELLED  # a kind this version no longer sends
    kind = ReminderKind(reminder.kind)
    if kind is ReminderKind.PLAN_READY:
        return None  # owed, whatever became of the case since
    if not case.is_active or not case.reminders_enabled:
        return ReminderState.CANCELLED
    times = reminder_store.case_times(case, calendar, with_history=False)
    if reminder.for_day is not None and is_stale(kind, reminder.for_day, times, local_today):
        return ReminderState.CANCELLED  # its day has gone; a stale nudge helps nobody
    if (
        kind in (ReminderKind.NOTICE_AHEAD, ReminderKind.NOTICE_DAY, ReminderKind.NOTICE_OVERDUE)
        and case.client_told
    ):
        return ReminderState.CANCELLED
    covered = [i for i in case.items if i.key in set(reminder.covers)]
    if covered and all(i.done_at is not None for i in covered):
        return ReminderState.DONE
    return None
