"""A lead's team figures learn nothing about any one ending: read, one ending closes, read again."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from bot.core.answers import Method, SituationKey
from bot.core.ledger import SMALLEST_GROUP, LedgerEntry
from bot.core.team_figures import counted
from tests.conftest import OTHER, OWNER
from tests.flow import complete
from tests.harness import Bot
from tests.test_ledger import close_told, home_text
from tests.test_team import ADMIN, LEAD, people, submit_lead


def figures(bot: Bot) -> str:
    """The team part of the lead's App Home (everything their figures say)."""
    text = home_text(bot, LEAD)
    start = text.find("Your team's endings")
    return text[start : text.find("\n\n", start) if "\n\n" in text[start:] else None] if start >= 0 else ""


def test_reading_before_and_after_one_ending_closes_learns_nothing_about_it(bot: Bot) -> None:
    people(bot)
    assert not submit_lead(bot, ADMIN, LEAD, [OWNER, OTHER]).text
    for n in range(6):  # six endings told in person or by phone
        user = OWNER if n % 2 else OTHER
        complete(bot, user, f"Client {n}")
        close_told(bot, user, f"Client {n}")
    before = figures(bot)
    assert "6 closed" in before and "*6 of 6*" in before
    # One person closes one more ending, told by letter: the figures do not move at all.
    complete(bot, OWNER, "By Letter Ltd", method="written")
    close_told(bot, OWNER, "By Letter Ltd")
    assert figures(bot) == before
    # Nor with a second; with a third the group is whole and three endings join at once.
    for n, method in ((7, "phone"), (8, "phone")):
        complete(bot, OTHER, f"Client {n}", method=method)
        close_told(bot, OTHER, f"Client {n}")
        if n == 7:
            assert figures(bot) == before
    after = figures(bot)
    assert "9 closed" in after and "*8 of 9*; the rest by letter" in after


def entry(closed_on: date, method: str = "phone") -> LedgerEntry:
    return LedgerEntry(
        situation=SituationKey.WE_END,
        closed_on=closed_on,
        method=Method(method),
        we_gave_notice=True,
        told_on=closed_on,
        notice_working_days=20,
        less_than_recommended=False,
        within_contract=True,
        referrals_in_writing=None,
        concerns_raised=0,
        concerns_resolved=0,
        reflected=False,
    )


def test_endings_join_and_age_out_of_a_period_only_in_whole_groups() -> None:
    k = SMALLEST_GROUP
    days = [date(2026, 1, d) for d in range(1, 2 * k + 2)]  # two whole groups and one more
    entries = [entry(day) for day in days]
    assert counted(entries, None) == entries[: 2 * k]
    assert counted(entries[: k - 1], None) == []
    # A period starting after the first ending: the whole first group is left out, not one ending.
    assert counted(entries, days[1]) == entries[k : 2 * k]
    assert counted(entries, days[k]) == entries[k : 2 * k]
    # Every single ending added or ageing out moves the count by a whole group or not at all.
    for n in range(len(entries) + 1):
        for since in (None, *days):
            a, b = len(counted(entries[:n], since)), len(counted(entries[: n + 1], since))
            assert b - a in (0, k)
            if since is not None:
                later = days[days.index(since) + 1] if since != days[-1] else date(2027, 1, 1)
                assert len(counted(entries[:n], since)) - len(counted(entries[:n], later)) in (0, k)
    assert all(isinstance(e, LedgerEntry) for e in counted([replace(e) for e in entries], None))
