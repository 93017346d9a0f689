"""The sweep: claim due reminders atomically, deliver each once, and cope with Slack's faults."""

from __future__ import annotations

import logging
import urllib.error
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import selectinload

from bot.core.calendar import WorkCalendar
from bot.core.reminders import NOTICE_KINDS, ReminderKind, next_repeat
from bot.core.schedule import next_delivery, zone
from bot.deps import Deps
from bot.installations import bot_token_for, installation_store
from bot.slack.reminder_messages import reminder_message
from bot.storage import cases as case_store
from bot.storage import reminders as reminder_store
from bot.storage.models import Case, CaseStatus, Reminder, ReminderState

log = logging.getLogger("bot.reminders")

BATCH = 200
WORKERS = 4
TRANSIENT = {"internal_error", "fatal_error", "service_unavailable", "request_timeout"}
MAX_PER_SWEEP = 20_000
MAX_ATTEMPTS = 6
BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_CAP = timedelta(hours=1)
LATE_AFTER = timedelta(hours=1)
DEFAULT_RETRY_AFTER = 30
# Slack errors that no retry will fix; the owner's account going away stops the case's reminders.
OWNER_GONE = {"user_not_found", "account_inactive", "user_disabled"}
PERMANENT = OWNER_GONE | {
    "channel_not_found",
    "is_archived",
    "not_in_channel",
    "invalid_auth",
    "token_revoked",
    "missing_scope",
    "not_authed",
    "invalid_blocks",
    "msg_too_long",
    "no_text",
    "cannot_dm_bot",
    "messages_tab_disabled",
}


@dataclass
class SweepReport:
    claimed: int = 0
    sent: int = 0
    deferred: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0
    released_stuck: int = 0
    errors: list[str] = field(default_factory=list)


