"""What the person tells the coach, as plain data, plus the choices they pick from."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import date, time
from enum import StrEnum
from typing import Any


class ChangeKind(StrEnum):
    ENDING = "ending"
    PRICE_INCREASE = "price_increase"
    PAYMENT_CHANGE = "payment_change"
    SERVICE_CHANGE = "service_change"
    HANDOVER = "handover"

    @property
    def label(self) -> str:
        return CHANGE_LABELS[self]

    @property
    def touches_money(self) -> bool:
        return self in (ChangeKind.PRICE_INCREASE, ChangeKind.PAYMENT_CHANGE)


CHANGE_LABELS = {
    ChangeKind.ENDING: "Ending the relationship",
    ChangeKind.PRICE_INCREASE: "A price increase",
    ChangeKind.PAYMENT_CHANGE: "A change in payment methods",
    ChangeKind.SERVICE_CHANGE: "A change in the service",
    ChangeKind.HANDOVER: "Handing over to someone else",
}


class Tenure(StrEnum):
    UNDER_ONE = "0"
    ONE_TO_TWO = "1"
    THREE_TO_FIVE = "3"
    OVER_FIVE = "6"

    @property
    def years(self) -> int:
        return int(self.value)

    @property
    def label(self) -> str:
        return TENURE_LABELS[self]

    @property
    def is_long(self) -> bool:
        return self.years >= 3


TENURE_LABELS = {
    Tenure.UNDER_ONE: "Less than a year",
    Tenure.ONE_TO_TWO: "1–2 years",
    Tenure.THREE_TO_FIVE: "3–5 years",
    Tenure.OVER_FIVE: "More than 5 years",
}


class Method(StrEnum):
    PHONE = "phone"
    VIDEO = "video"
    IN_PERSON = "in_person"
    WRITTEN = "written"

    @property
    def label(self) -> str:
        return METHOD_LABELS[self]

    @property
    def is_personal(self) -> bool:
        return self is not Method.WRITTEN


METHOD_LABELS = {
    Method.PHONE: "A phone call",
    Method.VIDEO: "A video call",
    Method.IN_PERSON: "In person",
    Method.WRITTEN: "A letter or email only",
}


class TransitionNeed(StrEnum):
    HANDOVER_NOTES = "handover_notes"
    RETURN_DATA = "return_data"
    ACCESS = "access"
    FINAL_INVOICE = "final_invoice"
    INTRODUCE_SUCCESSOR = "introduce_successor"

    @property
    def label(self) -> str:
        return TRANSITION_LABELS[self]


TRANSITION_LABELS = {
    TransitionNeed.HANDOVER_NOTES: "Write handover notes",
    TransitionNeed.RETURN_DATA: "Return their data, files and assets",
    TransitionNeed.ACCESS: "Hand back or remove access and accounts",
    TransitionNeed.FINAL_INVOICE: "Send a clear final invoice",
    TransitionNeed.INTRODUCE_SUCCESSOR: "Introduce them to whoever takes over",
}


@dataclass
class Answers:
    """Everything typed in the guided flow. Any field may still be missing in a draft."""

    client_name: str | None = None
    change_kind: ChangeKind | None = None
    reason: str | None = None
    effective_date: date | None = None
    contract_notice_days: int | None = None
    tenure: Tenure | None = None
    notice_days: int | None = None
    method: Method | None = None
    conversation_date: date | None = None
    conversation_time: time | None = None
    client_impact: str | None = None
    appreciation: str | None = None
    referrals: list[str] = field(default_factory=list)
    transition_needs: list[TransitionNeed] = field(default_factory=list)
    transition_notes: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in asdict(self).items():
            if isinstance(value, date | time):
                out[key] = value.isoformat()
            elif isinstance(value, list):
                out[key] = [str(v) for v in value]
            else:
                out[key] = None if value is None else (value if isinstance(value, int) else str(value))
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Answers:
        parsers: dict[str, Any] = {
            "change_kind": ChangeKind,
            "tenure": Tenure,
            "method": Method,
            "effective_date": date.fromisoformat,
            "conversation_date": date.fromisoformat,
            "conversation_time": time.fromisoformat,
        }
        kwargs: dict[str, Any] = {}
        names = {f.name for f in fields(cls)}
        for key, value in data.items():
            if key not in names or value is None:
                continue
            if key == "referrals":
                kwargs[key] = [str(v) for v in value]
            elif key == "transition_needs":
                kwargs[key] = [TransitionNeed(v) for v in value]
            elif key in parsers:
                kwargs[key] = parsers[key](value)
            else:
                kwargs[key] = value
        return cls(**kwargs)

    def merged(self, other: Answers, keys: tuple[str, ...]) -> Answers:
        """A copy of self with `keys` taken from `other`."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        for key in keys:
            data[key] = getattr(other, key)
        return Answers(**data)
