"""Dashboard charts drawn on the server by matplotlib, as SVG (shown in the page, text kept as
text) or PNG (for a report in Word): bars by sub-unit, a line over periods, completeness.

No JavaScript library and no CDN: the page shows an <img> of the same SVG the export gives.
`Figure` objects are used directly, never pyplot, whose global state is not thread-safe.
"""

import io
from collections.abc import Sequence
from decimal import Decimal

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from tuyengiao.ui.formats import format_number, format_percent

# DejaVu Sans ships with matplotlib and has every Vietnamese letter (ẫ, ặ, ệ…).
STYLE: dict = {
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "svg.fonttype": "none",
    # Clip-path ids are random otherwise: the same figures would give another file each time.
    "svg.hashsalt": "tuyengiao",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#8c959f",
    "axes.titleweight": "bold",
    "axes.titlesize": 11,
}
BAR = "#a51d16"
LINE = "#1a4f9c"
MAX_BARS = 40
WIDTH_IN = 7.5


def _axis_number(value: float, _position: int) -> str:
    return format_number(Decimal(str(round(value, 4))))


def _figure(height: float) -> Figure:
    return Figure(figsize=(WIDTH_IN, height), layout="constrained")


def bars(
    labels: Sequence[str], values: Sequence[float | None], *, title: str, unit: str = ""
) -> Figure:
    """Horizontal bars, one per sub-unit, largest at the top; a missing value draws none."""
    pairs = [(label, value) for label, value in zip(labels, values, strict=True)]
    pairs = sorted(pairs, key=lambda pair: pair[1] or 0)[-MAX_BARS:]
    with matplotlib.rc_context(STYLE):
        figure = _figure(max(2.0, 0.32 * len(pairs) + 1.0))
        axes = figure.add_subplot()
        names = [label if len(label) <= 40 else label[:39] + "…" for label, _ in pairs]
        drawn = axes.barh(names, [value or 0 for _, value in pairs], color=BAR)
        shown = ["—" if v is None else _axis_number(v, 0) for _, v in pairs]
        axes.bar_label(drawn, labels=shown, padding=3)
        axes.xaxis.set_major_formatter(FuncFormatter(_axis_number))
        axes.set_title(title, loc="left")
        if unit:
            axes.set_xlabel(unit)
        axes.margins(x=0.12)
    return figure


def line(
    labels: Sequence[str], values: Sequence[float | None], *, title: str, unit: str = ""
) -> Figure:
    """A line over periods; a period without a value leaves a gap."""
    points = [float("nan") if value is None else float(value) for value in values]
    with matplotlib.rc_context(STYLE):
        figure = _figure(3.2)
        axes = figure.add_subplot()
        axes.plot(range(len(points)), points, marker="o", color=LINE)
        axes.set_xticks(range(len(labels)), labels, rotation=45, ha="right")
        axes.yaxis.set_major_formatter(FuncFormatter(_axis_number))
        axes.set_title(title, loc="left")
        if unit:
            axes.set_ylabel(unit)
        axes.set_ylim(bottom=0)
        axes.grid(axis="y", color="#d0d7de", linewidth=0.6)
    return figure


def percent_bars(labels: Sequence[str], values: Sequence[float], *, title: str) -> Figure:
    """Vertical bars of percentages (0–100), for completeness by period."""
    with matplotlib.rc_context(STYLE):
        figure = _figure(3.0)
        axes = figure.add_subplot()
        drawn = axes.bar(range(len(values)), values, color=LINE)
        shown = [format_percent(value, places=0) for value in values]
        axes.bar_label(drawn, labels=shown, padding=2)
        axes.set_xticks(range(len(labels)), labels, rotation=30, ha="right")
        axes.set_ylim(0, 110)
        ticks = [0, 25, 50, 75, 100]
        axes.set_yticks(ticks, [format_percent(tick) for tick in ticks])
        axes.set_title(title, loc="left")
    return figure


def render(figure: Figure, fmt: str) -> bytes:
    """The figure as "svg" or "png" (150 dpi: sharp when pasted into a report)."""
    buffer = io.BytesIO()
    with matplotlib.rc_context(STYLE):
        figure.savefig(buffer, format=fmt, dpi=150 if fmt == "png" else 72, metadata=_metadata(fmt))
    return buffer.getvalue()


def _metadata(fmt: str) -> dict[str, str | None]:
    # No date or software version in the file: the same figures give the same bytes.
    if fmt == "svg":
        return {"Date": None, "Creator": None}
    return {"Software": None}
