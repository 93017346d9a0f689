"""Pictures that read better than numbers, drawn with matplotlib (no screen: the Agg backend)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from bot.core.ledger import LedgerEntry

BELOW = "#e01e5a"  # less notice than recommended
MET = "#2eb67d"


def notice_chart(entries: Sequence[LedgerEntry]) -> bytes | None:
    """Notice given in each ending (working days from telling the client to the end), coloured by
    whether it met the recommendation; None when no ending has a notice to show."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    shown = sorted((e for e in entries if e.notice_working_days is not None), key=lambda e: e.closed_on)
    if not shown:
        return None
    figure, axes = pyplot.subplots(figsize=(7, 3.2), dpi=110)
    try:
        labels = [e.closed_on.isoformat() for e in shown]
        colours = [BELOW if e.less_than_recommended else MET for e in shown]
        axes.bar(labels, [e.notice_working_days or 0 for e in shown], color=colours)
        axes.set_ylabel("Working days of notice")
        axes.set_title("Notice given in each ending (red: less than recommended)")
        axes.tick_params(axis="x", labelrotation=45, labelsize=8)
        figure.tight_layout()
        out = io.BytesIO()
        figure.savefig(out, format="png")
        return out.getvalue()
    finally:
        pyplot.close(figure)
