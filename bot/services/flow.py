"""The guided flow's life: a draft saved step by step, Back, and the plan created once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from sqlalchemy.exc import IntegrityError

from bot.copydeck import CHECKLIST
from bot.core.answer_check import RepairCode
from bot.core.answers import Answers
from bot.core.drafts import Signature
from bot.core.kinds import ReminderKind
from bot.core.plan import build_plan
from bot.core.policy import Policy
from bot.core.situations import keep_asked, situation_of
from bot.core.step_check import check_step
from bot.core.steps import StepId
from bot.core.validation import Problems, first_invalid_step, validate_step
from bot.deps import Deps
from bot.drafting import final_drafts
from bot.services import people, policy
from bot.services.actor import Actor
from bot.services.inputs import StepAnswers
from bot.storage import cases as case_store
from bot.storage import reminders as reminder_store
from bot.storage.drafts import draft_and_person, save_draft


@dataclass(frozen=True)
class Screen:
    """A step to show, with everything its view is drawn from."""

    step: StepId
    answers: Answers
    draft_id: str | None
    tz: str
    today: date
    signature: Signature = field(default_factory=Signature)
    problems: Problems = field(default_factory=dict)
    tidied: tuple[tuple[str, tuple[RepairCode, ...]], ...] = ()  # repairs made on the step before
    policy: Policy | None = None  # the firm's policy, whose lines the first step shows


@dataclass(frozen=True)
class StepOutcome:
    screen: Screen | None = None  # the next step to show
    problems: Problems | None = None  # stay, with these inline errors
    expired: bool = False


def _next(step: StepId, a: Answers, forward: bool) -> StepId | None:
    steps = situation_of(a.situation).steps if a.situation else (StepId.SITUATION,)
    if step not in steps:
        return StepId.SITUATION
    index = steps.index(step) + (1 if forward else -1)
    return steps[index] if 0 <= index < len(steps) else None


def submit_step(deps: Deps, actor: Actor, draft_id: str | None, submitted: StepAnswers) -> StepOutcome:
    """Check one step's answers (merged into the draft); save them and move on, or say what is wrong."""
    with deps.db.session(write=True) as session:
        draft, person = draft_and_person(session, draft_id, actor.team_id, actor.user_id)
        known = people.profile_of(person)
        step = submitted.step
        if draft is None and (draft_id or step is not StepId.SITUATION):
            return StepOutcome(expired=True)
        tz = known.tz if (draft is None or known.tz != "UTC") else draft.user_tz
        answers = submitted.over(Answers.from_json(draft.answers) if draft else Answers())
        answers = policy.with_firm_minimum(session, actor.team_id, answers)
        t = deps.today_for(tz)
        problems = validate_step(step, answers, t)
        if problems:
            return StepOutcome(problems=problems)
        # Stored as typed; the drafts make the same repairs where they quote it (bot/core/draft_text.py).
        checked = check_step(step, answers)
        # The same text submitted again is kept as typed; the first step has no draft yet to
        # remember that in, and asks only for names, which are repaired rather than hinted.
        if checked.hints and draft is not None:
            save_draft(session, draft, actor.team_id, actor.user_id, tz, checked.kept(), deps.now())
            return StepOutcome(problems=checked.problems)
        following = _next(step, answers, forward=True)
        if following is None:
            return StepOutcome(problems={})
        saved = save_draft(session, draft, actor.team_id, actor.user_id, tz, answers, deps.now())
        tidied = tuple(checked.repairs.items())
        return StepOutcome(Screen(following, answers, saved, tz, t.day, Signature(known.name), tidied=tidied))


