"""Checks on each step's answers, and one check of a case's dates shared by the flow and by
"Change dates". Problems are keyed by answer field; their words are in templates/problems.txt.j2."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from bot.core.answers import Answers, GreetBy, NoticeUnit
from bot.core.calendar import WorkCalendar
from bot.core.draft_text import typed_title
from bot.core.judgement_check import reason_need, validate_handover, validate_judgement
from bot.core.notice import MAX_NOTICE, earliest_effective, notice_deadline
from bot.core.plan import contract_notice
from bot.core.problems import Problem, ProblemCode, Problems
from bot.core.situations import Need, Situation, situation_of
from bot.core.steps import STEP_FIELDS, StepId
from bot.core.typed_text import is_blank, storable

NAME_MAX = 100
TITLE_MAX = 20
REASON_MAX = 1000
CLAUSE_MAX = 300
STORY_MAX = 3000
REFERRAL_MAX = 300
SUCCESSOR_MAX = 200
NOTES_MAX = 1000
DRAFT_MAX = 3000
MAX_REFERRALS = 3
FURTHEST_EFFECTIVE = timedelta(days=2 * 366)
# No date outside this window reaches planning or the database, whatever a form sends.
SANE_PAST = timedelta(days=10 * 366)
SANE_FUTURE = timedelta(days=5 * 366)


@dataclass(frozen=True)
class Today:
    day: date
    calendar: WorkCalendar


def _text(found: Problems, name: str, value: str | None, limit: int, need: Need | None) -> None:
    if not storable(value):  # checked even for a field the situation does not ask (a forged form)
        found[name] = Problem(ProblemCode.UNSTORABLE)
        return
    if need is None:
        return
    if is_blank(value):
        if need is Need.REQUIRED:
            found[name] = Problem(ProblemCode.MISSING)
    elif value is not None and len(value) > limit:
        found[name] = Problem(ProblemCode.TOO_LONG, {"limit": limit, "length": len(value)})


def _sane(found: Problems, name: str, day: date | None, today: date) -> bool:
    """A date a form can send but no plan can use: far past, far future, or year 9999."""
    if day is None:
        found[name] = Problem(ProblemCode.MISSING)
        return False
    if day < today - SANE_PAST or day > today + SANE_FUTURE:
        found[name] = Problem(ProblemCode.TOO_FAR, {"day": day})
        return False
    return True


def _working_day(found: Problems, name: str, day: date, calendar: WorkCalendar) -> None:
    if calendar.is_working_day(day):
        return
    before, after = calendar.nearest_working_days(day)
    holiday = calendar.holiday_name(day)
    code = ProblemCode.HOLIDAY if holiday else ProblemCode.NOT_WORKING_DAY
    found[name] = Problem(code, {"day": day, "holiday": holiday, "before": before, "after": after})


def validate_situation(a: Answers, s: Situation | None, t: Today) -> Problems:
    found: Problems = {}
    _text(found, "client_name", a.client_name, NAME_MAX, Need.REQUIRED)
    _text(found, "contact_name", a.contact_name, NAME_MAX, Need.REQUIRED)
    _text(found, "greet_title", a.greet_title, TITLE_MAX, Need.OPTIONAL)
    no_title = not typed_title(a.contact_name) and is_blank(a.greet_title)
    if a.greet_by is GreetBy.TITLE_SURNAME and no_title and "greet_title" not in found:
        found["greet_title"] = Problem(ProblemCode.MISSING)
    if a.situation is None:
        found["situation"] = Problem(ProblemCode.MISSING)
    if a.tenure is None:
        found["tenure"] = Problem(ProblemCode.MISSING)
    return found


def _effective(found: Problems, a: Answers, s: Situation, t: Today, check_contract: bool = True) -> None:
    if not _sane(found, "effective_date", a.effective_date, t.day):
        return
    assert a.effective_date
    if a.effective_date < t.day:
        found["effective_date"] = Problem(ProblemCode.PASSED)
    elif a.effective_date > t.day + FURTHEST_EFFECTIVE:
        found["effective_date"] = Problem(ProblemCode.TOO_FAR, {"day": a.effective_date})
    elif check_contract and s.we_give_notice and "contract_notice_amount" not in found:
        notice = contract_notice(a)
        if notice_deadline(a.effective_date, notice, t.calendar) < t.day:
            earliest = earliest_effective(notice, t.day, t.calendar)
            found["effective_date"] = Problem(
                ProblemCode.CONTRACT_IMPOSSIBLE, {"notice": notice, "earliest": earliest}
            )
        elif notice.unit is NoticeUnit.WORKING_DAYS:
            # A contract that counts working days ends on one: a weekend or holiday is refused.
            _working_day(found, "effective_date", a.effective_date, t.calendar)


def validate_change(a: Answers, s: Situation | None, t: Today) -> Problems:
    assert s is not None
    found: Problems = validate_judgement(a, s)
    _text(found, "reason", a.reason, REASON_MAX, reason_need(a, s))
    _text(found, "clause", a.clause, CLAUSE_MAX, s.need("clause"))
    if s.need("change_kind") is Need.REQUIRED and a.change_kind is None:
        found["change_kind"] = Problem(ProblemCode.MISSING)
    if a.contract_notice_unit is None:
        found["contract_notice_unit"] = Problem(ProblemCode.MISSING)
    if a.contract_notice_amount is None:
        found["contract_notice_amount"] = Problem(ProblemCode.MISSING)
    elif a.contract_notice_amount < 0:
        found["contract_notice_amount"] = Problem(ProblemCode.NEGATIVE)
    elif a.contract_notice_unit and a.contract_notice_amount > MAX_NOTICE[a.contract_notice_unit]:
        found["contract_notice_amount"] = Problem(
            ProblemCode.TOO_MUCH_NOTICE,
            {"limit": MAX_NOTICE[a.contract_notice_unit], "unit": a.contract_notice_unit},
        )
    if "contract_notice_unit" not in found:
        _effective(found, a, s, t)
    return found


def validate_notice(a: Answers, s: Situation | None, t: Today) -> Problems:
    assert s is not None and a.effective_date
    found: Problems = {}
    if not _sane(found, "notify_by", a.notify_by, t.day):
        return found
    assert a.notify_by
    deadline = notice_deadline(a.effective_date, contract_notice(a), t.calendar)
    if a.notify_by < t.day:
        found["notify_by"] = Problem(ProblemCode.PASSED)
    elif a.notify_by > deadline:
        found["notify_by"] = Problem(
            ProblemCode.AFTER_CONTRACT_DEADLINE, {"deadline": deadline, "notice": contract_notice(a)}
        )
    return found


def validate_conversation(a: Answers, s: Situation | None, t: Today) -> Problems:
    assert s is not None and a.effective_date
    found: Problems = {}
    if a.method is None:
        found["method"] = Problem(ProblemCode.MISSING)
    _conversation_date(found, a, s, t)
    _text(found, "client_impact", a.client_impact, STORY_MAX, s.need("client_impact"))
    _text(found, "appreciation", a.appreciation, STORY_MAX, s.need("appreciation"))
    _text(found, "history", a.history, STORY_MAX, s.need("history"))
    return found


def _conversation_date(found: Problems, a: Answers, s: Situation, t: Today) -> None:
    assert a.effective_date
    if not _sane(found, "conversation_date", a.conversation_date, t.day):
        return
    day = a.conversation_date
    assert day
    if day < t.day:
        found["conversation_date"] = Problem(ProblemCode.PASSED)
    elif day > a.effective_date:
        found["conversation_date"] = Problem(ProblemCode.AFTER_EFFECTIVE, {"effective": a.effective_date})
    elif s.we_give_notice and a.notify_by and a.notify_by >= t.day and day > a.notify_by:
        found["conversation_date"] = Problem(ProblemCode.AFTER_NOTIFY_BY, {"notify_by": a.notify_by})
    else:
        _working_day(found, "conversation_date", day, t.calendar)


def validate_onward(a: Answers, s: Situation | None, t: Today) -> Problems:
    assert s is not None
    found: Problems = validate_handover(a, s)
    need = s.need("referrals")
    if need is not None:
        if len(a.referrals) > MAX_REFERRALS:
            found["referrals"] = Problem(ProblemCode.TOO_MANY, {"limit": MAX_REFERRALS})
        for index, referral in enumerate(a.referrals[:MAX_REFERRALS]):
            if not storable(referral):
                found[f"referral_{index}"] = Problem(ProblemCode.UNSTORABLE)
            elif len(referral) > REFERRAL_MAX:
                found[f"referral_{index}"] = Problem(
                    ProblemCode.TOO_LONG, {"limit": REFERRAL_MAX, "length": len(referral)}
                )
        if need is Need.REQUIRED and not a.referrals_given:
            found["referral_0"] = Problem(ProblemCode.MISSING)
    _text(found, "options", a.options, STORY_MAX, s.need("options"))
    _text(found, "door_open", a.door_open, STORY_MAX, s.need("door_open"))
    _text(found, "successor", a.successor, SUCCESSOR_MAX, s.need("successor"))
    _text(found, "transition_notes", a.transition_notes, STORY_MAX, s.need("transition_notes"))
    if s.asked("intro_date"):
        _intro_date(found, a, t)
    return found


def _intro_date(found: Problems, a: Answers, t: Today) -> None:
    if not _sane(found, "intro_date", a.intro_date, t.day):
        return
    assert a.intro_date and a.effective_date
    if a.conversation_date and a.intro_date < a.conversation_date:
        found["intro_date"] = Problem(ProblemCode.BEFORE_CONVERSATION, {"conversation": a.conversation_date})
    elif a.intro_date > a.effective_date:
        found["intro_date"] = Problem(ProblemCode.AFTER_EFFECTIVE, {"effective": a.effective_date})
    else:
        _working_day(found, "intro_date", a.intro_date, t.calendar)


def validate_people(a: Answers, s: Situation | None, t: Today) -> Problems:
    found: Problems = {}
    _text(found, "stakeholder_notes", a.stakeholder_notes, NOTES_MAX, Need.OPTIONAL)
    return found


def validate_review(a: Answers, s: Situation | None, t: Today) -> Problems:
    assert s is not None
    found: Problems = {}
    for name in STEP_FIELDS[StepId.REVIEW]:
        value = getattr(a, name)
        if value is not None and s.asked(name):
            _text(found, name, value, DRAFT_MAX, Need.REQUIRED)
    return found


Validator = Callable[[Answers, Situation | None, Today], Problems]

VALIDATORS: dict[StepId, Validator] = {
    StepId.SITUATION: validate_situation,
    StepId.CHANGE: validate_change,
    StepId.NOTICE: validate_notice,
    StepId.CONVERSATION: validate_conversation,
    StepId.ONWARD: validate_onward,
    StepId.PEOPLE: validate_people,
    StepId.REVIEW: validate_review,
}


def validate_step(step: StepId, a: Answers, t: Today) -> Problems:
    situation = situation_of(a.situation) if a.situation else None
    if situation is None and step is not StepId.SITUATION:
        return {"situation": Problem(ProblemCode.MISSING)}
    return VALIDATORS[step](a, situation, t)


def first_invalid_step(a: Answers, t: Today) -> tuple[StepId, Problems] | None:
    """The earliest step whose answers no longer hold (dates move on while a draft waits)."""
    steps = situation_of(a.situation).steps if a.situation else (StepId.SITUATION,)
    for step in steps:
        problems = validate_step(step, a, t)
        if problems:
            return step, problems
    return None


DATE_FIELDS = ("effective_date", "notify_by", "conversation_date", "conversation_time", "intro_date")


def validate_dates(a: Answers, client_told: bool, t: Today) -> Problems:
    """New dates for a case: the same rules as the flow. Once the client is told, the conversation
    and notify-by dates are history and are not checked against today."""
    assert a.situation
    s = situation_of(a.situation)
    found: Problems = {}
    _effective(found, a, s, t, check_contract=not client_told)
    if "effective_date" in found:
        return found
    if not client_told:
        if s.we_give_notice:
            found |= validate_notice(a, s, t)
        _conversation_date(found, a, s, t)
    else:
        for name in ("notify_by", "conversation_date"):
            _sane(found, name, getattr(a, name), t.day)
    if s.asked("intro_date"):
        _intro_date(found, a, t)
    return found


LEAD_MEMBERS_MAX = 50
# What a Slack id (user, workspace, org) looks like, within the 32 characters the database keeps.
SLACK_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")


def is_slack_id(value: object) -> bool:
    return isinstance(value, str) and SLACK_ID.fullmatch(value) is not None


def validate_lead(lead: str | None, members: list[str]) -> Problems:
    """A team lead named by an admin: someone, leading at least one other person. An id no Slack
    user could have (too long, a NUL, a lone surrogate) is refused here, before anything asks Slack
    or the database about it."""
    found: Problems = {}
    if not lead:
        found["lead"] = Problem(ProblemCode.MISSING)
    elif not is_slack_id(lead):
        found["lead"] = Problem(ProblemCode.NOT_A_MEMBER)
    if not members:
        found["members"] = Problem(ProblemCode.MISSING)
    elif not all(is_slack_id(m) for m in members):
        found["members"] = Problem(ProblemCode.NOT_A_MEMBER)
    elif lead and lead in members:
        found["members"] = Problem(ProblemCode.LEADS_THEMSELVES)
    elif len(members) > LEAD_MEMBERS_MAX:
        found["members"] = Problem(ProblemCode.TOO_MANY, {"limit": LEAD_MEMBERS_MAX})
    return found
