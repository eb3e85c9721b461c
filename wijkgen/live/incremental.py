"""Incremental rendering: re-render only the pages whose inputs changed since the previous render.

While a page renders, its templates' reads are recorded (see
:class:`wijkgen.live.recording.RecordingEnvironment`). A read on a model *entity* (the
site, a wijk, a collective, a news item, a page) becomes a dependency
``(entity key, attribute)``. Its *fingerprint* is the value read, with nested
entities replaced by their keys: ``wijk.collectives`` is the list of collective
keys, so a collective's own fields are dependencies only of the pages that read
them. An entity handed whole to a function counts as read whole (``"*"``).

On the next render, a page is rendered again when its environment (templates,
interface strings, config, wijkgen version) changed, when it is new, or when one
of its dependencies has a different fingerprint in the new model; otherwise its
previous output stands. Pages whose new output is byte-identical to the old are
not handed to ``write``. The functions here are pure apart from reading the
template folders and calling ``write``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import inspect
import json
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import jinja2

from wijkgen import __version__
from wijkgen.i18n.catalogue import catalogue
from wijkgen.live.recording import RESULT, HelperCall, Read, RecordingEnvironment, render_recording
from wijkgen.model.entities import Collective, NewsItem, Site, Wijk
from wijkgen.outputs.files import template_helpers
from wijkgen.render.pages import Page, PagePlan
from wijkgen.render.templates import Renderer, template_dirs

# What an entity is known by across renders: ("collectief", wijk slug, slug), ("page", url), …
Key = tuple[Hashable, ...]


class Dependency(NamedTuple):
    """What a page read: an attribute of the entity with ``key`` (``*``: all of it; ``=``: a helper call's result)."""

    key: Key
    attribute: str


class Argument(NamedTuple):
    """One argument of a recorded helper call: an entity by its key, or any other value by its fingerprint."""

    kind: str  # "entity" or "value"
    value: Hashable
WHOLE = "*"
_MISSING: tuple[str] = ("missing",)


def entity_key(obj: Any) -> Key | None:
    """The stable key of a model entity, or None for values (which are compared by content)."""
    kind = type(obj)
    if kind is Collective:
        return ("collectief", obj.wijk_slug, obj.slug)
    if kind is Wijk:
        return ("wijk", obj.slug)
    if kind is NewsItem:
        return ("nieuws", obj.wijk_slug, obj.slug)
    if kind is Page:
        return ("page", obj.url)
    if kind is Site:
        return ("site",)
    if kind is PagePlan:
        return ("plan",)
    return None


ENTITY_TYPES: frozenset[type] = frozenset({Collective, Wijk, NewsItem, Page, Site, PagePlan})
_FIELDS: dict[type, tuple[str, ...]] = {}


def fingerprint(value: Any, deep: bool = False) -> Hashable:
    """A comparable picture of ``value``: nested entities become their keys unless ``deep``."""
    if not deep:
        key = entity_key(value)
        if key is not None:
            return ("ref", *key)
    kind = type(value)
    if kind in (str, int, float, bool, type(None)):
        return (kind.__name__, value)
    if isinstance(value, str):  # Markup and other text
        return (kind.__name__, str(value))
    if isinstance(value, (tuple, list)):
        return (kind.__name__, tuple(fingerprint(v, deep) for v in value))
    if isinstance(value, Mapping):
        return ("map", tuple(sorted((str(k), fingerprint(v, deep)) for k, v in value.items())))
    if isinstance(value, enum.Enum):
        return ("enum", kind.__name__, value.value)
    if isinstance(value, (dt.date, dt.datetime)):
        return (kind.__name__, value.isoformat())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _FIELDS.get(kind)
        if names is None:
            names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(value))
        return (kind.__name__, tuple(fingerprint(getattr(value, n), deep) for n in names))
    if isinstance(value, jinja2.Undefined):
        return ("undefined",)
    if inspect.ismethod(value):  # a method of a model object may read all of it
        return ("method", value.__name__, fingerprint(value.__self__, deep=True))
    return ("other", kind.__name__, repr(value))


@dataclass(frozen=True)
class PageRecord:
    """What one rendered page depended on, and a digest of its output."""

    identity: Hashable
    dependencies: frozenset[Dependency]
    digest: bytes


@dataclass(frozen=True)
class RenderState:
    """Everything needed to render the next version of a site incrementally."""

    environment: str
    pages: Mapping[str, PageRecord]
    values: Mapping[Dependency, Hashable]
    renderer: Renderer
    calls: Mapping[Key, tuple[Any, ...]]
    entities: Mapping[Key, Any] = dataclasses.field(default_factory=dict)
    by_key: Mapping[Key, tuple[Dependency, ...]] = dataclasses.field(default_factory=dict)
    calls_of: Mapping[Key, tuple[Key, ...]] = dataclasses.field(default_factory=dict)  # entity → calls given it
    site_wide_calls: tuple[Key, ...] = ()  # calls whose result may change with any part of the model
    raw: Mapping[Dependency, Any] = dataclasses.field(default_factory=dict)  # lists and maps read: see _refingerprint
    stale: int = 0  # pages rendered since ``by_key`` was last computed from the page records alone


