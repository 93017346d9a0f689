"""Sign-off by default where the risk is high, over signed requests: a plan for cause asks the
owner's lead at once; a low-risk plan does not; without a lead nothing is sent and the checklist
names who should read the notice first; the owner can still go ahead."""

from __future__ import annotations

from sqlalchemy import select

from bot.core.answers import SituationKey
from bot.slack.ids import Action
from bot.storage.models import Case, SignOff
from tests.conftest import OWNER
from tests.flow import complete
from tests.harness import Bot, all_text, find_action
from tests.test_cases import open_from_home
from tests.test_team import LEAD, lead_of_owner, people


def the_case(bot: Bot) -> Case:
    with bot.db.session() as session:
        case = session.scalars(select(Case)).one()
        _ = case.items, case.events
        return case


def test_a_plan_for_cause_asks_the_lead_to_sign_it_off_as_soon_as_it_is_made(bot: Bot) -> None:
    lead_of_owner(bot)
    complete(bot, OWNER, "Harlow & Finch Ltd", SituationKey.FOR_CAUSE)
    case = the_case(bot)
    assert case.sign_off == SignOff.REQUESTED and case.sign_off_lead == LEAD
    assert "Asked the team lead to sign off" in [e.detail for e in case.events]
    asked = [m for m in bot.fake.dms_to(LEAD) if "asks you to sign off" in all_text(m)]
    assert len(asked) == 1
    view = open_from_home(bot)  # the owner can still go ahead, and the case says it is waiting
    assert "Waiting for your team lead's sign-off" in all_text(view)
    _, told = find_action(view, Action.CLIENT_TOLD)
    assert "confirm" in told


def test_a_plan_with_ample_notice_asks_nobody(bot: Bot) -> None:
    lead_of_owner(bot)
    complete(bot, OWNER, "Harlow & Finch Ltd", SituationKey.WE_END)
    assert the_case(bot).sign_off is None
    assert not [m for m in bot.fake.dms_to(LEAD) if "asks you to sign off" in all_text(m)]


def test_without_a_lead_nothing_is_sent_and_the_checklist_names_who_reads_it(bot: Bot) -> None:
    people(bot)
    complete(bot, OWNER, "Harlow & Finch Ltd", SituationKey.FOR_CAUSE)
    case = the_case(bot)
    assert case.sign_off is None
    assert "read_first" in {item.key for item in case.items}
