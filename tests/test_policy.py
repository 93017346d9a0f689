"""A firm's policy, over signed HTTP against the fake Slack: an admin sets it from App Home and the
change is logged; a forged change from anyone else is refused and changes nothing; the policy
changes what a plan requires (a lead's sign-off, shared at once when set) and its notify-by date;
the flow's first step says what the policy asks. Then the policy's pure logic."""

from __future__ import annotations

import inspect
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from bot import copydeck
from bot.core.answers import Answers, Method, NoticeUnit, SituationKey, Tenure
from bot.core.calendar import WorkCalendar
from bot.core.kinds import ReminderKind
from bot.core.notice import Notice, NoticeReason, notice_with_minimum, recommend_notice
from bot.core.plan import PlanWarning, build_plan
from bot.core.policy import (
    Change,
    LoggedChange,
    Policy,
    PolicyProblem,
    PolicyReason,
    changes,
    decode_reasons,
    encode_reasons,
    needs_sign_off,
    over_years,
    validate,
)
from bot.core.steps import StepId
from bot.services.policy import PolicyHome
from bot.services.read_models import case_view, reminder_view
from bot.slack.ids import Action, Block, Callback
from bot.slack.policy_views import flow_policy_blocks, policy_blocks, policy_form
from bot.slack.reminder_messages import reminder_message
from bot.storage.models import Case, FirmPolicy, PolicyChange, Reminder, SignOff
from bot.text import template_module
from tests.blockkit import blocks_errors, view_errors
from tests.conftest import OWNER
from tests.flow import complete, start, walk_to
from tests.harness import Bot, Response, all_text, find_action
from tests.test_cases import open_from_home
from tests.test_team import ADMIN, LEAD, MEMBER, lead_of_owner, open_home, people

FOR_CAUSE_LINE = "Before you tell the client, your firm asks your team lead to sign off endings for cause."
REFUSED = "Only a workspace admin or owner can change the firm's policy"


def submit_policy(
    bot: Bot,
    user: str,
    *,
    for_cause: bool = False,
    short_notice: bool = False,
    years: int | str | None = None,
    share: bool = False,
    minimum: int | str | None = None,
) -> Response:
    """The form as Slack submits it (or as a forger would send it)."""
    view = {"id": "VPOLICY", "type": "modal", "callback_id": Callback.FIRM_POLICY, "private_metadata": ""}
    checked = [
        {"value": value} for value, on in (("for_cause", for_cause), ("short_notice", short_notice)) if on
    ]
    values: dict[str, Any] = {
        Block.POLICY_SIGN_OFF: {Action.INPUT: {"type": "checkboxes", "selected_options": checked}},
        Block.POLICY_OVER_YEARS: {
            Action.INPUT: {
                "type": "radio_buttons",
                "selected_option": {"value": "off" if years is None else str(years)},
            }
        },
        Block.POLICY_AUTO_SHARE: {
            Action.INPUT: {"type": "radio_buttons", "selected_option": {"value": "on" if share else "off"}}
        },
        Block.POLICY_MINIMUM_NOTICE: {
            Action.INPUT: {"type": "number_input", "value": None if minimum is None else str(minimum)}
        },
    }
    return bot.submit_view(view, values, user)


def stored_policy(bot: Bot) -> FirmPolicy | None:
    with bot.db.session() as session:
        return session.scalars(select(FirmPolicy)).one_or_none()


def logged(bot: Bot) -> list[PolicyChange]:
    with bot.db.session() as session:
        return list(session.scalars(select(PolicyChange).order_by(PolicyChange.id)).all())


def the_case(bot: Bot) -> Case:
    with bot.db.session() as session:
        case = session.scalars(select(Case)).one()
        _ = case.items, case.events
        return case


def sign_off_asks(bot: Bot) -> list[dict[str, Any]]:
    return [m for m in bot.fake.dms_to(LEAD) if "asks you to sign off" in all_text(m)]