def go_back(deps: Deps, actor: Actor, draft_id: str | None, submitted: StepAnswers) -> StepOutcome:
    """Keep what was typed on this step, valid or not, and show the step before it."""
    with deps.db.session(write=True) as session:
        draft, person = draft_and_person(session, draft_id, actor.team_id, actor.user_id)
        known = people.profile_of(person)
        if draft is None:
            return StepOutcome(expired=True)
        typed = submitted.over(Answers.from_json(draft.answers))
        previous = _next(submitted.step, typed, forward=False) or StepId.SITUATION
        save_draft(session, draft, actor.team_id, actor.user_id, draft.user_tz, typed, deps.now())
        today = deps.today_in(draft.user_tz)
        firm = policy.in_force(session, actor.team_id) if previous is StepId.SITUATION else None
        signature = Signature(known.name)
        return StepOutcome(Screen(previous, typed, draft.id, draft.user_tz, today, signature, policy=firm))


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
    situation: str = ""
    screen: Screen | None = None  # for INVALID: the step to fix


def finish(deps: Deps, actor: Actor, draft_id: str | None, submitted: StepAnswers) -> FinishResult:
    """Create the case from a finished draft: once, even if the plan is submitted twice at once.
    The plan's summary DM is recorded as owed in the same transaction (an outbox row)."""
    now = deps.now()
    try:
        with deps.db.session(write=True) as session:
            draft, person = draft_and_person(session, draft_id, actor.team_id, actor.user_id)
            if draft is None:  # the case made from it deletes it
                existing = case_store.case_from_draft(session, draft_id) if draft_id else None
                if existing is not None and existing.owner_id == actor.user_id:
                    return FinishResult(
                        Outcome.ALREADY_CREATED, existing.id, existing.client_name, existing.situation
                    )
                return FinishResult(Outcome.EXPIRED)
            known = people.profile_of(person)
            tz = known.tz if known.tz != "UTC" else draft.user_tz
            answers = submitted.over(Answers.from_json(draft.answers))
            t = deps.today_for(tz)
            invalid = first_invalid_step(answers, t)
            if invalid is not None:
                screen = Screen(invalid[0], answers, draft.id, tz, t.day, Signature(known.name), invalid[1])
                return FinishResult(Outcome.INVALID, screen=screen)
            checked = check_step(StepId.REVIEW, answers)
            if checked.hints:  # an edited draft with a placeholder or a slip; again keeps it
                save_draft(session, draft, actor.team_id, actor.user_id, tz, checked.kept(), now)
                signature = Signature(known.name)
                screen = Screen(StepId.REVIEW, answers, draft.id, tz, t.day, signature, checked.problems)
                return FinishResult(Outcome.INVALID, screen=screen)
            assert answers.situation
            situation = situation_of(answers.situation)
            answers = keep_asked(answers, situation)
            if not situation.we_give_notice:
                answers.heard_on = answers.heard_on or t.day
            plan = build_plan(answers, t.day, t.calendar)
            case = case_store.create_case(
                session,
                team_id=actor.team_id,
                enterprise_id=actor.enterprise_id,
                owner_id=actor.user_id,
                owner_tz=tz,
                owner_name=known.name,
                draft_id=draft.id,
                a=answers,
                plan=plan,
                titles={
                    item.key: CHECKLIST.title(item.key, answers, item.subject, None) for item in plan.items
                },
                drafts=final_drafts(answers, plan, Signature(known.name)),
                now=now,
            )
            policy.on_case_created(session, case, answers, plan, actor.user_id, now)
            reminder_store.plan_first(
                session, case, plan.items, now, t.calendar, deps.window, owed=ReminderKind.PLAN_READY
            )
            session.delete(draft)
            session.flush()
            return FinishResult(Outcome.CREATED, case.id, case.client_name, case.situation)
    except IntegrityError:
        # The same plan submitted twice at once: the other request created it.
        with deps.db.session() as session:
            existing = case_store.case_from_draft(session, draft_id or "")
            if existing is None:
                raise
            return FinishResult(
                Outcome.ALREADY_CREATED, existing.id, existing.client_name, existing.situation
            )


def owed_plan_message(deps: Deps, actor: Actor, draft_id: str) -> int | None:
    """The plan's summary DM still owed for the case made from this draft, if any."""
    with deps.db.session() as session:
        return reminder_store.owed_from_draft(session, draft_id, actor.user_id, ReminderKind.PLAN_READY)
