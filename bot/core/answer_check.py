"""The check on every typed answer that reaches a draft. Mechanical slips (doubled or closing
punctuation, a lowercase sentence start, stray spaces, a lowercase name) are repaired and reported;
anything that needs the person's own words (third person about the reader, a question, a fragment,
too many sentences, a placeholder, a role pasted into a name, argument in a formal notice) becomes
a hint, with a suggested rewrite where one can be made. Pure: no Slack, no storage, no copy."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from enum import StrEnum

from bot.core.answers import SituationKey


class Role(StrEnum):
    """How a field's text is used in the drafts."""

    NAME = "name"  # a person's name, set inside sentences
    INLINE = "inline"  # words set inside a drafted sentence: a clause
    SAID = "said"  # sentences said or written to the client
    NOTE = "note"  # the owner's own note, quoted back to them
    REFERRAL = "referral"  # one alternative, listed in a note to the client
    LETTER = "letter"  # a whole draft as the owner edited it


class RepairCode(StrEnum):
    WHITESPACE = "whitespace"
    DOUBLED_PUNCTUATION = "doubled_punctuation"
    CLOSING_PUNCTUATION = "closing_punctuation"
    CAPITALS = "capitals"
    NAME_CAPITALS = "name_capitals"


class HintCode(StrEnum):
    THIRD_PERSON = "third_person"
    QUESTION = "question"
    FRAGMENT = "fragment"
    TOO_MANY_SENTENCES = "too_many_sentences"
    PLACEHOLDER = "placeholder"
    REPEATED_ROLE = "repeated_role"
    ARGUMENT = "argument"
    LETTER_SLIP = "letter_slip"  # an edited draft with a doubled stop or a lowercase start


@dataclass(frozen=True)
class Rules:
    role: Role
    sentences: int | None = None  # the most sentences asked for
    formal: bool = False  # part of a formal notice: facts, no argument


@dataclass(frozen=True)
class Reader:
    """Who the drafts are written to: their name is not talked about in the third person."""

    contact_name: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        full = capitalise_name(name_only(self.contact_name or ""))
        parts = [p for p in full.split() if len(p) > 1 and p.lower() not in TITLES]
        return tuple(dict.fromkeys(n for n in (full, *parts[:1], *parts[-1:]) if n))


@dataclass(frozen=True)
class Hint:
    code: HintCode
    found: str = ""  # the words that raised it, as typed
    suggestion: str | None = None  # a rewrite the person can take, when one can be made


@dataclass(frozen=True)
class Checked:
    typed: str
    text: str  # repaired
    repairs: tuple[RepairCode, ...] = ()
    hints: tuple[Hint, ...] = ()


