"""The outputs besides the rendered pages, shared by ``build`` and ``serve``: template helpers of the
output modules, the data files (feeds, open data, sitemap, robots) and the resized photos."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import partial
from pathlib import Path
from typing import Any

from wijkgen.errors import ContentError, Problem
from wijkgen.load.photos import PhotoError
from wijkgen.model.entities import Collective, NewsItem, Photo, Site, Wijk
from wijkgen.outputs import feeds, opendata, photos, seo
from wijkgen.render.pages import Page, PagePlan, url_for
from wijkgen.render.templates import tracks_result


def template_helpers(site: Site, pages: list[Page]) -> dict[str, Any]:
    """What templates get besides the model: the page list and helpers of the output modules."""
    return {
        "site_pages": PagePlan(tuple(pages)),
        "canonical": tracks_result("canonical", partial(seo.canonical, site)),
        "open_graph": tracks_result("open_graph", partial(seo.open_graph, site)),
        "json_ld": tracks_result("json_ld", partial(seo.json_ld, site)),
        "base_path": seo.base_path(site),
        "feed_url": tracks_result("feed_url", partial(feeds.feed_url)),
        "datasets": opendata.DATASETS,
        "data_url": tracks_result("data_url", partial(opendata.data_url)),
    }


def data_files(
    site: Site, pages: list[Page], strings: Mapping[str, str],
    each_wijk_data: Callable[[opendata.Dataset, Site, Wijk], opendata.WijkData] = opendata.wijk_data,
    whole: opendata.Whole = opendata.make_whole,
) -> Iterator[tuple[str, bytes]]:
    """The files beside the pages, one at a time: feeds, open data, sitemap.xml (with ``basis_url``) and
    robots.txt (``each_wijk_data`` and ``whole``: see :func:`wijkgen.outputs.opendata.open_data`; the
    sitemap is a whole-site file made of the pages' addresses)."""
    yield from feeds.feeds(site, strings).items()
    yield from opendata.open_data(site, each_wijk_data, whole)
    yield "robots.txt", seo.robots(site)
    if site.config.base_url:
        urls = (site.config.base_url, *(page.url for page in pages))
        yield "sitemap.xml", whole("sitemap.xml", urls, partial(_sitemap, site, pages))


def _sitemap(site: Site, pages: list[Page]) -> bytes:
    made = seo.sitemap(site, pages)
    assert made is not None  # there is a basis_url
    return made


def photo_files(
    site: Site, problems: list[Problem], encode: Callable[[Photo], list[tuple[str, bytes]]] = photos.encode
) -> Iterator[tuple[str, bytes]]:
    """Every photo resized, next to the page that shows it; an unreadable photo stops the build with its place.

    ``encode`` makes a photo's copies (the live preview keeps those of a photo whose file did not change).
    """
    for wijk in site.wijken:
        owners: list[Wijk | Collective | NewsItem] = [wijk, *wijk.collectives, *wijk.news]
        for owner in owners:
            shown = owner.body_photos if isinstance(owner, Wijk) else (*owner.photos, *owner.body_photos)
            for photo in shown:
                try:
                    encoded = encode(photo)
                except PhotoError as err:
                    args = err.args_for_message(Path(photo.source).name)
                    bad = Problem(photo.file, photo.line, 1, "content.bad_photo", args)
                    raise ContentError([*problems, bad]) from err
                for name, data in encoded:
                    yield url_for(owner) + name, data

