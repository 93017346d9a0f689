"""Realistic answers for each situation, typed step by step as a person would (by block id).
START is Tuesday 1 December 2026; every situation's case takes effect on Friday 26 February 2027."""

from __future__ import annotations

from typing import Any

from bot.core.answers import SituationKey
from bot.core.steps import StepId

COMMON: dict[StepId, dict[str, Any]] = {
    StepId.SITUATION: {"contact_name": "Sam Harlow", "tenure": "6"},
    StepId.CHANGE: {
        "effective_date": "2027-02-26",
        "contract_notice_amount": "30",
        "contract_notice_unit": "calendar_days",
    },
    StepId.CONVERSATION: {"method": "phone", "conversation_time": "10:30"},
}
# What the owner sees from the client's side, and what they will thank them for, by situation.
SIDES: dict[SituationKey, dict[str, str]] = {
    SituationKey.WE_END: {
        "client_impact": "they will need a new studio for the spring campaign",
        "appreciation": "Thank you for six years of trust, and for the best briefs we have ever worked on.",
    },
    SituationKey.FOR_CAUSE: {
        "client_impact": "their campaign work stops on 26 February unless they arrange another studio",
    },
    SituationKey.CLIENT_LEAVES: {
        "client_impact": "a clean handover of the brand files and ad accounts to their new in-house team",
        "appreciation": "Thank you for six good years together, and for telling us early.",
    },
    SituationKey.PRICE_CHANGE: {
        "client_impact": "the new rate lands in a budget their board approves in January",
        "appreciation": "We really value working with you, and we want to keep doing it well.",
    },
    SituationKey.SERVICE_CHANGE: {
        "client_impact": "someone will have to post for them every day from March",
        "appreciation": "We value working with you, and want the rest of our work to stay excellent.",
    },
    SituationKey.HANDOVER: {
        "client_impact": "they will worry about explaining everything again to someone new",
        "appreciation": "Thank you for trusting me with your brand for six years.",
    },
}

SAMPLES: dict[SituationKey, dict[StepId, dict[str, Any]]] = {
    SituationKey.WE_END: {
        StepId.CHANGE: {
            "reason": (
                "We are narrowing our practice to brand work, so we can no longer give your "
                "campaigns the attention they deserve."
            )
        },
        StepId.ONWARD: {
            "referral_0": "Bright Studio, hello@bright.example",
            "referral_1": "North & Co <north@example.com>",
        },
    },
    SituationKey.FOR_CAUSE: {
        StepId.CHANGE: {
            "reason": "Invoices 1042 and 1057, £8,400 in total, are 60 days overdue.",
            "clause": "clause 14.2 (termination for non-payment on 30 days' written notice)",
            "cause_kind": "non_payment",
            "balance": "outstanding",
            "work_product": "on_payment",
            "serve_notice": "Recorded post to the registered office, clause 21.1",
        },
        StepId.CONVERSATION: {
            "history": (
                "We sent reminders on 3 and 17 November, and discussed it with your finance director"
                " on 24 November."
            ),
        },
        StepId.ONWARD: {},
    },
    SituationKey.CLIENT_LEAVES: {
        StepId.CHANGE: {"reason": "They are bringing design in-house."},
        StepId.ONWARD: {"door_open": "If your plans change, we would be very glad to work with you again."},
    },
    SituationKey.PRICE_CHANGE: {
        StepId.CHANGE: {
            "change_kind": "price",
            "reason": (
                "From 26 February our day rate rises from £650 to £720, our first change in "
                "three years, because our costs have risen."
            ),
        },
        StepId.ONWARD: {
            "options": (
                "You can keep today's rate by committing to twelve months, or move to a "
                "lighter monthly scope at the current price."
            ),
        },
    },
    SituationKey.SERVICE_CHANGE: {
        StepId.CHANGE: {
            "reason": (
                "From 26 February we will no longer run your social media accounts, as we are "
                "focusing on strategy and design."
            ),
        },
        StepId.ONWARD: {
            "options": "We will hand the accounts over with a full playbook and a month of support.",
            "referral_0": "Loud Social, team@loud.example",
        },
    },
    SituationKey.HANDOVER: {
        StepId.CHANGE: {"reason": "I am moving to lead our new healthcare practice."},
        StepId.ONWARD: {"successor": "Priya Shah", "successor_seniority": "peer"},
    },
}


def answers_for(situation: SituationKey, step: StepId) -> dict[str, Any]:
    typed = {**COMMON.get(step, {}), **SAMPLES[situation].get(step, {})}
    if step is StepId.CONVERSATION:
        typed |= SIDES[situation]
    if step is StepId.SITUATION:
        typed["situation"] = situation.value
    return typed
