"""Rehearsing the conversation: the client's lines in order, what a good answer does for each, and
three transparent checks over what the person typed (does it wobble on the decision, argue, or
promise what the plan does not hold). Pure: the words come from each situation's rehearsal
template, the person rates themselves, and nothing is scored by guesswork."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class Stage(StrEnum):
    """Where a client's line falls in a conversation that goes as such conversations go."""

    OPENING = "opening"  # how they take the news
    FEELING = "feeling"
    PUSHBACK = "pushback"
    PRACTICAL = "practical"
    REOPEN = "reopen"  # the attempt to reopen the decision


class Point(StrEnum):
    """What a good answer does; each reaction names the ones that matter for it, in its own words."""

    ACKNOWLEDGE = "acknowledge"  # acknowledges the feeling
    KEEP = "keep"  # keeps the decision
    NEXT_STEP = "next_step"  # offers the next concrete step
    NO_PROMISE = "no_promise"  # adds no new promise
    NO_ARGUMENT = "no_argument"  # does not argue


class Check(StrEnum):
    WOBBLE = "wobble"  # wobbles on the decision
    ARGUE = "argue"
    PROMISE = "promise"  # promises what the plan does not hold


@dataclass(frozen=True)
class Turn:
    stage: Stage
    line: str  # what the client says
    coached: str  # one calm way to answer it
    points: tuple[tuple[Point, str], ...]  # what a good answer does here, in this reaction's words

    @property
    def point_keys(self) -> tuple[Point, ...]:
        return tuple(point for point, _ in self.points)


@dataclass(frozen=True)
class PromiseWords:
    """Words that promise something; the promise is the plan's when its text has any `held_by`."""

    phrases: tuple[str, ...]
    held_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class CheckWords:
    wobble: tuple[str, ...] = ()
    argue: tuple[str, ...] = ()
    promises: tuple[PromiseWords, ...] = ()
    # Good answers that hold a check's words ("you never need to worry" holds "you never"): their
    # words are set aside before any check looks.
    benign: tuple[str, ...] = ()

    def joined(self, other: CheckWords) -> CheckWords:
        return CheckWords(
            self.wobble + other.wobble,
            self.argue + other.argue,
            self.promises + other.promises,
            self.benign + other.benign,
        )

    def all_phrases(self) -> tuple[str, ...]:
        return (*self.wobble, *self.argue, *(p for w in self.promises for p in w.phrases))


@dataclass(frozen=True)
class Script:
    turns: tuple[Turn, ...]
    checks: CheckWords
    # A situation's own words for the modal where the shared ones do not fit it (the client leaving
    # tells you, rather than hears it): "moment", a check's name, or a point's, to what they say.
    notes: Mapping[str, str] = field(default_factory=dict)


# ---- the script, from a template's plain data ---------------------------------------------------


def _strings(values: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in values or ())


def check_words_of(data: Mapping[str, Any] | None) -> CheckWords:
    data = data or {}
    promises = tuple(
        PromiseWords(_strings(p.get("phrases")), _strings(p.get("held_by")))
        for p in data.get("promises") or ()
    )
    return CheckWords(
        _strings(data.get("wobble")),
        _strings(data.get("argue")),
        promises,
        _strings(data.get("benign")),
    )


def script_of(
    turns: Iterable[Mapping[str, Any]], checks: CheckWords, notes: Mapping[str, Any] | None = None
) -> Script:
    """A template's turns (stage, line, coached, points as [point, words] pairs) as a Script; an
    unknown stage or point is an error, so a typo in a template cannot pass unnoticed."""
    return Script(
        tuple(
            Turn(
                Stage(str(t["stage"])),
                str(t["line"]),
                str(t["coached"]),
                tuple((Point(str(key)), str(words)) for key, words in t["points"]),
            )
            for t in turns
        ),
        checks,
        {str(k): str(v) for k, v in (notes or {}).items()},
    )


# ---- the checks -------------------------------------------------------------------------------

