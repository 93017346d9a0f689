"""Team leads, named by a workspace admin from App Home, over signed HTTP against the fake Slack."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.app import build_sweeper_client
from bot.core.answers import SituationKey
from bot.core.calendar import WorkCalendar
from bot.core.digest import digest_due
from bot.core.risk import OpenItem, RiskReason, risk_of
from bot.core.schedule import Window
from bot.holiday_calendar import calendar_for
from bot.reminders.digests import send_digests
from bot.services.read_models import case_view
from bot.services.roles import SharedCase, TeamView
from bot.slack.ids import Action, Block, Callback
from bot.slack.team_views import team_blocks
from bot.storage.models import Case, CaseStatus, TeamMember
from tests.blockkit import view_errors
from tests.conftest import OTHER, OWNER
from tests.flow import complete
from tests.harness import Bot, all_text, find_action, state_from_view
from tests.test_cases import click_in, open_from_home, the_case
from tests.test_reminders import sweep


def digests(bot: Bot) -> int:
    """The weekly digests' job, run now: how many went out."""
    return send_digests(bot.deps, build_sweeper_client(bot.deps))


ADMIN, LEAD, MEMBER, OTHER_MEMBER = "U0000000A01", "U0000000L01", "U0000000M01", "U0000000M02"


def people(bot: Bot, admin: bool = True) -> None:
    bot.fake.add_user(ADMIN, real_name="Ada Admin", is_admin=admin)
    for user in (LEAD, MEMBER, OTHER_MEMBER):
        bot.fake.add_user(user, real_name=user)


def open_home(bot: Bot, user: str) -> dict[str, Any]:
    assert bot.event({"type": "app_home_opened", "user": user, "channel": "D1", "tab": "home"}).status == 200
    return bot.fake.homes[user]


def submit_lead(bot: Bot, user: str, lead: str | None, members: list[str]) -> Any:
    view = {"id": "VLEAD", "type": "modal", "callback_id": Callback.TEAM_LEAD, "private_metadata": ""}
    values: dict[str, Any] = {
        Block.LEAD: {Action.INPUT: {"type": "users_select", "selected_user": lead}},
        Block.LEAD_MEMBERS: {Action.INPUT: {"type": "multi_users_select", "selected_users": members}},
    }
    return bot.submit_view(view, values, user)


def stored(bot: Bot) -> set[tuple[str, str, str]]:
    with bot.db.session() as session:
        rows = session.scalars(select(TeamMember)).all()
        return {(r.team_id, r.member_id, r.lead_id) for r in rows}


def test_an_admin_names_a_lead_from_app_home(bot: Bot) -> None:
    people(bot)
    home = open_home(bot, ADMIN)
    block, button = find_action(home, Action.NAME_LEAD)
    assert block["block_id"] == Block.HOME_TEAM
    bot.click({"type": "button", "action_id": button["action_id"], "block_id": block["block_id"]}, user=ADMIN)
    opened = bot.fake.calls_to("views.open")[-1].args["view"]
    assert opened["callback_id"] == Callback.TEAM_LEAD
    reply = submit_lead(bot, ADMIN, LEAD, [MEMBER, OTHER_MEMBER])
    assert reply.status == 200 and not reply.text
    assert stored(bot) == {(bot.fake.team_id, MEMBER, LEAD), (bot.fake.team_id, OTHER_MEMBER, LEAD)}
    assert f"<@{LEAD}> leads <@{MEMBER}>, <@{OTHER_MEMBER}>" in all_text(bot.fake.homes[ADMIN])
    assert f"Your team lead: <@{LEAD}>" in all_text(open_home(bot, MEMBER))
    assert f"You lead <@{MEMBER}>, <@{OTHER_MEMBER}>" in all_text(open_home(bot, LEAD))


def test_naming_again_moves_members_and_drops_those_left_out(bot: Bot) -> None:
    people(bot)
    submit_lead(bot, ADMIN, LEAD, [MEMBER, OTHER_MEMBER])
    team = bot.fake.team_id
    # A member becomes a lead of their own (and keeps theirs): MEMBER moves to them.
    submit_lead(bot, ADMIN, OTHER_MEMBER, [MEMBER])
    assert stored(bot) == {(team, MEMBER, OTHER_MEMBER), (team, OTHER_MEMBER, LEAD)}
    # LEAD now leads only MEMBER: MEMBER moves back, OTHER_MEMBER (not named) is no longer theirs.
    submit_lead(bot, ADMIN, LEAD, [MEMBER])
    assert stored(bot) == {(team, MEMBER, LEAD)}


def test_a_lead_cannot_lead_themselves_or_nobody(bot: Bot) -> None:
    people(bot)
    reply = submit_lead(bot, ADMIN, LEAD, [LEAD, MEMBER])
    assert reply.json["response_action"] == "errors"
    assert "own members" in reply.json["errors"][Block.LEAD_MEMBERS]
    reply = submit_lead(bot, ADMIN, None, [])
    assert set(reply.json["errors"]) == {Block.LEAD, Block.LEAD_MEMBERS}
    assert stored(bot) == set()


