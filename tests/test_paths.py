"""Every path a case can take, rendered whole: each situation, by call or by letter only, with the
client told on the day, told two days late, or never told. One app serves every journey (one owner
each) and one clock runs the sweep day by day from the plan to well after the end date, while each
owner answers as their path says. Then every DM and view they got is checked.

docs/paths/ holds the transcripts this module checks, every DM two owners got as rendered (written
again with REGENERATE_DOCS=1)."""

from __future__ import annotations

import html
import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from time import monotonic
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bot.app import build_sweeper_client
from bot.core.answers import SituationKey
from bot.core.kinds import ReminderKind
from bot.core.reminders import AFTER_TOLD
from bot.core.situations import SITUATIONS
from bot.reminders.sweeper import Sweeper
from bot.slack.ids import Action, Callback
from bot.storage.models import Case, Reminder, ReminderState
from tests.blockkit import blocks_errors, view_errors
from tests.conftest import START
from tests.fake_slack import FakeSlack
from tests.flow import complete
from tests.harness import Bot, Clock, all_text, find_action, schema_problems

LONDON = ZoneInfo("Europe/London")
METHODS = {"call": "phone", "letter": "written"}
PATHS = ("on_the_day", "two_days_late", "never")
MORNING = time(9)
AFTER_ANSWERS = time(9, 30)  # a second sweep, for what the owner's answers made due at once
DAYS_AFTER_END = 30  # calendar days the clock runs past the last end date

# Words that describe a conversation: never in what an owner sends when they tell by letter only,
# nor in their talking points (there, the points for the call the letter offers: the letter itself
# says it plainly, states the decision, says what changes).
CONVERSATION_WORDS = (
    "making time to talk",
    "Further to our conversation",
    "we discussed",
    "when we spoke",
    "our call",
    "our conversation",
    "the conversation",
    "this conversation",
    "on this call",
    "talking the change through",
    "Say it plainly",
    "State the decision",
    "Say what changes and why",
)
# Nor does the case view or App Home of a letter-only case speak of a conversation.
CONVERSATION_VIEWS = ("conversation", "Talking points")
AFTER_LETTER = "If they call or reply after your letter"
CONVERSATION_DMS = (
    "Today you talk to",
    "close the call",
    "Is the conversation booked?",
    "in the conversation you planned",
    "Have the exit conversation",
)
TRANSCRIPTS = Path(__file__).resolve().parent.parent / "docs" / "paths"


@dataclass
class Journey:
    situation: SituationKey
    method: str  # "call" or "letter"
    path: str
    user: str
    case_id: int = 0
    conversation: date = date.min
    notify_by: date = date.min
    effective: date = date.min
    told_at: datetime | None = None  # when the owner said the client knew
    dms: list[tuple[date, dict[str, Any]]] = field(default_factory=list)  # (day, message as posted)
    views: list[tuple[date, dict[str, Any]]] = field(default_factory=list)  # case views and App Homes
    sent: list[tuple[str, datetime]] = field(default_factory=list)  # (reminder kind, sent at)
    drafts: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.situation.value}/{self.method}/{self.path}"


def rendered(message: dict[str, Any]) -> str:
    """A DM as its reader sees it: words, then its buttons in brackets."""
    lines: list[str] = []
    for block in message.get("blocks", []):
        kind = block.get("type")
        if kind == "divider":
            lines.append("---")
        elif kind == "actions":
            labels = []
            for element in block.get("elements", []):
                text = element.get("text") or element.get("placeholder") or {}
                labels.append(f"[{text.get('text', '')}]")
            lines.append(" ".join(labels))
        else:
            lines.append(all_text({"blocks": [block]}))
    return html.unescape("\n".join(lines))


