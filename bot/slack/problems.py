"""The core's problems, keyed by answer field, as Slack's inline errors keyed by block id."""

from __future__ import annotations

from bot.copydeck import PROBLEMS
from bot.core.validation import Problem, Problems
from bot.slack.ids import Block

BLOCK_OF_FIELD = {"referrals": Block.REFERRAL_0.value}


def problem_text(field_name: str, problem: Problem) -> str:
    return PROBLEMS.message(field_name, problem.code.value, problem.values)


def block_errors(problems: Problems, shown_blocks: list[str]) -> dict[str, str]:
    """Errors under the blocks that show each field; a field the view does not show (a date that
    went stale while a draft waited) is reported on the first block shown."""
    errors: dict[str, str] = {}
    fallback = shown_blocks[0] if shown_blocks else ""
    for field_name, problem in problems.items():
        block = BLOCK_OF_FIELD.get(field_name, field_name)
        errors.setdefault(block if block in shown_blocks else fallback, problem_text(field_name, problem))
    return errors


def messages(problems: Problems) -> list[str]:
    return [problem_text(name, problem) for name, problem in problems.items()]
