"""What a rendered page depends on, as values that can be compared across renders and kept between builds.

While a page renders, its templates' reads are recorded (see
:class:`wijkgen.render.recording.RecordingEnvironment`). A read on a model *entity* (the
site, a wijk, a collective, a news item, a page) becomes a dependency
``(entity key, attribute)``. Its *fingerprint* is the value read, with nested
entities replaced by their keys: ``wijk.collectives`` is the list of collective
keys, so a collective's own fields are dependencies only of the pages that read
them. An entity handed whole to a function counts as read whole (``"*"``).

``wijkgen serve`` keeps these in memory (:mod:`wijkgen.live.incremental`); the command-line build keeps
them in the build cache (:mod:`wijkgen.speed.build`). Both render again exactly the pages whose
dependencies have a different fingerprint in the new model.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import inspect
import json
import pickle
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, Protocol

import jinja2

from wijkgen import __version__
from wijkgen.i18n.catalogue import catalogue
from wijkgen.model.entities import Collective, NewsItem, Site, Wijk
from wijkgen.outputs.beheer import FOLDER as EDITOR_FOLDER
from wijkgen.render.pages import Page, PagePlan
from wijkgen.render.recording import RESULT, HelperCall, Read

# What an entity is known by across renders: ("collectief", wijk slug, slug), ("page", url), …
Key = tuple[Hashable, ...]


# What a page read: an attribute of the entity with that key (``*``: all of it; ``=``: a helper call's result).
# A plain pair, not a named tuple: hundreds of thousands are made, sent between processes and kept in the cache.
Dependency = tuple[Key, str]


class Argument(NamedTuple):
    """One argument of a recorded helper call: an entity by its key, or any other value by its fingerprint."""

    kind: str  # "entity" or "value"
    value: Hashable
WHOLE = "*"
MISSING: tuple[str] = ("missing",)


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


def environment_fingerprint(site: Site, template_dirs: Iterable[Path]) -> str:
    """A digest of everything every page depends on: templates, interface strings, config, wijkgen version
    (not the editor's files under ``beheer/``, which only the editor's own output holds)."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(__version__.encode())
    for folder in template_dirs:
        digest.update(b"\0dir\0" + str(folder).encode())
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.relative_to(folder).parts[0] != EDITOR_FOLDER:
                digest.update(b"\0" + path.relative_to(folder).as_posix().encode() + b"\0")
                digest.update(hashlib.blake2b(path.read_bytes(), digest_size=20).digest())
    digest.update(json.dumps(dict(catalogue(site.config.language)), sort_keys=True).encode())
    digest.update(repr(fingerprint(site.config, deep=True)).encode())
    digest.update(repr(fingerprint(site.framework, deep=True)).encode())
    return digest.hexdigest()


class Previous(Protocol):
    """What :class:`Values` reuses of a previous render kept in memory (``live.incremental.RenderState``)."""

    @property
    def values(self) -> Mapping[Dependency, Hashable]:
        """The fingerprint of each dependency then."""

    @property
    def entities(self) -> Mapping[Key, Any]:
        """The entities of the model then, by key."""

    @property
    def raw(self) -> Mapping[Dependency, Any]:
        """The lists and maps read then (see :func:`refingerprint`)."""


class Values:
    """Fingerprints of dependencies in one model, each computed once.

    Model objects are immutable, so an entity that is the very object of the previous model (``serve``
    keeps unchanged wijken, see :class:`~wijkgen.live.memo.AssemblyMemo`) still has every fingerprint
    it had; so has a helper's result when each entity it was given is such an object.
    """

    def __init__(self, entities: Mapping[Key, Any], env: jinja2.Environment,
                 calls: dict[Key, tuple[Any, ...]], previous: Previous | None = None) -> None:
        self.entities = entities
        self.env = env
        self.calls = calls
        self.known: dict[Dependency, Hashable] = {}
        self.raw: dict[Dependency, Any] = {}  # the lists and maps read, NO_RAW for other values
        self.previous = previous
        self._local: dict[str, bool] = {}  # helper name → its result depends only on its arguments

    def kept(self, key: Key) -> bool:
        """True when the entity under ``key`` is the previous model's object."""
        assert self.previous is not None
        obj = self.entities.get(key, MISSING)
        return obj is not MISSING and self.previous.entities.get(key, MISSING) is obj

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
            obj = self.entities.get(key, MISSING)
            if attribute == RESULT:
                found = call_result(self.env, self.entities, key, self.calls.get(key, ()))
            elif obj is MISSING:
                found = MISSING
                self.raw[dependency] = NO_RAW  # the list it had is no longer what its fingerprint says
            elif attribute == WHOLE:
                found = fingerprint(obj, deep=True)
            else:
                value = jinja2.Environment.getattr(self.env, obj, attribute)
                before = self.previous.raw.get(dependency, NO_RAW) if self.previous is not None else NO_RAW
                if before is not NO_RAW and dependency in self.previous.values:  # type: ignore[union-attr]
                    found = refingerprint(value, before, self.previous.values[dependency])  # type: ignore[union-attr]
                else:
                    found = fingerprint(value)
                self.raw[dependency] = value if type(value) in CONTAINERS else NO_RAW
            self.known[dependency] = found
        return found