# People type loosely: curly or no apostrophes, capitals or none, contractions either way. Text
# and phrases are both brought to one form before a phrase is looked for as whole words.
_APOSTROPHES = re.compile("[\u2018\u2019\u02bc\u0060\u00b4]")
_NOT_WORD = re.compile(r"[^a-z0-9']+")
CONTRACTIONS = {
    "i'll": "i will",
    "ill": "i will",
    "we'll": "we will",
    "you'll": "you will",
    "it'll": "it will",
    "i'm": "i am",
    "im": "i am",
    "i'd": "i would",
    "we'd": "we would",
    "i've": "i have",
    "we've": "we have",
    "we're": "we are",
    "you're": "you are",
    "youre": "you are",
    "that's": "that is",
    "thats": "that is",
    "it's": "it is",
    "isn't": "is not",
    "isnt": "is not",
    "wasn't": "was not",
    "wasnt": "was not",
    "aren't": "are not",
    "don't": "do not",
    "dont": "do not",
    "doesn't": "does not",
    "doesnt": "does not",
    "didn't": "did not",
    "didnt": "did not",
    "won't": "will not",
    "wont": "will not",
    "can't": "can not",
    "cant": "can not",
    "cannot": "can not",
    "let's": "let us",
    "lets": "let us",
    "shouldn't": "should not",
    "couldn't": "could not",
    "wouldn't": "would not",
    "should've": "should have",
    "shouldve": "should have",
    "could've": "could have",
    "would've": "would have",
    "you've": "you have",
    "youve": "you have",
    "ive": "i have",
    "haven't": "have not",
    "havent": "have not",
    "weren't": "were not",
    "they're": "they are",
    "there's": "there is",
}
# "not" or "never" just before a check's words turns them round: "we can't give you a discount",
# "it's not your fault", "we won't hold off".
NEGATIONS = ("not", "never")


def normalise(text: str) -> str:
    """Lowercase words separated by single spaces, contractions spelt out, with a space at each end
    (so a phrase is found only as whole words)."""
    lowered = _APOSTROPHES.sub("'", text.lower())
    words = [w.strip("'") for w in _NOT_WORD.split(lowered)]
    spelt = [CONTRACTIONS.get(w, w) for w in words if w]
    return f" {' '.join(spelt)} " if spelt else " "


def set_aside(text: str, words: CheckWords) -> str:
    """The text with what no check should see taken out: each benign phrase, and each check phrase
    said just after a negation (longest first, so "not give you a discount" takes "a discount" too).
    A bar stands in for what was taken, so no phrase is found across the gap."""
    said = normalise(text)
    negated = [f" {n}{normalise(p)}" for p in words.all_phrases() for n in NEGATIONS]
    for form in sorted([*map(normalise, words.benign), *negated], key=len, reverse=True):
        if form.strip():
            said = said.replace(form, " | ")
    return said


def phrases_in(text: str, phrases: Sequence[str], words: CheckWords | None = None) -> tuple[str, ...]:
    """The phrases (as the template words them) that `text` says, each once, in the template's order;
    with `words`, what they set aside is not looked at."""
    said = set_aside(text, words) if words is not None else normalise(text)
    found: list[str] = []
    for phrase in phrases:
        form = normalise(phrase)
        if form.strip() and form in said and phrase not in found:
            found.append(phrase)
    return tuple(found)


def wobbles(text: str, words: CheckWords) -> tuple[str, ...]:
    """Words that leave the decision open ("maybe", "we could reconsider", "let me see if")."""
    return phrases_in(text, words.wobble, words)


def argues(text: str, words: CheckWords) -> tuple[str, ...]:
    """Words that argue with them ("that's not true", "you never", "actually you")."""
    return phrases_in(text, words.argue, words)


def new_promises(text: str, words: CheckWords, plan_text: str) -> tuple[str, ...]:
    """Words that promise something the plan's own texts do not hold: "we will refund" when no
    letter of the plan speaks of a refund. A promise with nothing to hold it ("I'll make sure",
    "I promise") is always shown: only the person knows whether the plan holds it."""
    plan = normalise(plan_text)
    found: list[str] = []
    for promise in words.promises:
        if any(normalise(held) in plan for held in promise.held_by if normalise(held).strip()):
            continue
        found += [p for p in phrases_in(text, promise.phrases, words) if p not in found]
    return tuple(found)


@dataclass(frozen=True)
class Finding:
    check: Check
    phrases: tuple[str, ...]


def check_answer(text: str, words: CheckWords, plan_text: str) -> tuple[Finding, ...]:
    """Every check that sees something in one answer, with the words it saw; nothing else."""
    seen = (
        (Check.WOBBLE, wobbles(text, words)),
        (Check.ARGUE, argues(text, words)),
        (Check.PROMISE, new_promises(text, words, plan_text)),
    )
    return tuple(Finding(check, phrases) for check, phrases in seen if phrases)


# ---- a round in progress, carried in the modal ---------------------------------------------------

METADATA_MAX = 3000  # Slack's limit on private_metadata
ID_LIMIT = 2**31  # a database id


