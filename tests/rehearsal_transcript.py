"""`python -m tests.rehearsal_transcript [situation …]`: one rehearsal played in the playground, as
its reader sees it: every screen's text, the answers typed (as people type them, some of them
wobbling, arguing or promising) and the points ticked, down to the summary."""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, datetime
from typing import Any

from bot.core.answers import SituationKey
from bot.slack.flow_views import CALLBACK_STEPS
from bot.slack.ids import Action, Block, Callback
from playground.world import MESSAGE, Playground, Where
from tests.situations import answers_for

# What a person might say to each line, and which points they tick for that answer afterwards.
ANSWERS: dict[SituationKey, list[tuple[str, list[str]]]] = {
    SituationKey.WE_END: [
        (
            "I know this is a surprise and I'm sorry. we've decided to stop working together at the "
            "end of february, and I wanted you to hear it from me",
            ["acknowledge", "keep", "no_argument"],
        ),
        ("i get it, but to be fair you knew our focus was changing", ["keep"]),
        (
            "If you'd rather finish sooner we can agree an earlier date, and I'll put the files, "
            "the open work and the final invoice in writing.",
            ["no_argument", "acknowledge", "next_step", "no_promise"],
        ),
        (
            "Everything is yours. We'll hand it all over with notes, and I'll make sure the last "
            "month is free of charge",
            ["acknowledge", "next_step"],
        ),
        ("maybe we could look at the terms again? let me see if there's a way", ["acknowledge"]),
    ],
    SituationKey.FOR_CAUSE: [
        (
            "I know this is hard to hear. we are ending the agreement under clause 14.2 and the "
            "notice goes out in writing today",
            ["acknowledge", "keep", "next_step", "no_argument"],
        ),
        ("thats not fair, you were warned twice in november", ["keep"]),
        (
            "I hear you see it differently. Send me what you have in writing and I'll look at it; "
            "the notice stands meanwhile.",
            ["acknowledge", "no_argument", "next_step", "keep"],
        ),
        ("Nobody outside our two firms.", ["acknowledge", "next_step", "no_promise"]),
        ("if you pay by friday we can carry on, and we'll write off the interest", []),
    ],
}


def coached_answers(situation: SituationKey) -> list[tuple[str, list[str]]]:
    """For a situation without typed answers above: each coached answer, every point ticked."""
    from bot.copydeck import rehearsal_script

    return [(t.coached, [p.value for p in t.point_keys]) for t in rehearsal_script(situation).turns]


def shown(mrkdwn: str) -> str:
    """Slack shows the escapes as the characters they stand for."""
    return mrkdwn.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def block_text(block: dict[str, Any], typed: dict[str, Any]) -> list[str]:
    kind = block.get("type")
    if kind in ("section", "header"):
        return [shown(block["text"]["text"])]
    if kind == "context":
        return [shown(e.get("text", "")) for e in block.get("elements", [])]
    if kind == "divider":
        return ["---"]
    if kind == "input":
        label = block["label"]["text"]
        given = typed.get(block["block_id"])
        element = block["element"]
        if element["type"] == "checkboxes":
            ticks = set(given or [])
            boxes = [
                f"  [{'x' if o['value'] in ticks else ' '}] {o['text']['text']}" for o in element["options"]
            ]
            return [f"{label}:", *boxes]
        return [f"{label}: (typed) {given}"]
    return [f"({kind})"]


def form_for(view: dict[str, Any], answers: dict[str, Any]) -> dict[str, list[str]]:
    form: dict[str, list[str]] = {}
    for index, block in enumerate(view["blocks"]):
        if block.get("type") != "input":
            continue
        given = answers.get(block["block_id"])
        if isinstance(given, list):
            form[f"in{index}"] = [str(v) for v in given]
        elif given is not None:
            form[f"in{index}"] = [str(given)]
        else:
            element = block["element"]
            initial = (
                element.get("initial_value") or element.get("initial_date") or element.get("initial_time")
            )
            initial = initial or (element.get("initial_option") or {}).get("value")
            if initial:
                form[f"in{index}"] = [str(initial)]
    return form


def button_where(message: dict[str, Any], action_id: str) -> tuple[int, int]:
    for b, block in enumerate(message["blocks"]):
        for e, element in enumerate(block.get("elements", []) if block.get("type") == "actions" else []):
            if element.get("action_id") == action_id:
                return b, e
    raise LookupError(action_id)


def transcript(situation: SituationKey) -> str:
    out: list[str] = [f"# Rehearsal: {situation.value}", ""]
    with tempfile.TemporaryDirectory() as folder:
        world = Playground(
            f"sqlite:///{folder}/rehearsal.sqlite3",
            {"HOLIDAY_COUNTRY": "GB-ENG"},
            start=datetime(2026, 12, 1, 9, 30, tzinfo=UTC),
        )
        try:
            world.command("Harlow & Finch Ltd")
            while (modal := world.snapshot().modal) and (
                step := CALLBACK_STEPS.get(modal[-1]["callback_id"])
            ):
                world.submit(form_for(modal[-1], answers_for(situation, step)))
            world.close_modal()
            plan_dm = world.snapshot().messages[0]
            world.act(Where(MESSAGE + plan_dm["ts"], *button_where(plan_dm, Action.REHEARSE)), {})
            answers = iter(ANSWERS.get(situation) or coached_answers(situation))
            ticks: list[str] | None = None
            screen = 0
            while (modal := world.snapshot().modal) and modal[-1]["callback_id"] == Callback.REHEARSAL:
                view = modal[-1]
                asks = any(b.get("block_id") == Block.REHEARSAL_ANSWER for b in view["blocks"])
                said, next_ticks = next(answers) if asks else ("", None)
                typed = {Block.REHEARSAL_ANSWER.value: said, Block.REHEARSAL_RATINGS.value: ticks}
                screen += 1
                out += [f"## Screen {screen} · submit “{view['submit']['text']}”", ""]
                for block in view["blocks"]:
                    out += block_text(block, typed)
                out.append("")
                world.submit(form_for(view, typed))
                ticks = next_ticks
            final = world.snapshot().modal[-1]
            out += [f"## Screen {screen + 1} · {final['title']['text']}", ""]
            for block in final["blocks"]:
                out += block_text(block, {})
        finally:
            world.close()
    return "\n".join(out)


def main(argv: list[str]) -> int:
    chosen = [SituationKey(a) for a in argv] or [SituationKey.WE_END, SituationKey.FOR_CAUSE]
    print("\n\n".join(transcript(s) for s in chosen))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
