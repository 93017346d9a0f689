"""Judgement where money or people are at risk: ending for cause (a balance owed or disputed,
how notice must be served, a cure period, conduct towards staff, a reason that must not be
given) and a client who leaves on less notice than the contract's. The questions are asked on
the flow's change step (checked in bot/core/judgement_check.py); these predicates decide what
the plan, the drafts and the checklist add."""

from __future__ import annotations

from bot.core.answers import Answers, Balance, CauseKind, CurePeriod, Seniority
from bot.core.calendar import WorkCalendar
from bot.core.notice import situation_advice
from bot.core.situation import Situation


def money_at_stake(a: Answers) -> bool:
    return a.balance in (Balance.OUTSTANDING, Balance.DISPUTED)


def conduct(a: Answers) -> bool:
    return a.cause_kind is CauseKind.CONDUCT


def reason_withheld(a: Answers) -> bool:
    return a.cause_kind is CauseKind.UNDISCLOSED


def serves_notice(a: Answers) -> bool:
    return bool(a.serve_notice and a.serve_notice.strip())


def cure_outstanding(a: Answers) -> bool:
    """A breach whose cure period the contract gives but which was not given yet."""
    return a.cause_kind is CauseKind.BREACH and a.cure_period is CurePeriod.NOT_GIVEN


def junior_successor(a: Answers) -> bool:
    return a.successor_seniority is Seniority.JUNIOR


def early_notes(a: Answers) -> bool:
    """Years of history to pass on: the notes are due before the joint introduction, not days
    before the change."""
    return bool(a.tenure and a.tenure.is_long)


def below_recommended(a: Answers, situation: Situation) -> bool:
    """Less notice than `situation` recommends: the plan is read by someone senior before it goes.
    Weekends only are counted here (the checklist's rule sees no holiday calendar); the plan's own
    warning counts the owner's holidays too."""
    if not (a.situation and a.effective_date and a.tenure and a.notify_by):
        return False
    return a.notify_by > situation_advice(a, situation, WorkCalendar()).recommended_deadline
