"""The README is the front door and docs/ holds the rest. The README stays small; every page and
picture it links exists (anchors included) and every docs page is linked from it; every figure it
quotes is backed by the docs it links; every command it tells a newcomer to type exists; and no page
reads as a diary."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from bot.__main__ import _parser

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"
MAX_README_BYTES = 14 * 1024

LINK = re.compile(r"\]\(([^)\s]+)\)")  # [text](target) and ![alt](target)
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"`([^`\n]+)`")
NUMBER = r"\d[\d,]*(?:\.\d+)?"
# A figure: a number (or a range of two) with a unit of measure.
FIGURE = re.compile(
    rf"(?<![\w.,])({NUMBER})(?:\s*[–-]\s*({NUMBER}))?\s?(reminders/s|ms|KB|MB|GB|s|x|%)(?![\w/])"
)
DIARY = ("this evening", "this morning", "tonight", "earlier today", "yesterday", "until this")


def text_without_code(text: str) -> str:
    return FENCE.sub("", text)


def local_links(text: str) -> list[str]:
    targets = LINK.findall(text_without_code(text))
    return [t for t in targets if not re.match(r"[a-z]+:", t) and not t.startswith("#")]


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading."""
    kept = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return kept.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    return {slug(h) for h in re.findall(r"^#{1,6} (.+)$", text_without_code(page.read_text()), re.MULTILINE)}


def broken_links(page: Path) -> list[str]:
    broken = []
    for target in local_links(page.read_text()):
        path, _, anchor = target.partition("#")
        resolved = (page.parent / path).resolve()
        if not resolved.is_file():
            broken.append(f"{page.name}: {target} (no such file)")
        elif anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
            broken.append(f"{page.name}: {target} (no such heading)")
    return broken


def linked_docs_pages(page: Path) -> list[Path]:
    pages = {(page.parent / t.partition("#")[0]).resolve() for t in local_links(page.read_text())}
    return sorted(p for p in pages if p.suffix == ".md" and p.parent == DOCS.resolve() and p.is_file())


def figures(text: str) -> list[tuple[str, str]]:
    """(number, unit) for every figure quoted in the text, both ends of a range included."""
    found = []
    for low, high, unit in FIGURE.findall(text):
        found += [(low, unit)] + ([(high, unit)] if high else [])
    return found


def backed(number: str, unit: str, docs: str) -> bool:
    """A figure is backed when the docs carry it: `1.08x` and `12 %` as written; a time, a size
    or a rate as the same number on a line (a sentence or a table row) that names the unit."""
    if unit in ("x", "%"):
        return re.search(rf"(?<![\d.,]){re.escape(number)}\s?{re.escape(unit)}", docs) is not None
    value = re.compile(rf"(?<![\d.,]){re.escape(number)}(?![\d]|[.,]\d)")
    named = re.compile(rf"(?<![\w/]){re.escape(unit)}(?![\w/])")
    return any(value.search(line) and named.search(line) for line in docs.splitlines())


def test_the_readme_stays_small() -> None:
    size = len(README.read_bytes())
    assert size <= MAX_README_BYTES, f"README.md is {size} bytes; move detail to docs/"


def test_every_link_of_the_readme_resolves() -> None:
    links = local_links(README.read_text())
    assert any(t.startswith("docs/") and t.partition("#")[0].endswith(".md") for t in links)
    assert any(t.startswith("docs/screenshots/") for t in links)
    assert broken_links(README) == []


def test_every_docs_page_is_linked_from_the_readme_and_its_links_resolve() -> None:
    pages = sorted(DOCS.glob("*.md"))
    assert pages
    linked = linked_docs_pages(README)
    assert [p.name for p in pages if p.resolve() not in linked] == []
    assert [problem for page in pages for problem in broken_links(page)] == []


def test_every_figure_the_readme_quotes_is_in_the_docs_it_links() -> None:
    readme = README.read_text()
    quoted = figures(readme)
    assert quoted, "the README quotes no figure: this test would pass whatever the docs say"
    docs = "\n".join(page.read_text() for page in linked_docs_pages(README))
    unbacked = [f"{number} {unit}" for number, unit in quoted if not backed(number, unit, docs)]
    assert unbacked == [], f"figures in the README that no linked docs page gives: {unbacked}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("p99 115 ms (1.08x), 631 reminders/s", [("115", "ms"), ("1.08", "x"), ("631", "reminders/s")]),
        (
            "1.13 s → 0.55 s, 6–21 ms, 12 %, 14 KB",
            [("1.13", "s"), ("0.55", "s"), ("6", "ms"), ("21", "ms"), ("12", "%"), ("14", "KB")],
        ),
        ("500 simultaneous users on 2 cores, Python 3.11+, 10,000 senders", []),
    ],
)
def test_what_counts_as_a_figure(text: str, expected: list[tuple[str, str]]) -> None:
    assert figures(text) == expected


def test_a_figure_is_backed_only_by_the_same_number_and_unit() -> None:
    docs = "| Ack, 50 at once (ms) | 56 / 105 / 115 | 1.08x |\nsent 631 (31.7 s) (reminders/s)"
    assert backed("115", "ms", docs) and backed("1.08", "x", docs) and backed("631", "reminders/s", docs)
    assert not backed("15", "ms", docs)  # part of 115
    assert not backed("1.0", "x", docs)  # part of 1.08x
    assert not backed("105", "s", "| 56 / 105 / 115 ms |")


def test_the_commands_the_readme_gives_exist() -> None:
    readme = README.read_text()
    code = " ".join(FENCE.findall(readme) + CODE_SPAN.findall(readme))
    makefile = (ROOT / "Makefile").read_text()
    targets = set(re.findall(r"^([\w-]+):", makefile, re.MULTILINE))
    asked = set(re.findall(r"\bmake ([a-z][\w-]*)", code))
    assert {"run", "test", "demo"} <= asked
    assert asked - targets == set()
    subcommands = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction)).choices
    assert set(re.findall(r"python -m bot ([a-z][\w-]*)", code)) - set(subcommands) == set()
    assert "cp .env.example .env" in code and (ROOT / ".env.example").is_file()


def test_no_page_reads_as_a_diary() -> None:
    for page in [README, *DOCS.glob("*.md")]:
        text = page.read_text().lower()
        assert [word for word in DIARY if word in text] == [], page.name


def test_the_benchmarks_page_holds_one_dated_table_with_its_machine_and_method() -> None:
    text = (DOCS / "benchmarks.md").read_text()
    assert re.search(r"\*\*Date\*\*: \d{1,2} [A-Z][a-z]{2} \d{4}", text)
    assert "**Machine**" in text and "**Method**" in text and "**Command**" in text
    assert len(re.findall(r"^\|---", text, re.MULTILINE)) == 1
    assert "make bench" in text
