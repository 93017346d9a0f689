"""Typed answers as they sit in a finished letter: the template filters for drafts. They make the
same mechanical repairs as the answer check (bot/core/answer_check.py), so a draft reads right even
from answers saved before the check existed; the words themselves are the person's."""

from __future__ import annotations

import re

from bot.core.answer_check import (
    NAME_PARTICLES,
    NOTE_TO_SELF,
    PARENTHETICAL,
    PLACEHOLDERS,
    TITLES,
    Role,
    capitalise_name,
    name_only,
    repair,
)
from bot.core.typed_text import SENTENCE_END, is_blank, one_line

EMAIL_FIRST = re.compile(r"^\S+@|^\S+\.\w+/|^https?:")
TITLE_WORD = re.compile(r"^(" + "|".join(TITLES) + r")\.?$", re.IGNORECASE)


def said(text: str | None) -> str:
    """An answer quoted as sentences of its own, on one line: repaired, capital first letter,
    closing punctuation."""
    body, _ = repair(one_line(text), Role.SAID)
    if not body:
        return ""
    body = body[0].upper() + body[1:]
    return body if SENTENCE_END.search(body) else body + "."


def said_paragraphs(text: str | None) -> list[str]:
    """Each non-empty line of a longer answer as its own repaired sentence."""
    return [said(line) for line in (text or "").splitlines() if not is_blank(line)]


def inline(text: str | None) -> str:
    """Words set inside a drafted sentence (a clause): one line, no closing stop."""
    body, _ = repair(one_line(text), Role.INLINE)
    return body


def person(text: str | None) -> str:
    """A person's name wherever it recurs: without a role typed beside it, capitalised as a person
    writes it."""
    name = name_only(one_line(text)).rstrip(".,;: ")
    return capitalise_name(name) if name == name.lower() else name


def role_of(text: str | None) -> str:
    """The role typed beside a name ("Tom Reyes (our account manager)"), or ""."""
    match = PARENTHETICAL.match(one_line(text))
    return ((match.group("p") or match.group("c") or "") if match else "").strip().rstrip(".")


def person_with_role(text: str | None) -> str:
    """The name with its role, for the one place a role helps: "Tom Reyes, our account manager"."""
    role = role_of(text)
    return f"{person(text)}, {role}" if role else person(text)


def typed_title(text: str | None) -> str:
    """The title typed before a name ("dr amara okafor": "Dr"), or ""."""
    words = person(text).split()
    return _title(words[0]) if len(words) > 1 and TITLE_WORD.match(words[0]) else ""


def _title(word: str | None) -> str:
    title = one_line(word).strip().rstrip(".")
    return f"{title[:1].upper()}{title[1:].lower()}"


def greeting_name(text: str | None, greet_by: str | None = None, title: str | None = None) -> str:
    """How a letter greets them, as the owner chose: by first name ("Amara"), or by title and
    surname ("Dr Okafor", the title typed with the name or else the one given). Unchosen, a title
    typed with the name gives title and surname, otherwise the first name."""
    words = person(text).split()
    if not words:
        return ""
    typed = typed_title(text)
    name = words[1:] if typed else words
    if greet_by is None:
        greet_by = "title_surname" if typed else "first_name"
    chosen = typed or _title(title)
    if greet_by == "title_surname" and chosen:
        return f"{chosen} {name[-1]}"
    return name[0]


def is_note_to_self(text: str | None) -> bool:
    body = one_line(text)
    return bool(PLACEHOLDERS.search(body) or NOTE_TO_SELF.search(body))


def listed(referrals: list[str]) -> list[str]:
    """The alternatives a note to the client lists: a note to self ("ask Sarah for the third
    name") is never one. The flow's check told the person it would be left out."""
    kept = [one_line(r) for r in referrals if not is_blank(r) and not is_note_to_self(r)]
    return [_firm_capitals(r) if not EMAIL_FIRST.match(r) else r for r in kept]


# Where a referral's name ends: its contact details follow ("bright studio, hello@…", "north & co <…>").
NAME_END = re.compile(r"\s*[,<(:;]|\s+[-–]\s|\s+\S+@|\s+\+?\d")
JOINING_WORDS = frozenset({"and", "at", "of", "the", "for", "in", "on", "by", "with", "from", "to"})


def _firm_capitals(referral: str) -> str:
    """A name typed all in lowercase ("bright studio") is written as a name is ("Bright Studio");
    a name typed with capitals of its own is left as typed, but for its first letter."""
    end = NAME_END.search(referral)
    name, rest = (referral[: end.start()], referral[end.start() :]) if end else (referral, "")
    if name == name.lower() and any(c.isalpha() for c in name):
        words = name.split(" ")
        keep = JOINING_WORDS | NAME_PARTICLES
        name = " ".join(w if i and w in keep else capitalise_name(w) for i, w in enumerate(words))
    return name[:1].upper() + name[1:] + rest


FILTERS = {
    "said": said,
    "said_paragraphs": said_paragraphs,
    "inline": inline,
    "person": person,
    "person_with_role": person_with_role,
    "role_of": role_of,
    "greeting_name": greeting_name,
    "listed": listed,
}
