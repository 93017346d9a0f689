"""Team leads: App Home's team part, and the admin's modal that names a lead."""

from __future__ import annotations

from typing import Any

from bot.copydeck import HOME, TEAM
from bot.core.ledger import SMALLEST_GROUP, Period
from bot.core.validation import LEAD_MEMBERS_MAX
from bot.services.lead_changes import LeadChange
from bot.services.roles import SharedCase, TeamView
from bot.slack import blocks as b
from bot.slack.ids import Action, Block, Callback
from bot.slack.labels import label_of

LEADS_LISTED = 20  # App Home stays well inside Slack's 100 blocks
SHARED_LISTED = 20


def team_blocks(team: TeamView) -> list[b.Block]:
    blocks: list[b.Block] = []
    if team.shared:
        blocks += [b.divider(), b.section(HOME.shared_intro(count=len(team.shared)))]
        blocks += shared_list(team.shared)
    if team.team_patterns is not None:
        blocks += [
            b.divider(),
            b.section(
                HOME.team_patterns(p=team.team_patterns, period=team.period.value, k=SMALLEST_GROUP),
                accessory=period_menu(team.period),
                block_id=Block.HOME_TEAM_PATTERNS,
            ),
        ]
    if team.lead or team.members:
        blocks.append(b.context(HOME.team(lead=team.lead, members=team.members)))
    if team.members:
        blocks.append(
            b.section(
                HOME.digest_setting(on=team.digest_on),
                accessory=b.button(
                    "Turn the digest off" if team.digest_on else "Turn the digest on",
                    Action.TOGGLE_DIGEST,
                    value="off" if team.digest_on else "on",
                ),
                block_id=Block.HOME_DIGEST,
            )
        )
    if team.is_admin:
        blocks += [
            b.divider(),
            b.section(
                HOME.leads_intro(),
                accessory=b.button("Name a team lead", Action.NAME_LEAD),
                block_id=Block.HOME_TEAM,
            ),
        ]
        listed = list(team.leads.items())[:LEADS_LISTED]
        lines = "\n".join(HOME.lead_line(lead=lead, members=members) for lead, members in listed)
        blocks.append(b.context(lines or HOME.no_leads()))
        blocks.append(
            b.section(
                HOME.retention(),
                accessory=_retention_menu(team.retention or "forever"),
                block_id=Block.HOME_RETENTION,
            )
        )
    return blocks


def shared_list(cases: list[SharedCase]) -> list[b.Block]:
    """Shared cases, one section each with the case to open, then a count of the rest."""
    blocks: list[b.Block] = []
    for shared in cases[:SHARED_LISTED]:
        case = shared.case
        blocks.append(
            b.section(
                HOME.shared_case(
                    case=case,
                    situation_label=label_of(case.situation),
                    next_item=shared.next_item,
                    reasons=[r.value for r in shared.risk.reasons],
                    tz=case.owner_tz,
                ),
                accessory=b.button("Open", Action.OPEN_SHARED, value=str(case.id)),
                block_id=f"{Block.HOME_SHARED_PREFIX}{case.id}",
            )
        )
    if len(cases) > SHARED_LISTED:
        blocks.append(b.context(HOME.more_cases(len(cases) - SHARED_LISTED)))
    return blocks


def name_lead_view(lead: str | None = None, members: list[str] | None = None) -> dict[str, Any]:
    blocks = [
        b.input_block(Block.LEAD, "Team lead", b.users_select(lead, "Choose a person")),
        b.input_block(
            Block.LEAD_MEMBERS,
            "The people they lead",
            b.multi_users_select(members or [], "Choose people", LEAD_MEMBERS_MAX),
            hint=(
                "Each person has one lead: naming them here moves them from any earlier lead. People "
                "this lead had before and not chosen here are no longer theirs."
            ),
        ),
    ]
    return b.modal(Callback.TEAM_LEAD, "Team lead", blocks, submit="Save")


def digest_message(at_risk: list[SharedCase]) -> dict[str, Any]:
    """A lead's weekly DM: the shared cases that need them, most urgent first."""
    blocks = [b.section(HOME.digest_intro(count=len(at_risk))), *shared_list(at_risk)]
    count = len(at_risk)
    return {
        "text": f"Your weekly digest: {count} shared {'case needs' if count == 1 else 'cases need'} you",
        "blocks": blocks,
    }


RETENTION_LABELS = {
    "forever": "Forever",
    "1y": "1 year after closing",
    "2y": "2 years after closing",
    "5y": "5 years after closing",
}


def _retention_menu(chosen: str) -> dict[str, Any]:
    return _menu(Action.SET_RETENTION, RETENTION_LABELS, chosen)


PERIOD_LABELS = {Period.YEAR: "Last 12 months", Period.ALL: "All time"}


def period_menu(chosen: Period) -> dict[str, Any]:
    """Which endings App Home's patterns count."""
    return _menu(Action.LEDGER_PERIOD, {p.value: label for p, label in PERIOD_LABELS.items()}, chosen.value)


def _menu(action_id: str, labels: dict[str, str], chosen: str) -> dict[str, Any]:
    """A menu that acts as soon as a choice is made, showing the current one."""
    options = [b.option(label, value) for value, label in labels.items()]
    return {
        "type": "static_select",
        "action_id": action_id,
        "options": options,
        "initial_option": next(o for o in options if o["value"] == chosen),
    }


HELD_LISTED = 10  # requests offered to send on in one DM (each a section with its button)


def lead_changed_member_message(change: LeadChange) -> dict[str, Any]:
    """The DM to a person whose lead changed: who leads them now, what is no longer shared, and
    each sign-off request the earlier lead had not answered, to send on with a button."""
    words = TEAM.lead_changed_member(old=change.old, new=change.new, unshared=change.unshared)
    blocks: list[b.Block] = [b.section(words)]
    for held in change.held[:HELD_LISTED]:
        text = TEAM.held_request(old=change.old, new=change.new, client=held.client_name)
        button = b.button("Send it on", Action.SEND_SIGN_OFF_ON, str(held.case_id)) if change.new else None
        blocks.append(
            b.section(text, accessory=button, block_id=f"{Block.HELD_SIGN_OFF_PREFIX}{held.case_id}")
        )
    return {"text": "Your team lead changed", "blocks": blocks}


def lead_changed_old_message(members: list[str]) -> dict[str, Any]:
    return {"text": "You lead fewer people", "blocks": [b.section(TEAM.lead_changed_old(members=members))]}


def lead_changed_new_message(members: list[str]) -> dict[str, Any]:
    return {"text": "You lead more people", "blocks": [b.section(TEAM.lead_changed_new(members=members))]}


def request_withdrawn_message(owner: str, client: str) -> dict[str, Any]:
    """The earlier lead's DM that asked for a sign-off, once it is no longer theirs to answer."""
    return {
        "text": "A sign-off request was withdrawn",
        "blocks": [b.section(TEAM.request_withdrawn(owner=owner, client=client))],
    }


def request_sent_on_message(new: str, client: str) -> dict[str, Any]:
    return {
        "text": "Your sign-off request was sent on",
        "blocks": [b.section(TEAM.request_sent_on(new=new, client=client))],
    }
