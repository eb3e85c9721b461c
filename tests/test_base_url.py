"""The site's web address: `--basis-url` and WIJKGEN_BASIS_URL in place of wijkgen.yaml, and one warning without any."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import FIXTURES, REPO
from tests.sitecheck.subpath import SubPathServer, crawl_over_http
from wijkgen.cli import main
from wijkgen.i18n.messages import message

SUB_PATH = "https://voorbeeld.github.io/mijnwijk/"
WARNING = f"wijkgen: waarschuwing: {message('build.no_base_url', 'nl', {})}\n"


def _copy(tmp_path: Path, name: str) -> Path:
    root = tmp_path / name
    shutil.copytree(FIXTURES / name, root)
    return root


def _build(runner: CliRunner, root: Path, *args: str, env: dict[str, str] | None = None) -> str:
    result = runner.invoke(main, ["build", str(root), *args], env=env)
    assert result.exit_code == 0, result.output
    return result.stderr


def test_basis_url_on_the_command_line_reaches_every_absolute_address(tmp_path: Path, runner: CliRunner) -> None:
    root = _copy(tmp_path, "minimal")
    # as configure-pages gives it: no slash at the end
    assert _build(runner, root, "--basis-url", SUB_PATH.rstrip("/"), env={"WIJKGEN_BASIS_URL": None}) == ""
    site = root / "site"
    assert f"<loc>{SUB_PATH}</loc>" in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"Sitemap: {SUB_PATH}sitemap.xml" in (site / "robots.txt").read_text(encoding="utf-8")
    wijk = (site / "testwijk/index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{SUB_PATH}testwijk/">' in wijk
    assert f'<meta property="og:url" content="{SUB_PATH}testwijk/">' in wijk
    assert '<base href="/mijnwijk/">' in (site / "404.html").read_text(encoding="utf-8")


def test_the_command_line_beats_the_environment_and_both_beat_wijkgen_yaml(tmp_path: Path, runner: CliRunner) -> None:
    root = _copy(tmp_path, "full")
    assert "basis_url: https://wijken.example.org/" in (root / "wijkgen.yaml").read_text(encoding="utf-8")
    sitemap = root / "site" / "sitemap.xml"
    _build(runner, root, env={"WIJKGEN_BASIS_URL": "https://uit-de-omgeving.example/wijken"})
    assert "<loc>https://uit-de-omgeving.example/wijken/</loc>" in sitemap.read_text(encoding="utf-8")
    # A second build for another address writes the site anew (the fast build's "nothing changed" knows the address).
    _build(runner, root, "--basis-url", SUB_PATH, env={"WIJKGEN_BASIS_URL": "https://uit-de-omgeving.example/"})
    assert f"<loc>{SUB_PATH}</loc>" in sitemap.read_text(encoding="utf-8")
    for empty in (["--basis-url", ""], []):  # as "$CI_PAGES_URL" where GitLab left it unset: wijkgen.yaml counts
        _build(runner, root, *empty, env={"WIJKGEN_BASIS_URL": ""})
        assert "<loc>https://wijken.example.org/</loc>" in sitemap.read_text(encoding="utf-8")


def test_a_build_without_any_address_warns_once(tmp_path: Path, runner: CliRunner) -> None:
    root = _copy(tmp_path, "minimal")
    summary = tmp_path / "samenvatting.md"
    stderr = _build(runner, root, "--samenvatting", str(summary), env={"WIJKGEN_BASIS_URL": None})
    assert stderr == WARNING
    assert "sitemap.xml" in WARNING and "og:url" in WARNING and "404" in WARNING and "--basis-url" in WARNING
    assert not (root / "site" / "sitemap.xml").exists()
    assert "| Webadres | geen: zie de waarschuwing over basis_url |" in summary.read_text(encoding="utf-8")
    assert _build(runner, root, env={"WIJKGEN_BASIS_URL": None}) == WARNING  # also when nothing changed


def test_the_example_project_builds_without_the_warning(tmp_path: Path, runner: CliRunner) -> None:
    assert _build(runner, REPO, "--out", str(tmp_path / "site"), env={"WIJKGEN_BASIS_URL": None}) == ""


@pytest.mark.parametrize("url", ["wijken.voorbeeld.nl", "ftp://voorbeeld.nl/", "https://", "https://a b/",
                                 "https://voorbeeld.nl/?pagina=1"], ids=["no-scheme", "ftp", "no-host", "space",
                                                                          "query"])
def test_an_address_that_is_no_site_address_is_a_usage_error(url: str, tmp_path: Path, runner: CliRunner) -> None:
    root = _copy(tmp_path, "minimal")
    result = runner.invoke(main, ["build", str(root), "--basis-url", url])
    assert result.exit_code == 2
    assert result.stderr == (f"wijkgen: fout: '{url}' is geen volledig webadres voor de site. Geef het adres zoals "
                             "lezers het intypen, beginnend met https://, bijvoorbeeld https://naam.github.io/project/.\n")
    assert not (root / "site").exists()


def test_summary_for_the_ci_page(tmp_path: Path, runner: CliRunner) -> None:
    root = _copy(tmp_path, "minimal")
    summary = tmp_path / "samenvatting.md"
    summary.write_text("eerdere stap\n", encoding="utf-8")  # the file collects what each step adds
    _build(runner, root, "--basis-url", SUB_PATH, "--samenvatting", str(summary))
    assert summary.read_text(encoding="utf-8") == (
        "eerdere stap\n### wijkgen: De site is gebouwd\n\n| | |\n|---|---|\n| Pagina's | 28 |\n| Wijken | 1 |\n"
        f"| Waarschuwingen | 0 |\n| Webadres | {SUB_PATH} |\n\nEr is geen vorige build bewaard om mee te "
        "vergelijken.\n")
    broken = _copy(tmp_path, "full")
    (broken / "content").joinpath("kapot").mkdir()
    result = runner.invoke(main, ["build", str(broken), "--samenvatting", str(tmp_path / "kapot.md")])
    assert result.exit_code == 1
    text = (tmp_path / "kapot.md").read_text(encoding="utf-8")
    assert text.startswith("### wijkgen: De site is niet gebouwd\n\n| | |\n|---|---|\n| Fouten | 1 |\n")
    assert "Wat wijkgen meldt (bestand:regel:kolom):\n\n- `" in text


def test_served_under_a_sub_path_the_site_works_only_with_its_address(tmp_path: Path, runner: CliRunner) -> None:
    """The issue's case: without an address, the 404 page at a deep missing address leaves the sub-path."""
    root = _copy(tmp_path, "minimal")
    missing = "/mijnwijk/bestaat/niet/meer/"
    _build(runner, root, env={"WIJKGEN_BASIS_URL": None})
    with SubPathServer(root / "site", "/mijnwijk/") as server:
        without = crawl_over_http(server.origin, "/mijnwijk/", SUB_PATH, missing)
    kinds = {(f.page, f.kind) for f in without.findings}
    assert (server.origin + missing, "leaves-sub-path") in kinds and ("sitemap.xml", "broken") in kinds
    assert {f.page for f in without.findings} == {server.origin + missing, "sitemap.xml"}  # the rest is relative
    _build(runner, root, "--basis-url", SUB_PATH)
    with SubPathServer(root / "site", "/mijnwijk/") as server:
        with_address = crawl_over_http(server.origin, "/mijnwijk/", SUB_PATH, missing)
    assert with_address.findings == [] and with_address.sitemap_entries == 27 and with_address.pages == 28