def test_someone_who_is_not_an_admin_is_refused_everywhere(bot: Bot) -> None:
    people(bot, admin=False)
    home = open_home(bot, ADMIN)
    assert Action.NAME_LEAD.value not in str(home["blocks"])
    # A forged click opens an explanation, not the form.
    bot.click({"type": "button", "action_id": Action.NAME_LEAD, "block_id": Block.HOME_TEAM}, user=ADMIN)
    opened = bot.fake.calls_to("views.open")[-1].args["view"]
    assert opened["callback_id"] != Callback.TEAM_LEAD
    assert "Only a workspace admin or owner" in all_text(opened)
    # A forged submission is refused inline, and nothing is stored.
    reply = submit_lead(bot, ADMIN, LEAD, [MEMBER])
    assert reply.json["response_action"] == "errors"
    assert "Only a workspace admin or owner" in reply.json["errors"][Block.LEAD]
    assert stored(bot) == set()


def test_an_admin_whose_rights_were_removed_is_refused_at_once(bot: Bot) -> None:
    """The cached flag only decides what Home shows; granting asks Slack at that moment."""
    people(bot)
    open_home(bot, ADMIN)
    bot.fake.users[ADMIN]["is_admin"] = False
    reply = submit_lead(bot, ADMIN, LEAD, [MEMBER])
    assert reply.json["response_action"] == "errors"
    assert stored(bot) == set()


def test_an_admin_of_another_workspace_changes_nothing_here(bot: Bot) -> None:
    people(bot)
    submit_lead(bot, ADMIN, LEAD, [MEMBER])
    other_team = "T0000OTHER"
    bot.fake.add_user("U0000000X01", is_admin=True, team_id=other_team)
    view = {"id": "VLEAD2", "type": "modal", "callback_id": Callback.TEAM_LEAD, "private_metadata": ""}
    values: dict[str, Any] = {
        Block.LEAD: {Action.INPUT: {"type": "users_select", "selected_user": "U0000000X01"}},
        Block.LEAD_MEMBERS: {Action.INPUT: {"type": "multi_users_select", "selected_users": [MEMBER]}},
    }
    bot.submit_view(view, values, "U0000000X01", team_id=other_team)
    here = {row for row in stored(bot) if row[0] == bot.fake.team_id}
    assert here == {(bot.fake.team_id, MEMBER, LEAD)}


# ---- sharing with the lead ---------------------------------------------------------------------
def lead_of_owner(bot: Bot) -> None:
    """ADMIN names LEAD as the lead of OWNER and OTHER (two people who make cases)."""
    people(bot)
    assert not submit_lead(bot, ADMIN, LEAD, [OWNER, OTHER]).text


def share_from_case(bot: Bot, user: str = OWNER, action: str = Action.SHARE_CASE) -> dict[str, Any]:
    view = open_from_home(bot, user)
    return click_in(bot, view, action, user=user)


def open_shared(bot: Bot, user: str, case_id: object) -> dict[str, Any]:
    response = bot.click(
        {"type": "button", "action_id": Action.OPEN_SHARED, "block_id": "x", "value": str(case_id)}, user=user
    )
    assert response.status == 200
    return bot.fake.calls_to("views.open")[-1].args["view"]


def test_an_owner_shares_a_case_and_their_lead_reads_it(bot: Bot) -> None:
    lead_of_owner(bot)
    complete(bot, OWNER, "Harlow & Finch Ltd")
    view = share_from_case(bot)
    assert "Stop sharing" in all_text(view) and "Shared with the team lead (read-only)" in all_text(view)
    case = the_case(bot)
    # The lead is told by DM, with the case to open; nothing goes to a channel.
    dm = bot.fake.dms_to(LEAD)[-1]
    assert f"<@{OWNER}> shared their case *Harlow &amp; Finch Ltd*" in all_text(dm)
    assert all(m["to"].startswith("U") for m in bot.fake.posted)
    # Their App Home lists it; opening it shows the case without anything that changes it.
    home = open_home(bot, LEAD)
    assert "Shared with you by your team" in all_text(home)
    assert any(block.get("block_id") == f"{Block.HOME_SHARED_PREFIX}{case.id}" for block in home["blocks"])
    shown = open_shared(bot, LEAD, case.id)
    assert shown["callback_id"] == Callback.SHARED_CASE and "Harlow & Finch Ltd" in all_text(shown)
    assert not [b for b in shown["blocks"] if b.get("type") == "actions"]
    assert not shown.get("private_metadata") and "Checklist" in all_text(shown)
    assert "Next nudges" not in all_text(shown)  # the owner's reminders are not the lead's


