"""The typed content model: frozen dataclasses that templates receive.

Every object here is built by :mod:`wijkgen.model.assemble` from validated content.
Markdown fields are already rendered to sanitised HTML (``*_html``), wrapped
in :class:`markupsafe.Markup` so templates can print them without ``|safe``.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from markupsafe import Markup

from wijkgen.model.geo import Boundary, ContextLayer
from wijkgen.schema.framework import Framework, Step

EMPTY_HTML = Markup("")


class Status(enum.Enum):
    """How far a wijk is in one step of the framework."""

    NOT_STARTED = "niet gestart"
    IN_PROGRESS = "bezig"
    DONE = "afgerond"


@dataclass(frozen=True)
class Contact:
    """Public contact details; every field may be empty."""

    name: str = ""
    email: str = ""
    phone: str = ""
    website: str = ""
    address: str = ""

    def __bool__(self) -> bool:
        return any((self.name, self.email, self.phone, self.website, self.address))


@dataclass(frozen=True)
class Link:
    """A titled link to another site."""

    title: str
    url: str


@dataclass(frozen=True)
class KeyFigure:
    """A key figure of a wijk, with its year and source."""

    name: str
    value: float | int
    unit: str
    year: int
    source: str
    source_url: str = ""
    city_value: float | int | None = None
    example: bool = False
    earlier: tuple[tuple[int, float | int], ...] = ()  # (year, value) before ``year``, oldest first

    @property
    def series(self) -> tuple[tuple[int, float | int], ...]:
        """Every year of the figure with its value, oldest first, ending with this year's."""
        return (*self.earlier, (self.year, self.value))


@dataclass(frozen=True)
class Location:
    """Where a collective is: an address and/or coordinates."""

    address: str = ""
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class Need:
    """Something a collective needs, e.g. volunteers or space."""

    kind: str
    description: str


@dataclass(frozen=True)
class PhotoVariant:
    """One resized copy of a photo: its size in pixels and its file name next to the page that shows it."""

    width: int
    height: int
    name: str


@dataclass(frozen=True)
class Photo:
    """A photo of a collective or news item, resized at build time and stripped of all metadata.

    ``source`` is the original file; ``file`` and ``line`` say where the content
    named it, for messages. ``variants`` are ordered from narrow to wide.
    """

    source: str
    file: str
    line: int
    alt: str
    caption: str
    variants: tuple[PhotoVariant, ...]

    @property
    def default(self) -> PhotoVariant:
        """The variant used as ``src``: the widest one up to a typical content width."""
        fitting = [v for v in self.variants if v.width <= 960]
        return fitting[-1] if fitting else self.variants[0]

    @property
    def largest(self) -> PhotoVariant:
        """The widest variant, e.g. for Open Graph previews."""
        return self.variants[-1]


@dataclass(frozen=True)
class Collective:
    """A resident collective (buurtcollectief) in one wijk."""

    slug: str
    wijk_slug: str
    name: str
    kind: str
    summary: str
    values: tuple[str, ...]
    activities: tuple[str, ...]
    founded: int | None
    location: Location
    contact: Contact
    links: tuple[Link, ...]
    needs: tuple[Need, ...]
    body_html: Markup
    source: str
    photos: tuple[Photo, ...] = ()
    body_photos: tuple[Photo, ...] = ()  # the images its text shows, resized like the photos


@dataclass(frozen=True)
class Milestone:
    """A dated milestone within a step."""

    date: dt.date
    title: str
    description_html: Markup = EMPTY_HTML


@dataclass(frozen=True)
class CallToAction:
    """An invitation to take part in a step, with a link."""

    text: str
    url: str


@dataclass(frozen=True)
class StepProgress:
    """A wijk's progress in one step; steps the content omits are NOT_STARTED."""

    step: Step
    status: Status
    start: dt.date | None = None
    end: dt.date | None = None
    summary_html: Markup = EMPTY_HTML
    milestones: tuple[Milestone, ...] = ()
    collectives: tuple[Collective, ...] = ()
    call_to_action: CallToAction | None = None


@dataclass(frozen=True)
class YearFigure:
    """A figure for one year of an anchor institution's commitment."""

    year: int
    value: float | int
    unit: str
    note: str = ""
    example: bool = False