# ---- set from App Home, logged, refused to anyone else ------------------------------------------
def test_an_admin_sets_the_policy_from_app_home_and_the_change_is_logged(bot: Bot) -> None:
    people(bot)
    home = open_home(bot, ADMIN)
    assert "No policy yet" in all_text(home)
    block, button = find_action(home, Action.EDIT_POLICY)
    assert block["block_id"] == Block.HOME_POLICY
    bot.click({"type": "button", "action_id": button["action_id"], "block_id": block["block_id"]}, user=ADMIN)
    opened = bot.fake.calls_to("views.open")[-1].args["view"]
    assert opened["callback_id"] == Callback.FIRM_POLICY
    assert view_errors(opened) == []

    reply = submit_policy(bot, ADMIN, for_cause=True, years=5, share=True, minimum=40)
    assert reply.status == 200 and not reply.text

    row = stored_policy(bot)
    assert row is not None and row.team_id == bot.fake.team_id
    assert (row.sign_off_for_cause, row.sign_off_short_notice, row.sign_off_over_years) == (True, False, 5)
    assert (row.auto_share, row.minimum_notice_days, row.updated_by) == (True, 40, ADMIN)
    [change] = logged(bot)
    assert change.changed_by == ADMIN and change.team_id == bot.fake.team_id
    assert change.changed_at == bot.clock()
    assert change.changes == {
        "sign_off_for_cause": [False, True],
        "sign_off_over_years": [None, 5],
        "auto_share": [False, True],
        "minimum_notice_days": [None, 40],
    }
    text = all_text(bot.fake.homes[ADMIN])  # published again after the save
    assert "endings for cause or with a client of more than 5 years" in text
    assert (
        "Latest changes" in text
        and f"<@{ADMIN}>" in text
        and "minimum notice (working days): off → 40" in text
        and "sign-off for long relationships: off → clients of more than 5 years" in text
    )

    # The form opens again with what is stored; saving it unchanged logs nothing more.
    bot.click({"type": "button", "action_id": Action.EDIT_POLICY, "block_id": Block.HOME_POLICY}, user=ADMIN)
    again = bot.fake.calls_to("views.open")[-1].args["view"]
    years = next(b for b in again["blocks"] if b["block_id"] == Block.POLICY_OVER_YEARS)
    assert years["element"]["initial_option"]["value"] == "5"
    assert [o["text"]["text"] for o in years["element"]["options"]] == [
        "No",
        "Clients of a year or more",
        "Clients of 3 years or more",
        "Clients of more than 5 years",
    ]
    submit_policy(bot, ADMIN, for_cause=True, years=5, share=True, minimum=40)
    assert len(logged(bot)) == 1
    submit_policy(bot, ADMIN, for_cause=False, years=5, share=True, minimum=40)
    assert [c.changes for c in logged(bot)][-1] == {"sign_off_for_cause": [True, False]}


def test_admins_see_the_last_five_changes_latest_first(bot: Bot) -> None:
    people(bot)
    for days in range(1, 8):
        submit_policy(bot, ADMIN, minimum=days)
    assert len(logged(bot)) == 7
    text = all_text(bot.fake.homes[ADMIN])
    assert text.count(f"<@{ADMIN}> ·") == 5
    assert "off → 1" not in text
    assert "6 → 7" in text and "2 → 3" in text and "1 → 2" not in text
    assert text.index("6 → 7") < text.index("2 → 3")


def test_a_forged_button_and_submission_from_someone_not_an_admin_change_nothing(bot: Bot) -> None:
    people(bot, admin=False)
    home = open_home(bot, ADMIN)
    assert Action.EDIT_POLICY.value not in str(home["blocks"])
    bot.click({"type": "button", "action_id": Action.EDIT_POLICY, "block_id": Block.HOME_POLICY}, user=ADMIN)
    opened = bot.fake.calls_to("views.open")[-1].args["view"]
    assert opened["callback_id"] != Callback.FIRM_POLICY
    assert REFUSED in all_text(opened)

    reply = submit_policy(bot, ADMIN, for_cause=True, share=True, minimum=40)
    assert reply.json["response_action"] == "errors"
    assert REFUSED in reply.json["errors"][Block.POLICY_SIGN_OFF]
    assert stored_policy(bot) is None and logged(bot) == []


