"""App Home and the case modal: open, tick off, told, close, cancel, reopen, feedback, export, delete."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.slack.case_views import CaseMeta
from bot.slack.ids import Action, Block, Callback
from bot.storage.models import Case, Reminder, ReminderState
from tests.conftest import OTHER, OWNER
from tests.flow import complete
from tests.harness import Bot, all_text, find_action, state_from_view


def open_from_home(bot: Bot, user: str = OWNER) -> dict[str, Any]:
    bot.event({"type": "app_home_opened", "user": user, "channel": "D1", "tab": "home"})
    _, button = find_action(bot.fake.homes[user], Action.OPEN_CASE)
    response = bot.click(
        {"type": "button", "action_id": Action.OPEN_CASE, "block_id": "x", "value": button["value"]},
        user=user,
    )
    assert response.status == 200
    return bot.fake.views[list(bot.fake.views)[-1]]


def click_in(
    bot: Bot, view: dict[str, Any], action_id: str, user: str = OWNER, **extra: Any
) -> dict[str, Any]:
    block, element = find_action(view, action_id)
    action = {
        "type": element["type"],
        "action_id": action_id,
        "block_id": block.get("block_id", ""),
        "value": element.get("value"),
        **extra,
    }
    assert bot.click(action, user=user, view=view).status == 200
    return bot.fake.views[view["id"]]


def close_anyway(bot: Bot, view: dict[str, Any], user: str = OWNER) -> dict[str, Any]:
    """Close from the case view; when what is still open is listed, close anyway."""
    pushes = len(bot.fake.calls_to("views.push"))
    view = click_in(bot, view, Action.CLOSE_CASE, user=user)
    pushed = bot.fake.calls_to("views.push")[pushes:]
    if pushed and pushed[-1].args["view"]["callback_id"] == Callback.CLOSE_CONFIRM:
        form = next(
            v for v in reversed(list(bot.fake.views.values())) if v["callback_id"] == Callback.CLOSE_CONFIRM
        )
        assert bot.submit_view(form, {}, user=user).text == ""
    return bot.fake.views[view["id"]]


def the_case(bot: Bot) -> Case:
    with bot.db.session() as session:
        case = session.scalars(select(Case)).one()
        _ = case.items, case.events, case.reminders
        return case


def test_home_lists_the_case_and_opens_it(bot: Bot) -> None:
    complete(bot, OWNER)
    view = open_from_home(bot)
    assert view["callback_id"] == Callback.CASE
    text = all_text(view)
    assert "Acme Ltd" in text and "Talking points" in text and "Next nudges" in text


def test_new_case_button_on_home_opens_the_flow(bot: Bot) -> None:
    bot.event({"type": "app_home_opened", "user": OWNER, "channel": "D1", "tab": "home"})
    bot.click({"type": "button", "action_id": Action.NEW_CASE, "block_id": "x"})
    assert bot.fake.calls_to("views.open")[-1].args["view"]["callback_id"] == Callback.STEP_SITUATION


def test_ticking_checklist_items_is_stored_and_shown(bot: Bot) -> None:
    complete(bot, OWNER)
    view = open_from_home(bot)
    block = next(
        b for b in view["blocks"] if b.get("block_id", "").startswith(Block.CHECKLIST_PREFIX + "prepare")
    )
    options = block["elements"][0]["options"]
    view = click_in(bot, view, Action.CHECKLIST_TOGGLE, selected_options=options[:1])
    case = the_case(bot)
    done = {i.key for i in case.items if i.done_at}
    assert done == {options[0]["value"]}
    assert any(e.kind == "checklist" for e in case.events)
    ticked = next(b for b in view["blocks"] if b.get("block_id") == block["block_id"])
    assert ticked["elements"][0]["initial_options"][0]["value"] == options[0]["value"]
    click_in(bot, view, Action.CHECKLIST_TOGGLE, selected_options=[])
    assert not any(i.done_at for i in the_case(bot).items)


def test_client_told_close_and_reopen(bot: Bot) -> None:
    complete(bot, OWNER)
    view = open_from_home(bot)
    view = click_in(bot, view, Action.CLIENT_TOLD)
    case = the_case(bot)
    assert case.status == "client_told"
    assert "tell" in {i.key for i in case.items if i.done_at}
    pending_kinds = {r.kind for r in case.reminders if r.state == ReminderState.PENDING}
    assert not pending_kinds & {"notice_ahead", "notice_day", "notice_overdue", "conversation_day"}
    view = close_anyway(bot, view)
    case = the_case(bot)
    assert case.status == "closed" and case.closed_at is not None
    assert not [r for r in case.reminders if r.state == ReminderState.PENDING]
    assert "Recently closed" in all_text(bot.fake.homes[OWNER])
    click_in(bot, view, Action.REOPEN_CASE)
    assert the_case(bot).status == "client_told"


def test_cancel_means_the_relationship_was_saved(bot: Bot) -> None:
    complete(bot, OWNER)
    view = open_from_home(bot)
    click_in(bot, view, Action.CANCEL_CASE)
    case = the_case(bot)
    assert case.status == "cancelled"
    assert case.events[-1].detail == "Cancelled: the relationship continues"
    assert not [r for r in case.reminders if r.state == ReminderState.PENDING]
    assert "Cancelled" in all_text(bot.fake.homes[OWNER])


def test_reminders_can_be_turned_off_and_on(bot: Bot) -> None:
    complete(bot, OWNER)
    view = open_from_home(bot)
    view = click_in(bot, view, Action.TOGGLE_REMINDERS)
    assert not [r for r in the_case(bot).reminders if r.state == ReminderState.PENDING]
    assert "Reminders are off" in all_text(view)
    click_in(bot, view, Action.TOGGLE_REMINDERS)
    assert [r for r in the_case(bot).reminders if r.state == ReminderState.PENDING]


def test_logging_the_clients_response_turns_concerns_into_follow_ups(bot: Bot) -> None:
    complete(bot, OWNER)
    view = open_from_home(bot)
    click_in(bot, view, Action.LOG_FEEDBACK)
    pushed_call = bot.fake.calls_to("views.push")[-1]
    pushed = next(v for v in bot.fake.views.values() if v.get("callback_id") == Callback.FEEDBACK)
    assert pushed_call.args["view"]["callback_id"] == Callback.FEEDBACK
    values = state_from_view(
        pushed,
        {
            "feedback_text": "Surprised, but understanding.",
            "feedback_concerns": "Who keeps the brand files?\nFinal invoice date",
            "feedback_promises": "Send the logo files by Friday",
        },
    )
    response = bot.submit_view(pushed, values)
    assert response.status == 200
    case = the_case(bot)
    assert case.client_feedback == "Surprised, but understanding."
    follow_ups = [i for i in case.items if i.key.startswith(("concern_", "promise_"))]
    assert [c.title for c in follow_ups] == [
        "Resolve: Who keeps the brand files?",
        "Resolve: Final invoice date",
        "Keep your promise: Send the logo files by Friday",
    ]
    # One nudge for all of them, not one each; its Done ticks exactly these.
    (waiting,) = [r for r in case.reminders if r.kind == "follow_ups" and r.state == "pending"]
    assert waiting.covers == [c.key for c in follow_ups]
    assert "Surprised, but understanding." in all_text(bot.fake.views[view["id"]])


def test_empty_feedback_gets_an_inline_error(bot: Bot) -> None:
    complete(bot, OWNER)
    view = open_from_home(bot)
    click_in(bot, view, Action.LOG_FEEDBACK)
    pushed = next(v for v in bot.fake.views.values() if v.get("callback_id") == Callback.FEEDBACK)
    response = bot.submit_view(pushed, state_from_view(pushed, {"feedback_text": "  "}))
    assert response.json["response_action"] == "errors"


def test_export_sends_the_whole_case_by_dm(bot: Bot) -> None:
    complete(bot, OWNER)
    view = open_from_home(bot)
    click_in(bot, view, Action.EXPORT_CASE)
    export = bot.fake.dms_to(OWNER)[-1]
    text = all_text(export)
    assert "Export of your case" in text and "Checklist" in text and "History" in text


def test_delete_removes_the_case_and_its_reminders(bot: Bot) -> None:
    complete(bot, OWNER)
    view = open_from_home(bot)
    view = click_in(bot, view, Action.DELETE_CASE)
    with bot.db.session() as session:
        assert session.scalars(select(Case)).all() == []
        assert session.scalars(select(Reminder)).all() == []
    assert "deleted" in all_text(view)
    assert "Nothing in progress" in all_text(bot.fake.homes[OWNER])


def test_another_user_cannot_open_or_change_the_case(bot: Bot) -> None:
    complete(bot, OWNER)
    case = the_case(bot)
    bot.click(
        {"type": "button", "action_id": Action.OPEN_CASE, "block_id": "x", "value": str(case.id)}, user=OTHER
    )
    refused = bot.fake.calls_to("views.open")[-1].args["view"]
    assert refused["callback_id"] == Callback.NOTICE and "could not find" in all_text(refused)
    view = open_from_home(bot)
    for action in (Action.CLOSE_CASE, Action.DELETE_CASE, Action.CLIENT_TOLD):
        click_in(bot, view, action, user=OTHER)
    assert the_case(bot).status == "open"


def test_a_case_id_from_another_modal_is_not_trusted(bot: Bot) -> None:
    complete(bot, OWNER)
    complete(bot, OWNER, "Globex")
    with bot.db.session() as session:
        first, second = session.scalars(select(Case).order_by(Case.id)).all()
    view = open_from_home(bot)
    block, element = find_action(view, Action.CLOSE_CASE)
    forged_id = second.id if element["value"] == str(first.id) else first.id
    bot.click(
        {
            "type": "button",
            "action_id": Action.CLOSE_CASE,
            "block_id": block["block_id"],
            "value": str(forged_id),
        },
        view=view,
    )
    with bot.db.session() as session:
        assert {c.status for c in session.scalars(select(Case)).all()} == {"open"}


def test_nonexistent_and_malformed_case_ids_are_refused_politely(bot: Bot) -> None:
    for value in ("999999", "abc", "-1", "1e9", ""):
        response = bot.click(
            {"type": "button", "action_id": Action.OPEN_CASE, "block_id": "x", "value": value}
        )
        assert response.status == 200
        assert bot.fake.calls_to("views.open")[-1].args["view"]["callback_id"] == Callback.NOTICE


def test_a_crafted_submission_naming_someone_elses_case_changes_nothing(bot: Bot) -> None:
    complete(bot, OWNER)
    case = the_case(bot)
    for callback, values in (
        (Callback.FEEDBACK, {"feedback_text": {"value": {"type": "plain_text_input", "value": "hijacked"}}}),
        (
            Callback.EDIT_DATES,
            {"effective_date": {"value": {"type": "datepicker", "selected_date": "2027-12-01"}}},
        ),
    ):
        forged = {
            "id": "VFORGED",
            "type": "modal",
            "callback_id": callback,
            "blocks": [],
            "private_metadata": f'{{"case": {case.id}}}',
        }
        response = bot.submit_view(forged, values, user=OTHER)
        assert response.json["view"]["callback_id"] == Callback.NOTICE
    after = the_case(bot)
    assert after.client_feedback is None and after.effective_date == case.effective_date
    other_team = bot.submit_view(
        {
            "id": "VX",
            "type": "modal",
            "callback_id": Callback.FEEDBACK,
            "blocks": [],
            "private_metadata": f'{{"case": {case.id}}}',
        },
        {"feedback_text": {"value": {"type": "plain_text_input", "value": "x"}}},
        team_id="T0000OTHER",
    )
    assert other_team.json["view"]["callback_id"] == Callback.NOTICE
    assert the_case(bot).client_feedback is None


def home_next_steps(bot: Bot) -> dict[int, str]:
    """The text App Home shows for each listed case, by case id."""
    home = bot.fake.homes[OWNER]
    prefix = Block.HOME_CASE_PREFIX
    return {
        int(b["block_id"].removeprefix(prefix)): b["text"]["text"]
        for b in home["blocks"]
        if b.get("block_id", "").startswith(prefix)
    }


def expected_next(bot: Bot) -> dict[int, str]:
    """Each open case's earliest unticked checklist item, read straight from the database."""
    with bot.db.session() as session:
        cases = session.scalars(select(Case)).all()
        return {
            c.id: min((i for i in c.items if not i.done_at), key=lambda i: (i.due_date, i.position)).title
            for c in cases
        }


def test_home_shows_each_cases_next_open_item_and_moves_on_when_it_is_ticked(bot: Bot) -> None:
    complete(bot, OWNER, "Acme Ltd")
    complete(bot, OWNER, "Globex", effective_date="2027-03-26")
    bot.event({"type": "app_home_opened", "user": OWNER, "channel": "D1", "tab": "home"})
    before = expected_next(bot)
    shown = home_next_steps(bot)
    assert shown.keys() == before.keys() and len(before) == 2
    for case_id, title in before.items():
        assert f"Next: {title}" in shown[case_id]
    view = open_from_home(bot)  # the first listed case: the sooner notify-by date
    meta = CaseMeta.decode(view["private_metadata"])
    assert meta is not None
    block = next(
        b for b in view["blocks"] if b.get("block_id", "").startswith(Block.CHECKLIST_PREFIX + "prepare")
    )
    click_in(bot, view, Action.CHECKLIST_TOGGLE, selected_options=block["elements"][0]["options"][:1])
    after = expected_next(bot)
    changed = [case_id for case_id in before if before[case_id] != after[case_id]]
    assert changed == [meta.case_id]
    shown = home_next_steps(bot)
    for case_id, title in after.items():
        assert f"Next: {title}" in shown[case_id]
