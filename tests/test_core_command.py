"""The words after /end-client."""

from __future__ import annotations

import pytest

from bot.core.command import Command, Intent, parse_command


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", Command(Intent.START)),
        ("help", Command(Intent.HELP)),
        (" HELP ", Command(Intent.HELP)),
        ("list", Command(Intent.LIST)),
        ("Acme Ltd", Command(Intent.START, "Acme Ltd")),
        ("acme", Command(Intent.START, "acme")),
        ("Hepl", Command(Intent.START, "Hepl")),  # capitalised: a name
        ("hepl", Command(Intent.UNKNOWN, "hepl", "help")),
        ("lsit", Command(Intent.UNKNOWN, "lsit", "list")),
        ("--hlep", Command(Intent.UNKNOWN, "--hlep", "help")),
        ("--verbose", Command(Intent.UNKNOWN, "--verbose", "help")),
        ("new hepl", Command(Intent.START, "hepl")),
        ("new", Command(Intent.START)),
        ("start Help Scout", Command(Intent.START, "Help Scout")),
    ],
)
def test_parse_command(text: str, expected: Command) -> None:
    assert parse_command(text) == expected
