"""The rehearsal's pure core and its words: each check with good and bad answers, typed loosely;
every situation's script (five lines in the order conversations go, every coached answer passing
every check, the points short enough for Slack); the round's state and its summary."""

from __future__ import annotations

import pytest

from bot import copydeck
from bot.core.answers import Answers, PriceChangeKind, SituationKey
from bot.core.rehearsal import (
    Check,
    CheckWords,
    Point,
    Progress,
    PromiseWords,
    Stage,
    argues,
    check_answer,
    event_detail,
    new_promises,
    normalise,
    phrases_in,
    rehearsed_before,
    summary,
    wobbles,
)
from bot.slack.rehearsal_views import rehearsal_view, summary_view
from bot.text import template_module
from tests.blockkit import view_errors
from tests.test_registries import methods

WORDS = copydeck.rehearsal_script(SituationKey.WE_END).checks
ORDER = [Stage.OPENING, Stage.FEELING, Stage.PUSHBACK, Stage.PRACTICAL, Stage.REOPEN]


# ---- the checks, good and bad answers ---------------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        "Maybe we could look at it again.",
        "MAYBE.",
        "We could reconsider, I suppose",
        "we could reconsider",
        "Let me see if there's anything I can do",
        "let me see if",
        "It’s not set in stone",
        "I'll think about it and come back to you",
        "ill think about it",
    ],
)
def test_a_wobble_is_seen_however_it_is_typed(answer: str) -> None:
    assert wobbles(answer, WORDS), answer


@pytest.mark.parametrize(
    "answer",
    [
        "The decision is made, and I want to help you move well.",
        "We won't reconsider, I'm afraid; the decision is made.",
        "We can't reconsider it.",
        "I have thought about it carefully.",
        "Mayberry Studio is one of the firms I'd suggest.",  # a word that only starts the same
        "Let me send you the names in writing.",
    ],
)
def test_a_firm_answer_is_not_a_wobble(answer: str) -> None:
    assert not wobbles(answer, WORDS), answer


@pytest.mark.parametrize(
    "answer",
    [
        "That's not true.",
        "thats not true",
        "That’s not true at all",
        "That is not true",
        "You never paid on time",
        "Actually you signed it yourself",
        "To be fair, you were told.",  # commas between the words do not hide it
    ],
)
def test_arguing_is_seen_however_it_is_typed(answer: str) -> None:
    found = argues(answer, WORDS)
    assert found, answer


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        # Good answers, typed quickly, that hold a check's words.
        ("you never need to worry about the files, we hand them all over", WORDS),
        ("you never have to explain it again, i'll brief them", WORDS),
        ("its not your fault at all", WORDS),
        ("It’s not your fault.", WORDS),
        ("you should have the letter by friday", WORDS),
        ("you should have it in writing today", WORDS),
        ("let me see if i understand: the budget is the worry?", WORDS),
        ("let me see if i have this right: the worry is the budget?", WORDS),
        ("we will not be offering a discount, but the options may help", WORDS),
        ("you always have my number if anything comes up", WORDS),
        ("perhaps we could book a call next week to go through the handover", WORDS),
        ("i cant give you a discount on the call, ill come back to you in writing", WORDS),
        ("We won't lower the price, but I'll take you through the options.", WORDS),
        (
            "if you ever change your mind our door is open",
            copydeck.rehearsal_script(SituationKey.CLIENT_LEAVES).checks,
        ),
        ("no problem at all, i wont press", copydeck.rehearsal_script(SituationKey.CLIENT_LEAVES).checks),
        ("ill stay on hand for the first few weeks", copydeck.rehearsal_script(SituationKey.HANDOVER).checks),
    ],
)
def test_a_good_answer_that_holds_a_checks_words_is_not_flagged(answer: str, words: CheckWords) -> None:
    assert check_answer(answer, words, "") == (), answer


