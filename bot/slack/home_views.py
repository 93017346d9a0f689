"""The App Home tab: the owner's cases at a glance."""

from __future__ import annotations

from typing import Any

from bot.copydeck import HOME
from bot.core.calendar import WorkCalendar
from bot.core.milestones import overdue_by
from bot.core.notice import notice_status
from bot.services.cases import HOME_LISTED, HomeData
from bot.services.policy import PolicyHome
from bot.services.roles import TeamView
from bot.slack import blocks as b
from bot.slack.ids import Action, Block
from bot.slack.labels import label_of, status_label, told_in_writing
from bot.slack.policy_views import policy_blocks
from bot.slack.team_views import period_menu, team_blocks


def home_view(
    data: HomeData, calendar: WorkCalendar, team: TeamView | None = None, policy: PolicyHome | None = None
) -> dict[str, Any]:
    """The first HOME_LISTED cases in progress, each with its next open checklist item; a count of
    the rest; the recently closed ones; then the person's team (and, for an admin, the leads); then
    the firm's policy (all of it for an admin)."""
    blocks: list[b.Block] = [
        b.header("Your client endings and changes"),
        b.section(
            HOME.intro(count=data.total_active),
            accessory=b.button("Start a new case", Action.NEW_CASE, style="primary"),
        ),
        b.divider(),
    ]
    for case in data.active[:HOME_LISTED]:
        state = notice_status(case.notify_by, data.today, calendar).state.value
        next_item = data.next_items.get(case.id)
        blocks.append(
            b.section(
                HOME.case_summary(
                    case=case,
                    status_label=status_label(case.status, case.situation, told_in_writing(case.answers)),
                    situation_label=label_of(case.situation),
                    next_item=next_item,
                    notify_state=state,
                    tz=case.owner_tz,
                    overdue_by=overdue_by(next_item.due_date, data.today, calendar) if next_item else 0,
                ),
                accessory=b.button("Open", Action.OPEN_CASE, value=str(case.id)),
                block_id=f"{Block.HOME_CASE_PREFIX}{case.id}",
            )
        )
    if data.total_active > HOME_LISTED:
        blocks.append(b.context(HOME.more_cases(data.total_active - HOME_LISTED)))
    if data.closed:
        blocks.append(b.divider())
        blocks.append(b.section("*Recently closed*"))
        lines = "\n".join(
            HOME.closed_line(
                case=c,
                status_label=status_label(c.status, c.situation, told_in_writing(c.answers)),
                tz=c.owner_tz,
            )
            for c in data.closed
        )
        blocks.append(b.context(lines))
    if data.patterns is not None:
        blocks += [
            b.divider(),
            b.section(
                HOME.patterns(p=data.patterns, period=data.period.value),
                accessory=period_menu(data.period),
                block_id=Block.HOME_PATTERNS,
            ),
            b.actions(
                [b.button("Send me the ledger (CSV and chart)", Action.EXPORT_LEDGER)],
                block_id=Block.HOME_LEDGER_ACTIONS,
            ),
        ]
    if team is not None:
        blocks += team_blocks(team)
    if policy is not None:
        blocks += policy_blocks(policy, data.tz)
    return {"type": "home", "blocks": blocks}
