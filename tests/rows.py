"""A plain `cases` row for bulk inserts in tests and benchmarks (no flow, no checklist)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any


def case_row(team_id: str, owner_id: str, today: date, now: datetime, **overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "team_id": team_id,
        "owner_id": owner_id,
        "owner_tz": "UTC",
        "status": "open",
        "reminders_enabled": True,
        "client_name": "Client",
        "change_kind": "ending",
        "reason": "r",
        "effective_date": today + timedelta(days=90),
        "contract_notice_days": 20,
        "notice_days": 20,
        "notify_by": today + timedelta(days=60),
        "tenure": "1",
        "method": "phone",
        "conversation_date": today + timedelta(days=55),
        "client_impact": "i",
        "appreciation": "a",
        "referrals": ["x"],
        "transition_needs": [],
        "talking_points": "p",
        "referral_note": "n",
        "created_at": now,
        "updated_at": now,
    }
    return {**row, **overrides}


def due_reminder_rows(
    case_ids: list[int], team_id: str, now: datetime, per_case: int, spacing: timedelta
) -> list[dict[str, Any]]:
    """`per_case` pending reminders per case, all already due (`spacing` apart, going back from now)."""
    return [
        {
            "case_id": case_id,
            "team_id": team_id,
            "kind": "send_referrals",
            "item_key": None,
            "due_at": now - spacing * k,
            "next_attempt_at": now - spacing * k,
            "state": "pending",
            "attempts": 0,
            "late": False,
        }
        for case_id in case_ids
        for k in range(per_case)
    ]
