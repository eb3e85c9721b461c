"""The render stage: Jinja2 environment, interface strings, filters; pages to HTML text."""

from __future__ import annotations

import datetime as dt
import traceback
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from babel.dates import format_date
from babel.numbers import format_decimal

from wijkgen.errors import Problem
from wijkgen.model import Site
from wijkgen.pages import Page, need_url, relative_url, url_for, value_url
from wijkgen.pictures import Pictures
from wijkgen.strings import interface_strings

_LOCALES = {"nl": "nl_NL", "en": "en_GB"}


def theme_dir() -> Path:
    """The built-in theme: shipped inside the package, or ``templates/`` next to it in a source checkout."""
    packaged = Path(str(resources.files("wijkgen").joinpath("theme")))
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "templates"


class MissingString(KeyError):
    """A template asked for an interface string that the translation file lacks."""


class TemplateProblem(Exception):
    """A template failed; carries the located problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.args.get("detail", ""))
        self.problem = problem


def template_dirs(project_root: Path) -> list[Path]:
    """Where templates are looked up, first match wins: the project's ``templates/``, then the theme."""
    dirs = [project_root / "templates", theme_dir()]
    unique: list[Path] = []
    for d in dirs:
        if d.is_dir() and d.resolve() not in [u.resolve() for u in unique]:
            unique.append(d)
    return unique


class Renderer:
    """Renders pages of one site with one Jinja2 environment."""

    def __init__(self, site: Site, project_root: Path) -> None:
        self.site = site
        self.dirs = template_dirs(project_root)
        language = site.config.language
        strings = interface_strings(language)
        locale = _LOCALES.get(language, "nl_NL")
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(d) for d in self.dirs]),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )

        def t(key: str, **kwargs: Any) -> str:
            if key not in strings:
                raise MissingString(key)
            return strings[key].format(**kwargs) if kwargs else strings[key]

        def label(group: str, value: Any) -> str:
            key = f"{group}.{getattr(value, 'value', value)}"
            return strings.get(key, str(getattr(value, "value", value)))

        def date(value: dt.date) -> str:
            return str(format_date(value, format="long", locale=locale))

        def number(value: float | int) -> str:
            return str(format_decimal(value, locale=locale))

        self.env.globals.update(site=site, t=t, label=label)
        self.env.globals.update(
            picture=Pictures(site, t, label, number, date),
            value_url=lambda value: value_url(site.framework, value),
            need_url=lambda kind: need_url(site.framework, kind),
        )
        self.env.filters.update(date=date, number=number)

    def add_globals(self, **values: Any) -> None:
        """Make more names available to every template (helpers of the output modules, the page list)."""
        self.env.globals.update(values)

    def render(self, page: Page) -> str:
        """The HTML of ``page``; template mistakes raise :class:`TemplateProblem` with their place."""
        here = page.url

        def link(target: Any) -> str:
            return relative_url(here, url_for(target))

        context: dict[str, Any] = {"page": page, "link": link}
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
        except (jinja2.UndefinedError, MissingString, jinja2.TemplateError) as err:
            file, line = _template_place(err, self.dirs, page.template)
            detail = f"interface string '{err.args[0]}' ontbreekt" if isinstance(err, MissingString) else str(err)
            raise TemplateProblem(Problem(file, line, 1, "template.error", {"detail": detail})) from err

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
