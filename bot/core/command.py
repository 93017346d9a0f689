"""What the words after /end-client ask for: help, the list, or a new case for a client."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from enum import StrEnum

HELP_WORDS = ("help", "?", "-h", "--help")
LIST_WORDS = ("list", "ls", "cases")
NEW_WORDS = ("new", "start")
SUBCOMMAND_LOOKALIKE = re.compile(r"^-{0,2}[a-z]{2,8}$")


class Intent(StrEnum):
    HELP = "help"
    LIST = "list"
    START = "start"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Command:
    intent: Intent
    client_name: str | None = None
    suggestion: str | None = None  # for UNKNOWN: the subcommand they probably meant


def parse_command(text: str) -> Command:
    text = text.strip()
    word = text.lower()
    if word in HELP_WORDS:
        return Command(Intent.HELP)
    if word in LIST_WORDS:
        return Command(Intent.LIST)
    first, _, rest = text.partition(" ")
    if first.lower() in NEW_WORDS:
        return Command(Intent.START, rest.strip() or None)
    # One lowercase word close to a subcommand ("hepl", "lsit", "--hlep") is a typo, not a client.
    if SUBCOMMAND_LOOKALIKE.match(text):
        known = [w for w in (*HELP_WORDS, *LIST_WORDS, *NEW_WORDS) if w.isalpha()]
        close = difflib.get_close_matches(text.lstrip("-"), known, n=1, cutoff=0.6)
        if close or text.startswith("-"):
            return Command(Intent.UNKNOWN, text, close[0] if close else "help")
    return Command(Intent.START, text or None)
