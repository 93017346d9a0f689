"""Driving the guided flow the way a person does in Slack's client."""

from __future__ import annotations

from typing import Any

from bot.core.answers import SituationKey
from bot.core.steps import StepId
from bot.slack.flow_views import CALLBACK_STEPS
from bot.slack.ids import Action, Callback
from tests.harness import Response, SlackRequests, find_action, state_from_view
from tests.situations import answers_for


class Modal:
    """One modal as Slack holds it: its id stays, its content changes with each update."""

    def __init__(self, bot: SlackRequests, view_id: str, user: str) -> None:
        self.bot = bot
        self.view_id = view_id
        self.user = user

    @classmethod
    def opened_by(cls, bot: SlackRequests, user: str) -> Modal:
        call = bot.fake.calls_to("views.open")[-1]
        view_id = next(
            v
            for v, view in bot.fake.views.items()
            if view["callback_id"] == call.args["view"]["callback_id"]
            and view["blocks"] == call.args["view"]["blocks"]
        )
        return cls(bot, view_id, user)

    @property
    def view(self) -> dict[str, Any]:
        return self.bot.fake.views[self.view_id]

    @property
    def callback_id(self) -> str:
        return self.view["callback_id"]

    @property
    def step(self) -> StepId | None:
        return CALLBACK_STEPS.get(self.callback_id)

    def submit(self, answers: dict[str, Any] | None = None) -> Response:
        response = self.bot.submit_view(self.view, state_from_view(self.view, answers), self.user)
        data = response.json if response.text else None
        if data and data.get("response_action") == "update":
            self.bot.fake.answer_submission(self.view_id, data)  # as Slack's client does
        return response

    def back(self, answers: dict[str, Any] | None = None) -> Response:
        _, element = find_action(self.view, Action.BACK)
        return self.bot.click(
            {
                "type": "button",
                "action_id": element["action_id"],
                "block_id": "flow_nav",
                "value": element.get("value"),
            },
            user=self.user,
            view=self.view,
            values=state_from_view(self.view, answers),
        )


def start(bot: SlackRequests, user: str, text: str = "Acme Ltd") -> Modal:
    response = bot.slash(text, user=user)
    assert response.status == 200, response.text
    return Modal.opened_by(bot, user)


def input_ids(view: dict[str, Any]) -> set[str]:
    return {b["block_id"] for b in view.get("blocks", []) if b.get("type") == "input"}


def typed_for(modal: Modal, situation: SituationKey, overrides: dict[str, Any]) -> dict[str, Any]:
    assert modal.step is not None, modal.callback_id
    present = input_ids(modal.view)
    typed = {k: v for k, v in answers_for(situation, modal.step).items() if k in present}
    return {**typed, **{k: v for k, v in overrides.items() if k in present}}


def advance(modal: Modal, situation: SituationKey, overrides: dict[str, Any]) -> Response:
    response = modal.submit(typed_for(modal, situation, overrides))
    assert response.status == 200, response.text
    assert (response.json or {}).get("response_action") == "update", response.text
    return response


def walk_to(
    bot: SlackRequests,
    user: str,
    step: StepId,
    client: str = "Acme Ltd",
    situation: SituationKey = SituationKey.WE_END,
    **overrides: Any,
) -> Modal:
    """Start a flow and answer every step before `step`."""
    modal = start(bot, user, client)
    while modal.step is not step:
        advance(modal, situation, overrides)
    return modal


def complete(
    bot: SlackRequests,
    user: str,
    client: str = "Acme Ltd",
    situation: SituationKey = SituationKey.WE_END,
    **overrides: Any,
) -> Modal:
    """Run every step of `situation` with its sample answers, `overrides` (by block id) typed over them."""
    modal = start(bot, user, client)
    while modal.callback_id != Callback.FLOW_DONE:
        advance(modal, situation, overrides)
    return modal


def complete_across(
    clients: list[SlackRequests],
    user: str,
    client: str = "Acme Ltd",
    situation: SituationKey = SituationKey.WE_END,
) -> Modal:
    """One flow whose steps land on each of `clients` (app instances, processes, connections) in turn."""
    modal = start(clients[0], user, client)
    turn = 1
    while modal.callback_id != Callback.FLOW_DONE:
        advance(Modal(clients[turn % len(clients)], modal.view_id, user), situation, {})
        turn += 1
    return modal
