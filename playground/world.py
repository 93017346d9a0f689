"""The playground's world: the real bot on a loopback port, driven with signed requests shaped as
Slack shapes them, a fake Slack in this process that keeps what the bot sent (modals, Home, DMs),
one person, and a clock that can be moved on to the next reminder."""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.app import build_sweeper_client
from bot.core.schedule import zone
from bot.listeners.common import publish_due_homes
from bot.reminders.sweeper import Sweeper
from bot.storage.reminders import next_waiting
from playground.fakes.requests import Clock, LocalBot
from playground.fakes.slack_api import FakeSlack
from playground.typed import with_typed

TEAM = "T0PLAYGROUND"
USER = "U0PLAYGROUND"
USER_NAME = "Alex Morgan"
USER_TZ = "Europe/London"
COLLEAGUES = {"U0COLLEAGUE1": "Jordan Lee", "U0COLLEAGUE2": "Sam Patel"}  # to name as leads and members
HOME = "home"
MODAL = "modal"
MESSAGE = "message:"  # followed by the message's ts
EPHEMERAL = "ephemeral"


@dataclass(frozen=True)
class Where:
    """A button or menu as the page names it: what holds it, and its block and element."""

    holder: str
    block: int
    element: int

    @classmethod
    def parse(cls, raw: str) -> Where | None:
        holder, _, rest = raw.rpartition("|")
        holder, _, block = holder.rpartition("|")
        try:
            return cls(holder, int(block), int(rest))
        except ValueError:
            return None

    def __str__(self) -> str:
        return f"{self.holder}|{self.block}|{self.element}"


@dataclass(frozen=True)
class Snapshot:
    """Everything the page draws, as plain data."""

    now: datetime
    tz: str
    hours: tuple[int, int]
    weekend: tuple[int, ...]
    next_reminder: tuple[datetime, str] | None
    modal: list[dict[str, Any]]
    errors: dict[str, str]
    home: dict[str, Any] | None
    messages: list[dict[str, Any]]
    ephemeral: dict[str, Any] | None
    problems: list[str]
    users: dict[str, str]  # the workspace's people, by id: for user menus and mentions


class Playground:
    def __init__(self, database_url: str, env: Mapping[str, str], start: datetime | None = None) -> None:
        self.fake = FakeSlack(team_id=TEAM)
        self.fake.add_user(USER, tz=USER_TZ, real_name=USER_NAME, is_admin=True)
        for colleague, name in COLLEAGUES.items():
            self.fake.add_user(colleague, tz=USER_TZ, real_name=name)
        self.fake.start()
        self.clock = Clock(start or datetime.now(UTC))
        self.bot = LocalBot(self.fake, database_url, self.clock, secrets.token_hex(16), env=dict(env))
        self.sweeper = Sweeper(self.bot.deps, build_sweeper_client(self.bot.deps))
        self.root: str | None = None  # the open modal, by the id of its first view
        self.errors: dict[str, str] = {}
        self.typed: dict[str, dict[str, Any]] = {}  # by view id: what is typed in it, as Slack keeps it
        self.ephemeral: dict[str, Any] | None = None
        self.problems: list[str] = []  # requests the bot refused or failed, shown on the page
        self._lock = threading.RLock()

    def close(self) -> None:
        self.bot.close()
        self.fake.stop()

    # ---- what the person does --------------------------------------------------------------
    def command(self, text: str) -> None:
        with self._lock:
            opened = len(self.fake.calls_to("views.open"))
            answer = self._checked(self.bot.slash(text, user=USER))
            self.ephemeral = answer if answer and (answer.get("text") or answer.get("blocks")) else None
            if len(self.fake.calls_to("views.open")) > opened:
                self.root, self.errors = self.fake.newest_stack(), {}

    def submit(self, form: Mapping[str, Sequence[str]]) -> None:
        with self._lock:
            view = self._top()
            if view is None:
                return
            values = state_values(view, form)
            answer = self._checked(self.bot.submit_view(view, values, user=USER))
            self.errors = self.fake.answer_submission(view["id"], answer)
            if self.errors:  # refused: the view stays, showing what was typed, with the errors
                self.typed[view["id"]] = values
            else:
                self.typed.pop(view["id"], None)
            self._follow_modal()

    def close_modal(self) -> None:
        with self._lock:
            view = self._top()
            if view is not None:
                self.fake.close_view(view["id"])
                self.typed.pop(view["id"], None)
            self.errors = {}
            self._follow_modal()

    def act(self, where: Where, form: Mapping[str, Sequence[str]]) -> None:
        """A button pressed, or a menu or checkbox changed, in a modal, on Home or in a DM."""
        with self._lock:
            holder = self._holder(where.holder)
            if holder is None:
                return
            try:
                block = holder["blocks"][where.block]
                element = _elements(block)[where.element]
            except (IndexError, KeyError, TypeError):
                return
            action = _action(block, element, form.get(f"el{where.block}_{where.element}", []))
            opened = len(self.fake.calls_to("views.open"))
            if where.holder == MODAL:
                values = self.typed[holder["id"]] = state_values(holder, form)
                reply = self.bot.click(action, user=USER, view=holder, values=values)
            elif where.holder.startswith(MESSAGE) or where.holder == EPHEMERAL:
                message = {"ts": f"{time.time():.6f}", **holder}
                reply = self.bot.click(action, user=USER, message=message, channel="D" + USER[1:])
            else:
                reply = self.bot.click(action, user=USER)
            self._checked(reply)
            if len(self.fake.calls_to("views.open")) > opened:
                self.root, self.errors = self.fake.newest_stack(), {}
            self._follow_modal()

    def open_home(self) -> None:
        with self._lock:
            event = {"type": "app_home_opened", "user": USER, "tab": "home", "event_ts": f"{time.time():.6f}"}
            self._checked(self.bot.event(event))

    def jump(self) -> None:
        """Move the clock to the next reminder due (if it is not due yet) and run the sweep."""
        with self._lock:
            upcoming = self._next_reminder()
            if upcoming is not None and upcoming[0] > self.clock():
                self.clock.set(upcoming[0])
            self.sweeper.sweep()

    def wait(self, delta: timedelta) -> None:
        with self._lock:
            self.clock.advance(delta)
            self.sweeper.sweep()

    # ---- what the page draws -------------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        with self._lock:
            window = self.bot.deps.window
            messages = sorted(self.fake.dms_to(USER), key=lambda m: float(m["ts"]))
            return Snapshot(
                now=self.clock().astimezone(zone(USER_TZ)),
                tz=USER_TZ,
                hours=(window.start_hour, window.end_hour),
                weekend=tuple(sorted(self.bot.deps.calendar().weekend)),
                next_reminder=self._next_reminder(),
                modal=[with_typed(v, self.typed.get(v["id"])) for v in self._stack()],
                errors=dict(self.errors),
                home=self.fake.homes.get(USER),
                messages=messages,
                ephemeral=self.ephemeral,
                problems=list(self.problems[-5:]),
                users={u: str(p.get("real_name") or u) for u, p in self.fake.users.items()},
            )

    # ---- inside --------------------------------------------------------------------------------
    def _stack(self) -> list[dict[str, Any]]:
        return self.fake.stack_of(self.root) if self.root else []

    def _top(self) -> dict[str, Any] | None:
        stack = self._stack()
        return stack[-1] if stack else None

    def _follow_modal(self) -> None:
        if self.root and not self.fake.stack_of(self.root):
            self.root = self.fake.newest_stack()

    def _holder(self, name: str) -> dict[str, Any] | None:
        if name == MODAL:
            return self._top()
        if name == HOME:
            return self.fake.homes.get(USER)
        if name == EPHEMERAL:
            return self.ephemeral
        if name.startswith(MESSAGE):
            ts = name[len(MESSAGE) :]
            return next((m for m in self.fake.dms_to(USER) if m["ts"] == ts), None)
        return None

    def _next_reminder(self) -> tuple[datetime, str] | None:
        with self.bot.deps.db.session() as session:
            found = next_waiting(session, TEAM, USER)
        return (found[0].astimezone(zone(USER_TZ)), found[1]) if found else None

    def _checked(self, reply: Any) -> dict[str, Any] | None:
        # No scheduler runs here: the Homes the request owes are drawn at once, as the homes job
        # would once the clicks settle.
        publish_due_homes(self.bot.deps, None)
        if reply.status != 200:
            self.problems.append(f"the bot answered HTTP {reply.status}")
            return None
        answer = reply.json if reply.text.startswith("{") else None
        return answer if isinstance(answer, dict) else None


