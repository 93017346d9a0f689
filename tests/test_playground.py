"""The playground: the real bot drawn in a local page. Its drawing and its safety are checked
directly; a browser test walks a whole case in the system's Chromium."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from bot.core.answers import SituationKey
from bot.slack.ids import Action
from playground.demo import DemoRefused, demo_environment
from playground.render import mrkdwn, page
from playground.world import HOME, MESSAGE, Playground, Where
from tests.browser import all_by_css, browser_missing, by_css, chromium, playground, press, walk_flow
from tests.test_hostile import HOSTILE

ROOT = Path(__file__).resolve().parent.parent
TAG = re.compile(r"<(/?)([a-z0-9]+)[^>]*>")
DRAWN_TAGS = {"strong", "em", "s", "code", "blockquote", "br", "a", "time", "span"}


# ---- drawing ---------------------------------------------------------------------------------
@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_drawn_as_text(text: str) -> None:
    """What a person typed reaches the page as the bot escaped it for Slack; the page must show it
    as text: no tag but the few Slack's own markup becomes, and no live link."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    drawn = str(mrkdwn(escaped))
    assert {m.group(2) for m in TAG.finditer(drawn)} <= DRAWN_TAGS - {"a"}
    assert "<script" not in drawn and "href" not in drawn
    if "<b>" in text:
        assert "&lt;b&gt;bold&lt;/b&gt;" in drawn


def test_slack_markup_is_drawn() -> None:
    drawn = str(
        mrkdwn(
            "*Bold* and _it_ ~gone~ `code`\n> quoted\n<https://example.com|a link> <!date^1^{date}|Tue 1 Dec>"
        )
    )
    assert "<strong>Bold</strong>" in drawn and "<em>it</em>" in drawn and "<s>gone</s>" in drawn
    assert "<code>code</code>" in drawn and "<blockquote>quoted</blockquote>" in drawn
    assert '<a href="https://example.com"' in drawn and ">a link</a>" in drawn
    assert '<time class="date">Tue 1 Dec</time>' in drawn


def test_a_line_starting_with_a_quote_mark_is_a_block_quote() -> None:
    """As Slack draws it: `>` at a line's start (with a space or not) quotes that line, and quoted
    lines in a row make one quote; the escaped `&gt;` (a `>` someone typed) stays the character."""
    drawn = str(mrkdwn(">Dear Sam,\n>\n> *thank you* for six years.\nAfter it &gt; and a &gt; b"))
    assert drawn.startswith("<blockquote>Dear Sam,<br><br>") and drawn.count("<blockquote>") == 1
    assert "for six years.</blockquote>" in drawn and "<strong>thank you</strong>" in drawn
    assert "After it &gt; and a &gt; b" in drawn  # shown as ">" by the browser, outside the quote
    assert str(mrkdwn("&gt; typed, not quoted")) == "&gt; typed, not quoted"
    assert str(mrkdwn("one\n>two\nthree")) == "one<br><blockquote>two</blockquote>three"


def test_a_draft_is_drawn_as_a_quote_without_its_marks() -> None:
    """The bot sends a draft as a quote, line by line; a line the person began with `>` keeps it."""
    from bot.slack.blocks import quoted

    drawn = str(mrkdwn(quoted("Hi Sam,\n> their words\nBest, Alex")))
    assert drawn == "<blockquote>Hi Sam,<br>&gt; their words<br>Best, Alex</blockquote>"


@pytest.fixture
def world() -> Iterator[Playground]:
    with tempfile.TemporaryDirectory() as folder:
        ground = Playground(
            f"sqlite:///{folder}/playground.sqlite3",
            {"HOLIDAY_COUNTRY": "GB-ENG"},
            start=datetime(2026, 12, 1, 9, 30, tzinfo=UTC),
        )
        try:
            yield ground
        finally:
            ground.close()


PAGE_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "span", "form",
    "button", "main", "section", "input", "div", "p", "label", "small", "select", "option",
    "textarea", "hr", "br", "strong", "em", "s", "code", "blockquote", "time", "a", "script",
}  # fmt: skip


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.append((tag, attrs))


BREAKING_OUT = ['"><script>alert(1)</script>', "' onmouseover='alert(1)", "</textarea><b>x</b>"]