def test_an_admin_whose_rights_were_removed_cannot_change_the_policy_they_set(bot: Bot) -> None:
    """What Home shows comes from the cached flag; a change asks Slack at that moment."""
    people(bot)
    assert not submit_policy(bot, ADMIN, for_cause=True).text
    bot.fake.users[ADMIN]["is_admin"] = False
    reply = submit_policy(bot, ADMIN, minimum=100)
    assert REFUSED in reply.json["errors"][Block.POLICY_SIGN_OFF]
    row = stored_policy(bot)
    assert row is not None and row.sign_off_for_cause and row.minimum_notice_days is None
    assert len(logged(bot)) == 1
    # Nor can a member who never was one.
    reply = submit_policy(bot, MEMBER, minimum=100)
    assert reply.json["response_action"] == "errors"
    assert len(logged(bot)) == 1


def test_numbers_out_of_range_are_refused_inline(bot: Bot) -> None:
    people(bot)
    reply = submit_policy(bot, ADMIN, years=3, minimum=999)  # 3: not one of the choices
    assert set(reply.json["errors"]) == {Block.POLICY_OVER_YEARS, Block.POLICY_MINIMUM_NOTICE}
    reply = submit_policy(bot, ADMIN, years="five")
    assert set(reply.json["errors"]) == {Block.POLICY_OVER_YEARS}
    assert stored_policy(bot) is None


def test_other_people_see_one_line_only_when_the_policy_asks_something_of_them(bot: Bot) -> None:
    people(bot)
    assert "firm's policy" not in all_text(open_home(bot, MEMBER)).lower()
    submit_policy(bot, ADMIN, share=True)  # asks nothing of anyone
    member_home = open_home(bot, MEMBER)
    assert "firm's policy" not in all_text(member_home).lower()
    assert Action.EDIT_POLICY.value not in str(member_home["blocks"])
    submit_policy(bot, ADMIN, for_cause=True, minimum=25)
    text = all_text(open_home(bot, MEMBER))
    assert "Your firm's policy: before the client is told, a team lead signs off endings for cause;" in text
    assert "at least 25 working days' notice" in text
    assert "Latest changes" not in text


# ---- what the policy changes in a plan ---------------------------------------------------------
def test_for_cause_with_the_policy_needs_sign_off_and_goes_to_the_lead_at_once(bot: Bot) -> None:
    lead_of_owner(bot)
    submit_policy(bot, ADMIN, for_cause=True, share=True)
    complete(bot, OWNER, "Harlow & Finch Ltd", SituationKey.FOR_CAUSE)
    case = the_case(bot)
    assert decode_reasons(case.sign_off_required) == [PolicyReason.FOR_CAUSE]
    assert case.sign_off == SignOff.REQUESTED and case.sign_off_lead == LEAD and case.shared_at is not None
    assert "The firm's policy asks for a lead's sign-off: an ending for cause" in [
        e.detail for e in case.events
    ]
    assert len(sign_off_asks(bot)) == 1
    view = open_from_home(bot)
    assert "Your firm asks for your team lead's sign-off before the client is told: an ending for cause" in (
        all_text(view)
    )


def test_without_the_policy_nothing_is_required_of_a_long_relationship(bot: Bot) -> None:
    lead_of_owner(bot)
    complete(bot, OWNER, "Harlow & Finch Ltd", SituationKey.WE_END)  # a client for over 5 years
    case = the_case(bot)
    assert case.sign_off_required is None and case.sign_off is None and case.shared_at is None
    assert sign_off_asks(bot) == []


def test_with_the_policy_a_long_relationship_needs_sign_off_and_is_shared(bot: Bot) -> None:
    lead_of_owner(bot)
    submit_policy(bot, ADMIN, years=5, share=True)
    complete(bot, OWNER, "Harlow & Finch Ltd", SituationKey.WE_END)
    case = the_case(bot)
    assert decode_reasons(case.sign_off_required) == [PolicyReason.LONG_RELATIONSHIP]
    assert case.sign_off == SignOff.REQUESTED and case.shared_at is not None
    assert len(sign_off_asks(bot)) == 1