@dataclass(frozen=True)
class RenderOutcome:
    """What one incremental render did: counts, paths, and the state for the next render."""

    pages: int
    rendered: frozenset[str]
    written: frozenset[str]
    removed: frozenset[str]
    state: RenderState


def environment_fingerprint(site: Site, template_dirs: Iterable[Path]) -> str:
    """A digest of everything every page depends on: templates, interface strings, config, wijkgen version."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(__version__.encode())
    for folder in template_dirs:
        digest.update(b"\0dir\0" + str(folder).encode())
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(b"\0" + path.relative_to(folder).as_posix().encode() + b"\0")
                digest.update(hashlib.blake2b(path.read_bytes(), digest_size=20).digest())
    digest.update(json.dumps(dict(catalogue(site.config.language)), sort_keys=True).encode())
    digest.update(repr(fingerprint(site.config, deep=True)).encode())
    digest.update(repr(fingerprint(site.framework, deep=True)).encode())
    return digest.hexdigest()


class _Values:
    """Fingerprints of dependencies in one model, each computed once.

    Model objects are immutable, so an entity that is the very object of the previous model (``serve``
    keeps unchanged wijken, see :class:`~wijkgen.live.memo.AssemblyMemo`) still has every fingerprint
    it had; so has a helper's result when each entity it was given is such an object.
    """

    def __init__(self, entities: Mapping[Key, Any], env: jinja2.Environment,
                 calls: dict[Key, tuple[Any, ...]], previous: RenderState | None = None) -> None:
        self.entities = entities
        self.env = env
        self.calls = calls
        self.known: dict[Dependency, Hashable] = {}
        self.raw: dict[Dependency, Any] = {}  # the lists and maps read, _NO_RAW for other values
        self.previous = previous
        self._local: dict[str, bool] = {}  # helper name → its result depends only on its arguments

    def kept(self, key: Key) -> bool:
        """True when the entity under ``key`` is the previous model's object."""
        assert self.previous is not None
        obj = self.entities.get(key, _MISSING)
        return obj is not _MISSING and self.previous.entities.get(key, _MISSING) is obj

    def local(self, name: str) -> bool:
        """True when the helper ``name`` reads only its arguments (and settings), not the rest of the model."""
        found = self._local.get(name)
        if found is None:
            head, _, method = name.partition(".")
            func = self.env.globals.get(head)
            if method:
                func = getattr(func, method, None)
            found = self._local[name] = func is not None and not getattr(func, "site_wide", True)
        return found

    def _same_call(self, key: Key) -> bool:
        """True when a helper call gets the previous model's objects and reads nothing else that may differ.

        An argument that is an entity counts by identity; any other argument by its fingerprint, in which
        nested entities are only their keys. So a helper must be given entities one by one: given a list
        of collectives, it would be taken as unchanged while those collectives change (none is, today).
        """
        _, name, specs = key
        assert isinstance(name, str) and isinstance(specs, tuple)
        if not self.local(name):
            return False
        return all(spec.kind != "entity" or self.kept(spec.value) for spec in specs)

    def get(self, dependency: Dependency) -> Hashable:
        found = self.known.get(dependency)
        if found is None:
            key, attribute = dependency
            if self.previous is not None and dependency in self.previous.values and (
                self._same_call(key) if attribute == RESULT else self.kept(key)
            ):
                found = self.previous.values[dependency]
                self.known[dependency] = found
                return found
            obj = self.entities.get(key, _MISSING)
            if attribute == RESULT:
                found = _call_result(self.env, self.entities, key, self.calls.get(key, ()))
            elif obj is _MISSING:
                found = _MISSING
                self.raw[dependency] = _NO_RAW  # the list it had is no longer what its fingerprint says
            elif attribute == WHOLE:
                found = fingerprint(obj, deep=True)
            else:
                value = jinja2.Environment.getattr(self.env, obj, attribute)
                before = self.previous.raw.get(dependency, _NO_RAW) if self.previous is not None else _NO_RAW
                if before is not _NO_RAW and dependency in self.previous.values:  # type: ignore[union-attr]
                    found = _refingerprint(value, before, self.previous.values[dependency])  # type: ignore[union-attr]
                else:
                    found = fingerprint(value)
                self.raw[dependency] = value if type(value) in _CONTAINERS else _NO_RAW
            self.known[dependency] = found
        return found


_NO_RAW = object()
_CONTAINERS = (list, tuple, dict)  # kept to be compared part by part next time (see _refingerprint)


