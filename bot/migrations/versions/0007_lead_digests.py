"""lead digests: a team lead's weekly DM of what needs them, if they turned it on, and the week
it last went out

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "lead_digests",
        sa.Column("team_id", sa.String(32), primary_key=True),
        sa.Column("lead_id", sa.String(32), primary_key=True),
        sa.Column("enterprise_id", sa.String(32), nullable=True),
        sa.Column("tz", sa.String(64), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("last_week", sa.String(8), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("lead_digests")
