"""Charts drawn on the server as inline SVG: no script, no download, works on any phone.

Each chart is a <figure> holding an SVG that scales to the screen width
(viewBox), with a <title> for screen readers; colours come from console.css
classes (the content security policy allows no inline styles). Every chart
sits next to a table or CSV of the same numbers.
"""
from __future__ import annotations

import math
from datetime import date
from html import escape
from typing import Callable, List, Sequence, Tuple

from markupsafe import Markup

# viewBox units; the SVG scales to its box, so these suit a phone (≈340 px) and a desktop column alike
BAR_WIDTH = 480
LABEL_WIDTH = 175
VALUE_WIDTH = 56
ROW = 32
LABEL_CHARS = 19
LINE_WIDTH = 560


def _short(label: str, limit: int = LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _figure(svg: str, title: str, slug: str) -> Markup:
    return Markup(f'<figure class="chart" data-chart="{escape(slug)}">{svg}<figcaption>{escape(title)}</figcaption></figure>')


def nice_ceiling(value: float) -> float:
    """A round upper bound for an axis (1, 2, 5 × 10^n)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def count_axis(peak: float, ticks: int = 4) -> float:
    """The top of an axis of counts whose `ticks` steps are whole numbers (2 -> 4, 37 -> 40)."""
    return ticks * max(1, nice_ceiling(peak / ticks))


def bar_chart(
    rows: Sequence[Tuple[str, float]],
    title: str,
    slug: str,
    value_text: Callable[[float], str] = lambda v: f"{v:g}",
    maximum: float = 0,
) -> Markup:
    """Horizontal bars, one per (label, value): readable on a narrow screen."""
    top = max([maximum] + [v for _, v in rows]) or 1
    height = ROW * max(len(rows), 1) + 10
    bar_space = BAR_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    parts: List[str] = [
        f'<svg viewBox="0 0 {BAR_WIDTH} {height}" width="100%" role="img" aria-label="{escape(title)}" class="bars">',
        f"<title>{escape(title)}</title>",
    ]
    for index, (label, value) in enumerate(rows):
        y = 5 + index * ROW
        length = 0 if value <= 0 else max(2.0, bar_space * value / top)
        parts.append(
            f'<g class="row"><title>{escape(label)}: {escape(value_text(value))}</title>'
            f'<text class="label" x="{LABEL_WIDTH - 8}" y="{y + 21}" text-anchor="end">{escape(_short(label))}</text>'
            f'<rect class="bar" x="{LABEL_WIDTH}" y="{y + 5}" width="{length:.1f}" height="{ROW - 10}" rx="3"></rect>'
            f'<text class="value" x="{LABEL_WIDTH + length + 6:.1f}" y="{y + 21}">{escape(value_text(value))}</text></g>'
        )
    if not rows:
        parts.append(f'<text class="empty" x="{BAR_WIDTH / 2}" y="24" text-anchor="middle">Chưa có số liệu</text>')
    parts.append("</svg>")
    return _figure("".join(parts), title, slug)


def line_chart(days: Sequence[date], series: Sequence[Tuple[str, Sequence[int]]], title: str, slug: str) -> Markup:
    """One line per series over the days, with a legend and dd/mm labels."""
    height, left, right, top, bottom = 250, 40, 26, 30, 34
    plot_w, plot_h = LINE_WIDTH - left - right, height - top - bottom
    peak = count_axis(max([v for _, values in series for v in values] + [0]))
    step_x = plot_w / max(len(days) - 1, 1)

    def point(i: int, v: float) -> Tuple[float, float]:
        return left + i * step_x, top + plot_h - plot_h * v / peak

    parts: List[str] = [
        f'<svg viewBox="0 0 {LINE_WIDTH} {height}" width="100%" role="img" aria-label="{escape(title)}" class="lines">',
        f"<title>{escape(title)}</title>",
    ]
    for tick in range(5):
        value = peak * tick / 4
        _, y = point(0, value)
        parts.append(f'<line class="grid" x1="{left}" x2="{LINE_WIDTH - right}" y1="{y:.1f}" y2="{y:.1f}"></line>')
        parts.append(f'<text class="axis" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{value:g}</text>')
    every = max(1, math.ceil(len(days) / 7))
    last = len(days) - 1
    for i, day in enumerate(days):
        if (i % every == 0 and last - i >= every / 2) or i == last:
            x, _ = point(i, 0)
            parts.append(f'<text class="axis" x="{x:.1f}" y="{height - 14}" text-anchor="middle">{day:%d/%m}</text>')
    for number, (name, values) in enumerate(series):
        coordinates = [point(i, v) for i, v in enumerate(values)]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coordinates)
        parts.append(f'<polyline class="series s{number}" points="{path}"></polyline>')
        for (x, y), day, value in zip(coordinates, days, values):
            parts.append(f'<circle class="dot s{number}" cx="{x:.1f}" cy="{y:.1f}" r="3"><title>{day:%d/%m}: {value} {escape(name)}</title></circle>')
        legend_x = left + number * 170
        parts.append(f'<rect class="key s{number}" x="{legend_x}" y="8" width="14" height="10"></rect>')
        parts.append(f'<text class="legend" x="{legend_x + 20}" y="17">{escape(name)}</text>')
    parts.append("</svg>")
    return _figure("".join(parts), title, slug)


def percent(value: float) -> str:
    """0.873 -> "87%"."""
    return f"{value * 100:.0f}%"
