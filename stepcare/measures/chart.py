"""A client's scores on one instrument as a server-side SVG chart.

Plain SVG written here (no JavaScript chart library), so the same chart serves the page
and, later, PDF letters. The table next to it is the accessible alternative; the SVG
carries ``role="img"`` with a ``<title>`` and ``<desc>`` that say what it shows.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime

from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from stepcare.measures.catalogue_text import translated
from stepcare.measures.engine import Instrument
from stepcare.measures.selectors import Point

WIDTH, HEIGHT = 720, 320
LEFT, RIGHT, TOP, BOTTOM = 48, 150, 16, 40  # the right margin holds the line labels


def _fmt(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.2f}".rstrip("0")


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    span = high - low or 1
    raw = span / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.ceil(low / step) * step
    ticks, value = [], first
    while value <= high + 1e-9:
        ticks.append(round(value, 6))
        value += step
    return ticks


def _date(at: datetime) -> str:
    """6 Mar 2026, isolated (FIRST STRONG ISOLATE … POP): inside the chart's left-to-right
    SVG a Hebrew or Arabic date would otherwise be drawn as "11 2026 בספט"."""
    return "\u2068" + formats.date_format(timezone.localtime(at), "SHORT_DATE_FORMAT") + "\u2069"


def history_chart(instrument: Instrument, points: Sequence[Point], *, chart_id: str = "chart") -> SafeString:
    """The SVG for ``points`` (oldest first) with severity bands, the caseness line and the
    reliable-change band around the first score."""
    low, high = instrument.total_range()
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(value: float) -> float:
        value = min(max(value, low), high)
        return TOP + plot_h - (value - low) / ((high - low) or 1) * plot_h

    times = [p.at.timestamp() for p in points]
    start, end = (min(times), max(times)) if times else (0.0, 1.0)
    if end - start < 86400:  # one point, or one day: centre it
        start, end = start - 86400, end + 86400

    def x(at: datetime) -> float:
        return LEFT + (at.timestamp() - start) / (end - start) * plot_w

    title = _("%(name)s scores over time") % {"name": instrument.name}
    parts: list[str] = []
    add = parts.append
    add(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="measure-chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" direction="ltr" font-size="12">'
    )
    add(f'<title id="{chart_id}-title">{escape(title)}</title>')
    add(f'<desc id="{chart_id}-desc">{escape(_describe(instrument, points))}</desc>')

    # Severity bands, lightly shaded (alternating), labelled at the right edge.
    for index, band in enumerate(instrument.bands):
        top, bottom = y(band.max + 0.5), y(band.min - 0.5)  # y() clips to the range
        add(f'<rect class="chart-band chart-band-{index % 2}" x="{LEFT}" y="{top:.1f}" width="{plot_w}" height="{bottom - top:.1f}"/>')
        add(f'<text class="chart-band-label" x="{LEFT + plot_w + 6}" y="{(top + bottom) / 2 + 4:.1f}">{escape(translated(band.label, "score"))}</text>')

    # Reliable-change band around the first score.
    rc = instrument.reliable_change
    if rc and points:
        first = points[0].total
        top, bottom = y(first + rc.value), y(first - rc.value)
        add(f'<rect class="chart-rc" x="{LEFT}" y="{top:.1f}" width="{plot_w}" height="{bottom - top:.1f}"/>')

    # Axes and grid.
    for tick in _ticks(low, high):
        ty = y(tick)
        add(f'<line class="chart-grid" x1="{LEFT}" x2="{LEFT + plot_w}" y1="{ty:.1f}" y2="{ty:.1f}"/>')
        add(f'<text class="chart-axis" x="{LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end">{_fmt(tick)}</text>')
    add(f'<line class="chart-axis-line" x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{TOP + plot_h}"/>')
    add(f'<line class="chart-axis-line" x1="{LEFT}" x2="{LEFT + plot_w}" y1="{TOP + plot_h}" y2="{TOP + plot_h}"/>')

    # Caseness line.
    case = instrument.caseness
    if case and case.applies_to == "total":
        cy = y(case.value)
        add(f'<line class="chart-caseness" x1="{LEFT}" x2="{LEFT + plot_w}" y1="{cy:.1f}" y2="{cy:.1f}"/>')
        label = _("Caseness %(cmp)s %(value)s") % {"cmp": case.comparison.replace(">=", "≥").replace("<=", "≤"), "value": _fmt(case.value)}
        add(f'<text class="chart-caseness-label" x="{LEFT + 6}" y="{cy - 6:.1f}">{escape(label)}</text>')

    # Dates along the bottom: first, last, and the middle one when there are enough.
    shown = {0, len(points) - 1} | ({len(points) // 2} if len(points) > 4 else set())
    for index in sorted(i for i in shown if 0 <= i < len(points)):
        px = x(points[index].at)
        anchor = "start" if index == 0 and len(points) > 1 else "end" if index == len(points) - 1 and len(points) > 1 else "middle"
        add(f'<text class="chart-axis" x="{px:.1f}" y="{TOP + plot_h + 18}" text-anchor="{anchor}">{escape(_date(points[index].at))}</text>')

    # The scores.
    if len(points) > 1:
        path = " ".join(f"{x(p.at):.1f},{y(p.total):.1f}" for p in points)
        add(f'<polyline class="chart-line" points="{path}"/>')
    for p in points:
        css = "chart-point chart-point-risk" if p.has_risk else "chart-point"
        label = f"{_date(p.at)}: {_fmt(p.total)}" + (f" — {_('risk flagged')}" if p.has_risk else "")
        add(f'<circle class="{css}" cx="{x(p.at):.1f}" cy="{y(p.total):.1f}" r="{6 if p.has_risk else 4.5}"><title>{escape(label)}</title></circle>')
    add("</svg>")
    # Every interpolated text is escaped above (reviewed for bandit B308/B703).
    return mark_safe("".join(parts))  # noqa: S308  # nosec


def _describe(instrument: Instrument, points: Sequence[Point]) -> str:
    if not points:
        return _("No scores yet.")
    text = _("%(count)s scores from %(first_date)s (%(first)s) to %(last_date)s (%(last)s).") % {
        "count": len(points),
        "first_date": _date(points[0].at),
        "first": _fmt(points[0].total),
        "last_date": _date(points[-1].at),
        "last": _fmt(points[-1].total),
    }
    if instrument.caseness and instrument.caseness.applies_to == "total":
        text += " " + _("The dashed line marks caseness at %(value)s.") % {"value": _fmt(instrument.caseness.value)}
    if instrument.reliable_change:
        text += " " + _("The shaded strip is the reliable-change band of ±%(value)s around the first score.") % {
            "value": _fmt(instrument.reliable_change.value)
        }
    return text
