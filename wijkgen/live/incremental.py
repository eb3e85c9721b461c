"""Incremental rendering in ``serve``: re-render only the pages whose inputs changed since the previous render.

What a page read becomes its dependencies (:mod:`wijkgen.speed.dependencies`); here they are kept in
memory between rebuilds, together with the previous model, so that an unchanged wijk is known by identity.

On the next render, a page is rendered again when its environment (templates,
interface strings, config, wijkgen version) changed, when it is new, or when one
of its dependencies has a different fingerprint in the new model; otherwise its
previous output stands. Pages whose new output is byte-identical to the old are
not handed to ``write``. The functions here are pure apart from reading the
template folders and calling ``write``.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import compress, repeat
from operator import attrgetter, is_not, not_
from pathlib import Path
from typing import Any

from wijkgen.model.entities import Site, Wijk
from wijkgen.outputs.files import template_helpers
from wijkgen.render.pages import Page, PagePlan
from wijkgen.render.recording import RecordingEnvironment, render_recording
from wijkgen.render.templates import Renderer, template_dirs
from wijkgen.speed.dependencies import (
    ENTITY_TYPES,
    MISSING,
    NO_RAW,
    Dependency,
    Key,
    PageRecord,
    Values,
    dependencies_of,
    environment_fingerprint,
    page_identity,
)


@dataclass(frozen=True)
class RenderState:
    """Everything needed to render the next version of a site incrementally."""

    environment: str
    pages: Mapping[str, PageRecord]
    values: dict[Dependency, Hashable]
    renderer: Renderer
    calls: Mapping[Key, tuple[Any, ...]]
    entities: Mapping[Key, Any] = dataclasses.field(default_factory=dict)
    by_key: dict[Key, tuple[Dependency, ...]] = dataclasses.field(default_factory=dict)
    calls_of: dict[Key, tuple[Key, ...]] = dataclasses.field(default_factory=dict)  # entity → calls given it
    site_wide_calls: tuple[Key, ...] = ()  # calls whose result may change with any part of the model
    raw: dict[Dependency, Any] = dataclasses.field(default_factory=dict)  # lists and maps read: see refingerprint
    order: tuple[Page, ...] = ()  # the pages rendered, in order: most are the very objects of the next render
    in_order: tuple[PageRecord, ...] = ()  # their records, in the same order
    stale: int = 0  # pages rendered since ``by_key`` was last computed from the page records alone


@dataclass(frozen=True)
class RenderOutcome:
    """What one incremental render did: counts, paths, and the state for the next render."""

    pages: int
    rendered: frozenset[str]
    written: frozenset[str]
    removed: frozenset[str]
    state: RenderState


def render_changed(
    site: Site,
    project_root: Path,
    pages: list[Page],
    write: Callable[[str, bytes], None],
    previous: RenderState | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> RenderOutcome:
    """Render the pages of ``site`` that changed since ``previous`` and ``write`` those whose bytes changed.

    Without ``previous`` every page is rendered and written. Raises
    :class:`~wijkgen.render.templates.TemplateProblem` when a template fails; ``write``
    may then have been called for some pages, so callers collect the writes
    and apply them only when this returns. ``previous`` is then as it was; when this
    returns, the new state has taken over its biggest maps (copying them cost a
    big site more than the rest of a story edit), so only the new state is used again.
    """
    environment = environment_fingerprint(site, template_dirs(project_root))
    if previous is not None and previous.environment == environment:
        renderer = previous.renderer
        renderer.use_site(site)
    else:
        renderer = Renderer(site, project_root, RecordingEnvironment)
        previous = None
    if previous is not None:
        pages = _reuse_pages(pages, previous.entities, previous.order)
    helpers = template_helpers(site, pages)
    renderer.add_globals(**helpers)
    calls: dict[Key, tuple[Any, ...]] = dict(previous.calls) if previous is not None else {}
    entities, moved = _entities_since(previous.entities if previous is not None else {}, site, pages,
                                      helpers["site_pages"], previous.order if previous is not None else ())
    values = Values(entities, renderer.env, calls, previous)
    changed: set[Dependency] = set()
    if previous is not None:  # only what is not the previous model's very object can have changed
        for key in _suspects(moved, previous):
            group = previous.by_key.get(key, ())
            changed.update(d for d in group if values.get(d) != previous.values[d])
    rendered: set[str] = set()
    written: set[str] = set()
    before_pages = previous.entities if previous is not None else {}
    before_records = previous.pages if previous is not None else {}
    order = previous.order if previous is not None else ()
    aligned = len(order)
    looked_at = _to_look_at(pages, previous, changed)
    if looked_at is None:  # every page in turn
        records: dict[str, PageRecord] = {}
        in_order: list[PageRecord] = []
        indices: Iterable[int] = range(len(pages))
        removed: frozenset[str] = frozenset()
    else:  # the same pages in the same places: only those that moved or read a change
        indices, removed = looked_at
        records = dict(before_records)
        for path in removed:
            del records[path]
        in_order = list(previous.in_order)  # type: ignore[union-attr]
    for index in indices:
        page = pages[index]
        path = page.output_path
        old = before_records.get(path)
        if old is None:
            identity = page_identity(page)
        elif (index < aligned and order[index] is page) or before_pages.get(("page", page.url)) is page:
            identity = old.identity  # the very page of last time (see _reuse_pages): the same identity
        else:
            identity = page_identity(page)
        if old is not None and old.identity == identity and old.dependencies.isdisjoint(changed):
            record = old  # its dependencies are among the previous ones, computed above
        else:
            html, reads = render_recording(renderer, page, ENTITY_TYPES)
            data = html.encode("utf-8")
            digest = hashlib.blake2b(data, digest_size=20).digest()
            dependencies = dependencies_of(reads, calls)
            for dependency in dependencies:
                values.get(dependency)
            record = PageRecord(identity=identity, dependencies=dependencies, digest=digest)
            rendered.add(path)
            if old is None or old.digest != digest:
                write(path, data)
                written.add(path)
        records[path] = record
        if looked_at is None:
            in_order.append(record)
        else:
            in_order[index] = record
        if progress is not None and looked_at is None:
            progress(index + 1, len(pages))
    if looked_at is None and previous is not None:
        removed = frozenset(previous.pages.keys() - records.keys())
    if progress is not None and looked_at is not None:
        progress(len(pages), len(pages))
    state = _next_state(environment, renderer, records, rendered, values, calls, entities, previous, pages,
                        in_order)
    return RenderOutcome(
        pages=len(pages), rendered=frozenset(rendered), written=frozenset(written), removed=removed, state=state
    )


def _to_look_at(
    pages: list[Page], previous: RenderState | None, changed: set[Dependency]
) -> tuple[list[int], frozenset[str]] | None:
    """When ``pages`` are as many as last time: the places whose page is not the very page of last time or
    reads a dependency in ``changed``, in order, and the addresses of last time that are gone. None
    otherwise: every page is then looked at. Found without a Python step per page (``map`` over the pages
    and their records in order): most of a story edit's time went into such steps on a big site."""
    if previous is None or len(previous.order) != len(pages) or len(previous.in_order) != len(pages):
        return None
    places = range(len(pages))
    moved = list(compress(places, map(is_not, pages, previous.order)))
    found = set(moved)
    if changed:
        disjoint = map(frozenset.isdisjoint, map(attrgetter("dependencies"), previous.in_order), repeat(changed))
        found.update(compress(places, map(not_, disjoint)))
    gone = {previous.order[i].output_path for i in moved} - {pages[i].output_path for i in moved}
    return sorted(found), frozenset(gone)