@pytest.mark.parametrize("text", HOSTILE + BREAKING_OUT)
def test_hostile_names_show_as_text_on_the_page(world: Playground, text: str) -> None:
    """Typed as a client's name: the opening modal and the Home list draw it, and the page holds
    only its own tags, its one script, and no handler or link the text could have made."""
    world.command(text)
    world.open_home()
    parser = Tags()
    parser.feed(page(world.snapshot(), 1, "nonce"))
    tags = [tag for tag, _ in parser.seen]
    assert set(tags) <= PAGE_TAGS, set(tags) - PAGE_TAGS
    assert tags.count("script") == 1
    for _, attrs in parser.seen:
        assert not [name for name, _ in attrs if name.startswith("on")]
        assert not [v for name, v in attrs if name == "href" and v and not v.startswith("https://")]


def test_unknown_blocks_and_elements_are_visible_placeholders(world: Playground) -> None:
    world.fake.homes["U0PLAYGROUND"] = {
        "type": "home",
        "blocks": [
            {"type": "rich_text", "elements": []},
            {"type": "actions", "elements": [{"type": "workflow_button", "action_id": "x"}]},
        ],
    }
    drawn = page(world.snapshot(), 0, "nonce")
    assert "Not drawn here: block “rich_text”" in drawn
    assert "Not drawn here: element “workflow_button”" in drawn


def test_a_modal_with_an_inline_error_is_drawn_with_it(world: Playground) -> None:
    world.command("Acme Ltd")
    world.submit({})  # nothing chosen: the bot answers with inline errors
    snapshot = world.snapshot()
    assert snapshot.errors, "the bot should refuse an empty first step"
    drawn = page(snapshot, 1, "nonce")
    for message in snapshot.errors.values():
        assert re.sub(r"[<>&\"']", "", message)[:20] in drawn
    assert drawn.count('role="alert"') == len(snapshot.errors)


def test_a_reminders_done_is_pressed_through_the_real_endpoint(world: Playground) -> None:
    """Without a browser: a case made from the page's forms, the clock moved to its first reminder,
    and the DM's Done pressed; the bot answers by updating that DM."""
    from bot.slack.flow_views import CALLBACK_STEPS
    from tests.situations import answers_for

    world.command("Harlow & Finch Ltd")
    for _ in range(10):
        modal = world.snapshot().modal
        if not modal or CALLBACK_STEPS.get(modal[-1]["callback_id"]) is None:
            break
        view = modal[-1]
        answers = answers_for(SituationKey.WE_END, CALLBACK_STEPS[view["callback_id"]])
        form = _form_for(view, answers)
        world.submit(form)
        assert not world.snapshot().errors, world.snapshot().errors
    messages_before = len(world.snapshot().messages)
    assert messages_before == 1, "the plan's summary DM"
    world.jump()
    snapshot = world.snapshot()
    assert len(snapshot.messages) == messages_before + 1
    nudge = snapshot.messages[-1]
    where = _find_button(nudge, Action.REMINDER_DONE)
    world.act(Where(MESSAGE + nudge["ts"], *where), {})
    updated = next(m for m in world.snapshot().messages if m["ts"] == nudge["ts"])
    assert updated["blocks"] != nudge["blocks"]
    assert not world.problems


@pytest.mark.parametrize("situation", list(SituationKey))
def test_every_situation_walks_through_the_page_forms(world: Playground, situation: SituationKey) -> None:
    """Each situation's steps, answered through the page's own form fields, reach the plan; every
    screen on the way, the plan DM and the first reminder are drawn with no placeholder."""
    from bot.slack.flow_views import CALLBACK_STEPS
    from tests.situations import answers_for

    world.command("Harlow & Finch Ltd")
    seen = []
    for _ in range(10):
        modal = world.snapshot().modal
        if not modal or CALLBACK_STEPS.get(modal[-1]["callback_id"]) is None:
            break
        view = modal[-1]
        seen.append(view["callback_id"])
        assert "Not drawn here" not in page(world.snapshot(), 0, "n")
        world.submit(_form_for(view, answers_for(situation, CALLBACK_STEPS[view["callback_id"]])))
        assert not world.snapshot().errors, (view["callback_id"], world.snapshot().errors)
    assert seen[-1] == "flow_review" and world.snapshot().modal[-1]["callback_id"] == "flow_done"
    world.close_modal()
    world.open_home()
    world.jump()
    snapshot = world.snapshot()
    assert len(snapshot.messages) == 2 and snapshot.home is not None
    drawn = page(snapshot, 1, "n")
    assert "Not drawn here" not in drawn and "Harlow &amp; Finch Ltd" in drawn
    assert not world.problems


