"""Reading a modal's `state.values` into Answers. Anything missing or malformed reads as None."""

from __future__ import annotations

from datetime import date, time
from enum import StrEnum
from typing import Any, TypeVar

from bot.core.answers import Answers, ChangeKind, Method, Tenure, TransitionNeed
from bot.core.steps import STEP_FIELDS, Step
from bot.slack.ids import REFERRAL_BLOCKS, Action, Block

Values = dict[str, Any]
E = TypeVar("E", bound=StrEnum)


def _element(values: Values, block: Block) -> dict[str, Any]:
    entry = values.get(block.value) if isinstance(values, dict) else None
    element = entry.get(Action.INPUT.value) if isinstance(entry, dict) else None
    return element if isinstance(element, dict) else {}


def _text(values: Values, block: Block) -> str | None:
    """Typed text as typed, except NUL characters, which PostgreSQL cannot store."""
    value = _element(values, block).get("value")
    return value.replace("\x00", "") if isinstance(value, str) else None


def _selected(values: Values, block: Block) -> str | None:
    selected = _element(values, block).get("selected_option")
    value = selected.get("value") if isinstance(selected, dict) else None
    return value if isinstance(value, str) else None


def _choice(values: Values, block: Block, kind: type[E]) -> E | None:
    raw = _selected(values, block)
    try:
        return kind(raw) if raw is not None else None
    except ValueError:
        return None


def _date(values: Values, block: Block) -> date | None:
    raw = _element(values, block).get("selected_date")
    try:
        return date.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        return None


def _time(values: Values, block: Block) -> time | None:
    raw = _element(values, block).get("selected_time")
    try:
        return time.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        return None


def _whole_number(values: Values, block: Block) -> int | None:
    raw = _text(values, block)
    if raw is None:
        return None
    try:
        number = float(raw.strip())
    except ValueError:
        return None
    return int(number) if number.is_integer() and abs(number) < 1e9 else None


def _needs(values: Values) -> list[TransitionNeed]:
    selected = _element(values, Block.TRANSITION_NEEDS).get("selected_options")
    needs: list[TransitionNeed] = []
    for opt in selected if isinstance(selected, list) else []:
        try:
            needs.append(TransitionNeed(opt.get("value")))
        except (ValueError, AttributeError):
            continue
    return needs


def read_step(step: Step, values: Values) -> Answers:
    """The answers one step collects; other fields stay empty."""
    a = Answers()
    if step is Step.CHANGE:
        a.client_name = _text(values, Block.CLIENT_NAME)
        a.change_kind = _choice(values, Block.CHANGE_KIND, ChangeKind)
        a.reason = _text(values, Block.REASON)
        a.effective_date = _date(values, Block.EFFECTIVE_DATE)
        a.contract_notice_days = _whole_number(values, Block.CONTRACT_NOTICE_DAYS)
        a.tenure = _choice(values, Block.TENURE, Tenure)
    elif step is Step.NOTICE:
        a.notice_days = _whole_number(values, Block.NOTICE_DAYS)
    elif step is Step.CONVERSATION:
        a.method = _choice(values, Block.METHOD, Method)
        a.conversation_date = _date(values, Block.CONVERSATION_DATE)
        a.conversation_time = _time(values, Block.CONVERSATION_TIME)
        a.client_impact = _text(values, Block.CLIENT_IMPACT)
        a.appreciation = _text(values, Block.APPRECIATION)
    elif step is Step.REFERRALS:
        a.referrals = [_text(values, block) or "" for block in REFERRAL_BLOCKS]
        while a.referrals and not a.referrals[-1].strip():
            a.referrals.pop()
        a.transition_needs = _needs(values)
        a.transition_notes = _text(values, Block.TRANSITION_NOTES)
    return a


def merge_step(draft: Answers, step: Step, values: Values) -> Answers:
    return draft.merged(read_step(step, values), STEP_FIELDS[step])


def text_value(values: Values, block: Block) -> str | None:
    return _text(values, block)


def read_dates(values: Values) -> Answers:
    """The date fields of the "Change dates" view."""
    a = Answers()
    a.effective_date = _date(values, Block.EFFECTIVE_DATE)
    a.notice_days = _whole_number(values, Block.NOTICE_DAYS)
    a.conversation_date = _date(values, Block.CONVERSATION_DATE)
    a.conversation_time = _time(values, Block.CONVERSATION_TIME)
    return a
