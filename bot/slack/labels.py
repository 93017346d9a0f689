"""Human words for stored codes and closed choices (templates/labels.txt.j2)."""

from __future__ import annotations

from enum import StrEnum

from bot.core.notice import Notice
from bot.text import label


def label_of(value: StrEnum) -> str:
    return label(type(value).__name__, value.value)


def status_label(status: str, situation: str | None = None) -> str:
    return label("CaseStatus", status, situation)


def reminder_label(kind: str) -> str:
    try:
        return label("ReminderKind", kind)
    except KeyError:
        return kind


def notice_words(notice: Notice) -> str:
    """30 calendar days, 1 month, 0 working days."""
    unit = label("NoticeUnitOne" if notice.amount == 1 else "NoticeUnit", notice.unit.value)
    return f"{notice.amount} {unit}"