def _form_for(view: dict[str, Any], answers: dict[str, Any]) -> dict[str, list[str]]:
    form: dict[str, list[str]] = {}
    for index, block in enumerate(view["blocks"]):
        if block.get("type") != "input":
            continue
        element, given = block["element"], answers.get(block["block_id"])
        if isinstance(given, list):
            form[f"in{index}"] = [str(v) for v in given]
        elif given is not None:
            form[f"in{index}"] = [str(given)]
        else:
            initial = (
                element.get("initial_value")
                or element.get("initial_date")
                or element.get("initial_time")
                or (element.get("initial_option") or {}).get("value")
            )
            options = [o["value"] for o in element.get("initial_options", [])]
            form[f"in{index}"] = options or ([initial] if initial else [])
    return form


def _press_on_home(world: Playground, action: Action) -> None:
    """Press the button beside a section of App Home (as drawn now) whose action is `action`."""
    home = world.snapshot().home
    assert home is not None
    world.act(
        next(
            Where(HOME, b, 0)
            for b, block in enumerate(home["blocks"])
            if (block.get("accessory") or {}).get("action_id") == action
        ),
        {},
    )


def _find_button(message: dict[str, Any], action_id: str) -> tuple[int, int]:
    for b, block in enumerate(message["blocks"]):
        for e, element in enumerate(block.get("elements", []) if block.get("type") == "actions" else []):
            if element.get("action_id") == action_id:
                return b, e
    raise AssertionError(f"no {action_id!r} button")


# ---- safety ------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_CLIENT_SECRET"])
def test_refused_where_real_tokens_are_configured(name: str) -> None:
    with pytest.raises(DemoRefused, match=name):
        demo_environment({name: "xoxb-real-looking"})
    assert demo_environment({name: "", "HOLIDAY_COUNTRY": "US"}) == {"HOLIDAY_COUNTRY": "US"}