def test_summary_names_the_pages_that_changed_since_the_previous_build(tmp_path: Path, runner: CliRunner) -> None:
    """In CI the previous build is the one whose cache was restored: a pull request's summary says what it changes."""
    root = _copy(tmp_path, "minimal")
    _build(runner, root, "--basis-url", SUB_PATH)
    story = root / "content/testwijk/collectieven/buurtkeuken.md"
    story.write_text(story.read_text(encoding="utf-8") + "\nEen nieuwe alinea.\n", encoding="utf-8")
    shutil.rmtree(root / "site")  # as in CI: a fresh checkout, only the cache kept
    summary = tmp_path / "samenvatting.md"
    _build(runner, root, "--basis-url", SUB_PATH, "--samenvatting", str(summary))
    text = summary.read_text(encoding="utf-8")
    assert ("\nVergeleken met de vorige build: 0 pagina's nieuw, 1 veranderd, 0 weg.\n\n"
            "- `/testwijk/collectieven/buurtkeuken/` (veranderd)\n") in text
    again = tmp_path / "opnieuw.md"
    _build(runner, root, "--basis-url", SUB_PATH, "--samenvatting", str(again))  # nothing changed: nothing built
    assert again.read_text(encoding="utf-8").endswith(
        "\nVergeleken met de vorige build: 0 pagina's nieuw, 0 veranderd, 0 weg.\n")
