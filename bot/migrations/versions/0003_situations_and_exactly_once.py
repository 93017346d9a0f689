"""situations: a case's answers and drafts as JSON; reminders know the day they are for, what
their Done ticks and whether they were snoozed, and at most one per case and kind waits at a time;
people's time zones and names cached

Revision ID: 0003
Revises: 0002
"""

import json
from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SITUATION_OF_KIND = {
    "ending": "we_end",
    "price_increase": "price_change",
    "payment_change": "price_change",
    "service_change": "service_change",
    "handover": "handover",
}
OLD_CASE_COLUMNS = (
    "change_kind",
    "reason",
    "contract_notice_days",
    "notice_days",
    "tenure",
    "method",
    "conversation_time",
    "client_impact",
    "appreciation",
    "referrals",
    "transition_needs",
    "transition_notes",
    "talking_points",
    "referral_note",
)
WAITING = "state IN ('pending', 'sending')"


def _json_list(value: Any) -> list[Any]:
    """A JSON column read with plain SQL: decoded on PostgreSQL, still text on SQLite."""
    if isinstance(value, str):
        value = json.loads(value or "[]")
    return list(value or [])


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _answers(row: Any) -> dict[str, Any]:
    return {
        "client_name": row.client_name,
        "situation": SITUATION_OF_KIND.get(row.change_kind, "we_end"),
        "tenure": row.tenure,
        "reason": row.reason,
        "effective_date": _iso(row.effective_date),
        "contract_notice_amount": row.contract_notice_days,
        "contract_notice_unit": "working_days",
        "notify_by": _iso(row.notify_by),
        "method": row.method,
        "conversation_date": _iso(row.conversation_date),
        "conversation_time": row.conversation_time,
        "client_impact": row.client_impact,
        "appreciation": row.appreciation,
        "referrals": _json_list(row.referrals),
        "transition_needs": _json_list(row.transition_needs),
        "transition_notes": row.transition_notes,
    }


def _move_cases_to_json(bind: Any) -> None:
    cases = sa.table(
        "cases",
        sa.column("id", sa.Integer),
        sa.column("situation", sa.String),
        sa.column("answers", sa.JSON),
        sa.column("drafts", sa.JSON),
    )
    rows = bind.execute(sa.text("SELECT * FROM cases")).mappings().all()
    for row in rows:
        data = SimpleNamespace(**row)
        drafts = {"talking_points": row["talking_points"]}
        if row["referral_note"]:
            drafts["referral_note"] = row["referral_note"]
        bind.execute(
            cases.update()
            .where(cases.c.id == row["id"])
            .values(
                situation=SITUATION_OF_KIND.get(row["change_kind"], "we_end"),
                answers=_answers(data),
                drafts=drafts,
            )
        )


def upgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("owner_name", sa.Text(), nullable=True))
        batch.add_column(sa.Column("situation", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("answers", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("drafts", sa.JSON(), nullable=True))
    _move_cases_to_json(bind)
    with op.batch_alter_table("cases") as batch:
        for column in OLD_CASE_COLUMNS:
            batch.drop_column(column)
        batch.alter_column("situation", existing_type=sa.String(length=32), nullable=False)
        batch.alter_column("answers", existing_type=sa.JSON(), nullable=False)
        batch.alter_column("drafts", existing_type=sa.JSON(), nullable=False)

    with op.batch_alter_table("reminders") as batch:
        batch.add_column(sa.Column("for_day", sa.Date(), nullable=True))
        batch.add_column(sa.Column("covers", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("snoozed", sa.Boolean(), nullable=False, server_default=sa.false()))
    # Which items a reminder ticks now lives in `covers`; the planner's own rows carry no item key.
    reminders = sa.table("reminders", sa.column("id", sa.Integer), sa.column("covers", sa.JSON))
    for reminder_id, item_key in bind.execute(sa.text("SELECT id, item_key FROM reminders")).all():
        covers = [item_key] if item_key else []
        bind.execute(reminders.update().where(reminders.c.id == reminder_id).values(covers=covers))
    bind.execute(sa.text("UPDATE reminders SET item_key = ''"))
    # Reminders already waiting keep waiting: a snoozed one is one that went out before.
    bind.execute(
        sa.text("UPDATE reminders SET snoozed = :yes WHERE state = 'pending' AND sent_at IS NOT NULL"),
        {"yes": True},
    )
    # One DM per concern is now one DM for all of a case's open concerns (planned at the next change).
    bind.execute(sa.text("UPDATE reminders SET state = 'cancelled' WHERE kind = 'concern' AND " + WAITING))
    # Duplicates left by concurrent re-plans: the earliest waiting row of each case and kind stays.
    bind.execute(
        sa.text(
            "UPDATE reminders SET state = 'cancelled' WHERE " + WAITING + " AND id NOT IN ("
            "SELECT MIN(id) FROM reminders WHERE " + WAITING + " GROUP BY case_id, kind, item_key)"
        )
    )
    with op.batch_alter_table("reminders") as batch:
        batch.alter_column("item_key", existing_type=sa.String(length=64), nullable=False, server_default="")
        batch.alter_column("covers", existing_type=sa.JSON(), nullable=False)
    op.create_index(
        "uq_reminders_waiting",
        "reminders",
        ["case_id", "kind", "item_key"],
        unique=True,
        sqlite_where=sa.text(WAITING),
        postgresql_where=sa.text(WAITING),
    )

    op.create_table(
        "people",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("tz", sa.String(length=64), nullable=True),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("team_id", "user_id", name=op.f("pk_people")),
    )


def downgrade() -> None:
    raise NotImplementedError("0003 moves answers into JSON; restore a backup to go back")