@dataclass(frozen=True)
class Commitment:
    """What an anchor institution committed to (local purchasing, hiring, space)."""

    kind: str
    description: str
    since: int | None = None
    figures: tuple[YearFigure, ...] = ()


@dataclass(frozen=True)
class Anchor:
    """An anchor institution active in a wijk."""

    slug: str
    name: str
    kind: str
    summary: str
    website: str
    commitments: tuple[Commitment, ...]


@dataclass(frozen=True)
class Event:
    """An event announced in a news item: when, where and who organises it.

    Times are local wall-clock times as the content gives them, without a time zone.
    """

    date: dt.date
    place: str
    organiser: str
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    end_date: dt.date | None = None
    address: str = ""

    @property
    def last_date(self) -> dt.date:
        """The day the event ends (the start date for a one-day event)."""
        return self.end_date or self.date


@dataclass(frozen=True)
class NewsItem:
    """A dated news item of a wijk; with ``event`` it announces an event."""

    slug: str
    wijk_slug: str
    title: str
    date: dt.date
    summary: str
    body_html: Markup
    collectives: tuple[Collective, ...]
    event: Event | None = None
    photos: tuple[Photo, ...] = ()
    body_photos: tuple[Photo, ...] = ()  # the images its text shows, resized like the photos


@dataclass(frozen=True)
class Wijk:
    """A neighbourhood with everything published about it."""

    slug: str
    name: str
    city: str
    stadsdeel: str
    municipality_code: str
    wijk_code: str
    summary: str
    intro_html: Markup
    key_figures: tuple[KeyFigure, ...]
    contact: Contact
    collectives: tuple[Collective, ...]
    progress: tuple[StepProgress, ...]
    anchors: tuple[Anchor, ...]
    news: tuple[NewsItem, ...]
    boundary_file: str = ""
    boundary: Boundary | None = None
    body_photos: tuple[Photo, ...] = ()  # the images its introduction shows, resized like photos
    layers: tuple[ContextLayer, ...] = ()  # water, green and streets beneath the boundary on its map

    @cached_property
    def steps_done(self) -> int:
        """How many steps are finished."""
        return sum(1 for p in self.progress if p.status is Status.DONE)

    @cached_property
    def current(self) -> StepProgress | None:
        """The first step in progress, else the first not finished; None when all are done."""
        for p in self.progress:
            if p.status is Status.IN_PROGRESS:
                return p
        for p in self.progress:
            if p.status is not Status.DONE:
                return p
        return None

    @cached_property
    def needs(self) -> tuple[tuple[Collective, Need], ...]:
        """Every need of every collective, in collective order."""
        return tuple((c, n) for c in self.collectives for n in c.needs)

    @cached_property
    def events(self) -> tuple[NewsItem, ...]:
        """The news items that announce an event, latest event first."""
        return _by_event_date(n for n in self.news if n.event is not None)

    @cached_property
    def needs_by_kind(self) -> Mapping[str, tuple[tuple[Collective, Need], ...]]:
        """The needs per kind (e.g. vrijwilligers), in collective order; only kinds that occur."""
        found: dict[str, list[tuple[Collective, Need]]] = {}
        for c, n in self.needs:
            found.setdefault(n.kind, []).append((c, n))
        return {kind: tuple(pairs) for kind, pairs in found.items()}

    @cached_property
    def collectives_by_value(self) -> Mapping[str, tuple[Collective, ...]]:
        """The collectives per value they create; only values that occur."""
        found: dict[str, list[Collective]] = {}
        for c in self.collectives:
            for value in c.values:
                found.setdefault(value, []).append(c)
        return {value: tuple(cs) for value, cs in found.items()}

    @cached_property
    def value_entries(self) -> Mapping[str, tuple[Wijk, tuple[Collective, ...]]]:
        """This wijk's entry in the site's list of each value (see :attr:`Site.collectives_by_value`): one
        object per wijk and value, so the live preview finds an unchanged wijk's entries unchanged by identity."""
        return {value: (self, found) for value, found in self.collectives_by_value.items()}

    @cached_property
    def need_entries(self) -> Mapping[str, tuple[Wijk, tuple[tuple[Collective, Need], ...]]]:
        """This wijk's entry in the site's list of each kind of need (see :attr:`value_entries`)."""
        return {kind: (self, found) for kind, found in self.needs_by_kind.items()}

    def needs_of_kind(self, kind: str) -> tuple[tuple[Collective, Need], ...]:
        """The needs of one kind (e.g. vrijwilligers), in collective order."""
        return self.needs_by_kind.get(kind, ())

    def collectives_creating(self, value: str) -> tuple[Collective, ...]:
        """The collectives that create ``value``."""
        return self.collectives_by_value.get(value, ())

    @cached_property
    def mapped(self) -> tuple[Collective, ...]:
        """Collectives with coordinates, in the order they are numbered on the map."""
        return tuple(c for c in self.collectives if c.location.lat is not None and c.location.lon is not None)

    @cached_property
    def unmapped(self) -> tuple[Collective, ...]:
        """Collectives without coordinates (an address only, or no location at all)."""
        return tuple(c for c in self.collectives if c.location.lat is None or c.location.lon is None)


