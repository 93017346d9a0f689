"""Typed text is inert in mrkdwn everywhere, and nothing exceeds Slack's limits."""

from __future__ import annotations

from bot.core import typed_text
from bot.core.steps import StepId
from bot.slack import blocks as b
from bot.text import TEMPLATES_DIR, Mrkdwn, _environments, compile_all, copy, escape_mrkdwn, truncate
from tests.conftest import OWNER
from tests.flow import walk_to
from tests.harness import Bot


def test_escape_order_keeps_entities_single() -> None:
    assert escape_mrkdwn("<!channel> & <@U1|x>") == "&lt;!channel&gt; &amp; &lt;@U1|x&gt;"
    assert escape_mrkdwn("&amp;") == "&amp;amp;"


def test_start_up_compiles_every_copy_template_so_no_request_does() -> None:
    files = {path.relative_to(TEMPLATES_DIR).as_posix() for path in TEMPLATES_DIR.rglob("*.j2")}
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
    drawn = "".join(c for c in every_ascii if c.isprintable() or c.isspace()).strip()
    assert typed_text.visible(every_ascii) == slow == drawn  # C0 controls and DEL draw nothing
    assert typed_text.visible("\u200b Acme\u2800 ") == "Acme"  # not ASCII: every character checked


# ---- one definition of visible text ---------------------------------------------------------------
INVISIBLE_NAMES = {
    "combining grapheme joiners": "\u034f\u034f",
    "variation selectors": "\ufe0f\ufe0e\U000e0100",
    "Mongolian free variation selectors and vowel separator": "\u180b\u180c\u180d\u180e\u180f",
    "Khmer inherent vowels": "\u17b4\u17b5",
    "C0 controls and DEL": "\x01\x02\x1b\x7f",
    "C1 controls": "\x80\x9f",
    "tags and soft hyphen": "\U000e0041\U000e007f\u00ad",
    "Hangul fillers and braille blank": "\u115f\u3164\uffa0\u2800",
    "zero widths and bidi marks": "\u200b\u200d\u2060\u202e\u2066\ufeff",
    "shorthand and musical format controls": "\U0001bca0\U0001d173",
}


def test_every_default_ignorable_code_point_and_control_counts_as_nothing() -> None:
    for what, text in INVISIBLE_NAMES.items():
        assert typed_text.is_blank(text), what
        assert typed_text.is_blank(f" {text} \n"), what
    assert typed_text.visible("\u034fAcme\x7f Ltd\ufe0f") == "Acme Ltd"
    assert typed_text.visible("line one\nline two") == "line one\nline two"  # whitespace stays


def test_the_default_ignorable_table_is_ordered_and_covers_whole_ranges() -> None:
    table = typed_text.DEFAULT_IGNORABLE
    assert all(first <= last for first, last, _ in table)
    assert all(table[i][1] < table[i + 1][0] for i in range(len(table) - 1))
    for first, last, _ in table:
        for point in (first, (first + last) // 2, last):
            assert typed_text.is_default_ignorable(chr(point)), hex(point)
    for point in (0x00AC, 0x00AE, 0x2070, 0xE1000, ord("A")):
        assert not typed_text.is_default_ignorable(chr(point)), hex(point)
    # Every format character Python knows of in these ranges agrees with the table.
    import unicodedata

    for first, last, _ in table:
        for point in range(first, min(last, first + 300) + 1):
            category = unicodedata.category(chr(point))
            assert category in {"Cf", "Mn", "Lo", "Cn"}, (hex(point), category)


def test_a_client_name_made_only_of_invisible_characters_is_refused_at_its_step(bot: Bot) -> None:
    for what, name in INVISIBLE_NAMES.items():
        modal = walk_to(bot, OWNER, StepId.SITUATION)
        errors = modal.submit(
            {"client_name": name, "contact_name": "Sam", "situation": "we_end", "tenure": "1"}
        )
        assert "client_name" in errors.json["errors"], what
        errors = modal.submit(
            {"client_name": "Acme", "contact_name": name, "situation": "we_end", "tenure": "1"}
        )
        assert "contact_name" in errors.json["errors"], what
