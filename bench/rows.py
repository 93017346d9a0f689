"""A plain `cases` row for bulk inserts in tests and benchmarks (no flow, no checklist)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any


def case_row(team_id: str, owner_id: str, today: date, now: datetime, **overrides: Any) -> dict[str, Any]:
    effective, notify_by, talk = (
        today + timedelta(days=90),
        today + timedelta(days=60),
        today + timedelta(days=55),
    )
    row: dict[str, Any] = {
        "team_id": team_id,
        "owner_id": owner_id,
        "owner_tz": "UTC",
        "status": "open",
        "reminders_enabled": True,
        "situation": "we_end",
        "client_name": "Client",
        "effective_date": effective,
        "notify_by": notify_by,
        "conversation_date": talk,
        "answers": {
            "client_name": "Client",
            "contact_name": "Sam",
            "situation": "we_end",
            "tenure": "1",
            "reason": "r",
            "effective_date": effective.isoformat(),
            "contract_notice_amount": 20,
            "contract_notice_unit": "working_days",
            "notify_by": notify_by.isoformat(),
            "method": "phone",
            "conversation_date": talk.isoformat(),
            "client_impact": "i",
            "appreciation": "a",
            "referrals": ["x"],
        },
        "drafts": {"talking_points": "p"},
        "created_at": now,
        "updated_at": now,
    }
    return {**row, **overrides}


def due_reminder_rows(
    case_ids: list[int], team_id: str, now: datetime, per_case: int, spacing: timedelta
) -> list[dict[str, Any]]:
    """`per_case` waiting reminders per case, all already due (`spacing` apart, going back from now).
    At most one row per case and kind may wait, so each gets a kind of its own (`item_key`)."""
    return [
        {
            "case_id": case_id,
            "team_id": team_id,
            "kind": "reflect",
            "item_key": f"bulk_{k}",
            "covers": ["reflect"],
            "due_at": now - spacing * k,
            "next_attempt_at": now - spacing * k,
            "state": "pending",
            "snoozed": False,
            "attempts": 0,
            "late": False,
        }
        for case_id in case_ids
        for k in range(per_case)
    ]
