"""Cases, their checklists and histories. Every read is scoped to a team and an owner."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import and_, bindparam, func, insert, select
from sqlalchemy.orm import Session, aliased, selectinload

from bot.core.answers import Answers
from bot.core.kinds import DraftKind
from bot.core.plan import Plan, PlannedItem
from bot.storage.models import (
    ACTIVE_STATUSES,
    Case,
    CaseStatus,
    ChecklistItem,
    EventKind,
    TeamMember,
    TimelineEvent,
)

CLOSED_LISTED = 10


def checklist_rows(
    case_id: int, items: Sequence[PlannedItem], titles: dict[str, str]
) -> list[dict[str, Any]]:
    return [
        {
            "case_id": case_id,
            "key": item.key,
            "title": titles[item.key],
            "tips": list(item.tips),
            "phase": item.phase.value,
            "due_date": item.due,
            "position": position,
        }
        for position, item in enumerate(items)
    ]


def create_case(
    session: Session,
    *,
    team_id: str,
    enterprise_id: str | None,
    owner_id: str,
    owner_tz: str,
    owner_name: str | None,
    draft_id: str,
    a: Answers,
    plan: Plan,
    titles: dict[str, str],
    drafts: dict[DraftKind, str],
    now: datetime,
) -> Case:
    """A new case written with its checklist and first history entry. The checklist and history
    go in as rows, not objects (a plan has a score of them and none is read back in the request
    that makes it), so the returned case has them unloaded; it has no reminders yet."""
    assert a.client_name and a.situation and a.effective_date and a.conversation_date
    case = Case(
        team_id=team_id,
        enterprise_id=enterprise_id,
        owner_id=owner_id,
        owner_tz=owner_tz,
        owner_name=owner_name,
        source_draft_id=draft_id,
        status=CaseStatus.OPEN,
        reminders_enabled=True,
        situation=a.situation,
        client_name=a.client_name.strip(),
        effective_date=a.effective_date,
        notify_by=plan.notify_by,
        conversation_date=a.conversation_date,
        answers=a.to_json(),
        drafts={kind.value: text for kind, text in drafts.items()},
        created_at=now,
        updated_at=now,
    )
    session.add(case)
    session.flush()
    session.execute(insert(ChecklistItem), checklist_rows(case.id, plan.items, titles))
    created = {
        "case_id": case.id,
        "at": now,
        "actor_id": owner_id,
        "kind": EventKind.CREATED,
        "detail": "Plan created",
    }
    session.execute(insert(TimelineEvent), [created])
    return case


def answers_of(case: Case) -> Answers:
    """The case's answers, parsed once for as long as the stored value is the same object (a
    reminder's rendering asks for them several times; changes always assign a new value)."""
    raw = case.answers or {}
    cached = case.__dict__.get(_PARSED)
    if cached is not None and cached[0] is raw:
        return cast(Answers, cached[1])
    answers = Answers.from_json(raw)
    case.__dict__[_PARSED] = (raw, answers)
    return answers


_PARSED = "_parsed_answers"


def case_from_draft(session: Session, draft_id: str) -> Case | None:
    return session.scalar(select(Case).where(Case.source_draft_id == draft_id))


def owned_case(
    session: Session, case_id: int, team_id: str, owner_id: str, *, for_update: bool = False
) -> Case | None:
    """The case only when this user owns it in this team (ids are parsed where they arrive, in
    bot/listeners/parse.py).

    `for_update` locks the case's row (PostgreSQL) for the rest of the transaction, so two
    requests changing one case (a double click) take turns and the second sees the first's work.
    """
    query = (
        select(Case)
        .where(Case.id == case_id, Case.team_id == team_id, Case.owner_id == owner_id)
        .options(selectinload(Case.items), selectinload(Case.events), selectinload(Case.reminders))
    )
    if for_update:
        query = query.with_for_update(of=Case)
    return session.scalar(query.execution_options(populate_existing=for_update))


