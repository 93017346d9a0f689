"""The firm's policy as /end-client shows it, called directly on SQLite and PostgreSQL: read once a
minute per workspace in each process, a save in this process seen at once."""

from __future__ import annotations

from datetime import timedelta

from bot.core.policy import Policy
from bot.deps import Deps
from bot.services import policy
from bot.storage import policy as policy_store
from tests import services
from tests.services import ELSEWHERE, TEAM, clock_of

migrated, deps = services.migrated, services.deps  # the fixtures these tests run with

FOR_CAUSE = Policy(sign_off_for_cause=True, auto_share=True)


def _saved_elsewhere(deps: Deps, firm: Policy) -> None:
    """A save made by another process: this one is not told."""
    with deps.db.session(write=True) as session:
        policy_store.save_policy(session, TEAM, firm, "U0000000ADM", deps.now())


def test_the_start_shows_the_policy_read_at_most_a_minute_ago(deps: Deps) -> None:
    assert policy.shown_at_start(deps, TEAM) is None
    _saved_elsewhere(deps, FOR_CAUSE)
    assert policy.current(deps, TEAM) == FOR_CAUSE  # what a plan requires is read afresh
    clock_of(deps).advance(timedelta(seconds=59))
    assert policy.shown_at_start(deps, TEAM) is None  # read 59 s ago
    clock_of(deps).advance(timedelta(seconds=1))
    assert policy.shown_at_start(deps, TEAM) == FOR_CAUSE
    assert policy.shown_at_start(deps, ELSEWHERE.team_id) is None  # each workspace its own


def test_a_clock_moved_back_reads_the_policy_again(deps: Deps) -> None:
    assert policy.shown_at_start(deps, TEAM) is None
    _saved_elsewhere(deps, FOR_CAUSE)
    clock_of(deps).advance(timedelta(seconds=-5))
    assert policy.shown_at_start(deps, TEAM) == FOR_CAUSE
