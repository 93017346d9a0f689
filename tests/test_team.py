"""Team leads, named by a workspace admin from App Home, over signed HTTP against the fake Slack."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.slack.ids import Action, Block, Callback
from bot.storage.models import TeamMember
from tests.harness import Bot, all_text, find_action

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
