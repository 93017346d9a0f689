"""Pictures that read better than numbers, drawn with Pillow: one bar chart needs no plotting library
(matplotlib and numpy were 168 MB of the image for this one chart)."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence

from PIL import Image, ImageDraw, ImageFont

from bot.core.ledger import LedgerEntry

BELOW = "#e01e5a"  # less notice than recommended
MET = "#2eb67d"
INK = "#1d1c1d"
GRID = "#dddddd"
WIDTH, HEIGHT = 770, 352
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 40, 84  # the plot's margins: axis labels, title, dates
TITLE = "Notice given in each ending (red: less than recommended)"
Y_LABEL = "Working days of notice"

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def _font(size: int) -> Font:
    # Pillow's own font (FreeType, bundled with its wheels); its small bitmap font where FreeType is absent.
    try:
        return ImageFont.load_default(size)
    except (ImportError, OSError, TypeError):
        return ImageFont.load_default()


def _step(top: int) -> int:
    """A round distance between the value axis's ticks: at most about six ticks up to `top`."""
    raw = max(top, 1) / 6
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)


def _rotated(text: str, font: Font, angle: float) -> Image.Image:
    left, top, right, bottom = font.getbbox(text)
    size = (math.ceil(right - left) + 2, math.ceil(bottom - top) + 2)
    label = Image.new("RGBA", size, (255, 255, 255, 0))
    ImageDraw.Draw(label).text((1 - left, 1 - top), text, font=font, fill=INK)
    return label.rotate(angle, expand=True, resample=Image.Resampling.BICUBIC)


def notice_chart(entries: Sequence[LedgerEntry]) -> bytes | None:
    """Notice given in each ending (working days from telling the client to the end), coloured by
    whether it met the recommendation; None when no ending has a notice to show."""
    shown = sorted((e for e in entries if e.notice_working_days is not None), key=lambda e: e.closed_on)
    if not shown:
        return None
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    small, text = _font(11), _font(13)
    draw.text((WIDTH // 2, 12), TITLE, font=text, fill=INK, anchor="mt")
    label = _rotated(Y_LABEL, small, 90)
    image.paste(label, (6, TOP + (HEIGHT - TOP - BOTTOM - label.height) // 2), label)

    x0, x1, y0, y1 = LEFT, WIDTH - RIGHT, HEIGHT - BOTTOM, TOP  # y0 is the baseline
    values = [e.notice_working_days or 0 for e in shown]
    step = _step(max(values))
    top = max(step, math.ceil(max(values) / step) * step)
    scale = (y0 - y1) / top
    for tick in range(0, top + 1, step):
        y = y0 - tick * scale
        draw.line([(x0, y), (x1, y)], fill=GRID)
        draw.text((x0 - 6, y), str(tick), font=small, fill=INK, anchor="rm")
    slot = (x1 - x0) / len(shown)
    bar = max(2.0, min(48.0, slot * 0.7))
    every = max(1, math.ceil(16 / slot))  # dates far enough apart to read
    for index, (entry, value) in enumerate(zip(shown, values, strict=True)):
        middle = x0 + slot * (index + 0.5)
        colour = BELOW if entry.less_than_recommended else MET
        draw.rectangle([(middle - bar / 2, y0 - value * scale), (middle + bar / 2, y0)], fill=colour)
        if index % every == 0:
            date = _rotated(entry.closed_on.isoformat(), small, 45)
            image.paste(date, (round(middle - date.width + 4), y0 + 4), date)
    draw.line([(x0, y0), (x1, y0)], fill=INK)
    draw.line([(x0, y0), (x0, y1)], fill=INK)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