class World:
    """The app, its fake Slack, its clock and every journey."""

    def __init__(self, bot: Bot, clock: Clock, journeys: list[Journey]) -> None:
        self.bot, self.clock, self.journeys = bot, clock, journeys
        self.sweeper = Sweeper(bot.deps, build_sweeper_client(bot.deps), workers=1)
        self.calendar = bot.deps.calendar()

    def at(self, day: date, moment: time) -> None:
        self.clock.set(datetime.combine(day, moment, LONDON))

    def current(self, journey: Journey, posted: dict[str, Any]) -> dict[str, Any]:
        channel = "D" + journey.user[1:]
        return self.bot.fake.messages.get((channel, posted["ts"]), posted)

    def press(self, journey: Journey, message: dict[str, Any], action_id: str, **extra: Any) -> None:
        block, element = find_action(message, action_id)
        action = {
            "type": element["type"],
            "action_id": action_id,
            "block_id": block["block_id"],
            **({"value": element["value"]} if "value" in element else {}),
            **extra,
        }
        channel = "D" + journey.user[1:]
        assert self.bot.click(action, user=journey.user, message=message, channel=channel).status == 200

    def latest_with(self, journey: Journey, action_id: str) -> dict[str, Any] | None:
        for _, posted in reversed(journey.dms):
            message = self.current(journey, posted)
            if action_id in str(message.get("blocks")):
                return message
        return None

    def case_view(self, journey: Journey) -> dict[str, Any]:
        click = {
            "type": "button",
            "action_id": Action.OPEN_CASE,
            "block_id": "x",
            "value": str(journey.case_id),
        }
        assert self.bot.click(click, user=journey.user).status == 200
        view_id = self.bot.fake.calls_to("views.open")[-1]
        return next(
            v
            for v in reversed(list(self.bot.fake.views.values()))
            if v.get("callback_id") == Callback.CASE and view_id.args["view"]["blocks"] == v["blocks"]
        )

    def answer(self, journey: Journey, day: date) -> None:
        """The owner does what their path says, on the mornings it matters."""
        if journey.path == "never" or journey.told_at is not None:
            return
        day_after = self.calendar.add_working_days(journey.conversation, 1)
        two_late = self.calendar.add_working_days(journey.conversation, 2)
        if journey.path == "on_the_day" and day == day_after:
            asked = self.latest_with(journey, Action.TOLD_YES)
            if asked is not None:
                self.press(journey, asked, Action.TOLD_YES)
            else:  # the question came inside the overdue decision: they pick the day
                decision = self.latest_with(journey, Action.TOLD_ON)
                assert decision is not None, journey.name
                self.press(journey, decision, Action.TOLD_ON, selected_date=journey.conversation.isoformat())
            journey.told_at = self.clock()
        elif journey.path == "two_days_late" and day == day_after:
            asked = self.latest_with(journey, Action.TOLD_NOT_YET)
            if asked is not None:
                self.press(journey, asked, Action.TOLD_NOT_YET)
        elif journey.path == "two_days_late" and day == two_late:
            view = self.case_view(journey)  # marked told from the case view, today
            journey.views.append((day, view))
            block, button = find_action(view, Action.CLIENT_TOLD)
            click = {
                "type": "button",
                "action_id": Action.CLIENT_TOLD,
                "block_id": block["block_id"],
                "value": button["value"],
            }
            assert self.bot.click(click, user=journey.user, view=view).status == 200
            journey.told_at = self.clock()

    def answer_days(self) -> set[date]:
        days: set[date] = set()
        for journey in self.journeys:
            if journey.path != "never":
                days |= {self.calendar.add_working_days(journey.conversation, n) for n in (1, 2)}
        return days

    def next_due_day(self) -> date | None:
        """The next owner's day any reminder waits for (days when nothing is due are skipped)."""
        with self.bot.db.session() as session:
            due = session.scalar(
                select(func.min(Reminder.next_attempt_at)).where(Reminder.state == ReminderState.PENDING)
            )
        return due.astimezone(LONDON).date() if due else None

    def run(self, last: date) -> None:
        """Working mornings from the plan to `last`: those where something is due or someone answers."""
        day = START.astimezone(LONDON).date()
        answering = self.answer_days()
        while day <= last:
            if self.calendar.is_working_day(day):
                seen = len(self.bot.fake.posted)
                self.at(day, MORNING)
                self.sweeper.sweep()
                self.collect(day, seen)
                if day in answering:
                    seen = len(self.bot.fake.posted)
                    for journey in self.journeys:
                        self.answer(journey, day)
                    self.at(day, AFTER_ANSWERS)
                    self.sweeper.sweep()
                    self.collect(day, seen)
            upcoming = [d for d in (self.next_due_day(), *answering) if d is not None and d > day]
            day = max(day + timedelta(days=1), min(upcoming, default=last + timedelta(days=1)))

    def collect(self, day: date, seen: int) -> None:
        by_channel = {"D" + j.user[1:]: j for j in self.journeys} | {j.user: j for j in self.journeys}
        for message in self.bot.fake.posted[seen:]:
            journey = by_channel.get(str(message.get("to")))
            if journey is not None:
                journey.dms.append((day, message))


