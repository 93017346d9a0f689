"""Calendar entries: links (Google, Outlook) and the .ics, built purely and checked by parsing them
back; over signed HTTP, the buttons in the case and the plan's DM, the .ics by DM, and a change
of dates offering the same entries again (same UID, higher SEQUENCE)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from bot.core.answers import SituationKey
from bot.core.calendar_events import (
    URL_MAX,
    CalendarEntry,
    EntryKind,
    google_link,
    ics,
    outlook_link,
)
from bot.slack.calendar_offer import CalendarCopy, CalendarWords
from bot.slack.ids import Action, Block
from bot.text import template_module
from tests.conftest import OTHER, OWNER
from tests.flow import complete
from tests.harness import Bot, all_text
from tests.test_cases import open_from_home, the_case
from tests.test_exactly_once import change_dates
from tests.test_registries import methods

STAMP = datetime(2026, 3, 1, 12, tzinfo=UTC)


def talk(day: date, at: time, tz: str, details: str = "Agenda:\n- thank them") -> CalendarEntry:
    return CalendarEntry(42, EntryKind.CONVERSATION, "Acme & Co: the conversation", details, day, tz, at)


def query(link: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(link).query, keep_blank_values=True).items()}


def parsed_events(raw: bytes) -> list[Any]:
    return list(Calendar.from_ical(raw).walk("VEVENT"))


# 10:00 local on each side of each zone's spring and autumn changes (2026: London 29 March and
# 25 October; New York 8 March and 1 November), with the UTC moment it is.
DST_CASES = [
    ("Europe/London", date(2026, 3, 27), "20260327T100000Z"),  # GMT
    ("Europe/London", date(2026, 3, 30), "20260330T090000Z"),  # BST
    ("Europe/London", date(2026, 10, 23), "20261023T090000Z"),  # BST
    ("Europe/London", date(2026, 10, 26), "20261026T100000Z"),  # GMT
    ("America/New_York", date(2026, 3, 6), "20260306T150000Z"),  # EST
    ("America/New_York", date(2026, 3, 9), "20260309T140000Z"),  # EDT
    ("America/New_York", date(2026, 10, 30), "20261030T140000Z"),  # EDT
    ("America/New_York", date(2026, 11, 2), "20261102T150000Z"),  # EST
]


@pytest.mark.parametrize(("tz", "day", "utc"), DST_CASES)
def test_links_carry_the_utc_moment_either_side_of_a_dst_change(tz: str, day: date, utc: str) -> None:
    entry = talk(day, time(10), tz)
    google = query(google_link(entry))
    end = datetime.strptime(utc, "%Y%m%dT%H%M%SZ").replace(minute=30).strftime("%Y%m%dT%H%M%SZ")
    assert google["dates"] == f"{utc}/{end}"
    assert google["action"] == "TEMPLATE" and google["text"] == "Acme & Co: the conversation"
    assert google["details"] == "Agenda:\n- thank them"
    outlook = query(outlook_link(entry))
    start = datetime.strptime(utc, "%Y%m%dT%H%M%SZ")
    assert outlook["startdt"] == start.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert outlook["enddt"] == start.replace(minute=30).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert outlook["subject"] == "Acme & Co: the conversation" and outlook["body"] == "Agenda:\n- thank them"


@pytest.mark.parametrize(("tz", "day", "utc"), DST_CASES)
def test_the_ics_parses_back_to_the_same_moment_in_the_owners_zone(tz: str, day: date, utc: str) -> None:
    raw = ics([talk(day, time(10), tz)], STAMP)
    cal = Calendar.from_ical(raw)
    assert [str(z["TZID"]) for z in cal.walk("VTIMEZONE")] == [tz]  # the zone travels with the file
    (event,) = parsed_events(raw)
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start.replace(tzinfo=None) == datetime.combine(day, time(10))  # wall time as typed
    assert event["DTSTART"].params["TZID"] == tz
    assert start.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ") == utc
    assert (end - start).total_seconds() == 30 * 60
    assert str(event["UID"]) == "42-conversation@endings-coach" and event.decoded("SEQUENCE") == 0
    assert str(event["SUMMARY"]) == "Acme & Co: the conversation"
    assert event.decoded("DTSTAMP") == STAMP


def test_a_meeting_that_spans_the_clock_change_lasts_its_real_length() -> None:
    # 00:45 on the night London springs forward: 30 minutes later is 02:15 on the wall.
    entry = CalendarEntry(
        1, EntryKind.CONVERSATION, "t", "d", date(2026, 3, 29), "Europe/London", time(0, 45)
    )
    (event,) = parsed_events(ics([entry], STAMP))
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert end.astimezone(UTC) - start.astimezone(UTC) == (datetime(2026, 1, 1, 0, 30) - datetime(2026, 1, 1))
    assert end.replace(tzinfo=None) == datetime(2026, 3, 29, 2, 15)
    assert query(google_link(entry))["dates"] == "20260329T004500Z/20260329T011500Z"


def test_an_entry_without_a_time_is_all_day_in_links_and_ics() -> None:
    entry = CalendarEntry(7, EntryKind.NOTIFY_BY, "Tell them by", "d", date(2026, 10, 25), "America/New_York")
    assert query(google_link(entry))["dates"] == "20261025/20261026"
    outlook = query(outlook_link(entry))
    assert (outlook["startdt"], outlook["enddt"], outlook["allday"]) == ("2026-10-25", "2026-10-26", "true")
    (event,) = parsed_events(ics([entry], STAMP))
    assert event.decoded("DTSTART") == date(2026, 10, 25) and event.decoded("DTEND") == date(2026, 10, 26)
    assert str(event["UID"]) == "7-notify-by@endings-coach"


def test_a_long_agenda_is_shortened_to_fit_slacks_url_limit() -> None:
    entry = talk(date(2026, 5, 5), time(9), "Europe/London", details="Agenda:\n" + "- a point & more\n" * 400)
    for link in (google_link(entry), outlook_link(entry)):
        assert len(link) <= URL_MAX
        shown = query(link).get("details") or query(link)["body"]
        assert shown.startswith("Agenda:\n- a point & more") and shown.endswith("…")
    # The .ics keeps it whole.
    (event,) = parsed_events(ics([entry], STAMP))
    assert str(event["DESCRIPTION"]).count("- a point & more") == 400


def test_the_calendar_templates_have_the_macros_their_protocols_name() -> None:
    for template, protocol in (("calendar.txt.j2", CalendarWords), ("calendar.md.j2", CalendarCopy)):
        module = template_module(template)
        for name, parameters in methods(protocol).items():
            assert list(getattr(module, name).arguments) == parameters, (template, name)


# ---- over signed HTTP, against the fake Slack -------------------------------------------------


def calendar_buttons(message: dict[str, Any]) -> dict[str, dict[str, Any]]:
    for block in message["blocks"]:
        if block.get("block_id") == Block.CALENDAR_ACTIONS:
            return {e["action_id"]: e for e in block["elements"]}
    return {}


def send_ics(bot: Bot, message: dict[str, Any], user: str = OWNER) -> dict[str, Any]:
    button = calendar_buttons(message)[Action.SEND_ICS]
    action = {
        "type": "button",
        "action_id": Action.SEND_ICS,
        "block_id": "calendar_actions",
        "value": button["value"],
    }
    assert bot.click(action, user=user).status == 200
    return bot.fake.files_in("D" + user[1:])[-1] if bot.fake.files_in("D" + user[1:]) else {}


def test_the_case_and_the_plan_dm_offer_the_calendar_and_the_ics_arrives_by_dm(bot: Bot) -> None:
    complete(bot, OWNER)
    case = the_case(bot)
    plan_dm = bot.fake.dms_to(OWNER)[0]
    assert "Your plan is ready" in all_text(plan_dm)
    view = open_from_home(bot)
    for message in (plan_dm, view):
        buttons = calendar_buttons(message)
        google = query(buttons[f"{Action.CALENDAR_LINK_PREFIX}conversation_google"]["url"])
        # The sample conversation: 10:30 in London on the planned day, in UTC in the link.
        start = datetime.combine(case.conversation_date, time(10, 30), tzinfo=ZoneInfo("Europe/London"))
        assert google["dates"].startswith(start.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ") + "/")
        assert "Sam Harlow" in google["text"] and "Acme Ltd" in google["text"]
        assert f"{Action.CALENDAR_LINK_PREFIX}notify-by_outlook" in buttons
        assert all(len(b["url"]) <= URL_MAX for b in buttons.values() if "url" in b)
    # Slack sends a click on a url button too: it is acknowledged, nothing else.
    posted = len(bot.fake.posted)
    link = {
        "type": "button",
        "action_id": f"{Action.CALENDAR_LINK_PREFIX}conversation_google",
        "block_id": "x",
    }
    assert bot.click(link).status == 200 and len(bot.fake.posted) == posted
    sent = send_ics(bot, plan_dm)
    assert sent["name"] == "acme-ltd-calendar.ics"
    assert "Calendar entries for *Acme Ltd*" in str(sent["comment"])
    events = {str(e["UID"]): e for e in parsed_events(sent["content"])}
    assert set(events) == {f"{case.id}-conversation@endings-coach", f"{case.id}-notify-by@endings-coach"}
    talk_event = events[f"{case.id}-conversation@endings-coach"]
    assert talk_event.decoded("DTSTART") == datetime.combine(
        case.conversation_date, time(10, 30), tzinfo=ZoneInfo("Europe/London")
    )
    description = str(talk_event["DESCRIPTION"])
    assert "Sam Harlow" in description and "\n\nAgenda:\n- Thank them first" in description
    assert talk_event.decoded("SEQUENCE") == 0
    uploads = bot.fake.calls_to("files.completeUploadExternal")
    assert uploads[-1].args["channel_id"] == "D" + OWNER[1:]
    # Someone else pressing the same button gets nothing of this case.
    assert not send_ics(bot, plan_dm, user=OTHER)


def test_a_change_of_dates_offers_the_same_entries_with_a_higher_sequence(bot: Bot) -> None:
    complete(bot, OWNER)
    case = the_case(bot)
    first = {
        str(e["UID"]): e.decoded("SEQUENCE")
        for e in parsed_events(send_ics(bot, bot.fake.dms_to(OWNER)[0])["content"])
    }
    response = change_dates(bot, conversation_date="2027-01-11", conversation_time="14:00")
    assert response.status == 200 and response.text == "", response.text
    offer = next(m for m in reversed(bot.fake.dms_to(OWNER)) if "Your dates changed" in all_text(m))
    google = query(calendar_buttons(offer)[f"{Action.CALENDAR_LINK_PREFIX}conversation_google"]["url"])
    assert google["dates"] == "20270111T140000Z/20270111T143000Z"  # London in winter: GMT
    after = parsed_events(send_ics(bot, offer)["content"])
    assert {str(e["UID"]): e.decoded("SEQUENCE") for e in after} == {uid: 1 for uid in first}
    assert set(first) == {f"{case.id}-conversation@endings-coach", f"{case.id}-notify-by@endings-coach"}
    moved = next(e for e in after if str(e["UID"]).endswith("-conversation@endings-coach"))
    assert moved.decoded("DTSTART").replace(tzinfo=None) == datetime(2027, 1, 11, 14, 0)
    change_dates(bot, conversation_date="2027-01-12")
    again = next(m for m in reversed(bot.fake.dms_to(OWNER)) if "Your dates changed" in all_text(m))
    assert {e.decoded("SEQUENCE") for e in parsed_events(send_ics(bot, again)["content"])} == {2}


def test_a_handover_offers_the_joint_introduction(bot: Bot) -> None:
    complete(bot, OWNER, situation=SituationKey.HANDOVER)
    case = the_case(bot)
    buttons = calendar_buttons(open_from_home(bot))
    assert f"{Action.CALENDAR_LINK_PREFIX}introduction_google" in buttons
    intro = query(buttons[f"{Action.CALENDAR_LINK_PREFIX}introduction_outlook"]["url"])
    assert intro["allday"] == "true" and "Priya Shah" in intro["subject"]
    uids = {str(e["UID"]) for e in parsed_events(send_ics(bot, bot.fake.dms_to(OWNER)[0])["content"])}
    assert f"{case.id}-introduction@endings-coach" in uids


def test_the_ics_is_in_the_owners_own_time_zone(bot: Bot) -> None:
    complete(bot, OTHER)  # Slack gives them America/New_York
    case = the_case(bot)
    assert case.owner_tz == "America/New_York"
    cal = Calendar.from_ical(send_ics(bot, bot.fake.dms_to(OTHER)[0], user=OTHER)["content"])
    assert [str(z["TZID"]) for z in cal.walk("VTIMEZONE")] == ["America/New_York"]
    talk_event = next(e for e in cal.walk("VEVENT") if str(e["UID"]).endswith("-conversation@endings-coach"))
    assert talk_event["DTSTART"].params["TZID"] == "America/New_York"
    start = datetime.combine(case.conversation_date, time(10, 30), tzinfo=ZoneInfo("America/New_York"))
    assert talk_event.decoded("DTSTART") == start
    google = query(
        calendar_buttons(bot.fake.dms_to(OTHER)[0])[f"{Action.CALENDAR_LINK_PREFIX}conversation_google"][
            "url"
        ]
    )
    assert google["dates"].startswith(start.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ"))
