"""`python -m tests.screenshots [FOLDER]` (`make screenshots`): pictures of the playground for the
README, taken in the system's Chromium: a step of the flow, the plan, App Home, a reminder DM and a
rehearsal of the conversation.
Written to docs/screenshots/ by default, with the date they were taken in `taken.txt`."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

from bot.core.answers import SituationKey
from bot.slack.ids import Action, Block
from tests.browser import (
    ROOT,
    all_by_css,
    browser_missing,
    by_css,
    chromium,
    fill_step,
    playground,
    press,
    walk_flow,
)

SHOTS = {"flow_change": "flow.png", "flow_review": "plan.png"}
# A rehearsal from the plan's DM: the first line answered well, the second with a wobble.
REHEARSAL_ANSWERS = (
    "I know it's a surprise, and I'm sorry. The decision is made; let me tell you what happens next.",
    "i understand. maybe we could keep going a few more months and see",
)


def rehearsal_shot(driver: Any, folder: Path) -> None:
    """The plan's DM's Rehearse it, two lines answered, the feedback on the second ticked and shot."""
    press(driver, by_css(driver, f'#messages button[data-action-id="{Action.REHEARSE.value}"]'))
    for n, answer in enumerate(REHEARSAL_ANSWERS):
        answers: dict[str, Any] = {Block.REHEARSAL_ANSWER.value: answer}
        if n:
            answers[Block.REHEARSAL_RATINGS.value] = ["acknowledge", "next_step", "no_argument"]
        fill_step(driver, answers)
        press(driver, by_css(driver, "#modal-submit"))
    fill_step(driver, {Block.REHEARSAL_RATINGS.value: ["acknowledge"]})  # what the person ticks
    by_css(driver, "#modal").screenshot(str(folder / "rehearsal.png"))
    press(driver, by_css(driver, "#modal-close"))


def main(folder: Path) -> int:
    missing = browser_missing()
    if missing:
        print(f"no screenshots: {missing}", file=sys.stderr)
        return 2
    folder.mkdir(parents=True, exist_ok=True)
    with playground() as (url, _), chromium(width=1280, height=1500) as driver:
        driver.get(url)

        def shoot(callback: str) -> None:
            if callback in SHOTS:
                by_css(driver, "#modal").screenshot(str(folder / SHOTS[callback]))

        walk_flow(driver, SituationKey.WE_END, "Harlow & Finch Ltd", on_screen=shoot)
        press(driver, by_css(driver, "#modal-close"))
        rehearsal_shot(driver, folder)
        press(driver, by_css(driver, "#open-home"))
        by_css(driver, "#home").screenshot(str(folder / "home.png"))
        press(driver, by_css(driver, "#jump"))
        press(driver, by_css(driver, "#jump"))
        all_by_css(driver, "#messages form.msg")[-1].screenshot(str(folder / "reminder.png"))
        driver.set_window_size(1280, 900)
        driver.save_screenshot(str(folder / "playground.png"))
    (folder / "taken.txt").write_text(f"{date.today().isoformat()}\n")
    print(f"screenshots written to {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"))
