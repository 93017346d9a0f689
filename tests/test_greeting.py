"""The greeting as the person chose it: first name, or title and surname (the title typed with
the name, or given on the first step). Unchosen, it follows how the name was typed."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.core.answers import SituationKey
from bot.core.draft_text import greeting_name
from bot.slack.ids import Callback
from bot.storage.models import Case
from tests.conftest import OWNER
from tests.flow import advance, start, typed_for
from tests.harness import Bot, find_block


@pytest.mark.parametrize(
    ("typed", "greet_by", "title", "greeting"),
    [
        ("Sam Harlow", None, None, "Sam"),
        ("dr amara okafor", None, None, "Dr Okafor"),
        ("Ms. Jess Harlow", None, None, "Ms Harlow"),
        ("jess harlow", "first_name", None, "Jess"),
        ("Dr Amara Okafor", "first_name", None, "Amara"),
        ("jess harlow", "title_surname", "ms.", "Ms Harlow"),
        ("Sam Harlow", "title_surname", "Mrs", "Mrs Harlow"),
        ("Sam van Harlow", "title_surname", " Prof ", "Prof Harlow"),
        ("Dr Amara Okafor", "title_surname", None, "Dr Okafor"),
        ("Dr Amara Okafor", "title_surname", "Ms", "Dr Okafor"),  # what was typed with the name wins
        ("Sam Harlow", "title_surname", None, "Sam"),  # no title anywhere: the flow refuses it
        ("Sam Harlow", "title_surname", "  ", "Sam"),
        ("Harlow", "title_surname", "Ms", "Ms Harlow"),
        ("", "title_surname", "Ms", ""),
    ],
)
def test_the_greeting_follows_the_choice(
    typed: str, greet_by: str | None, title: str | None, greeting: str
) -> None:
    assert greeting_name(typed, greet_by, title) == greeting


def test_greeting_by_title_and_surname_over_signed_requests(bot: Bot) -> None:
    situation = SituationKey.WE_END
    modal = start(bot, OWNER, "Harlow & Finch Ltd")
    assert find_block(modal.view, "greet_by")["optional"] is True
    assert [o["value"] for o in find_block(modal.view, "greet_by")["element"]["options"]] == [
        "first_name",
        "title_surname",
    ]
    refused = modal.submit(
        typed_for(modal, situation, {"contact_name": "Sam Harlow", "greet_by": "title_surname"})
    )
    assert refused.json["response_action"] == "errors"
    assert set(refused.json["errors"]) == {"greet_title"}
    assert "type their title" in refused.json["errors"]["greet_title"]
    assert modal.callback_id == Callback.STEP_SITUATION
    chosen = {"contact_name": "Sam Harlow", "greet_by": "title_surname", "greet_title": "ms"}
    while modal.callback_id != Callback.FLOW_DONE:
        advance(modal, situation, chosen)
    with bot.db.session() as session:
        case = session.scalars(select(Case)).one()
        answers, drafts = dict(case.answers), dict(case.drafts)
    assert answers["greet_by"] == "title_surname" and answers["greet_title"] == "ms"
    letters = {kind: text for kind, text in drafts.items() if kind != "talking_points"}
    assert {"confirmation", "thank_you_note", "close_out"} <= set(letters)
    for kind, text in letters.items():
        assert "Dear Ms Harlow," in text and "Dear Sam" not in text, kind