def test_the_command_refuses_with_a_token_in_dotenv() -> None:
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, ".env").write_text("SLACK_BOT_TOKEN=xoxb-123\n")
        env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
        done = subprocess.run(
            [sys.executable, "-m", "bot", "demo"],
            cwd=folder,
            env={**env, "PYTHONPATH": str(ROOT), "PORT": "0"},
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 2
    assert "demo refused" in done.stderr and "SLACK_BOT_TOKEN" in done.stderr
    assert "Traceback" not in done.stderr


def test_it_listens_on_loopback_only_and_sends_a_strict_policy() -> None:
    with playground() as (url, printed):
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(url, timeout=10) as reply:
            policy = reply.headers["Content-Security-Policy"]
            body = reply.read().decode()
        assert "default-src 'none'" in policy and "script-src 'nonce-" in policy
        assert "Endings Coach · playground" in body
        assert "no tokens" in "".join(printed)


# ---- the browser -------------------------------------------------------------------------------
needs_browser = pytest.mark.skipif(browser_missing() is not None, reason=str(browser_missing()))


@needs_browser
def test_a_whole_case_in_the_browser() -> None:
    hostile = "<script>alert(1)</script> & Sons"
    with playground() as (url, _), chromium() as driver:
        driver.get(url)
        seen = walk_flow(driver, SituationKey.WE_END, hostile)
        assert seen[:2] == ["flow_situation", "flow_change"], seen
        assert seen[-1] == "flow_done", seen
        assert hostile in by_css(driver, "#modal").text  # shown as typed, never run
        press(driver, by_css(driver, "#modal-close"))
        assert not all_by_css(driver, "#modal")
        # The plan's summary arrived by DM, and App Home lists the case.
        assert "Your plan" in by_css(driver, "#messages").text or "plan" in by_css(driver, "#messages").text
        press(driver, by_css(driver, "#open-home"))
        assert hostile in by_css(driver, "#home-view").text
        # Time travel to the first reminder, then its Done.
        before = len(all_by_css(driver, "#messages form.msg"))
        press(driver, by_css(driver, "#jump"))
        messages = all_by_css(driver, "#messages form.msg")
        assert len(messages) == before + 1
        last_id = messages[-1].get_attribute("id")
        done = messages[-1].find_element("css selector", f'button[data-action-id="{Action.REMINDER_DONE}"]')
        text_before = messages[-1].text
        press(driver, done)
        assert by_css(driver, f"#{last_id}").text != text_before
        assert not all_by_css(driver, ".problems")
        assert driver.execute_script("return document.querySelectorAll('script').length") == 1


def test_an_admin_names_a_lead_through_the_page(world: Playground) -> None:
    """The playground's person is a workspace admin: the user menus are drawn from the workspace's
    people, and the saved lead shows on Home by name."""
    world.open_home()
    _press_on_home(world, Action.NAME_LEAD)
    view = world.snapshot().modal[-1]
    drawn = page(world.snapshot(), 1, "n")
    assert view["callback_id"] == "team_lead" and "Not drawn here" not in drawn
    assert ">Jordan Lee</option>" in drawn and ">Sam Patel</option>" in drawn
    lead_index = next(i for i, b in enumerate(view["blocks"]) if b["block_id"] == "lead")
    members_index = next(i for i, b in enumerate(view["blocks"]) if b["block_id"] == "members")
    world.submit({f"in{lead_index}": ["U0COLLEAGUE1"], f"in{members_index}": ["U0COLLEAGUE2"]})
    assert not world.snapshot().modal and not world.snapshot().errors
    drawn = page(world.snapshot(), 2, "n")
    assert '<span class="mention">@Jordan Lee</span> leads <span class="mention">@Sam Patel</span>' in drawn


def test_a_menu_shows_its_current_choice(world: Playground) -> None:
    world.open_home()
    drawn = page(world.snapshot(), 1, "n")
    assert '<option value="forever" selected>Forever</option>' in drawn  # the admin's retention menu


# ---- who may drive it ----------------------------------------------------------------------
PORT = "3000"
OWN_HOST = f"127.0.0.1:{PORT}"


def _call(
    app: Any, method: str, path: str, headers: dict[str, str], body: str = ""
) -> tuple[str, dict[str, str], str]:
    """One request to the page's WSGI app, as waitress hands it over on port 3000."""
    import io

    raw = body.encode()
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": PORT,
        "CONTENT_LENGTH": str(len(raw)),
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "wsgi.input": io.BytesIO(raw),
        **{"HTTP_" + name.upper().replace("-", "_"): value for name, value in headers.items()},
    }
    answer: dict[str, Any] = {}

    def start_response(status: str, response_headers: list[tuple[str, str]]) -> None:
        answer["status"], answer["headers"] = status, dict(response_headers)

    text = b"".join(app(environ, start_response)).decode()
    return answer["status"], answer["headers"], text


def _token_of(html_page: str) -> str:
    found = re.findall(r'name="token" value="([^"]+)"', html_page)
    assert found and len(set(found)) == 1, "every form of the page carries the one token"
    return found[0]


@pytest.fixture
def page_app(world: Playground) -> Any:
    from playground.web import create_page_app

    return create_page_app(world)


@pytest.mark.parametrize("host", ["evil.example", f"evil.example:{PORT}", "127.0.0.1:4000", "", "127.0.0.1"])
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_request_for_another_host_is_refused(
    world: Playground, page_app: Any, host: str, method: str
) -> None:
    """A DNS-rebinding page reaches this port under its own name: it is answered with nothing."""
    _, _, own = _call(page_app, "GET", "/", {"Host": OWN_HOST})
    headers = {"Host": host} if host else {}
    body = f"text=Acme&token={_token_of(own)}"
    status, _, text = _call(page_app, method, "/command" if method == "POST" else "/", headers, body)
    assert status.startswith("421"), status
    assert "playground" not in text and not world.snapshot().modal


@pytest.mark.parametrize("host", [OWN_HOST, f"localhost:{PORT}"])
def test_its_own_page_still_posts(world: Playground, page_app: Any, host: str) -> None:
    status, _, own = _call(page_app, "GET", "/", {"Host": host})
    assert status.startswith("200")
    origin = f"http://{host}"
    body = f"text=Acme+Ltd&token={_token_of(own)}"
    status, headers, _ = _call(page_app, "POST", "/command", {"Host": host, "Origin": origin}, body)
    assert status.startswith("303") and headers["Location"] == "/"
    assert world.snapshot().modal, "the command opened its modal"
    # A browser that sends no Origin but a Referer from this page is this page too.
    status, _, _ = _call(page_app, "POST", "/close", {"Host": host, "Referer": origin + "/"}, body)
    assert status.startswith("303") and not world.snapshot().modal


