"""the endings ledger: one row per closed case, with what it shows about how it ended

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "ledger_entries",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("owner_id", sa.String(32), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True, unique=True),
        sa.Column("situation", sa.String(32), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=False),
        sa.Column("method", sa.String(16), nullable=True),
        sa.Column("we_gave_notice", sa.Boolean(), nullable=False),
        sa.Column("told_on", sa.Date(), nullable=True),
        sa.Column("notice_working_days", sa.Integer(), nullable=True),
        sa.Column("less_than_recommended", sa.Boolean(), nullable=True),
        sa.Column("within_contract", sa.Boolean(), nullable=True),
        sa.Column("referrals_in_writing", sa.Boolean(), nullable=True),
        sa.Column("concerns_raised", sa.Integer(), nullable=False),
        sa.Column("concerns_resolved", sa.Integer(), nullable=False),
        sa.Column("reflected", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_ledger_owner", "ledger_entries", ["team_id", "owner_id", "closed_on"])


def downgrade() -> None:
    op.drop_index("ix_ledger_owner", table_name="ledger_entries")
    op.drop_table("ledger_entries")