def test_what_is_set_aside_leaves_the_rest_of_the_answer_checked() -> None:
    # The benign or negated words go; an argument or a promise beside them is still seen.
    assert argues("it's not your fault, but you never told us", WORDS) == ("you never",)
    assert argues("you never need to worry. you should have paid", WORDS) == ("you should have",)
    assert new_promises("we can't lower the price, but we can give you a discount", WORDS, "") == (
        "a discount",
        "give you a discount",
    )
    assert new_promises("don't worry, ill make sure", WORDS, "") == ("I’ll make sure",)
    assert argues("No, that's not true.", WORDS) == ("that’s not true",)  # "no" does not turn it round
    assert argues("you shouldve paid", WORDS) == ("you should have",)  # typed without the apostrophe


def test_for_cause_flags_a_promise_of_secrecy() -> None:
    for_cause = copydeck.rehearsal_script(SituationKey.FOR_CAUSE).checks
    assert new_promises("Nobody outside our two firms.", for_cause, "") == ("nobody outside",)
    assert new_promises("Only the people here who need to know.", for_cause, "") == ()


def test_to_be_fair_you_is_whole_words_across_a_comma() -> None:
    assert argues("To be fair, you were told.", WORDS) == ("to be fair you",)


@pytest.mark.parametrize(
    "answer",
    [
        "I hear that you see it differently, and I won't go through it on this call.",
        "I understand you're upset.",
        "Thank you for all the years we worked together.",
        "Truthfully, it was a hard decision.",
    ],
)
def test_a_calm_answer_does_not_argue(answer: str) -> None:
    assert not argues(answer, WORDS), answer


def test_a_promise_the_plan_does_not_hold_is_seen() -> None:
    assert new_promises("We'll refund you the retainer.", WORDS, "Thank you for your business.") == (
        "we’ll refund",
        "refund you",
    )
    assert new_promises("It's free of charge", WORDS, "") == ("free of charge",)
    assert new_promises("I'll make sure it's done", WORDS, "") == ("I’ll make sure",)
    assert new_promises("ill make sure its done", WORDS, "") == ("I’ll make sure",)  # typed loosely


def test_a_promise_the_plans_letters_hold_is_not_flagged() -> None:
    letter = "We will REFUND the unused part of your retainer by 1 March."
    assert new_promises("We'll refund you the retainer.", WORDS, letter) == ()
    assert new_promises("It's free of charge", WORDS, "We are glad to waive the notice period.") == ()
    # A promise with nothing to hold it is always shown: only the person knows.
    assert new_promises("I promise", WORDS, "I promise") == ("I promise",)


def test_an_answer_without_promises_has_none() -> None:
    assert new_promises("I'll send you the names of two studios I trust.", WORDS, "") == ()
    assert new_promises("There is no refund, I'm afraid.", WORDS, "") == ()


def test_check_answer_names_only_what_it_sees() -> None:
    assert check_answer("The decision is made.", WORDS, "") == ()
    found = check_answer("Maybe. That's not true. I promise.", WORDS, "")
    assert [(f.check, f.phrases) for f in found] == [
        (Check.WOBBLE, ("maybe",)),
        (Check.ARGUE, ("that’s not true",)),
        (Check.PROMISE, ("I promise",)),
    ]


def test_normalise_spells_out_contractions_and_keeps_whole_words() -> None:
    assert normalise("That’s NOT true!") == " that is not true "
    assert normalise("we’ll") == normalise("We'll") == " we will "
    assert phrases_in("Theymaybe", ("maybe",)) == ()
    assert phrases_in("", ("maybe",)) == ()


def test_a_situations_own_words_are_added_to_the_shared_ones() -> None:
    for_cause = copydeck.rehearsal_script(SituationKey.FOR_CAUSE).checks
    assert wobbles("If you pay by Friday we can carry on.", for_cause) == ("we can carry on",)
    # The plan's own terms are not a wobble: the files go over once the balance is paid.
    assert not wobbles("once you pay, we'll release the files. the notice stands even if you pay", for_cause)
    assert not wobbles(
        "If you pay by Friday we can carry on.", copydeck.rehearsal_script(SituationKey.HANDOVER).checks
    )
    assert "maybe" in for_cause.wobble  # the shared words too
    words = CheckWords(promises=(PromiseWords(("write off",), ("write off",)),))
    assert new_promises("We'll write off the balance", words, "") == ("write off",)


# ---- every situation's script -------------------------------------------------------------------

