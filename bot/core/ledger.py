"""The endings ledger: what each closed case shows about how it ended, and the patterns across
them (tip 12, "be aware of your habits"). Pure: facts in, an entry and counts out."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bot.core.answers import Answers, Method, SituationKey
from bot.core.calendar import WorkCalendar
from bot.core.plan import advice_for
from bot.core.situations import situation_of


@dataclass(frozen=True)
class EndingFacts:
    """What a case holds when it is closed."""

    answers: Answers
    closed_on: date
    told_on: date | None  # the day the Tell item was ticked, in the owner's time zone
    referral_item: bool | None  # the "send referrals in writing" item: done, not done, or none
    concerns_raised: int
    concerns_resolved: int
    reflected: bool
    left_open: tuple[str, ...] = ()  # checklist items still open when it was closed (their keys)
    rehearsed_before_told: bool | None = None  # a rehearsal finished before they were told


@dataclass(frozen=True)
class LedgerEntry:
    situation: SituationKey
    closed_on: date
    method: Method | None
    we_gave_notice: bool
    told_on: date | None
    notice_working_days: int | None  # from the day told to the day it took effect
    less_than_recommended: bool | None  # None: no notice of ours, or never marked told
    within_contract: bool | None
    referrals_in_writing: bool | None  # None: no referrals were part of the plan
    concerns_raised: int
    concerns_resolved: int
    reflected: bool
    left_open: str = ""  # the keys of the items left open at closing, comma-separated
    rehearsed_before_told: bool | None = None  # None: never marked told


def entry_of(facts: EndingFacts, calendar: WorkCalendar) -> LedgerEntry:
    a = facts.answers
    assert a.situation is not None
    ours = situation_of(a.situation).we_give_notice
    told, effective = facts.told_on, a.effective_date
    less = within = given = None
    if ours and told is not None and effective is not None and a.tenure is not None:
        advice = advice_for(a, calendar)
        less = told > advice.recommended_deadline
        within = told <= advice.contract_deadline
        given = calendar.working_days_between(told, effective)
    return LedgerEntry(
        situation=a.situation,
        closed_on=facts.closed_on,
        method=a.method,
        we_gave_notice=ours,
        told_on=told,
        notice_working_days=given,
        less_than_recommended=less,
        within_contract=within,
        referrals_in_writing=facts.referral_item,
        concerns_raised=facts.concerns_raised,
        concerns_resolved=facts.concerns_resolved,
        reflected=facts.reflected,
        left_open=",".join(facts.left_open),
        rehearsed_before_told=facts.rehearsed_before_told,
    )


@dataclass(frozen=True)
class Patterns:
    endings: int
    notice_judged: int  # endings where we gave notice and marked the client told
    less_than_recommended: int
    outside_contract: int
    told_judged: int  # endings with a known way of telling
    told_personally: int  # by phone, video or in person, not a cold letter
    referrals_judged: int
    referrals_in_writing: int
    concerns_raised: int
    concerns_resolved: int
    reflected: int
    rehearsed_judged: int = 0  # endings marked told
    rehearsed_before_told: int = 0


def patterns(entries: Iterable[LedgerEntry]) -> Patterns:
    rows = list(entries)
    notice = [e for e in rows if e.less_than_recommended is not None]
    told = [e for e in rows if e.method is not None]
    referrals = [e for e in rows if e.referrals_in_writing is not None]
    rehearsals = [e for e in rows if e.rehearsed_before_told is not None]
    return Patterns(
        endings=len(rows),
        notice_judged=len(notice),
        less_than_recommended=sum(1 for e in notice if e.less_than_recommended),
        outside_contract=sum(1 for e in notice if e.within_contract is False),
        told_judged=len(told),
        told_personally=sum(1 for e in told if e.method and e.method.is_personal),
        referrals_judged=len(referrals),
        referrals_in_writing=sum(1 for e in referrals if e.referrals_in_writing),
        concerns_raised=sum(e.concerns_raised for e in rows),
        concerns_resolved=sum(e.concerns_resolved for e in rows),
        reflected=sum(1 for e in rows if e.reflected),
        rehearsed_judged=len(rehearsals),
        rehearsed_before_told=sum(1 for e in rehearsals if e.rehearsed_before_told),
    )


class Period(StrEnum):
    YEAR = "year"  # the last twelve months
    ALL = "all"


SMALLEST_GROUP = 3  # a team figure over fewer endings than this is not shown: it could name someone


def since(period: Period, today: date) -> date | None:
    return today - timedelta(days=365) if period is Period.YEAR else None


CSV_COLUMNS = (
    "closed_on",
    "situation",
    "method",
    "told_on",
    "notice_working_days",
    "less_than_recommended",
    "within_contract",
    "referrals_in_writing",
    "concerns_raised",
    "concerns_resolved",
    "reflected",
    "left_open",
    "rehearsed_before_told",
)


def ledger_csv(entries: Iterable[LedgerEntry]) -> str:
    """The entries as CSV, oldest first. Every value is a date, a number, a yes/no or a fixed
    word: nothing anyone typed, so nothing a spreadsheet could run."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for entry in sorted(entries, key=lambda e: e.closed_on):
        row = []
        for name in CSV_COLUMNS:
            value = getattr(entry, name)
            row.append(
                "" if value is None else ("yes" if value is True else "no" if value is False else str(value))
            )
        writer.writerow(row)
    return out.getvalue()
