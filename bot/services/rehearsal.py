"""Rehearsing the conversation, one answer at a time. The round's state travels in the modal
(bot/core/rehearsal.py Progress: the turn, the person's ratings and which checks fired); what
they type is checked and shown back once, never stored. Finishing ticks "rehearse it" and
records the round in the case's history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from bot.copydeck import rehearsal_script
from bot.core.answers import Answers
from bot.core.case_states import EventKind
from bot.core.checklist import ItemKey
from bot.core.kinds import DraftKind
from bot.core.rehearsal import Finding, Point, Progress, Script, Summary, check_answer, event_detail, summary
from bot.core.typed_text import is_blank, one_line
from bot.deps import Deps
from bot.services.actor import Actor
from bot.services.inputs import CaseId
from bot.storage import cases as case_store
from bot.storage import reminders as reminder_store
from bot.storage.models import Case

# The letters a plan sends hold its promises; the talking points are coaching, not promises.
PROMISING_DRAFTS = tuple(kind for kind in DraftKind if kind is not DraftKind.TALKING_POINTS)
ANSWER_MAX = 1500


@dataclass(frozen=True)
class Rehearsal:
    """A case's rehearsal as its modal shows it."""

    case_id: CaseId
    client: str
    contact: str
    written: bool  # told by letter or email only: they call after reading it
    script: Script


class Outcome(StrEnum):
    ASKED = "asked"  # the next screen: this answer's feedback, the next line
    FINISHED = "finished"
    MISSING = "missing"  # an answer was needed and none was typed
    EXPIRED = "expired"  # no such case for this person, or a state no modal of it could hold


@dataclass(frozen=True)
class Step:
    outcome: Outcome
    rehearsal: Rehearsal | None = None
    progress: Progress | None = None
    findings: tuple[Finding, ...] = ()
    summary: Summary | None = None
    ticked: bool = False  # "rehearse it" is ticked on the checklist (not on a case closed meanwhile)


def _rehearsal(case: Case) -> Rehearsal:
    a = case_store.answers_of(case)
    return Rehearsal(
        CaseId(case.id),
        one_line(case.client_name),
        one_line(a.contact_name or ""),
        a.method is not None and not a.method.is_personal,
        rehearsal_script(case.situation, a),
    )


def plan_text(case: Case, a: Answers) -> str:
    """What the plan promises the client: its letters and the options it offers."""
    texts = [case.drafts.get(kind.value) or "" for kind in PROMISING_DRAFTS]
    return "\n".join([*texts, a.options or "", a.door_open or ""])


def start(deps: Deps, actor: Actor, case_id: CaseId) -> Rehearsal | None:
    with deps.db.session() as session:
        case = case_store.owned_case(session, case_id, actor.team_id, actor.user_id)
        return _rehearsal(case) if case is not None else None


def submit(deps: Deps, actor: Actor, progress: Progress, answer: str | None, rated: frozenset[Point]) -> Step:
    """One screen submitted: while lines are left, the answer to the current one (checked, then
    forgotten) and the ratings of the one before; after the last, its ratings, and the round is
    finished."""
    with deps.db.session() as session:
        case = case_store.owned_case(session, progress.case_id, actor.team_id, actor.user_id)
        if case is None:
            return Step(Outcome.EXPIRED)
        rehearsal = _rehearsal(case)
        script = rehearsal.script
        if not progress.fits(script):
            return Step(Outcome.EXPIRED)
        if progress.turn < len(script.turns):
            if answer is None or is_blank(answer):
                return Step(Outcome.MISSING, rehearsal, progress)
            asked_before = set(script.turns[progress.turn - 1].point_keys) if progress.turn else set()
            findings = check_answer(
                answer[:ANSWER_MAX], script.checks, plan_text(case, case_store.answers_of(case))
            )
            following = progress.answered((f.check for f in findings), rated & asked_before)
            return Step(Outcome.ASKED, rehearsal, following, findings)
    done = progress.rated_last(rated & set(script.turns[-1].point_keys))
    result = finish(deps, actor, done)
    if result is None:
        return Step(Outcome.EXPIRED)
    return Step(Outcome.FINISHED, rehearsal, done, summary=result[0], ticked=result[1])


def finish(deps: Deps, actor: Actor, progress: Progress) -> tuple[Summary, bool] | None:
    """A complete round: "rehearse it" ticked, and the round in the case's history (the person's
    ratings and which checks fired)."""
    now = deps.now()
    with deps.db.session(write=True) as session:
        case = case_store.owned_case(session, progress.case_id, actor.team_id, actor.user_id, for_update=True)
        if case is None:
            return None
        script = rehearsal_script(case.situation, case_store.answers_of(case))
        if not progress.complete(script):
            return None
        result = summary(script, progress)
        if _recorded_already(case, actor.user_id, progress, event_detail(result)):
            return result, case.is_active  # Finish pressed twice: the round is in the history once
        ticked = case_store.tick(case, [ItemKey.REHEARSE], actor.user_id, now) if case.is_active else []
        case_store.record(case, EventKind.REHEARSED, actor.user_id, now, event_detail(result))
        if ticked:
            reminder_store.replan(session, case, now, deps.calendar(), deps.window)
        return result, case.is_active


def _recorded_already(case: Case, user_id: str, progress: Progress, detail: str) -> bool:
    """Whether this round (same person, same result, recorded since it opened) is in the history."""
    if not progress.started:
        return False  # a round opened before rounds carried their start: nothing to tell it by
    since = datetime.fromtimestamp(progress.started, UTC)
    return any(
        e.kind is EventKind.REHEARSED and e.actor_id == user_id and e.detail == detail and e.at >= since
        for e in case.events
    )