SCRIPTS = [(key, None) for key in SituationKey] + [
    (SituationKey.PRICE_CHANGE, Answers(change_kind=PriceChangeKind.PAYMENT))
]


@pytest.mark.parametrize(("key", "a"), SCRIPTS, ids=lambda v: str(v) if v else "")
def test_every_script_runs_in_the_order_conversations_go(key: SituationKey, a: Answers | None) -> None:
    script = copydeck.rehearsal_script(key, a)
    assert [t.stage for t in script.turns] == ORDER
    for turn in script.turns:
        assert turn.line and turn.coached and 3 <= len(turn.points) <= 5
        assert len(set(turn.point_keys)) == len(turn.points)
        assert all(len(words) <= 75 for _, words in turn.points)  # a checkbox option's limit
        # The coached answer is itself a good answer: no check sees anything in it.
        assert check_answer(turn.coached, script.checks, "") == (), (key, turn.coached)
    # Each point is asked somewhere in the round.
    assert {p for t in script.turns for p in t.point_keys} == set(Point)


def test_the_payment_change_has_its_own_script() -> None:
    price = copydeck.rehearsal_script(SituationKey.PRICE_CHANGE, Answers(change_kind=PriceChangeKind.PRICE))
    payment = copydeck.rehearsal_script(
        SituationKey.PRICE_CHANGE, Answers(change_kind=PriceChangeKind.PAYMENT)
    )
    assert price.turns[0].line != payment.turns[0].line and "paid this way" in payment.turns[0].line


def test_the_rehearsal_template_has_the_macros_its_protocol_names() -> None:
    module = template_module("rehearsal.md.j2")
    for name, parameters in methods(copydeck.RehearsalCopy).items():
        assert list(getattr(module, name).arguments) == parameters, name


# ---- the round's state, the views and the summary ------------------------------------------------


def test_progress_round_trips_and_refuses_what_no_modal_could_hold() -> None:
    script = copydeck.rehearsal_script(SituationKey.WE_END)
    p = Progress(7).answered([Check.WOBBLE], None).answered([], {Point.ACKNOWLEDGE, Point.KEEP})
    assert Progress.decode(p.encode()) == p and p.fits(script)
    assert Progress.decode("{}") is None and Progress.decode("not json") is None
    assert Progress.decode('{"case":1,"turn":0,"rated":[["bogus"]],"fired":[]}') is None
    for case in ('"12"', "-1", "0", "2147483648", "true", "1.0"):
        assert Progress.decode(f'{{"case":{case},"turn":0,"rated":[],"fired":[]}}') is None, case
    assert not Progress(7, turn=3).fits(script)  # three answers, but nothing fired or rated
    assert not Progress(7, 1, (frozenset({Point.NO_PROMISE}),), (frozenset(),)).fits(script)
    assert not p.complete(script)


def test_the_summary_counts_the_persons_ticks_and_the_checks() -> None:
    script = copydeck.rehearsal_script(SituationKey.WE_END)
    p = Progress(1)
    for n in range(len(script.turns)):
        rated = set(script.turns[n - 1].point_keys) if n else None
        p = p.answered([Check.ARGUE] if n == 2 else [], rated)
    p = p.rated_last({Point.KEEP})
    assert p.complete(script)
    s = summary(script, p)
    assert s.answers == 5 and s.fired == {Check.ARGUE: 1}
    assert s.asked[Point.KEEP] == 3 and s.done[Point.KEEP] == 3
    assert s.asked[Point.ACKNOWLEDGE] == 5 and s.done[Point.ACKNOWLEDGE] == 4
    assert event_detail(s) == (
        f"Rehearsed the conversation: 5 answers, {s.ticked} of {s.points} points ticked; "
        "the checks saw an argument in 1"
    )


