"""What the services take from the edge, already parsed: row ids that are well-formed numbers in
the database's range, and a step's answers read from its form. The listeners build these
(bot/listeners/parse.py); nothing here knows Slack."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NewType

from bot.core.answers import Answers
from bot.core.steps import StepId

CaseId = NewType("CaseId", int)
ReminderId = NewType("ReminderId", int)

# Ids are database integers: anything outside this range names no row.
MAX_ID = 2**31


@dataclass(frozen=True)
class StepAnswers:
    """What one step's form submitted: the fields it showed (a situation may not ask for some) and
    their values, to be laid over the saved draft."""

    step: StepId
    answers: Answers
    shown: tuple[str, ...]

    def over(self, draft: Answers) -> Answers:
        return draft.merged(self.answers, self.shown)
