"""Each situation walked end to end over signed HTTP, as its owner would: the plan created, then
every draft read as it is shown in the case view, and the first reminders as they arrive."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from jinja2 import UndefinedError
from sqlalchemy import select

from bot import copydeck
from bot.app import build_sweeper_client
from bot.core.answers import SituationKey
from bot.reminders.sweeper import Sweeper
from bot.slack.ids import Action, Callback
from bot.storage.models import Case
from bot.text import TEMPLATES_DIR, situation_pieces, template_module
from tests.conftest import OWNER
from tests.flow import complete
from tests.harness import Bot, all_text, find_action

# An answer pasted into a sentence keeps its own capital ("because We are..."), or runs on into
# the next sentence without a stop ("...our best work Thank you").
MID_SENTENCE_CAPITAL = re.compile(
    r"\b(because|that|and|but|:) (We|They|Our|From|Thank)\b[^.“”]*$", re.MULTILINE
)
RUN_ON = re.compile(r"[a-z0-9] (Thank you|We|Our) [a-z]")


def case_view(bot: Bot) -> dict[str, object]:
    with bot.db.session() as session:
        case_id = session.scalars(select(Case.id)).one()
    bot.click({"type": "button", "action_id": Action.OPEN_CASE, "block_id": "x", "value": str(case_id)})
    view = bot.fake.calls_to("views.open")[-1].args["view"]
    assert view["callback_id"] == Callback.CASE
    return view


def drafts_in(view: dict[str, object]) -> list[str]:
    """Each draft as the case view quotes it (one string per draft, quote marks removed)."""
    drafts, current = [], []
    for line in all_text(view).splitlines():
        if line.startswith(">"):
            current.append(line[1:].replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))
        elif current:
            drafts.append("\n".join(current))
            current = []
    return drafts + (["\n".join(current)] if current else [])


@pytest.mark.parametrize("situation", list(SituationKey))
def test_each_situation_plans_and_drafts_what_fits_it(bot: Bot, situation: SituationKey) -> None:
    complete(bot, OWNER, "Harlow & Finch Ltd", situation)
    view = case_view(bot)
    text = all_text(view)
    letters = drafts_in(view)
    assert letters, text
    for letter in letters:
        assert letter.startswith("Subject: ")
        assert "Dear Sam," in letter  # the contact's name in the greeting
        assert letter.rstrip().endswith("Alex Morgan")  # the owner's name, from Slack, in the signature
        body = letter.split("\n", 1)[1]  # the subject line is a heading, not a sentence
        assert not MID_SENTENCE_CAPITAL.search(body), MID_SENTENCE_CAPITAL.search(body)
        assert not RUN_ON.search(body), RUN_ON.search(body)
    talking_points = [line for line in text.splitlines() if re.match(r"\d+\. ", line)]
    assert len(talking_points) >= 7
    everything = text + "\n" + "\n".join(letters)
    if situation in (SituationKey.PRICE_CHANGE, SituationKey.HANDOVER):
        # They stay: nobody is sent to "firms I trust", and nothing speaks of an ending.
        assert "Referral note" not in text and "trust to" not in everything
        assert "Ending well" not in everything and "relationship ends" not in everything.lower()
    if situation is SituationKey.FOR_CAUSE:
        assert "Written notice of termination" in text and "clause 14.2" in everything
        # The timeline names the formal notice, sent on the day of the conversation, and what
        # follows it: confirming it arrived, not a "written confirmation".
        conversation = re.search(r"\*The conversation:\* (.+)", text)
        notice = re.search(r"\*Formal written notice:\* (.+)", text)
        assert conversation and notice and notice.group(1) == conversation.group(1), text
        assert "*Receipt of the notice confirmed by:*" in text and "Written confirmation by" not in text
        assert "Thank them first" not in everything and "Thank you for" not in "".join(
            letters
        )  # no warm thanks
    else:
        assert "Formal written notice" not in text
    if situation is SituationKey.CLIENT_LEAVES:
        assert "Ask why" in everything and "Tell them by" not in text  # their notice, not ours
    if situation is SituationKey.HANDOVER:
        assert "Introducing Priya Shah" in everything and "Joint introduction" in text
    # The plan's summary DM names the situation's own heading.
    dm = all_text(bot.fake.dms_to(OWNER)[0])
    assert "Your plan is ready" in dm and "Harlow &amp; Finch Ltd" in dm


@pytest.mark.parametrize(
    "situation", [SituationKey.WE_END, SituationKey.FOR_CAUSE, SituationKey.CLIENT_LEAVES]
)
def test_the_conversation_day_dm_carries_the_talking_points_and_hard_reactions(
    bot: Bot, situation: SituationKey
) -> None:
    complete(bot, OWNER, "Harlow & Finch Ltd", situation)
    with bot.db.session() as session:
        day = session.scalars(select(Case.conversation_date)).one()
    from datetime import UTC, datetime, timedelta

    sweeper = Sweeper(bot.deps, build_sweeper_client(bot.deps))
    morning = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
    for days_before in range(3, -1, -1):  # a sweep each morning, as the running bot makes
        bot.clock.set(morning - timedelta(days=days_before))
        sweeper.sweep()
    dm = next(m for m in bot.fake.dms_to(OWNER) if "Today" in all_text(m))
    text = all_text(dm)
    assert "1. " in text and "If it gets hard" in text
    # One Done button, or one per item when the day has several (for cause: the formal notice too).
    buttons = {
        element["text"]["text"]
        for block in dm["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
        if element["action_id"] in (Action.REMINDER_DONE, Action.REMINDER_TICK)
    }
    expected = "Done: we talked" if situation is SituationKey.CLIENT_LEAVES else "Done: they know"
    assert expected in buttons, buttons


def test_a_client_who_leaves_is_planned_around_the_exit_conversation(bot: Bot) -> None:
    saved = all_text(complete(bot, OWNER, "Harlow & Finch Ltd", SituationKey.CLIENT_LEAVES).view)
    assert "on the day of the exit conversation" in saved and "notify-by" not in saved
    text = all_text(case_view(bot))
    # Nobody is "told" by us: colleagues hear they are leaving, before the exit conversation.
    assert "Before the exit conversation" in text and "before you tell" not in text.lower()
    assert "Tell the account team that Harlow & Finch Ltd is leaving" in text  # a plain-text option
    assert "Planning: exit conversation not held yet" in text
    assert "The exit conversation:" in text and "How you tell them" not in text
    assert "*The conversation:*" not in text and "*The conversation:*" not in saved  # timelines too


def test_handover_nudges_after_the_last_day_speak_of_it_in_the_past(bot: Bot) -> None:
    complete(bot, OWNER, "Harlow & Finch Ltd", SituationKey.CLIENT_LEAVES)
    with bot.db.session() as session:
        last_day = session.scalars(select(Case.effective_date)).one()
    view = case_view(bot)  # the exit conversation held: handover nudges wait for it
    block, button = find_action(view, Action.CLIENT_TOLD)
    told = {"type": "button", "action_id": Action.CLIENT_TOLD, "block_id": block["block_id"]}
    assert bot.click({**told, "value": button["value"]}, view=view).status == 200
    from datetime import UTC, datetime, timedelta

    sweeper = Sweeper(bot.deps, build_sweeper_client(bot.deps))
    morning = datetime(last_day.year, last_day.month, last_day.day, 9, tzinfo=UTC)
    for days in range(-1, 10):  # a sweep each morning, from the day before the last day
        bot.clock.set(morning + timedelta(days=days))
        sweeper.sweep()
    handover = [all_text(m) for m in bot.fake.dms_to(OWNER) if ":package:" in all_text(m)]
    assert len(handover) >= 2, handover
    assert "their last day is" in handover[0]
    assert "their last day was" in handover[-1] and "For a smooth handover" not in handover[-1]
    # What is past its day is not listed as still to do "by" a day gone by.
    assert "Past their day and not marked done: Send handover notes on the work in progress" in handover[1]
    assert not [m for m in handover[1:] if "(by Fri 12 Feb)" in m], handover
    # Before their last day they are not yet "former" clients.
    concerns = [all_text(m) for m in bot.fake.dms_to(OWNER) if ":handshake:" in all_text(m)]
    assert concerns and "Unhappy clients talk" in concerns[0] and "former" not in concerns[0]


@pytest.mark.parametrize("former", [False, True])
def test_for_cause_asks_for_answers_in_writing_where_the_others_work_it_out(former: bool) -> None:
    """Money owed or staff abused: the concerns DM does not send the owner back to negotiate."""
    lines = {
        key: str(template_module(f"situations/{key.value}.md.j2").resolve_concerns_line("Acme", former))
        for key in SituationKey
    }
    cause = lines.pop(SituationKey.FOR_CAUSE)
    assert "Reply in writing" in cause and "without your manager" in cause and "settled" not in cause
    for key, line in lines.items():
        assert "work with them until each is settled" in line, key
        assert ("Unhappy former clients talk" in line) is former, key


SHARED_TEMPLATES = sorted(
    [p for p in TEMPLATES_DIR.glob("*.j2")] + list((TEMPLATES_DIR / "situations").glob("common.*.j2"))
)
# A shared template that compares the situation's key ("situation == 'handover'", "in (...)").
KEY_TEST = re.compile(r"situation\s*(==|!=|\bin\s*[(\[])")
PIECE_CALL = re.compile(r"\b(?:own\([^)]*\)|words)\.(\w+)\(")


@pytest.mark.parametrize("situation", list(SituationKey))
def test_each_situation_defines_every_piece_the_shared_templates_call(situation: SituationKey) -> None:
    for suffix, pieces in copydeck.SHARED_PIECES.items():
        own = template_module(copydeck.situation_template(situation, suffix))
        missing = [piece for piece in pieces if not hasattr(own, piece)]
        assert not missing, (situation, suffix, missing)


def test_shared_templates_call_pieces_by_name_and_never_test_the_situation() -> None:
    registered = {piece for pieces in copydeck.SHARED_PIECES.values() for piece in pieces}
    for path in SHARED_TEMPLATES:
        source = path.read_text()
        assert not KEY_TEST.search(source), (path.name, KEY_TEST.search(source))
        unregistered = set(PIECE_CALL.findall(source)) - registered
        assert not unregistered, (path.name, unregistered)
    assert any(PIECE_CALL.search(path.read_text()) for path in SHARED_TEMPLATES)


def test_a_piece_a_situation_lacks_is_an_error_not_generic_words() -> None:
    with pytest.raises(UndefinedError, match="no piece 'not_a_piece'"):
        getattr(situation_pieces(SituationKey.WE_END.value, False), "not_a_piece")  # noqa: B009


def test_names_typed_under_who_else_needs_to_know_are_briefed_and_nudged(bot: Bot) -> None:
    from datetime import UTC, datetime

    complete(bot, OWNER, "Harlow & Finch Ltd", stakeholder_notes="Sarah Khan in finance, and Tom from ops.")
    with bot.db.session() as session:
        case = session.scalars(select(Case)).one()
        titles = {item.key: item.title for item in case.items}
        day = case.conversation_date
    assert titles["brief_others"] == "Also brief: Sarah Khan in finance, and Tom from ops."
    assert "Also brief: Sarah Khan" in all_text(case_view(bot))
    briefing_day = datetime(day.year, day.month, day.day, 9, tzinfo=UTC) - timedelta(days=1)
    bot.clock.set(briefing_day)
    Sweeper(bot.deps, build_sweeper_client(bot.deps)).sweep()
    dm = next(m for m in bot.fake.dms_to(OWNER) if "brief the people" in all_text(m))
    assert "Also brief: Sarah Khan in finance, and Tom from ops." in all_text(dm)
