"""The endings ledger: each closed case's entry, and the patterns App Home shows the person."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select

from bot.core.answers import Answers, Method, NoticeUnit, SituationKey, Tenure
from bot.core.calendar import WorkCalendar
from bot.core.ledger import EndingFacts, entry_of, patterns
from bot.services.retention import enforce as retention_enforce
from bot.slack.ids import Action
from bot.storage.models import Case, LedgerRow
from bot.storage.retention import retention_of
from tests.conftest import OTHER, OWNER
from tests.flow import complete
from tests.harness import Bot, all_text
from tests.test_cases import click_in, close_anyway

PLAIN = WorkCalendar()


def facts(told: date | None, method: Method = Method.PHONE, **more: Any) -> EndingFacts:
    answers = Answers(
        situation=SituationKey.WE_END,
        effective_date=date(2027, 2, 26),
        tenure=Tenure.OVER_FIVE,
        contract_notice_amount=30,
        contract_notice_unit=NoticeUnit.CALENDAR_DAYS,
        method=method,
    )
    values = {"referral_item": None, "concerns_raised": 0, "concerns_resolved": 0, "reflected": False}
    return EndingFacts(answers, date(2027, 3, 1), told, **{**values, **more})


def test_an_entry_judges_notice_against_the_contract_and_the_recommendation() -> None:
    on_time = entry_of(facts(date(2026, 12, 1)), PLAIN)
    assert on_time.less_than_recommended is False and on_time.within_contract is True
    assert on_time.notice_working_days == PLAIN.working_days_between(date(2026, 12, 1), date(2027, 2, 26))
    # 30 calendar days before 26 Feb is 27 Jan: telling them on 10 Feb is late on both counts.
    late = entry_of(facts(date(2027, 2, 10), Method.WRITTEN), PLAIN)
    assert late.less_than_recommended is True and late.within_contract is False
    assert late.notice_working_days == 12
    never = entry_of(facts(None), PLAIN)
    assert never.less_than_recommended is None and never.notice_working_days is None


def test_patterns_count_by_hand() -> None:
    entries = [
        entry_of(facts(date(2026, 12, 1), referral_item=True, concerns_raised=2, concerns_resolved=1), PLAIN),
        entry_of(facts(date(2027, 2, 10), Method.WRITTEN, referral_item=False, reflected=True), PLAIN),
        entry_of(facts(None, Method.IN_PERSON), PLAIN),
    ]
    found = patterns(entries)
    assert (found.endings, found.notice_judged, found.less_than_recommended, found.outside_contract) == (
        3,
        2,
        1,
        1,
    )
    assert (found.told_judged, found.told_personally) == (3, 2)
    assert (found.referrals_judged, found.referrals_in_writing) == (2, 1)
    assert (found.concerns_raised, found.concerns_resolved, found.reflected) == (2, 1, 1)


def open_case(bot: Bot, client: str, user: str = OWNER) -> dict[str, Any]:
    bot.event({"type": "app_home_opened", "user": user, "channel": "D1", "tab": "home"})
    home = bot.fake.homes[user]
    block = next(b for b in home["blocks"] if b.get("type") == "section" and client in str(b.get("text")))
    button = block["accessory"]
    bot.click(
        {"type": "button", "action_id": Action.OPEN_CASE, "block_id": "x", "value": button["value"]},
        user=user,
    )
    return bot.fake.views[list(bot.fake.views)[-1]]


def home_text(bot: Bot, user: str = OWNER) -> str:
    bot.event({"type": "app_home_opened", "user": user, "channel": "D1", "tab": "home"})
    return all_text(bot.fake.homes[user])


def test_app_home_shows_the_persons_own_patterns(bot: Bot) -> None:
    complete(bot, OWNER, "Acme Ltd")
    complete(bot, OWNER, "Globex", method="written")
    # Acme: told today, well ahead of the recommended date, by phone; then closed.
    view = click_in(bot, open_case(bot, "Acme Ltd"), Action.CLIENT_TOLD)
    close_anyway(bot, view)
    assert "*Your endings* · the last 12 months: 1 closed" in home_text(bot)
    assert "Looked back afterwards in *0 of 1*" in home_text(bot)
    # Globex: told by letter on 10 February, after both the recommended and the contract's dates.
    bot.clock.set(datetime(2027, 2, 10, 10, 0, tzinfo=UTC))
    view = click_in(bot, open_case(bot, "Globex"), Action.CLIENT_TOLD)
    close_anyway(bot, view)
    text = home_text(bot)
    assert "*Your endings* · the last 12 months: 2 closed" in text
    assert "Less notice than recommended in *1 of 2*; later than the contract allowed in *1*." in text
    assert "Told by phone, video or in person in *1 of 2*; the rest by letter." in text
    assert "Referrals sent in writing in *0 of 2*." in text
    assert "Looked back afterwards in *0 of 2*." in text
    # Someone else's Home shows none of it.
    assert "Your endings" not in home_text(bot, OTHER)
    # Reopened, a case leaves the ledger until it is closed again.
    with bot.db.session() as session:
        globex = session.scalars(select(Case).where(Case.client_name == "Globex")).one()
    bot.click({"type": "button", "action_id": Action.REOPEN_CASE, "block_id": "x", "value": str(globex.id)})
    assert "*Your endings* · the last 12 months: 1 closed" in home_text(bot)
    with bot.db.session() as session:
        assert len(session.scalars(select(LedgerRow)).all()) == 1


# ---- retention ---------------------------------------------------------------------------------
ADMIN = "U0000000A01"


def choose_retention(bot: Bot, user: str, value: str) -> None:
    choose(bot, user, Action.SET_RETENTION, "home_retention", value)


def choose(bot: Bot, user: str, action_id: str, block_id: str, value: str) -> str:
    """Pick `value` in a menu on App Home, as Slack sends it; what Home then shows."""
    action = {
        "type": "static_select",
        "action_id": action_id,
        "block_id": block_id,
        "selected_option": {"text": {"type": "plain_text", "text": value}, "value": value},
    }
    assert bot.click(action, user=user).status == 200
    return all_text(bot.fake.homes.get(user) or {})


def test_only_an_admin_sets_retention(bot: Bot) -> None:
    bot.fake.add_user(ADMIN, is_admin=True)
    home = home_text(bot, ADMIN)
    assert "Keep closed cases" in home
    choose_retention(bot, OWNER, "1y")  # not an admin: nothing changes
    with bot.db.session() as session:
        assert retention_of(session, bot.fake.team_id) is None
    choose_retention(bot, ADMIN, "1y")
    with bot.db.session() as session:
        assert retention_of(session, bot.fake.team_id) == 365
    block = next(b for b in bot.fake.homes[ADMIN]["blocks"] if b.get("block_id") == "home_retention")
    assert block["accessory"]["initial_option"]["value"] == "1y"
    assert "Keep closed cases" not in home_text(bot, OWNER)


def test_retention_deletes_exactly_the_closed_cases_past_it_and_keeps_anonymous_counts(bot: Bot) -> None:
    bot.fake.add_user(ADMIN, is_admin=True)
    for client in ("Old Ltd", "Recent Ltd", "Open Ltd"):
        complete(bot, OWNER, client)
    complete(bot, OTHER, "Cancelled Co")
    for client in ("Old Ltd",):
        view = click_in(bot, open_case(bot, client), Action.CLIENT_TOLD)
        close_anyway(bot, view)
    click_in(bot, open_case(bot, "Cancelled Co", OTHER), Action.CANCEL_CASE, user=OTHER)
    bot.clock.set(datetime(2027, 9, 1, 10, 0, tzinfo=UTC))
    view = click_in(bot, open_case(bot, "Recent Ltd"), Action.CLIENT_TOLD)
    close_anyway(bot, view)
    choose_retention(bot, ADMIN, "1y")
    # 1 Feb 2028: Old Ltd (closed 1 Dec 2026) and Cancelled Co are past a year; Recent Ltd is not.
    bot.clock.set(datetime(2028, 2, 1, 10, 0, tzinfo=UTC))
    assert retention_enforce(bot.deps) == (2, 1)
    with bot.db.session() as session:
        left = {c.client_name for c in session.scalars(select(Case))}
        rows = session.scalars(select(LedgerRow)).all()
        assert left == {"Recent Ltd", "Open Ltd"}
        assert sorted(r.owner_id for r in rows) == ["", OWNER]  # Old Ltd's entry: counted, not attributed
        assert all(r.case_id is None for r in rows if r.owner_id == "")
    assert "*Your endings* · the last 12 months: 1 closed" in home_text(bot)
    assert retention_enforce(bot.deps) == (0, 0)  # nothing more is due


# ---- periods and the team's patterns -----------------------------------------------------------
def close_told(bot: Bot, user: str, client: str) -> None:
    view = click_in(bot, open_case(bot, client, user), Action.CLIENT_TOLD, user=user)
    close_anyway(bot, view, user=user)


def choose_period(bot: Bot, user: str, value: str) -> str:
    return choose(bot, user, Action.LEDGER_PERIOD, "home_patterns", value)


def test_a_period_narrows_the_patterns(bot: Bot) -> None:
    complete(bot, OWNER, "Old Ltd")
    close_told(bot, OWNER, "Old Ltd")
    bot.clock.set(datetime(2028, 1, 10, 10, 0, tzinfo=UTC))  # more than a year later
    assert "the last 12 months: 0 closed" in home_text(bot)
    everything = choose_period(bot, OWNER, "all")
    assert "all time: 1 closed" in everything
    assert "in person in *1 of 1*." in everything and "the rest by letter" not in everything
    assert "the last 12 months: 0 closed" in choose_period(bot, OWNER, "year")


def test_a_lead_sees_the_teams_patterns_only_over_enough_endings(bot: Bot) -> None:
    lead, admin = "U0000000L01", "U0000000A01"
    bot.fake.add_user(admin, is_admin=True)
    bot.fake.add_user(lead)
    view = {"id": "VLEAD", "type": "modal", "callback_id": "team_lead", "private_metadata": ""}
    values: dict[str, Any] = {
        "lead": {"value": {"type": "users_select", "selected_user": lead}},
        "members": {"value": {"type": "multi_users_select", "selected_users": [OWNER, OTHER]}},
    }
    assert not bot.submit_view(view, values, admin).text
    for user, client in ((OWNER, "Acme Ltd"), (OTHER, "Globex")):
        complete(bot, user, client)
        close_told(bot, user, client)
    assert "Your team's endings" not in home_text(bot, lead)  # 2 endings: too few to show
    complete(bot, OWNER, "Initech", method="written")
    close_told(bot, OWNER, "Initech")
    text = home_text(bot, lead)
    assert "*Your team's endings* · the last 12 months: 3 closed by the people you lead" in text
    assert "Told by phone, video or in person in *2 of 3*; the rest by letter." in text
    assert "Less notice than recommended in *0 of 3*." in text
    assert "Client concerns resolved" not in text  # none raised
    # Their own Home shows the person's own figures, not the team's.
    assert "Your team's endings" not in home_text(bot, OWNER)


def test_the_ledger_goes_to_its_owner_by_dm_as_csv_and_chart(bot: Bot) -> None:
    click = {"type": "button", "action_id": Action.EXPORT_LEDGER, "block_id": "home_ledger_actions"}
    bot.click(click)
    assert "ledger is empty" in str(bot.fake.dms_to(OWNER)[-1]["text"])
    complete(bot, OWNER, "Acme Ltd")
    complete(bot, OWNER, "Globex", method="written")
    close_told(bot, OWNER, "Acme Ltd")
    bot.clock.set(datetime(2027, 2, 10, 10, 0, tzinfo=UTC))
    close_told(bot, OWNER, "Globex")
    assert bot.click(click).status == 200
    files = {f["name"]: f for f in bot.fake.files_in("D" + OWNER[1:])}
    assert set(files) == {"endings-ledger.csv", "notice-given.png"}
    lines = files["endings-ledger.csv"]["content"].decode().splitlines()
    assert lines[0].startswith("closed_on,situation,method,told_on,notice_working_days,less_than_recommended")
    assert lines[1].startswith("2026-12-01,we_end,phone,2026-12-01,")
    assert lines[2].startswith("2027-02-10,we_end,written,2027-02-10,12,yes,no,")
    assert "Acme" not in "\n".join(lines) and "Globex" not in "\n".join(lines)  # no client names
    assert files["notice-given.png"]["content"].startswith(b"\x89PNG")
    comment = str(files["endings-ledger.csv"]["comment"])
    assert "all time: 2 closed" in comment and "Less notice than recommended in *1 of 2*" in comment
    # Someone else's export holds only their own endings (none).
    bot.click(click, user=OTHER)
    assert not bot.fake.files_in("D" + OTHER[1:])
