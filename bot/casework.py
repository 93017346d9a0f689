"""What happens to a case, between the Slack edge and storage: each call is one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from enum import StrEnum

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.core import drafts
from bot.core.answers import Answers, ChangeKind, Method, Tenure, TransitionNeed
from bot.core.plan import CONCERN_PREFIX, ItemKey, Milestone, Phase, build_plan, milestones
from bot.core.steps import Step
from bot.core.validation import (
    Errors,
    first_invalid_step,
    validate_change,
    validate_conversation,
    validate_notice,
)
from bot.deps import Deps
from bot.storage import cases as case_store
from bot.storage import reminders as reminder_store
from bot.storage.drafts import load_draft
from bot.storage.models import Case, CaseStatus, ChecklistItem, Draft

MAX_CONCERNS = 20
CONCERN_TITLE_MAX = 200


@dataclass(frozen=True)
class Actor:
    team_id: str
    user_id: str
    enterprise_id: str | None = None


class Outcome(StrEnum):
    CREATED = "created"
    ALREADY_CREATED = "already_created"
    EXPIRED = "expired"
    INVALID = "invalid"


@dataclass(frozen=True)
class FinishResult:
    outcome: Outcome
    case_id: int | None = None
    client_name: str = ""
    step: Step | None = None
    errors: Errors | None = None
    answers: Answers | None = None
    draft: Draft | None = None


def finish_flow(deps: Deps, actor: Actor, draft_id: str | None) -> FinishResult:
    """Create the case from a finished draft: once, even if the plan is submitted twice."""
    now = deps.now()
    calendar = deps.calendar()
    try:
        with deps.db.session() as session:
            if draft_id:
                existing = case_store.case_from_draft(session, draft_id)
                if existing is not None and existing.owner_id == actor.user_id:
                    return FinishResult(Outcome.ALREADY_CREATED, existing.id, existing.client_name)
            draft = load_draft(session, draft_id, actor.team_id, actor.user_id)
            if draft is None:
                return FinishResult(Outcome.EXPIRED)
            answers = Answers.from_json(draft.answers)
            today = deps.today_in(draft.user_tz)
            invalid = first_invalid_step(answers, today, calendar)
            if invalid is not None:
                return FinishResult(
                    Outcome.INVALID, step=invalid[0], errors=invalid[1], answers=answers, draft=draft
                )
            plan = build_plan(answers, today, calendar)
            case = case_store.create_case(
                session,
                team_id=actor.team_id,
                enterprise_id=actor.enterprise_id,
                owner_id=actor.user_id,
                owner_tz=draft.user_tz,
                draft_id=draft.id,
                a=answers,
                plan=plan,
                talking_points=drafts.talking_points(answers, plan),
                referral_note=drafts.referral_note(answers, plan),
                now=now,
            )
            reminder_store.replan(session, case, now, calendar, deps.window)
            session.delete(draft)
            return FinishResult(Outcome.CREATED, case.id, case.client_name)
    except IntegrityError:
        # The same plan submitted twice at once: the other request created it.
        with deps.db.session() as session:
            existing = case_store.case_from_draft(session, draft_id or "")
            if existing is None:
                raise
            return FinishResult(Outcome.ALREADY_CREATED, existing.id, existing.client_name)


def case_milestones(case: Case, deps: Deps) -> tuple[Milestone, ...]:
    return milestones(
        case.notify_by,
        case.conversation_date,
        case.effective_date,
        Tenure(case.tenure),
        ChangeKind(case.change_kind),
        deps.today_in(case.owner_tz),
        deps.calendar(),
    )


def replan(session: Session, case: Case, deps: Deps) -> None:
    reminder_store.replan(session, case, deps.now(), deps.calendar(), deps.window)


class CaseAction(StrEnum):
    CLIENT_TOLD = "client_told"
    CLOSE = "close"
    CANCEL = "cancel"
    REOPEN = "reopen"
    TOGGLE_REMINDERS = "toggle_reminders"


def apply_action(session: Session, case: Case, action: CaseAction, actor: Actor, deps: Deps) -> None:
    now = deps.now()
    if action is CaseAction.CLIENT_TOLD and case.status == CaseStatus.OPEN:
        case.status = CaseStatus.CLIENT_TOLD
        case_store.mark_item_done(case, ItemKey.TELL, actor.user_id, now)
        case_store.record(case, "status", actor.user_id, now, "Client told")
    elif action is CaseAction.CLOSE and case.is_active:
        case.status, case.closed_at = CaseStatus.CLOSED, now
        case_store.record(case, "status", actor.user_id, now, "Case closed")
    elif action is CaseAction.CANCEL and case.is_active:
        case.status, case.closed_at = CaseStatus.CANCELLED, now
        case_store.record(case, "status", actor.user_id, now, "Cancelled: the relationship continues")
    elif action is CaseAction.REOPEN and not case.is_active:
        told = any(item.key == ItemKey.TELL and item.done_at for item in case.items)
        case.status, case.closed_at = (CaseStatus.CLIENT_TOLD if told else CaseStatus.OPEN), None
        case_store.record(case, "status", actor.user_id, now, "Case reopened")
    elif action is CaseAction.TOGGLE_REMINDERS:
        case.reminders_enabled = not case.reminders_enabled
        state = "on" if case.reminders_enabled else "off"
        case_store.record(case, "reminders", actor.user_id, now, f"Reminders turned {state}")
    else:
        return
    replan(session, case, deps)


def update_checklist(
    session: Session, case: Case, group_keys: set[str], selected: set[str], actor: Actor, deps: Deps
) -> list[str]:
    """Set the done state of one checkbox group; keys not on the case are ignored."""
    known = {item.key for item in case.items}
    group = group_keys & known
    done_now = {item.key for item in case.items if item.done_at is not None}
    wanted = (done_now - group) | (selected & group)
    changes = case_store.set_items_done(case, wanted, actor.user_id, deps.now())
    if ItemKey.TELL in wanted and case.status == CaseStatus.OPEN:
        case.status = CaseStatus.CLIENT_TOLD
        case_store.record(case, "status", actor.user_id, deps.now(), "Client told")
    if changes:
        replan(session, case, deps)
    return changes


def log_feedback(
    session: Session, case: Case, feedback: str, concerns_text: str | None, actor: Actor, deps: Deps
) -> int:
    """Store what the client said; each concern becomes a follow-up item. Returns concerns added."""
    now = deps.now()
    case.client_feedback = feedback
    case_store.mark_item_done(case, ItemKey.ASK_FEELINGS, actor.user_id, now)
    case_store.record(case, "feedback", actor.user_id, now, "Logged how the client feels")
    concerns = [line.strip() for line in (concerns_text or "").splitlines() if line.strip()]
    existing = sum(1 for item in case.items if item.key.startswith(CONCERN_PREFIX))
    added = 0
    calendar = deps.calendar()
    due = calendar.add_working_days(deps.today_in(case.owner_tz), 2)
    position = max((item.position for item in case.items), default=0)
    for concern in concerns[: max(0, MAX_CONCERNS - existing)]:
        added += 1
        case.items.append(
            ChecklistItem(
                key=f"{CONCERN_PREFIX}{existing + added}",
                title=f"Resolve: {concern[:CONCERN_TITLE_MAX]}",
                tips=[13],
                phase=Phase.FOLLOW_UP.value,
                due_date=due,
                position=position + added,
            )
        )
        case_store.record(
            case, "concern", actor.user_id, now, f"Concern raised: {concern[:CONCERN_TITLE_MAX]}"
        )
    if case.status == CaseStatus.OPEN:
        case.status = CaseStatus.CLIENT_TOLD
        case_store.mark_item_done(case, ItemKey.TELL, actor.user_id, now)
    session.flush()
    replan(session, case, deps)
    return added


def delete_case(session: Session, case: Case) -> None:
    session.delete(case)


def answers_from_case(case: Case) -> Answers:
    return Answers(
        client_name=case.client_name,
        change_kind=ChangeKind(case.change_kind),
        reason=case.reason,
        effective_date=case.effective_date,
        contract_notice_days=case.contract_notice_days,
        tenure=Tenure(case.tenure),
        notice_days=case.notice_days,
        method=Method(case.method),
        conversation_date=case.conversation_date,
        conversation_time=time.fromisoformat(case.conversation_time) if case.conversation_time else None,
        client_impact=case.client_impact,
        appreciation=case.appreciation,
        referrals=list(case.referrals),
        transition_needs=[TransitionNeed(n) for n in case.transition_needs],
        transition_notes=case.transition_notes,
    )


def change_dates(session: Session, case: Case, new: Answers, actor: Actor, deps: Deps) -> Errors:
    """Move the case's dates; due dates and reminders follow. Returns errors by field, if any."""
    a = answers_from_case(case)
    a.effective_date, a.notice_days = new.effective_date, new.notice_days
    a.conversation_date, a.conversation_time = new.conversation_date, new.conversation_time
    today, calendar = deps.today_in(case.owner_tz), deps.calendar()
    errors = {k: v for k, v in validate_change(a, today, calendar).items() if k == "effective_date"}
    errors |= validate_notice(a, today, calendar)
    if case.status == CaseStatus.OPEN:
        errors |= {
            k: v
            for k, v in validate_conversation(a, today, calendar).items()
            if k in ("conversation_date", "conversation_time")
        }
    elif a.conversation_date is None:
        errors["conversation_date"] = "Pick the day you will tell them."
    if errors:
        return errors
    plan = build_plan(a, today, calendar)
    assert a.effective_date and a.conversation_date and a.notice_days is not None
    case.effective_date, case.notice_days, case.notify_by = a.effective_date, a.notice_days, plan.notify_by
    case.conversation_date = a.conversation_date
    case.conversation_time = a.conversation_time.strftime("%H:%M") if a.conversation_time else None
    due = {str(item.key): item.due for item in plan.items}
    for item in case.items:
        if item.key in due and item.done_at is None:
            item.due_date = due[item.key]
    case_store.record(
        case,
        "dates",
        actor.user_id,
        deps.now(),
        f"Dates changed: tell them by {plan.notify_by:%d %b}, effective {a.effective_date:%d %b %Y}",
    )
    replan(session, case, deps)
    return {}
