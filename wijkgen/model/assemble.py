"""The assemble stage: validated documents into the typed model, with cross-references checked.

Pure: takes the parsed project, returns the :class:`~wijkgen.model.entities.Site` and
the problems found between files (a step naming a collective that does not
exist, two collectives on one slug, …). Documents that already failed
validation are left out of the model but still count as existing, so one
mistake is reported once.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Sequence
from pathlib import PurePosixPath
from typing import Any, NamedTuple

from markupsafe import Markup

from wijkgen.errors import Problem, Severity
from wijkgen.load.config import RawConfig
from wijkgen.load.photos import PhotoSource
from wijkgen.load.project import MAP_FOLDER, BodyImages, RawProject, RawWijk
from wijkgen.model.entities import (
    Anchor,
    CallToAction,
    Collective,
    Commitment,
    Contact,
    Event,
    KeyFigure,
    Link,
    Location,
    Milestone,
    Need,
    NewsItem,
    Photo,
    SiteConfig,
    Status,
    StepProgress,
    Wijk,
    YearFigure,
)
from wijkgen.model.entities import Site as SiteModel
from wijkgen.model.geo import (
    LAYER_KINDS,
    Boundary,
    BoundaryError,
    ContextLayer,
    boundary_from_geojson,
    contains,
    layer_from_geojson,
)
from wijkgen.model.images import PagePhotos, place_images
from wijkgen.model.markup import MarkdownRenderer
from wijkgen.model.photos import variants
from wijkgen.model.privacy import contact_warnings
from wijkgen.model.slug import RESERVED, is_slug, slugify
from wijkgen.parse.documents import Document, json_mark
from wijkgen.parse.limits import MAX_NESTING


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else None


def _time(value: Any) -> dt.time | None:
    return dt.time.fromisoformat(value) if isinstance(value, str) else None


def _date_prefix(name: str) -> bool:
    try:
        dt.date.fromisoformat(name[:10])
    except ValueError:
        return False
    return True


def _file_slug(doc: Document) -> str:
    """The slug a file's own page gets from its name: "2024-05-12 Open dag.md" → "2024-05-12-open-dag"."""
    return slugify(PurePosixPath(doc.file).stem)


def _contact(data: Any) -> Contact:
    data = data or {}
    return Contact(
        name=data.get("naam", ""),
        email=data.get("email", ""),
        phone=data.get("telefoon", ""),
        website=data.get("website", ""),
        address=data.get("adres", ""),
    )


def _moment(day: dt.date, time: dt.time | None) -> str:
    return f"{day.isoformat()} {time.strftime('%H:%M')}" if time else day.isoformat()


