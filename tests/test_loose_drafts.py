"""Every draft of every situation, rendered from answers typed loosely (tests/loose_cases.py) and
read as the person who receives it: no sentence starting in lowercase, no "..", no third person
about the reader, no question pasted as a statement, no placeholder or note to self.

docs/drafts-from-loose-typing.md shows each case (answers as typed, the hints the person saw,
the drafts as rendered); this test fails when it is out of date. Rewrite it with
REGENERATE_DOCS=1."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pytest

from bot.core.answer_check import PLACEHOLDERS, Reader, check, rules_for, sentences
from bot.core.answers import Answers, SituationKey
from bot.core.calendar import WorkCalendar
from bot.core.draft_text import said
from bot.core.drafts import Signature
from bot.core.kinds import DraftKind
from bot.core.plan import build_plan
from bot.core.situations import SITUATIONS
from bot.drafting import final_drafts
from tests.loose_cases import TYPED, typed_answers, walk

TODAY = date(2026, 12, 1)
DOC = Path(__file__).resolve().parents[1] / "docs" / "drafts-from-loose-typing.md"
SIGNATURE = Signature("Amara Okafor")
QUOTE = re.compile(r"“([^”]*)”")


def drafts_of(a: Answers) -> dict[DraftKind, str]:
    return final_drafts(a, build_plan(a, TODAY, WorkCalendar()), SIGNATURE)


def letter_sentences(text: str) -> list[str]:
    out: list[str] = []
    for line in text.splitlines():
        line = line.strip().removeprefix("- ").removeprefix("Subject: ")
        out += sentences(line)
    return out


def said_to_them(kind: DraftKind, text: str, a: Answers) -> list[str]:
    """What the reader hears or reads: a letter whole, but from the talking points only the
    quoted answers meant for them (not the owner's notes quoted back to them)."""
    if kind is not DraftKind.TALKING_POINTS:
        return [s for s in letter_sentences(text) if not s.startswith("Dear ")]
    notes = {said(a.client_impact)} | (
        {said(a.reason)} if a.situation is SituationKey.CLIENT_LEAVES else set()
    )
    return [q for q in QUOTE.findall(text) if q not in notes]


@pytest.mark.parametrize("situation", list(SituationKey))
def test_every_draft_reads_as_a_finished_letter(situation: SituationKey) -> None:
    walked = walk(situation)
    a = walked.answers
    drafts = drafts_of(a)
    assert set(drafts) >= set(SITUATIONS[situation].drafts) - {
        DraftKind.REFERRAL_NOTE,
        DraftKind.INTRODUCTION,
    }
    reader = Reader(a.contact_name)
    formal = rules_for("reason", situation)
    assert formal is not None
    for kind, text in drafts.items():
        for sentence in letter_sentences(text):
            assert not sentence[:1].islower(), (kind, sentence)
        assert not re.search(r"(?<!\.)\.\.(?!\.)", text), (kind, text)
        assert not PLACEHOLDERS.search(text), (kind, PLACEHOLDERS.search(text))
        assert "ask Sarah" not in text
        for sentence in said_to_them(kind, text, a):
            hints = {h.code.value for h in check(sentence, formal.__class__(formal.role), reader).hints}
            assert "third_person" not in hints, (kind, sentence)
            assert "?" not in sentence, (kind, sentence)
        if kind is not DraftKind.TALKING_POINTS:
            assert text.count("Dear ") == 1 and "Dear Jess," in text, text
            assert re.match(r"Subject: [^\n]+\n\nDear Jess,\n\n", text), (kind, text[:120])
            # A paragraph ends in a blank line; only list items follow one another directly.
            seam = re.search(r"[.!?]\n(?!- |\n)[^\n]+", text)
            assert not seam, (kind, seam.group() if seam else "")


def test_the_greeting_follows_how_the_name_was_typed() -> None:
    a = walk(SituationKey.WE_END).answers
    for typed, greeting in (
        ("amara", "Dear Amara,"),
        ("Dr Amara Okafor", "Dear Dr Okafor,"),
        ("ms. harlow", "Dear Ms Harlow,"),
    ):
        a.contact_name = typed
        assert greeting in drafts_of(a)[DraftKind.CONFIRMATION]


def test_one_referral_is_written_of_in_the_singular_and_a_note_to_self_is_not_listed() -> None:
    note = drafts_of(walk(SituationKey.WE_END).answers)[DraftKind.REFERRAL_NOTE]
    assert "here is someone I trust" in note and "here are people" not in note
    assert "- Bright Studio, hello@bright.example" in note and "Sarah" not in note  # typed all lowercase
    assert note.startswith("Subject: Someone I trust to help you\n")
    for situation in SituationKey:  # one referral each: no letter speaks of several
        referral = drafts_of(walk(situation).answers).get(DraftKind.REFERRAL_NOTE, "")
        assert not re.search(r"\b(?:people|firms|names)\b", referral, re.I), referral
    points = drafts_of(walk(SituationKey.WE_END).answers)[DraftKind.TALKING_POINTS]
    assert "send one alternative you trust" in points
    confirmation = drafts_of(walk(SituationKey.WE_END).answers)[DraftKind.CONFIRMATION]
    assert "the name of someone I trust to carry on this work, by Friday 15 January 2027." in confirmation
    assert "short list" not in confirmation


def test_a_role_typed_beside_the_successor_is_shown_once_per_letter() -> None:
    drafts = drafts_of(walk(SituationKey.HANDOVER).answers)  # the role kept after the hint
    for kind in (DraftKind.CONFIRMATION, DraftKind.INTRODUCTION):
        assert drafts[kind].count("our junior account manager") == 1, drafts[kind]
        assert "Tom Reyes, our junior account manager," in drafts[kind]
    assert "(our junior account manager)" not in "".join(drafts.values())
    assert "Subject: Introducing Tom Reyes\n" in drafts[DraftKind.INTRODUCTION]


def test_a_handover_promises_nothing_of_an_ending() -> None:
    """The client stays: nothing is returned to them and no invoice is their last."""
    drafts = drafts_of(walk(SituationKey.HANDOVER).answers)  # returning data and final invoice ticked
    for kind, text in drafts.items():
        assert "final invoice" not in text and "returned" not in text, (kind, text)
    assert (
        "a clear invoice for the work up to the handover by Friday 26 February."
        in drafts[DraftKind.TALKING_POINTS]
    )


def test_a_service_change_sends_no_final_invoice() -> None:
    """The rest of the work carries on: an invoice ticked for it is for the part that stops."""
    drafts = drafts_of(walk(SituationKey.SERVICE_CHANGE).answers)
    for kind, text in drafts.items():
        assert "final invoice" not in text, (kind, text)
    assert "invoice for this part of the work by Friday 26 February 2027." in drafts[DraftKind.CONFIRMATION]


@pytest.mark.parametrize("situation", list(SituationKey))
def test_a_thank_you_note_says_thank_you_once(situation: SituationKey) -> None:
    """Their own words often begin "Thank you for…": the opening then does not say it as well."""
    a = walk(situation).answers
    for appreciation in (a.appreciation, "thank you for six good years", "We value working with you."):
        a.appreciation = appreciation
        note = drafts_of(a).get(DraftKind.THANK_YOU_NOTE)
        if note is not None:
            body = note.split("\n", 1)[1]
            assert len(re.findall(r"\bthank you\b", body, re.I)) == 1, note


def test_a_clause_typed_with_a_full_stop_reads_once_in_the_notice() -> None:
    notice = drafts_of(walk(SituationKey.FOR_CAUSE).answers)[DraftKind.CONFIRMATION]
    assert "Subject: Notice of termination under clause 14.2 (material breach)\n" in notice
    assert "under clause 14.2 (material breach). The termination" in notice
    assert "decision for the following reason. You have refused to pay" in notice
    assert ": You" not in notice
    assert "- The disputed balance: please contact us by Tuesday 19 January 2027" in notice
    for kind, text in drafts_of(walk(SituationKey.FOR_CAUSE).answers).items():
        assert "outstanding balance" not in text, (kind, text)  # it is disputed, and called so
    close_out = drafts_of(walk(SituationKey.FOR_CAUSE).answers)[DraftKind.CLOSE_OUT]
    assert "balance: this remains open" in close_out  # disputed: so the letter calls nothing "were open"
    assert "were open" not in close_out and "where the matters between us now stand:" in close_out


def test_answers_saved_before_the_check_still_draft_cleanly() -> None:
    """Stored answers never passed through the check: the drafting repairs what is mechanical."""
    a = typed_answers(SituationKey.FOR_CAUSE)
    drafts = drafts_of(a)
    for kind, text in drafts.items():
        assert not re.search(r"(?<!\.)\.\.(?!\.)", text), (kind, text)
        for sentence in letter_sentences(text):
            assert not sentence[:1].islower(), (kind, sentence)


def render_doc() -> str:
    parts = [
        "# Drafts from loosely typed answers",
        "",
        "One case per situation, typed the way people type. For each: the answers as typed, the",
        "hints the person saw in the flow (each answered by taking the suggested rewrite, typing",
        "new words where none was offered, or keeping the text), and every draft as rendered.",
        "Regenerated by `REGENERATE_DOCS=1 pytest tests/test_loose_drafts.py`; the test fails",
        "when this page is out of date.",
    ]
    for situation in SituationKey:
        walked = walk(situation)
        parts += ["", f"## {situation.value}", "", "Typed:", ""]
        typed = {"contact_name": "jess moran", **TYPED[situation]}
        parts += [f"- `{name}`: {value!r}" for name, value in typed.items()]
        parts += ["", "Hints shown:", ""]
        parts += [f"- `{name}`: {message}" for name, message in walked.hints] or ["- none"]
        for kind, text in drafts_of(walked.answers).items():
            parts += ["", f"### {kind.value}", "", "```text", text, "```"]
    return "\n".join(parts) + "\n"


def test_the_documented_cases_are_current() -> None:
    text = render_doc()
    if os.environ.get("REGENERATE_DOCS"):
        DOC.write_text(text, encoding="utf-8")
    # Blank lines aside: the page is for reading the words, which is what must stay current.
    assert _lines(DOC.read_text(encoding="utf-8")) == _lines(text), "run with REGENERATE_DOCS=1"


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]
