"""Words a person reads as Slack shows them: labels that Slack does not double, and help that says
who sees a case."""

from __future__ import annotations

from typing import Any

import pytest

from bot.core.answers import SituationKey
from bot.slack.ids import Callback
from tests.conftest import OWNER
from tests.flow import advance, start
from tests.harness import Bot, all_text


def input_labels(view: dict[str, Any]) -> list[str]:
    return [b["label"]["text"] for b in view.get("blocks", []) if b.get("type") == "input"]


@pytest.mark.parametrize("situation", list(SituationKey))
def test_no_label_says_optional_as_slack_adds_it_to_optional_inputs(
    bot: Bot, situation: SituationKey
) -> None:
    modal = start(bot, OWNER, "Harlow & Finch Ltd")
    labels: list[str] = []
    while modal.callback_id != Callback.FLOW_DONE:
        labels += input_labels(modal.view)
        advance(modal, situation, {})
    assert labels
    assert [label for label in labels if "optional" in label.lower()] == []


def test_help_says_who_sees_a_case(bot: Bot) -> None:
    text = all_text(bot.slash("help").json)
    assert "Only you see your cases" not in text
    assert "share it with your team lead" in text and "read-only" in text
