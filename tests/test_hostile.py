"""Hostile or odd text is stored as typed and shown inert and intact everywhere; fuzzed requests never 5xx."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from bot.core.answers import SituationKey
from bot.core.steps import StepId
from bot.slack.ids import Action, Block, Callback
from bot.storage.models import Case, TeamMember
from tests.conftest import OWNER
from tests.flow import complete, start, typed_for, walk_to
from tests.harness import Bot, all_text, find_action, state_from_view

HOSTILE = [
    "<!channel> drop everything",
    "<!here|here> and <!everyone>",
    "@everyone @here @channel",
    "<@U0000000002> see this",
    "<https://evil.example|click me>",
    "Tom &amp; Jerry & <b>bold</b>",
    "emoji 🎉🙏 and ñ, 中文",
    "مرحبا بالعالم RTL \u202e reversed",
    "ctrl\u0007\u001b chars",
    "*bold* _it_ ~strike~ `code` ```block```",
]
LIVE_MENTION = re.compile(r"<(!channel|!here|!everyone|@U\w+|https?://[^>]*)[|>]")


def mrkdwn_strings(node: Any) -> list[str]:
    """Every mrkdwn text in a view or message, and a message's fallback `text` (plain_text is inert)."""
    found: list[str] = []
    if isinstance(node, dict):
        if node.get("type") == "mrkdwn" and isinstance(node.get("text"), str):
            found.append(node["text"])
        if node.get("type") == "message" and isinstance(node.get("text"), str):
            found.append(node["text"])
        for value in node.values():
            found += mrkdwn_strings(value)
    elif isinstance(node, list):
        for item in node:
            found += mrkdwn_strings(item)
    return found


def live_mentions(holder: dict[str, Any]) -> list[str]:
    """Mrkdwn that Slack would turn into a ping or a link."""
    return LIVE_MENTION.findall("\n".join(mrkdwn_strings(holder)))


def run_flow_with(bot: Bot, text: str) -> None:
    modal = start(bot, OWNER, text[:100])
    hostile = {
        "contact_name": text[:100],
        "reason": text[:1000],
        "client_impact": text,
        "appreciation": text,
        "referral_0": text[:300],
        "transition_notes": text,
        "stakeholder_notes": text[:1000],
    }
    while modal.callback_id != Callback.FLOW_DONE:
        typed = typed_for(modal, SituationKey.WE_END, hostile)
        response = modal.submit(typed)
        if response.json.get("response_action") == "errors":  # a wording hint: submitted again, kept
            response = modal.submit(typed)
        assert response.json.get("response_action") == "update", response.text
        assert not live_mentions(response.json["view"]), response.json["view"]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_stored_as_typed_and_shown_inert(bot: Bot, text: str) -> None:
    run_flow_with(bot, text)
    with bot.db.session() as session:
        case = session.scalars(select(Case)).one()
        assert case.client_name == text[:100].strip()
        assert (
            case.answers["reason"] == text[:1000]
            and case.answers["appreciation"] == text
            and case.answers["referrals"][0] == text[:300]
        )
        case_id = case.id
    # The DM, the Home tab, the case view and the export: everything the app shows.
    bot.event({"type": "app_home_opened", "user": OWNER, "channel": "D1", "tab": "home"})
    bot.click({"type": "button", "action_id": Action.OPEN_CASE, "block_id": "x", "value": str(case_id)})
    case_view = bot.fake.calls_to("views.open")[-1].args["view"]
    assert case_view["callback_id"] == Callback.CASE
    block, button = find_action(case_view, Action.EXPORT_CASE)
    bot.click(
        {
            "type": "button",
            "action_id": Action.EXPORT_CASE,
            "block_id": block["block_id"],
            "value": button["value"],
        },
        view=bot.fake.views[list(bot.fake.views)[-1]],
    )
    shown = [case_view, bot.fake.homes[OWNER], *bot.fake.dms_to(OWNER)]
    for holder in shown:
        assert not live_mentions(holder)
    for call in bot.fake.calls:
        assert "link_names" not in call.args
    if "&" in text:
        assert "&amp;" in all_text(case_view)


