"""firm policy: which endings need a lead's sign-off, whether they are shared with the lead
automatically, the firm's minimum notice; a log of who changed it and when; and on each case,
why the policy in force when its plan was made asks for a lead's sign-off

Revision ID: 0012
Revises: 0011
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "firm_policies",
        sa.Column("team_id", sa.String(32), primary_key=True),
        sa.Column("sign_off_for_cause", sa.Boolean(), nullable=False),
        sa.Column("sign_off_short_notice", sa.Boolean(), nullable=False),
        sa.Column("sign_off_over_years", sa.Integer(), nullable=True),
        sa.Column("auto_share", sa.Boolean(), nullable=False),
        sa.Column("minimum_notice_days", sa.Integer(), nullable=True),
        sa.Column("updated_by", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "policy_changes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("changed_by", sa.String(32), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
    )
    op.create_index("ix_policy_changes_team", "policy_changes", ["team_id", "changed_at"])
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("sign_off_required", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("sign_off_required")
    op.drop_index("ix_policy_changes_team", table_name="policy_changes")
    op.drop_table("policy_changes")
    op.drop_table("firm_policies")