def _refingerprint(new: Any, old: Any, old_fingerprint: Any) -> Hashable:
    """``fingerprint(new)``, reusing the fingerprint ``old`` had for every part of ``new`` that is the very
    object it was in ``old`` (model objects are never changed once built): a big list in which one item
    changed costs one item's fingerprint, not the whole list's."""
    if new is old:
        return old_fingerprint  # type: ignore[no-any-return]
    kind = type(new)
    if kind is type(old):
        if (kind is list or kind is tuple) and len(new) == len(old):
            return (kind.__name__, tuple(map(_refingerprint, new, old, old_fingerprint[1])))
        if kind is dict:
            before = dict(old_fingerprint[1])
            return ("map", tuple(sorted(
                (str(k), _refingerprint(v, old.get(k, _NO_RAW), before.get(str(k)))) for k, v in new.items()
            )))
    return fingerprint(new)


def _dependencies(reads: Iterable[Read], calls: dict[Key, tuple[Any, ...]]) -> frozenset[Dependency]:
    """The dependencies of one page from its reads; helper calls are noted in ``calls`` with their arguments."""
    keys: dict[int, Key | None] = {}
    found: set[Dependency] = set()
    for obj, attribute in reads:
        if type(obj) is HelperCall:
            specs = tuple(
                Argument("entity", k) if (k := entity_key(a)) is not None else Argument("value", fingerprint(a))
                for a in obj.args
            )
            call_key: Key = ("call", obj.name, specs)
            calls.setdefault(call_key, obj.args)
            found.add(Dependency(call_key, RESULT))
            continue
        key = keys.get(id(obj))
        if key is None:
            key = keys[id(obj)] = entity_key(obj)
        if key is not None:
            found.add(Dependency(key, attribute))
    return frozenset(found)


