"""Helpers for tests that read a built site: build a fixture once, parse its HTML, map addresses to files."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from bs4 import BeautifulSoup

from tests.conftest import FIXTURES, REPO
from wijkgen.build import build


def build_copy(name: str, tmp: Path, extra_config: str = "") -> Path:
    """Copy fixture project ``name`` into ``tmp``, optionally add lines to its config, build it; returns site/."""
    root = tmp / name
    shutil.copytree(FIXTURES / name, root)
    if extra_config:
        config = root / "wijkgen.yaml"
        config.write_text(config.read_text(encoding="utf-8") + extra_config, encoding="utf-8")
    build(root, display_base=root)
    return root / "site"


def generator() -> Callable[..., Path]:
    """``generate(tool, out, collectives, wijken)`` of ``benchmarks/generate.py``: a deterministic synthetic project."""
    spec = importlib.util.spec_from_file_location("wijkgen_benchmark_generate", REPO / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    generate: Callable[..., Path] = module.generate
    return generate


def html(path: Path) -> BeautifulSoup:
    """The parsed HTML document at ``path``."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def html_pages(site: Path) -> list[str]:
    """Every HTML file of a built site, relative and sorted (Pagefind's own files excluded)."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if "pagefind" not in p.parts)


def page_address(rel: str) -> str:
    """The site-relative address of an HTML file: ``a/b/index.html`` → ``a/b/``, ``404.html`` stays."""
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


def resolve(site: Path, page_rel: str, href: str) -> Path:
    """The file a relative link ``href`` on page ``page_rel`` points to (a folder means its index.html)."""
    base = (site / page_rel).parent
    target = (base / href.split("#")[0].split("?")[0]).resolve()
    return target / "index.html" if target.is_dir() else target