def test_stopping_sharing_takes_it_from_the_lead(bot: Bot) -> None:
    lead_of_owner(bot)
    complete(bot, OWNER)
    share_from_case(bot)
    view = share_from_case(bot, action=Action.UNSHARE_CASE)
    assert "Share with my lead" in all_text(view)
    case = the_case(bot)
    assert case.shared_at is None
    assert "Shared with you" not in all_text(open_home(bot, LEAD))
    assert open_shared(bot, LEAD, case.id)["callback_id"] != Callback.SHARED_CASE


def test_without_a_lead_there_is_nothing_to_share_with(bot: Bot) -> None:
    people(bot)
    complete(bot, OWNER)
    view = open_from_home(bot)
    assert Action.SHARE_CASE.value not in str(view["blocks"])


def test_nobody_else_reads_a_shared_case(bot: Bot) -> None:
    lead_of_owner(bot)
    complete(bot, OWNER)
    share_from_case(bot)
    case = the_case(bot)
    # A colleague on the same team, the admin, and the lead of another team: not found.
    assert not submit_lead(bot, ADMIN, OTHER_MEMBER, [MEMBER]).text
    for user in (OTHER, ADMIN, MEMBER, OTHER_MEMBER):
        shown = open_shared(bot, user, case.id)
        assert shown["callback_id"] != Callback.SHARED_CASE, user
        assert "Harlow" not in all_text(shown) and "Acme" not in all_text(shown)
    # The same lead id in another workspace: not found either.
    bot.fake.add_user("U0000000Z09", team_id="T0000OTHER")
    response = bot.click(
        {"type": "button", "action_id": Action.OPEN_SHARED, "block_id": "x", "value": str(case.id)},
        user=LEAD,
        team_id="T0000OTHER",
    )
    assert response.status == 200
    assert bot.fake.calls_to("views.open")[-1].args["view"]["callback_id"] != Callback.SHARED_CASE
    # Only the owner can share or stop sharing: the lead's forged click changes nothing.
    bot.click(
        {"type": "button", "action_id": Action.UNSHARE_CASE, "block_id": "x", "value": str(case.id)},
        user=LEAD,
    )
    assert the_case(bot).shared_at is not None


def test_the_leads_view_puts_the_most_urgent_first(bot: Bot) -> None:
    lead_of_owner(bot)
    complete(bot, OWNER, "Calm Co", effective_date="2027-03-26")
    complete(bot, OTHER, "Urgent Ltd")
    for user in (OWNER, OTHER):
        share_from_case(bot, user)
    bot.clock.set(datetime(2027, 1, 18, 10, 0, tzinfo=UTC))  # Urgent Ltd's notify-by (15 Jan) has passed
    home = open_home(bot, LEAD)
    listed = [b for b in home["blocks"] if str(b.get("block_id", "")).startswith(Block.HOME_SHARED_PREFIX)]
    texts = [all_text({"blocks": [b]}) for b in listed]
    assert "Urgent Ltd" in texts[0] and "notice date passed" in texts[0]
    assert "Calm Co" in texts[1]


# ---- what is at risk, and Slack's limits ---------------------------------------------------------
def test_risk_reasons_and_urgency_by_hand() -> None:
    calendar = WorkCalendar()
    today = date(2027, 1, 18)  # a Monday
    passed = risk_of(date(2027, 1, 15), False, [OpenItem("book", date(2027, 1, 11))], today, calendar)
    assert passed.reasons == (RiskReason.NOTICE_PASSED, RiskReason.OVERDUE) and passed.overdue == 1
    soon = risk_of(date(2027, 1, 19), False, [], today, calendar)
    assert soon.reasons == (RiskReason.NOTICE_SOON,)
    told = risk_of(date(2027, 1, 15), True, [OpenItem("concern_1", date(2027, 2, 1))], today, calendar)
    assert told.reasons == (RiskReason.CONCERN,) and told.concerns == 1
    calm = risk_of(date(2027, 3, 1), False, [OpenItem("book", date(2027, 2, 1))], today, calendar)
    assert calm.reasons == ()
    ordered = sorted([calm, told, soon, passed], key=lambda r: r.urgency)
    assert ordered == [passed, soon, told, calm]


def test_a_lead_with_200_shared_cases_gets_a_home_slack_accepts() -> None:
    risk = risk_of(date(2027, 1, 15), False, [], date(2027, 1, 18), WorkCalendar())
    shared = [
        SharedCase(
            case_view(
                Case(
                    id=n,
                    team_id="T0001",
                    owner_id=OWNER,
                    owner_tz="Europe/London",
                    situation=SituationKey.WE_END,
                    client_name=f"Client {n} <!channel>",
                    status=CaseStatus.OPEN,
                    notify_by=date(2027, 1, 15),
                ),
                items=False,
                events=False,
            ),
            None,
            risk,
        )
        for n in range(200)
    ]
    team = TeamView(lead=None, members=[OWNER], shared=shared, is_admin=True, leads={LEAD: [OWNER] * 3})
    home = {"type": "home", "blocks": team_blocks(team)}
    assert len(home["blocks"]) <= 100 and view_errors(home) == []
    assert "…and 180 more" in all_text(home)
    assert "<!channel>" not in all_text(home, raw=True)


