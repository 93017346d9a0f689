"""Cases, their checklists and timelines. Every read is scoped to a team and an owner."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased, selectinload

from bot.core.answers import Answers
from bot.core.plan import Plan
from bot.storage.models import Case, CaseStatus, ChecklistItem, TimelineEvent

CLOSED_LISTED = 10


def create_case(
    session: Session,
    *,
    team_id: str,
    enterprise_id: str | None,
    owner_id: str,
    owner_tz: str,
    draft_id: str,
    a: Answers,
    plan: Plan,
    talking_points: list[str],
    referral_note: str,
    now: datetime,
) -> Case:
    """A new case with its checklist and first timeline entry, added to the session (not flushed:
    the caller plans its reminders and the whole plan is written in one flush)."""
    assert a.client_name and a.change_kind and a.effective_date and a.tenure and a.method
    assert a.conversation_date and a.notice_days is not None and a.contract_notice_days is not None
    case = Case(
        team_id=team_id,
        enterprise_id=enterprise_id,
        owner_id=owner_id,
        owner_tz=owner_tz,
        source_draft_id=draft_id,
        status=CaseStatus.OPEN,
        reminders_enabled=True,
        client_name=a.client_name.strip(),
        change_kind=a.change_kind.value,
        reason=a.reason or "",
        effective_date=a.effective_date,
        contract_notice_days=a.contract_notice_days,
        notice_days=a.notice_days,
        notify_by=plan.notify_by,
        tenure=a.tenure.value,
        method=a.method.value,
        conversation_date=a.conversation_date,
        conversation_time=a.conversation_time.strftime("%H:%M") if a.conversation_time else None,
        client_impact=a.client_impact or "",
        appreciation=a.appreciation or "",
        referrals=[r.strip() for r in a.referrals if r.strip()],
        transition_needs=[n.value for n in a.transition_needs],
        transition_notes=a.transition_notes,
        talking_points="\n".join(talking_points),
        referral_note=referral_note,
        created_at=now,
        updated_at=now,
    )
    case.items = [
        ChecklistItem(
            key=str(item.key),
            title=item.title,
            tips=list(item.tips),
            phase=item.phase.value,
            due_date=item.due,
            position=index,
        )
        for index, item in enumerate(plan.items)
    ]
    case.events = [TimelineEvent(at=now, actor_id=owner_id, kind="created", detail="Plan created")]
    case.reminders = []  # known empty: planning reminders next need not ask the database
    session.add(case)
    return case


def case_from_draft(session: Session, draft_id: str) -> Case | None:
    return session.scalar(select(Case).where(Case.source_draft_id == draft_id))


def owned_case(session: Session, case_id: object, team_id: str, owner_id: str) -> Case | None:
    """The case only when this user owns it in this team; any malformed id reads as none."""
    try:
        number = int(str(case_id))
    except ValueError:
        return None
    if not 0 < number < 2**31:
        return None
    case = session.get(Case, number, options=[selectinload(Case.items), selectinload(Case.events)])
    if case is None or case.team_id != team_id or case.owner_id != owner_id:
        return None
    return case


def _active(team_id: str, owner_id: str) -> Any:
    return (Case.team_id == team_id, Case.owner_id == owner_id, Case.status.in_(CaseStatus.ACTIVE))


def active_cases(session: Session, team_id: str, owner_id: str, limit: int | None = None) -> Sequence[Case]:
    """The owner's cases in progress, soonest notify-by date first (checklists not loaded)."""
    return session.scalars(
        select(Case).where(*_active(team_id, owner_id)).order_by(Case.notify_by, Case.id).limit(limit)
    ).all()


def next_open_items(session: Session, case_ids: Sequence[int]) -> dict[int, ChecklistItem]:
    """Each case's next unticked checklist item (earliest due, then checklist order), in one query
    that reads one item per case rather than whole checklists."""
    ranked = (
        select(
            ChecklistItem,
            func.row_number()
            .over(
                partition_by=ChecklistItem.case_id, order_by=(ChecklistItem.due_date, ChecklistItem.position)
            )
            .label("rank"),
        )
        .where(ChecklistItem.case_id.in_(case_ids), ChecklistItem.done_at.is_(None))
        .subquery()
    )
    item = aliased(ChecklistItem, ranked)
    return {row.case_id: row for row in session.scalars(select(item).where(ranked.c.rank == 1))}


def count_active(session: Session, team_id: str, owner_id: str) -> int:
    return int(session.scalar(select(func.count()).select_from(Case).where(*_active(team_id, owner_id))) or 0)


def recent_closed_cases(
    session: Session, team_id: str, owner_id: str, limit: int = CLOSED_LISTED
) -> Sequence[Case]:
    return session.scalars(
        select(Case)
        .where(Case.team_id == team_id, Case.owner_id == owner_id, Case.status.not_in(CaseStatus.ACTIVE))
        .order_by(Case.updated_at.desc(), Case.id.desc())
        .limit(limit)
    ).all()


def record(case: Case, kind: str, actor_id: str | None, now: datetime, detail: str = "") -> None:
    case.events.append(TimelineEvent(at=now, actor_id=actor_id, kind=kind, detail=detail))
    case.updated_at = now


def set_items_done(case: Case, done_keys: set[str], actor_id: str, now: datetime) -> list[str]:
    """Make exactly `done_keys` the done items; returns what changed, for the timeline."""
    changes = []
    for item in case.items:
        should_be_done = item.key in done_keys
        if should_be_done and item.done_at is None:
            item.done_at, item.done_by = now, actor_id
            changes.append(f"Done: {item.title}")
        elif not should_be_done and item.done_at is not None:
            item.done_at, item.done_by = None, None
            changes.append(f"Reopened: {item.title}")
    for change in changes:
        record(case, "checklist", actor_id, now, change)
    return changes


def mark_item_done(case: Case, key: str, actor_id: str, now: datetime) -> bool:
    for item in case.items:
        if item.key == key and item.done_at is None:
            item.done_at, item.done_by = now, actor_id
            record(case, "checklist", actor_id, now, f"Done: {item.title}")
            return True
    return False