def _each_shape_once(check: Callable[[Any], list[str]]) -> Callable[[Any], list[str]]:
    """The same check, once per shape: every journey's flow shows the same views, told apart only
    by their digits (ids, dates), so each shape is validated once, as the fake Slack does."""
    valid: set[str] = set()

    def checked(answer: Any) -> list[str]:
        shape = re.sub(r"\d", "0", json.dumps(answer, sort_keys=True))
        if shape in valid:
            return []
        problems = check(answer)
        if not problems:
            valid.add(shape)
        return problems

    return checked


def _users(count: int) -> list[str]:
    return [f"U{n:010d}" for n in range(100, 100 + count)]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    fake = FakeSlack().start()
    journeys = [
        Journey(situation, method, path, user="")
        for situation in SituationKey
        for method in METHODS
        for path in PATHS
    ]
    for journey, user in zip(journeys, _users(len(journeys)), strict=True):
        journey.user = user
        fake.add_user(user, tz="Europe/London", real_name="Alex Morgan")
    clock = Clock(START)
    bot = Bot(fake, f"sqlite:///{tmp_path_factory.mktemp('paths')}/bot.sqlite3", clock)
    bot.check = _each_shape_once(schema_problems)
    fake.view_checker = _each_shape_once(view_errors)
    fake.blocks_checker = _each_shape_once(blocks_errors)
    started = monotonic()
    try:
        for n, journey in enumerate(journeys):
            seen = len(fake.posted)
            complete(bot, journey.user, f"Client {n} Ltd", journey.situation, method=METHODS[journey.method])
            world_day = START.astimezone(LONDON).date()
            journey.dms += [(world_day, m) for m in fake.posted[seen:]]
        with bot.db.session() as session:
            cases = {c.owner_id: c for c in session.scalars(select(Case))}
        for journey in journeys:
            case = cases[journey.user]
            journey.case_id = case.id
            journey.conversation, journey.notify_by, journey.effective = (
                case.conversation_date,
                case.notify_by,
                case.effective_date,
            )
        created = monotonic()
        world = World(bot, clock, journeys)
        world.run(max(j.effective for j in journeys) + timedelta(days=DAYS_AFTER_END))
        with bot.db.session() as session:
            for journey in journeys:
                stored = session.get(Case, journey.case_id)
                assert stored is not None
                journey.drafts = dict(stored.drafts)
                rows = session.scalars(select(Reminder).where(Reminder.case_id == journey.case_id))
                journey.sent = [(r.kind, r.sent_at) for r in rows if r.sent_at is not None]
        for journey in journeys:
            journey.views.append((world_day, world.case_view(journey)))
        print(
            f"\npaths: {len(journeys)} cases made in {created - started:.1f} s,"
            f" run in {monotonic() - created:.1f} s"
        )
        yield world
    finally:
        bot.close()
        fake.stop()
    assert fake.schema_errors == [], "Slack would reject these views or messages"
    assert bot.view_problems == [], "the app acked with views or blocks Slack would reject"


def failures(world: World, check: Any) -> list[str]:
    found: list[str] = []
    for journey in world.journeys:
        found += [f"{journey.name}: {problem}" for problem in check(journey)]
    return found


def test_every_journey_got_its_plan_and_was_told_as_its_path_says(world: World) -> None:
    for journey in world.journeys:
        assert journey.dms, journey.name
        assert (journey.told_at is None) == (journey.path == "never"), journey.name


