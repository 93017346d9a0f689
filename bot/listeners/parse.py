"""What a request names, parsed once at the edge: the ids Slack hands back (a button's value, a
view's private_metadata) and a step's form. Anything malformed reads as None, so it gets the
friendly not-found answer and never reaches a service or the database."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from bot.core.steps import STEP_FIELDS, StepId
from bot.listeners.common import first_action, view_of
from bot.services.inputs import MAX_ID, CaseId, ReminderId, StepAnswers
from bot.slack.ids import Callback
from bot.slack.state import Values, present, read_fields

_DIGITS = 10  # 2**31 has ten
EVENT_ID_MAX = 64


def _row_id(raw: object) -> int | None:
    """A positive database id from a plain decimal number (text, or an integer from JSON)."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        number = raw
    elif isinstance(raw, str) and 0 < len(raw) <= _DIGITS and raw.isascii() and raw.isdecimal():
        number = int(raw)
    else:
        return None
    return number if 0 < number < MAX_ID else None


def parse_case_id(raw: object) -> CaseId | None:
    number = _row_id(raw)
    return CaseId(number) if number is not None else None


def parse_reminder_id(raw: object) -> ReminderId | None:
    number = _row_id(raw)
    return ReminderId(number) if number is not None else None


def parse_event_id(raw: object) -> str | None:
    """An event's id as its deliveries are told apart (the column keeps 64 characters)."""
    return raw[:EVENT_ID_MAX] if isinstance(raw, str) and raw else None


def parse_day(raw: object) -> date | None:
    try:
        return date.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        return None


def metadata_case_id(view: dict[str, Any]) -> CaseId | None:
    """The case a view about one case carries in its private_metadata ({"case": id})."""
    try:
        data = json.loads(str(view.get("private_metadata") or "{}"))
    except ValueError:
        return None
    return parse_case_id(data.get("case")) if isinstance(data, dict) else None


def case_id_of(body: dict[str, Any]) -> CaseId | None:
    """The case a button acts on: its value, or the case modal's own. In the case modal, the button's
    value must be the modal's own case: a value naming another case is refused (None)."""
    view = view_of(body)
    value = first_action(body).get("value")
    from_view = metadata_case_id(view) if view.get("callback_id") == Callback.CASE else None
    if value is None:
        return from_view
    from_value = parse_case_id(value)
    if view.get("callback_id") == Callback.CASE and from_value != from_view:
        return None
    return from_value


def step_answers(step: StepId, values: Values) -> StepAnswers:
    """What a step's form submitted, read before any transaction starts."""
    shown = tuple(name for name in STEP_FIELDS[step] if present(values, name))
    return StepAnswers(step, read_fields(values, shown), shown)
