"""A firm's policy, set by a workspace admin: which endings need a team lead's sign-off before the
client is told, whether those are shared with the lead automatically, and the firm's own minimum
notice. Pure: a policy and a case's answers and plan in, reasons and working days out."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from bot.core.answers import Answers, SituationKey, Tenure

if TYPE_CHECKING:
    from bot.core.plan import Plan

# "A client of more than N years", as far as the ranges owners pick can tell it apart: a year or
# more (over 0), 3 years or more (over 2), more than 5 years (over 5).
YEARS_CHOICES = (0, 2, 5)
MINIMUM_NOTICE_MIN, MINIMUM_NOTICE_MAX = 1, 260  # working days, as the bot's own recommendation
OVER_FIVE_YEARS = 5  # "More than 5 years": over 5, and no more is known


class PolicyReason(StrEnum):
    """Why the firm's policy asks for a lead's sign-off on an ending."""

    FOR_CAUSE = "for_cause"
    SHORT_NOTICE = "short_notice"  # less notice than recommended
    LONG_RELATIONSHIP = "long_relationship"  # a client for more than the policy's years


SettingValue = bool | int | None  # what a Policy field holds


@dataclass(frozen=True)
class Policy:
    sign_off_for_cause: bool = False
    sign_off_short_notice: bool = False
    sign_off_over_years: int | None = None  # None: off
    auto_share: bool = False  # endings that need sign-off go to the lead as soon as the plan is made
    minimum_notice_days: int | None = None  # working days; None: the bot's recommendation alone

    @property
    def asks_sign_off(self) -> bool:
        return self.sign_off_for_cause or self.sign_off_short_notice or self.sign_off_over_years is not None

    @property
    def asks_anything(self) -> bool:
        """Whether it asks something of the people who make plans (what App Home tells them)."""
        return self.asks_sign_off or self.minimum_notice_days is not None

    def to_json(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def over_years(tenure: Tenure, years: int) -> bool:
    """Whether a relationship is over `years`, as far as the owner's answer tells: each choice
    counts as its least years ("3–5 years" as 3), except "More than 5 years", which is over 5."""
    if tenure is Tenure.OVER_FIVE:
        return years <= OVER_FIVE_YEARS
    return tenure.years > years


def less_than_recommended(plan: Plan) -> bool:
    """The plan tells the client later than recommended (its below-recommended warning)."""
    return plan.advice is not None and plan.notify_by > plan.advice.recommended_deadline


def needs_sign_off(policy: Policy | None, answers: Answers, plan: Plan | None) -> list[PolicyReason]:
    """The policy's reasons for a lead's sign-off on this ending, in the policy's order; empty
    when it asks none (or there is no policy)."""
    if policy is None:
        return []
    reasons: list[PolicyReason] = []
    if policy.sign_off_for_cause and answers.situation is SituationKey.FOR_CAUSE:
        reasons.append(PolicyReason.FOR_CAUSE)
    if policy.sign_off_short_notice and plan is not None and less_than_recommended(plan):
        reasons.append(PolicyReason.SHORT_NOTICE)
    if (
        policy.sign_off_over_years is not None
        and answers.tenure is not None
        and over_years(answers.tenure, policy.sign_off_over_years)
    ):
        reasons.append(PolicyReason.LONG_RELATIONSHIP)
    return reasons


def encode_reasons(reasons: list[PolicyReason]) -> str:
    """As a case stores them: "" when the firm's policy asked for nothing."""
    return ",".join(reason.value for reason in reasons)


def decode_reasons(stored: str | None) -> list[PolicyReason]:
    known = {reason.value for reason in PolicyReason}
    return [PolicyReason(value) for value in (stored or "").split(",") if value in known]


@dataclass(frozen=True)
class Change:
    setting: str  # a Policy field
    before: SettingValue
    after: SettingValue


@dataclass(frozen=True)
class LoggedChange:
    """One save of the policy: who saved it, when, and what it changed."""

    by: str
    at: datetime
    changes: tuple[Change, ...]


def changes(before: Policy | None, after: Policy) -> list[Change]:
    """What a save changes, setting by setting (from no policy, every setting that is set)."""
    old = before or Policy()
    return [
        Change(f.name, getattr(old, f.name), getattr(after, f.name))
        for f in fields(Policy)
        if getattr(old, f.name) != getattr(after, f.name)
    ]


class PolicyProblem(StrEnum):
    YEARS = "years"
    MINIMUM_NOTICE = "minimum_notice"


def validate(policy: Policy) -> list[PolicyProblem]:
    problems: list[PolicyProblem] = []
    years = policy.sign_off_over_years
    if years is not None and years not in YEARS_CHOICES:
        problems.append(PolicyProblem.YEARS)
    days = policy.minimum_notice_days
    if days is not None and not MINIMUM_NOTICE_MIN <= days <= MINIMUM_NOTICE_MAX:
        problems.append(PolicyProblem.MINIMUM_NOTICE)
    return problems
