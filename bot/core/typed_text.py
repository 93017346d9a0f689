"""Text people typed: what counts as empty, how it shows, and how it sits in a drafted sentence.
Stored text stays exactly as typed; these apply where it is checked or shown."""

from __future__ import annotations

import bisect
import re
import unicodedata

# Default_Ignorable_Code_Point, from the Unicode Character Database (DerivedCoreProperties.txt,
# Unicode 15.1, unchanged in 16.0): code points that draw nothing when a font has no glyph for
# them. Python's unicodedata does not carry this property, so the ranges are listed here. Each
# row: first, last (inclusive), what is there.
DEFAULT_IGNORABLE: tuple[tuple[int, int, str], ...] = (
    (0x00AD, 0x00AD, "soft hyphen"),
    (0x034F, 0x034F, "combining grapheme joiner"),
    (0x061C, 0x061C, "Arabic letter mark"),
    (0x115F, 0x1160, "Hangul choseong and jungseong fillers"),
    (0x17B4, 0x17B5, "Khmer inherent vowels AQ and AA"),
    (0x180B, 0x180D, "Mongolian free variation selectors one to three"),
    (0x180E, 0x180E, "Mongolian vowel separator"),
    (0x180F, 0x180F, "Mongolian free variation selector four"),
    (0x200B, 0x200F, "zero width space, non-joiner, joiner; left-to-right and right-to-left marks"),
    (0x202A, 0x202E, "bidirectional embeddings, pop and overrides"),
    (0x2060, 0x2064, "word joiner and invisible operators"),
    (0x2065, 0x2065, "reserved"),
    (0x2066, 0x206F, "bidirectional isolates and deprecated format characters"),
    (0x3164, 0x3164, "Hangul filler"),
    (0xFE00, 0xFE0F, "variation selectors 1 to 16"),
    (0xFEFF, 0xFEFF, "zero width no-break space (byte order mark)"),
    (0xFFA0, 0xFFA0, "halfwidth Hangul filler"),
    (0xFFF0, 0xFFF8, "reserved"),
    (0x1BCA0, 0x1BCA3, "shorthand format controls"),
    (0x1D173, 0x1D17A, "musical symbol beam, tie, slur and phrase controls"),
    (0xE0000, 0xE0000, "reserved"),
    (0xE0001, 0xE0001, "language tag"),
    (0xE0002, 0xE001F, "reserved"),
    (0xE0020, 0xE007F, "tag characters"),
    (0xE0080, 0xE00FF, "reserved"),
    (0xE0100, 0xE01EF, "variation selectors 17 to 256"),
    (0xE01F0, 0xE0FFF, "reserved"),
)
_IGNORABLE_STARTS = [first for first, _, _ in DEFAULT_IGNORABLE]
# Characters that draw nothing and are not whitespace, beyond the property above: the braille
# blank, which Slack's clients show as blank, and every format character (category Cf).
FILLERS = frozenset("\u2800")
# Bidirectional embeddings, overrides and isolates: shown raw, they let a name display reversed.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
# ASCII controls that are not whitespace (C0 and DEL): they draw nothing.
_ASCII_INVISIBLE = {
    c: None for c in range(0x80) if unicodedata.category(chr(c)) == "Cc" and not chr(c).isspace()
}
SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
WHITESPACE = re.compile(r"\s+")


def is_default_ignorable(char: str) -> bool:
    point = ord(char)
    index = bisect.bisect_right(_IGNORABLE_STARTS, point) - 1
    return index >= 0 and point <= DEFAULT_IGNORABLE[index][1]


def _invisible(char: str) -> bool:
    """Draws nothing and is not whitespace: a default-ignorable code point, a format character, a
    control (C0, DEL, C1) other than whitespace, or a filler."""
    if char in FILLERS or is_default_ignorable(char):
        return True
    category = unicodedata.category(char)
    return category == "Cf" or (category == "Cc" and not char.isspace())


def visible(text: str | None) -> str:
    """The text without characters that draw nothing, trimmed: what a reader would see. The one
    definition every check of typed text uses (a name, a note, an answer)."""
    if not text:
        return ""
    if text.isascii():  # the usual case: only the controls can be invisible
        return text.translate(_ASCII_INVISIBLE).strip()
    return "".join(char for char in text if not _invisible(char)).strip()


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable(text: str | None) -> bool:
    """Whether a database can keep the text: no NUL (PostgreSQL refuses it) and no lone surrogate
    (no UTF-8 encoding exists for one; a JSON request can still carry it)."""
    return not text or _UNSTORABLE.search(text) is None


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