def _elements(block: dict[str, Any]) -> list[dict[str, Any]]:
    if block.get("type") == "actions":
        return list(block.get("elements", []))
    accessory = block.get("accessory")
    return [accessory] if isinstance(accessory, dict) else []


def _action(block: dict[str, Any], element: dict[str, Any], chosen: Sequence[str]) -> dict[str, Any]:
    """The `actions[0]` Slack sends for this element, with what the person chose in it."""
    action: dict[str, Any] = {
        "type": element.get("type"),
        "action_id": element.get("action_id"),
        "block_id": block.get("block_id"),
    }
    kind = element.get("type")
    if kind == "button":
        action["text"] = element.get("text")
        if "value" in element:
            action["value"] = element["value"]
    elif kind == "checkboxes":
        action["selected_options"] = [o for v in chosen if (o := _option(element, v))]
    elif kind in ("static_select", "radio_buttons", "overflow"):
        action["selected_option"] = _option(element, chosen[0]) if chosen else None
    elif kind == "datepicker":
        action["selected_date"] = chosen[0] if chosen else None
    return action


def _option(element: dict[str, Any], value: str) -> dict[str, Any] | None:
    options = list(element.get("options", []))
    for group in element.get("option_groups", []):
        options += group.get("options", [])
    for option in options:
        if option.get("value") == value:
            return {"text": option["text"], "value": option["value"]}
    return None


def state_values(view: dict[str, Any], form: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    """`view.state.values` as Slack sends it, from the page's form: input block i is field `in{i}`."""
    values: dict[str, Any] = {}
    for index, block in enumerate(view.get("blocks", [])):
        if block.get("type") != "input":
            continue
        element = block["element"]
        kind = element["type"]
        given = [v for v in form.get(f"in{index}", []) if v != ""]
        state: dict[str, Any] = {"type": kind}
        first = given[0] if given else None
        if kind in ("plain_text_input", "number_input"):
            state["value"] = first
        elif kind == "datepicker":
            state["selected_date"] = first
        elif kind == "timepicker":
            state["selected_time"] = first
        elif kind in ("static_select", "radio_buttons"):
            state["selected_option"] = _option(element, first) if first else None
        elif kind == "checkboxes":
            state["selected_options"] = [o for v in given if (o := _option(element, v))]
        elif kind == "users_select":
            state["selected_user"] = first
        elif kind == "multi_users_select":
            state["selected_users"] = given
        values.setdefault(block["block_id"], {})[element["action_id"]] = state
    return values