def _suspects(moved: set[Key], previous: RenderState) -> set[Key]:
    """The keys whose dependencies may have new fingerprints: the entities that are not the previous model's
    objects (or are gone), the helper calls given such an entity, and every call that reads the whole site."""
    found = set(moved)
    for key in moved:
        found.update(previous.calls_of.get(key, ()))
    found.update(previous.site_wide_calls)
    return found


def _entities_since(
    before: Mapping[Key, Any], site: Site, pages: list[Page], plan: PagePlan, order: tuple[Page, ...] = ()
) -> tuple[dict[Key, Any], set[Key]]:
    """The entities of the new model, from those of the previous one (``before``; empty for a first render),
    and the keys whose object is not the previous one or is gone. A wijk that is the very same object has
    the very same collectives and news (the model is immutable), so only the wijken that are not are
    looked into, and the pages (``order``: the pages of the previous render, in order; a page that is the
    very object at its place there is known without looking it up)."""
    entities = dict(before)
    moved: set[Key] = set()

    def put(key: Key, obj: Any) -> None:
        if entities.get(key, MISSING) is not obj:
            entities[key] = obj
            moved.add(key)

    def drop(key: Key) -> None:
        if entities.pop(key, MISSING) is not MISSING:
            moved.add(key)

    put(("site",), site)
    put(("plan",), plan)
    old_site = before.get(("site",))
    old_wijken = {w.slug: w for w in old_site.wijken} if type(old_site) is Site else {}
    for wijk in site.wijken:
        old = old_wijken.pop(wijk.slug, None)
        if old is wijk:
            continue
        if old is not None:
            for key in _wijk_parts(old):
                drop(key)
        put(("wijk", wijk.slug), wijk)
        for collective in wijk.collectives:
            put(("collectief", wijk.slug, collective.slug), collective)
        for item in wijk.news:
            put(("nieuws", wijk.slug, item.slug), item)
    for old in old_wijken.values():  # wijken that are gone
        drop(("wijk", old.slug))
        for key in _wijk_parts(old):
            drop(key)
    seen = 0
    aligned = len(order)
    for index, page in enumerate(pages):  # the hot loop of a big site: put() written out
        if index < aligned and order[index] is page:
            seen += 1
            continue
        key = ("page", page.url)
        old_page = before.get(key, MISSING)
        if old_page is not MISSING:
            seen += 1
            if old_page is page:
                continue
        entities[key] = page
        moved.add(key)
    if seen < sum(1 for key in before if key[0] == "page"):  # pages are gone
        urls = {page.url for page in pages}
        for key in [key for key in entities if key[0] == "page" and key[1] not in urls]:
            drop(key)
    return entities, moved


