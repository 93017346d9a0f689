"""APScheduler drives the jobs: the reminder sweep, the leads' digests, the App Home tabs owed and
housekeeping. What is due lives in the database (an owed Home in its process, bot/owed_homes.py)."""

from __future__ import annotations

import logging
from datetime import timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import delete

from bot.deps import Deps
from bot.listeners.common import publish_due_homes
from bot.reminders.digests import send_digests
from bot.reminders.sweeper import Sweeper
from bot.services import retention
from bot.storage.drafts import purge_stale_drafts
from bot.storage.models import ProcessedEvent

log = logging.getLogger("bot.scheduler")
EVENT_MEMORY = timedelta(days=2)
HOME_SECONDS = 1  # owed App Home tabs are looked at this often
DIGEST_MINUTES = 5  # a digest goes out within this of its lead's working morning


def housekeeping(deps: Deps) -> None:
    now = deps.now()
    with deps.db.session(write=True) as session:
        drafts = purge_stale_drafts(session, now)
        session.execute(delete(ProcessedEvent).where(ProcessedEvent.received_at < now - EVENT_MEMORY))
    if drafts:
        log.info("housekeeping: removed %d stale drafts", drafts)
    retention.enforce(deps)


def start_scheduler(deps: Deps, sweeper: Sweeper, paused: bool = False) -> BackgroundScheduler:
    scheduler = BackgroundScheduler(timezone="UTC")
    scheduler.add_job(
        sweeper.sweep,
        "interval",
        seconds=deps.settings.sweep_seconds,
        id="sweep",
        max_instances=1,
        coalesce=True,
        misfire_grace_time=None,
        next_run_time=deps.now(),
    )
    scheduler.add_job(
        send_digests,
        "interval",
        minutes=DIGEST_MINUTES,
        args=[deps, sweeper.delivery.client],
        id="digests",
        max_instances=1,
        coalesce=True,
        misfire_grace_time=None,
        next_run_time=deps.now(),
    )
    scheduler.add_job(
        lambda: publish_due_homes(deps, deps.now()),
        "interval",
        seconds=HOME_SECONDS,
        id="homes",
        max_instances=1,
        coalesce=True,
        misfire_grace_time=None,
    )
    scheduler.add_job(
        housekeeping,
        "interval",
        hours=6,
        args=[deps],
        id="housekeeping",
        max_instances=1,
        coalesce=True,
        misfire_grace_time=None,
    )
    scheduler.start(paused=paused)
    return scheduler