def test_no_follow_up_before_the_client_is_told(world: World) -> None:
    def check(journey: Journey) -> Iterator[str]:
        for kind, at in journey.sent:
            if ReminderKind(kind) in AFTER_TOLD and (journey.told_at is None or at < journey.told_at):
                yield f"{kind} sent {at:%a %d %b} before they were told"

    assert failures(world, check) == []


def test_once_told_the_follow_ups_come(world: World) -> None:
    def check(journey: Journey) -> Iterator[str]:
        if journey.told_at is not None and not {k for k, _ in journey.sent} & {k.value for k in AFTER_TOLD}:
            yield "told, yet no follow-up came"

    assert failures(world, check) == []


def test_letter_only_drafts_views_and_dms_describe_no_conversation(world: World) -> None:
    for journey in world.journeys:
        if journey.method == "letter":
            world.bot.event({"type": "app_home_opened", "user": journey.user, "channel": "D1", "tab": "home"})
            journey.views.append(
                (world.clock().astimezone(LONDON).date(), world.bot.fake.homes[journey.user])
            )

    def check(journey: Journey) -> Iterator[str]:
        if journey.method != "letter":
            return
        for kind, text in journey.drafts.items():
            for words in CONVERSATION_WORDS:
                if words.lower() in text.lower():
                    yield f"draft {kind} says {words!r}"
        for day, message in journey.dms:
            for words in CONVERSATION_DMS:
                if words in rendered(message):
                    yield f"DM of {day:%d %b} says {words!r}"
        if ReminderKind.NOTICE_AHEAD.value in {k for k, _ in journey.sent}:
            yield "asked whether the conversation is booked"
        for day, view in journey.views:
            for words in CONVERSATION_VIEWS:
                if words.lower() in html.unescape(all_text(view)).lower():
                    yield f"{view.get('type')} view of {day:%d %b} says {words!r}"
        cases = [all_text(view) for _, view in journey.views if view.get("type") == "modal"]
        if not cases or not all(AFTER_LETTER in html.unescape(text) for text in cases):
            yield f"the case view does not introduce the talking points as {AFTER_LETTER!r}"

    assert failures(world, check) == []


def test_no_nudge_after_the_end_date_but_the_decision(world: World) -> None:
    def check(journey: Journey) -> Iterator[str]:
        if journey.path != "never":
            return
        after = [kind for kind, at in journey.sent if at.astimezone(LONDON).date() > journey.effective]
        if [k for k in after if k != ReminderKind.NOTICE_OVERDUE.value] or len(after) > 1:
            yield f"after the end date: {after}"

    assert failures(world, check) == []


def test_overdue_nudges_back_off_and_ask_for_a_decision(world: World) -> None:
    def check(journey: Journey) -> Iterator[str]:
        if (
            journey.path != "never"
            or ReminderKind.NOTICE_OVERDUE not in SITUATIONS[journey.situation].reminders
        ):
            return
        days = sorted(at for kind, at in journey.sent if kind == ReminderKind.NOTICE_OVERDUE.value)
        if not 3 <= len(days) <= 10:
            yield f"{len(days)} overdue nudges"
        texts = [rendered(message) for _, message in journey.dms]
        if not any("can no longer be met" in t and "Move the dates" in t for t in texts):
            yield "never said the contract's notice can no longer be met"
        if not any("manager" in t and "can no longer be met" in t for t in texts):
            yield "never suggested telling the manager"
        if any("Tell them today" in t for t in texts):
            yield "repeats 'Tell them today'"
        if not texts or "has passed, and they were never told" not in texts[-1]:
            yield "the last DM is not the decision after the end date"
        elif "[Snooze]" in texts[-1]:
            yield "the last reminder offers a snooze"

    assert failures(world, check) == []


def test_at_most_one_dm_per_case_per_morning(world: World) -> None:
    def check(journey: Journey) -> Iterator[str]:
        for day, count in Counter(day for day, _ in journey.dms).items():
            if count > 1:
                yield f"{count} DMs on {day:%a %d %b}"

    assert failures(world, check) == []