class _Assembler:
    """Holds the renderer and the problem list while one project is assembled."""

    def __init__(self, renderer: MarkdownRenderer) -> None:
        self.md = renderer
        self.problems: list[Problem] = []
        self.photo_sources: dict[tuple[str, str], PhotoSource] = {}
        self.body_images: dict[str, BodyImages] = {}

    def markdown(self, doc: Document, text: str, first_line: int, page: PagePhotos | None = None,
                 field_mark: tuple[int, int] | None = None) -> Markup:
        """``text`` as safe HTML; its images are shown with ``page``'s photos (None: a text without a page
        of its own, where an image is an error)."""
        rendered = self.md.render(text)
        if rendered.too_deep_line:
            line = first_line + rendered.too_deep_line - 1
            self.problems.append(Problem(doc.file, line, 1, "markdown.too_deep", {"limit": MAX_NESTING}))
        for url in rendered.remote_images:
            offset = text.find(url)
            line = first_line + (text.count("\n", 0, offset) if offset >= 0 else 0)
            self.problems.append(Problem(doc.file, line, 1, "content.remote_image", {"url": url}))
        if rendered.removed:
            first = rendered.removed[0].strip("<>=:").casefold()
            offset = text.casefold().find(first)
            line = first_line + (text.count("\n", 0, offset) if offset >= 0 else 0)
            self.problems.append(Problem(doc.file, line, 1, "warn.html_removed",
                                         {"items": ", ".join(rendered.removed)}, Severity.WARNING))
        html, found = place_images(rendered.html, text, first_line, doc.file, self.body_images.get(doc.file), page,
                                   field_mark)
        self.problems.extend(found)
        return html

    def body(self, doc: Document, photos: tuple[Photo, ...]) -> tuple[Markup, tuple[Photo, ...]]:
        """The Markdown text of a document with a page of its own, and the photos its images add to that page."""
        page = PagePhotos(photos)
        html = self.markdown(doc, doc.body, doc.body_line, page)
        return html, tuple(page.in_text)

    def field_markdown(self, doc: Document, path: tuple[str | int, ...], text: str) -> Markup:
        return self.markdown(doc, text, doc.mark(path)[0], field_mark=doc.mark(path))

    def photos(self, doc: Document) -> tuple[Photo, ...]:
        """The photos a document names, found and checked by the loader; copies get distinct names."""
        photos: list[Photo] = []
        taken: set[str] = set()
        for i, entry in enumerate(doc.data.get("fotos") or ()):
            source = self.photo_sources[(doc.file, entry["bestand"])]
            stem = PurePosixPath(entry["bestand"]).stem
            found = variants(source, stem)
            n = 1
            while found[0].name in taken:
                n += 1
                found = variants(source, f"{stem}-{n}")
            taken.update(v.name for v in found)
            photos.append(
                Photo(
                    source=source.path,
                    file=doc.file,
                    line=doc.mark(("fotos", i, "bestand"))[0],
                    alt=entry["alt"],
                    caption=entry.get("bijschrift", ""),
                    variants=found,
                )
            )
        return tuple(photos)

    def event(self, doc: Document) -> Event | None:
        """The event a news item announces, checked for an end before its start."""
        e = doc.data.get("evenement")
        if not e:
            return None
        event = Event(
            date=dt.date.fromisoformat(e["datum"]),
            place=e["plaats"],
            organiser=e["organisator"],
            start_time=_time(e.get("tijd")),
            end_time=_time(e.get("einde")),
            end_date=_date(e.get("einddatum")),
            address=e.get("adres", ""),
        )
        start = (event.date, event.start_time or dt.time.min)
        end = (event.last_date, event.end_time or dt.time.max)
        if end < start:
            where = "einde" if "einde" in e else "einddatum"
            self.problems.append(
                Problem(
                    doc.file,
                    *doc.mark(("evenement", where)),
                    "content.event_end_before_start",
                    {"start": _moment(event.date, event.start_time), "end": _moment(event.last_date, event.end_time)},
                )
            )
        return event

    # -- collectives ------------------------------------------------------------------

    def collective(self, doc: Document, slug: str, wijk_slug: str, boundary: Boundary | None = None) -> Collective:
        d = doc.data
        loc = d.get("locatie") or {}
        photos = self.photos(doc)
        body_html, body_photos = self.body(doc, photos)
        collective = Collective(
            slug=slug,
            wijk_slug=wijk_slug,
            name=d["naam"],
            kind=d["soort"],
            summary=d.get("samenvatting", ""),
            values=tuple(d.get("waarden", ())),
            activities=tuple(d.get("activiteiten", ())),
            founded=d.get("opgericht"),
            location=Location(address=loc.get("adres", ""), lat=loc.get("breedtegraad"), lon=loc.get("lengtegraad")),
            contact=_contact(d.get("contact")),
            links=tuple(Link(title=li["titel"], url=li["url"]) for li in d.get("links", ())),
            needs=tuple(Need(kind=n["soort"], description=n["omschrijving"]) for n in d.get("behoeften", ())),
            body_html=body_html,
            source=doc.file,
            photos=photos,
            body_photos=body_photos,
        )
        if not collective.contact:
            self.problems.append(
                Problem(doc.file, 1, 1, "warn.no_contact", {"name": collective.name}, Severity.WARNING)
            )
        lat, lon = collective.location.lat, collective.location.lon
        if boundary is not None and lat is not None and lon is not None and not contains(boundary.rings, (lon, lat)):
            self.problems.append(
                Problem(
                    doc.file,
                    *doc.mark(("locatie", "breedtegraad")),
                    "warn.outside_boundary",
                    {"name": collective.name, "lat": lat, "lon": lon},
                    Severity.WARNING,
                )
            )
        return collective

    def collectives(self, raw: RawWijk, boundary: Boundary | None = None) -> tuple[dict[str, Collective], set[str]]:
        """The wijk's collectives by slug, and every slug that exists (valid or not)."""
        by_slug: dict[str, Collective] = {}
        seen: dict[str, str] = {}
        for doc in raw.collectives:
            stem = PurePosixPath(doc.file).stem
            own = doc.data.get("slug") if isinstance(doc.data, dict) else None
            slug = own if isinstance(own, str) and is_slug(own) else slugify(stem)
            own_mark = doc.mark(("slug",)) if own else None
            if not self.unique_slug(doc, slug, seen, "content.duplicate_slug", own_mark):
                continue
            if doc.ok:
                by_slug[slug] = self.collective(doc, slug, raw.slug, boundary)
        return by_slug, set(seen)

    def unique_slug(
        self, doc: Document, slug: str, seen: dict[str, str], code: str, mark: tuple[int, int] | None = None
    ) -> bool:
        """Record the slug a file's page gets; False (and a problem) when it gives no address or one already taken.

        Two names that differ only in capitals (``Buurtkeuken.md``, ``buurtkeuken.md``) get their own
        message: on Windows and macOS they cannot even exist side by side.
        """
        line, col = mark or (1, 1)
        name = PurePosixPath(doc.file).name
        if not slug:
            self.problems.append(Problem(doc.file, line, col, "content.bad_file_name", {"name": name}))
            return False
        other = seen.get(slug)
        if other is None:
            seen[slug] = doc.file
            return True
        other_name = PurePosixPath(other).name
        if mark is None and name != other_name and name.casefold() == other_name.casefold():
            self.problems.append(Problem(doc.file, line, col, "content.case_clash", {"name": name, "other": other}))
        else:
            self.problems.append(Problem(doc.file, line, col, code, {"slug": slug, "other": other}))
        return False

    def refs(
        self,
        doc: Document,
        path: tuple[str | int, ...],
        slugs: Sequence[str],
        known: set[str],
        by_slug: dict[str, Collective],
    ) -> tuple[Collective, ...]:
        """Resolve collective slugs named in ``doc`` at ``path``; report the unknown ones."""
        found: list[Collective] = []
        for i, slug in enumerate(slugs):
            if slug in by_slug:
                found.append(by_slug[slug])
            elif slug not in known:
                close = difflib.get_close_matches(slug, sorted(known), n=1, cutoff=0.6)
                self.problems.append(
                    Problem(
                        doc.file,
                        *doc.mark((*path, i)),
                        "content.unknown_collective",
                        {"slug": slug, "close": close[0] if close else "", "known": ", ".join(sorted(known)),
                         "detail_code": "part.known_collectives" if known else "part.no_collectives"},
                    )
                )
        return tuple(found)

    # -- steps ------------------------------------------------------------------------

    def progress(
        self, raw: RawWijk, framework_steps: Sequence[Any], known: set[str], by_slug: dict[str, Collective]
    ) -> tuple[StepProgress, ...]:
        doc = raw.steps
        entries: dict[str, StepProgress] = {}
        if doc is not None and doc.ok:
            first_line: dict[str, int] = {}
            steps_by_id = {s.id: s for s in framework_steps}
            for i, entry in enumerate(doc.data["stappen"]):
                path: tuple[str | int, ...] = ("stappen", i)
                step_id = entry["stap"]
                if step_id in first_line:
                    self.problems.append(
                        Problem(
                            doc.file,
                            *doc.mark((*path, "stap")),
                            "content.duplicate_step",
                            {"step": step_id, "first": first_line[step_id]},
                        )
                    )
                    continue
                first_line[step_id] = doc.mark(path)[0]
                entries[step_id] = self.step(doc, path, entry, steps_by_id[step_id], known, by_slug)
        return tuple(entries.get(s.id) or StepProgress(step=s, status=Status.NOT_STARTED) for s in framework_steps)

    def step(
        self,
        doc: Document,
        path: tuple[str | int, ...],
        entry: dict[str, Any],
        step: Any,
        known: set[str],
        by_slug: dict[str, Collective],
    ) -> StepProgress:
        start, end = _date(entry.get("start")), _date(entry.get("einde"))
        status = Status(entry["status"])
        if start and end and end < start:
            self.problems.append(
                Problem(
                    doc.file,
                    *doc.mark((*path, "einde")),
                    "content.end_before_start",
                    {"start": start.isoformat(), "end": end.isoformat()},
                )
            )
        if status is Status.DONE and end is None:
            self.problems.append(
                Problem(
                    doc.file, *doc.mark((*path, "status")), "warn.done_without_end", {"step": step.id}, Severity.WARNING
                )
            )
        milestones = tuple(
            Milestone(
                date=dt.date.fromisoformat(m["datum"]),
                title=m["titel"],
                description_html=self.field_markdown(
                    doc, (*path, "mijlpalen", j, "omschrijving"), m.get("omschrijving", "")
                ),
            )
            for j, m in enumerate(entry.get("mijlpalen", ()))
        )
        call = entry.get("oproep")
        return StepProgress(
            step=step,
            status=status,
            start=start,
            end=end,
            summary_html=self.field_markdown(doc, (*path, "samenvatting"), entry.get("samenvatting", "")),
            milestones=tuple(sorted(milestones, key=lambda m: m.date)),
            collectives=self.refs(doc, (*path, "collectieven"), entry.get("collectieven", ()), known, by_slug),
            call_to_action=CallToAction(text=call["tekst"], url=call["url"]) if call else None,
        )

    # -- anchors and news -------------------------------------------------------------

    def anchor(self, doc: Document) -> Anchor:
        d = doc.data
        commitments = tuple(
            Commitment(
                kind=c["soort"],
                description=c["omschrijving"],
                since=c.get("sinds"),
                figures=tuple(
                    sorted(
                        (
                            YearFigure(
                                year=f["jaar"],
                                value=f["waarde"],
                                unit=f["eenheid"],
                                note=f.get("toelichting", ""),
                                example=bool(f.get("voorbeeld", False)),
                            )
                            for f in c.get("cijfers", ())
                        ),
                        key=lambda f: f.year,
                    )
                ),
            )
            for c in d.get("toezeggingen", ())
        )
        return Anchor(
            slug=_file_slug(doc),
            name=d["naam"],
            kind=d["soort"],
            summary=d.get("samenvatting", ""),
            website=d.get("website", ""),
            commitments=commitments,
        )

    def news_item(self, doc: Document, wijk_slug: str, known: set[str], by_slug: dict[str, Collective]) -> NewsItem:
        d = doc.data
        stem = PurePosixPath(doc.file).stem
        if len(stem) >= 10 and stem[:10] != d["datum"] and _date_prefix(stem):
            self.problems.append(Problem(doc.file, *doc.mark(("datum",)), "warn.news_date_mismatch",
                                         {"date": d["datum"], "prefix": stem[:10]}, Severity.WARNING))
        photos = self.photos(doc)
        body_html, body_photos = self.body(doc, photos)
        return NewsItem(
            slug=_file_slug(doc),
            wijk_slug=wijk_slug,
            title=d["titel"],
            date=dt.date.fromisoformat(d["datum"]),
            summary=d.get("samenvatting", ""),
            body_html=body_html,
            collectives=self.refs(doc, ("collectieven",), d.get("collectieven", ()), known, by_slug),
            event=self.event(doc),
            photos=photos,
            body_photos=body_photos,
        )

    # -- wijk -------------------------------------------------------------------------

    def wijk(self, raw: RawWijk, framework_steps: Sequence[Any]) -> Wijk | None:
        if not is_slug(raw.slug):
            suggestion = slugify(raw.slug)  # nothing left of the name: an example name in the author's language
            hint = {"suggestion": suggestion} if suggestion else {"suggestion_code": "example.wijk_slug"}
            self.problems.append(Problem(raw.folder, 1, 1, "content.bad_slug", {"name": raw.slug, **hint}))
        elif raw.slug in RESERVED:
            self.problems.append(Problem(raw.folder, 1, 1, "content.reserved_slug", {"slug": raw.slug}))
        self.photo_sources = raw.photos
        self.body_images = raw.body_images
        for doc in (raw.profile, raw.steps, *raw.collectives, *raw.anchors, *raw.news):
            if doc is not None and doc.ok:
                self.problems.extend(contact_warnings(doc))
        boundary = self.boundary(raw)
        by_slug, known = self.collectives(raw, boundary)
        progress = self.progress(raw, framework_steps, known, by_slug)
        anchor_slugs: dict[str, str] = {}
        anchors = tuple(
            self.anchor(doc) for doc in raw.anchors
            if self.unique_slug(doc, _file_slug(doc), anchor_slugs, "content.duplicate_anchor_slug") and doc.ok
        )
        news_slugs: dict[str, str] = {}
        news = tuple(
            sorted(
                (
                    self.news_item(doc, raw.slug, known, by_slug) for doc in raw.news
                    if self.unique_slug(doc, _file_slug(doc), news_slugs, "content.duplicate_news_slug") and doc.ok
                ),
                key=lambda n: (n.date, n.slug),
                reverse=True,
            )
        )
        profile = raw.profile
        if profile is None or not profile.ok:
            return None
        d = profile.data
        intro_html, intro_photos = self.body(profile, ())
        figures = tuple(
            KeyFigure(
                name=f["naam"],
                value=f["waarde"],
                unit=f.get("eenheid", ""),
                year=f["jaar"],
                source=f["bron"],
                source_url=f.get("bron_url", ""),
                city_value=f.get("stad"),
                example=bool(f.get("voorbeeld", False)),
                earlier=self.earlier_years(profile, i, f),
            )
            for i, f in enumerate(d.get("kerncijfers", ()))
        )
        return Wijk(
            slug=raw.slug,
            name=d["naam"],
            city=d["stad"],
            stadsdeel=d.get("stadsdeel", ""),
            municipality_code=d.get("gemeentecode", ""),
            wijk_code=d.get("wijkcode", ""),
            summary=d["samenvatting"],
            intro_html=intro_html,
            key_figures=figures,
            contact=_contact(d.get("contact")),
            collectives=tuple(sorted(by_slug.values(), key=lambda c: (c.name.casefold(), c.slug))),
            progress=progress,
            anchors=tuple(sorted(anchors, key=lambda a: (a.name.casefold(), a.slug))),
            news=news,
            boundary_file=d.get("grens", ""),
            boundary=boundary,
            body_photos=intro_photos,
            layers=self.layers(raw),
        )

    def boundary(self, raw: RawWijk) -> Boundary | None:
        """The wijk's boundary from its GeoJSON file; a file without a usable polygon is reported."""
        if raw.boundary is None or raw.profile is None or not isinstance(raw.profile.data, dict):
            return None
        name = str(raw.profile.data.get("grens", ""))
        try:
            return boundary_from_geojson(raw.boundary)
        except BoundaryError as err:
            line, col = json_mark(raw.boundary_text, err.path)
            self.problems.append(Problem(f"{raw.folder}/{name}", line, col, err.code, {"name": name, **err.args_}))
            return None


    def earlier_years(self, doc: Document, index: int, figure: dict[str, Any]) -> tuple[tuple[int, float | int], ...]:
        """The earlier years of a key figure, oldest first; a year that is not before the figure's own
        year, or that comes twice, is reported at its place and left out."""
        kept: dict[int, float | int] = {}
        for j, entry in enumerate(figure.get("eerdere_jaren", ())):
            year = entry["jaar"]
            path = ("kerncijfers", index, "eerdere_jaren", j, "jaar")
            if year >= figure["jaar"] or year in kept:
                self.problems.append(Problem(doc.file, *doc.mark(path), "content.figure_earlier_year",
                                             {"year": year, "latest": figure["jaar"], "name": figure["naam"]}))
                continue
            kept[year] = entry["waarde"]
        return tuple(sorted(kept.items()))

    def layers(self, raw: RawWijk) -> tuple[ContextLayer, ...]:
        """The wijk's context layers in drawing order (water, green, streets); a bad one is reported and left out."""
        found: list[ContextLayer] = []
        for kind in LAYER_KINDS:
            if kind not in raw.layers:
                continue
            data, text = raw.layers[kind]
            try:
                found.append(layer_from_geojson(data, kind))
            except BoundaryError as err:
                name = f"{kind}.geojson"
                line, col = json_mark(text, err.path)
                self.problems.append(Problem(f"{raw.folder}/{MAP_FOLDER}/{name}", line, col, err.code,
                                             {"name": name, **err.args_}))
        return tuple(found)


