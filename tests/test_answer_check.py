"""The answer check over answers typed the way people type: every rule, good and bad examples.
Each row: the field and situation, the text as typed, the text after the mechanical repairs, the
repairs made, the hints raised, and the suggested rewrite (None: none can be made, or no hint)."""

from __future__ import annotations

import pytest

from bot.core.answer_check import (
    LETTER_RULES,
    REFERRAL_RULES,
    HintCode,
    Reader,
    RepairCode,
    Role,
    Rules,
    check,
    rules_for,
    sentences,
)
from bot.core.answers import SituationKey as S

R = RepairCode
H = HintCode
WE, CAUSE, LEAVES, PRICE, SERVICE, HANDOVER = (
    S.WE_END,
    S.FOR_CAUSE,
    S.CLIENT_LEAVES,
    S.PRICE_CHANGE,
    S.SERVICE_CHANGE,
    S.HANDOVER,
)
READER = Reader("Jess Moran")

Row = tuple[str, S | None, str, str, set[RepairCode], set[HintCode], str | None]
ROWS: list[Row] = [
    # Names: capitals as a person writes them, closing punctuation, a role pasted in.
    ("contact_name", None, "amara", "Amara", {R.NAME_CAPITALS}, set(), None),
    ("contact_name", None, "sam harlow", "Sam Harlow", {R.NAME_CAPITALS}, set(), None),
    ("contact_name", None, "Sam Harlow", "Sam Harlow", set(), set(), None),
    ("contact_name", None, "sam o'neil-harlow", "Sam O'Neil-Harlow", {R.NAME_CAPITALS}, set(), None),
    ("contact_name", None, "ludo van der berg", "Ludo van der Berg", {R.NAME_CAPITALS}, set(), None),
    ("contact_name", None, "McKenzie", "McKenzie", set(), set(), None),
    ("contact_name", None, "Dr Amara Okafor.", "Dr Amara Okafor", {R.CLOSING_PUNCTUATION}, set(), None),
    ("contact_name", None, "  Jess   Moran ", "Jess Moran", {R.WHITESPACE}, set(), None),
    (
        "successor",
        HANDOVER,
        "Tom Reyes (our junior account manager)",
        "Tom Reyes (our junior account manager)",
        set(),
        {H.REPEATED_ROLE},
        "Tom Reyes",
    ),
    (
        "successor",
        HANDOVER,
        "tom reyes, account manager",
        "Tom Reyes, account manager",
        {R.NAME_CAPITALS},
        {H.REPEATED_ROLE},
        "Tom Reyes",
    ),
    # A clause is set inside a sentence: no closing stop.
    (
        "clause",
        CAUSE,
        "Clause 14.2 (material breach).",
        "Clause 14.2 (material breach)",
        {R.CLOSING_PUNCTUATION},
        set(),
        None,
    ),
    ("clause", CAUSE, "clause 9;", "clause 9", {R.CLOSING_PUNCTUATION}, set(), None),
    ("clause", CAUSE, "Clause 14.2", "Clause 14.2", set(), set(), None),
    ("clause", CAUSE, "clause ??", "clause ??", set(), {H.PLACEHOLDER}, None),
    # Said to them: punctuation, capitals and spaces repaired.
    (
        "reason",
        WE,
        "We are narrowing our practice to brand work..",
        "We are narrowing our practice to brand work.",
        {R.DOUBLED_PUNCTUATION},
        set(),
        None,
    ),
    (
        "reason",
        WE,
        "we are narrowing our practice ,, to brand work",
        "We are narrowing our practice, to brand work",
        {R.DOUBLED_PUNCTUATION, R.CAPITALS, R.WHITESPACE},
        set(),
        None,
    ),
    ("reason", WE, "We stop in March... sadly.", "We stop in March... sadly.", set(), set(), None),
    # A pause before a lowercase "and" carries the sentence on, rather than leaving "And ..." alone.
    (
        "appreciation",
        WE,
        "thank you for six good years together.. and for telling us early",
        "Thank you for six good years together, and for telling us early",
        {R.DOUBLED_PUNCTUATION, R.CAPITALS},
        set(),
        None,
    ),
    (
        "appreciation",
        WE,
        "thank you for six years.  it has been a joy",
        "Thank you for six years. It has been a joy",
        {R.WHITESPACE, R.CAPITALS},
        set(),
        None,
    ),
    (
        "appreciation",
        WE,
        "Thank you, e.g. for the spring campaign.",
        "Thank you, e.g. for the spring campaign.",
        set(),
        set(),
        None,
    ),
    # Third person about the reader, in text said or written to them.
    (
        "reason",
        CAUSE,
        "They have refused to pay invoices 1042 and 1057.",
        "They have refused to pay invoices 1042 and 1057.",
        set(),
        {H.THIRD_PERSON},
        "You have refused to pay invoices 1042 and 1057.",
    ),
    (
        "appreciation",
        WE,
        "We love working with Jess and the team.",
        "We love working with Jess and the team.",
        set(),
        {H.THIRD_PERSON},
        "We love working with you and your team.",
    ),
    (
        "appreciation",
        WE,
        "Thank them for their patience with us.",
        "Thank them for their patience with us.",
        set(),
        {H.THIRD_PERSON},
        "Thank you for your patience with us.",
    ),
    (
        "reason",
        WE,
        "We can no longer give your campaigns the attention they deserve.",
        "We can no longer give your campaigns the attention they deserve.",
        set(),
        set(),
        None,
    ),
    (
        "history",
        CAUSE,
        "We raised it on 3 Nov, and they promised to pay by 17 Nov.",
        "We raised it on 3 Nov, and they promised to pay by 17 Nov.",
        set(),
        {H.THIRD_PERSON},
        "We raised it on 3 Nov, and you promised to pay by 17 Nov.",
    ),
    ("reason", WE, "We will Willingly help.", "We will Willingly help.", set(), set(), None),
    # A note to self may speak of them.
    (
        "client_impact",
        WE,
        "they will need a new studio for the spring campaign",
        "They will need a new studio for the spring campaign",
        {R.CAPITALS},
        set(),
        None,
    ),
    (
        "reason",
        LEAVES,
        "They are bringing design in-house.",
        "They are bringing design in-house.",
        set(),
        set(),
        None,
    ),
    # Lowercase after a stop, and argument, in a formal notice.
    (
        "history",
        CAUSE,
        "We raised it on 5 Nov. they said the work was sub-standard which we reject.",
        "We raised it on 5 Nov. They said the work was sub-standard which we reject.",
        {R.CAPITALS},
        {H.THIRD_PERSON, H.ARGUMENT},
        "We raised it on 5 Nov. You said the work was sub-standard.",
    ),
    (
        "reason",
        CAUSE,
        "Invoice 1042 is 60 days overdue; your claim is baseless.",
        "Invoice 1042 is 60 days overdue; your claim is baseless.",
        set(),
        {H.ARGUMENT},
        "Invoice 1042 is 60 days overdue; your claim is.",
    ),
    (
        "reason",
        WE,
        "We reject the idea that this was sudden.",
        "We reject the idea that this was sudden.",
        set(),
        set(),
        None,
    ),
    (
        "reason",
        CAUSE,
        "Invoices 1042 and 1057, £8,400 in total, are 60 days overdue.",
        "Invoices 1042 and 1057, £8,400 in total, are 60 days overdue.",
        set(),
        set(),
        None,
    ),
    # A question pasted as a statement.
    (
        "options",
        PRICE,
        "Could we look at a 12-month deal at the old price instead?",
        "Could we look at a 12-month deal at the old price instead?",
        set(),
        {H.QUESTION},
        "We could look at a 12-month deal at the old price instead.",
    ),
    (
        "options",
        SERVICE,
        "What about a lighter monthly scope?",
        "What about a lighter monthly scope?",
        set(),
        {H.QUESTION},
        "We could offer a lighter monthly scope.",
    ),
    (
        "door_open",
        LEAVES,
        "Will you come back one day?",
        "Will you come back one day?",
        set(),
        {H.QUESTION},
        None,
    ),
    # A fragment.
    (
        "reason",
        WE,
        "Because we're winding down the retail practice.",
        "Because we're winding down the retail practice.",
        set(),
        {H.FRAGMENT},
        "We're winding down the retail practice.",
    ),
    ("reason", WE, "Due to rising costs.", "Due to rising costs.", set(), {H.FRAGMENT}, None),
    (
        "reason",
        WE,
        "Because our costs have risen, we are ending the retainer.",
        "Because our costs have risen, we are ending the retainer.",
        set(),
        set(),
        None,
    ),
    # More than the one or two sentences asked for.
    (
        "reason",
        WE,
        "We are narrowing our practice. It is our decision. We are sorry.",
        "We are narrowing our practice. It is our decision. We are sorry.",
        set(),
        {H.TOO_MANY_SENTENCES},
        "We are narrowing our practice. It is our decision.",
    ),
    (
        "reason",
        WE,
        "We are narrowing our practice. It is our decision.",
        "We are narrowing our practice. It is our decision.",
        set(),
        set(),
        None,
    ),
    # Placeholders and notes to self.
    ("reason", WE, "TBC", "TBC", set(), {H.PLACEHOLDER}, None),
    ("appreciation", WE, "Thank you for xxx.", "Thank you for xxx.", set(), {H.PLACEHOLDER}, None),
    (
        "reason",
        PRICE,
        "Our rate rises to £[…] a day.",
        "Our rate rises to £[…] a day.",
        set(),
        {H.PLACEHOLDER},
        None,
    ),
    (
        "options",
        PRICE,
        "ask Sarah what we can offer",
        "Ask Sarah what we can offer",
        {R.CAPITALS},
        {H.PLACEHOLDER},
        None,
    ),
    (
        "history",
        CAUSE,
        "We chased it on ?? November.",
        "We chased it on ?? November.",
        set(),
        {H.PLACEHOLDER},
        None,
    ),
    (
        "reason",
        SERVICE,
        "We will ask you for feedback first.",
        "We will ask you for feedback first.",
        set(),
        set(),
        None,
    ),
]


