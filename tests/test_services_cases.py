"""The case service called directly (no app, no HTTP), on SQLite and PostgreSQL: open, the case's
buttons, the checklist, the client told, snoozed nudges through a re-plan, sharing, dates, and
nobody reaching a case that is not theirs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from bot.core.answers import Answers
from bot.core.checklist import ItemKey
from bot.core.kinds import DraftKind
from bot.core.schedule import Snooze
from bot.deps import Deps
from bot.services import cases, reminders
from bot.services.actor import Actor
from bot.services.cases import CaseAction
from bot.services.inputs import CaseId, ReminderId
from bot.storage import roles as role_store
from bot.storage.models import Case, Reminder
from tests import services
from tests.services import ELSEWHERE, ME, SOMEONE_ELSE, TEAM, clock_of, make_case

LEAD = Actor(TEAM, "U0000000L01")
STRANGERS = (SOMEONE_ELSE, ELSEWHERE)
DATES = ("effective_date", "notify_by", "conversation_date", "conversation_time")


migrated, deps = services.migrated, services.deps  # the fixtures these tests run with


@dataclass(frozen=True)
class Row:
    """A reminder as the database holds it."""

    id: int
    kind: str
    state: str
    snoozed: bool
    next_attempt_at: datetime
    covers: frozenset[str]


def reminder_rows(deps: Deps, case_id: CaseId) -> list[Row]:
    with deps.db.session() as session:
        found = session.scalars(select(Reminder).where(Reminder.case_id == case_id).order_by(Reminder.id))
        return [
            Row(r.id, str(r.kind), str(r.state), r.snoozed, r.next_attempt_at, frozenset(r.covers))
            for r in found
        ]


def stored_case(deps: Deps, case_id: CaseId) -> tuple[str, bool, dict[str, str], int]:
    """What a stranger must not be able to change: status, reminders, dates, history length."""
    with deps.db.session() as session:
        case = session.get(Case, case_id)
        assert case is not None
        dates = {name: str(case.answers.get(name)) for name in DATES}
        return str(case.status), case.reminders_enabled, dates, len(case.events)


def done_keys(deps: Deps, case_id: CaseId) -> set[str]:
    snap = cases.open_case(deps, ME, case_id)
    assert snap is not None
    return {item.key for item in snap.case.items if item.done_at is not None}


def test_the_owner_opens_their_case_and_no_one_else_does(deps: Deps) -> None:
    case_id = make_case(deps)
    snap = cases.open_case(deps, ME, case_id)
    assert snap is not None and snap.case.id == case_id and snap.case.owner_id == ME.user_id
    assert snap.plan is not None and snap.upcoming and not snap.read_only
    for stranger in STRANGERS:
        assert cases.open_case(deps, stranger, case_id) is None
        assert cases.open_shared(deps, stranger, case_id) is None
        assert cases.open_loose_ends(deps, stranger, case_id) is None
    assert cases.open_case(deps, ME, CaseId(case_id + 1)) is None


def test_a_stranger_changes_nothing_on_a_case(deps: Deps) -> None:
    case_id = make_case(deps)
    before = stored_case(deps, case_id)
    later = Answers(effective_date=date(2027, 3, 26), notify_by=date(2027, 2, 12))
    for stranger in STRANGERS:
        for action in CaseAction:
            assert cases.act(deps, stranger, case_id, action) is None
        assert cases.set_checklist(deps, stranger, case_id, {ItemKey.BOOK}, {ItemKey.BOOK}) is None
        assert cases.share(deps, stranger, case_id, True) is None
        assert cases.ask_sign_off(deps, stranger, case_id) is None
        assert cases.change_dates(deps, stranger, case_id, later) is None
        assert cases.edit_drafts(deps, stranger, case_id, {DraftKind.TALKING_POINTS: "Mine now"}) is None
        assert cases.log_response(deps, stranger, case_id, "Fine", "A concern", None) is None
        assert cases.delete(deps, stranger, case_id) is None
    assert stored_case(deps, case_id) == before
    assert done_keys(deps, case_id) == set()


def test_the_case_buttons_change_its_status_once(deps: Deps) -> None:
    case_id = make_case(deps)
    told = cases.act(deps, ME, case_id, CaseAction.CLIENT_TOLD)
    assert told is not None and told.case.status == "client_told"
    assert ItemKey.TELL in done_keys(deps, case_id)
    events = stored_case(deps, case_id)[3]
    again = cases.act(deps, ME, case_id, CaseAction.CLIENT_TOLD)  # a double click
    assert again is not None and again.case.status == "client_told"
    assert stored_case(deps, case_id)[3] == events  # nothing recorded twice
    paused = cases.act(deps, ME, case_id, CaseAction.TOGGLE_REMINDERS)
    assert paused is not None and paused.case.reminders_enabled is False
    nudges = [r for r in reminder_rows(deps, case_id) if r.kind != "plan_ready"]
    assert nudges and not [r for r in nudges if r.state == "pending"]
    cancelled = cases.act(deps, ME, case_id, CaseAction.CANCEL)
    assert cancelled is not None and cancelled.case.status == "cancelled"
    reopened = cases.act(deps, ME, case_id, CaseAction.REOPEN)
    assert reopened is not None and reopened.case.status == "client_told"  # they were told before


def test_a_checklist_group_ticks_exactly_what_was_chosen(deps: Deps) -> None:
    case_id = make_case(deps)
    snap = cases.open_case(deps, ME, case_id)
    assert snap is not None
    keys = [item.key for item in snap.case.items]
    group = set(keys[:3])
    chosen = {keys[1]}
    after = cases.set_checklist(
        deps, ME, case_id, group | {"not_on_this_case"}, chosen | {"not_on_this_case"}
    )
    assert after is not None
    assert done_keys(deps, case_id) == chosen
    # Unticking one group leaves what is done outside it.
    cases.set_checklist(deps, ME, case_id, {keys[4]}, {keys[4]})
    cases.set_checklist(deps, ME, case_id, group, set())
    assert done_keys(deps, case_id) == {keys[4]}


def test_ticking_an_item_ends_the_nudges_about_it(deps: Deps) -> None:
    case_id = make_case(deps)
    nudge = next(r for r in reminder_rows(deps, case_id) if r.state == "pending" and r.covers)
    cases.set_checklist(deps, ME, case_id, set(nudge.covers), set(nudge.covers))
    after = {r.id: r for r in reminder_rows(deps, case_id)}
    assert after[nudge.id].state == "cancelled"
    assert any(r.state == "pending" and r.kind != "plan_ready" for r in after.values())  # only that one


def snoozed_nudge(deps: Deps, case_id: CaseId) -> Row:
    first = min(
        (r for r in reminder_rows(deps, case_id) if r.state == "pending" and r.kind != "plan_ready"),
        key=lambda r: r.next_attempt_at,
    )
    outcome = reminders.snooze(deps, ME, ReminderId(first.id), Snooze.NEXT_MONDAY)
    assert outcome is not None and outcome.result == "snoozed"
    row = next(r for r in reminder_rows(deps, case_id) if r.id == first.id)
    assert row.covers, row
    assert row.snoozed and row.state == "pending" and row.next_attempt_at != first.next_attempt_at
    return row


def test_a_snoozed_nudge_keeps_its_time_through_a_re_plan(deps: Deps) -> None:
    case_id = make_case(deps)
    snoozed = snoozed_nudge(deps, case_id)
    before = {r.kind: r.next_attempt_at for r in reminder_rows(deps, case_id) if r.state == "pending"}
    # A week later for everything: the plan moves every nudge of this kind, but not the snoozed one.
    moved = Answers(
        effective_date=date(2027, 3, 5),
        notify_by=date(2027, 1, 22),
        conversation_date=date(2027, 1, 21),
        conversation_time=time(10, 30),
    )
    changed = cases.change_dates(deps, ME, case_id, moved)
    assert changed is not None and changed.snapshot is not None and not changed.problems
    after = reminder_rows(deps, case_id)
    kept = next(r for r in after if r.id == snoozed.id)
    assert kept.state == "pending" and kept.snoozed and kept.next_attempt_at == snoozed.next_attempt_at
    same_kind = [r for r in after if r.kind == snoozed.kind and r.state == "pending"]
    assert [r.id for r in same_kind] == [snoozed.id]  # not joined by a fresh one of its kind
    others = {r.kind: r.next_attempt_at for r in after if r.state == "pending" and r.id != snoozed.id}
    assert any(others[k] != before[k] for k in others if k in before), "the re-plan moved nothing"


def test_a_snoozed_nudge_ends_when_what_it_asks_is_done(deps: Deps) -> None:
    case_id = make_case(deps)
    snoozed = snoozed_nudge(deps, case_id)
    cases.set_checklist(deps, ME, case_id, set(snoozed.covers), set(snoozed.covers))
    assert next(r for r in reminder_rows(deps, case_id) if r.id == snoozed.id).state == "cancelled"


def test_closing_a_case_ends_its_waiting_nudges_snoozed_or_not(deps: Deps) -> None:
    case_id = make_case(deps)
    snoozed_nudge(deps, case_id)
    closed = cases.act(deps, ME, case_id, CaseAction.CLOSE)
    assert closed is not None and closed.case.status == "closed"
    waiting = [r for r in reminder_rows(deps, case_id) if r.state == "pending" and r.kind != "plan_ready"]
    assert waiting == []


def test_what_the_client_said_becomes_follow_ups_and_marks_them_told(deps: Deps) -> None:
    case_id = make_case(deps)
    snap = cases.log_response(deps, ME, case_id, "Calm", "Invoices\n\nHandover of files", "Send the logo")
    assert snap is not None and snap.case.status == "client_told"
    follow_ups = {
        item.key: item.title for item in snap.case.items if "_" in item.key and item.key[-1].isdigit()
    }
    assert set(follow_ups) == {"concern_1", "concern_2", "promise_3"}, follow_ups
    assert {ItemKey.TELL, ItemKey.ASK_FEELINGS} <= done_keys(deps, case_id)


def test_sharing_shows_the_case_to_the_lead_read_only_until_it_stops(deps: Deps) -> None:
    case_id = make_case(deps)
    no_lead = cases.share(deps, ME, case_id, True)
    assert no_lead is not None and no_lead.tell is None and no_lead.snapshot.case.shared_at is None
    with deps.db.session(write=True) as session:
        role_store.name_lead(session, TEAM, LEAD.user_id, [ME.user_id], LEAD.user_id, deps.now())
    shared = cases.share(deps, ME, case_id, True)
    assert shared is not None and shared.tell == LEAD.user_id and shared.snapshot.lead == LEAD.user_id
    assert cases.share(deps, ME, case_id, True).tell is None  # type: ignore[union-attr]  # told once
    seen = cases.open_shared(deps, LEAD, case_id)
    assert seen is not None and seen.read_only and seen.case.id == case_id
    assert cases.open_case(deps, LEAD, case_id) is None  # shown, never the lead's to change
    assert cases.act(deps, LEAD, case_id, CaseAction.CANCEL) is None
    assert cases.open_shared(deps, SOMEONE_ELSE, case_id) is None
    assert cases.open_shared(deps, Actor("T0000000009", LEAD.user_id), case_id) is None
    stopped = cases.share(deps, ME, case_id, False)
    assert stopped is not None and stopped.snapshot.case.shared_at is None
    assert cases.open_shared(deps, LEAD, case_id) is None


def test_dates_move_with_their_due_dates_or_nothing_moves(deps: Deps) -> None:
    case_id = make_case(deps)
    snap = cases.open_case(deps, ME, case_id)
    assert snap is not None
    tell_due = next(item.due_date for item in snap.case.items if item.key == ItemKey.TELL)
    wrong = Answers(
        effective_date=date(2027, 3, 5),
        notify_by=date(2027, 1, 22),
        conversation_date=date(2027, 1, 29),  # after the day they must be told by
        conversation_time=time(10, 30),
    )
    refused = cases.change_dates(deps, ME, case_id, wrong)
    assert refused is not None and refused.snapshot is None and "conversation_date" in refused.problems
    assert cases.open_case(deps, ME, case_id).case.conversation_date == date(2027, 1, 14)  # type: ignore[union-attr]
    moved = cases.change_dates(
        deps, ME, case_id, Answers(**{**wrong.__dict__, "conversation_date": date(2027, 1, 21)})
    )
    assert moved is not None and moved.snapshot is not None and not moved.problems
    assert moved.snapshot.case.conversation_date == date(2027, 1, 21)
    assert moved.snapshot.case.effective_date == date(2027, 3, 5)
    new_tell_due = next(item.due_date for item in moved.snapshot.case.items if item.key == ItemKey.TELL)
    assert new_tell_due != tell_due


def test_a_date_already_past_is_refused(deps: Deps) -> None:
    case_id = make_case(deps)
    clock_of(deps).advance(timedelta(days=30))  # 31 December: the planned conversation is still ahead
    past = Answers(
        effective_date=date(2027, 2, 26),
        notify_by=date(2027, 1, 15),
        conversation_date=date(2026, 12, 2),
        conversation_time=time(10, 30),
    )
    refused = cases.change_dates(deps, ME, case_id, past)
    assert refused is not None and "conversation_date" in refused.problems


def test_deleting_a_case_takes_its_reminders_with_it(deps: Deps) -> None:
    case_id = make_case(deps)
    assert cases.delete(deps, ME, case_id) == "Acme Ltd"
    assert cases.open_case(deps, ME, case_id) is None
    assert reminder_rows(deps, case_id) == []
    assert cases.delete(deps, ME, case_id) is None