@pytest.mark.parametrize("key", list(SituationKey))
def test_every_screen_is_a_valid_modal(key: SituationKey) -> None:
    from bot.services.inputs import CaseId
    from bot.services.rehearsal import Rehearsal

    script = copydeck.rehearsal_script(key)
    r = Rehearsal(CaseId(3), "Harlow & Finch <Ltd>", "sam", False, script)
    p = Progress(3)
    views = [rehearsal_view(r, p)]
    long_answer = "<!here> " + "word " * 290
    for n in range(len(script.turns)):
        findings = check_answer("maybe that's not true, I promise", script.checks, "")
        p = p.answered([f.check for f in findings], set(script.turns[n - 1].point_keys) if n else None)
        views.append(rehearsal_view(r, p, long_answer, findings))
    p = p.rated_last(set())
    views.append(summary_view(r, summary(script, p), True))
    assert "Harlow &amp; Finch &lt;Ltd&gt;" in str(views[0]) and "&lt;!here&gt;" in str(views[1])
    for view in views:
        assert view_errors(view) == [], view_errors(view)
        assert "<!here>" not in str(view)
        assert len(view["blocks"]) <= 100 and len(view.get("private_metadata", "")) <= 3000


def test_the_client_leaving_tells_you_and_the_modal_says_so() -> None:
    from bot.services.inputs import CaseId
    from bot.services.rehearsal import Rehearsal

    def screens(key: SituationKey) -> tuple[str, str, str]:
        script = copydeck.rehearsal_script(key)
        r = Rehearsal(CaseId(3), "Harlow & Finch", "Sam", False, script)
        p = Progress(3).answered([Check.WOBBLE], None)
        findings = check_answer("please stay, maybe", script.checks, "")
        done = Progress(3, 5, tuple(frozenset() for _ in range(5)), tuple(frozenset() for _ in range(5)))
        return (
            str(rehearsal_view(r, Progress(3))),
            str(rehearsal_view(r, p, "please stay", findings)),
            str(summary_view(r, summary(script, done), True)),
        )

    intro, feedback, end = screens(SituationKey.CLIENT_LEAVES)
    assert "Imagine they have just told you they are leaving" in intro and "told them" not in intro
    assert "It may sound like asking them to stay" in feedback and "say what is decided" not in feedback
    assert "Accepted their decision: 0 of" in end and "Kept the decision" not in end
    intro, feedback, end = screens(SituationKey.WE_END)
    assert "Imagine you have just told them" in intro and "It may sound open" in feedback
    assert "Kept the decision: 0 of" in end


def test_a_round_carries_when_it_opened() -> None:
    p = Progress(7, started=1_796_000_000).answered([], None).answered([Check.ARGUE], {Point.KEEP})
    assert p.started == 1_796_000_000 and Progress.decode(p.encode()) == p
    assert p.rated_last({Point.KEEP}).started == 1_796_000_000
    assert Progress.decode('{"case":1,"turn":0,"rated":[],"fired":[]}') == Progress(1)  # opened before
    assert Progress.decode('{"case":1,"turn":0,"started":"x","rated":[],"fired":[]}') is None


def test_rehearsed_before_telling_is_judged_only_once_they_were_told() -> None:
    from datetime import UTC, datetime

    told = datetime(2027, 1, 12, 10, 30, tzinfo=UTC)
    assert rehearsed_before([datetime(2027, 1, 11, 16, tzinfo=UTC)], told) is True
    assert rehearsed_before([told], told) is False  # not before
    assert rehearsed_before([datetime(2027, 1, 13, tzinfo=UTC)], told) is False
    assert rehearsed_before([], told) is False
    assert rehearsed_before([datetime(2027, 1, 11, tzinfo=UTC)], None) is None


def test_the_patterns_count_rehearsed_before_telling_them() -> None:
    from datetime import date

    from bot.core.answers import Method
    from bot.core.ledger import LedgerEntry, patterns

    def entry(rehearsed: bool | None) -> LedgerEntry:
        day = date(2027, 3, 1)
        return LedgerEntry(
            SituationKey.WE_END,
            day,
            Method.PHONE,
            True,
            day,
            20,
            False,
            True,
            None,
            0,
            0,
            False,
            "",
            rehearsed,
        )

    p = patterns([entry(True), entry(False), entry(None), entry(True)])
    assert (p.rehearsed_before_told, p.rehearsed_judged) == (2, 3)
    assert "Rehearsed before telling them in *2 of 3*" in copydeck.HOME.patterns(p=p, period="all")
