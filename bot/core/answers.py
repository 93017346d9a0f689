"""What the person tells the coach, as plain data, and the closed sets of choices they pick from.
The words shown for each choice live in templates/labels.txt.j2."""

from __future__ import annotations

import types
from dataclasses import dataclass, field, fields
from datetime import date, time
from enum import StrEnum
from functools import cache
from typing import Any, Union, get_args, get_origin, get_type_hints

from bot.core.typed_text import is_blank


class SituationKey(StrEnum):
    """Who ends the relationship and why; everything the coach says follows from it."""

    WE_END = "we_end"
    FOR_CAUSE = "for_cause"
    CLIENT_LEAVES = "client_leaves"
    PRICE_CHANGE = "price_change"
    SERVICE_CHANGE = "service_change"
    HANDOVER = "handover"


class Tenure(StrEnum):
    UNDER_ONE = "0"
    ONE_TO_TWO = "1"
    THREE_TO_FIVE = "3"
    OVER_FIVE = "6"

    @property
    def years(self) -> int:
        return int(self.value)

    @property
    def is_long(self) -> bool:
        return self.years >= 3


class Method(StrEnum):
    PHONE = "phone"
    VIDEO = "video"
    IN_PERSON = "in_person"
    WRITTEN = "written"

    @property
    def is_personal(self) -> bool:
        return self is not Method.WRITTEN


class PriceChangeKind(StrEnum):
    """What a price or payment change changes: what they pay, or how and when they pay it
    (no more cheques, new payment terms). Each has its own reactions, talking points and letter."""

    PRICE = "price"
    PAYMENT = "payment"


class Month(StrEnum):
    """A month of the year, by its number (when a client's budget is set)."""

    JANUARY = "1"
    FEBRUARY = "2"
    MARCH = "3"
    APRIL = "4"
    MAY = "5"
    JUNE = "6"
    JULY = "7"
    AUGUST = "8"
    SEPTEMBER = "9"
    OCTOBER = "10"
    NOVEMBER = "11"
    DECEMBER = "12"

    @property
    def number(self) -> int:
        return int(self.value)


class NoticeUnit(StrEnum):
    """Notice as contracts state it."""

    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    WEEKS = "weeks"
    MONTHS = "months"


class TransitionNeed(StrEnum):
    HANDOVER_NOTES = "handover_notes"
    RETURN_DATA = "return_data"
    ACCESS = "access"
    FINAL_INVOICE = "final_invoice"
    OUTSTANDING_BALANCE = "outstanding_balance"
    INTRODUCE_SUCCESSOR = "introduce_successor"


class CauseKind(StrEnum):
    """Why a relationship ends for cause; what it changes is in bot/core/judgement.py."""

    NON_PAYMENT = "non_payment"
    BREACH = "breach"
    CONDUCT = "conduct"  # towards our staff
    UNDISCLOSED = "undisclosed"  # a reason that must not be given: the notice cites the clause only


class Balance(StrEnum):
    NONE = "none"
    OUTSTANDING = "outstanding"
    DISPUTED = "disputed"


class WorkProduct(StrEnum):
    """What happens to the work we produced for them while money is owed (their own data and
    files go back by the date planned, whatever is owed)."""

    ON_PAYMENT = "on_payment"
    REGARDLESS = "regardless"
    AS_CONTRACT = "as_contract"


class CurePeriod(StrEnum):
    NONE_IN_CONTRACT = "none_in_contract"
    GIVEN = "given"
    NOT_GIVEN = "not_given"


class UnservedNotice(StrEnum):
    """A client who leaves on less notice than the contract's: the rest invoiced, or waived."""

    INVOICE = "invoice"
    WAIVE = "waive"


class Seniority(StrEnum):
    """The successor in a handover, next to the person handing over."""

    JUNIOR = "junior"
    PEER = "peer"
    SENIOR = "senior"


class GreetBy(StrEnum):
    """How the letters greet the contact, as the owner chose (unchosen: a title typed with their
    name gives title and surname, otherwise the first name)."""

    FIRST_NAME = "first_name"
    TITLE_SURNAME = "title_surname"


class Stakeholder(StrEnum):
    """People inside the firm to brief before the client is told."""

    ACCOUNT_TEAM = "account_team"
    DELIVERY_TEAM = "delivery_team"
    FINANCE = "finance"
    MANAGER = "manager"
    LEGAL = "legal"


