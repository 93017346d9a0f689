"""What happens to a case, between the Slack edge and storage: each call is one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.core import drafts
from bot.core.answers import Answers, ChangeKind, Tenure
from bot.core.plan import CONCERN_PREFIX, ItemKey, Milestone, Phase, build_plan, milestones
from bot.core.steps import Step
from bot.core.validation import Errors, first_invalid_step
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
