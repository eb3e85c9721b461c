"""Project settings: ``wijkgen.yaml`` as plain data (its framework completes the content schemas)."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

from wijkgen.errors import ProjectError
from wijkgen.i18n.catalogue import supported
from wijkgen.schema.framework import Framework, framework_from

CONFIG_FILE = "wijkgen.yaml"


@dataclass(frozen=True)
class Beheer:
    """Where the browser editor (``/beheer/``) saves: ``beheer:`` of wijkgen.yaml."""

    platform: str  # "github" or "gitlab"
    repository: str  # owner/name
    branch: str
    review: bool  # changes become pull/merge requests (the CMS's editorial workflow) instead of commits on the branch
    app_id: str = ""  # GitLab: the application ID for PKCE sign-in
    auth_url: str = ""  # the sign-in service (GitHub: an OAuth client; GitLab: a server of one's own)
    api_url: str = ""  # the API of a server of one's own


@dataclass(frozen=True)
class RawConfig:
    """The validated settings as plain data, before Markdown is rendered."""

    title: str
    description: str
    language: str
    base_url: str
    example_content: bool
    framework: Framework
    beheer: Beheer | None = None  # None: no hosted editor; `wijkgen serve` still offers the local one
    search: bool = True  # ``zoeken: nee``: a site without the search index


def config_from(data: dict[str, Any] | None) -> RawConfig:
    """Settings from validated wijkgen.yaml data; falls back to defaults for what is missing."""
    data = data if isinstance(data, dict) else {}
    kader = data.get("kader") if isinstance(data.get("kader"), dict) else None
    language = language_of(data)
    base_url = _as_folder(str(data.get("basis_url", "")))
    return RawConfig(
        title=str(data.get("titel", "")),
        description=str(data.get("beschrijving", "")),
        language=language,
        base_url=base_url,
        example_content=bool(data.get("voorbeeldinhoud", False)),
        framework=framework_from(kader, language),
        search=data.get("zoeken", True) is not False,
        beheer=_beheer(data.get("beheer")),
    )


def _beheer(data: Any) -> Beheer | None:
    """The editor settings from a validated ``beheer:`` block; None without one."""
    if not isinstance(data, dict):
        return None
    return Beheer(
        platform=str(data.get("platform", "github")),
        repository=str(data.get("repository", "")),
        branch=str(data.get("tak", "main")),
        review=data.get("werkwijze", "direct") == "review",
        app_id=str(data.get("app_id", "")),
        auth_url=str(data.get("aanmeld_url", "")),
        api_url=str(data.get("api_url", "")),
    )


def language_of(data: Any) -> str:
    """The language that wijkgen.yaml data asks for with ``taal:``; Dutch when it names none wijkgen has.

    It reads only ``taal``, so a config with a mistake elsewhere still gets its messages in its language.
    """
    return supported(data.get("taal") if isinstance(data, dict) else None)


def _as_folder(url: str) -> str:
    """``url`` ending in a slash: the site is a folder, and page addresses are appended to it."""
    return url + "/" if url and not url.endswith("/") else url


# What a web address given on the command line must look like: http(s), a host, no spaces, no query or fragment
# (page addresses are appended to it).
_BASE_URL = re.compile(r"^https?://[^\s/?#]+(/[^\s?#]*)?$")


def with_base_url(config: RawConfig, url: str | None) -> RawConfig:
    """``config`` with ``url`` in place of its ``basis_url`` (``--basis-url`` of a build); ``config`` itself when
    ``url`` is None or empty (as a CI variable that the platform left unset). Raises :class:`ProjectError` for an
    address that is not a full http(s) address."""
    if not url:
        return config
    if not _BASE_URL.match(url):
        raise ProjectError("project.bad_base_url", url=url)
    return dataclasses.replace(config, base_url=_as_folder(url))
