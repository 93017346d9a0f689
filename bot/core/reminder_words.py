"""What a reminder's DM says beyond the case itself: the days left, the deadlines, the items it asks
about, worked out at sending time (bot/slack/reminder_messages.py) for templates/reminders.md.j2."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class ReminderWords:
    """What a reminder's words list, worked out from the case as it is at sending time."""

    days_left: int = 0
    contract_deadline: date | None = None  # when the contract's own notice runs out, if still ahead
    last_day_to_tell: date | None = None  # the later of the plan's notify-by and the contract's deadline
    deadline_days_left: int = 0  # working days from today to that deadline (0: it is today)
    contact: str = ""
    successor: str = ""
    walk_through: bool = False  # this DM ticks the personal handover walk-through a long client gets
    effective_passed: bool = False
    stays: bool = False
    points: list[str] = field(default_factory=list)
    reactions: list[tuple[str, str]] = field(default_factory=list)
    items: list[tuple[str, date]] = field(default_factory=list)  # what this DM's Done ticks
    ahead: list[tuple[str, date]] = field(default_factory=list)  # the rest of the handover, for context
    behind: list[tuple[str, date]] = field(default_factory=list)  # the rest, its day passed, not marked done
    written: bool = False  # told by letter or email only: nothing to book, no conversation
    notify_today: bool = False
    tell_by: date | None = None  # the next working day: when a late telling can still happen
    earliest_end: date | None = None  # the first working day the contract's notice allows, told then
    given_if_today: str = ""  # the notice they get if told today, for the planned date, as it reads
    notice_words: str = ""  # the contract's notice, as it reads
    serve_notice: str = ""  # how the contract says notice is served, while that is still to do
