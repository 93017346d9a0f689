"""What a check finds wrong with an answer: a code, and the values its words need, by answer field."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class ProblemCode(StrEnum):
    MISSING = "missing"
    TOO_LONG = "too_long"
    PASSED = "passed"
    TOO_FAR = "too_far"
    NEGATIVE = "negative"
    TOO_MUCH_NOTICE = "too_much_notice"
    CONTRACT_IMPOSSIBLE = "contract_impossible"
    AFTER_CONTRACT_DEADLINE = "after_contract_deadline"
    AFTER_EFFECTIVE = "after_effective"
    AFTER_NOTIFY_BY = "after_notify_by"
    NOT_WORKING_DAY = "not_working_day"
    HOLIDAY = "holiday"
    BEFORE_CONVERSATION = "before_conversation"
    TOO_MANY = "too_many"
    LEADS_THEMSELVES = "leads_themselves"
    NOT_ADMIN = "not_admin"
    UNSTORABLE = "unstorable"  # NUL or a lone surrogate: text no database keeps
    NOT_A_MEMBER = "not_a_member"  # not an active person of this workspace (external, deleted, a bot)
    WORDING = "wording"  # typed words that need another look (bot/core/answer_check.py)


@dataclass(frozen=True)
class Problem:
    code: ProblemCode
    values: dict[str, Any] = field(default_factory=dict)


Problems = dict[str, Problem]
