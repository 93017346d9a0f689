"""The plan for a case: notice, milestones, warnings and a checklist with due dates, from the
situation's rules and the person's answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bot.core.answers import Answers, Stakeholder, Tenure, TransitionNeed
from bot.core.calendar import WorkCalendar
from bot.core.checklist import (
    BRIEF_PREFIX,
    PHASE_ORDER,
    TRANSITION_PREFIX,
    Anchor,
    ItemKey,
    Phase,
)
from bot.core.notice import (
    NoticeAdvice,
    NoticeState,
    NoticeStatus,
    contract_notice,
    notice_deadline,
    notice_status,
    situation_advice,
    working_days_given,
)
from bot.core.situations import Situation, situation_of
from bot.core.typed_text import is_blank

PREPARE_WORKING_DAYS = 3  # before a suggested conversation: brief colleagues, book it (nudged 2 days ahead)
LONG_TRANSITION = 10
# The people the owner named in their own words under "Who else needs to know": one briefing item.
BRIEF_OTHERS = f"{BRIEF_PREFIX}others"
SHORT_TRANSITION = 5


class PlanWarning(StrEnum):
    NOTICE_PASSED = "notice_passed"
    NOTICE_TODAY = "notice_today"
    NOTICE_TIGHT = "notice_tight"
    BELOW_RECOMMENDED = "below_recommended"
    THEIR_NOTICE_SHORT = "their_notice_short"
    WRITTEN_ONLY = "written_only"
    TOLD_ON_EFFECTIVE_DAY = "told_on_effective_day"
    ONE_REFERRAL = "one_referral"
    END_NOT_WORKING_DAY = "end_not_working_day"


class MilestoneKind(StrEnum):
    NOTIFY_BY = "notify_by"
    CONVERSATION = "conversation"
    WRITTEN_NOTICE = "written_notice"
    CONFIRMATION = "confirmation"
    INTRODUCTION = "introduction"
    REFERRALS = "referrals"
    TRANSITION = "transition"
    EFFECTIVE = "effective"


@dataclass(frozen=True)
class PlannedItem:
    key: str
    phase: Phase
    tips: tuple[int, ...]
    due: date
    subject: str | None = None  # the stakeholder or transition need an item is about


@dataclass(frozen=True)
class Milestone:
    kind: MilestoneKind
    day: date


@dataclass(frozen=True)
class DayFlag:
    """A date that falls on a non-working day, with the working days either side."""

    day: date
    holiday: str | None
    before: date
    after: date


def day_flag(day: date, calendar: WorkCalendar) -> DayFlag | None:
    if calendar.is_working_day(day):
        return None
    before, after = calendar.nearest_working_days(day)
    return DayFlag(day, calendar.holiday_name(day), before, after)


@dataclass(frozen=True)
class Plan:
    situation: Situation
    advice: NoticeAdvice | None  # None when the client gives the notice
    notify_by: date
    notice: NoticeStatus
    given_working_days: int  # from the notify-by date: the least notice they will get
    working_days_after_talk: int | None  # from the planned conversation: the notice they will get
    transition_start: date
    warnings: tuple[PlanWarning, ...]
    milestones: tuple[Milestone, ...]
    items: tuple[PlannedItem, ...]
    end_flag: DayFlag | None = None  # the effective date, when it is not a working day

    def due_of(self, key: str) -> date | None:
        return next((item.due for item in self.items if item.key == key), None)

    @property
    def transition_items(self) -> tuple[PlannedItem, ...]:
        """The handover items made from the transition needs the owner picked."""
        return tuple(item for item in self.items if item.key.startswith(TRANSITION_PREFIX))


def advice_for(a: Answers, calendar: WorkCalendar) -> NoticeAdvice:
    assert a.situation
    return situation_advice(a, situation_of(a.situation), calendar)


def suggested_notify_by(a: Answers, today: date, calendar: WorkCalendar) -> date:
    """The recommended deadline while it can still be met, else the contract's, else today; and
    before the client's budget is set, when it is set before the change. A deadline in the holiday
    season or on the eve of a public holiday moves to the good day before it (more notice)."""
    advice = advice_for(a, calendar)
    budget = budget_deadline(a, today, calendar)
    for deadline in (advice.recommended_deadline, advice.contract_deadline):
        if deadline >= today:
            chosen = min(deadline, budget) if budget is not None else deadline
            return calendar.good_on_or_before(chosen, today) or chosen
    return today


def budget_deadline(a: Answers, today: date, calendar: WorkCalendar) -> date | None:
    """The last good working day before the client's budget is set (the first of its month), when
    that comes before the change: told by then, they can plan for it. None when it does not apply
    or can no longer be met."""
    if a.budget_month is None or a.effective_date is None:
        return None
    first = date(today.year, a.budget_month.number, 1)
    if first <= today:
        first = date(today.year + 1, a.budget_month.number, 1)
    if first > a.effective_date:
        return None
    return calendar.good_on_or_before(first - timedelta(days=1), today)


def suggested_conversation(notify_by: date, today: date, calendar: WorkCalendar) -> date:
    """The earliest sensible day once the decision is made: time to brief colleagues first (and
    for the booking nudge, at least two working days before), then the first good day (no holiday
    season, not the eve of a public holiday). More notice is kinder; never after the notify-by date."""
    earliest = calendar.add_working_days(today, PREPARE_WORKING_DAYS)
    latest = calendar.on_or_before(notify_by)
    if latest < today:
        return calendar.on_or_after(today)
    tomorrow = calendar.add_working_days(today, 1)
    found = calendar.good_on_or_after(earliest, latest) or calendar.good_on_or_before(latest, tomorrow)
    if found is not None:
        return found
    return min(max(earliest, tomorrow), latest) if tomorrow <= latest else calendar.on_or_after(today)


EXIT_CONVERSATION_WITHIN = 2


def suggested_exit_conversation(effective: date, today: date, calendar: WorkCalendar) -> date:
    """When the client is leaving: soon, while there is time for a calm handover."""
    latest = calendar.on_or_before(effective)
    wanted = max(
        calendar.on_or_after(today), min(calendar.add_working_days(today, EXIT_CONVERSATION_WITHIN), latest)
    )
    return calendar.good_on_or_after(wanted, latest) or wanted


INTRODUCTION_AFTER = 2


def suggested_introduction(start: date, effective: date, calendar: WorkCalendar) -> date:
    """A joint introduction a couple of working days after the client knows, on a good day."""
    latest = calendar.on_or_before(effective)
    wanted = min(calendar.add_working_days(start, INTRODUCTION_AFTER), latest)
    return calendar.good_on_or_after(wanted, latest) or wanted


def transition_days_ahead(tenure: Tenure) -> int:
    return LONG_TRANSITION if tenure.is_long else SHORT_TRANSITION


def transition_start(effective: date, conversation: date, tenure: Tenure, calendar: WorkCalendar) -> date:
    """When handover work starts: some working days before the change, never before the client knows."""
    start = calendar.add_working_days(effective, -transition_days_ahead(tenure))
    return max(start, calendar.add_working_days(conversation, 1))


# Transition needs: due this many working days from the anchor.
NEED_DUE: dict[TransitionNeed, tuple[Anchor, int]] = {
    TransitionNeed.HANDOVER_NOTES: (Anchor.TRANSITION_START, 0),
    TransitionNeed.INTRODUCE_SUCCESSOR: (Anchor.TRANSITION_START, 0),
    TransitionNeed.OUTSTANDING_BALANCE: (Anchor.CONVERSATION, 5),
    TransitionNeed.RETURN_DATA: (Anchor.EFFECTIVE, -1),
    TransitionNeed.ACCESS: (Anchor.EFFECTIVE, 0),
    TransitionNeed.FINAL_INVOICE: (Anchor.EFFECTIVE, 0),
}
# Never after the last day: what the client must have before they go.
BY_THE_LAST_DAY = frozenset({TransitionNeed.RETURN_DATA, TransitionNeed.ACCESS, TransitionNeed.FINAL_INVOICE})
# Deadlines the client is given count the days they can act on (no holiday season).
CLIENT_DEADLINES = frozenset({TransitionNeed.OUTSTANDING_BALANCE})


def build_plan(a: Answers, today: date, calendar: WorkCalendar) -> Plan:
    """Needs complete, validated answers."""
    assert a.situation and a.effective_date and a.tenure and a.method and a.conversation_date
    situation = situation_of(a.situation)
    effective, talk = a.effective_date, a.conversation_date
    advice = advice_for(a, calendar) if situation.we_give_notice else None
    notify_by = (a.notify_by or suggested_notify_by(a, today, calendar)) if advice else talk
    start = transition_start(effective, talk, a.tenure, calendar)
    anchors = {
        Anchor.TODAY: today,
        Anchor.NOTIFY_BY: notify_by,
        Anchor.CONVERSATION: talk,
        Anchor.INTRODUCTION: a.intro_date or talk,
        Anchor.TRANSITION_START: start,
        Anchor.EFFECTIVE: effective,
    }

    def due(
        anchor: Anchor,
        offset: int,
        not_before_talk: bool = False,
        client_deadline: bool = False,
        preparation: bool = False,
    ) -> date:
        if client_deadline and offset > 0:
            day = calendar.add_open_days(anchors[anchor], offset)
        else:
            day = calendar.add_working_days(anchors[anchor], offset)
        if anchor is Anchor.TODAY:
            day = min(day, talk)
        if not_before_talk:
            day = max(day, talk)
        day = calendar.on_or_after(max(day, today))
        if preparation:  # the owner's own preparation: out of the holiday season, before what it prepares
            day = calendar.open_near(day, today, prepared_for(anchor))
        return day

    def prepared_for(anchor: Anchor) -> date:
        return anchors[Anchor.INTRODUCTION] if anchor is Anchor.INTRODUCTION else talk

    last_working_day = calendar.on_or_before(effective)

    items = [
        PlannedItem(
            str(rule.key),
            rule.phase,
            rule.tips,
            due(rule.anchor, rule.offset, preparation=rule.phase is Phase.PREPARE),
        )
        for rule in situation.items
        if rule.applies(a)
    ]
    for stakeholder in Stakeholder:
        if stakeholder in a.stakeholders:
            items.append(
                PlannedItem(
                    f"{BRIEF_PREFIX}{stakeholder.value}",
                    Phase.PREPARE,
                    (2, 13),
                    due(Anchor.CONVERSATION, -1, preparation=True),
                    subject=stakeholder.value,
                )
            )
    if not is_blank(a.stakeholder_notes):
        items.append(
            PlannedItem(BRIEF_OTHERS, Phase.PREPARE, (2, 13), due(Anchor.CONVERSATION, -1, preparation=True))
        )
    for need in TransitionNeed:
        if need in a.transition_needs and situation.asked("transition_needs"):
            anchor, offset = NEED_DUE[need]
            items.append(
                PlannedItem(
                    f"{TRANSITION_PREFIX}{need.value}",
                    Phase.TRANSITION,
                    (14,),
                    _by_last_day(
                        due(anchor, offset, not_before_talk=True, client_deadline=need in CLIENT_DEADLINES),
                        last_working_day if need in BY_THE_LAST_DAY else None,
                        talk,
                    ),
                    subject=need.value,
                )
            )
    if a.tenure.is_long and situation.long_relationship_care:
        items.append(
            PlannedItem(ItemKey.HANDOVER_MEETING, Phase.TRANSITION, (14, 2), due(Anchor.TRANSITION_START, 0))
        )
        items.append(PlannedItem(ItemKey.CHECK_IN, Phase.CLOSE, (14, 2), due(Anchor.EFFECTIVE, 20)))
    items.sort(key=lambda item: (PHASE_ORDER.index(item.phase), item.due))

    status = notice_status(notify_by, today, calendar)
    return Plan(
        situation=situation,
        advice=advice,
        notify_by=notify_by,
        notice=status,
        given_working_days=working_days_given(notify_by, effective, calendar),
        working_days_after_talk=(
            working_days_given(a.conversation_date, effective, calendar) if a.conversation_date else None
        ),
        transition_start=start,
        warnings=_warnings(a, situation, advice, status, notify_by, calendar),
        milestones=_milestones(a, situation, notify_by, start, items),
        items=tuple(items),
        end_flag=day_flag(effective, calendar),
    )


def _by_last_day(day: date, last: date | None, talk: date) -> date:
    """`day`, or the last working day when it would fall after it (unless the client only hears
    on or after that day)."""
    if last is None or day <= last or talk >= last:
        return day
    return last


def _warnings(
    a: Answers,
    situation: Situation,
    advice: NoticeAdvice | None,
    status: NoticeStatus,
    notify_by: date,
    calendar: WorkCalendar,
) -> tuple[PlanWarning, ...]:
    assert a.method and a.effective_date and a.conversation_date
    found: list[PlanWarning] = []
    if advice is not None:
        state_warnings = {
            NoticeState.PASSED: PlanWarning.NOTICE_PASSED,
            NoticeState.TODAY: PlanWarning.NOTICE_TODAY,
            NoticeState.TIGHT: PlanWarning.NOTICE_TIGHT,
        }
        if status.state in state_warnings:
            found.append(state_warnings[status.state])
        if notify_by > advice.recommended_deadline:
            found.append(PlanWarning.BELOW_RECOMMENDED)
    elif notice_deadline(a.effective_date, contract_notice(a), calendar) < (
        a.heard_on or a.conversation_date
    ):
        found.append(PlanWarning.THEIR_NOTICE_SHORT)
    if not a.method.is_personal:
        found.append(PlanWarning.WRITTEN_ONLY)
    if a.conversation_date >= a.effective_date:
        found.append(PlanWarning.TOLD_ON_EFFECTIVE_DAY)
    if situation.need("referrals") is not None and len(a.referrals_given) == 1 and not situation.client_stays:
        found.append(PlanWarning.ONE_REFERRAL)
    if not calendar.is_working_day(a.effective_date):
        found.append(PlanWarning.END_NOT_WORKING_DAY)
    return tuple(found)


def _milestones(
    a: Answers, situation: Situation, notify_by: date, start: date, items: list[PlannedItem]
) -> tuple[Milestone, ...]:
    assert a.effective_date and a.conversation_date
    by_key = {item.key: item.due for item in items}
    found: list[Milestone] = []
    if situation.we_give_notice:
        found.append(Milestone(MilestoneKind.NOTIFY_BY, notify_by))
    found.append(Milestone(MilestoneKind.CONVERSATION, a.conversation_date))
    if ItemKey.WRITTEN_NOTICE in by_key:
        found.append(Milestone(MilestoneKind.WRITTEN_NOTICE, by_key[ItemKey.WRITTEN_NOTICE]))
    if ItemKey.CONFIRM in by_key:
        found.append(Milestone(MilestoneKind.CONFIRMATION, by_key[ItemKey.CONFIRM]))
    if ItemKey.INTRODUCE in by_key:
        found.append(Milestone(MilestoneKind.INTRODUCTION, by_key[ItemKey.INTRODUCE]))
    if ItemKey.SEND_REFERRALS in by_key:
        found.append(Milestone(MilestoneKind.REFERRALS, by_key[ItemKey.SEND_REFERRALS]))
    if any(item.phase is Phase.TRANSITION for item in items):
        found.append(Milestone(MilestoneKind.TRANSITION, start))
    found.append(Milestone(MilestoneKind.EFFECTIVE, a.effective_date))
    return tuple(sorted(found, key=lambda m: m.day))