class Sweeper:
    def __init__(self, deps: Deps, client: WebClient, batch: int = BATCH, workers: int = WORKERS) -> None:
        self.deps = deps
        self.client = client
        self.batch = batch
        self.workers = workers
        # Many workspaces: each one's reminders go out with its own bot token.
        self.installations = installation_store(deps) if deps.settings.oauth else None

    def sweep(self) -> SweepReport:
        report = SweepReport()
        now = self.deps.now()
        with self.deps.db.session() as session:
            report.released_stuck = reminder_store.release_stuck(session, now)
        backoff: dict[str, datetime] = {}
        while report.claimed < MAX_PER_SWEEP:
            with self.deps.db.session() as session:
                token, ids = reminder_store.claim_due(session, now, self.batch, skip_teams=set(backoff))
            if not ids:
                break
            report.claimed += len(ids)

            def deliver(claimed: tuple[int, str], token: str = token) -> str:
                reminder_id, team = claimed
                if team in backoff:
                    return ""  # released with the rest of the team's batch below
                try:
                    return self._deliver(reminder_id, token, now, backoff)
                except Exception:
                    # One bad reminder must not stop the rest; it is retried after STUCK_AFTER.
                    log.exception("reminder %s: unexpected error while delivering", reminder_id)
                    report.errors.append(str(reminder_id))
                    return ""

            if self.workers > 1:
                with ThreadPoolExecutor(self.workers, thread_name_prefix="sweep") as pool:
                    outcomes = list(pool.map(deliver, ids))
            else:
                outcomes = [deliver(claimed) for claimed in ids]
            for outcome in outcomes:
                if outcome:
                    setattr(report, outcome, getattr(report, outcome) + 1)
            # A rate-limited workspace's unsent share of the batch goes back in one statement, and
            # the rest of this sweep leaves that workspace alone.
            for team, until in backoff.items():
                with self.deps.db.session() as session:
                    report.deferred += reminder_store.release_claim(session, token, team, until)
        if report.claimed:
            log.info("sweep: %s", report)
        return report

    def _deliver(self, reminder_id: int, token: str, now: datetime, backoff: dict[str, datetime]) -> str:
        """Deliver one claimed reminder; returns what became of it (a SweepReport counter's name)."""
        calendar = self.deps.calendar()
        with self.deps.db.session() as session:
            reminder = session.get(
                Reminder, reminder_id, options=[selectinload(Reminder.case).selectinload(Case.items)]
            )
            if reminder is None or reminder.claim_token != token or reminder.state != ReminderState.SENDING:
                return ""
            case = reminder.case
            skip = _no_longer_needed(case, reminder, now.astimezone(zone(case.owner_tz)).date())
            if skip:
                reminder.state = ReminderState.CANCELLED if skip == "cancelled" else ReminderState.DONE
                return "skipped"
            tz = zone(case.owner_tz)
            when = next_delivery(now, tz, calendar, self.deps.window)
            if when > now:
                # Outside the owner's working hours (or Slack asked us to wait): not now, not lost.
                reminder.state, reminder.next_attempt_at = ReminderState.PENDING, when
                reminder.attempts = max(0, reminder.attempts - 1)
                return "deferred"
            late = now - reminder.due_at > LATE_AFTER
            days_left = calendar.working_days_between(now.astimezone(tz).date(), case.notify_by)
            message = reminder_message(case, reminder, late=late, days_left=days_left)
            owner, team, enterprise = case.owner_id, case.team_id, case.enterprise_id
            # Planned now, written only once the send has succeeded.
            repeat = self._repeat_of(reminder, case, now, tz, calendar)
        bot_token = None  # one workspace: the client's own token
        if self.installations is not None:
            bot_token = bot_token_for(self.installations, team, enterprise)
            if bot_token is None:
                return self._give_up(reminder_id, "not_installed", now)
        try:
            response = self.client.chat_postMessage(channel=owner, token=bot_token, **message)
        except SlackApiError as error:
            return self._failed_call(reminder_id, error, now, backoff, team)
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            return self._retry_later(reminder_id, now, f"network: {type(error).__name__}")
        with self.deps.db.session() as session:
            channel = str(response.get("channel") or owner)
            if not reminder_store.mark_sent(session, reminder_id, now, late, channel, response.get("ts")):
                return ""
            if repeat is not None:
                session.add(repeat)
        return "sent"

    def _repeat_of(
        self, reminder: Reminder, case: Case, now: datetime, tz: ZoneInfo, calendar: WorkCalendar
    ) -> Reminder | None:
        """The same nudge again later, for kinds that repeat until their item is done."""
        kind = ReminderKind(reminder.kind)
        if not (kind.repeats and case.reminders_enabled):
            return None
        due = next_repeat(kind, now, tz, calendar, self.deps.window)
        return reminder_store.pending(case.team_id, kind, reminder.item_key, due, case_id=case.id)

    def _failed_call(
        self, reminder_id: int, error: SlackApiError, now: datetime, backoff: dict[str, datetime], team: str
    ) -> str:
        status = getattr(error.response, "status_code", 0)
        code = str(error.response.get("error") or f"http_{status}")
        if status == 429:
            # Slack's rate limit is per workspace: the rest of this team's batch waits too.
            wait = _retry_after(error)
            backoff[team] = max(backoff.get(team, now), now + timedelta(seconds=wait))
            with self.deps.db.session() as session:
                reminder = session.get(Reminder, reminder_id)
                if reminder is not None:
                    reminder.state, reminder.next_attempt_at = ReminderState.PENDING, backoff[team]
                    reminder.attempts = max(0, reminder.attempts - 1)
                    reminder.last_error = f"ratelimited, retry after {wait}s"
            return "deferred"
        if status >= 500 or code in TRANSIENT:
            return self._retry_later(reminder_id, now, code)
        return self._give_up(reminder_id, code, now)

    def _retry_later(self, reminder_id: int, now: datetime, reason: str) -> str:
        with self.deps.db.session() as session:
            reminder = session.get(Reminder, reminder_id)
            if reminder is None:
                return ""
            attempts = reminder.attempts
            if attempts < MAX_ATTEMPTS:
                wait = min(BACKOFF_BASE * (2 ** (attempts - 1)), BACKOFF_CAP)
                reminder.state, reminder.next_attempt_at = ReminderState.PENDING, now + wait
                reminder.last_error = reason
                log.warning(
                    "reminder %s: %s; retrying in %ss", reminder_id, reason, int(wait.total_seconds())
                )
                return "retried"
        return self._give_up(reminder_id, f"{reason} after {attempts} attempts", now)

    def _give_up(self, reminder_id: int, reason: str, now: datetime) -> str:
        with self.deps.db.session() as session:
            reminder = session.get(
                Reminder, reminder_id, options=[selectinload(Reminder.case).selectinload(Case.reminders)]
            )
            if reminder is None:
                return ""
            reminder.state, reminder.last_error = ReminderState.FAILED, reason
            case = reminder.case
            case_store.record(
                case, "reminder_failed", None, now, f"A reminder could not be delivered: {reason}"
            )
            if reason in OWNER_GONE:
                reminder_store.cancel_pending(case, include_snoozed=True)
                case_store.record(
                    case,
                    "owner_inactive",
                    None,
                    now,
                    "The owner's Slack account is inactive; reminders stopped",
                )
            log.warning("reminder %s failed for good: %s", reminder_id, reason)
        return "failed"


def _retry_after(error: SlackApiError) -> int:
    headers = getattr(error.response, "headers", {}) or {}
    raw = headers.get("Retry-After") or headers.get("retry-after")
    if isinstance(raw, list):
        raw = raw[0] if raw else None
    try:
        return max(1, min(int(str(raw)), 3600))
    except (TypeError, ValueError):
        return DEFAULT_RETRY_AFTER


def _no_longer_needed(case: Case, reminder: Reminder, local_today: date) -> str | None:
    """Why a claimed reminder should not go out; after downtime, stale day-specific ones are dropped."""
    if not case.is_active or not case.reminders_enabled:
        return "cancelled"
    kind = ReminderKind(reminder.kind)
    if kind in NOTICE_KINDS and case.status != CaseStatus.OPEN:
        return "cancelled"
    superseded = (
        (kind is ReminderKind.NOTICE_AHEAD and local_today >= case.notify_by)
        or (kind is ReminderKind.NOTICE_DAY and local_today > case.notify_by)
        or (kind is ReminderKind.CONVERSATION_DAY and local_today > case.conversation_date)
    )
    if superseded:
        return "cancelled"
    if reminder.item_key and any(i.key == reminder.item_key and i.done_at for i in case.items):
        return "done"
    return None
