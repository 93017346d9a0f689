"""Tables. Every row belongs to a Slack team; timestamps are timezone-aware UTC. A case keeps the
columns its queries need and everything the person typed as one JSON document (`answers`), so a
new question needs no migration."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from bot.core.answers import Method, SituationKey
from bot.core.case_states import (
    ACTIVE_STATUSES,
    UNSENT_STATES,
    CaseStatus,
    EventKind,
    ReminderState,
    SignOff,
)
from bot.core.checklist import Phase
from bot.core.kinds import ReminderKind

__all__ = [
    "ACTIVE_STATUSES",
    "UNSENT_STATES",
    "Base",
    "Case",
    "CaseStatus",
    "ChecklistItem",
    "Draft",
    "EventKind",
    "LeadDigest",
    "LedgerRow",
    "Person",
    "ProcessedEvent",
    "Reminder",
    "ReminderState",
    "SignOff",
    "TeamMember",
    "TimelineEvent",
    "UTCDateTime",
    "WorkspaceSetting",
]

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Stores UTC; SQLite keeps no offset, so it is put back on the way out."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _values(enum: type[StrEnum]) -> list[str]:
    return [member.value for member in enum]


def stored_enum(enum: type[StrEnum], length: int) -> Enum:
    """An enum kept as its value in a plain VARCHAR(length): no database type and no CHECK, so a
    new member needs no migration; rows read back as members. A value written that is not a member
    is refused before it reaches the database."""
    values: Callable[[type[StrEnum]], list[str]] = _values
    return Enum(
        enum,
        native_enum=False,
        create_constraint=False,
        values_callable=values,
        length=length,
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Case(Base):
    __tablename__ = "cases"
    __table_args__ = (Index("ix_cases_owner", "team_id", "owner_id", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    enterprise_id: Mapped[str | None] = mapped_column(String(32))
    owner_id: Mapped[str] = mapped_column(String(32))
    owner_tz: Mapped[str] = mapped_column(String(64), default="UTC")
    owner_name: Mapped[str | None] = mapped_column(Text)
    source_draft_id: Mapped[str | None] = mapped_column(String(36), unique=True)
    status: Mapped[CaseStatus] = mapped_column(stored_enum(CaseStatus, 16), default=CaseStatus.OPEN)
    reminders_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    situation: Mapped[SituationKey] = mapped_column(stored_enum(SituationKey, 32))
    client_name: Mapped[str] = mapped_column(Text)
    effective_date: Mapped[date] = mapped_column(Date)
    notify_by: Mapped[date] = mapped_column(Date)
    conversation_date: Mapped[date] = mapped_column(Date)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    drafts: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    client_feedback: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Shared with the owner's team lead (read-only) since then; None: only the owner sees it.
    shared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sign_off: Mapped[SignOff | None] = mapped_column(stored_enum(SignOff, 16))  # once asked for
    sign_off_note: Mapped[str | None] = mapped_column(Text)  # what the lead asked to change
    # The lead asked (only they answer), and the bot's DM asking them (only it is updated).
    sign_off_lead: Mapped[str | None] = mapped_column(String(32))
    sign_off_channel: Mapped[str | None] = mapped_column(String(32))
    sign_off_ts: Mapped[str | None] = mapped_column(String(32))
    # The firm's policy when the plan was made: why it needs a lead's sign-off ("for_cause,...", a
    # bot.core.policy.PolicyReason each), "" when it asked for none; None: the firm had no policy.
    sign_off_required: Mapped[str | None] = mapped_column(String(64))

    items: Mapped[list[ChecklistItem]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="ChecklistItem.position"
    )
    events: Mapped[list[TimelineEvent]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="TimelineEvent.id"
    )
    reminders: Mapped[list[Reminder]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Reminder.due_at"
    )

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def client_told(self) -> bool:
        return self.status != CaseStatus.OPEN


class ChecklistItem(Base):
    __tablename__ = "checklist_items"
    __table_args__ = (UniqueConstraint("case_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text)
    tips: Mapped[list[int]] = mapped_column(JSON, default=list)
    phase: Mapped[Phase] = mapped_column(stored_enum(Phase, 16))
    due_date: Mapped[date] = mapped_column(Date)
    position: Mapped[int] = mapped_column(Integer)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_by: Mapped[str | None] = mapped_column(String(32))

    case: Mapped[Case] = relationship(back_populates="items")


class TimelineEvent(Base):
    __tablename__ = "timeline_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor_id: Mapped[str | None] = mapped_column(String(32))
    kind: Mapped[EventKind] = mapped_column(stored_enum(EventKind, 32))
    detail: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship(back_populates="events")


class Reminder(Base):
    """A nudge (or a message owed, such as the plan's summary) and its delivery. At most one row per
    case and kind is waiting at a time (`uq_reminders_waiting`, a partial unique index)."""

    __tablename__ = "reminders"
    __table_args__ = (
        Index("ix_reminders_due", "state", "next_attempt_at"),
        Index("ix_reminders_case", "case_id", "state"),
        Index(
            "uq_reminders_waiting",
            "case_id",
            "kind",
            "item_key",
            unique=True,
            sqlite_where=text("state IN ('pending', 'sending')"),
            postgresql_where=text("state IN ('pending', 'sending')"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    team_id: Mapped[str] = mapped_column(String(32))
    kind: Mapped[ReminderKind] = mapped_column(stored_enum(ReminderKind, 32))
    item_key: Mapped[str] = mapped_column(String(64), default="")
    for_day: Mapped[date | None] = mapped_column(Date)
    covers: Mapped[list[str]] = mapped_column(JSON, default=list)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[ReminderState] = mapped_column(
        stored_enum(ReminderState, 16), default=ReminderState.PENDING
    )
    snoozed: Mapped[bool] = mapped_column(Boolean, default=False)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claim_token: Mapped[str | None] = mapped_column(String(36))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    channel_id: Mapped[str | None] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    last_error: Mapped[str | None] = mapped_column(Text)

    case: Mapped[Case] = relationship(back_populates="reminders")


class Draft(Base):
    """Answers of a flow in progress: long answers outgrow private_metadata, and any
    process may serve the next step."""

    __tablename__ = "drafts"
    __table_args__ = (Index("ix_drafts_updated", "updated_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(32))
    user_tz: Mapped[str] = mapped_column(String(64), default="UTC")
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Person(Base):
    """What Slack says about a user (time zone, name), fetched off the request path and kept for a
    while, so that no step waits on `users.info`."""

    __tablename__ = "people"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    tz: Mapped[str | None] = mapped_column(String(64))
    name: Mapped[str | None] = mapped_column(Text)
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # A workspace admin or owner, as users.info last said: only for what App Home shows; naming a
    # lead asks Slack again.
    is_admin: Mapped[bool | None] = mapped_column(Boolean)


class WorkspaceSetting(Base):
    """What a workspace's admins chose: how long closed cases are kept (None: forever)."""

    __tablename__ = "workspace_settings"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    retention_days: Mapped[int | None] = mapped_column(Integer)
    updated_by: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class FirmPolicy(Base):
    """A firm's policy, set by a workspace admin (bot.core.policy.Policy); no row: no policy."""

    __tablename__ = "firm_policies"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    sign_off_for_cause: Mapped[bool] = mapped_column(Boolean)
    sign_off_short_notice: Mapped[bool] = mapped_column(Boolean)
    sign_off_over_years: Mapped[int | None] = mapped_column(Integer)
    auto_share: Mapped[bool] = mapped_column(Boolean)
    minimum_notice_days: Mapped[int | None] = mapped_column(Integer)
    updated_by: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PolicyChange(Base):
    """Who changed the firm's policy, when, and which settings (name -> [before, after])."""

    __tablename__ = "policy_changes"
    __table_args__ = (Index("ix_policy_changes_team", "team_id", "changed_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    changed_by: Mapped[str] = mapped_column(String(32))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)


class LedgerRow(Base):
    """A closed case's entry in the endings ledger (bot.core.ledger.LedgerEntry); kept apart from
    the case, with no client name or text, so that counts can outlive a deleted case."""

    __tablename__ = "ledger_entries"
    __table_args__ = (Index("ix_ledger_owner", "team_id", "owner_id", "closed_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    owner_id: Mapped[str] = mapped_column(String(32))
    case_id: Mapped[int | None] = mapped_column(Integer, unique=True)
    situation: Mapped[SituationKey] = mapped_column(stored_enum(SituationKey, 32))
    closed_on: Mapped[date] = mapped_column(Date)
    method: Mapped[Method | None] = mapped_column(stored_enum(Method, 16))
    we_gave_notice: Mapped[bool] = mapped_column(Boolean)
    told_on: Mapped[date | None] = mapped_column(Date)
    notice_working_days: Mapped[int | None] = mapped_column(Integer)
    less_than_recommended: Mapped[bool | None] = mapped_column(Boolean)
    within_contract: Mapped[bool | None] = mapped_column(Boolean)
    referrals_in_writing: Mapped[bool | None] = mapped_column(Boolean)
    concerns_raised: Mapped[int] = mapped_column(Integer)
    concerns_resolved: Mapped[int] = mapped_column(Integer)
    reflected: Mapped[bool] = mapped_column(Boolean)
    left_open: Mapped[str] = mapped_column(String(2000), default="", server_default="")
    rehearsed_before_told: Mapped[bool | None] = mapped_column(Boolean)


class LeadDigest(Base):
    """A team lead's weekly DM of what needs them: on only when they turned it on."""

    __tablename__ = "lead_digests"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    lead_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    enterprise_id: Mapped[str | None] = mapped_column(String(32))
    tz: Mapped[str] = mapped_column(String(64))
    enabled: Mapped[bool] = mapped_column(Boolean)
    last_week: Mapped[str | None] = mapped_column(String(8))  # ISO week it last went out, "2027-W03"


class TeamMember(Base):
    """Who leads whom: named by a workspace admin, one lead per member."""

    __tablename__ = "team_members"
    __table_args__ = (Index("ix_team_members_lead", "team_id", "lead_id"),)

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    member_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    lead_id: Mapped[str] = mapped_column(String(32))
    named_by: Mapped[str] = mapped_column(String(32))
    named_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ProcessedEvent(Base):
    """Event ids already handled, so Slack's retries have one effect."""

    __tablename__ = "processed_events"

    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
