"""The close-out letter states nothing the plan does not hold: for cause, their work and the
balance follow the terms the owner chose while money is owed, and after conduct towards staff it
offers no meetings; a client who leaves on short notice reads what was decided about the notice
they do not serve. Each combination rendered from the drafts as the case would store them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from bot.core.answers import (
    Answers,
    Balance,
    CauseKind,
    NoticeUnit,
    SituationKey,
    TransitionNeed,
    UnservedNotice,
    WorkProduct,
)
from bot.core.calendar import WorkCalendar
from bot.core.drafts import Signature
from bot.core.kinds import DraftKind
from bot.core.plan import PlanWarning, build_plan
from bot.drafting import final_drafts
from tests.loose_cases import typed_answers

TODAY = date(2026, 12, 1)
RETURNED = "we have returned them to you"
NEEDS = [
    TransitionNeed.RETURN_DATA,
    TransitionNeed.ACCESS,
    TransitionNeed.FINAL_INVOICE,
    TransitionNeed.OUTSTANDING_BALANCE,
]


def close_out(a: Answers) -> str:
    plan = build_plan(a, TODAY, WorkCalendar())
    return final_drafts(a, plan, Signature("Amara Okafor"))[DraftKind.CLOSE_OUT]


def for_cause(
    balance: Balance, terms: WorkProduct | None, cause: CauseKind = CauseKind.NON_PAYMENT
) -> Answers:
    a = typed_answers(SituationKey.FOR_CAUSE)
    return replace(a, transition_needs=NEEDS, balance=balance, work_product=terms, cause_kind=cause)


OWED = [
    (balance, terms, words)
    for balance in (Balance.OUTSTANDING, Balance.DISPUTED)
    for terms, words in (
        (
            WorkProduct.ON_PAYMENT,
            "Your own data and files: we have returned them to you. The work we produced for you: we"
            " will release it once the outstanding balance has been settled",
        ),
        (
            WorkProduct.AS_CONTRACT,
            "Your data, files and assets: these will be dealt with as the agreement provides",
        ),
    )
]


@pytest.mark.parametrize("cause", [CauseKind.NON_PAYMENT, CauseKind.CONDUCT])
@pytest.mark.parametrize(("balance", "terms", "words"), OWED)
def test_while_money_is_owed_their_work_follows_the_terms_chosen(
    cause: CauseKind, balance: Balance, terms: WorkProduct, words: str
) -> None:
    text = close_out(for_cause(balance, terms, cause))
    assert "delete our copies" not in text  # the work is kept until the terms are met
    if terms is WorkProduct.AS_CONTRACT:
        assert RETURNED not in text
    assert f"{words}." in text
    assert "settled as we agreed" not in text
    owed = "outstanding" if balance is Balance.OUTSTANDING else "disputed"
    assert f"The {owed} balance: this remains open" in text
    assert "Final invoice: sent." in text and "Access and accounts:" in text


@pytest.mark.parametrize("balance", [Balance.OUTSTANDING, Balance.DISPUTED])
def test_work_returned_regardless_is_said_returned(balance: Balance) -> None:
    text = close_out(for_cause(balance, WorkProduct.REGARDLESS))
    assert f"Your data, files and assets: {RETURNED}" in text
    assert "settled as we agreed" not in text


def test_with_nothing_owed_the_letter_confirms_what_was_done() -> None:
    text = close_out(for_cause(Balance.NONE, None))
    assert f"Your data, files and assets: {RETURNED}" in text
    # Deleting copies is a promise, not a fact the owner ticked.
    assert "will delete our copies except what the law requires us to keep" in text
    assert "deleted our copies" not in text


@pytest.mark.parametrize(("balance", "terms"), [(b, t) for b, t, _ in OWED] + [(Balance.NONE, None)])
def test_after_conduct_towards_staff_the_letter_offers_no_meeting(
    balance: Balance, terms: WorkProduct | None
) -> None:
    text = close_out(for_cause(balance, terms, CauseKind.CONDUCT))
    for promise in ("meet", "call", "talk", "discuss", "reply with a time", "in person"):
        assert promise not in text.lower(), promise
    assert "please address any further communication to me, in writing" in text


def leaves(unserved: UnservedNotice | None) -> Answers:
    """Told on 12 February of a last day on 26 February, against three months' notice."""
    a = typed_answers(SituationKey.CLIENT_LEAVES)
    return replace(
        a,
        contract_notice_amount=3,
        contract_notice_unit=NoticeUnit.MONTHS,
        heard_on=date(2027, 2, 12),
        notify_by=date(2027, 2, 12),
        conversation_date=date(2027, 2, 16),
        unserved_notice=unserved,
        transition_needs=[TransitionNeed.RETURN_DATA, TransitionNeed.FINAL_INVOICE],
    )


@pytest.mark.parametrize(
    ("unserved", "words", "not_said"),
    [
        (
            UnservedNotice.INVOICE,
            "- The notice period not served: included in the final invoice, as the agreement provides.",
            "waive",
        ),
        (
            UnservedNotice.WAIVE,
            "- The notice period not served: waived, as we agreed. The final invoice does not include it.",
            "included in the final invoice",
        ),
        (None, None, "notice period not served"),
    ],
)
def test_a_client_leaving_on_short_notice_reads_what_was_decided(
    unserved: UnservedNotice | None, words: str | None, not_said: str
) -> None:
    a = leaves(unserved)
    assert PlanWarning.THEIR_NOTICE_SHORT in build_plan(a, TODAY, WorkCalendar()).warnings
    text = close_out(a)
    if words:
        assert words in text
    assert not_said not in text
    assert "Final invoice: sent." in text


def test_a_client_leaving_on_full_notice_reads_nothing_about_unserved_notice() -> None:
    a = replace(typed_answers(SituationKey.CLIENT_LEAVES), unserved_notice=UnservedNotice.INVOICE)
    assert PlanWarning.THEIR_NOTICE_SHORT not in build_plan(a, TODAY, WorkCalendar()).warnings
    assert "notice period not served" not in close_out(a)