def test_a_policy_that_does_not_share_automatically_leaves_it_to_the_owner_and_warns(bot: Bot) -> None:
    """The firm's policy replaces the built-in default: a plan for cause is not sent at once, but
    the case and the nudges before telling the client say the firm needs the lead's sign-off."""
    lead_of_owner(bot)
    submit_policy(bot, ADMIN, for_cause=True, share=False)
    complete(bot, OWNER, "Harlow & Finch Ltd", SituationKey.FOR_CAUSE)
    case = the_case(bot)
    assert decode_reasons(case.sign_off_required) == [PolicyReason.FOR_CAUSE]
    assert case.sign_off is None and case.shared_at is None and sign_off_asks(bot) == []
    view = open_from_home(bot)
    assert "Your firm asks for your team lead's sign-off" in all_text(view)
    _, ask = find_action(view, Action.ASK_SIGN_OFF)
    assert ask.get("style") == "primary"
    _, told = find_action(view, Action.CLIENT_TOLD)
    assert "confirm" in told
    nudge = reminder_view(Reminder(id=1, kind=ReminderKind.NOTICE_DAY, covers=[], due_at=bot.clock()))
    message = reminder_message(
        case_view(case, events=False), nudge, late=False, today=date(2027, 1, 20), calendar=WorkCalendar()
    )
    assert "Your firm asks for your team lead's sign-off before you tell them" in all_text(message)
    assert blocks_errors(message["blocks"]) == []


def test_a_policy_asking_nothing_of_this_case_asks_nobody(bot: Bot) -> None:
    """A plan for cause under a policy that only asks about short notice: the firm decided."""
    lead_of_owner(bot)
    submit_policy(bot, ADMIN, short_notice=True, share=True)
    complete(bot, OWNER, "Harlow & Finch Ltd", SituationKey.FOR_CAUSE)
    case = the_case(bot)
    assert case.sign_off_required == "" and case.sign_off is None and sign_off_asks(bot) == []


def test_the_firms_minimum_notice_moves_the_notify_by_date(bot: Bot) -> None:
    complete(bot, OWNER, "First Ltd", SituationKey.WE_END)
    people(bot)
    submit_policy(bot, ADMIN, minimum=40)
    modal = walk_to(bot, OWNER, StepId.NOTICE)
    assert "your firm asks for at least 40 working days" in all_text(modal.view)
    complete(bot, OWNER, "Second Ltd", SituationKey.WE_END)
    with bot.db.session() as session:
        rows = {c.client_name: c for c in session.scalars(select(Case)).all()}
        before, after = rows["First Ltd"].notify_by, rows["Second Ltd"].notify_by
        answers = Answers.from_json(rows["Second Ltd"].answers)
    effective = date(2027, 2, 26)
    calendar = bot.deps.calendar()
    assert after < before
    assert (
        calendar.working_days_between(after, effective)
        >= 40
        > calendar.working_days_between(before, effective)
    )
    assert answers.firm_minimum_notice == 40
    assert Answers.from_json(rows["First Ltd"].answers).firm_minimum_notice is None


def test_the_flows_first_step_shows_what_the_policy_asks(bot: Bot) -> None:
    first = start(bot, OWNER).view
    assert Block.FLOW_POLICY.value not in {b.get("block_id") for b in first["blocks"]}
    people(bot)
    submit_policy(bot, ADMIN, for_cause=True, share=True, minimum=30)
    first = start(bot, OWNER).view
    policy_block = next(b for b in first["blocks"] if b.get("block_id") == Block.FLOW_POLICY)
    text = all_text({"blocks": [policy_block]})
    assert FOR_CAUSE_LINE in text and "at least 30 working days' notice" in text
    assert "Those plans go to your lead as soon as you make them" in text
    assert view_errors(bot.fake.calls_to("views.open")[-1].args["view"]) == []
    # Back to the first step from the next: the lines are there again.
    modal = walk_to(bot, OWNER, StepId.CHANGE)
    modal.back()
    assert modal.step is StepId.SITUATION
    assert FOR_CAUSE_LINE in all_text(modal.view)