def test_three_thousand_character_answers_fit_everywhere(bot: Bot) -> None:
    long = ("word " * 600)[:3000]
    run_flow_with(bot, long)
    with bot.db.session() as session:
        case = session.scalars(select(Case)).one()
        assert case.answers["appreciation"] == long and case.answers["client_impact"] == long
    bot.click({"type": "button", "action_id": Action.OPEN_CASE, "block_id": "x", "value": str(case.id)})
    case_view = bot.fake.calls_to("views.open")[-1].args["view"]
    assert case_view["callback_id"] == Callback.CASE  # accepted by the fake, so within every limit
    assert "…" in json.dumps(case_view, ensure_ascii=False)


def test_mrkdwn_text_objects_that_echo_user_text_are_verbatim(bot: Bot) -> None:
    run_flow_with(bot, "@here hello")
    for view in bot.fake.views.values():
        for block in view.get("blocks", []):
            text = block.get("text")
            if isinstance(text, dict) and text.get("type") == "mrkdwn":
                assert text.get("verbatim") is True


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
ACTION_IDS = [a.value for a in Action] + ["unknown_action"]
CALLBACKS = [c.value for c in Callback] + ["unknown_callback"]


@st.composite
def payloads(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["block_actions", "view_submission", "view_closed", "shortcut", "weird"]))
    payload: dict[str, Any] = {
        "type": kind,
        "user": draw(st.one_of(st.just({"id": OWNER, "team_id": "T0001"}), json_values)),
        "team": draw(st.one_of(st.just({"id": "T0001"}), json_values)),
        "trigger_id": draw(st.one_of(st.text(max_size=20), st.none())),
    }
    if draw(st.booleans()):
        payload["actions"] = [
            {
                "action_id": draw(st.sampled_from(ACTION_IDS)),
                "block_id": draw(st.text(max_size=10)),
                "value": draw(st.one_of(st.text(max_size=12), st.integers(), st.none())),
                "selected_option": draw(json_values),
                "selected_options": draw(json_values),
            }
        ]
    if draw(st.booleans()):
        payload["view"] = {
            "id": "V1",
            "callback_id": draw(st.sampled_from(CALLBACKS)),
            "private_metadata": draw(
                st.one_of(st.text(max_size=30), st.just('{"draft":"x"}'), st.just('{"case": 1}'))
            ),
            "state": {"values": draw(json_values)},
            "blocks": draw(json_values),
        }
    if draw(st.booleans()):
        payload[draw(st.text(max_size=8))] = draw(json_values)
    return payload


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=payloads())
def test_fuzzed_interactions_never_get_a_5xx(bot: Bot, payload: dict[str, Any]) -> None:
    response = bot.post_payload(payload)
    assert response.status < 500, (payload, response.text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300), user=st.sampled_from([OWNER, "U0000000002", "", "nobody"]))
def test_fuzzed_slash_commands_never_get_a_5xx(bot: Bot, text: str, user: str) -> None:
    response = bot.slash(text, user=user)
    assert response.status < 500, response.text


# ---- text and ids no database keeps ---------------------------------------------------------------
UNSTORABLE = {"nul": "Acme\x00 Ltd", "lone surrogate": "Acme \ud800 Ltd"}
CANNOT_SAVE = "can't be saved"


@pytest.mark.parametrize("typed", UNSTORABLE.values(), ids=UNSTORABLE.keys())
def test_text_no_database_keeps_is_refused_inline_at_the_step_it_is_typed(bot: Bot, typed: str) -> None:
    modal = walk_to(bot, OWNER, StepId.SITUATION)
    response = modal.submit(
        {"client_name": typed, "contact_name": "Sam", "situation": "we_end", "tenure": "1"}
    )
    assert response.status == 200 and response.json["response_action"] == "errors", response.text
    assert CANNOT_SAVE in response.json["errors"]["client_name"]
    # A later step's answer too, and a referral's name.
    modal = walk_to(bot, OWNER, StepId.CHANGE)
    response = modal.submit(typed_for(modal, SituationKey.WE_END, {"reason": typed}))
    assert CANNOT_SAVE in response.json["errors"]["reason"], response.text
    modal = walk_to(bot, OWNER, StepId.ONWARD)
    response = modal.submit(typed_for(modal, SituationKey.WE_END, {"referral_0": typed}))
    assert CANNOT_SAVE in response.json["errors"][Block.REFERRAL_0], response.text
    with bot.db.session() as session:
        assert session.scalars(select(Case)).all() == []


