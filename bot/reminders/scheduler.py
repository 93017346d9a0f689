"""APScheduler only drives the sweep; what is due lives in the database."""

from __future__ import annotations

import logging
from datetime import timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import delete

from bot.deps import Deps
from bot.reminders.sweeper import Sweeper
from bot.services import retention
from bot.storage.drafts import purge_stale_drafts
from bot.storage.models import ProcessedEvent

log = logging.getLogger("bot.scheduler")
EVENT_MEMORY = timedelta(days=2)


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
