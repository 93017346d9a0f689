"""sign-off requests: the lead asked (the lead at the time of asking answers), and where the bot's
DM asking them is, so that the bot updates its own message and no other

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("sign_off_lead", sa.String(32), nullable=True))
        batch.add_column(sa.Column("sign_off_channel", sa.String(32), nullable=True))
        batch.add_column(sa.Column("sign_off_ts", sa.String(32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("sign_off_ts")
        batch.drop_column("sign_off_channel")
        batch.drop_column("sign_off_lead")