def _call_result(env: jinja2.Environment, entities: Mapping[Key, Any], key: Key, args: tuple[Any, ...]) -> Hashable:
    """What a helper call returns in the model of ``entities``: entity arguments are looked up anew by key,
    other arguments are the values the page passed (they came from reads that are dependencies themselves)."""
    _, name, specs = key
    assert isinstance(name, str) and isinstance(specs, tuple)
    resolved: list[Any] = []
    for spec, arg in zip(specs, args, strict=True):
        if spec.kind == "entity":
            if spec.value not in entities:
                return _MISSING
            arg = entities[spec.value]
        resolved.append(arg)
    head, _, method = name.partition(".")
    func = env.globals.get(head)
    if method:
        func = getattr(func, method, None)
    if not callable(func):
        return _MISSING
    try:
        result: Hashable = fingerprint(func(*resolved), deep=True)
    except Exception as err:  # a helper failing on the new model is a change; the render will report it
        return ("error", type(err).__name__, str(err))
    return result


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
    and apply them only when this returns.
    """
    environment = environment_fingerprint(site, template_dirs(project_root))
    if previous is not None and previous.environment == environment:
        renderer = previous.renderer
        renderer.use_site(site)
    else:
        renderer = Renderer(site, project_root, RecordingEnvironment)
        previous = None
    if previous is not None:
        pages = _reuse_pages(pages, previous.entities)
    helpers = template_helpers(site, pages)
    renderer.add_globals(**helpers)
    calls: dict[Key, tuple[Any, ...]] = dict(previous.calls) if previous is not None else {}
    entities, moved = _entities_since(previous.entities if previous is not None else {}, site, pages,
                                      helpers["site_pages"])
    values = _Values(entities, renderer.env, calls, previous)
    changed: set[Dependency] = set()
    if previous is not None:  # only what is not the previous model's very object can have changed
        for key in _suspects(moved, previous):
            group = previous.by_key.get(key, ())
            changed.update(d for d in group if values.get(d) != previous.values[d])
    records: dict[str, PageRecord] = {}
    rendered: set[str] = set()
    written: set[str] = set()
    before_pages = previous.entities if previous is not None else {}
    for done, page in enumerate(pages, start=1):
        path = page.output_path
        old = previous.pages.get(path) if previous is not None else None
        reused = old is not None and before_pages.get(("page", page.url)) is page  # see _reuse_pages
        identity = old.identity if old is not None and reused else _identity(page)
        if old is not None and old.identity == identity and old.dependencies.isdisjoint(changed):
            records[path] = old  # its dependencies are among the previous ones, computed above
        else:
            html, reads = render_recording(renderer, page, ENTITY_TYPES)
            data = html.encode("utf-8")
            digest = hashlib.blake2b(data, digest_size=20).digest()
            dependencies = _dependencies(reads, calls)
            for dependency in dependencies:
                values.get(dependency)
            records[path] = PageRecord(identity=identity, dependencies=dependencies, digest=digest)
            rendered.add(path)
            if old is None or old.digest != digest:
                write(path, data)
                written.add(path)
        if progress is not None:
            progress(done, len(pages))
    removed = frozenset(previous.pages.keys() - records.keys()) if previous is not None else frozenset()
    state = _next_state(environment, renderer, records, rendered, values, calls, entities, previous, len(pages))
    return RenderOutcome(
        pages=len(pages), rendered=frozenset(rendered), written=frozenset(written), removed=removed, state=state
    )


def _suspects(moved: set[Key], previous: RenderState) -> set[Key]:
    """The keys whose dependencies may have new fingerprints: the entities that are not the previous model's
    objects (or are gone), the helper calls given such an entity, and every call that reads the whole site."""
    found = set(moved)
    for key in moved:
        found.update(previous.calls_of.get(key, ()))
    found.update(previous.site_wide_calls)
    return found


def _entities_since(
    before: Mapping[Key, Any], site: Site, pages: list[Page], plan: PagePlan
) -> tuple[dict[Key, Any], set[Key]]:
    """The entities of the new model, from those of the previous one (``before``; empty for a first render),
    and the keys whose object is not the previous one or is gone. A wijk that is the very same object has
    the very same collectives and news (the model is immutable), so only the wijken that are not are
    looked into, and the pages."""
    entities = dict(before)
    moved: set[Key] = set()

    def put(key: Key, obj: Any) -> None:
        if entities.get(key, _MISSING) is not obj:
            entities[key] = obj
            moved.add(key)

    def drop(key: Key) -> None:
        if entities.pop(key, _MISSING) is not _MISSING:
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
    for page in pages:
        key = ("page", page.url)
        if before.get(key, _MISSING) is not _MISSING:
            seen += 1
        put(key, page)
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
    values: _Values,
    calls: dict[Key, tuple[Any, ...]],
    entities: dict[Key, Any],
    previous: RenderState | None,
    page_count: int,
) -> RenderState:
    """The state for the next render. Usually the previous one extended with what the pages rendered now
    depend on; a dependency no page has any more stays (its fingerprint is kept up to date like the
    others, so it is never wrong). Once a tenth of the pages has been rendered since, or on a first
    render, it is computed afresh from the page records alone."""
    stale = (previous.stale if previous is not None else 0) + len(rendered)
    if previous is None or stale > max(64, page_count // 10):
        used = {dependency for record in records.values() for dependency in record.dependencies}
        before = previous.values if previous is not None else {}
        known = values.known
        new_values = {d: known[d] if d in known else before[d] for d in used}
        before_raw = previous.raw if previous is not None else {}
        new_raw = {d: r for d, r in ((d, values.raw.get(d, before_raw.get(d, _NO_RAW))) for d in used)
                   if r is not _NO_RAW}
        grouped: dict[Key, list[Dependency]] = {}
        for dependency in used:
            grouped.setdefault(dependency.key, []).append(dependency)
        by_key = {key: tuple(found) for key, found in grouped.items()}
        kept_calls = {k: v for k, v in calls.items() if k in by_key}
        calls_of, site_wide = _call_index(kept_calls, values)
        stale = 0
    else:
        new_values = dict(previous.values)
        new_values.update(values.known)
        new_raw = dict(previous.raw)
        for dependency, value in values.raw.items():
            if value is _NO_RAW:
                new_raw.pop(dependency, None)
            else:
                new_raw[dependency] = value
        added: dict[Key, list[Dependency]] = {}
        for path in rendered:
            for dependency in records[path].dependencies:
                if dependency not in previous.values:
                    added.setdefault(dependency.key, []).append(dependency)
        by_key = dict(previous.by_key)
        for key, found in added.items():
            by_key[key] = (*by_key.get(key, ()), *dict.fromkeys(found))
        kept_calls = calls
        new_calls = {k: calls[k] for k in added if k[0] == "call" and k not in previous.by_key}
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
        stale=stale,
        raw=new_raw,
    )


def _call_index(
    calls: Mapping[Key, tuple[Any, ...]], values: _Values, previous: RenderState | None = None
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
    calls_of = dict(previous.calls_of)
    for key, found in grouped.items():
        calls_of[key] = (*calls_of.get(key, ()), *found)
    return calls_of, tuple(dict.fromkeys(site_wide))


def _reuse_pages(pages: list[Page], before: Mapping[Key, Any]) -> list[Page]:
    """``pages`` with each page that equals the previous one of its address (same texts, the very same
    model objects) replaced by that previous object, so its dependencies are known to be unchanged."""
    reused: list[Page] = []
    for page in pages:
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


def _identity(page: Page) -> Hashable:
    """What makes a page the same page: its kind, template and the objects it is about (by key)."""
    return tuple(fingerprint(getattr(page, f.name)) for f in dataclasses.fields(page))
