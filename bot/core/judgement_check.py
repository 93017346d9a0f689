"""What the judgement questions require (bot/core/judgement.py): asked on the change step."""

from __future__ import annotations

from bot.core.answers import Answers, CauseKind
from bot.core.judgement import junior_successor, money_at_stake, reason_withheld
from bot.core.problems import Problem, ProblemCode, Problems
from bot.core.situations import Need, Situation

SERVE_NOTICE_MAX = 300
SPONSOR_MAX = 200


def reason_need(a: Answers, s: Situation) -> Need | None:
    """The reason is written into the notice, except when it must not be given."""
    need = s.need("reason")
    return Need.OPTIONAL if need is not None and reason_withheld(a) else need


def validate_judgement(a: Answers, s: Situation) -> Problems:
    found: Problems = {}
    for name in ("cause_kind", "balance", "serve_notice"):
        value = getattr(a, name)
        if s.need(name) is Need.REQUIRED and (
            value is None or (isinstance(value, str) and not value.strip())
        ):
            found[name] = Problem(ProblemCode.MISSING)
    if a.serve_notice and len(a.serve_notice) > SERVE_NOTICE_MAX:
        found["serve_notice"] = Problem(
            ProblemCode.TOO_LONG, {"limit": SERVE_NOTICE_MAX, "length": len(a.serve_notice)}
        )
    if s.asked("work_product") and money_at_stake(a) and a.work_product is None:
        found["work_product"] = Problem(ProblemCode.MISSING)
    if s.asked("cure_period") and a.cause_kind is CauseKind.BREACH and a.cure_period is None:
        found["cure_period"] = Problem(ProblemCode.MISSING)
    return found


def validate_handover(a: Answers, s: Situation) -> Problems:
    """A successor junior to the owner needs a senior sponsor named."""
    found: Problems = {}
    if s.need("successor_seniority") is Need.REQUIRED and a.successor_seniority is None:
        found["successor_seniority"] = Problem(ProblemCode.MISSING)
    if s.asked("sponsor") and junior_successor(a) and not (a.sponsor and a.sponsor.strip()):
        found["sponsor"] = Problem(ProblemCode.MISSING)
    if a.sponsor and len(a.sponsor) > SPONSOR_MAX:
        found["sponsor"] = Problem(ProblemCode.TOO_LONG, {"limit": SPONSOR_MAX, "length": len(a.sponsor)})
    return found
