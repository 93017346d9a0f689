"""Checks on each step's answers. Returns {answer field: message}; empty means fine."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from bot.core.answers import Answers
from bot.core.calendar import WorkCalendar
from bot.core.notice import MAX_NOTICE_DAYS, notify_by
from bot.core.steps import Step

CLIENT_NAME_MAX = 100
REASON_MAX = 1000
STORY_MAX = 3000
REFERRAL_MAX = 300
MAX_REFERRALS = 3
FURTHEST_EFFECTIVE = timedelta(days=2 * 366)

Errors = dict[str, str]


def _text(errors: Errors, key: str, value: str | None, limit: int, missing: str) -> None:
    if value is None or not value.strip():
        errors[key] = missing
    elif len(value) > limit:
        errors[key] = f"Please keep this under {limit} characters (it has {len(value)})."


def _notice_number(errors: Errors, key: str, value: int | None) -> None:
    if value is None:
        errors[key] = "Enter a number of working days (0 if there is none)."
    elif value < 0:
        errors[key] = "Notice can't be negative."
    elif value > MAX_NOTICE_DAYS:
        errors[key] = f"That is more than a year of working days; enter at most {MAX_NOTICE_DAYS}."


def validate_change(a: Answers, today: date, calendar: WorkCalendar) -> Errors:
    errors: Errors = {}
    _text(errors, "client_name", a.client_name, CLIENT_NAME_MAX, "Who is the client?")
    if a.change_kind is None:
        errors["change_kind"] = "Pick what is changing."
    _text(errors, "reason", a.reason, REASON_MAX, "Say why, in a sentence or two.")
    if a.effective_date is None:
        errors["effective_date"] = "Pick the date the change takes effect."
    elif a.effective_date < today:
        errors["effective_date"] = "That date has passed; pick today or a later date."
    elif a.effective_date > today + FURTHEST_EFFECTIVE:
        errors["effective_date"] = "That is more than two years away; pick a nearer date."
    _notice_number(errors, "contract_notice_days", a.contract_notice_days)
    if a.tenure is None:
        errors["tenure"] = "Pick how long they have been a client."
    return errors


def validate_notice(a: Answers, today: date, calendar: WorkCalendar) -> Errors:
    errors: Errors = {}
    _notice_number(errors, "notice_days", a.notice_days)
    if (
        "notice_days" not in errors
        and a.notice_days is not None
        and a.contract_notice_days is not None
        and a.notice_days < a.contract_notice_days
    ):
        errors["notice_days"] = (
            f"Your contract promises {a.contract_notice_days} working days; give at least that."
        )
    return errors


def validate_conversation(a: Answers, today: date, calendar: WorkCalendar) -> Errors:
    errors: Errors = {}
    if a.method is None:
        errors["method"] = "Pick how you will tell them."
    when = a.conversation_date
    if when is None:
        errors["conversation_date"] = "Pick the day you will tell them."
    elif when < today:
        errors["conversation_date"] = "That day has passed; pick today or later."
    elif a.effective_date is not None and when > a.effective_date:
        errors["conversation_date"] = (
            f"That is after the change takes effect ({a.effective_date:%a %d %b}); tell them before."
        )
    elif a.effective_date is not None and a.notice_days is not None:
        deadline = notify_by(a.effective_date, a.notice_days, calendar)
        if deadline >= today and when > deadline:
            errors["conversation_date"] = (
                f"That gives less notice than you planned; tell them by {deadline:%a %d %b}, "
                "or go back and change the notice."
            )
    _text(errors, "client_impact", a.client_impact, STORY_MAX, "Put yourself in their shoes for a moment.")
    _text(errors, "appreciation", a.appreciation, STORY_MAX, "Name at least one thing you valued.")
    return errors


def validate_referrals(a: Answers, today: date, calendar: WorkCalendar) -> Errors:
    errors: Errors = {}
    if len(a.referrals) > MAX_REFERRALS:
        errors["referrals"] = f"Offer at most {MAX_REFERRALS} alternatives."
    for index, referral in enumerate(a.referrals[:MAX_REFERRALS]):
        if len(referral) > REFERRAL_MAX:
            errors[f"referral_{index}"] = f"Please keep this under {REFERRAL_MAX} characters."
    if not any(r.strip() for r in a.referrals):
        errors["referral_0"] = "Name at least one capable alternative they could turn to."
    if a.transition_notes is not None and len(a.transition_notes) > STORY_MAX:
        errors["transition_notes"] = f"Please keep this under {STORY_MAX} characters."
    return errors


VALIDATORS: dict[Step, Callable[[Answers, date, WorkCalendar], Errors]] = {
    Step.CHANGE: validate_change,
    Step.NOTICE: validate_notice,
    Step.CONVERSATION: validate_conversation,
    Step.REFERRALS: validate_referrals,
}


def validate_step(step: Step, a: Answers, today: date, calendar: WorkCalendar) -> Errors:
    validator = VALIDATORS.get(step)
    return validator(a, today, calendar) if validator else {}


def first_invalid_step(a: Answers, today: date, calendar: WorkCalendar) -> tuple[Step, Errors] | None:
    """The earliest step whose answers no longer hold (dates move on while a draft waits)."""
    for step, validator in VALIDATORS.items():
        errors = validator(a, today, calendar)
        if errors:
            return step, errors
    return None
