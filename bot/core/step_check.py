"""The answer check applied to one step of the flow: its typed fields repaired, and the hints the
person has not yet chosen to keep. A hint is kept by submitting the same text again; the flow
remembers the hinted text's key in the answers (kept_as_typed), so nothing needs a migration."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from bot.core.answer_check import (
    LETTER_RULES,
    REFERRAL_RULES,
    Checked,
    Hint,
    Reader,
    RepairCode,
    check,
    kept_key,
    rules_for,
)
from bot.core.answers import Answers
from bot.core.kinds import DraftKind
from bot.core.steps import STEP_FIELDS, StepId
from bot.core.validation import Problem, ProblemCode, Problems

DRAFT_FIELDS = tuple(kind.value for kind in DraftKind)


@dataclass(frozen=True)
class StepCheck:
    answers: Answers  # with the repairs made
    repairs: dict[str, tuple[RepairCode, ...]] = field(default_factory=dict)
    hints: dict[str, tuple[Hint, ...]] = field(default_factory=dict)  # not yet kept
    keys: tuple[str, ...] = ()  # what to remember if the person submits the same text again

    @property
    def problems(self) -> Problems:
        """The hints as inline problems: each field's first hint, with its suggested rewrite."""
        return {
            name: Problem(
                ProblemCode.WORDING,
                {
                    "hint": hints[0].code.value,
                    "found": hints[0].found,
                    "suggestion": next((h.suggestion for h in hints if h.suggestion), None),
                    "also": [h.code.value for h in hints[1:]],
                },
            )
            for name, hints in self.hints.items()
        }

    def kept(self) -> Answers:
        """The answers, remembering that the hinted texts were seen."""
        known = list(self.answers.kept_as_typed)
        return replace(self.answers, kept_as_typed=known + [k for k in self.keys if k not in known])


def _typed(step: StepId, a: Answers) -> list[tuple[str, str | None, Checked]]:
    reader = Reader(a.contact_name)
    out: list[tuple[str, str | None, Checked]] = []
    for name in STEP_FIELDS[step]:
        value = getattr(a, name)
        if name == "referrals":
            for index, referral in enumerate(value):
                out.append((f"referral_{index}", None, check(referral, REFERRAL_RULES)))
            continue
        rules = LETTER_RULES if name in DRAFT_FIELDS else rules_for(name, a.situation)
        if rules is not None and isinstance(value, str):
            out.append((name, name, check(value, rules, reader)))
    return out


def check_step(step: StepId, a: Answers) -> StepCheck:
    kept = set(a.kept_as_typed)
    changes: dict[str, object] = {}
    repairs: dict[str, tuple[RepairCode, ...]] = {}
    hints: dict[str, tuple[Hint, ...]] = {}
    keys: list[str] = []
    referrals = list(a.referrals)
    for shown, name, checked in _typed(step, a):
        if checked.repairs and step not in (StepId.REVIEW,):
            repairs[shown] = checked.repairs
            if name is None:
                referrals[int(shown.rsplit("_", 1)[1])] = checked.text
            else:
                changes[name] = checked.text
        key = kept_key(shown, checked.text)
        if checked.hints and key not in kept:
            hints[shown] = checked.hints
            keys.append(key)
    if referrals != a.referrals:
        changes["referrals"] = referrals
    return StepCheck(replace(a, **changes), repairs, hints, tuple(keys))  # type: ignore[arg-type]


def check_edited_drafts(texts: dict[str, str], kept: list[str]) -> StepCheck:
    """Drafts edited on a case: the same letter checks as the flow's last step."""
    a = Answers(kept_as_typed=list(kept))
    for name, text in texts.items():
        if name in DRAFT_FIELDS:
            setattr(a, name, text)
    return check_step(StepId.REVIEW, a)