ABBREVIATIONS = frozenset(
    {"e.g", "i.e", "etc", "vs", "approx", "incl", "cf", "no", "nos", "mr", "mrs", "ms", "dr", "st"}
    | {"ltd", "inc", "co", "jr", "sr", "p", "pp", "ref", "ext"}
)
TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "lord", "lady"})
NAME_PARTICLES = frozenset(
    {"van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "del", "dos", "das", "bin", "al"}
)
SENTENCE_BREAK = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+")
SPACES = re.compile(r"[ \t\u00a0]{2,}")
SPACE_BEFORE_STOP = re.compile(r"(?<=\w)\s+([.,;:!?])(?=\s|$)")
DOUBLED = re.compile(r"(?<!\.)\.\.(?!\.)|,,+|;;+|::+|!!+|,\.|\.,|;\.|:\.")
# "together.. and for telling us early": a pause before a lowercase "and" carries the sentence on;
# a full stop there would leave "And for telling us early." standing alone.
PAUSE_BEFORE_AND = re.compile(r"(?<!\.)\.\.(?!\.)\s*(?=(?:and|but|or|nor) )")
CLOSING = re.compile(r"[\s.,;:]+$")
PARENTHETICAL = re.compile(r"^(?P<name>[^(),]+?)\s*(?:\((?P<p>[^()]+)\)|,\s*(?P<c>[^,]+))\s*$")

# Left for later: a gap to fill in any text, a letter included.
PLACEHOLDERS = re.compile(
    r"\?\?+|\bx{3,}\b|\bTB[CDA]\b|\bTODO\b|\bfill (?:this |it )?in\b|\[[^\]]*\]|<[^>@:/]*>|"
    r"\binsert (?:name|date|here|details)\b|\bplaceholder\b",
    re.IGNORECASE,
)
# A note to self typed where words for the client belong (not checked in drafts, whose talking
# points are instructions to the owner).
NOTE_TO_SELF = re.compile(
    r"^\s*(?:ask|check|chase|confirm with|find out|remember|note to self|need to (?:ask|check))\b"
    r"|\bask (?!you\b|us\b|them\b)\w+ (?:for|about|to)\b|\bcheck with\b|\bdouble[- ]check\b",
    re.IGNORECASE,
)
THIRD_PERSON = {
    "they": "you",
    "them": "you",
    "their": "your",
    "theirs": "yours",
    "themselves": "yourselves",
    "they're": "you're",
    "they've": "you've",
    "they'll": "you'll",
    "they'd": "you'd",
}
THIRD_PERSON_WORD = re.compile(r"\b(" + "|".join(re.escape(w) for w in THIRD_PERSON) + r")\b", re.I)
# "they", "them" and "their" also stand for things: "your campaigns the attention they deserve",
# "invoices 1042 and 1057, they are overdue". A plural word just before is taken as what they mean.
NOT_PLURAL = frozenset(
    {"this", "was", "has", "is", "us", "its", "yours", "ours", "his", "hers", "does", "less", "across"}
    | {"unless", "plus", "thus", "yes", "always", "perhaps", "as", "whereas", "towards", "besides"}
)
WORD = re.compile(r"[A-Za-z']+")


def _about_the_reader(sentence: str, match: re.Match[str]) -> bool:
    if match.group().lower() in ("themselves", "theirs"):
        return True
    before = WORD.findall(sentence[: match.start()])[-4:]
    return not any(len(w) > 3 and w.lower().endswith("s") and w.lower() not in NOT_PLURAL for w in before)


ARGUMENT = re.compile(
    r",?\s*\b(?:which|that) we (?:entirely |completely |strongly )?(?:reject|dispute|deny|refute)\b[^.!?]*"
    r"|\bwe (?:entirely |completely |strongly )?(?:reject|dispute|deny|refute)\b"
    r"|\b(?:ridiculous|absurd|baseless|outrageous|unreasonable|obviously|clearly|frankly)\b",
    re.IGNORECASE,
)
FRAGMENT_START = re.compile(
    r"^(?:because|since|due to|as a result of|although|though|whereas|so that|in order to|which)\b\s*",
    re.IGNORECASE,
)
SUBJECT_START = re.compile(r"^(?:we|we're|we've|i|i'm|i've|our|my|you|your|the|this|it|it's)\b", re.I)
QUESTION_SWAP = re.compile(r"^(could|can|should|would|shall|might|may)\s+(we|i)\s+(.+?)\?*$", re.I)
QUESTION_OFFER = re.compile(r"^(?:what|how) about\s+(.+?)\?*$", re.I)


def sentences(text: str) -> list[str]:
    """Sentences of one paragraph, not split after an abbreviation such as "e.g." or "Ltd."."""
    pieces = SENTENCE_BREAK.split(text.strip())
    out: list[str] = []
    for piece in pieces:
        # An ellipsis trails off rather than ends a sentence; an abbreviation's stop ends nothing.
        if out and (_ends_in_abbreviation(out[-1]) or out[-1].endswith(("...", "…"))):
            out[-1] = f"{out[-1]} {piece}"
        elif piece:
            out.append(piece)
    return out


def _ends_in_abbreviation(text: str) -> bool:
    last = text.rstrip(".").rsplit(" ", 1)[-1].lower().strip("(\"'“‘")
    return text.endswith(".") and (last in ABBREVIATIONS or len(last) == 1)


def name_only(text: str) -> str:
    match = PARENTHETICAL.match(text.strip())
    return (match.group("name") if match else text).strip()


def capitalise_name(name: str) -> str:
    def word(w: str, first: bool) -> str:
        if not first and w in NAME_PARTICLES:
            return w
        return "-".join("'".join(p[:1].upper() + p[1:] for p in part.split("'")) for part in w.split("-"))

    return " ".join(word(w, i == 0) for i, w in enumerate(name.split(" ")))


def repair(text: str, role: Role) -> tuple[str, tuple[RepairCode, ...]]:
    """The mechanical repairs, and which were made. Line breaks are kept."""
    found: list[RepairCode] = []
    lines = text.strip().splitlines()
    tidied = [SPACES.sub(" ", line.strip()) for line in lines]
    undoubled = [
        DOUBLED.sub(lambda m: "." if "." in m.group() else m.group()[0], PAUSE_BEFORE_AND.sub(", ", line))
        for line in tidied
    ]
    if undoubled != tidied:
        found.append(RepairCode.DOUBLED_PUNCTUATION)
    spaced = [SPACE_BEFORE_STOP.sub(r"\1", line) for line in undoubled]
    if spaced != undoubled or tidied != lines:
        found.append(RepairCode.WHITESPACE)
    undoubled = spaced
    out = "\n".join(undoubled)
    if role in (Role.NAME, Role.INLINE):
        out = _one_line_repairs(out, role, found)
    elif role in (Role.SAID, Role.NOTE):
        capped = "\n".join(_capitalise_sentences(line) for line in out.splitlines())
        if capped != out:
            found.append(RepairCode.CAPITALS)
        out = capped
    return out, tuple(found)


def _one_line_repairs(text: str, role: Role, found: list[RepairCode]) -> str:
    stripped = CLOSING.sub("", text)
    if stripped != text and not _ends_in_abbreviation(text):
        found.append(RepairCode.CLOSING_PUNCTUATION)
        text = stripped
    if role is Role.NAME:
        name = name_only(text)
        if name and name == name.lower() and any(c.isalpha() for c in name):
            text = capitalise_name(name) + text[len(name) :]
            found.append(RepairCode.NAME_CAPITALS)
    return text


MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
# A month beside a day number, and a weekday before a date, are names: "26 february" → "26 February".
DATE_WORDS = re.compile(
    rf"(?<=\d )(?:{MONTHS})\b|(?<=\d(?:st|nd|rd|th) )(?:{MONTHS})\b|\b(?:{MONTHS})(?= \d)|\b(?:{DAYS})\b"
)


def _capitalise_sentences(line: str) -> str:
    line = DATE_WORDS.sub(lambda m: m.group().capitalize(), line)
    parts = sentences(line)
    fixed = [p[:1].upper() + p[1:] if p[:1].islower() else p for p in parts]
    if fixed == parts:
        return line
    out = line
    for before, after in zip(parts, fixed, strict=True):
        if before != after:
            out = out.replace(before, after, 1)
    return out


def _second_person(sentence: str, reader: Reader) -> str:
    def swap(match: re.Match[str]) -> str:
        word = match.group()
        new = THIRD_PERSON[word.lower()]
        return new[:1].upper() + new[1:] if word[:1].isupper() else new

    def swap_if_reader(match: re.Match[str]) -> str:
        return swap(match) if _about_the_reader(sentence, match) else match.group()

    out = THIRD_PERSON_WORD.sub(swap_if_reader, sentence)
    for name in reader.names:
        name_re = re.escape(name)
        out = re.sub(rf"\b{name_re}(?:'s)? and (?:the|her|his|their) team\b", "you and your team", out)
        out = re.sub(rf"\b{name_re}'s\b", "your", out)
        out = re.sub(rf"\b{name_re}\b", "you", out)
    return out[:1].upper() + out[1:]


def _mentions_reader(sentence: str, reader: Reader) -> str:
    for match in THIRD_PERSON_WORD.finditer(sentence):
        if _about_the_reader(sentence, match):
            return match.group()
    for name in reader.names:
        if re.search(rf"\b{re.escape(name)}\b", sentence):
            return name
    return ""


def _as_statement(question: str) -> str | None:
    body = question.strip()
    swapped = QUESTION_SWAP.match(body)
    if swapped:
        verb, who, rest = swapped.groups()
        verb = {"shall": "could", "may": "could", "might": "could"}.get(verb.lower(), verb.lower())
        return f"{who.capitalize() if who.lower() != 'i' else 'I'} {verb} {rest}."
    offer = QUESTION_OFFER.match(body)
    if offer:
        return f"We could offer {offer.group(1)}."
    return None


def one_line_cut(text: str, limit: int = 60) -> str:
    body = " ".join(text.split())
    return body if len(body) <= limit else body[: limit - 1].rstrip() + "…"


def _hints(text: str, rules: Rules, reader: Reader) -> list[Hint]:
    hints: list[Hint] = []
    placeholder = PLACEHOLDERS.search(text)
    note = None if placeholder else NOTE_TO_SELF.search(text)
    if placeholder or note:
        found = placeholder.group().strip() if placeholder else one_line_cut(text)
        hints.append(Hint(HintCode.PLACEHOLDER, found))
    placeholder = placeholder or note
    if rules.role is Role.NAME:
        match = PARENTHETICAL.match(text)
        if match and (match.group("p") or match.group("c")):
            role = (match.group("p") or match.group("c") or "").strip()
            hints.append(Hint(HintCode.REPEATED_ROLE, role, match.group("name").strip()))
        return hints
    if rules.role is not Role.SAID:
        return hints
    said = [s for line in text.splitlines() for s in sentences(line)]
    rewritten = list(said)
    codes: dict[HintCode, str] = {}
    for index, sentence in enumerate(said):
        if sentence.rstrip("\"'”’)").endswith("?") and not placeholder:
            statement = _as_statement(sentence)
            codes.setdefault(HintCode.QUESTION, sentence)
            if statement:
                rewritten[index] = statement
        fragment = FRAGMENT_START.match(sentence)
        if fragment and "," not in sentence:
            codes.setdefault(HintCode.FRAGMENT, sentence)
            rest = sentence[fragment.end() :]
            if SUBJECT_START.match(rest):
                rewritten[index] = rest[:1].upper() + rest[1:]
        who = _mentions_reader(rewritten[index], reader)
        if who:
            codes.setdefault(HintCode.THIRD_PERSON, who)
            rewritten[index] = _second_person(rewritten[index], reader)
        if rules.formal and ARGUMENT.search(rewritten[index]):
            codes.setdefault(HintCode.ARGUMENT, ARGUMENT.search(rewritten[index]).group().strip(" ,"))  # type: ignore[union-attr]
            rewritten[index] = _without_argument(rewritten[index])
    if rules.sentences and len(said) > rules.sentences:
        codes[HintCode.TOO_MANY_SENTENCES] = str(len(said))
        rewritten = rewritten[: rules.sentences]
    suggestion = " ".join(s for s in rewritten if s)
    for code, found in codes.items():
        hints.append(Hint(code, found, suggestion if suggestion != text else None))
    return hints


def _without_argument(sentence: str) -> str:
    end = sentence[-1] if sentence[-1:] in ".!?" else "."
    kept = ARGUMENT.sub("", sentence).strip(" ,.;")
    kept = re.sub(r"\s{2,}", " ", kept)
    return kept + end if kept else ""


def check(text: str | None, rules: Rules, reader: Reader | None = None) -> Checked:
    """One answer: repaired, and what still needs the person's words."""
    if not text or not text.strip():
        return Checked(text or "", text or "")
    if rules.role is Role.LETTER:  # a whole letter is the person's own: hinted, never rewritten
        return Checked(text, text, (), tuple(_letter_hints(text)))
    repaired, repairs = repair(text, rules.role)
    return Checked(text, repaired, repairs, tuple(_hints(repaired, rules, reader or Reader())))


def _letter_hints(text: str) -> list[Hint]:
    hints: list[Hint] = []
    placeholder = PLACEHOLDERS.search(text)
    if placeholder:
        hints.append(Hint(HintCode.PLACEHOLDER, placeholder.group().strip()))
    doubled = DOUBLED.search(text)
    if doubled:
        hints.append(Hint(HintCode.LETTER_SLIP, text[max(0, doubled.start() - 30) : doubled.end()].strip()))
        return hints
    for line in text.splitlines():
        # A line may open with a name as its owner writes it; a sentence after a full stop may not.
        for sentence in sentences(line)[1:]:
            if sentence[:1].islower():
                hints.append(Hint(HintCode.LETTER_SLIP, sentence[:40]))
                return hints
    return hints


def kept_key(field_name: str, text: str) -> str:
    """What is remembered when a person keeps hinted text as they typed it."""
    return hashlib.sha256(f"{field_name}\n{text}".encode()).hexdigest()[:16]


# How each typed field is used, by situation: what is said or written to the client is held to
# the reader's point of view; notes to self only get the mechanical repairs.
SAID_TO_THEM = {
    "reason": Rules(Role.SAID, sentences=2),
    "appreciation": Rules(Role.SAID, sentences=2),
    "options": Rules(Role.SAID, sentences=2),
    "door_open": Rules(Role.SAID, sentences=2),
    "history": Rules(Role.SAID),
    "transition_notes": Rules(Role.SAID),
    "client_impact": Rules(Role.NOTE),
    "clause": Rules(Role.INLINE),
    "contact_name": Rules(Role.NAME),
    "successor": Rules(Role.NAME),
    "sponsor": Rules(Role.NAME),
}
OWN_RULES: dict[SituationKey, dict[str, Rules]] = {
    SituationKey.FOR_CAUSE: {
        "reason": Rules(Role.SAID, sentences=3, formal=True),
        "history": Rules(Role.SAID, formal=True),
        "transition_notes": Rules(Role.SAID, formal=True),
    },
    SituationKey.CLIENT_LEAVES: {"reason": Rules(Role.NOTE)},
}
REFERRAL_RULES = Rules(Role.REFERRAL)
LETTER_RULES = Rules(Role.LETTER)


def rules_for(field_name: str, situation: SituationKey | None) -> Rules | None:
    own = OWN_RULES.get(situation, {}) if situation else {}
    return own.get(field_name) or SAID_TO_THEM.get(field_name)
