"""Driving the guided flow the way a person does in Slack's client."""

from __future__ import annotations

from typing import Any

from bot.slack.ids import Action
from tests.harness import Response, SlackRequests, find_action, state_from_view

CHANGE = {
    "change_kind": "ending",
    "reason": "We are closing our design practice at the end of February.",
    "effective_date": "2027-02-26",
    "contract_notice_days": "20",
    "tenure": "3",
}
CONVERSATION = {
    "method": "phone",
    "conversation_time": "10:30",
    "client_impact": "They will need a new studio for the spring campaign.",
    "appreciation": "Six years of trust, and the best briefs we ever had.",
}
REFERRALS = {
    "referral_0": "Bright Studio, hello@bright.example",
    "referral_1": "North & Co <north@example.com>",
}


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

    def submit(self, answers: dict[str, Any] | None = None) -> Response:
        response = self.bot.submit_view(self.view, state_from_view(self.view, answers), self.user)
        data = response.json if response.text else None
        if data and data.get("response_action") == "update":
            current = self.bot.fake.views[self.view_id]
            self.bot.fake.views[self.view_id] = {
                **data["view"],
                "id": self.view_id,
                "hash": current["hash"] + "u",
                "state": {"values": {}},
            }
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


def complete(bot: SlackRequests, user: str, client: str = "Acme Ltd", **overrides: Any) -> Modal:
    """Run every step with sensible answers; `overrides` (by block id) are typed over them."""
    modal = start(bot, user, client)
    for answers in (CHANGE, {}, CONVERSATION, REFERRALS, {}):
        present = input_ids(modal.view)
        typed = {**answers, **{k: v for k, v in overrides.items() if k in present}}
        response = modal.submit(typed)
        assert response.status == 200, response.text
        assert (response.json or {}).get("response_action") == "update", response.text
    return modal
