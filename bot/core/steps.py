"""The steps of the guided flow and the answer fields each one asks for. Which steps a situation
walks through is in its Situation; each step's checks are in bot/core/validation.py."""

from __future__ import annotations

from enum import StrEnum


class StepId(StrEnum):
    SITUATION = "situation"
    CHANGE = "change"
    NOTICE = "notice"
    CONVERSATION = "conversation"
    ONWARD = "onward"
    PEOPLE = "people"
    REVIEW = "review"


# The answer fields each step may ask for; moving Back keeps exactly these.
STEP_FIELDS: dict[StepId, tuple[str, ...]] = {
    StepId.SITUATION: ("client_name", "contact_name", "greet_by", "greet_title", "situation", "tenure"),
    StepId.CHANGE: (
        "reason",
        "effective_date",
        "contract_notice_amount",
        "contract_notice_unit",
        "clause",
        "change_kind",
        "budget_month",
        "cause_kind",
        "balance",
        "work_product",
        "cure_period",
        "serve_notice",
        "unserved_notice",
    ),
    StepId.NOTICE: ("notify_by",),
    StepId.CONVERSATION: (
        "method",
        "conversation_date",
        "conversation_time",
        "client_impact",
        "appreciation",
        "history",
    ),
    StepId.ONWARD: (
        "referrals",
        "options",
        "door_open",
        "successor",
        "successor_seniority",
        "sponsor",
        "intro_date",
        "transition_needs",
        "transition_notes",
    ),
    StepId.PEOPLE: ("stakeholders", "stakeholder_notes"),
    StepId.REVIEW: (
        "talking_points",
        "confirmation",
        "referral_note",
        "introduction",
        "thank_you_note",
        "close_out",
    ),
}
