"""The repository's own example project (content/) is valid and builds into a complete site."""

from __future__ import annotations

from tests.conftest import REPO, tree_bytes
from wijkgen.build import BuildResult, load_and_assemble


def test_example_content_is_valid() -> None:
    result = load_and_assemble(REPO, display_base=REPO)
    assert [p for p in result.problems] == []
    assert [w.slug for w in result.site.wijken] == ["de-banne", "venserpolder", "wildemanbuurt"]
    for wijk in result.site.wijken:
        assert 4 <= len(wijk.collectives) <= 8, wijk.slug
        assert len({c.kind for c in wijk.collectives}) >= 3, wijk.slug
        assert wijk.anchors and wijk.news, wijk.slug
    assert len({w.steps_done for w in result.site.wijken}) == 3  # the wijken are at different stages
    assert result.site.config.example_content


def test_example_site_builds(example_build: BuildResult) -> None:
    result = example_build
    files = tree_bytes(result.out)
    site = load_and_assemble(REPO, display_base=REPO).site
    for wijk in site.wijken:
        for page in ("index.html", "stappen/index.html", "ankerinstellingen/index.html", "nieuws/index.html"):
            assert f"{wijk.slug}/{page}" in files
        for collective in wijk.collectives:
            assert f"{wijk.slug}/collectieven/{collective.slug}/index.html" in files
    assert result.pages == sum(1 for name in files if name.endswith(".html"))
    for name, data in files.items():
        if name.endswith(".html"):
            text = data.decode("utf-8")
            assert "voorbeeld" in text.lower(), f"{name} does not say the content is an example"