def _wijk_parts(wijk: Wijk) -> Iterator[Key]:
    """The keys of a wijk's collectives and news."""
    for collective in wijk.collectives:
        yield ("collectief", wijk.slug, collective.slug)
    for item in wijk.news:
        yield ("nieuws", wijk.slug, item.slug)


def _next_state(
    environment: str,
    renderer: Renderer,
    records: dict[str, PageRecord],
    rendered: set[str],
    values: Values,
    calls: dict[Key, tuple[Any, ...]],
    entities: dict[Key, Any],
    previous: RenderState | None,
    pages: list[Page],
    in_order: list[PageRecord],
) -> RenderState:
    """The state for the next render. Usually the previous one extended with what the pages rendered now
    depend on; a dependency no page has any more stays (its fingerprint is kept up to date like the
    others, so it is never wrong). Once a tenth of the pages has been rendered since, or on a first
    render, it is computed afresh from the page records alone. Otherwise the previous state's maps of
    fingerprints, raw values, dependencies by key and calls by entity are updated in place and handed on:
    this runs only once every page rendered, and the previous state is not used again."""
    stale = (previous.stale if previous is not None else 0) + len(rendered)
    if previous is None or stale > max(64, len(pages) // 10):
        used = {dependency for record in records.values() for dependency in record.dependencies}
        before = previous.values if previous is not None else {}
        known = values.known
        new_values = {d: known[d] if d in known else before[d] for d in used}
        before_raw = previous.raw if previous is not None else {}
        new_raw = {d: r for d, r in ((d, values.raw.get(d, before_raw.get(d, NO_RAW))) for d in used)
                   if r is not NO_RAW}
        grouped: dict[Key, list[Dependency]] = {}
        for dependency in used:
            grouped.setdefault(dependency[0], []).append(dependency)
        by_key = {key: tuple(found) for key, found in grouped.items()}
        kept_calls = {k: v for k, v in calls.items() if k in by_key}
        calls_of, site_wide = _call_index(kept_calls, values)
        stale = 0
    else:
        added: dict[Key, list[Dependency]] = {}  # looked up before the maps below are updated in place
        for path in rendered:
            for dependency in records[path].dependencies:
                if dependency not in previous.values:
                    added.setdefault(dependency[0], []).append(dependency)
        kept_calls = calls
        new_calls = {k: calls[k] for k in added if k[0] == "call" and k not in previous.by_key}
        new_values = previous.values
        new_values.update(values.known)
        new_raw = previous.raw
        for dependency, value in values.raw.items():
            if value is NO_RAW:
                new_raw.pop(dependency, None)
            else:
                new_raw[dependency] = value
        by_key = previous.by_key
        for key, found in added.items():
            by_key[key] = (*by_key.get(key, ()), *dict.fromkeys(found))
        calls_of, site_wide = _call_index(new_calls, values, previous)
    return RenderState(
        environment=environment,
        pages=records,
        values=new_values,
        renderer=renderer,
        calls=kept_calls,
        entities=entities,
        by_key=by_key,
        calls_of=calls_of,
        site_wide_calls=site_wide,
        order=tuple(pages),
        in_order=tuple(in_order),
        stale=stale,
        raw=new_raw,
    )


def _call_index(
    calls: Mapping[Key, tuple[Any, ...]], values: Values, previous: RenderState | None = None
) -> tuple[dict[Key, tuple[Key, ...]], tuple[Key, ...]]:
    """For each entity, the helper calls that were given it; and the calls that read the whole site
    (added to those of ``previous`` when given)."""
    grouped: dict[Key, list[Key]] = {}
    site_wide: list[Key] = list(previous.site_wide_calls) if previous is not None else []
    for key in calls:
        _, name, specs = key
        assert isinstance(name, str) and isinstance(specs, tuple)
        if not values.local(name):
            site_wide.append(key)
            continue
        for spec in specs:
            if spec.kind == "entity":
                grouped.setdefault(spec.value, []).append(key)
    if previous is None:
        return {key: tuple(found) for key, found in grouped.items()}, tuple(site_wide)
    calls_of = previous.calls_of
    for key, found in grouped.items():
        calls_of[key] = (*calls_of.get(key, ()), *found)
    return calls_of, tuple(dict.fromkeys(site_wide))


def _reuse_pages(pages: list[Page], before: Mapping[Key, Any], order: tuple[Page, ...] = ()) -> list[Page]:
    """``pages`` with each page that equals the previous one of its address (same texts, the very same
    model objects) replaced by that previous object, so its dependencies are known to be unchanged
    (``order``: the previous pages in order; a page that is the very object at its place there is kept)."""
    reused: list[Page] = []
    aligned = len(order)
    for index, page in enumerate(pages):
        if index < aligned and order[index] is page:
            reused.append(page)
            continue
        old = before.get(("page", page.url))
        if old is page:  # planned again from the same wijk (see plan_pages' memo)
            reused.append(page)
            continue
        if (
            type(old) is Page
            and old.wijk is page.wijk
            and old.collective is page.collective
            and old.item is page.item
            and (old.kind, old.title, old.template, old.topic, old.part, old.parts)
            == (page.kind, page.title, page.template, page.topic, page.part, page.parts)
        ):
            page = old
        reused.append(page)
    return reused
