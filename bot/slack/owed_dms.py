"""The DM each kind of reminder or owed message goes out as."""

from __future__ import annotations

from datetime import date

from bot.core.calendar import WorkCalendar
from bot.core.kinds import ReminderKind
from bot.services.read_models import CaseView, ReminderView
from bot.slack.messages import Message, plan_ready
from bot.slack.reminder_messages import reminder_message


def dm_for(
    case: CaseView, reminder: ReminderView, *, late: bool, today: date, calendar: WorkCalendar
) -> Message:
    if reminder.kind == ReminderKind.PLAN_READY:
        return plan_ready(case)
    return reminder_message(case, reminder, late=late, today=today, calendar=calendar)