# Built once (App Home runs them all on every publish): a query's construction costs about as
# much as running it.
_OWNED = and_(Case.team_id == bindparam("team_id"), Case.owner_id == bindparam("owner_id"))
_ACTIVE = and_(_OWNED, Case.status.in_(ACTIVE_STATUSES))
_ACTIVE_CASES = select(Case).where(_ACTIVE).order_by(Case.notify_by, Case.id).limit(bindparam("limit"))
_COUNT_ACTIVE = select(func.count()).select_from(Case).where(_ACTIVE)
_RANKED = (
    select(
        ChecklistItem,
        func.row_number()
        .over(partition_by=ChecklistItem.case_id, order_by=(ChecklistItem.due_date, ChecklistItem.position))
        .label("rank"),
    )
    .where(ChecklistItem.case_id.in_(bindparam("case_ids", expanding=True)), ChecklistItem.done_at.is_(None))
    .subquery()
)
_NEXT_OPEN_ITEMS = select(aliased(ChecklistItem, _RANKED)).where(_RANKED.c.rank == 1)
_RECENT_CLOSED = (
    select(Case)
    .where(_OWNED, Case.status.not_in(ACTIVE_STATUSES))
    .order_by(Case.updated_at.desc(), Case.id.desc())
    .limit(bindparam("limit"))
)


def active_cases(session: Session, team_id: str, owner_id: str, limit: int) -> Sequence[Case]:
    """The owner's first `limit` cases in progress, soonest notify-by date first (checklists not
    loaded)."""
    params = {"team_id": team_id, "owner_id": owner_id, "limit": limit}
    return session.scalars(_ACTIVE_CASES, params).all()


def next_open_items(session: Session, case_ids: Sequence[int]) -> dict[int, ChecklistItem]:
    """Each case's next unticked checklist item (earliest due, then checklist order), in one query
    that reads one item per case rather than whole checklists."""
    if not case_ids:
        return {}
    return {row.case_id: row for row in session.scalars(_NEXT_OPEN_ITEMS, {"case_ids": list(case_ids)})}


def count_active(session: Session, team_id: str, owner_id: str) -> int:
    return int(session.scalar(_COUNT_ACTIVE, {"team_id": team_id, "owner_id": owner_id}) or 0)


def recent_closed_cases(
    session: Session, team_id: str, owner_id: str, limit: int = CLOSED_LISTED
) -> Sequence[Case]:
    return session.scalars(_RECENT_CLOSED, {"team_id": team_id, "owner_id": owner_id, "limit": limit}).all()


def record(case: Case, kind: EventKind, actor_id: str | None, now: datetime, detail: str = "") -> None:
    case.events.append(TimelineEvent(at=now, actor_id=actor_id, kind=kind, detail=detail))
    case.updated_at = now


def set_items_done(case: Case, done_keys: set[str], actor_id: str, now: datetime) -> list[str]:
    """Make exactly `done_keys` the done items; returns what changed, for the history."""
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
        record(case, EventKind.CHECKLIST, actor_id, now, change)
    return changes


def tick(case: Case, keys: Sequence[str], actor_id: str, now: datetime) -> list[str]:
    """Mark these items done (those not already done); returns what changed."""
    done = {item.key for item in case.items if item.done_at is not None}
    return set_items_done(case, done | set(keys), actor_id, now)


def mark_told(case: Case, actor_id: str, now: datetime) -> bool:
    """The client has been told: the case moves on and its Tell item is ticked. False if it had."""
    if case.status != CaseStatus.OPEN:
        return False
    case.status = CaseStatus.CLIENT_TOLD
    tick(case, ["tell"], actor_id, now)
    record(case, EventKind.STATUS, actor_id, now, "Client told")
    return True


def delete_case(session: Session, case: Case) -> None:
    session.delete(case)


def shared_with(session: Session, team_id: str, lead_id: str) -> Sequence[Case]:
    """The cases in progress that the people `lead_id` leads have shared with them, with checklists."""
    return session.scalars(
        select(Case)
        .join(TeamMember, (TeamMember.team_id == Case.team_id) & (TeamMember.member_id == Case.owner_id))
        .where(
            Case.team_id == team_id,
            TeamMember.lead_id == lead_id,
            Case.shared_at.is_not(None),
            Case.status.in_(ACTIVE_STATUSES),
        )
        .options(selectinload(Case.items))
    ).all()


def shared_case(
    session: Session, case_id: int, team_id: str, lead_id: str, *, for_update: bool = False
) -> Case | None:
    """A case its owner shared, only for the owner's lead in this team now; any other reads as none.
    `for_update` locks the case's row, as `owned_case` does."""
    query = (
        select(Case)
        .join(TeamMember, (TeamMember.team_id == Case.team_id) & (TeamMember.member_id == Case.owner_id))
        .where(
            Case.id == case_id,
            Case.team_id == team_id,
            TeamMember.lead_id == lead_id,
            Case.shared_at.is_not(None),
        )
        .options(selectinload(Case.items), selectinload(Case.events), selectinload(Case.reminders))
    )
    return session.scalar(query.with_for_update(of=Case) if for_update else query)
