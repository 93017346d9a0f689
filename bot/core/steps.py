"""The steps of the guided flow, in order."""

from __future__ import annotations

from enum import IntEnum


class Step(IntEnum):
    CHANGE = 1
    NOTICE = 2
    CONVERSATION = 3
    REFERRALS = 4
    REVIEW = 5

    @property
    def previous(self) -> Step | None:
        return Step(self - 1) if self > Step.CHANGE else None

    @property
    def next(self) -> Step | None:
        return Step(self + 1) if self < Step.REVIEW else None


STEP_COUNT = len(Step)

# The answer fields each step asks for; moving Back keeps exactly these.
STEP_FIELDS: dict[Step, tuple[str, ...]] = {
    Step.CHANGE: ("client_name", "change_kind", "reason", "effective_date", "contract_notice_days", "tenure"),
    Step.NOTICE: ("notice_days",),
    Step.CONVERSATION: ("method", "conversation_date", "conversation_time", "client_impact", "appreciation"),
    Step.REFERRALS: ("referrals", "transition_needs", "transition_notes"),
    Step.REVIEW: (),
}
