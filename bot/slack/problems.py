"""The core's problems, keyed by answer field, as Slack's inline errors keyed by block id; and
Slack's own refusal for want of a permission (`missing_scope`), as one line for the person."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.copydeck import PROBLEMS
from bot.core.validation import Problem, Problems
from bot.slack import blocks as b
from bot.slack.ids import Block
from bot.text import escape_mrkdwn

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


@dataclass(frozen=True)
class MissingScope:
    """Slack refused `method`: the token lacks `needed` (Slack's `needed`), it has `provided`."""

    method: str
    needed: str
    provided: str


def missing_scope(error: BaseException) -> MissingScope | None:
    """The permission Slack said was missing, when `error` is Slack's `missing_scope` answer."""
    if not isinstance(error, SlackApiError) or error.response.get("error") != "missing_scope":
        return None
    url = str(getattr(error.response, "api_url", "") or "")
    return MissingScope(
        method=url.rstrip("/").rsplit("/", 1)[-1] or "?",
        needed=str(error.response.get("needed") or "?"),
        provided=str(error.response.get("provided") or ""),
    )


def log_missing_scope(log: logging.Logger, missing: MissingScope) -> None:
    # A setup problem, not a bug: one line naming the scope, no trace.
    log.error(
        "Slack refused %s: the app lacks the %s scope (this workspace granted: %s). Add it to the "
        "app's bot scopes (manifest.yml) and reinstall the app in the workspace.",
        missing.method,
        missing.needed,
        missing.provided or "none",
    )


def missing_permission_message(missing: MissingScope) -> dict[str, Any]:
    text = escape_mrkdwn(PROBLEMS.missing_permission(missing.needed))
    return {"blocks": [b.section(text)], "text": text}
