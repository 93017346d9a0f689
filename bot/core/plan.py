"""The plan for a case: milestones, a checklist with due dates, and drafted texts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.core.answers import Answers, ChangeKind, Method, Tenure, TransitionNeed
from bot.core.calendar import WorkCalendar
from bot.core.notice import NoticeAdvice, NoticeStatus, notice_status, notify_by, recommend_notice


class Phase(StrEnum):
    PREPARE = "prepare"
    TELL = "tell"
    FOLLOW_UP = "follow_up"
    TRANSITION = "transition"
    CLOSE = "close"

    @property
    def label(self) -> str:
        return PHASE_LABELS[self]


PHASE_LABELS = {
    Phase.PREPARE: "Before you tell them",
    Phase.TELL: "The conversation",
    Phase.FOLLOW_UP: "Afterwards",
    Phase.TRANSITION: "The transition",
    Phase.CLOSE: "Closing well",
}


class ItemKey(StrEnum):
    BOOK = "book"
    REHEARSE = "rehearse"
    TELL = "tell"
    THANK = "thank"
    ASK_FEELINGS = "ask_feelings"
    SEND_REFERRALS = "send_referrals"
    RESOLVE_CONCERNS = "resolve_concerns"
    HANDOVER_MEETING = "handover_meeting"
    CHECK_IN = "check_in"
    THANK_YOU_NOTE = "thank_you_note"
    REFLECT = "reflect"


CONCERN_PREFIX = "concern_"
TRANSITION_PREFIX = "transition_"


@dataclass(frozen=True)
class PlannedItem:
    key: str
    title: str
    tips: tuple[int, ...]
    phase: Phase
    due: date


@dataclass(frozen=True)
class Milestone:
    label: str
    day: date


@dataclass(frozen=True)
class Plan:
    advice: NoticeAdvice
    notify_by: date
    notice: NoticeStatus
    milestones: tuple[Milestone, ...]
    items: tuple[PlannedItem, ...]


def _due(day: date, today: date, calendar: WorkCalendar) -> date:
    """Due dates land on a working day and never in the past."""
    return calendar.on_or_after(max(day, today))


def _method_phrase(method: Method) -> str:
    return {
        Method.PHONE: "a call",
        Method.VIDEO: "a video call",
        Method.IN_PERSON: "a meeting in person",
        Method.WRITTEN: "a carefully written message",
    }[method]


def transition_days_ahead(tenure: Tenure) -> int:
    """How many working days before the effective date the transition work starts."""
    return 10 if tenure.is_long else 5


def build_plan(a: Answers, today: date, calendar: WorkCalendar) -> Plan:
    """Needs complete, validated answers."""
    assert a.client_name and a.change_kind and a.effective_date and a.tenure and a.method
    assert a.conversation_date is not None and a.notice_days is not None
    assert a.contract_notice_days is not None
    client = a.client_name.strip()
    effective = a.effective_date
    talk = a.conversation_date
    advice = recommend_notice(a.change_kind, a.tenure, a.contract_notice_days, effective, calendar)
    deadline = notify_by(effective, a.notice_days, calendar)

    def due(day: date) -> date:
        return _due(day, today, calendar)

    items: list[PlannedItem] = [
        PlannedItem(
            ItemKey.BOOK,
            f"Book {_method_phrase(a.method)} with {client}",
            (3,),
            Phase.PREPARE,
            due(min(calendar.add_working_days(today, 1), talk)),
        ),
        PlannedItem(
            ItemKey.REHEARSE,
            "Write down your message: clear, short and kind; rehearse it once",
            (4, 6, 7),
            Phase.PREPARE,
            due(calendar.add_working_days(talk, -1)),
        ),
        PlannedItem(ItemKey.TELL, f"Tell {client}, and listen", (3, 5, 8, 15), Phase.TELL, due(talk)),
        PlannedItem(
            ItemKey.THANK,
            "Thank them for their business and say what you valued",
            (10,),
            Phase.TELL,
            due(talk),
        ),
        PlannedItem(
            ItemKey.ASK_FEELINGS,
            "Ask how they feel about the change; note what they say",
            (9,),
            Phase.FOLLOW_UP,
            due(calendar.add_working_days(talk, 1)),
        ),
        PlannedItem(
            ItemKey.SEND_REFERRALS,
            "Send the alternatives in writing, as promised",
            (11,),
            Phase.FOLLOW_UP,
            due(calendar.add_working_days(talk, 2)),
        ),
        PlannedItem(
            ItemKey.RESOLVE_CONCERNS,
            "Work with them to resolve any concerns they raised",
            (13,),
            Phase.FOLLOW_UP,
            due(calendar.add_working_days(talk, 5)),
        ),
    ]
    transition_start = calendar.add_working_days(effective, -transition_days_ahead(a.tenure))
    transition_due = {
        TransitionNeed.HANDOVER_NOTES: transition_start,
        TransitionNeed.INTRODUCE_SUCCESSOR: transition_start,
        TransitionNeed.RETURN_DATA: calendar.add_working_days(effective, -1),
        TransitionNeed.ACCESS: effective,
        TransitionNeed.FINAL_INVOICE: calendar.add_working_days(effective, 5),
    }
    for need in TransitionNeed:
        if need in a.transition_needs:
            items.append(
                PlannedItem(
                    f"{TRANSITION_PREFIX}{need.value}",
                    need.label,
                    (14,),
                    Phase.TRANSITION,
                    due(transition_due[need]),
                )
            )
    if a.tenure.is_long:
        items.append(
            PlannedItem(
                ItemKey.HANDOVER_MEETING,
                "Walk them through the handover personally; they have trusted you for years",
                (14, 2),
                Phase.TRANSITION,
                due(transition_start),
            )
        )
        items.append(
            PlannedItem(
                ItemKey.CHECK_IN,
                "Check in a month after the change: is all well?",
                (14, 2),
                Phase.CLOSE,
                due(calendar.add_working_days(effective, 20)),
            )
        )
    items.append(
        PlannedItem(
            ItemKey.THANK_YOU_NOTE,
            "Send a short thank-you note",
            (10, 1),
            Phase.CLOSE,
            due(calendar.add_working_days(effective, 1)),
        )
    )
    items.append(
        PlannedItem(
            ItemKey.REFLECT,
            "Reflect: what will you keep, and what change, next time?",
            (12, 1),
            Phase.CLOSE,
            due(calendar.add_working_days(effective, 5)),
        )
    )
    items.sort(key=lambda item: (list(Phase).index(item.phase), item.due))

    return Plan(
        advice=advice,
        notify_by=deadline,
        notice=notice_status(deadline, today, calendar),
        milestones=milestones(deadline, talk, effective, a.tenure, a.change_kind, today, calendar),
        items=tuple(items),
    )


def milestones(
    deadline: date,
    talk: date,
    effective: date,
    tenure: Tenure,
    kind: ChangeKind,
    today: date,
    calendar: WorkCalendar,
) -> tuple[Milestone, ...]:
    transition_start = calendar.add_working_days(effective, -transition_days_ahead(tenure))
    return (
        Milestone("Tell them by", deadline),
        Milestone("Conversation", talk),
        Milestone("Referrals in writing by", _due(calendar.add_working_days(talk, 2), today, calendar)),
        Milestone("Transition work starts", _due(transition_start, today, calendar)),
        Milestone(_effective_label(kind), effective),
    )


def _effective_label(kind: ChangeKind) -> str:
    return "Relationship ends" if kind is ChangeKind.ENDING else "Change takes effect"
