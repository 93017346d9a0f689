"""The benchmark walks the product's own flow: its step list and names come from the situation it
walks, and what it types at each step takes a person from /end-client to a plan."""

from __future__ import annotations

from bench.__main__ import STEP_NAMES, WALKED, flow_answers
from bot.slack.flow_views import CALLBACK_STEPS, opening_view
from bot.slack.ids import Callback
from tests.conftest import OWNER
from tests.harness import Bot, Clock, state_from_view


def test_the_bench_walks_the_products_steps_to_a_plan(bot: Bot, clock: Clock) -> None:
    typed = flow_answers(clock().date())
    assert len(typed) == len(STEP_NAMES) == len(WALKED.steps)
    assert bot.slash("Acme Ltd", user=OWNER).status == 200  # as the bench starts: the bot learns the name
    view = opening_view("Acme Ltd")
    for step, answers in zip(WALKED.steps, typed, strict=True):
        assert CALLBACK_STEPS[view["callback_id"]] is step  # the product draws the step the bench types for
        reply = bot.submit_view(view, state_from_view(view, answers), OWNER)
        assert reply.json.get("response_action") == "update", reply.text
        view = reply.json["view"]
    assert view["callback_id"] == Callback.FLOW_DONE
