"""Typed text is inert in mrkdwn everywhere, and nothing exceeds Slack's limits."""

from __future__ import annotations

from bot.core import typed_text
from bot.slack import blocks as b
from bot.text import TEMPLATES_DIR, Mrkdwn, _environments, compile_all, copy, escape_mrkdwn, truncate


def test_escape_order_keeps_entities_single() -> None:
    assert escape_mrkdwn("<!channel> & <@U1|x>") == "&lt;!channel&gt; &amp; &lt;@U1|x&gt;"
    assert escape_mrkdwn("&amp;") == "&amp;amp;"


def test_start_up_compiles_every_copy_template_so_no_request_does() -> None:
    files = {
        path.relative_to(TEMPLATES_DIR).as_posix()
        for path in TEMPLATES_DIR.rglob("*.j2")
        if path.parent.name != "playground"  # the playground's page has its own environment
    }
    assert compile_all() == len(files) > 20
    compiled = {name for env in _environments() for _, name in env.cache}  # type: ignore[union-attr]
    assert files <= compiled


def test_templates_escape_every_value_by_default() -> None:
    out = copy("flow.md.j2").done("<!here> & <https://evil|click>", "we_end")
    assert "&lt;!here&gt; &amp; &lt;https://evil|click&gt;" in out
    assert "<!here>" not in out


def test_marked_mrkdwn_passes_through() -> None:
    out = copy("case.md.j2").deleted(Mrkdwn("<@U123>"))
    assert "<@U123>" in out


def test_truncate_never_splits_an_entity() -> None:
    text = "a" * 8 + "&amp;" + "b" * 10
    cut = truncate(text, 11)
    assert cut.endswith("…") and "&am…" not in cut and len(cut) <= 11


def test_sections_split_long_text_under_the_limit() -> None:
    text = "\n".join(["x" * 1000] * 7)
    parts = b.sections(text)
    assert len(parts) >= 3
    assert all(len(p["text"]["text"]) <= b.SECTION_TEXT_MAX for p in parts)
    assert all(p["text"]["verbatim"] is True for p in parts)


def test_dates_use_slacks_formatting_with_a_plain_fallback() -> None:
    from datetime import UTC, date, datetime

    from bot.text import slack_date, slack_time

    # Noon in the owner's zone: Auckland (UTC+13 in January) reads the same day as London.
    assert slack_date(date(2027, 1, 12), "Europe/London") == (
        "<!date^1799755200^{date_long_pretty}|Tue 12 Jan 2027>"
    )
    auckland = slack_date(date(2027, 1, 12), "Pacific/Auckland", "short")
    assert auckland == "<!date^1799708400^{date_short_pretty}|Tue 12 Jan>"
    assert datetime.fromtimestamp(1799708400, UTC) == datetime(2027, 1, 11, 23, tzinfo=UTC)
    moment = datetime(2027, 1, 13, 9, tzinfo=UTC)
    assert slack_time(moment, "America/New_York") == (
        "<!date^1799830800^{date_short_pretty} at {time}|Wed 13 Jan, 04:00>"
    )


def test_visible_text_takes_the_ascii_shortcut_without_changing_what_counts_as_visible() -> None:
    every_ascii = "".join(chr(c) for c in range(128))
    slow = "".join(c for c in every_ascii if not typed_text._invisible(c)).strip()
    assert typed_text.visible(every_ascii) == slow == every_ascii.strip()
    assert typed_text.visible("\u200b Acme\u2800 ") == "Acme"  # not ASCII: every character checked
