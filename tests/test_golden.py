"""Golden output: the minimal fixture's site, compared file by file (refresh with --update-golden)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from tests.conftest import tree_bytes
from wijkgen.cli import main

GOLDEN = Path(__file__).parent / "golden" / "minimal"


def test_minimal_site_matches_golden(project: Callable[..., Path], runner: CliRunner, update_golden: bool) -> None:
    root = project("minimal")
    result = runner.invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    # Pages and data files are compared; static assets are copied verbatim from the theme, and the search
    # index is Pagefind's own output (tested in test_search.py), so neither is repeated here.
    built = {name: data for name, data in tree_bytes(root / "site").items()
             if not name.startswith(("static/", "pagefind/"))}
    if update_golden:
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(root / "site", GOLDEN, ignore=shutil.ignore_patterns("static", "pagefind"))
    golden = tree_bytes(GOLDEN)
    assert sorted(built) == sorted(golden)
    for name, data in golden.items():
        assert built[name].decode("utf-8") == data.decode("utf-8"), f"{name} differs from golden output"