class WijkAssembly(NamedTuple):
    """One wijk of the model as assembled from its files, with the problems found between them."""

    wijk: Wijk | None  # None when its files are too broken to make a wijk of
    problems: list[Problem]


def wijk_settings(config: RawConfig) -> tuple[Any, ...]:
    """All that :func:`assemble_wijk` reads of the settings (the framework's steps): the same files with equal
    settings (and Markdown in the same language) assemble an equal wijk, whatever else the settings say."""
    return (config.framework.steps,)


def assemble_wijk(raw: RawWijk, config: RawConfig, markdown: MarkdownRenderer) -> WijkAssembly:
    """Assemble one wijk from its loaded files and the settings that :func:`wijk_settings` names."""
    (steps,) = wijk_settings(config)
    work = _Assembler(markdown)
    wijk = work.wijk(raw, steps)
    return WijkAssembly(wijk, work.problems)


AssembleWijk = Callable[[RawWijk, RawConfig, MarkdownRenderer], WijkAssembly]


def assemble(
    project: RawProject, markdown: MarkdownRenderer | None = None, each_wijk: AssembleWijk = assemble_wijk
) -> tuple[SiteModel, list[Problem]]:
    """Build the site model from a loaded project; returns it with the cross-file problems.

    ``each_wijk`` assembles one wijk; the live preview hands a version that keeps a wijk whose files did
    not change as the very same object (later steps then know it by identity).
    """
    markdown = markdown or MarkdownRenderer(project.config.language)
    work = _Assembler(markdown)
    cfg = project.config
    description = Markup("")
    if cfg.description and project.config_doc.ok:
        description = work.field_markdown(project.config_doc, ("beschrijving",), cfg.description)
    config = SiteConfig(
        title=cfg.title,
        description_html=description,
        language=cfg.language,
        base_url=cfg.base_url,
        example_content=cfg.example_content,
        build_date=project.build_date,
        search=cfg.search,
    )
    problems = work.problems
    wijken: list[Wijk] = []
    for raw in project.wijken:
        wijk, found = each_wijk(raw, cfg, markdown)
        problems.extend(found)
        if wijk is not None:
            wijken.append(wijk)
    return SiteModel(config=config, framework=cfg.framework, wijken=tuple(wijken)), problems