# ---- sign-off ----------------------------------------------------------------------------------
def ask_sign_off(bot: Bot, user: str = OWNER) -> dict[str, Any]:
    return click_in(bot, open_from_home(bot, user), Action.ASK_SIGN_OFF, user=user)


def lead_clicks(bot: Bot, action_id: str, user: str = LEAD, request: dict[str, Any] | None = None) -> Any:
    request = request or bot.fake.dms_to(LEAD)[-1]
    block, element = find_action(request, action_id)
    action = {
        "type": "button",
        "action_id": action_id,
        "block_id": block["block_id"],
        "value": element["value"],
    }
    return bot.click(action, user=user, message=request, channel="D" + LEAD[1:])


def test_a_lead_signs_a_plan_off_from_their_dm(bot: Bot) -> None:
    lead_of_owner(bot)
    complete(bot, OWNER, "Harlow & Finch Ltd")
    view = ask_sign_off(bot)
    assert "Waiting for your team lead's sign-off" in all_text(view)
    case = the_case(bot)
    assert case.sign_off == "requested" and case.shared_at is not None
    assert any(i.key == "sign_off" and i.done_at is None for i in case.items)
    request = bot.fake.dms_to(LEAD)[-1]
    assert f"<@{OWNER}> asks you to sign off their plan for *Harlow &amp; Finch Ltd*" in all_text(request)
    assert "Timeline" in all_text(request)
    assert lead_clicks(bot, Action.APPROVE_SIGN_OFF, request=request).status == 200
    case = the_case(bot)
    assert case.sign_off == "approved"
    assert any(i.key == "sign_off" and i.done_at is not None for i in case.items)
    assert "You signed off" in all_text(bot.fake.dms_to(LEAD)[-1])  # the request, updated in place
    assert "signed off your plan" in all_text(bot.fake.dms_to(OWNER)[-1])
    assert [e.detail for e in case.events if e.kind == "sign_off"] == [
        "Asked the team lead to sign off",
        "Signed off by the team lead",
    ]
    # A second answer to the same request (a double click) changes nothing.
    lead_clicks(bot, Action.APPROVE_SIGN_OFF, request=request)
    assert len([e for e in the_case(bot).events if e.kind == "sign_off"]) == 2


def test_a_lead_asks_for_changes_with_a_note(bot: Bot) -> None:
    lead_of_owner(bot)
    complete(bot, OWNER)
    ask_sign_off(bot)
    lead_clicks(bot, Action.REQUEST_CHANGES)
    form = bot.fake.calls_to("views.open")[-1].args["view"]
    assert form["callback_id"] == Callback.SIGN_OFF_CHANGES
    view = {**form, "id": "VCHANGES"}
    empty = bot.submit_view(
        view, {Block.SIGN_OFF_NOTE: {Action.INPUT: {"type": "plain_text_input", "value": " "}}}, LEAD
    )
    assert empty.json["response_action"] == "errors"
    note = "Give them 30 days, not 20 <!channel>"
    sent = bot.submit_view(
        view, {Block.SIGN_OFF_NOTE: {Action.INPUT: {"type": "plain_text_input", "value": note}}}, LEAD
    )
    assert sent.status == 200 and not sent.text
    case = the_case(bot)
    assert case.sign_off == "changes" and case.sign_off_note == note
    result = bot.fake.dms_to(OWNER)[-1]
    assert "asked for changes" in all_text(result) and "30 days, not 20 &lt;!channel&gt;" in all_text(result)
    assert "You asked" in all_text(bot.fake.dms_to(LEAD)[-1])
    # The owner sees it in the case, and can ask again.
    view = open_from_home(bot)
    assert "asked for changes" in all_text(view)
    ask_sign_off(bot)
    assert the_case(bot).sign_off == "requested"


def test_only_the_owners_lead_answers_a_sign_off(bot: Bot) -> None:
    lead_of_owner(bot)
    complete(bot, OWNER)
    ask_sign_off(bot)
    for user in (OTHER, ADMIN, MEMBER, OWNER):
        lead_clicks(bot, Action.APPROVE_SIGN_OFF, user=user)
    # The lead's own id, from another workspace: refused too.
    request = bot.fake.dms_to(LEAD)[-1]
    block, element = find_action(request, Action.APPROVE_SIGN_OFF)
    action = {
        "type": "button",
        "action_id": element["action_id"],
        "block_id": block["block_id"],
        "value": element["value"],
    }
    bot.click(action, user=LEAD, message=request, channel="D" + LEAD[1:], team_id="T0000OTHER")
    assert the_case(bot).sign_off == "requested"
    lead_clicks(bot, Action.REQUEST_CHANGES, user=OTHER)
    assert bot.fake.calls_to("views.open")[-1].args["view"]["callback_id"] != Callback.SIGN_OFF_CHANGES


