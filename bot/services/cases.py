"""What happens to a case after it is created. Each function is one transaction; the ones that
change a case lock its row first, so a double click or two processes take turns and the second
sees what the first did."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum

from sqlalchemy.orm import Session, object_session

from bot.copydeck import CHECKLIST, situation_text
from bot.core.answers import Answers
from bot.core.case_states import CaseStatus, EventKind, SignOff
from bot.core.checklist import CONCERN_PREFIX, PROMISE_PREFIX, SIGN_OFF_KEY, ItemKey, Phase, is_loose_end
from bot.core.kinds import DraftKind
from bot.core.ledger import EndingFacts, LedgerEntry, Patterns, Period, entry_of, patterns, since
from bot.core.milestones import MilestoneStatus, StoredItem, milestone_states
from bot.core.plan import Plan, build_plan
from bot.core.rehearsal import rehearsed_before
from bot.core.schedule import zone
from bot.core.situations import situation_of
from bot.core.step_check import check_edited_drafts
from bot.core.typed_text import is_blank, one_line, storable
from bot.core.validation import DATE_FIELDS, DRAFT_MAX, Problem, ProblemCode, Problems, validate_dates
from bot.deps import Deps
from bot.services import sign_off
from bot.services.actor import Actor
from bot.services.inputs import CaseId
from bot.services.read_models import CaseView, ItemView, ReminderView, case_view, item_view, reminder_view
from bot.services.told import record_told
from bot.storage import cases as case_store
from bot.storage import ledger, roles
from bot.storage import reminders as reminder_store
from bot.storage.models import Case, ChecklistItem

MAX_FOLLOW_UPS = 20
FOLLOW_UP_TITLE_MAX = 200
FOLLOW_UP_DUE_DAYS = 2


class CaseAction(StrEnum):
    CLIENT_TOLD = "client_told"
    CLOSE = "close"
    CANCEL = "cancel"
    REOPEN = "reopen"
    TOGGLE_REMINDERS = "toggle_reminders"


@dataclass(frozen=True)
class CaseSnapshot:
    """A case as its view shows it: the case, the plan recomputed for today, the next nudges."""

    case: CaseView
    answers: Answers
    plan: Plan | None
    upcoming: tuple[ReminderView, ...] = ()
    lead: str | None = None  # the owner's team lead, who may be shown the case
    read_only: bool = False  # shown to the owner's lead: nothing in it can be changed
    milestones: tuple[MilestoneStatus, ...] = ()  # on their planned days, with where each stands


def _complete(a: Answers) -> bool:
    return bool(a.situation and a.effective_date and a.tenure and a.method and a.conversation_date)


def snapshot(case: Case, deps: Deps, read_only: bool = False) -> CaseSnapshot:
    """Taken inside the transaction that read or changed the case (what it added is flushed first,
    so every entry has its id)."""
    session = object_session(case)
    if session is not None and (session.new or session.dirty or session.deleted):
        session.flush()
    a = case_store.answers_of(case)
    today, calendar = deps.today_in(case.owner_tz), deps.calendar()
    plan = build_plan(a, today, calendar) if _complete(a) else None
    lead = roles.lead_of(session, case.team_id, case.owner_id) if session is not None else None
    milestones = milestone_states(plan, _stored_items(case), today, calendar) if plan else ()
    upcoming = tuple(reminder_view(r) for r in reminder_store.upcoming(case))
    return CaseSnapshot(case_view(case), a, plan, upcoming, lead, read_only, milestones)


def _stored_items(case: Case) -> dict[str, StoredItem]:
    """The checklist as planned (due dates as stored) and ticked (on the owner's calendar day)."""
    tz = zone(case.owner_tz)
    return {
        item.key: StoredItem(item.due_date, item.done_at.astimezone(tz).date() if item.done_at else None)
        for item in case.items
    }


def _replan(session: Session, case: Case, deps: Deps) -> None:
    reminder_store.replan(session, case, deps.now(), deps.calendar(), deps.window)


def open_case(deps: Deps, actor: Actor, case_id: CaseId) -> CaseSnapshot | None:
    with deps.db.session() as session:
        case = case_store.owned_case(session, case_id, actor.team_id, actor.user_id)
        return snapshot(case, deps) if case else None


def open_shared(deps: Deps, actor: Actor, case_id: CaseId) -> CaseSnapshot | None:
    """A case shared with this person as the owner's team lead, read-only; None for anyone else."""
    with deps.db.session() as session:
        case = case_store.shared_case(session, case_id, actor.team_id, actor.user_id)
        return snapshot(case, deps, read_only=True) if case else None


@dataclass(frozen=True)
class Shared:
    snapshot: CaseSnapshot
    tell: str | None = None  # the lead to tell that a case was shared with them


def share(deps: Deps, actor: Actor, case_id: CaseId, on: bool) -> Shared | None:
    """The owner shares a case with their team lead (read-only), or stops sharing it. Sharing needs
    a lead; it is recorded in the case's history, and the lead is told only when it starts."""
    with deps.db.session(write=True) as session:
        case = case_store.owned_case(session, case_id, actor.team_id, actor.user_id, for_update=True)
        if case is None:
            return None
        lead = roles.lead_of(session, case.team_id, case.owner_id)
        tell = None
        if on and lead and case.shared_at is None:
            case.shared_at = deps.now()
            case_store.record(
                case, EventKind.SHARED, actor.user_id, case.shared_at, "Shared with the team lead (read-only)"
            )
            tell = lead
        elif not on and case.shared_at is not None:
            case.shared_at = None
            case_store.record(
                case, EventKind.UNSHARED, actor.user_id, deps.now(), "No longer shared with the team lead"
            )
        return Shared(snapshot(case, deps), tell)


def ask_sign_off(deps: Deps, actor: Actor, case_id: CaseId) -> Shared | None:
    """The owner asks their team lead to sign the plan off before the client is told: the case is
    shared with the lead, a checklist item waits for the answer, and the lead is to be asked."""
    now = deps.now()
    with deps.db.session(write=True) as session:
        case = case_store.owned_case(session, case_id, actor.team_id, actor.user_id, for_update=True)
        if case is None:
            return None
        lead = roles.lead_of(session, case.team_id, case.owner_id)
        if not lead or not case.is_active or case.sign_off in (*sign_off.WAITING, SignOff.APPROVED):
            return Shared(snapshot(case, deps))
        if case.shared_at is None:
            case.shared_at = now
            case_store.record(
                case, EventKind.SHARED, actor.user_id, now, "Shared with the team lead (read-only)"
            )
        case.sign_off, case.sign_off_note = SignOff.REQUESTED, None
        case.sign_off_lead, case.sign_off_channel, case.sign_off_ts = lead, None, None
        _sign_off_item(case, deps)
        case_store.record(case, EventKind.SIGN_OFF, actor.user_id, now, "Asked the team lead to sign off")
        return Shared(snapshot(case, deps), lead)


def _sign_off_item(case: Case, deps: Deps) -> None:
    """The checklist item the lead's answer ticks: due the working day before the conversation."""
    existing = next((i for i in case.items if i.key == SIGN_OFF_KEY), None)
    if existing is not None:
        existing.done_at = existing.done_by = None
        return
    calendar, today = deps.calendar(), deps.today_in(case.owner_tz)
    due = max(today, calendar.add_working_days(case.conversation_date, -1))
    case.items.append(
        ChecklistItem(
            key=SIGN_OFF_KEY,
            title=CHECKLIST.title(SIGN_OFF_KEY, case_store.answers_of(case), None, None),
            tips=[],
            phase=Phase.PREPARE,
            due_date=due,
            position=-1,  # first among the things to do before the conversation
        )
    )


SIGN_OFF_NOTE_MAX = 1000


@dataclass(frozen=True)
class SignOffAnswer:
    snapshot: CaseSnapshot  # as the lead sees it: read-only
    approved: bool
    note: str | None


def answer_sign_off(
    deps: Deps, actor: Actor, case_id: CaseId, approve: bool, note: str | None = None
) -> SignOffAnswer | None:
    """The owner's team lead approves the plan or asks for changes (with a note). Only the owner's
    lead, only for a case waiting for their answer; a second answer to the same request is refused."""
    now = deps.now()
    with deps.db.session(write=True) as session:
        case = case_store.shared_case(session, case_id, actor.team_id, actor.user_id, for_update=True)
        if case is None or case.sign_off not in sign_off.WAITING or case.sign_off_lead != actor.user_id:
            return None  # only the lead asked answers, once
        if approve:
            case.sign_off = SignOff.APPROVED
            case_store.tick(case, [SIGN_OFF_KEY], actor.user_id, now)
            case_store.record(case, EventKind.SIGN_OFF, actor.user_id, now, "Signed off by the team lead")
        else:
            note = one_line(note or "")[:SIGN_OFF_NOTE_MAX]
            case.sign_off, case.sign_off_note = SignOff.CHANGES, note
            case_store.record(
                case, EventKind.SIGN_OFF, actor.user_id, now, f"The team lead asked for changes: {note}"
            )
        _replan(session, case, deps)
        return SignOffAnswer(snapshot(case, deps, read_only=True), approve, note)


def act(deps: Deps, actor: Actor, case_id: CaseId, action: CaseAction) -> CaseSnapshot | None:
    with deps.db.session(write=True) as session:
        case = case_store.owned_case(session, case_id, actor.team_id, actor.user_id, for_update=True)
        if case is None:
            return None
        if _apply(case, action, actor, deps):
            _replan(session, case, deps)
        return snapshot(case, deps)


def _apply(case: Case, action: CaseAction, actor: Actor, deps: Deps) -> bool:
    """Change the case; False when the action no longer applies (it was already done)."""
    now = deps.now()
    if action is CaseAction.CLIENT_TOLD and case.status == CaseStatus.OPEN:
        record_told(case, actor.user_id, now, deps)
    elif action is CaseAction.CLOSE and case.is_active:
        case.status, case.closed_at = CaseStatus.CLOSED, now
        case_store.record(case, EventKind.STATUS, actor.user_id, now, "Case closed")
        session = object_session(case)
        if session is not None:
            ledger.record(session, case.team_id, case.owner_id, case.id, _ledger_entry(case, deps))
    elif action is CaseAction.CANCEL and case.is_active:
        case.status, case.closed_at = CaseStatus.CANCELLED, now
        detail = situation_text(case.situation).cancel_detail()
        case_store.record(case, EventKind.STATUS, actor.user_id, now, detail)
    elif action is CaseAction.REOPEN and not case.is_active:
        told = any(item.key == ItemKey.TELL and item.done_at for item in case.items)
        case.status, case.closed_at = (CaseStatus.CLIENT_TOLD if told else CaseStatus.OPEN), None
        case_store.record(case, EventKind.STATUS, actor.user_id, now, "Case reopened")
        session = object_session(case)
        if session is not None:
            ledger.forget(session, case.id)
    elif action is CaseAction.TOGGLE_REMINDERS and case.is_active:
        case.reminders_enabled = not case.reminders_enabled
        state = "on" if case.reminders_enabled else "off"
        case_store.record(case, EventKind.REMINDERS, actor.user_id, now, f"Reminders turned {state}")
    else:
        return False
    return True


def _ledger_entry(case: Case, deps: Deps) -> LedgerEntry:
    tz = zone(case.owner_tz)
    items = {item.key: item for item in case.items}
    tell = items.get(ItemKey.TELL)
    referral = items.get(ItemKey.SEND_REFERRALS)
    concerns = [i for i in case.items if i.key.startswith(CONCERN_PREFIX)]
    reflect = items.get(ItemKey.REFLECT)
    facts = EndingFacts(
        answers=case_store.answers_of(case),
        closed_on=deps.today_in(case.owner_tz),
        told_on=tell.done_at.astimezone(tz).date() if tell and tell.done_at else None,
        referral_item=(referral.done_at is not None) if referral else None,
        concerns_raised=len(concerns),
        concerns_resolved=sum(1 for i in concerns if i.done_at is not None),
        reflected=bool(reflect and reflect.done_at),
        left_open=tuple(item.key for item in loose_ends(case)),
        rehearsed_before_told=rehearsed_before(
            (e.at for e in case.events if e.kind == EventKind.REHEARSED), tell.done_at if tell else None
        ),
    )
    return entry_of(facts, deps.calendar())


def loose_ends(case: Case) -> list[ChecklistItem]:
    """What closing would leave open: the handover, concerns and promises, alternatives promised."""
    return [item for item in case.items if item.done_at is None and is_loose_end(item.key)]


def open_loose_ends(deps: Deps, actor: Actor, case_id: CaseId) -> tuple[CaseSnapshot, list[str]] | None:
    """The case as its owner sees it, and the titles of what closing it now would leave open."""
    with deps.db.session() as session:
        case = case_store.owned_case(session, case_id, actor.team_id, actor.user_id)
        if case is None:
            return None
        return snapshot(case, deps), [item.title for item in loose_ends(case)]


def set_checklist(
    deps: Deps, actor: Actor, case_id: CaseId, group_keys: set[str], selected: set[str]
) -> CaseSnapshot | None:
    """Set the done state of one checkbox group; keys not on the case are ignored."""
    with deps.db.session(write=True) as session:
        case = case_store.owned_case(session, case_id, actor.team_id, actor.user_id, for_update=True)
        if case is None:
            return None
        known = {item.key for item in case.items}
        group = group_keys & known
        done_now = {item.key for item in case.items if item.done_at is not None}
        changes = case_store.set_items_done(
            case, (done_now - group) | (selected & group), actor.user_id, deps.now()
        )
        if ItemKey.TELL in selected & group:
            record_told(case, actor.user_id, deps.now(), deps)
        if changes:
            _replan(session, case, deps)
        return snapshot(case, deps)


def _lines(text: str | None) -> list[str]:
    return [one_line(line) for line in (text or "").splitlines() if not is_blank(line)]


def log_response(
    deps: Deps, actor: Actor, case_id: CaseId, feedback: str, concerns: str | None, promises: str | None
) -> CaseSnapshot | None:
    """What the client said; each concern and each promise made becomes a follow-up item."""
    now = deps.now()
    with deps.db.session(write=True) as session:
        case = case_store.owned_case(session, case_id, actor.team_id, actor.user_id, for_update=True)
        if case is None:
            return None
        case.client_feedback = feedback
        case_store.tick(case, [ItemKey.ASK_FEELINGS, ItemKey.EXIT_NOTES], actor.user_id, now)
        case_store.record(case, EventKind.FEEDBACK, actor.user_id, now, "Logged what the client said")
        a = case_store.answers_of(case)
        due = deps.calendar().add_working_days(deps.today_in(case.owner_tz), FOLLOW_UP_DUE_DAYS)
        taken = len([i for i in case.items if i.key.startswith((CONCERN_PREFIX, PROMISE_PREFIX))])
        position = max((item.position for item in case.items), default=0)
        for prefix, kind, text in (
            *((CONCERN_PREFIX, EventKind.CONCERN, t) for t in _lines(concerns)),
            *((PROMISE_PREFIX, EventKind.PROMISE, t) for t in _lines(promises)),
        ):
            if taken >= MAX_FOLLOW_UPS:
                break
            taken += 1
            position += 1
            text = text[:FOLLOW_UP_TITLE_MAX]
            key = f"{prefix}{taken}"
            title = CHECKLIST.title(key, a, None, text)
            case.items.append(
                ChecklistItem(
                    key=key,
                    title=title,
                    tips=[13],
                    phase=Phase.FOLLOW_UP,
                    due_date=due,
                    position=position,
                )
            )
            case_store.record(case, kind, actor.user_id, now, title)
        record_told(case, actor.user_id, now, deps)
        session.flush()
        _replan(session, case, deps)
        return snapshot(case, deps)


@dataclass(frozen=True)
class Changed:
    snapshot: CaseSnapshot | None = None
    problems: Problems = field(default_factory=dict)
    asked_again: sign_off.AskedAgain | None = None  # a signed-off plan changed: the lead to ask


def change_dates(deps: Deps, actor: Actor, case_id: CaseId, new: Answers) -> Changed | None:
    """Move the case's dates under the flow's own rules; due dates and reminders follow."""
    with deps.db.session(write=True) as session:
        case = case_store.owned_case(session, case_id, actor.team_id, actor.user_id, for_update=True)
        if case is None:
            return None
        current = case_store.answers_of(case)
        moved = replace(
            current, **{name: getattr(new, name) for name in DATE_FIELDS if _asked_date(case, name)}
        )
        t = deps.today_for(case.owner_tz)
        problems = validate_dates(moved, case.client_told, t)
        if problems:
            return Changed(problems=problems)
        plan = build_plan(moved, t.day, t.calendar)
        assert moved.effective_date and moved.conversation_date
        was = (
            case.effective_date,
            case.conversation_date,
            case.notify_by,
            current.conversation_time,
            current.intro_date,
        )
        case.answers = {**moved.to_json(), "notify_by": plan.notify_by.isoformat()}
        case.effective_date, case.conversation_date, case.notify_by = (
            moved.effective_date,
            moved.conversation_date,
            plan.notify_by,
        )
        for item in case.items:
            due = plan.due_of(item.key)
            if due is not None and item.done_at is None:
                item.due_date = due
        case_store.record(
            case,
            EventKind.DATES,
            actor.user_id,
            deps.now(),
            f"Dates changed: tell them by {plan.notify_by:%d %b}, effective {moved.effective_date:%d %b %Y}",
        )
        _replan(session, case, deps)
        now_dates = (
            case.effective_date,
            case.conversation_date,
            case.notify_by,
            moved.conversation_time,
            moved.intro_date,
        )
        again = (
            sign_off.ask_again_if_signed(session, case, actor.user_id, deps.now(), "the dates")
            if now_dates != was
            else None
        )
        return Changed(snapshot(case, deps), asked_again=again)


def _asked_date(case: Case, name: str) -> bool:
    situation = situation_of(case.situation)
    if name == "notify_by":
        return situation.we_give_notice
    return name != "intro_date" or situation.asked("intro_date")


def edit_drafts(
    deps: Deps, actor: Actor, case_id: CaseId, texts: dict[DraftKind, str | None]
) -> Changed | None:
    with deps.db.session(write=True) as session:
        case = case_store.owned_case(session, case_id, actor.team_id, actor.user_id, for_update=True)
        if case is None:
            return None
        problems: Problems = {}
        for kind, text in texts.items():
            if text is None or is_blank(text):
                problems[kind.value] = Problem(ProblemCode.MISSING)
            elif not storable(text):
                problems[kind.value] = Problem(ProblemCode.UNSTORABLE)
            elif len(text) > DRAFT_MAX:
                problems[kind.value] = Problem(
                    ProblemCode.TOO_LONG, {"limit": DRAFT_MAX, "length": len(text)}
                )
        if problems:
            return Changed(problems=problems)
        kept = case.answers.get("kept_as_typed") or []
        wording = check_edited_drafts({kind.value: text for kind, text in texts.items() if text}, kept)
        if wording.hints:  # saving the same text again keeps it as typed
            case.answers = {**case.answers, "kept_as_typed": wording.kept().kept_as_typed}
            return Changed(problems=wording.problems)
        before = dict(case.drafts)
        case.drafts = {**case.drafts, **{kind.value: text for kind, text in texts.items() if text}}
        case_store.record(case, EventKind.DRAFTS, actor.user_id, deps.now(), "Drafts edited")
        again = (
            sign_off.ask_again_if_signed(session, case, actor.user_id, deps.now(), "the drafts")
            if case.drafts != before
            else None
        )
        return Changed(snapshot(case, deps), asked_again=again)


def delete(deps: Deps, actor: Actor, case_id: CaseId) -> str | None:
    """Remove the case with its checklist, history and reminders; returns the client's name."""
    with deps.db.session(write=True) as session:
        case = case_store.owned_case(session, case_id, actor.team_id, actor.user_id, for_update=True)
        if case is None:
            return None
        name = case.client_name
        case_store.delete_case(session, case)
        return name


@dataclass(frozen=True)
class HomeData:
    active: tuple[CaseView, ...]  # without checklists or histories
    next_items: dict[int, ItemView]
    total_active: int
    closed: tuple[CaseView, ...]
    today: date
    tz: str | None
    patterns: Patterns | None = None  # the person's endings in the period, once there is one
    period: Period = Period.YEAR


HOME_LISTED = 40


def home(deps: Deps, actor: Actor, tz: str | None = None, period: Period = Period.YEAR) -> HomeData:
    with deps.db.session() as session:
        rows = case_store.active_cases(session, actor.team_id, actor.user_id, limit=HOME_LISTED)
        active = tuple(case_view(case, items=False, events=False) for case in rows)
        next_items = {
            case_id: item_view(item)
            for case_id, item in case_store.next_open_items(session, [case.id for case in active]).items()
        }
        total = (
            len(active)
            if len(active) < HOME_LISTED
            else case_store.count_active(session, actor.team_id, actor.user_id)
        )
        closed = tuple(
            case_view(case, items=False, events=False)
            for case in case_store.recent_closed_cases(session, actor.team_id, actor.user_id)
        )
        tz = tz or (active[0].owner_tz if active else None)
        today = deps.today_in(tz)
        entries = ledger.entries_of(session, actor.team_id, [actor.user_id], since(period, today))
        any_entry = bool(entries) or ledger.has_entries(session, actor.team_id, actor.user_id)
    found = patterns(entries) if any_entry else None
    return HomeData(active, next_items, total, closed, today, tz, found, period)


def listing(deps: Deps, actor: Actor, limit: int) -> tuple[tuple[CaseView, ...], int]:
    with deps.db.session() as session:
        rows = case_store.active_cases(session, actor.team_id, actor.user_id, limit=limit)
        cases = tuple(case_view(case, items=False, events=False) for case in rows)
        return cases, case_store.count_active(session, actor.team_id, actor.user_id)
