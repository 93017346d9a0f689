"""The vocabulary of a case's checklist: phases, item keys and the rule that places an item in time.
Which items a situation gets is in bot/core/situations/; item titles are in templates/checklist.txt.j2."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.core.answers import Answers


class Phase(StrEnum):
    """In the order a case lives them."""

    PREPARE = "prepare"
    TELL = "tell"
    FOLLOW_UP = "follow_up"
    TRANSITION = "transition"
    CLOSE = "close"


PHASE_ORDER = tuple(Phase)


class ItemKey(StrEnum):
    BOOK = "book"
    GATHER_RECORD = "gather_record"
    PREPARE_OPTIONS = "prepare_options"
    BRIEF_SUCCESSOR = "brief_successor"
    REHEARSE = "rehearse"
    TELL = "tell"
    THANK = "thank"
    WRITTEN_NOTICE = "written_notice"
    CONFIRM = "confirm"
    ASK_FEELINGS = "ask_feelings"
    EXIT_NOTES = "exit_notes"
    SEND_REFERRALS = "send_referrals"
    INTRODUCE = "introduce"
    RESOLVE_CONCERNS = "resolve_concerns"
    HANDOVER_MEETING = "handover_meeting"
    CHECK_IN = "check_in"
    THANK_YOU_NOTE = "thank_you_note"
    REFLECT = "reflect"
    SETTLE_BALANCE = "settle_balance"  # settle or escalate money owed before the notice goes
    SERVE_NOTICE = "serve_notice"  # as the contract says notice must be served
    CURE_PERIOD = "cure_period"  # give the breach's cure period before terminating
    SECOND_PERSON = "second_person"  # conduct towards staff: nobody takes that call alone
    TEAM_FIRST = "team_first"  # conduct towards staff: the team hears first, and who the contact is
    EARLY_NOTES = "early_notes"  # a long relationship: handover notes before the joint introduction
    SPONSOR = "sponsor"  # a junior successor: the senior sponsor is at the introduction
    OVERLAP = "overlap"  # a junior successor: both look after the client until the change
    READ_FIRST = "read_first"  # a high-risk notice is read by someone senior before it goes


# Items made from answers or from what the client said carry these prefixes and a suffix.
BRIEF_PREFIX = "brief_"
TRANSITION_PREFIX = "transition_"
CONCERN_PREFIX = "concern_"
PROMISE_PREFIX = "promise_"
SIGN_OFF_KEY = "sign_off"  # added when the owner asks their team lead to sign the plan off
FOLLOW_UP_PREFIXES = (CONCERN_PREFIX, PROMISE_PREFIX)


class Anchor(StrEnum):
    """The day an item's due date is counted from."""

    TODAY = "today"
    NOTIFY_BY = "notify_by"
    CONVERSATION = "conversation"
    INTRODUCTION = "introduction"
    TRANSITION_START = "transition_start"
    EFFECTIVE = "effective"


@dataclass(frozen=True)
class ItemRule:
    """An item a situation puts on the checklist: due `offset` working days from `anchor`."""

    key: ItemKey
    phase: Phase
    tips: tuple[int, ...]
    anchor: Anchor
    offset: int = 0
    when: Callable[[Answers], bool] | None = None

    def applies(self, a: Answers) -> bool:
        return self.when is None or self.when(a)


def is_follow_up(key: str) -> bool:
    return key.startswith(FOLLOW_UP_PREFIXES)


# What a case should not be closed with unnoticed: the handover (final invoice, data, access,
# balance), concerns not resolved and promises not kept, the alternatives promised in writing.
LOOSE_END_KEYS = (ItemKey.RESOLVE_CONCERNS, ItemKey.SEND_REFERRALS, ItemKey.HANDOVER_MEETING)


def is_loose_end(key: str) -> bool:
    return key.startswith(TRANSITION_PREFIX) or is_follow_up(key) or key in LOOSE_END_KEYS


# Items whose dates the talking points give the client on the call (the written confirmation, the
# alternatives in writing, each step of the handover).
SPOKEN_KEYS = (ItemKey.CONFIRM, ItemKey.SEND_REFERRALS)


def due_once_told(key: str, planned: date, recounted: date, told_on: date) -> date:
    """An item's due date once the client was told on `told_on`: counted again from that day, except
    that a date the talking points gave them and still ahead of the telling stays, so a late telling
    never moves a nudge past a date they heard."""
    spoken = key in SPOKEN_KEYS or key.startswith(TRANSITION_PREFIX)
    if spoken and told_on <= planned < recounted:
        return planned
    return recounted