@pytest.mark.parametrize(("name", "situation", "typed", "text", "repairs", "hints", "suggestion"), ROWS)
def test_each_rule_on_loosely_typed_answers(
    name: str,
    situation: S | None,
    typed: str,
    text: str,
    repairs: set[RepairCode],
    hints: set[HintCode],
    suggestion: str | None,
) -> None:
    rules = rules_for(name, situation)
    assert rules is not None
    checked = check(typed, rules, READER)
    assert checked.text == text
    assert set(checked.repairs) == repairs
    assert {h.code for h in checked.hints} == hints
    assert next((h.suggestion for h in checked.hints if h.suggestion), None) == suggestion


REFERRALS = [
    ("Bright Studio, hello@bright.example", set()),
    ("North & Co <north@example.com>", set()),
    ("ask Sarah for the third name", {H.PLACEHOLDER}),
    ("TBD", {H.PLACEHOLDER}),
    ("<name>, <email>", {H.PLACEHOLDER}),
]


@pytest.mark.parametrize(("typed", "hints"), REFERRALS)
def test_a_note_to_self_is_not_a_referral(typed: str, hints: set[HintCode]) -> None:
    assert {h.code for h in check(typed, REFERRAL_RULES).hints} == hints


LETTERS = [
    ("Dear Sam,\n\nThank you.\n\nKind regards,\nAmara", set()),
    ("Dear Sam,\n\nThank you.\n\nKind regards,\n[your name]", {H.PLACEHOLDER}),
    ("Under clause 14.2 (material breach).. The termination", {H.LETTER_SLIP}),
    ("We met on 5 Nov. they said it was late.", {H.LETTER_SLIP}),
    ("Ask them to send anything new in writing.", set()),
    ("- bright studio, hello@bright.example", set()),
]


@pytest.mark.parametrize(("text", "hints"), LETTERS)
def test_an_edited_draft_is_checked_for_gaps_and_slips(text: str, hints: set[HintCode]) -> None:
    assert {h.code for h in check(text, LETTER_RULES).hints} == hints


def test_sentences_are_not_split_after_abbreviations() -> None:
    assert sentences("Thank you, e.g. for the briefs. We loved them.") == [
        "Thank you, e.g. for the briefs.",
        "We loved them.",
    ]
    assert sentences("Harlow & Co. Ltd. pays late. Always.") == ["Harlow & Co. Ltd. pays late.", "Always."]


def test_blank_text_is_left_alone() -> None:
    assert check("   ", Rules(Role.SAID)).hints == ()
    assert check(None, Rules(Role.SAID)).text == ""


def test_there_are_forty_cases_or_more() -> None:
    assert len(ROWS) + len(REFERRALS) + len(LETTERS) >= 40
