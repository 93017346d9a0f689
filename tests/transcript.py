"""`python -m tests.transcript [situation ...]`: everything the bot shows in each situation, as the
person reads it, rendered from the real views through the real app and the fake Slack: every step
of the flow, the plan's summary DM, the case view and each reminder DM over four months, in
order, with the owner pressing Done on each (or not, with `--idle`)."""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.app import build_sweeper_client
from bot.core.answers import SituationKey
from bot.reminders.sweeper import Sweeper
from bot.slack.ids import Action, Callback
from tests.conftest import OWNER, START
from tests.fake_slack import FakeSlack
from tests.flow import advance, start
from tests.harness import Bot, Clock, all_text, find_action

RULE = "─" * 78


def text_of(holder: dict[str, Any]) -> str:
    """A view or message as read: labels, text and hints, with input values shown as typed."""
    lines: list[str] = []
    for block in holder.get("blocks", []):
        kind = block.get("type")
        if kind == "input":
            element = block["element"]
            shown = element.get("initial_value") or element.get("initial_date") or element.get("initial_time")
            if "initial_option" in element:
                shown = element["initial_option"]["text"]["text"]
            if "initial_options" in element:
                shown = ", ".join(o["text"]["text"] for o in element["initial_options"])
            optional = (
                " (optional)" if block.get("optional") and "optional" not in block["label"]["text"] else ""
            )
            lines.append(f"[{block['label']['text']}{optional}]")
            if block.get("hint"):
                lines.append(f"  hint: {block['hint']['text']}")
            options = element.get("options")
            if options and element["type"] in ("radio_buttons", "checkboxes"):
                for option in options:
                    description = option.get("description", {}).get("text")
                    lines.append(
                        f"  ( ) {option['text']['text']}" + (f" — {description}" if description else "")
                    )
            if shown:
                lines.append("  > " + str(shown).replace("\n", "\n  > "))
        elif kind == "actions":
            names = [
                e.get("text", {}).get("text") or e.get("placeholder", {}).get("text") or e["type"]
                for e in block["elements"]
                if e["type"] != "checkboxes"
            ]
            if names:
                lines.append("  " + " · ".join(f"[{n}]" for n in names))
            for element in block["elements"]:
                if element["type"] == "checkboxes":
                    done = {o["value"] for o in element.get("initial_options", [])}
                    for option in element["options"]:
                        mark = "x" if option["value"] in done else " "
                        lines.append(f"  [{mark}] {option['text']['text']} ({option['description']['text']})")
        elif kind == "divider":
            lines.append("")
        else:
            lines.append(all_text({"blocks": [block]}))
    return "\n".join(lines).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


def show(title: str, holder: dict[str, Any]) -> None:
    print(RULE)
    print(title)
    print(RULE)
    print(text_of(holder))
    print()


def transcript(situation: SituationKey, database_url: str, act: bool = True) -> None:
    fake = FakeSlack().start()
    fake.add_user(OWNER, tz="Europe/London", real_name="Alex Morgan")
    bot = Bot(fake, database_url, Clock(START), HOLIDAY_COUNTRY="GB-ENG")
    try:
        print(f"\n{'=' * 78}\n{situation.value}\n{'=' * 78}")
        modal = start(bot, OWNER, "Harlow & Finch Ltd")
        while modal.callback_id != Callback.FLOW_DONE:
            show(f"Modal: {modal.callback_id}", modal.view)
            advance(modal, situation, {})
        show("Modal: done", modal.view)
        show("DM: the plan's summary", fake.dms_to(OWNER)[0])
        case_id = find_action(fake.dms_to(OWNER)[0], Action.OPEN_CASE)[1]["value"]
        bot.click({"type": "button", "action_id": Action.OPEN_CASE, "block_id": "x", "value": case_id})
        show("Modal: the case", fake.views[list(fake.views)[-1]])
        sweeper = Sweeper(bot.deps, build_sweeper_client(bot.deps))
        seen = len(fake.posted)
        for day in range(1, 120):  # each morning at 9:00 UTC (9:00 in London in winter), for four months
            bot.clock.set(datetime(2026, 12, 1, 9, tzinfo=UTC) + timedelta(days=day))
            sweeper.sweep()
            for message in fake.posted[seen:]:
                show(f"DM on {bot.clock():%a %d %b %Y}: reminder", message)
                if act and "reminder_done" in str(message["blocks"]):
                    # A dutiful owner: does what the DM asks, then presses its Done button.
                    block, button = find_action(message, Action.REMINDER_DONE)
                    action = {
                        **{k: button[k] for k in ("type", "action_id", "value")},
                        "block_id": block["block_id"],
                    }
                    bot.click(action, message=message, channel="D" + OWNER[1:])
                    settled = fake.messages[("D" + OWNER[1:], message["ts"])]
                    print("  after Done: " + text_of(settled).splitlines()[-1] + "\n")
            seen = len(fake.posted)
    finally:
        bot.close()
        fake.stop()


def main() -> None:
    """`--idle`: an owner who never presses a button (the nudges keep coming)."""
    act = "--idle" not in sys.argv
    wanted = [SituationKey(a) for a in sys.argv[1:] if not a.startswith("--")] or list(SituationKey)
    with tempfile.TemporaryDirectory() as folder:
        for situation in wanted:
            transcript(situation, f"sqlite:///{folder}/{situation.value}.sqlite3", act)


if __name__ == "__main__":
    main()