def test_for_cause_asks_for_sign_off_before_the_client_is_told(bot: Bot) -> None:
    lead_of_owner(bot)
    complete(bot, OWNER, situation=SituationKey.FOR_CAUSE)
    view = open_from_home(bot)
    # Asked by default as the plan was made: the case says it waits; the owner can still go ahead.
    assert "Waiting for your team lead's sign-off" in all_text(view)
    assert Action.ASK_SIGN_OFF.value not in str(view["blocks"])
    _, told = find_action(view, Action.CLIENT_TOLD)
    assert "confirm" in told
    # Without a lead there is no one to ask: no warning, no button.
    complete(bot, OTHER_MEMBER, "Solo Ltd", situation=SituationKey.FOR_CAUSE)
    view = open_from_home(bot, OTHER_MEMBER)
    assert "sign" not in all_text(view).lower().split("history")[0] or Action.ASK_SIGN_OFF.value not in str(
        view
    )
    assert Action.ASK_SIGN_OFF.value not in str(view["blocks"])


# ---- the weekly digest -------------------------------------------------------------------------
def test_the_digest_is_due_once_a_week_on_the_first_working_day_in_working_hours() -> None:
    london = ZoneInfo("Europe/London")
    calendar, window = calendar_for("GB", date(2027, 1, 1), "ENG"), Window(9, 18)

    def due(moment: datetime, last: str | None = None) -> str | None:
        return digest_due(moment.replace(tzinfo=london), last, calendar, window)

    assert due(datetime(2027, 1, 18, 8, 59)) is None  # Monday, before the day begins
    assert due(datetime(2027, 1, 18, 9, 0)) == "2027-W03"
    assert due(datetime(2027, 1, 18, 9, 0), last="2027-W03") is None  # sent already this week
    assert due(datetime(2027, 1, 18, 18, 0)) is None  # after hours
    assert due(datetime(2027, 1, 23, 10, 0)) is None  # Saturday
    # Easter Monday is a holiday in England: the week's first working day is the Tuesday.
    assert due(datetime(2027, 3, 29, 10, 0)) is None
    assert due(datetime(2027, 3, 30, 10, 0)) == "2027-W13"


def digest_button(bot: Bot, user: str) -> dict[str, Any]:
    _, button = find_action(open_home(bot, user), Action.TOGGLE_DIGEST)
    return button


def test_a_lead_gets_the_weekly_digest_once_and_only_when_something_needs_them(bot: Bot) -> None:
    lead_of_owner(bot)
    complete(bot, OWNER, "Urgent Ltd")
    share_from_case(bot)
    # Only leads have a digest: no button for others, and a forged click stores nothing.
    assert Action.TOGGLE_DIGEST.value not in str(open_home(bot, OWNER)["blocks"])
    bot.click(
        {"type": "button", "action_id": Action.TOGGLE_DIGEST, "block_id": "x", "value": "on"}, user=OWNER
    )
    button = digest_button(bot, LEAD)
    assert button["value"] == "on"
    bot.click(
        {"type": "button", "action_id": Action.TOGGLE_DIGEST, "block_id": "x", "value": "on"}, user=LEAD
    )
    assert digest_button(bot, LEAD)["value"] == "off"
    dms = len(bot.fake.dms_to(LEAD))
    # Monday 18 January 2027: Urgent Ltd's notify-by (15 Jan) has passed and the client is not told.
    bot.clock.set(datetime(2027, 1, 18, 8, 30, tzinfo=ZoneInfo("Europe/London")))
    assert digests(bot) == 0  # before the lead's working day begins
    bot.clock.set(datetime(2027, 1, 18, 9, 5, tzinfo=ZoneInfo("Europe/London")))
    assert digests(bot) == 1
    digest = bot.fake.dms_to(LEAD)[-1]
    assert len(bot.fake.dms_to(LEAD)) == dms + 1
    assert "Your weekly digest" in all_text(digest) and "Urgent Ltd" in all_text(digest)
    assert "notice date passed" in all_text(digest)
    bot.clock.set(datetime(2027, 1, 18, 11, 0, tzinfo=ZoneInfo("Europe/London")))
    assert digests(bot) == 0  # once a week
    # The next week nothing is shared any more: no digest at all.
    share_from_case(bot, action=Action.UNSHARE_CASE)
    bot.clock.set(datetime(2027, 1, 25, 9, 30, tzinfo=ZoneInfo("Europe/London")))
    assert digests(bot) == 0
    assert len(bot.fake.dms_to(LEAD)) == dms + 1


