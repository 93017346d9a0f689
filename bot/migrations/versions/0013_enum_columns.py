"""enum columns: statuses, situations, phases, kinds and states read back as enum members

The columns stay VARCHAR of the same lengths (the models' enum types keep no database type and no
CHECK), so there is nothing to alter; what changes is that every stored value must be a member.
Values no release writes any more are brought in line here: a reminder of the old per-concern
kind ("concern", cancelled by 0003 once one reminder covered all follow-ups) becomes the
follow-ups' kind it was folded into; a reminder of any other kind unknown here can be neither sent
nor shown and is removed; a history entry of an unknown kind is kept as a status entry (its words
are in its detail).

Revision ID: 0013
Revises: 0012
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The values as of this revision (later members need no migration, being new).
REMINDER_KINDS = (
    "plan_ready",
    "notice_ahead",
    "notice_day",
    "notice_overdue",
    "brief_people",
    "conversation_day",
    "did_you_tell",
    "send_confirmation",
    "ask_feelings",
    "send_referrals",
    "introduction",
    "resolve_concerns",
    "follow_ups",
    "transition",
    "thank_you",
    "check_in",
    "reflect",
)
EVENT_KINDS = (
    "created",
    "status",
    "checklist",
    "feedback",
    "concern",
    "promise",
    "dates",
    "drafts",
    "reminders",
    "reminder_done",
    "reminder_snoozed",
    "reminder_failed",
    "owner_inactive",
    "dm_sent",
    "shared",
    "unshared",
    "sign_off",
)
WAITING = ("pending", "sending")


def _listed(values: Sequence[str]) -> str:
    return ", ".join(f"'{value}'" for value in values)


def upgrade() -> None:
    bind = op.get_bind()
    bind.execute(
        sa.text(
            "UPDATE reminders SET kind = 'follow_ups' "
            f"WHERE kind = 'concern' AND state NOT IN ({_listed(WAITING)})"
        )
    )
    bind.execute(sa.text(f"DELETE FROM reminders WHERE kind NOT IN ({_listed(REMINDER_KINDS)})"))
    bind.execute(
        sa.text(f"UPDATE timeline_events SET kind = 'status' WHERE kind NOT IN ({_listed(EVENT_KINDS)})")
    )


def downgrade() -> None:
    """The columns never changed type; the values brought in line stay as they are."""