@dataclass
class Answers:
    """Everything typed in the guided flow. Any field may still be missing in a draft."""

    # The situation
    client_name: str | None = None
    contact_name: str | None = None
    greet_by: GreetBy | None = None
    greet_title: str | None = None  # asked when greeting by title and surname with none typed
    situation: SituationKey | None = None
    tenure: Tenure | None = None
    # The change
    reason: str | None = None
    effective_date: date | None = None
    contract_notice_amount: int | None = None
    contract_notice_unit: NoticeUnit | None = None
    clause: str | None = None
    change_kind: PriceChangeKind | None = None  # a price or payment change: which of the two
    budget_month: Month | None = None  # when the client's budget is set: tell them before it
    # Judgement where money or people are at risk (bot/core/judgement.py)
    cause_kind: CauseKind | None = None
    balance: Balance | None = None
    work_product: WorkProduct | None = None
    cure_period: CurePeriod | None = None
    serve_notice: str | None = None  # how the contract says notice is served: method, address, clause
    unserved_notice: UnservedNotice | None = None
    # A handover to someone junior: a senior sponsor stays involved (bot/core/judgement.py)
    successor_seniority: Seniority | None = None
    sponsor: str | None = None
    # Notice
    notify_by: date | None = None
    heard_on: date | None = None  # when the client told us they are leaving (the plan's first day)
    # The conversation
    method: Method | None = None
    conversation_date: date | None = None
    conversation_time: time | None = None
    client_impact: str | None = None
    appreciation: str | None = None
    history: str | None = None
    # Onward
    referrals: list[str] = field(default_factory=list)
    options: str | None = None
    door_open: str | None = None
    successor: str | None = None
    intro_date: date | None = None
    transition_needs: list[TransitionNeed] = field(default_factory=list)
    transition_notes: str | None = None
    # People to brief
    stakeholders: list[Stakeholder] = field(default_factory=list)
    stakeholder_notes: str | None = None
    # Drafts as the owner edited them on the last step (None: as drafted)
    talking_points: str | None = None
    confirmation: str | None = None
    referral_note: str | None = None
    introduction: str | None = None
    thank_you_note: str | None = None
    close_out: str | None = None
    # Keys of typed texts the person chose to keep after a wording hint (bot/core/step_check.py)
    kept_as_typed: list[str] = field(default_factory=list)
    # The firm's minimum notice in working days, from its policy as the flow went (bot/core/policy.py)
    firm_minimum_notice: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {f.name: _encode(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Answers:
        """Unknown keys and values that no longer parse (an enum value since renamed) are dropped."""
        kwargs: dict[str, Any] = {}
        for name, parse in _parsers().items():
            raw = data.get(name)
            if raw is None:
                continue
            try:
                kwargs[name] = parse(raw)
            except (ValueError, TypeError):
                continue
        return cls(**kwargs)

    def merged(self, other: Answers, keys: tuple[str, ...]) -> Answers:
        """A copy of self with `keys` taken from `other`."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        for key in keys:
            data[key] = getattr(other, key)
        return Answers(**data)

    @property
    def referrals_given(self) -> list[str]:
        return [r.strip() for r in self.referrals if not is_blank(r)]


def _encode(value: Any) -> Any:
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, StrEnum):
        return value.value
    return value


def _scalar_parser(kind: Any) -> Any:
    if kind is date:
        return date.fromisoformat
    if kind is time:
        return time.fromisoformat
    if kind is int:
        return lambda raw: int(raw) if not isinstance(raw, bool) else _refuse(raw)
    if kind is str:
        return lambda raw: raw if isinstance(raw, str) else _refuse(raw)
    if isinstance(kind, type) and issubclass(kind, StrEnum):
        return kind
    raise TypeError(f"no parser for {kind!r}")


def _refuse(raw: Any) -> Any:
    raise ValueError(f"unexpected value {raw!r}")


@cache
def _parsers() -> dict[str, Any]:
    """A parser per field, from the field's type hint: optional scalars, or lists of them."""
    parsers: dict[str, Any] = {}
    for name, hint in get_type_hints(Answers).items():
        if get_origin(hint) in (Union, types.UnionType):
            hint = next(arg for arg in get_args(hint) if arg is not type(None))
        if get_origin(hint) is list:
            item = _scalar_parser(get_args(hint)[0])
            parsers[name] = lambda raw, item=item: (
                [item(v) for v in raw] if isinstance(raw, list) else _refuse(raw)
            )
        else:
            parsers[name] = _scalar_parser(hint)
    return parsers
