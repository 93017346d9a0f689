"""team leads: who leads whom in a workspace, named by an admin; whether a person is an admin, as
Slack last said

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "team_members",
        sa.Column("team_id", sa.String(32), primary_key=True),
        sa.Column("member_id", sa.String(32), primary_key=True),
        sa.Column("lead_id", sa.String(32), nullable=False),
        sa.Column("named_by", sa.String(32), nullable=False),
        sa.Column("named_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_team_members_lead", "team_members", ["team_id", "lead_id"])
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("is_admin", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.drop_column("is_admin")
    op.drop_index("ix_team_members_lead", table_name="team_members")
    op.drop_table("team_members")