@pytest.mark.parametrize(
    ("headers", "token"),
    [
        ({"Origin": "http://evil.example"}, "right"),  # another site posting a form here
        ({"Origin": f"http://localhost:{PORT}"}, "right"),  # another origin, even on this machine
        ({"Origin": "null"}, "right"),  # a sandboxed frame or a file
        ({"Referer": "http://evil.example/page"}, "right"),
        ({"Origin": f"http://{OWN_HOST}"}, None),  # no token
        ({"Origin": f"http://{OWN_HOST}"}, "wrong"),
        ({}, None),
    ],
)
@pytest.mark.parametrize("path", ["/command", "/home", "/wait", "/jump"])
def test_a_post_from_elsewhere_or_without_the_token_changes_nothing(
    world: Playground, page_app: Any, headers: dict[str, str], token: str | None, path: str
) -> None:
    _, _, own = _call(page_app, "GET", "/", {"Host": OWN_HOST})
    sent = {"right": _token_of(own), "wrong": "x" + _token_of(own)[1:], None: None}[token]
    before = world.snapshot()
    body = "text=Acme+Ltd" + (f"&token={sent}" if sent else "")
    status, _, _ = _call(page_app, "POST", path, {"Host": OWN_HOST, **headers}, body)
    assert status.startswith("403"), status
    after = world.snapshot()
    assert after.now == before.now and not after.modal and after.home is None
    assert not world.fake.calls_to("views.open") and not world.fake.calls_to("views.publish")