# A date as the drafts write it for the client: "Friday 26 February 2027" or "Friday 26 February".
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
WRITTEN_DATE = re.compile(rf"\b({'|'.join(WEEKDAYS)}) (\d{{1,2}}) ({'|'.join(MONTHS)})(?: (\d{{4}}))?")
SLACK_DATE = re.compile(r"<!date\^(\d+)\^")


def written_dates(text: str, near: date) -> Iterator[tuple[str, date]]:
    """Each date a text writes out, read back; a date without its year is the one, within a year
    of `near`, that falls on the weekday it names."""
    for match in WRITTEN_DATE.finditer(text):
        weekday, day, month, year = match.groups()
        years = [int(year)] if year else [near.year - 1, near.year, near.year + 1]
        for candidate in years:
            try:
                found = date(candidate, MONTHS.index(month) + 1, int(day))
            except ValueError:
                continue
            if WEEKDAYS[found.weekday()] == weekday:
                yield match.group(0), found
                break


def test_no_client_facing_date_falls_on_a_non_working_day_or_after_the_last_day(world: World) -> None:
    def check(journey: Journey) -> Iterator[str]:
        last_day = world.calendar.on_or_before(journey.effective)
        for kind, text in journey.drafts.items():
            for words, day in written_dates(text, journey.effective):
                if not world.calendar.is_working_day(day):
                    yield f"draft {kind} names {words}, not a working day"
                elif day > last_day:
                    yield f"draft {kind} names {words}, after the last day"

    assert failures(world, check) == []


def test_app_home_never_shows_a_past_next_without_overdue(world: World) -> None:
    bot = world.bot
    for journey in world.journeys:
        bot.event({"type": "app_home_opened", "user": journey.user, "channel": "D1", "tab": "home"})
        journey.views.append((world.clock().astimezone(LONDON).date(), bot.fake.homes[journey.user]))

    def check(journey: Journey) -> Iterator[str]:
        for day, view in journey.views:
            if view.get("type") != "home":
                continue
            for line in all_text(view).splitlines():
                shown = SLACK_DATE.search(line) if line.startswith("Next:") else None
                if shown is None:
                    continue
                due = datetime.fromtimestamp(int(shown.group(1)), LONDON).date()
                if due < day and "overdue" not in line:
                    yield f"App Home on {day:%d %b} shows a past Next without overdue: {line}"

    assert failures(world, check) == []
    homes = [all_text(view) for j in world.journeys for _, view in j.views if view.get("type") == "home"]
    assert any("overdue" in home for home in homes)  # the check above had something to look at


def test_the_transcripts_of_two_situations_are_current(world: World) -> None:
    """docs/paths/ shows what the bot sends today: the test fails when a DM changed and the page
    did not; `REGENERATE_DOCS=1 pytest tests/test_paths.py` writes it again."""
    stale = []
    assert not world.calendar.holidays  # as the pages' heading says
    for situation in (SituationKey.WE_END, SituationKey.FOR_CAUSE):
        lines = [
            f"# Every DM an owner gets: {situation.value}, by call",
            "",
            "Rendered by tests/test_paths.py from the sample answers (plan made on Tue 1 Dec 2026);",
            "regenerated with `REGENERATE_DOCS=1 pytest tests/test_paths.py`. Buttons are shown in brackets.",
            "No public holidays are set (`HOLIDAY_COUNTRY` empty): only weekends are skipped.",
        ]
        for path, title in (("never", "Never marked told"), ("two_days_late", "Told two days late")):
            journey = next(
                j for j in world.journeys if (j.situation, j.method, j.path) == (situation, "call", path)
            )
            lines += ["", f"## {title}", ""]
            for day, message in journey.dms:
                lines += [f"### {day:%a %d %b %Y}", "", "```", rendered(message), "```", ""]
        text = "\n".join(lines).rstrip() + "\n"
        page = TRANSCRIPTS / f"{situation.value}.md"
        if os.environ.get("REGENERATE_DOCS"):
            page.write_text(text, encoding="utf-8")
        elif page.read_text(encoding="utf-8") != text:
            stale.append(page.name)
        assert text.count("###") > 3
    assert stale == [], "run REGENERATE_DOCS=1 pytest tests/test_paths.py"