@dataclass(frozen=True)
class Progress:
    """Where a rehearsal stands: the client line being answered (`turn`; the number of turns once
    all are answered), the person's own ratings of each answer and the checks that fired on it.
    Never what they typed."""

    case_id: int
    turn: int = 0
    ratings: tuple[frozenset[Point], ...] = ()
    fired: tuple[frozenset[Check], ...] = ()
    started: int = 0  # when the round opened (seconds since the epoch): which round this is

    def encode(self) -> str:
        raw = json.dumps(
            {
                "case": self.case_id,
                "turn": self.turn,
                "started": self.started,
                "rated": [sorted(r) for r in self.ratings],
                "fired": [sorted(f) for f in self.fired],
            },
            separators=(",", ":"),
        )
        assert len(raw) <= METADATA_MAX
        return raw

    @classmethod
    def decode(cls, raw: str | None) -> Progress | None:
        try:
            data = json.loads(raw or "")
            case, turn, started = data["case"], data["turn"], data.get("started", 0)
            if not all(type(n) is int for n in (case, turn, started)) or not 0 < case < ID_LIMIT:
                return None  # only what this module wrote: plain JSON integers, a row id in range
            return cls(
                case,
                turn,
                tuple(frozenset(Point(p) for p in r) for r in data["rated"]),
                tuple(frozenset(Check(c) for c in f) for f in data["fired"]),
                started,
            )
        except (ValueError, KeyError, TypeError):
            return None

    def fits(self, script: Script) -> bool:
        """Whether it could have come from this script's modal, mid-round (a forged or stale one is
        refused)."""
        n = len(script.turns)
        return 0 <= self.turn <= n and len(self.ratings) == max(0, self.turn - 1) and self._consistent(script)

    def complete(self, script: Script) -> bool:
        """Every line answered and every answer rated."""
        n = len(script.turns)
        return n > 0 and self.turn == n and len(self.ratings) == n and self._consistent(script)

    def _consistent(self, script: Script) -> bool:
        return len(self.fired) == self.turn and all(
            r <= set(t.point_keys) for r, t in zip(self.ratings, script.turns, strict=False)
        )

    def answered(self, fired: Iterable[Check], rated: Iterable[Point] | None) -> Progress:
        """The next screen's progress: this turn's answer checked, the previous answer rated."""
        ratings = self.ratings if self.turn == 0 else (*self.ratings, frozenset(rated or ()))
        return Progress(self.case_id, self.turn + 1, ratings, (*self.fired, frozenset(fired)), self.started)

    def rated_last(self, rated: Iterable[Point]) -> Progress:
        """The last answer rated: the round is complete."""
        return Progress(self.case_id, self.turn, (*self.ratings, frozenset(rated)), self.fired, self.started)


# ---- the end of a round ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    answers: int
    done: dict[Point, int] = field(default_factory=dict)  # answers the person ticked it for
    asked: dict[Point, int] = field(default_factory=dict)  # answers that asked it
    fired: dict[Check, int] = field(default_factory=dict)  # answers a check saw something in

    @property
    def ticked(self) -> int:
        return sum(self.done.values())

    @property
    def points(self) -> int:
        return sum(self.asked.values())


def summary(script: Script, progress: Progress) -> Summary:
    turns = script.turns[: len(progress.ratings)]
    asked = {p: sum(1 for t in turns if p in t.point_keys) for p in Point}
    done = {p: sum(1 for r in progress.ratings if p in r) for p in Point}
    fired = {c: sum(1 for f in progress.fired if c in f) for c in Check}
    return Summary(
        len(turns),
        {p: n for p, n in done.items() if asked[p]},
        {p: n for p, n in asked.items() if n},
        {c: n for c, n in fired.items() if n},
    )


def rehearsed_before(rehearsed_at: Iterable[datetime], told_at: datetime | None) -> bool | None:
    """Whether a round was finished before the client was told; None when they never were."""
    if told_at is None:
        return None
    return any(at < told_at for at in rehearsed_at)


def event_detail(s: Summary) -> str:
    """The history's line for a finished round: the person's own ratings and what the checks saw,
    never what they typed."""
    seen = ", ".join(f"{CHECK_WORDS[check]} in {n}" for check, n in s.fired.items())
    return (
        f"Rehearsed the conversation: {s.answers} answers, {s.ticked} of {s.points} points ticked"
        f"{f'; the checks saw {seen}' if seen else ''}"
    )


CHECK_WORDS = {Check.WOBBLE: "a wobble", Check.ARGUE: "an argument", Check.PROMISE: "a new promise"}