def test_a_digest_that_slack_refused_goes_out_on_the_next_run(bot: Bot) -> None:
    lead_of_owner(bot)
    complete(bot, OWNER, "Urgent Ltd")
    share_from_case(bot)
    bot.clock.set(datetime(2027, 1, 18, 9, 5, tzinfo=ZoneInfo("Europe/London")))
    sweep(bot)  # the owner's own reminders due by now go first
    bot.click(
        {"type": "button", "action_id": Action.TOGGLE_DIGEST, "block_id": "x", "value": "on"}, user=LEAD
    )
    bot.fake.fail_next("chat.postMessage", status=500)
    assert digests(bot) == 0
    assert digests(bot) == 1
    assert "Your weekly digest" in all_text(bot.fake.dms_to(LEAD)[-1])


def test_the_owners_nudges_say_the_sign_off_is_still_missing(bot: Bot) -> None:
    lead_of_owner(bot)
    complete(bot, OWNER, "Harlow & Finch Ltd")
    ask_sign_off(bot)
    # The working day before the suggested conversation (Fri 4 Dec): the briefing nudge.
    bot.clock.set(datetime(2026, 12, 3, 9, 30, tzinfo=ZoneInfo("Europe/London")))
    sweep(bot)
    nudges = [m for m in bot.fake.dms_to(OWNER) if "brief the people" in all_text(m)]
    assert nudges and "Your team lead has not signed this plan off yet." in all_text(nudges[-1])


# ---- what the team's DMs show in a notification ---------------------------------------------------
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def test_reversing_marks_in_a_client_name_never_reach_a_team_dms_notification_text(bot: Bot) -> None:
    lead_of_owner(bot)
    complete(bot, OWNER, "Acme \u202egnp.exe\u202c Ltd")
    share_from_case(bot)  # shared
    ask_sign_off(bot)  # asked
    lead_clicks(bot, Action.APPROVE_SIGN_OFF)  # answered (the lead's DM) and the result (the owner's)
    sent = [c for c in bot.fake.calls if c.method in ("chat.postMessage", "chat.update")]
    texts = [str(c.args.get("text") or "") for c in sent]
    team = [t for t in texts if "Acme" in t and ("shared" in t or "Sign-off" in t or "lead answered" in t)]
    assert len(team) >= 4, texts
    for text in texts:
        assert not set(text) & set(BIDI), repr(text)
    assert any("Acme gnp.exe Ltd" in t for t in team)


# ---- only active, full members of this workspace lead or are led ---------------------------------
OUTSIDERS: dict[str, dict[str, Any]] = {
    "another organisation (Slack Connect)": {"team_id": "T0CONNECT9", "is_stranger": True},
    "another organisation's member, not a stranger": {"team_id": "T0CONNECT9"},
    "a deactivated account": {"deleted": True},
    "a bot": {"is_bot": True},
    "a multi-channel guest": {"is_restricted": True},
    "a single-channel guest": {"is_restricted": True, "is_ultra_restricted": True},
}
OUTSIDER = "U0000000X99"


def add_outsider(bot: Bot, what: str) -> None:
    fields = dict(OUTSIDERS[what])
    bot.fake.add_user(OUTSIDER, real_name="Out Sider", team_id=fields.pop("team_id", None), **fields)


@pytest.mark.parametrize("what", list(OUTSIDERS))
def test_only_active_members_of_this_workspace_are_named_lead_or_member(bot: Bot, what: str) -> None:
    people(bot)
    add_outsider(bot, what)
    reply = submit_lead(bot, ADMIN, OUTSIDER, [MEMBER])
    assert reply.json["response_action"] == "errors" and "active person" in reply.json["errors"][Block.LEAD]
    reply = submit_lead(bot, ADMIN, LEAD, [MEMBER, OUTSIDER])
    assert "active person" in reply.json["errors"][Block.LEAD_MEMBERS]
    reply = submit_lead(bot, ADMIN, LEAD, [MEMBER, "U0000000404"])  # no such user at all
    assert "active person" in reply.json["errors"][Block.LEAD_MEMBERS]
    assert stored(bot) == set()


def test_a_lead_who_left_the_workspace_is_not_shared_with(bot: Bot) -> None:
    lead_of_owner(bot)
    complete(bot, OWNER, "Harlow & Finch Ltd")
    bot.fake.users[LEAD]["deleted"] = True  # deactivated after being named
    dms = len(bot.fake.dms_to(LEAD))
    share_from_case(bot)
    assert the_case(bot).shared_at is None
    ask_sign_off(bot)
    assert the_case(bot).shared_at is None and the_case(bot).sign_off is None
    assert len(bot.fake.dms_to(LEAD)) == dms
    assert "no longer an active member of this workspace" in all_text(bot.fake.dms_to(OWNER)[-1])
    # Moved to another organisation: the same.
    bot.fake.users[LEAD].update(deleted=False, team_id="T0CONNECT9")
    share_from_case(bot)
    assert the_case(bot).shared_at is None and len(bot.fake.dms_to(LEAD)) == dms


