"""Text people typed: what counts as empty, how it shows, and how it sits in a drafted sentence.
Stored text stays exactly as typed; these apply where it is checked or shown."""

from __future__ import annotations

import re
import unicodedata

# Characters that draw nothing but are not whitespace: Hangul and braille fillers, which Slack's
# clients show as blank, on top of Unicode's format characters (category Cf: zero-width spaces
# and joiners, word joiners, bidirectional controls, ...).
FILLERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# Bidirectional embeddings, overrides and isolates: shown raw, they let a name display reversed.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
WHITESPACE = re.compile(r"\s+")


def _invisible(char: str) -> bool:
    return char in FILLERS or unicodedata.category(char) == "Cf"


def visible(text: str | None) -> str:
    """The text without characters that draw nothing, trimmed: what a reader would see."""
    if not text:
        return ""
    if text.isascii():  # no ASCII character is a filler or a format character: the usual case
        return text.strip()
    return "".join(char for char in text if not _invisible(char)).strip()


def is_blank(text: str | None) -> bool:
    return not visible(text)


def shown(text: str) -> str:
    """Typed text made safe to display: bidirectional controls removed, so nothing reads reversed."""
    return BIDI_CONTROLS.sub("", text)


def one_line(text: str | None) -> str:
    """Visible text on one line, for names and short answers set inside other text."""
    return WHITESPACE.sub(" ", visible(text))


def sentence(text: str | None) -> str:
    """An answer quoted as a sentence of its own, on one line: capital first letter, closing
    punctuation."""
    body = one_line(text)
    if not body:
        return ""
    body = body[0].upper() + body[1:]
    return body if SENTENCE_END.search(body) else body + "."


def paragraphs(text: str | None) -> list[str]:
    """Each non-empty line of a longer answer as its own sentence."""
    return [sentence(line) for line in (text or "").splitlines() if not is_blank(line)]