@dataclass(frozen=True)
class SiteConfig:
    """The project settings from wijkgen.yaml."""

    title: str
    description_html: Markup = EMPTY_HTML
    language: str = "nl"
    base_url: str = ""
    example_content: bool = False
    build_date: dt.date | None = None  # "today" for the build: SOURCE_DATE_EPOCH or the last commit, not the clock
    search: bool = True  # the site has a search index (``zoeken:`` in wijkgen.yaml)


@dataclass(frozen=True)
class Site:
    """The whole published model: settings, framework and every wijk."""

    config: SiteConfig
    framework: Framework
    wijken: tuple[Wijk, ...] = field(default=())


    @cached_property
    def news(self) -> tuple[NewsItem, ...]:
        """Every news item of every wijk, newest first (ties in wijk and file order)."""
        items = [n for w in self.wijken for n in w.news]
        return tuple(sorted(items, key=lambda n: (n.date, n.wijk_slug, n.slug), reverse=True))

    @cached_property
    def events(self) -> tuple[NewsItem, ...]:
        """Every news item that announces an event, latest event first."""
        return _by_event_date(n for w in self.wijken for n in w.news if n.event is not None)

    @cached_property
    def collectives_by_value(self) -> Mapping[str, tuple[tuple[Wijk, tuple[Collective, ...]], ...]]:
        """For every value of the framework: per wijk (only those with any), the collectives creating it."""
        return {
            value: tuple(entry for w in self.wijken if (entry := w.value_entries.get(value)) is not None)
            for value in self.framework.values
        }

    @cached_property
    def needs_by_kind(self) -> Mapping[str, tuple[tuple[Wijk, tuple[tuple[Collective, Need], ...]], ...]]:
        """For every kind of need of the framework: per wijk (only those with any), its needs of that kind."""
        return {
            kind: tuple(entry for w in self.wijken if (entry := w.need_entries.get(kind)) is not None)
            for kind in self.framework.needs
        }

    def collectives_creating(self, value: str) -> tuple[tuple[Wijk, tuple[Collective, ...]], ...]:
        """Per wijk (only those with any), the collectives that create ``value``."""
        found = self.collectives_by_value.get(value)
        if found is None:  # a value outside the framework
            found = tuple((w, w.collectives_creating(value)) for w in self.wijken if w.collectives_creating(value))
        return found

    def needs_of_kind(self, kind: str) -> tuple[tuple[Wijk, tuple[tuple[Collective, Need], ...]], ...]:
        """Per wijk (only those with any), the needs of one kind."""
        found = self.needs_by_kind.get(kind)
        if found is None:  # a kind outside the framework
            found = tuple((w, w.needs_of_kind(kind)) for w in self.wijken if w.needs_of_kind(kind))
        return found


def _by_event_date(items: Iterable[NewsItem]) -> tuple[NewsItem, ...]:
    """News items with an event, sorted by the event's start (latest first), then wijk and slug."""

    def key(n: NewsItem) -> tuple[dt.date, dt.time, str, str]:
        assert n.event is not None
        return (n.event.date, n.event.start_time or dt.time.min, n.wijk_slug, n.slug)

    return tuple(sorted(items, key=key, reverse=True))


def ended_before(item: NewsItem, today: dt.date | None) -> bool:
    """True when ``item`` announces an event that ended before ``today`` (never when there is no date)."""
    return item.event is not None and today is not None and item.event.last_date < today
