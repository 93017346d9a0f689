"""Typed text is inert in mrkdwn everywhere, and nothing exceeds Slack's limits."""

from __future__ import annotations

from bot.slack import blocks as b
from bot.text import Mrkdwn, copy, escape_mrkdwn, truncate


def test_escape_order_keeps_entities_single() -> None:
    assert escape_mrkdwn("<!channel> & <@U1|x>") == "&lt;!channel&gt; &amp; &lt;@U1|x&gt;"
    assert escape_mrkdwn("&amp;") == "&amp;amp;"


def test_templates_escape_every_value_by_default() -> None:
    out = copy("flow.md.j2").done("<!here> & <https://evil|click>")
    assert "&lt;!here&gt; &amp; &lt;https://evil|click&gt;" in out
    assert "<!here>" not in out


def test_marked_mrkdwn_passes_through() -> None:
    out = copy("flow.md.j2").done(Mrkdwn("<@U123>"))
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