def test_the_real_server_refuses_a_foreign_host_and_a_foreign_post() -> None:
    with playground() as (url, _):
        for host in ("evil.example", url.split("/")[2].replace("127.0.0.1", "evil.example")):
            request = urllib.request.Request(url, headers={"Host": host})
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(request, timeout=10)
            assert refused.value.code == 421
        with urllib.request.urlopen(url, timeout=10) as reply:
            token = _token_of(reply.read().decode())
        forged = urllib.request.Request(
            url + "command",
            data=f"text=Acme&token={token}".encode(),
            headers={"Origin": "http://evil.example"},
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(forged, timeout=10)
        assert refused.value.code == 403
        with urllib.request.urlopen(url, timeout=10) as reply:
            assert 'id="modal"' not in reply.read().decode()


@needs_browser
def test_a_page_from_another_origin_cannot_drive_it_in_the_browser() -> None:
    """A page on another origin (here another port of this machine) posts a form to the playground
    in the same browser, even with the right token: refused, and the playground's page still works."""
    import http.server
    import threading

    with playground() as (url, _), chromium() as driver:
        driver.get(url)
        token = by_css(driver, 'input[name="token"]').get_attribute("value")
        attack = (
            f'<form method="post" action="{url}command"><input name="text" value="Forged Ltd">'
            f'<input name="token" value="{token}"><button id="go">go</button></form>'
        ).encode()

        class Attacker(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                self.wfile.write(attack)

            def log_message(self, *args: Any) -> None:
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Attacker)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            driver.get(f"http://127.0.0.1:{server.server_address[1]}/")
            press(driver, by_css(driver, "#go"))
            assert "only the playground's own page" in driver.find_element("tag name", "body").text
        finally:
            server.shutdown()
            server.server_close()
        driver.get(url)
        assert not all_by_css(driver, "#modal")
        by_css(driver, "#command").send_keys("Acme Ltd")
        press(driver, by_css(driver, "#run-command"))
        assert by_css(driver, "#modal").get_attribute("data-callback") == "flow_situation"


def test_a_cases_drafts_show_as_quotes_on_the_page(world: Playground) -> None:
    """The case opened from Home quotes its drafts as Slack does: no line begins with a `>`."""
    from bot.slack.flow_views import CALLBACK_STEPS
    from tests.situations import answers_for

    world.command("Harlow & Finch Ltd")
    for _ in range(10):
        modal = world.snapshot().modal
        if not modal or CALLBACK_STEPS.get(modal[-1]["callback_id"]) is None:
            break
        view = modal[-1]
        world.submit(_form_for(view, answers_for(SituationKey.WE_END, CALLBACK_STEPS[view["callback_id"]])))
    world.close_modal()
    world.open_home()
    _press_on_home(world, Action.OPEN_CASE)
    case_view = world.snapshot().modal[-1]
    drawn = page(world.snapshot(), 1, "n")
    quoted_lines = [
        line
        for block in case_view["blocks"]
        for line in str((block.get("text") or {}).get("text", "")).split("\n")
        if line.startswith(">")
    ]
    assert quoted_lines, "the case view quotes its drafts"
    assert drawn.count("<blockquote>") >= 2  # the confirmation and the referral note
    starts = [line[1:12] for line in quoted_lines if re.fullmatch(r"[\w ,.'’]{11}", line[1:12])]
    assert len(starts) >= 4
    for start in starts:
        assert start in drawn and f"&gt;{start}" not in drawn


# ---- a refused step keeps what was typed ---------------------------------------------------------
class Fields(HTMLParser):
    """What the browser would send back from the modal's form, field by field: the values the
    page shows in its inputs, text areas, menus, radio buttons and checkboxes."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self._in_modal = False
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._in_modal = a.get("id") == "modal"
        name = a.get("name", "")
        if not self._in_modal or not (name.startswith("in") or tag == "option"):
            return
        if tag == "input" and a.get("type") in ("radio", "checkbox"):
            if "checked" in a:
                self.values.setdefault(name, []).append(a["value"])
        elif tag == "input":
            self.values.setdefault(name, []).append(a.get("value", ""))
        elif tag == "textarea":
            self._textarea = name
            self.values.setdefault(name, []).append("")
        elif tag == "select":
            self._select = name
            self.values.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select].append(a["value"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._in_modal = False

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea][-1] += data


def shown_in_modal(drawn: str) -> dict[str, list[str]]:
    fields = Fields()
    fields.feed(drawn)
    return {name: [v for v in values if v] for name, values in fields.values.items() if any(values)}


def _full_form(view: dict[str, Any], typed: dict[str, Any]) -> dict[str, list[str]]:
    """Every input of the view answered, by block id; each must be in `typed`."""
    form: dict[str, list[str]] = {}
    for index, block in enumerate(view["blocks"]):
        if block.get("type") == "input":
            given = typed[block["block_id"]]
            form[f"in{index}"] = [str(v) for v in given] if isinstance(given, list) else [str(given)]
    return form


def _refused_and_kept(world: Playground, typed: dict[str, Any], refused: str) -> None:
    view = world.snapshot().modal[-1]
    form = _full_form(view, typed)
    world.submit(form)
    snapshot = world.snapshot()
    assert snapshot.modal[-1]["id"] == view["id"] and refused in snapshot.errors, snapshot.errors
    drawn = page(snapshot, 1, "n")
    assert shown_in_modal(drawn) == {name: [v for v in vs if v] for name, vs in form.items() if any(vs)}
    shown_error = re.search(
        rf'data-block-id="{refused}">.*?<div class="error" role="alert">([^<]+)</div>', drawn, re.S
    )
    assert shown_error and shown_error.group(1).strip(), f"no error under {refused}"


def _answer_step(world: Playground, situation: SituationKey, **fixed: Any) -> None:
    """The step answered with the situation's samples; any other input keeps what it shows."""
    from bot.slack.flow_views import CALLBACK_STEPS
    from tests.situations import answers_for

    view = world.snapshot().modal[-1]
    answers = {**answers_for(situation, CALLBACK_STEPS[view["callback_id"]]), **fixed}
    world.submit(_form_for(view, answers))
    assert not world.snapshot().errors, world.snapshot().errors


TYPED_CHANGE = {
    "reason": "we're moving to brand work only.\nSo the campaigns stop & we say so early.",
    "effective_date": "2026-11-20",  # already past on 1 December: refused
    "contract_notice_amount": "4",
    "contract_notice_unit": "weeks",
}
TYPED_CONVERSATION = {
    "method": "video",
    "conversation_date": "2026-11-27",  # past: refused
    "conversation_time": "14:45",
    "client_impact": "they'll need someone new for the brand refresh",
    "appreciation": "Thanks for six years.\nAnd for your patience & trust.",
}
TYPED_ONWARD = {
    "successor": "Jo Bright",
    "successor_seniority": "peer",
    "sponsor": "Dana Lee",
    "intro_date": "2027-06-01",  # after the ending on 26 February: refused
    "transition_needs": ["handover_notes", "return_data", "final_invoice"],  # "access" ticked off
    "transition_notes": "Brand files on the shared drive.\nPasswords by phone only.",
}


def test_a_refused_step_keeps_everything_typed(world: Playground) -> None:
    """Like Slack: a step refused with inline errors keeps every value typed, ticked or chosen in
    it (text, multiline text, number, menu, date, time, radio buttons, checkboxes, including a
    checkbox ticked off and a default date changed), with the error under its input."""
    world.command("Harlow & Finch Ltd")
    _refused_and_kept(  # the first step: the name it opened with cleared, the contact a space
        world,
        {
            "client_name": "",
            "contact_name": " ",
            "greet_by": "title_surname",
            "greet_title": "Dr",
            "situation": "handover",
            "tenure": "3",
        },
        "client_name",
    )
    _answer_step(world, SituationKey.HANDOVER, client_name="harlow & finch")
    _refused_and_kept(world, TYPED_CHANGE, "effective_date")
    _answer_step(world, SituationKey.HANDOVER)
    _answer_step(world, SituationKey.HANDOVER)  # notice: its default date
    _refused_and_kept(world, TYPED_CONVERSATION, "conversation_date")
    _answer_step(world, SituationKey.HANDOVER, conversation_date="2027-01-22")
    _refused_and_kept(world, TYPED_ONWARD, "intro_date")
    # The date put right, the step moves on, and the next one starts from its own defaults.
    _answer_step(world, SituationKey.HANDOVER, intro_date="2027-01-26")
    people = world.snapshot().modal[-1]
    assert people["callback_id"] == "flow_people"
    defaults = _form_for(world.fake.views[people["id"]], {})
    assert shown_in_modal(page(world.snapshot(), 1, "n")) == {k: v for k, v in defaults.items() if v}


def test_a_refused_lead_form_keeps_the_people_chosen(world: Playground) -> None:
    world.open_home()
    _press_on_home(world, Action.NAME_LEAD)
    _refused_and_kept(  # a lead leading themselves
        world, {"lead": "U0COLLEAGUE1", "members": ["U0COLLEAGUE1", "U0COLLEAGUE2"]}, "members"
    )


@needs_browser
def test_a_refused_step_keeps_everything_typed_in_the_browser() -> None:
    """Whole steps typed into the browser (every field of each), refused for one of them, then
    shown again with every value as typed and the error under the refused input; put right, the
    step goes on. Dates are the machine's: a week ago is always refused."""
    from datetime import date, timedelta

    from tests.browser import error_under, fill_step, read_step

    today = date.today()
    past = (today - timedelta(days=7)).isoformat()

    def refused(typed: dict[str, Any], field: str) -> None:
        callback = by_css(driver, "#modal").get_attribute("data-callback")
        fill_step(driver, typed)
        press(driver, by_css(driver, "#modal-submit"))
        assert by_css(driver, "#modal").get_attribute("data-callback") == callback
        shown = read_step(driver, list(typed))
        assert shown == typed, (callback, shown)
        assert error_under(driver, field), f"no error under {field}"

    def put_right(fixed: dict[str, Any], next_callback: str) -> None:
        fill_step(driver, fixed)
        press(driver, by_css(driver, "#modal-submit"))
        errors = [e.text for e in all_by_css(driver, "#modal .error")]
        assert by_css(driver, "#modal").get_attribute("data-callback") == next_callback, errors
        assert not all_by_css(driver, "#modal .error")

    with playground() as (url, _), chromium() as driver:
        driver.get(url)
        by_css(driver, "#command").send_keys("Harlow & Finch Ltd")
        press(driver, by_css(driver, "#run-command"))
        refused(
            {"client_name": "", "contact_name": " ", "situation": "handover", "tenure": "3"}, "client_name"
        )
        put_right({"client_name": "harlow & finch", "contact_name": "Sam Harlow"}, "flow_change")
        refused({**TYPED_CHANGE, "effective_date": past}, "effective_date")
        put_right({"effective_date": (today + timedelta(days=90)).isoformat()}, "flow_notice")
        press(driver, by_css(driver, "#modal-submit"))  # the notice step's own date
        default = read_step(driver, ["conversation_date"])["conversation_date"]
        refused({**TYPED_CONVERSATION, "conversation_date": past}, "conversation_date")
        put_right({"conversation_date": default}, "flow_onward")
        default = read_step(driver, ["intro_date"])["intro_date"]
        refused({**TYPED_ONWARD, "intro_date": past}, "intro_date")
        put_right({"intro_date": default}, "flow_people")
        assert not all_by_css(driver, ".problems")