# ---- Block Kit ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "policy",
    [None, Policy(), Policy(True, True, 5, True, 260), Policy(sign_off_over_years=0, minimum_notice_days=1)],
)
def test_the_policy_views_are_valid_block_kit(policy: Policy | None) -> None:
    assert view_errors(policy_form(policy)) == []
    at = datetime(2026, 12, 1, 10, tzinfo=UTC)
    many = tuple(
        LoggedChange(ADMIN, at, tuple(Change(f, None, 1) for f in Policy().to_json())) for _ in range(5)
    )
    for home in (PolicyHome(True, policy, many), PolicyHome(False, policy)):
        shown = policy_blocks(home, "Europe/London")
        assert not shown or blocks_errors(shown) == []
    assert policy_blocks(PolicyHome(True, policy), None)  # an admin always sees the section
    lines = flow_policy_blocks(policy)
    assert not lines or blocks_errors(lines) == []


def test_the_policy_template_has_the_macros_its_protocol_names() -> None:
    module = template_module("policy.md.j2")
    for name, member in vars(copydeck.PolicyCopy).items():
        if callable(member) and not name.startswith("_"):
            parameters = [p for p in inspect.signature(member).parameters if p != "self"]
            assert list(getattr(module, name).arguments) == parameters, name


# ---- bot/core/policy.py ------------------------------------------------------------------------
CAL = WorkCalendar()
TODAY = date(2026, 12, 1)


def sample(situation: SituationKey = SituationKey.WE_END, **changed: Any) -> Answers:
    a = Answers(
        client_name="Acme Ltd",
        contact_name="Sam Harlow",
        situation=situation,
        tenure=Tenure.ONE_TO_TWO,
        reason="We are narrowing our practice.",
        effective_date=date(2027, 2, 26),
        contract_notice_amount=30,
        contract_notice_unit=NoticeUnit.CALENDAR_DAYS,
        method=Method.PHONE,
        conversation_date=date(2027, 1, 12),
    )
    for key, value in changed.items():
        setattr(a, key, value)
    return a


def test_no_policy_or_an_empty_one_needs_no_sign_off() -> None:
    a = sample(SituationKey.FOR_CAUSE, tenure=Tenure.OVER_FIVE)
    plan = build_plan(a, TODAY, CAL)
    assert needs_sign_off(None, a, plan) == []
    assert needs_sign_off(Policy(auto_share=True, minimum_notice_days=30), a, plan) == []


def test_for_cause_needs_sign_off_only_for_an_ending_for_cause() -> None:
    policy = Policy(sign_off_for_cause=True)
    cause = sample(SituationKey.FOR_CAUSE)
    assert needs_sign_off(policy, cause, build_plan(cause, TODAY, CAL)) == [PolicyReason.FOR_CAUSE]
    end = sample(SituationKey.WE_END)
    assert needs_sign_off(policy, end, build_plan(end, TODAY, CAL)) == []


def test_short_notice_follows_the_plans_below_recommended_warning() -> None:
    policy = Policy(sign_off_short_notice=True)
    ample = sample()
    plan = build_plan(ample, TODAY, CAL)
    assert PlanWarning.BELOW_RECOMMENDED not in plan.warnings
    assert needs_sign_off(policy, ample, plan) == []
    late = sample(notify_by=date(2027, 1, 25), conversation_date=date(2027, 1, 22))
    plan = build_plan(late, TODAY, CAL)
    assert PlanWarning.BELOW_RECOMMENDED in plan.warnings
    assert needs_sign_off(policy, late, plan) == [PolicyReason.SHORT_NOTICE]
    assert needs_sign_off(policy, late, None) == []