# ---- the bot acts on its own messages only ----------------------------------------------------------
def test_a_forged_view_cannot_make_the_bot_rewrite_another_message(bot: Bot) -> None:
    lead_of_owner(bot)
    complete(bot, OWNER, "Harlow & Finch Ltd")
    ask_sign_off(bot)
    plan_dm = next(m for m in bot.fake.dms_to(OWNER) if "Acme" in all_text(m) or "plan" in all_text(m))
    owner_channel, owner_ts = "D" + OWNER[1:], plan_dm["ts"]
    before = all_text(bot.fake.messages[(owner_channel, owner_ts)])
    request = bot.fake.dms_to(LEAD)[-1]
    lead_clicks(bot, Action.REQUEST_CHANGES, request=request)
    form = bot.fake.calls_to("views.open")[-1].args["view"]
    case = the_case(bot)
    forged = {
        **form,
        "id": "VFORGED",
        "private_metadata": json.dumps({"case": case.id, "channel": owner_channel, "ts": owner_ts}),
    }
    values: dict[str, Any] = {
        Block.SIGN_OFF_NOTE: {Action.INPUT: {"type": "plain_text_input", "value": "More notice"}}
    }
    assert bot.submit_view(forged, values, LEAD).status == 200
    assert all_text(bot.fake.messages[(owner_channel, owner_ts)]) == before  # untouched
    assert "channel" not in form["private_metadata"] and "ts" not in form["private_metadata"]
    updates = bot.fake.calls_to("chat.update")
    assert [(c.args["channel"], c.args["ts"]) for c in updates] == [("D" + LEAD[1:], request["ts"])]
    assert "You asked" in all_text(bot.fake.messages[("D" + LEAD[1:], request["ts"])])
    # The same for Approve: a button in another message (its container) changes nothing else.
    ask_sign_off(bot)
    request = bot.fake.dms_to(LEAD)[-1]
    block, element = find_action(request, Action.APPROVE_SIGN_OFF)
    action = {"type": "button", "action_id": element["action_id"], "block_id": block["block_id"]}
    bot.click({**action, "value": element["value"]}, user=LEAD, message=plan_dm, channel=owner_channel)
    assert all_text(bot.fake.messages[(owner_channel, owner_ts)]) == before
    assert "You signed off" in all_text(bot.fake.messages[("D" + LEAD[1:], request["ts"])])


def test_a_sign_off_note_no_database_keeps_is_refused_inline(bot: Bot) -> None:
    lead_of_owner(bot)
    complete(bot, OWNER)
    ask_sign_off(bot)
    lead_clicks(bot, Action.REQUEST_CHANGES)
    form = {**bot.fake.calls_to("views.open")[-1].args["view"], "id": "VCHANGES"}
    for note in ("More\x00 notice", "More \ud800 notice"):
        values: dict[str, Any] = {
            Block.SIGN_OFF_NOTE: {Action.INPUT: {"type": "plain_text_input", "value": note}}
        }
        reply = bot.submit_view(form, values, LEAD)
        assert reply.status == 200 and reply.json["response_action"] == "errors", reply.text
        assert "can't be saved" in reply.json["errors"][Block.SIGN_OFF_NOTE]
    assert the_case(bot).sign_off == "requested"


# ---- a signed-off plan that changes is asked again --------------------------------------------------
def edit_in_case(bot: Bot, button: str, callback: str, typed: dict[str, Any]) -> Any:
    click_in(bot, open_from_home(bot), button)
    form = next(v for v in reversed(list(bot.fake.views.values())) if v.get("callback_id") == callback)
    return bot.submit_view(form, state_from_view(form, typed))


def test_a_material_change_to_a_signed_off_plan_asks_the_lead_again_once(bot: Bot) -> None:
    lead_of_owner(bot)
    complete(bot, OWNER, "Harlow & Finch Ltd")
    ask_sign_off(bot)
    lead_clicks(bot, Action.APPROVE_SIGN_OFF)
    assert the_case(bot).sign_off == "approved"
    dms = len(bot.fake.dms_to(LEAD))
    # Saving the same drafts again changes nothing: still signed off, nobody told.
    edit_in_case(bot, Action.EDIT_DRAFTS, Callback.EDIT_DRAFTS, {})
    assert the_case(bot).sign_off == "approved" and len(bot.fake.dms_to(LEAD)) == dms
    # New dates: asked again, the sign-off item waits again, and the lead gets one DM saying so.
    reply = edit_in_case(bot, Action.EDIT_DATES, Callback.EDIT_DATES, {"effective_date": "2027-03-26"})
    assert reply.status == 200 and "errors" not in reply.text, reply.text
    case = the_case(bot)
    assert case.sign_off == "asked_again" and case.sign_off_lead == LEAD
    assert any(i.key == "sign_off" and i.done_at is None for i in case.items)
    assert len(bot.fake.dms_to(LEAD)) == dms + 1
    again = bot.fake.dms_to(LEAD)[-1]
    assert "since then the dates changed" in all_text(again) and "asked again" in all_text(again)
    assert "asked again" in all_text(open_from_home(bot))
    assert "Sign-off asked again: the dates changed" in [e.detail for e in case.events]
    lead_clicks(bot, Action.APPROVE_SIGN_OFF, request=again)
    assert the_case(bot).sign_off == "approved"
    # Rewritten drafts: the same, once.
    reply = edit_in_case(
        bot,
        Action.EDIT_DRAFTS,
        Callback.EDIT_DRAFTS,
        {"talking_points": "Thank them first.\nSay it plainly."},
    )
    assert reply.status == 200 and "errors" not in reply.text, reply.text
    assert the_case(bot).sign_off == "asked_again"
    assert len(bot.fake.dms_to(LEAD)) == dms + 2
    assert "since then the drafts changed" in all_text(bot.fake.dms_to(LEAD)[-1])


