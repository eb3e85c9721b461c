"""The pictures templates ask for: model objects and interface strings in, inline SVG out.

This is the glue between the model and the pure drawing modules
(:mod:`wijkgen.render.charts`, :mod:`wijkgen.render.maps`): it picks the data, puts every
word through the site's translation, and gives each picture an id that is
unique on its page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from wijkgen.model.entities import Anchor, Collective, Commitment, KeyFigure, Site, Status, StepProgress, Wijk
from wijkgen.render import charts, maps
from wijkgen.render.svg import at_both_widths

Translate = Callable[..., str]
Label = Callable[[str, Any], str]
Number = Callable[[float], str]
Link = Callable[[Any], str]


def status_key(status: Status) -> str:
    """The shape name of a status: done, in_progress or not_started."""
    return status.name.lower()


class Pictures:
    """Draws the site's charts and maps in the site language; one instance per build."""

    statuses = (Status.DONE, Status.IN_PROGRESS, Status.NOT_STARTED)

    def __init__(self, site: Site, t: Translate, label: Label, number: Number, date: Callable[[Any], str]) -> None:
        self.site = site
        self.t = t
        self.label = label
        self.number = number
        self.date = date

    def _status(self, status: Status) -> str:
        return self.label("status", status.value)

    def status_icon(self, status: Status) -> Markup:
        """A small decorative status shape for legends and lists (the words beside it carry the meaning)."""
        return charts.status_icon(status_key(status))

    # -- progress -----------------------------------------------------------------------

    def progress_sentence(self, wijk: Wijk) -> str:
        """How far a wijk is, in one or two sentences."""
        total = len(wijk.progress)
        current = wijk.current
        if current is None:
            return self.t("progress.all_done", total=total)
        done = self.t("progress.done_count", done=wijk.steps_done, total=total)
        key = "progress.now" if current.status is Status.IN_PROGRESS else "progress.next"
        return f"{done} {self.t(key, number=current.step.number, title=current.step.title)}"

    def progress_matrix(self) -> Markup:
        """Every wijk's progress through the steps at a glance, as a matrix of status shapes."""
        steps = self.site.framework.steps
        if not self.site.wijken or not steps:
            return Markup("")
        rows = [
            charts.MatrixRow(
                label=w.name,
                statuses=tuple(status_key(p.status) for p in w.progress),
                note=self.t("matrix.note", done=w.steps_done, total=len(w.progress)),
            )
            for w in self.site.wijken
        ]
        desc = " ".join(f"{w.name}: {self.progress_sentence(w)}" for w in self.site.wijken)
        columns = [charts.MatrixColumn(str(s.number), s.title) for s in steps]
        title = self.t("matrix.title", total=len(steps))
        return at_both_widths(lambda layout: charts.progress_matrix(
            rows, columns, f"matrix-{layout.name}", title, desc, layout=layout))

    def _step_dates(self, p: StepProgress) -> str:
        if p.start and p.end:
            return self.t("timeline.from_to", start=self.date(p.start), end=self.date(p.end))
        if p.start:
            return self.t("timeline.since", start=self.date(p.start))
        if p.end:
            return self.t("timeline.until", end=self.date(p.end))
        return ""

    def step_timeline(self, wijk: Wijk) -> Markup:
        """The steps of a wijk on a time axis, or nothing when no step has a date yet."""
        rows = [
            charts.TimelineRow(
                label=self.t("timeline.row", number=p.step.number, title=p.step.title, status=self._status(p.status)),
                status=status_key(p.status),
                start=p.start,
                end=p.end,
                milestones=tuple(m.date for m in p.milestones),
                note=self.t("timeline.no_dates"),
            )
            for p in wijk.progress
        ]
        parts = []
        for p in wijk.progress:
            dates = self._step_dates(p)
            status = self._status(p.status)
            text = self.t("timeline.desc_step", number=p.step.number, title=p.step.title, status=status)
            text = f"{text}, {dates}." if dates else f"{text}."
            if p.milestones:
                text = f"{text} {self.t('timeline.desc_milestones', count=len(p.milestones))}"
            parts.append(text)
        title, desc = self.t("timeline.title", wijk=wijk.name), " ".join(parts)
        return at_both_widths(lambda layout: charts.timeline(
            rows, f"tijdlijn-{wijk.slug}-{layout.name}", title, desc, layout=layout))

    # -- plural value ---------------------------------------------------------------------

    def value_counts(self, wijk: Wijk) -> list[tuple[str, int]]:
        """Each value of the framework with the number of the wijk's collectives that create it."""
        return [(v, len(wijk.collectives_creating(v))) for v in self.site.framework.values]

    def value_chart(self, wijk: Wijk) -> Markup:
        """Bars: how many of the wijk's collectives create each kind of value."""
        if not wijk.collectives:
            return Markup("")
        counts = self.value_counts(wijk)
        bars = [charts.Bar(self.label("waarde", v), n, self.number(n)) for v, n in counts]
        total = len(wijk.collectives)
        desc = "; ".join(
            self.t("values.desc_item", value=self.label("waarde", v), count=self.number(n), total=self.number(total))
            for v, n in counts
        )
        title = self.t("values.chart_title", wijk=wijk.name)
        return at_both_widths(lambda layout: charts.bar_chart(
            bars, f"waarden-{wijk.slug}-{layout.name}", title, desc + ".", layout=layout))

    # -- maps -----------------------------------------------------------------------------

    def _scale(self, metres: int) -> str:
        return self.t("map.scale", metres=self.number(metres))

    def wijk_map(self, wijk: Wijk, link: Link) -> Markup:
        """The wijk's context layers and boundary with a numbered, linked marker per collective that has
        coordinates; nothing when there is neither a boundary nor a layer to give the markers a place."""
        rings = wijk.boundary.rings if wijk.boundary else ()
        markers = [
            maps.Marker(
                number=i,
                label=self.t("map.marker", number=i, name=c.name),
                href=link(c),
                point=(c.location.lon or 0.0, c.location.lat or 0.0),
                name=c.name,
            )
            for i, c in enumerate(wijk.mapped, start=1)
        ]
        if not rings and not (wijk.layers and markers):
            return Markup("")
        title = self.t("map.title", wijk=wijk.name)
        desc = self.t("map.desc", count=len(markers))
        return at_both_widths(lambda layout: maps.wijk_map(
            rings, markers, f"kaart-{wijk.slug}-{layout.name}", title, desc, self._scale, layout, wijk.layers))

    def collective_map(self, wijk: Wijk, collective: Collective) -> Markup:
        """Where one collective lies in its wijk, as a small locator; only when a boundary and coordinates are known."""
        lat, lon = collective.location.lat, collective.location.lon
        if wijk.boundary is None or lat is None or lon is None:
            return Markup("")
        title = self.t("map.collective_title", name=collective.name, wijk=wijk.name)
        return maps.locator(wijk.boundary.rings, (lon, lat), f"kaart-{collective.slug}", title)

    # -- key figures ------------------------------------------------------------------------

    def figure_sparkline(self, figure: KeyFigure) -> Markup:
        """A small line through the years of a key figure (nothing with only one year)."""
        return charts.sparkline([float(v) for _, v in figure.series])

    def figure_trend(self, figure: KeyFigure) -> str:
        """The direction of a key figure since its first year, in words: risen, fallen or unchanged."""
        first_year, first = figure.series[0]
        key = "figure.trend_up" if figure.value > first else "figure.trend_down" if figure.value < first \
            else "figure.trend_same"
        return self.t(key, year=first_year)

    # -- anchor institutions ----------------------------------------------------------------

    def trend(self, anchor: Anchor, commitment: Commitment, index: int) -> Markup:
        """A line of a commitment's yearly figures, when there are several years in one unit."""
        figures = commitment.figures
        if len({f.year for f in figures}) < 2 or len({f.unit for f in figures}) != 1:
            return Markup("")
        unit = figures[0].unit
        points = [charts.TrendPoint(f.year, float(f.value), self.number(f.value)) for f in figures]
        kind = self.label("toezegging", commitment.kind)
        title = self.t("trend.title", kind=kind, anchor=anchor.name, unit=unit,
                       first=figures[0].year, last=figures[-1].year)
        desc = "; ".join(self.t("trend.desc_item", year=f.year, value=self.number(f.value), unit=unit)
                         for f in figures)
        return at_both_widths(lambda layout: charts.trend_chart(
            points, f"trend-{anchor.slug}-{index}-{layout.name}", title, desc + ".", layout=layout))
