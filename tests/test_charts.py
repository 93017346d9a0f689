"""The ledger's chart: a PNG drawn with Pillow, one bar per ending, red where the notice was less
than recommended, green where it met it."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import date, timedelta

from PIL import Image

from bot.charts import BELOW, MET, notice_chart
from bot.core.answers import Method, SituationKey
from bot.core.ledger import LedgerEntry


def ending(closed_on: date, days: int | None, less: bool | None) -> LedgerEntry:
    return LedgerEntry(
        SituationKey.WE_END, closed_on, Method.PHONE, True, closed_on, days, less, True, None, 0, 0, False
    )


def colours(png: bytes) -> set[str]:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    found = image.getcolors(image.width * image.height) or []
    return {"#" + "".join(f"{int(c):02x}" for c in rgb) for _count, rgb in found if isinstance(rgb, tuple)}


def test_a_bar_per_ending_coloured_by_the_recommendation() -> None:
    png = notice_chart([ending(date(2026, 12, 1), 12, False), ending(date(2026, 12, 2), 3, True)])
    assert png is not None and png.startswith(b"\x89PNG")
    assert {BELOW, MET} <= colours(png)
    only_met = notice_chart([ending(date(2026, 12, 1), 12, False)])
    assert only_met is not None and MET in colours(only_met) and BELOW not in colours(only_met)


def test_no_chart_without_a_notice_and_any_number_of_endings_draws() -> None:
    assert notice_chart([ending(date(2026, 12, 1), None, None)]) is None
    assert notice_chart([]) is None
    assert notice_chart([ending(date(2026, 12, 1), 0, True)]) is not None  # a zero-day notice
    many = [ending(date(2020, 1, 1) + timedelta(days=i), i % 40, i % 3 == 0) for i in range(500)]
    assert notice_chart(many) is not None


def test_drawing_it_needs_no_plotting_library() -> None:
    code = (
        "import sys, datetime; from bot.charts import notice_chart; from tests.test_charts import ending;"
        "notice_chart([ending(datetime.date(2026, 12, 1), 5, True)]);"
        "print(sorted({'matplotlib', 'numpy'} & set(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
