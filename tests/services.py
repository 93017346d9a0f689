"""Calling the services directly: a real database (a SQLite file, or PostgreSQL), an injected clock,
no app and no HTTP. A case is made the way the flow service makes one, from typed answers."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date, time
from typing import Any
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, inspect, text

from bot.config import database_url_setting, load_settings
from bot.core.answers import Answers, Method, NoticeUnit, SituationKey, Tenure
from bot.core.steps import StepId
from bot.deps import Deps
from bot.services import flow
from bot.services.actor import Actor
from bot.services.flow import Outcome
from bot.services.inputs import CaseId, StepAnswers
from bot.storage.db import Database, migrate
from tests.conftest import OTHER, OWNER, START
from tests.harness import Clock

TEAM = "T0000000001"
ME = Actor(TEAM, OWNER)
SOMEONE_ELSE = Actor(TEAM, OTHER)
ELSEWHERE = Actor("T0000000009", OWNER)  # the same user id in another workspace
DATABASES = ["sqlite", "postgresql"] if os.environ.get("TEST_DATABASE_URL") else ["sqlite"]

# Typed on each step for a case we end; START is Tuesday 1 December 2026.
WE_END: dict[StepId, dict[str, Any]] = {
    StepId.SITUATION: {
        "client_name": "Acme Ltd",
        "contact_name": "Sam Harlow",
        "situation": SituationKey.WE_END,
        "tenure": Tenure.OVER_FIVE,
    },
    StepId.CHANGE: {
        "reason": "We are narrowing our practice to brand work.",
        "effective_date": date(2027, 2, 26),
        "contract_notice_amount": 30,
        "contract_notice_unit": NoticeUnit.CALENDAR_DAYS,
    },
    StepId.NOTICE: {"notify_by": date(2027, 1, 15)},
    StepId.CONVERSATION: {
        "method": Method.PHONE,
        "conversation_date": date(2027, 1, 14),
        "conversation_time": time(10, 30),
        "client_impact": "they will need a new studio for the spring campaign",
        "appreciation": "Thank you for six years of trust.",
    },
    StepId.ONWARD: {"referrals": ["Bright Studio, hello@bright.example"]},
    StepId.PEOPLE: {},
    StepId.REVIEW: {},
}


def typed(step: StepId, **fields: Any) -> StepAnswers:
    """What a step's form submitted, as the listener hands it over: these fields shown and typed."""
    return StepAnswers(step, Answers(**fields), tuple(fields))


@pytest.fixture(scope="module", params=DATABASES)
def migrated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """One migrated database for a module's tests (a SQLite file, or a schema of its own on
    TEST_DATABASE_URL's server): migrating once keeps these tests quick; each starts empty."""
    if request.param == "sqlite":
        db = Database.from_url(f"sqlite:///{tmp_path_factory.mktemp('services')}/bot.sqlite3")
        migrate(db.engine)
        yield db
        db.engine.dispose()
        return
    base = database_url_setting({"DATABASE_URL": os.environ["TEST_DATABASE_URL"]})
    schema = f"s_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in base else "?"
    db = Database.from_url(f"{base}{separator}options={quote(f'-csearch_path={schema}')}")
    migrate(db.engine)
    yield db
    db.engine.dispose()
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def emptied(db: Database) -> Database:
    """Every table emptied but Alembic's: the next test starts as on a fresh install."""
    tables = [t for t in inspect(db.engine).get_table_names() if t != "alembic_version"]
    with db.engine.begin() as connection:
        if db.engine.dialect.name == "postgresql":
            quoted = ", ".join(f'"{table}"' for table in tables)
            connection.execute(text(f"TRUNCATE {quoted} CASCADE"))
        else:
            connection.execute(text("PRAGMA foreign_keys=OFF"))
            for table in tables:
                connection.execute(text(f'DELETE FROM "{table}"'))
            connection.execute(text("PRAGMA foreign_keys=ON"))
    return db


@pytest.fixture
def deps(migrated: Database) -> Deps:
    """What the services run with in the app, on an empty database and a clock the test moves."""
    settings = load_settings({"DATABASE_URL": migrated.engine.url.render_as_string(False)}, slack=False)
    return Deps(settings=settings, db=emptied(migrated), clock=Clock(START))


def clock_of(deps: Deps) -> Clock:
    assert isinstance(deps.clock, Clock)
    return deps.clock


def walk(deps: Deps, actor: Actor, until: StepId, answers: dict[StepId, dict[str, Any]] = WE_END) -> str:
    """Answer every step before `until`; the draft's id."""
    step, draft_id = StepId.SITUATION, None
    while step is not until:
        outcome = flow.submit_step(deps, actor, draft_id, typed(step, **answers[step]))
        assert outcome.screen is not None, (step, outcome.problems)
        step, draft_id = outcome.screen.step, outcome.screen.draft_id
    assert draft_id is not None
    return draft_id


def make_case(deps: Deps, actor: Actor = ME, answers: dict[StepId, dict[str, Any]] = WE_END) -> CaseId:
    draft_id = walk(deps, actor, StepId.REVIEW, answers)
    result = flow.finish(deps, actor, draft_id, typed(StepId.REVIEW))
    assert result.outcome is Outcome.CREATED and result.case_id is not None, result
    return CaseId(result.case_id)
