"""One case per situation typed the way people type: lowercase names, closing full stops, notes in
the third person, a question, a fragment, a placeholder, one referral. `walk` passes each step
through the answer check as the flow does, and answers each hint as a person would: takes the
suggested rewrite where one is offered, types the words given in THEN, or keeps the text."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.copydeck import PROBLEMS
from bot.core.answers import (
    Answers,
    Balance,
    CauseKind,
    Method,
    NoticeUnit,
    Seniority,
    SituationKey,
    Tenure,
    TransitionNeed,
    WorkProduct,
)
from bot.core.situations import SITUATIONS, keep_asked
from bot.core.step_check import check_step

S = SituationKey

COMMON: dict[str, Any] = {
    "client_name": "Harlow & Finch Ltd",
    "contact_name": "jess moran",
    "tenure": Tenure.OVER_FIVE,
    "effective_date": date(2027, 2, 26),
    "contract_notice_amount": 30,
    "contract_notice_unit": NoticeUnit.CALENDAR_DAYS,
    "notify_by": date(2027, 1, 15),
    "method": Method.PHONE,
    "conversation_date": date(2027, 1, 12),
    "intro_date": date(2027, 1, 14),
    "transition_needs": [
        TransitionNeed.HANDOVER_NOTES,
        TransitionNeed.RETURN_DATA,
        TransitionNeed.FINAL_INVOICE,
    ],
}

TYPED: dict[SituationKey, dict[str, Any]] = {
    S.WE_END: {
        "reason": "Because we're winding down the retail practice..",
        "client_impact": "they will need a new studio for the spring campaign",
        "appreciation": "We love working with Jess and the team.",
        "referrals": ["bright studio, hello@bright.example", "ask Sarah for the third name"],
        "transition_notes": "we will send the brand files by 5 Feb. the print archive follows.",
    },
    S.FOR_CAUSE: {
        "reason": "They have refused to pay invoices 1042 and 1057 (£14,250 in total).",
        "clause": "clause 14.2 (material breach).",
        "cause_kind": CauseKind.NON_PAYMENT,
        "balance": Balance.DISPUTED,
        "work_product": WorkProduct.AS_CONTRACT,
        "serve_notice": "recorded post to the registered office, clause 21.1.",
        "client_impact": "their campaign work stops on 26 February",
        "history": "We raised it on 5 Nov. they said the work was sub-standard which we reject.",
        "referrals": ["north & co <north@example.com>"],
        "transition_needs": [TransitionNeed.RETURN_DATA, TransitionNeed.OUTSTANDING_BALANCE],
    },
    S.CLIENT_LEAVES: {
        "reason": "they're bringing design in-house.",
        "client_impact": "a clean handover of the brand files to their new team.",
        "appreciation": "thank you for six good years together.. and for telling us early",
        "door_open": "Could we stay in touch for future projects?",
        "referrals": ["TBC"],
    },
    S.PRICE_CHANGE: {
        "reason": "from 26 february our day rate rises from £650 to £720.  our costs have risen",
        "client_impact": "the new rate lands in a budget their board approves in January",
        "appreciation": "We really value working with Jess.",
        "options": "Could we look at a 12-month deal at the old price instead?",
        "referrals": ["loud social, team@loud.example"],
    },
    S.SERVICE_CHANGE: {
        "reason": "from 26 february we will no longer run their social media accounts.",
        "client_impact": "someone will have to post for them every day",
        "appreciation": "We value working with you, and want the rest of our work to stay excellent.",
        "options": "TBC",
        "referrals": ["Loud Social, team@loud.example"],
    },
    S.HANDOVER: {
        "successor": "tom reyes (our junior account manager)",
        "successor_seniority": Seniority.JUNIOR,
        "sponsor": "dana whitfield (our managing director)",
        "reason": "i am moving to lead our new healthcare practice.",
        "client_impact": "they'll worry about explaining everything again",
        "appreciation": "thank you for trusting me with your brand for fourteen years..",
    },
}
KEEP = "keep as typed"
# What the person did instead of taking a hint's rewrite: typed new words, or kept their own.
THEN: dict[SituationKey, dict[str, str]] = {
    S.SERVICE_CHANGE: {
        "options": "We will hand the accounts over with a full playbook and a month of support."
    },
    S.HANDOVER: {"successor": KEEP},
}


@dataclass
class Walked:
    typed: Answers
    hints: list[tuple[str, str]] = field(default_factory=list)  # (field, message as shown)
    answers: Answers = field(default_factory=Answers)


def typed_answers(situation: SituationKey) -> Answers:
    return keep_asked(Answers(situation=situation, **{**COMMON, **TYPED[situation]}), SITUATIONS[situation])


def walk(situation: SituationKey) -> Walked:
    """Each step as the flow checks it, each hint answered as a person would."""
    a = typed_answers(situation)
    walked = Walked(typed=a)
    for step in SITUATIONS[situation].steps:
        checked = check_step(step, a)  # the flow stores the text as typed; the drafts repair it
        if not checked.hints:
            continue
        problems = checked.problems
        for name, problem in problems.items():
            walked.hints.append((name, PROBLEMS.message(name, problem.code.value, problem.values)))
            instead = THEN.get(situation, {}).get(name) or problem.values.get("suggestion")
            if instead and instead != KEEP and not name.startswith("referral_"):
                setattr(a, name, instead)
        a = check_step(step, a).kept()  # what is left is kept as typed (submitted again)
        assert not check_step(step, a).hints, (situation, step)
    walked.answers = a
    return walked