LONG_ID = "U" + "0" * 40
BAD_IDS = {"over 32 characters": LONG_ID, "nul": "U000\x00001", "lone surrogate": "U000\ud800"}


@pytest.mark.parametrize("bad", BAD_IDS.values(), ids=BAD_IDS.keys())
def test_a_lead_form_naming_an_id_no_slack_user_has_is_refused_inline(bot: Bot, bad: str) -> None:
    bot.fake.add_user("U0000000A01", real_name="Ada Admin", is_admin=True)
    bot.fake.add_user("U0000000L01", real_name="Lee Lead")
    view = {"id": "VLEAD", "type": "modal", "callback_id": Callback.TEAM_LEAD, "private_metadata": ""}
    for lead, members in ((bad, [OWNER]), ("U0000000L01", [OWNER, bad])):
        values: dict[str, Any] = {
            Block.LEAD: {Action.INPUT: {"type": "users_select", "selected_user": lead}},
            Block.LEAD_MEMBERS: {Action.INPUT: {"type": "multi_users_select", "selected_users": members}},
        }
        response = bot.submit_view(view, values, "U0000000A01")
        assert response.status == 200 and response.json["response_action"] == "errors", response.text
    with bot.db.session() as session:
        assert session.scalars(select(TeamMember)).all() == []


def test_a_request_from_an_id_no_slack_user_has_is_refused_at_the_edge(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    """PostgreSQL keeps 32 characters of an id: a request from a longer one is refused before any
    form opens (its first answer would otherwise fail to save, with the generic apology)."""
    bot.fake.add_user(LONG_ID)
    assert bot.slash("Acme Ltd", user=LONG_ID).status == 200
    assert bot.fake.calls_to("views.open") == []
    response = bot.event({"type": "app_home_opened", "user": LONG_ID, "channel": "D1", "tab": "home"})
    assert response.status == 200 and LONG_ID not in bot.fake.homes
    assert "listener failed" not in caplog.text


@pytest.mark.parametrize("typed", UNSTORABLE.values(), ids=UNSTORABLE.keys())
def test_a_case_form_with_text_no_database_keeps_is_refused_inline(bot: Bot, typed: str) -> None:
    from tests.test_cases import click_in, open_from_home

    complete(bot, OWNER)
    click_in(bot, open_from_home(bot), Action.LOG_FEEDBACK)
    form = next(v for v in bot.fake.views.values() if v.get("callback_id") == Callback.FEEDBACK)
    for field, others in (("feedback_text", {}), ("feedback_concerns", {"feedback_text": "Calm"})):
        response = bot.submit_view(form, state_from_view(form, {**others, field: typed}))
        assert response.status == 200 and response.json["response_action"] == "errors", response.text
        assert CANNOT_SAVE in response.json["errors"][field]
    click_in(bot, open_from_home(bot), Action.EDIT_DRAFTS)
    form = next(v for v in bot.fake.views.values() if v.get("callback_id") == Callback.EDIT_DRAFTS)
    response = bot.submit_view(form, state_from_view(form, {"talking_points": f"Thank them. {typed}"}))
    assert response.status == 200 and response.json["response_action"] == "errors", response.text
    assert CANNOT_SAVE in response.json["errors"]["talking_points"]
    with bot.db.session() as session:
        case = session.scalars(select(Case)).one()
        assert case.client_feedback is None and "\x00" not in str(case.drafts)