# ---- a change of lead --------------------------------------------------------------------------------
NEW_LEAD = "U0000000L02"


def test_a_new_lead_inherits_nothing_and_a_request_moves_only_when_its_owner_says(bot: Bot) -> None:
    lead_of_owner(bot)
    bot.fake.add_user(NEW_LEAD, real_name="Nia New")
    complete(bot, OWNER, "Harlow & Finch Ltd")
    share_from_case(bot)
    complete(bot, OTHER, "Globex")
    ask_sign_off(bot, OTHER)
    old_request = bot.fake.dms_to(LEAD)[-1]
    case_ids = {c.client_name: c.id for c in all_cases(bot)}
    # The admin moves both people to NEW_LEAD.
    assert not submit_lead(bot, ADMIN, NEW_LEAD, [OWNER, OTHER]).text
    # Nothing shared with the earlier lead reaches the new one, and the earlier lead loses it too.
    assert "Shared with you" not in all_text(open_home(bot, NEW_LEAD))
    assert "Shared with you" not in all_text(open_home(bot, LEAD))
    for user in (LEAD, NEW_LEAD):
        for case_id in case_ids.values():
            assert open_shared(bot, user, case_id)["callback_id"] != Callback.SHARED_CASE
    # Neither lead can answer the request made to the earlier lead.
    lead_clicks(bot, Action.APPROVE_SIGN_OFF, user=LEAD, request=old_request)
    lead_clicks(bot, Action.APPROVE_SIGN_OFF, user=NEW_LEAD, request=old_request)
    assert case_of(bot, "Globex").sign_off == "requested"
    # Everyone is told, once: each person, the earlier lead (their request DM says it is withdrawn)
    # and the new lead.
    to_owner, to_other = bot.fake.dms_to(OWNER)[-1], bot.fake.dms_to(OTHER)[-1]
    assert f"Your team lead is now <@{NEW_LEAD}> (it was <@{LEAD}>)" in all_text(to_owner)
    assert "no longer shared" in all_text(to_owner)
    assert "Globex" in all_text(to_other) and Action.SEND_SIGN_OFF_ON.value in str(to_other["blocks"])
    assert f"You no longer lead <@{OWNER}>, <@{OTHER}>" in all_text(bot.fake.dms_to(LEAD)[-1])
    assert "no longer yours to answer" in all_text(bot.fake.messages[("D" + LEAD[1:], old_request["ts"])])
    assert f"You now lead <@{OWNER}>, <@{OTHER}>" in all_text(bot.fake.dms_to(NEW_LEAD)[-1])
    assert "Nothing they shared with an earlier lead" in all_text(bot.fake.dms_to(NEW_LEAD)[-1])
    # Only the owner sends the request on; then the new lead is asked and answers it.
    block, button = find_action(to_other, Action.SEND_SIGN_OFF_ON)
    send_on = {"type": "button", "action_id": button["action_id"], "block_id": block["block_id"]}
    bot.click({**send_on, "value": button["value"]}, user=NEW_LEAD, message=to_other)
    assert case_of(bot, "Globex").sign_off_lead == LEAD  # a forged click by the lead: nothing
    bot.click({**send_on, "value": button["value"]}, user=OTHER, message=to_other, channel="D" + OTHER[1:])
    globex = case_of(bot, "Globex")
    assert globex.sign_off_lead == NEW_LEAD and globex.shared_at is not None
    new_request = bot.fake.dms_to(NEW_LEAD)[-1]
    assert "asks you to sign off their plan for *Globex*" in all_text(new_request)
    lead_clicks(bot, Action.APPROVE_SIGN_OFF, user=LEAD, request=new_request)
    assert case_of(bot, "Globex").sign_off == "requested"
    lead_clicks(bot, Action.APPROVE_SIGN_OFF, user=NEW_LEAD, request=new_request)
    assert case_of(bot, "Globex").sign_off == "approved"
    assert "Finch" not in all_text(open_home(bot, NEW_LEAD))  # never shared with them


def all_cases(bot: Bot) -> list[Case]:
    with bot.db.session() as session:
        return list(session.scalars(select(Case)))


def case_of(bot: Bot, client: str) -> Case:
    return next(c for c in all_cases(bot) if c.client_name == client)
