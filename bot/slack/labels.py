"""Human words for stored codes and closed choices (templates/labels.txt.j2)."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from bot.core.answers import Method
from bot.core.notice import Notice
from bot.text import label


def label_of(value: StrEnum) -> str:
    return label(type(value).__name__, value.value)


def told_in_writing(answers: Mapping[str, Any]) -> bool:
    """Told by letter or email only (a case's stored answers): there is no conversation to name."""
    return answers.get("method") == Method.WRITTEN.value


def status_label(status: str, situation: str | None = None, written: bool = False) -> str:
    return label("CaseStatus", status, situation, written)


def reminder_label(kind: str, written: bool = False) -> str:
    try:
        return label("ReminderKind", kind, written=written)
    except KeyError:
        return kind


def notice_words(notice: Notice) -> str:
    """30 calendar days, 1 month, 0 working days."""
    unit = label("NoticeUnitOne" if notice.amount == 1 else "NoticeUnit", notice.unit.value)
    return f"{notice.amount} {unit}"
