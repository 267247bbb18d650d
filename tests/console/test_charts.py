"""The server-drawn SVG charts: proportional, escaped, readable axes."""
from __future__ import annotations

import re
from datetime import date, timedelta

from console.charts import BAR_WIDTH, LABEL_WIDTH, VALUE_WIDTH, bar_chart, count_axis, line_chart, percent


def _widths(svg: str):
    return [float(w) for w in re.findall(r'<rect class="bar" [^>]*width="([\d.]+)"', svg)]


def test_bars_are_proportional_and_zero_draws_nothing():
    svg = str(bar_chart([("VNeID", 10), ("Y tế số", 5), ("Dùng điện thoại", 0)], "Hỏi", "t"))
    big, half, none = _widths(svg)
    assert none == 0 and abs(big - 2 * half) < 0.2
    assert 'data-chart="t"' in svg and "<title>Y tế số: 5</title>" in svg


def test_labels_from_data_are_escaped():
    svg = str(bar_chart([('<script>alert("x")</script>', 1)], "A & B", "t"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "A &amp; B" in svg


def test_an_empty_chart_says_so():
    assert "Chưa có số liệu" in str(bar_chart([], "Trống", "t"))


def test_percentages_use_a_fixed_scale():
    svg = str(bar_chart([("VNeID", 0.5)], "Đúng", "t", percent, maximum=1))
    full = BAR_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    assert "<title>VNeID: 50%</title>" in svg and abs(_widths(svg)[0] - full / 2) < 0.2


def test_count_axes_step_in_whole_numbers():
    assert [count_axis(v) for v in (0, 2, 4, 5, 37, 180)] == [4, 4, 4, 8, 40, 200]


def test_a_line_chart_has_a_point_per_day_and_no_crowded_labels():
    days = [date(2026, 10, 25) + timedelta(days=n) for n in range(30)]
    svg = str(line_chart(days, [("Cuộc trò chuyện", list(range(30))), ("Người dùng", [1] * 30)], "Mỗi ngày", "daily"))
    assert svg.count("<circle") == 60 and svg.count("<polyline") == 2
    labels = re.findall(r'<text class="axis" x="([\d.]+)" y="23\d" text-anchor="middle">(\d\d/\d\d)</text>', svg)
    assert labels[0][1] == "25/10" and labels[-1][1] == "23/11"
    positions = [float(x) for x, _ in labels]
    assert min(b - a for a, b in zip(positions, positions[1:])) > 40
