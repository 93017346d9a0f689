"""What a situation is made of: the questions it asks (and how much), its checklist, reminders and
drafts, and its notice rules. The situations themselves are in bot/core/situations/."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.core.answers import SituationKey, Stakeholder, TransitionNeed
from bot.core.checklist import ItemRule
from bot.core.kinds import DraftKind, ReminderKind
from bot.core.steps import StepId


class Need(StrEnum):
    REQUIRED = "required"
    OPTIONAL = "optional"


# Asked in every situation; a situation's `asks` adds to these.
ALWAYS_ASKED: dict[str, Need] = {
    "client_name": Need.REQUIRED,
    "contact_name": Need.REQUIRED,
    "greet_by": Need.OPTIONAL,
    "greet_title": Need.OPTIONAL,
    "situation": Need.REQUIRED,
    "tenure": Need.REQUIRED,
    "reason": Need.REQUIRED,
    "effective_date": Need.REQUIRED,
    "contract_notice_amount": Need.REQUIRED,
    "contract_notice_unit": Need.REQUIRED,
    "method": Need.REQUIRED,
    "conversation_date": Need.REQUIRED,
    "conversation_time": Need.OPTIONAL,
    "client_impact": Need.REQUIRED,
    "stakeholders": Need.OPTIONAL,
    "stakeholder_notes": Need.OPTIONAL,
    "talking_points": Need.OPTIONAL,
    "confirmation": Need.OPTIONAL,
}


@dataclass(frozen=True)
class Situation:
    key: SituationKey
    we_give_notice: bool  # False when the client gives notice to us
    client_stays: bool  # the relationship goes on: no "ending" words, no referrals asked for
    touches_money: bool  # notice for money needs more time (tip 5)
    minimum_notice: int  # working days we recommend at least, whatever the contract says
    asks: dict[str, Need]  # answer fields asked beyond ALWAYS_ASKED
    items: tuple[ItemRule, ...]  # checklist items (transition, briefing and care items are added)
    reminders: tuple[ReminderKind, ...]
    drafts: tuple[DraftKind, ...]
    default_needs: tuple[TransitionNeed, ...] = ()
    default_stakeholders: tuple[Stakeholder, ...] = ()
    long_relationship_care: bool = True  # a personal handover and a check-in after years together
    asks_sign_off: bool = False  # the team lead signs the plan off before the client is told

    @property
    def steps(self) -> tuple[StepId, ...]:
        return tuple(s for s in StepId if s is not StepId.NOTICE or self.we_give_notice)

    def need(self, field_name: str) -> Need | None:
        """REQUIRED, OPTIONAL, or None when this situation does not ask for the field."""
        if any(kind.value == field_name for kind in self.drafts):  # a draft it writes may be edited
            return self.asks.get(field_name) or Need.OPTIONAL
        return self.asks.get(field_name) or ALWAYS_ASKED.get(field_name)

    def asked(self, field_name: str) -> bool:
        return self.need(field_name) is not None
