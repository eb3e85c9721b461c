"""The render stage: Jinja2 environment, interface strings, filters; pages to HTML text."""

from __future__ import annotations

import datetime as dt
import re
import traceback
from dataclasses import dataclass
from functools import partial
from importlib import resources
from pathlib import Path
from types import SimpleNamespace
from typing import Any, ClassVar

import jinja2
import jinja2.filters
import jinja2.runtime
import jinja2.tests
from babel.dates import format_date
from markupsafe import Markup, escape

from wijkgen.errors import Problem
from wijkgen.i18n.catalogue import MissingText, catalogue, locale, number, text
from wijkgen.model.entities import Site, ended_before
from wijkgen.render.pages import LIMITS, Page, need_url, relative_url, url_for, value_url
from wijkgen.render.pictures import Pictures


def theme_dir() -> Path:
    """The built-in theme: shipped inside the package, or ``templates/`` next to it in a source checkout."""
    packaged = Path(str(resources.files("wijkgen").joinpath("theme")))
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "templates"


class TemplateProblem(Exception):
    """A template failed; carries the located problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.args.get("detail", problem.args.get("key", "")))
        self.problem = problem


def template_dirs(project_root: Path) -> list[Path]:
    """Where templates are looked up, first match wins: the project's ``templates/``, then the theme."""
    dirs = [project_root / "templates", theme_dir()]
    unique: list[Path] = []
    for d in dirs:
        if d.is_dir() and d.resolve() not in [u.resolve() for u in unique]:
            unique.append(d)
    return unique


def breakable(address: str) -> Markup:
    """An e-mail or web address as HTML that may break only after ``@`` or ``/`` and before a dot, so that a
    narrow column shows "info@<wbr>buurt<wbr>.example<wbr>.org" rather than "info@buurt.example.o / rg"."""
    escaped = str(escape(address))
    marked = re.sub(r"(@|/+)", r"\1<wbr>", escaped)
    return Markup(re.sub(r"(?<=\w)\.(?=\w)", "<wbr>.", marked))


def tracks_result(name: str, func: Any, site_wide: bool = False) -> Any:
    """Mark ``func`` (the template global ``name``, or ``picture.method``) as pure: a page that calls it
    depends on what it returns for the same arguments, not on everything it was given (the live
    preview's incremental render reads the mark). Besides its
    arguments it may read the settings and the framework; ``site_wide`` says it reads the rest of the
    site as well (every wijk, say), so unchanged arguments do not mean an unchanged result."""
    func.tracks_result = name
    func.site_wide = site_wide
    return func


_SITE_WIDE_PICTURES = frozenset({"progress_matrix"})  # pictures that read every wijk, not only their arguments


@dataclass(frozen=True)
class PageLink:
    """``link(target)`` in a template: the address of a model object's page, relative to the page ``here``.

    A value rather than a closure, so that a helper call given it can be compared and kept between builds.
    """

    here: str
    reads_keys_only: ClassVar[bool] = True  # an address depends on slugs only

    def __call__(self, target: Any) -> str:
        """The relative address of ``target``'s page."""
        return relative_url(self.here, url_for(target))


class Renderer:
    """Renders pages of one site with one Jinja2 environment."""

    def __init__(
        self, site: Site, project_root: Path, environment: type[jinja2.Environment] = jinja2.Environment
    ) -> None:
        """``environment``: the kind of Jinja environment (the live preview's records what pages read)."""
        self.site = site
        self.dirs = template_dirs(project_root)
        language = site.config.language
        strings = catalogue(language)
        site_locale = locale(language)
        self.env = environment(
            loader=jinja2.FileSystemLoader([str(d) for d in self.dirs]),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            auto_reload=False,  # changed templates get a new Renderer (incremental.environment_fingerprint)
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )

        def t(key: str, **kwargs: Any) -> str:
            return text(key, language, kwargs)

        def label(group: str, value: Any) -> str:
            key = f"{group}.{getattr(value, 'value', value)}"
            return strings.get(key, str(getattr(value, "value", value)))

        def date(value: dt.date) -> str:
            return str(format_date(value, format="long", locale=site_locale))

        def in_words(value: float | int) -> str:
            return number(value, language)

        self.env.globals.update(t=t, label=label, list_limits=LIMITS)
        self.env.filters.update(date=date, number=in_words, breakable=breakable)
        self._pictures = partial(Pictures, t=t, label=label, number=in_words, date=date)
        self._bind(site)

    def _bind(self, site: Site) -> None:
        """Point every site-dependent global at ``site``."""
        self.site = site
        pictures = self._pictures(site)
        methods = {name: getattr(pictures, name) for name in dir(pictures) if not name.startswith("_")}
        self.env.globals.update(
            site=site,
            picture=SimpleNamespace(**{
                name: tracks_result(f"picture.{name}", partial(member), name in _SITE_WIDE_PICTURES)
                if callable(member) else member
                for name, member in methods.items()
            }),
            value_url=tracks_result("value_url", partial(value_url, site.framework)),
            need_url=tracks_result("need_url", partial(need_url, site.framework)),
            # an event counts as past against the build date (a setting), never the clock
            is_past=tracks_result("is_past", partial(ended_before, today=site.config.build_date)),
        )

    def add_globals(self, **values: Any) -> None:
        """Make more names available to every template (helpers of the output modules, the page list)."""
        self.env.globals.update(values)

    def use_site(self, site: Site) -> None:
        """Render another version of the site with the same templates and settings."""
        self._bind(site)

    def render(self, page: Page) -> str:
        """The HTML of ``page``; template mistakes raise :class:`TemplateProblem` with their place."""
        context: dict[str, Any] = {"page": page, "link": PageLink(page.url)}
        if page.wijk is not None:
            context["wijk"] = page.wijk
        if page.collective is not None:
            context["collective"] = page.collective
        if page.item is not None:
            context["item"] = page.item
        if page.topic:
            context["topic"] = page.topic
        try:
            return self.env.get_template(page.template).render(context)
        except jinja2.TemplateSyntaxError as err:
            raise TemplateProblem(
                Problem(
                    err.filename or page.template,
                    err.lineno or 1,
                    1,
                    "template.error",
                    {"detail": err.message or str(err)},
                )
            ) from err
        except (jinja2.UndefinedError, MissingText, jinja2.TemplateError) as err:
            file, line = _template_place(err, self.dirs, page.template)
            args = {"detail_code": "template.missing_text", "key": err.args[0]} if isinstance(err, MissingText) else {
                "detail": str(err)}
            raise TemplateProblem(Problem(file, line, 1, "template.error", args)) from err

    def static_files(self) -> dict[str, Path]:
        """Static assets by output path; a project's ``templates/static`` file replaces the theme's."""
        found: dict[str, Path] = {}
        for d in reversed(self.dirs):
            static = d / "static"
            if static.is_dir():
                for path in sorted(static.rglob("*")):
                    if path.is_file() and not path.name.startswith("."):
                        found[f"static/{path.relative_to(static).as_posix()}"] = path
        return dict(sorted(found.items()))


def _template_place(err: BaseException, dirs: list[Path], fallback: str) -> tuple[str, int]:
    """The template file and line where a render error happened, from Jinja's rewritten traceback."""
    place = (fallback, 1)
    for frame in traceback.extract_tb(err.__traceback__):
        if frame.filename.endswith((".html", ".xml", ".txt")) and frame.lineno:
            place = (frame.filename, frame.lineno)
    return place
