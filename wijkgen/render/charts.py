"""Charts as inline SVG, drawn at build time: progress matrix, bars, trend line, step timeline. Pure.

Every function takes plain data with the words already translated and returns
markup. The pictures carry their information in shapes and written numbers
as well as colour, and each has a title (and a description with the same
information in words) for screen readers.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from wijkgen.render.svg import (
    BUSY,
    BUSY_FILL,
    DONE,
    INK,
    LINE,
    MUTED,
    OPEN,
    WHITE,
    WIDE,
    Layout,
    chars_in,
    el,
    hatch_pattern,
    num,
    root,
    shorten,
    text_width,
    to_markup,
    wrap,
)

FONT = 15.0
STATUSES = ("done", "in_progress", "not_started")


def status_mark(status: str, cx: float, cy: float, r: float) -> ET.Element:
    """A status as a shape: a full circle with a tick (done), a half-filled circle (in progress),
    or an empty dashed circle (not started)."""
    group = el("g", {"class": f"teken teken-{status}"})
    if status == "done":
        group.append(el("circle", {"cx": cx, "cy": cy, "r": r, "fill": DONE}))
        tick = (f"M{num(cx - 0.48 * r)} {num(cy + 0.02 * r)}"
                f"l{num(0.32 * r)} {num(0.34 * r)}l{num(0.62 * r)} {num(-0.7 * r)}")
        group.append(
            el("path", {"d": tick, "fill": "none", "stroke": WHITE, "stroke-width": max(1.5, 0.26 * r),
                        "stroke-linecap": "round", "stroke-linejoin": "round"})
        )
    elif status == "in_progress":
        group.append(el("circle", {"cx": cx, "cy": cy, "r": r - 1, "fill": WHITE, "stroke": BUSY, "stroke-width": 2}))
        half = f"M{num(cx)} {num(cy - r + 1)}A{num(r - 1)} {num(r - 1)} 0 0 0 {num(cx)} {num(cy + r - 1)}Z"
        group.append(el("path", {"d": half, "fill": BUSY}))
    else:
        group.append(
            el("circle", {"cx": cx, "cy": cy, "r": r - 1, "fill": WHITE, "stroke": OPEN, "stroke-width": 2,
                          "stroke-dasharray": "3 2.5"})
        )
    return group


def status_icon(status: str, size: float = 18) -> Markup:
    """A small decorative status shape (hidden from screen readers: the words next to it say it)."""
    node = el("svg", {"xmlns": "http://www.w3.org/2000/svg", "viewBox": f"0 0 {num(size)} {num(size)}",
                      "width": size, "height": size, "aria-hidden": "true", "class": "teken-icoon"})
    node.append(status_mark(status, size / 2, size / 2, size / 2 - 0.5))
    return to_markup(node)


# -- progress matrix: wijken × steps -------------------------------------------------


@dataclass(frozen=True)
class MatrixRow:
    """One wijk in the matrix: its name, the status of each step, and a short note such as "3/5"."""

    label: str
    statuses: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class MatrixColumn:
    """A step as a matrix column: its number and its name (shortened on the drawing when it does not fit)."""

    number: str
    name: str = ""


def _column(value: MatrixColumn | str) -> MatrixColumn:
    return value if isinstance(value, MatrixColumn) else MatrixColumn(value)


def progress_matrix(rows: Sequence[MatrixRow], columns: Sequence[MatrixColumn | str], ident: str, title: str,
                    desc: str, layout: Layout = WIDE) -> Markup:
    """Wijken down, steps across, a status shape in every cell; the columns carry the step names.

    Where a column is wide enough the name stands over it on up to two lines;
    in a narrow drawing it stands upright. A shortened name ends in "…"; the
    table version under the chart gives every name in full.
    """
    font, pad, row_h = layout.font, 8.0, 46.0
    r = 13.0 if layout.width >= 500 else 11.0
    steps = [_column(c) for c in columns]
    label_w = pad + max([text_width(row.label, font, bold=True) for row in rows] + [50.0]) + 12
    note_w = max([text_width(row.note, font) for row in rows] + [0.0]) + pad + 4
    cell = max(2 * r + 6, min(130.0, (layout.width - label_w - note_w) / max(1, len(steps))))
    upright = cell < 96
    if upright:
        head_lines = [[shorten(f"{c.number} {c.name}".strip(), 18)] for c in steps]
        head_h = max(text_width(lines[0], font, bold=True) for lines in head_lines) + 14 if steps else 20
    else:
        limit = chars_in(cell - 6, font, bold=True)
        head_lines = [[c.number, *(wrap(c.name, limit, lines=3) if c.name else [])] for c in steps]
        head_h = (max(len(lines) for lines in head_lines) if steps else 1) * (font + 4) + 12
    width = label_w + cell * len(steps) + note_w
    height = head_h + row_h * len(rows) + 4
    svg = root(width, height, ident, title, desc, css_class=f"grafiek-matrix svg-{layout.name}")
    for i, lines in enumerate(head_lines):
        cx = label_w + cell * (i + 0.5)
        if upright:
            x, y = cx + font / 3, head_h - 8
            svg.append(el("text", {"x": x, "y": y, "transform": f"rotate(-90 {num(x)} {num(y)})", "font-size": font,
                                   "font-weight": "700", "fill": INK, "class": "matrix-kolom"}, lines[0]))
            continue
        label = el("text", {"x": cx, "y": head_h - 10 - (len(lines) - 1) * (font + 4), "text-anchor": "middle",
                            "font-size": font, "font-weight": "700", "fill": INK, "class": "matrix-kolom"})
        for k, line in enumerate(lines):
            label.append(el("tspan", {"x": cx, "dy": 0 if k == 0 else font + 4}, line))
        svg.append(label)
    svg.append(el("line", {"x1": 0, "y1": head_h, "x2": width, "y2": head_h, "stroke": LINE}))
    for j, row in enumerate(rows):
        top = head_h + row_h * j
        mid = top + row_h / 2
        svg.append(el("text", {"x": pad, "y": mid + 5, "font-size": font, "font-weight": "600", "fill": INK},
                      row.label))
        if len(row.statuses) > 1:
            end = label_w + cell * (len(row.statuses) - 0.5)
            svg.append(el("line", {"x1": label_w + cell / 2, "y1": mid, "x2": end, "y2": mid, "stroke": LINE,
                                   "stroke-width": 2}))
        for i, status in enumerate(row.statuses):
            svg.append(status_mark(status, label_w + cell * (i + 0.5), mid, r))
        if row.note:
            svg.append(el("text", {"x": width - pad, "y": mid + 5, "text-anchor": "end", "font-size": font,
                                   "fill": INK}, row.note))
        svg.append(el("line", {"x1": 0, "y1": top + row_h, "x2": width, "y2": top + row_h, "stroke": LINE,
                               "stroke-width": 0.5}))
    return to_markup(svg)


# -- horizontal bars ------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """One bar: what it counts, the number, and the number as it should be written."""

    label: str
    value: float
    value_text: str


def bar_chart(bars: Sequence[Bar], ident: str, title: str, desc: str, bar_width: float | None = None,
              layout: Layout = WIDE) -> Markup:
    """Horizontal bars with their numbers written behind them.

    The labels stand in front of the bars when that leaves the bars room
    (wide drawings), and above them otherwise (a phone), so they keep their size.
    """
    font, bar_h, pad = layout.font, 18.0, 8.0
    label_w = max([text_width(b.label, font) for b in bars] + [40.0]) + 2 * pad
    top_value = max([b.value for b in bars] + [0.0]) or 1.0
    value_w = max([text_width(b.value_text, font, bold=True) for b in bars] + [10.0]) + pad
    stacked = bar_width is None and layout.width - label_w - value_w - pad < 0.45 * layout.width
    left = 0.0 if stacked else label_w
    if bar_width is None:
        bar_width = min(layout.width - left - value_w - pad, 360.0)
    row_h = bar_h + font + 14 if stacked else 30.0
    width = left + bar_width + value_w + pad
    height = row_h * len(bars) + pad
    svg = root(width, height, ident, title, desc, css_class=f"grafiek-staven svg-{layout.name}")
    for i, bar in enumerate(bars):
        if stacked:
            svg.append(el("text", {"x": 0, "y": row_h * i + font + 2, "font-size": font, "fill": INK}, bar.label))
            mid = row_h * i + font + 8 + bar_h / 2
        else:
            mid = pad / 2 + row_h * i + row_h / 2
            svg.append(el("text", {"x": label_w - pad, "y": mid + 5, "text-anchor": "end", "font-size": font,
                                   "fill": INK}, bar.label))
        length = bar_width * max(bar.value, 0.0) / top_value
        svg.append(el("rect", {"x": left, "y": mid - bar_h / 2, "width": bar_width, "height": bar_h,
                               "fill": "#eef1ee"}))
        if length > 0:
            svg.append(el("rect", {"x": left, "y": mid - bar_h / 2, "width": length, "height": bar_h,
                                   "fill": DONE, "class": "staaf"}))
        svg.append(el("line", {"x1": left, "y1": mid - bar_h / 2 - 2, "x2": left, "y2": mid + bar_h / 2 + 2,
                               "stroke": INK}))
        svg.append(el("text", {"x": left + max(length, 0.0) + pad, "y": mid + 5, "font-size": font,
                               "font-weight": "700", "fill": INK, "class": "staaf-getal"}, bar.value_text))
    return to_markup(svg)


# -- trend line -------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    """A figure in one year."""

    year: int
    value: float
    value_text: str


def trend_chart(points: Sequence[TrendPoint], ident: str, title: str, desc: str, layout: Layout = WIDE) -> Markup:
    """A line through the yearly figures, each point labelled with its number and year."""
    font = layout.font
    width, height, side, top, bottom = (440.0 if layout is WIDE else 300.0), 200.0, 40.0, 34.0, 34.0
    years = [p.year for p in points]
    first, last = min(years), max(years)
    top_value = max([p.value for p in points] + [0.0]) or 1.0
    low = min([p.value for p in points] + [0.0])
    plot_h = height - top - bottom

    def x(year: int) -> float:
        return side + (width - 2 * side) * ((year - first) / (last - first) if last > first else 0.5)

    def y(value: float) -> float:
        return top + plot_h * (1 - (value - low) / (top_value - low))

    svg = root(width, height, ident, title, desc, css_class=f"grafiek-trend svg-{layout.name}")
    base = y(max(low, 0.0))
    svg.append(el("line", {"x1": side / 2, "y1": base, "x2": width - side / 2, "y2": base, "stroke": INK}))
    ordered = sorted(points, key=lambda p: p.year)
    svg.append(el("polyline", {"points": " ".join(f"{num(x(p.year))},{num(y(p.value))}" for p in ordered),
                               "fill": "none", "stroke": DONE, "stroke-width": 3, "stroke-linejoin": "round"}))
    for p in ordered:
        px, py = x(p.year), y(p.value)
        svg.append(el("circle", {"cx": px, "cy": py, "r": 5.5, "fill": DONE, "stroke": WHITE, "stroke-width": 2}))
        svg.append(el("text", {"x": px, "y": py - 11, "text-anchor": "middle", "font-size": font,
                               "font-weight": "700", "fill": INK, "class": "trend-getal"}, p.value_text))
        svg.append(el("text", {"x": px, "y": height - 10, "text-anchor": "middle", "font-size": font, "fill": MUTED,
                               "class": "trend-jaar"}, str(p.year)))
    return to_markup(svg)


# -- sparkline -----------------------------------------------------------------------------


def sparkline(values: Sequence[float], width: float = 96.0, height: float = 30.0) -> Markup:
    """A small wordless line through ``values`` (oldest first), the last point marked; decorative, so
    hidden from screen readers: the numbers are written beside it."""
    if len(values) < 2:
        return Markup("")
    pad = 5.0
    low, high = min(values), max(values)
    span = (high - low) or 1.0

    def point(i: int, v: float) -> tuple[float, float]:
        x = pad + (width - 2 * pad) * i / (len(values) - 1)
        y = pad + (height - 2 * pad) * (1 - (v - low) / span) if high > low else height / 2
        return x, y

    points = [point(i, v) for i, v in enumerate(values)]
    node = el("svg", {"xmlns": "http://www.w3.org/2000/svg", "viewBox": f"0 0 {num(width)} {num(height)}",
                      "width": width, "height": height, "aria-hidden": "true", "class": "spark",
                      "focusable": "false"})
    node.append(el("polyline", {"points": " ".join(f"{num(x)},{num(y)}" for x, y in points), "fill": "none",
                                "stroke": DONE, "stroke-width": 2, "stroke-linejoin": "round"}))
    for x, y in points[:-1]:
        node.append(el("circle", {"cx": x, "cy": y, "r": 2, "fill": DONE}))
    x, y = points[-1]
    node.append(el("circle", {"cx": x, "cy": y, "r": 4, "fill": WHITE, "stroke": DONE, "stroke-width": 2}))
    return to_markup(node)


# -- step timeline ------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineRow:
    """A step on the timeline: label (with its status in words), status, dates and milestone dates."""

    label: str
    status: str
    start: dt.date | None = None
    end: dt.date | None = None
    milestones: tuple[dt.date, ...] = ()
    note: str = ""


def timeline_span(rows: Sequence[TimelineRow]) -> tuple[dt.date, dt.date] | None:
    """The first and last date on the timeline, or None when no step has a date."""
    dates = [d for r in rows for d in (r.start, r.end, *r.milestones) if d is not None]
    return (min(dates), max(dates)) if dates else None


def timeline(rows: Sequence[TimelineRow], ident: str, title: str, desc: str, layout: Layout = WIDE) -> Markup:
    """Steps down, time across whole years: a bar per step from start to end.

    A finished step is a solid bar; a step in progress is striped up to the
    last known date and ends in an arrow; milestones are diamonds. A step
    without dates shows its note (e.g. "not started") in words.
    """
    span = timeline_span(rows)
    if span is None:
        return Markup("")
    first, last = dt.date(span[0].year, 1, 1), dt.date(span[1].year + 1, 1, 1)
    font = layout.font
    width, left, right, axis_h = layout.width, 12.0, 20.0, 30.0
    plot_w = width - left - right
    days = (last - first).days
    limit = chars_in(width - left - 23, font + 1, bold=True)
    labels = [wrap(row.label, limit) for row in rows]
    line_h = font + 5
    tops = [0.0]
    for lines in labels:
        tops.append(tops[-1] + 38 + line_h * len(lines))

    def x(d: dt.date) -> float:
        return left + plot_w * (d - first).days / days

    height = tops[-1] + axis_h
    svg = root(width, height, ident, title, desc, css_class=f"grafiek-tijdlijn svg-{layout.name}")
    svg.append(hatch_pattern(f"{ident}-streep", BUSY, BUSY_FILL))
    for year in range(first.year, last.year + 1):
        gx = x(dt.date(year, 1, 1))
        svg.append(el("line", {"x1": gx, "y1": 0, "x2": gx, "y2": height - axis_h + 4, "stroke": LINE,
                               "stroke-width": 0.75, "stroke-dasharray": "2 3"}))
        if year < last.year:
            svg.append(el("text", {"x": (gx + x(dt.date(year + 1, 1, 1))) / 2, "y": height - 8, "text-anchor": "middle",
                                   "font-size": font, "fill": MUTED}, str(year)))
    for i, row in enumerate(rows):
        top = tops[i]
        svg.append(status_mark(row.status, left + 8, top + 14, 8.5))
        label = el("text", {"x": left + 23, "y": top + 20, "font-size": font + 1, "font-weight": "600", "fill": INK})
        for k, line in enumerate(labels[i]):
            label.append(el("tspan", {"x": left + 23, "dy": 0 if k == 0 else line_h}, line))
        svg.append(label)
        bar_y, bar_h = top + 9 + line_h * len(labels[i]), 15.0
        start = row.start or row.end
        if start is None:
            if row.note:
                svg.append(el("text", {"x": left + 23, "y": bar_y + 12, "font-size": font, "font-style": "italic",
                                       "fill": MUTED}, row.note))
        else:
            x0 = x(start)
            if row.status == "in_progress" and row.end is None:
                x1 = max(x(span[1]), x0 + 6)
                svg.append(el("rect", {"x": x0, "y": bar_y, "width": x1 - x0, "height": bar_h,
                                       "fill": f"url(#{ident}-streep)", "stroke": BUSY, "stroke-width": 1.5}))
                arrow = (f"M{num(x1 + 1)} {num(bar_y - 3)}L{num(x1 + 10)} {num(bar_y + bar_h / 2)}"
                         f"L{num(x1 + 1)} {num(bar_y + bar_h + 3)}Z")
                svg.append(el("path", {"d": arrow, "fill": BUSY}))
            else:
                x1 = max(x(row.end or start), x0 + 4)
                colour = DONE if row.status == "done" else BUSY
                svg.append(el("rect", {"x": x0, "y": bar_y, "width": x1 - x0, "height": bar_h, "fill": colour}))
        for m in row.milestones:
            mx, my, s = x(m), bar_y + bar_h / 2, 6.0
            diamond = (f"M{num(mx)} {num(my - s)}L{num(mx + s)} {num(my)}"
                       f"L{num(mx)} {num(my + s)}L{num(mx - s)} {num(my)}Z")
            svg.append(el("path", {"d": diamond, "fill": WHITE, "stroke": INK, "stroke-width": 1.5,
                                   "class": "mijlpaal"}))
    svg.append(el("line", {"x1": 0, "y1": height - axis_h + 4, "x2": width, "y2": height - axis_h + 4,
                           "stroke": INK}))
    return to_markup(svg)