NO_RAW = object()
CONTAINERS = (list, tuple, dict)  # kept to be compared part by part next time (see refingerprint)


def refingerprint(new: Any, old: Any, old_fingerprint: Any) -> Hashable:
    """``fingerprint(new)``, reusing the fingerprint ``old`` had for every part of ``new`` that is the very
    object it was in ``old`` (model objects are never changed once built): a big list in which one item
    changed costs one item's fingerprint, not the whole list's."""
    if new is old:
        return old_fingerprint  # type: ignore[no-any-return]
    kind = type(new)
    if kind is type(old):
        if (kind is list or kind is tuple) and len(new) == len(old):
            return (kind.__name__, tuple(map(refingerprint, new, old, old_fingerprint[1])))
        if kind is dict:
            before = dict(old_fingerprint[1])
            return ("map", tuple(sorted(
                (str(k), refingerprint(v, old.get(k, NO_RAW), before.get(str(k)))) for k, v in new.items()
            )))
    return fingerprint(new)


def dependencies_of(reads: Iterable[Read], calls: dict[Key, tuple[Any, ...]],
                    results: dict[Key, Any] | None = None) -> frozenset[Dependency]:
    """The dependencies of one page from its reads; helper calls are noted in ``calls`` with their arguments
    (and in ``results``, when given, with what they returned)."""
    found: set[Dependency] = set()
    by_object: dict[int, tuple[Any, set[str]]] = {}  # the reads grouped by object (by identity: hashing is dear)
    for obj, attribute in reads:
        if type(obj) is HelperCall:
            specs = tuple(
                Argument("entity", k) if (k := entity_key(a)) is not None else Argument("value", fingerprint(a))
                for a in obj.args
            )
            call_key: Key = ("call", obj.name, specs)
            calls.setdefault(call_key, obj.args)
            if results is not None:
                results.setdefault(call_key, obj.result)
            found.add((call_key, RESULT))
            continue
        entry = by_object.get(id(obj))
        if entry is None:
            entry = by_object[id(obj)] = (obj, set())
        entry[1].add(attribute)
    for obj, attributes in by_object.values():
        key = entity_key(obj)
        if key is not None:
            found.update([(key, attribute) for attribute in attributes])
    return frozenset(found)


def call_result(env: jinja2.Environment, entities: Mapping[Key, Any], key: Key, args: tuple[Any, ...]) -> Hashable:
    """What a helper call returns in the model of ``entities``: entity arguments are looked up anew by key,
    other arguments are the values the page passed (they came from reads that are dependencies themselves)."""
    _, name, specs = key
    assert isinstance(name, str) and isinstance(specs, tuple)
    resolved: list[Any] = []
    for spec, arg in zip(specs, args, strict=True):
        if type(arg) is Unportable:
            return ("unportable", object.__repr__(arg))  # never the fingerprint it had
        if spec.kind == "entity":
            if spec.value not in entities:
                return MISSING
            arg = entities[spec.value]
        resolved.append(arg)
    head, _, method = name.partition(".")
    func = env.globals.get(head)
    if method:
        func = getattr(func, method, None)
    if not callable(func):
        return MISSING
    try:
        result: Hashable = fingerprint(func(*resolved), deep=True)
    except Exception as err:  # a helper failing on the new model is a change; the render will report it
        return ("error", type(err).__name__, str(err))
    return result


def page_identity(page: Page) -> Hashable:
    """What makes a page the same page: its kind, template and the objects it is about (by key)."""
    return tuple(fingerprint(getattr(page, f.name)) for f in dataclasses.fields(page))


def entities_of(site: Site, pages: Iterable[Page], plan: PagePlan) -> dict[Key, Any]:
    """Every entity of a model by its key: the site, the page plan, each wijk, collective, news item and page."""
    found: dict[Key, Any] = {("site",): site, ("plan",): plan}
    for wijk in site.wijken:
        found[("wijk", wijk.slug)] = wijk
        for collective in wijk.collectives:
            found[("collectief", wijk.slug, collective.slug)] = collective
        for item in wijk.news:
            found[("nieuws", wijk.slug, item.slug)] = item
    for page in pages:
        found[("page", page.url)] = page
    return found


def portable_calls(calls: Mapping[Key, tuple[Any, ...]]) -> dict[Key, tuple[Any, ...]]:
    """``calls`` with each entity argument left out (``None``): :func:`call_result` finds it again by its key,
    so what remains can be kept in the build cache and sent between processes."""
    kept: dict[Key, tuple[Any, ...]] = {}
    for key, args in calls.items():
        specs = key[2]
        assert isinstance(specs, tuple)
        kept[key] = tuple(None if spec.kind == "entity" else _portable(arg)
                          for spec, arg in zip(specs, args, strict=True))
    return kept


@dataclass(frozen=True)
class Unportable:
    """An argument that cannot be kept (a closure): a call given it counts as changed in the next build."""

    kind: str


def _portable(value: Any) -> Any:
    """``value`` when it can be pickled, else an :class:`Unportable` in its place."""
    try:
        pickle.dumps(value)
    except (pickle.PicklingError, AttributeError, TypeError):
        return Unportable(type(value).__name__)
    return value
