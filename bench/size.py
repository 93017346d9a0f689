"""`python -m bench.size --database-url postgresql+psycopg://…`: the due-reminder claim and the App
Home query on a large PostgreSQL database (100,000 cases, 1,000,000 reminders), timed against a
full scan of the same table, with the planner's choice of index shown."""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

from bot.storage import cases as case_store
from bot.storage import reminder_lifecycle as lifecycle
from bot.storage.db import Database, migrate

SEED = """
INSERT INTO cases (team_id, owner_id, owner_tz, status, reminders_enabled, situation, client_name,
    effective_date, notify_by, conversation_date, answers, drafts, created_at, updated_at)
SELECT 'T' || (n % 10), 'U' || (n % 1000), 'UTC', CASE WHEN n % 5 = 0 THEN 'closed' ELSE 'open' END, true,
    'we_end', 'Client ' || n, DATE '2027-06-01' + (n % 200), DATE '2027-05-01' + (n % 200),
    DATE '2027-04-28' + (n % 200), '{}', '{}', now(), now()
FROM generate_series(1, :cases) AS n;
INSERT INTO checklist_items (case_id, key, title, tips, phase, due_date, position)
SELECT c.id, 'k' || k, 'Item', '[5]', 'prepare', DATE '2027-04-01' + k, k
FROM cases c CROSS JOIN generate_series(1, 5) AS k;
INSERT INTO reminders (case_id, team_id, kind, item_key, covers, due_at, next_attempt_at, state, snoozed,
    attempts, late)
SELECT c.id, c.team_id, 'reflect', 'bulk_' || k, '[]', ts, ts,
    CASE WHEN k <= 3 THEN 'sent' ELSE 'pending' END, false, 0, false
FROM cases c CROSS JOIN generate_series(1, :per_case) AS k
CROSS JOIN LATERAL (SELECT TIMESTAMPTZ '2027-01-01 09:00+00' + ((c.id * 7 + k * 13) % 400) * INTERVAL '1 day'
                    AS ts) AS t;
ANALYZE;
"""
CLAIM_EXPLAIN = """
EXPLAIN (ANALYZE, BUFFERS) SELECT id FROM reminders
WHERE state = 'pending' AND next_attempt_at <= :now AND team_id NOT IN ('none')
ORDER BY next_attempt_at, id LIMIT 200 FOR UPDATE SKIP LOCKED
"""
HOME_EXPLAIN = """
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM cases
WHERE team_id = 'T7' AND owner_id = 'U777' AND status IN ('open', 'client_told')
ORDER BY notify_by, id LIMIT 40
"""
FULL_SCAN = "SELECT count(*) FROM reminders WHERE attempts >= 0 AND late = false"


def timed(work: Callable[[], object], repeat: int = 7) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.size", description=__doc__)
    parser.add_argument("--database-url", required=True, help="PostgreSQL; its tables are dropped")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--reminders-per-case", type=int, default=10)
    args = parser.parse_args()
    db = Database.from_url(args.database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "DROP TABLE IF EXISTS alembic_version, processed_events, drafts, reminders, "
                "timeline_events, checklist_items, cases, slack_installations, slack_bots, "
                "slack_oauth_states CASCADE"
            )
        )
    migrate(db.engine)
    started = time.perf_counter()
    with db.engine.begin() as connection:
        for statement in filter(str.strip, SEED.split(";")):
            connection.execute(text(statement), {"cases": args.cases, "per_case": args.reminders_per_case})
    seeded = time.perf_counter() - started
    now = datetime(2027, 3, 1, 9, tzinfo=UTC)
    with db.engine.connect() as connection:
        due = connection.execute(
            text("SELECT count(*) FROM reminders WHERE state = 'pending' AND next_attempt_at <= :now"),
            {"now": now},
        ).scalar_one()
        total = connection.execute(text("SELECT count(*) FROM reminders")).scalar_one()

    def claim() -> None:
        with db.engine.connect() as connection, connection.begin() as transaction:
            lifecycle.claim_due(Session(bind=connection), now, 200)
            transaction.rollback()  # measure the claim, keep the data

    def home() -> None:
        with db.session() as session:
            listed = case_store.active_cases(session, "T7", "U777", limit=40)
            case_store.next_open_items(session, [case.id for case in listed])
            case_store.count_active(session, "T7", "U777")

    def full_scan() -> None:
        with db.engine.connect() as connection:
            connection.execute(text(FULL_SCAN)).scalar_one()

    claim_ms, home_ms, scan_ms = timed(claim), timed(home), timed(full_scan, 3)
    with db.engine.connect() as connection:
        claim_plan = "\n".join(r[0] for r in connection.execute(text(CLAIM_EXPLAIN), {"now": now}))
        home_plan = "\n".join(r[0] for r in connection.execute(text(HOME_EXPLAIN)))
    print(f"seeded {args.cases:,} cases and {total:,} reminders ({due:,} due) in {seeded:.0f} s")
    print()
    print("| Query | Median time | Baseline: one sequential scan of `reminders` | Index used |")
    print("|---|---|---|---|")
    print(
        f"| Claim 200 due reminders (as the sweep does) | {claim_ms:.1f} ms | {scan_ms:.0f} ms | "
        f"{'ix_reminders_due' if 'ix_reminders_due' in claim_plan else 'none'} |"
    )
    print(
        "| App Home: 40 open cases, each one's next checklist item, and the count | "
        f"{home_ms:.1f} ms | {scan_ms:.0f} ms | "
        f"{'ix_cases_owner' if 'ix_cases_owner' in home_plan else 'none'} |"
    )
    print()
    print("Claim plan:\n" + claim_plan)
    print("\nHome plan:\n" + home_plan)


if __name__ == "__main__":
    main()