@pytest.mark.parametrize(
    ("tenure", "years", "over"),
    [
        (Tenure.OVER_FIVE, 5, True),
        (Tenure.OVER_FIVE, 6, False),  # "More than 5 years" says no more
        (Tenure.THREE_TO_FIVE, 5, False),
        (Tenure.THREE_TO_FIVE, 2, True),
        (Tenure.THREE_TO_FIVE, 3, False),
        (Tenure.ONE_TO_TWO, 1, False),
        (Tenure.UNDER_ONE, 1, False),
        (Tenure.ONE_TO_TWO, 0, True),  # "a year or more"
        (Tenure.UNDER_ONE, 0, False),
    ],
)
def test_over_years_reads_the_owners_answer(tenure: Tenure, years: int, over: bool) -> None:
    assert over_years(tenure, years) is over
    a = sample(tenure=tenure)
    reasons = needs_sign_off(Policy(sign_off_over_years=years), a, build_plan(a, TODAY, CAL))
    assert reasons == ([PolicyReason.LONG_RELATIONSHIP] if over else [])


def test_every_reason_in_the_policys_order() -> None:
    policy = Policy(True, True, 2, False, None)
    a = sample(
        SituationKey.FOR_CAUSE,
        tenure=Tenure.OVER_FIVE,
        notify_by=date(2027, 1, 29),  # after the contract's own deadline: for cause, that is all it asks
        conversation_date=date(2027, 1, 28),
    )
    reasons = needs_sign_off(policy, a, build_plan(a, TODAY, CAL))
    assert reasons == [PolicyReason.FOR_CAUSE, PolicyReason.SHORT_NOTICE, PolicyReason.LONG_RELATIONSHIP]
    assert decode_reasons(encode_reasons(reasons)) == reasons
    assert encode_reasons([]) == "" and decode_reasons("") == [] and decode_reasons(None) == []
    assert decode_reasons("for_cause,renamed") == [PolicyReason.FOR_CAUSE]


def test_notice_with_minimum_is_the_larger_of_the_two() -> None:
    assert notice_with_minimum(25, None) == 25
    assert notice_with_minimum(25, 10) == 25
    assert notice_with_minimum(25, 40) == 40


def test_the_firms_minimum_raises_the_recommendation_and_says_why() -> None:
    contract = Notice(30, NoticeUnit.CALENDAR_DAYS)
    effective = date(2027, 2, 26)
    bots = recommend_notice(contract, effective, 20, False, Tenure.ONE_TO_TWO, CAL)
    lower = recommend_notice(contract, effective, 20, False, Tenure.ONE_TO_TWO, CAL, firm_minimum=5)
    assert lower == bots  # a firm minimum below the bot's own changes nothing
    firm = recommend_notice(contract, effective, 20, False, Tenure.ONE_TO_TWO, CAL, firm_minimum=45)
    assert firm.recommended_working_days == 45 and NoticeReason.FIRM in firm.reasons
    assert firm.recommended_deadline == CAL.working_days_before(effective, 45) < bots.recommended_deadline
    a = sample(firm_minimum_notice=45)
    assert build_plan(a, TODAY, CAL).notify_by < build_plan(sample(), TODAY, CAL).notify_by


def test_changes_name_each_setting_that_moved() -> None:
    assert changes(None, Policy()) == []
    assert changes(None, Policy(sign_off_for_cause=True, minimum_notice_days=20)) == [
        Change("sign_off_for_cause", False, True),
        Change("minimum_notice_days", None, 20),
    ]
    assert changes(Policy(auto_share=True), Policy(auto_share=False)) == [Change("auto_share", True, False)]


def test_validate_keeps_numbers_in_range() -> None:
    assert validate(Policy(sign_off_over_years=0, minimum_notice_days=260)) == []
    assert [validate(Policy(sign_off_over_years=y)) for y in (2, 5)] == [[], []]
    assert validate(Policy(sign_off_over_years=1)) == [PolicyProblem.YEARS]
    assert validate(Policy(sign_off_over_years=51, minimum_notice_days=0)) == [
        PolicyProblem.YEARS,
        PolicyProblem.MINIMUM_NOTICE,
    ]


def test_a_policy_change_is_stored_with_the_time_it_was_made(bot: Bot) -> None:
    people(bot)
    submit_policy(bot, ADMIN, minimum=20)
    with bot.db.session() as session:
        assert session.scalar(select(func.count()).select_from(PolicyChange)) == 1
        assert session.scalars(select(PolicyChange.changed_at)).one().tzinfo is not None
