"""Schema upgrades keep what is stored: a database of the previous release, with its cases and its
reminders (duplicates and all), upgraded to the newest revision."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData, Table, insert, select
from sqlalchemy.exc import IntegrityError, StatementError

from bot.core.answers import Answers, NoticeUnit, SituationKey
from bot.storage.db import Database, alembic_config, migrate
from bot.storage.models import Base, Case, CaseStatus, Reminder

NOW = datetime(2026, 12, 1, 10, tzinfo=UTC)
OLD_CASE = {
    "team_id": "T1",
    "owner_id": "U1",
    "owner_tz": "Europe/London",
    "status": "open",
    "reminders_enabled": True,
    "client_name": "Harlow & Finch Ltd",
    "change_kind": "price_increase",
    "reason": "Our day rate rises.",
    "effective_date": date(2027, 2, 26),
    "contract_notice_days": 20,
    "notice_days": 30,
    "notify_by": date(2027, 1, 15),
    "tenure": "6",
    "method": "phone",
    "conversation_date": date(2027, 1, 14),
    "conversation_time": "10:30",
    "client_impact": "Their budget.",
    "appreciation": "Thank you.",
    "referrals": ["Bright"],
    "transition_needs": ["handover_notes"],
    "transition_notes": None,
    "talking_points": "Thank them.\nSay it.",
    "referral_note": "Dear Harlow",
    "created_at": NOW,
    "updated_at": NOW,
}


def old_reminder(case_id: int, kind: str, item_key: str | None, state: str = "pending") -> dict[str, object]:
    return {
        "case_id": case_id,
        "team_id": "T1",
        "kind": kind,
        "item_key": item_key,
        "due_at": NOW,
        "next_attempt_at": NOW,
        "state": state,
        "attempts": 0,
        "late": False,
    }


def test_a_database_of_the_previous_release_keeps_its_cases_and_reminders(database_url: str) -> None:
    db = Database.from_url(database_url)
    with db.engine.begin() as connection:
        config = alembic_config(database_url)
        config.attributes["connection"] = connection
        command.upgrade(config, "0002")
    with db.engine.begin() as connection:
        old = MetaData()
        cases = Table("cases", old, autoload_with=connection)
        reminders = Table("reminders", old, autoload_with=connection)
        case_id = connection.execute(insert(cases).returning(cases.c.id), [OLD_CASE]).scalar_one()
        items = Table("checklist_items", old, autoload_with=connection)
        events = Table("timeline_events", old, autoload_with=connection)
        connection.execute(
            insert(items),
            [
                {
                    "case_id": case_id,
                    "key": "tell",
                    "title": "Tell them",
                    "tips": [3],
                    "phase": "tell",
                    "due_date": date(2027, 1, 14),
                    "position": 0,
                }
            ],
        )
        connection.execute(
            insert(events), [{"case_id": case_id, "at": NOW, "kind": "created", "detail": "Plan"}]
        )
        connection.execute(
            insert(reminders),
            [
                old_reminder(case_id, "notice_day", "tell"),
                old_reminder(case_id, "notice_day", "tell"),  # the duplicate concurrent re-plans left
                old_reminder(case_id, "concern", "concern_1"),
                old_reminder(case_id, "ask_feelings", "ask_feelings", state="sent"),
            ],
        )
    migrate(db.engine)
    with db.session() as session:
        case = session.scalars(select(Case)).one()
        a = Answers.from_json(case.answers)
        assert case.situation == SituationKey.PRICE_CHANGE
        assert a.situation is SituationKey.PRICE_CHANGE and a.reason == "Our day rate rises."
        assert (a.contract_notice_amount, a.contract_notice_unit) == (20, NoticeUnit.WORKING_DAYS)
        assert a.notify_by == date(2027, 1, 15) and a.referrals == ["Bright"]
        # Rebuilding the cases table on SQLite must not cascade to the rows that point at it.
        assert [i.title for i in case.items] == ["Tell them"] and [e.detail for e in case.events] == ["Plan"]
        assert case.drafts == {"talking_points": "Thank them.\nSay it.", "referral_note": "Dear Harlow"}
        rows = {(str(r.kind), str(r.state)): r for r in session.scalars(select(Reminder))}
        assert [r.kind for r in session.scalars(select(Reminder).where(Reminder.state == "pending"))] == [
            "notice_day"
        ]
        assert (
            rows[("notice_day", "pending")].covers == ["tell"]
            and rows[("notice_day", "pending")].item_key == ""
        )
        # The old per-concern reminder, cancelled by 0003, is kept under the kind it was folded into.
        assert rows[("follow_ups", "cancelled")] and rows[("notice_day", "cancelled")]
        # At most one waiting row per case and kind, whatever a bug might try.
    with pytest.raises(IntegrityError), db.session(write=True) as session:
        session.add(
            Reminder(
                case_id=case.id,
                team_id="T1",
                kind="notice_day",
                item_key="",
                covers=[],
                due_at=NOW,
                next_attempt_at=NOW,
                state="pending",
            )
        )
    db.engine.dispose()


def test_the_migrations_make_the_tables_the_models_describe(database_url: str) -> None:
    """Every column's type (the enum columns' VARCHAR lengths included), table and index the models
    declare is what the migrations create; the Slack SDK's installation tables are its own."""
    db = Database.from_url(database_url)
    migrate(db.engine)
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = [
            d
            for d in compare_metadata(context, Base.metadata)
            if not (d[0] in ("remove_table", "remove_index") and d[1].name.startswith("slack_"))
        ]
    db.engine.dispose()
    assert differences == []


def test_enum_columns_read_back_as_members_and_refuse_other_values(database_url: str) -> None:
    db = Database.from_url(database_url)
    migrate(db.engine)
    with db.session(write=True) as session:
        case = Case(
            **{k: v for k, v in OLD_CASE.items() if k in Case.__table__.columns},
            situation="price_change",
        )
        session.add(case)
    with db.session() as session:
        stored = session.scalars(select(Case)).one()
        assert stored.situation is SituationKey.PRICE_CHANGE and stored.status is CaseStatus.OPEN
    with pytest.raises(StatementError), db.session(write=True) as session:
        session.add(
            Reminder(case_id=stored.id, team_id="T1", kind="concern", due_at=NOW, next_attempt_at=NOW)
        )
    db.engine.dispose()
