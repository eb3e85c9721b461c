"""A warm load is a cold load, sooner: wijk folders taken whole from the build cache give exactly what reading
them gives (the same model, the same problems in the same order, the same loaded project), and every change
that could alter a wijk (its files, the schemas, the settings its assembly reads, where names are shown from,
the version of wijkgen) makes it read again."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from wijkgen.build import Assembled, BuildRequest, build, load_and_assemble
from wijkgen.speed import parsing
from wijkgen.speed.build import fast_build, fast_steps
from wijkgen.speed.cache import CACHE_DIR, CACHE_FILE
from wijkgen.speed.sources import SETTLE_NS, project_digests, source_digests


def cold(root: Path, display_base: Path | None = None) -> Assembled:
    """The plain load: no cache, every file read and parsed here."""
    return load_and_assemble(root, display_base or root)


def warm(root: Path, display_base: Path | None = None) -> tuple[Assembled, frozenset[str]]:
    """The fast load with the project's cache, and the wijk folders it took whole."""
    with fast_steps(root) as steps:
        result = load_and_assemble(root, display_base or root, steps)
        return result, steps.kept_wijken


def assert_same(found: Assembled, expected: Assembled) -> None:
    assert found.site == expected.site
    assert found.problems == expected.problems  # the same problems in the same order
    assert found.project == expected.project  # the loaded files too (the editor's configuration reads them)


def wijken(root: Path) -> set[str]:
    return {p.name for p in (root / "content").iterdir() if p.is_dir()}


CASES = [
    ("full", None),  # photos, news, events, boundaries, anchors, two wijken
    ("minimal", "body-image-missing"),
    ("minimal", "body-image-not-an-image"),
    ("minimal", "duplicate-slug"),
    ("minimal", "unknown-collective"),
    ("minimal", "not-utf8"),
    ("minimal", "missing-photo"),
    ("minimal", "boundary-outside"),
    ("minimal", "kaartlaag-wrong-shape"),
    ("minimal", "unused-file"),
    ("minimal", "wijk-folder-with-spaces"),
    ("minimal", "hostile-url"),
]


@pytest.mark.parametrize(("name", "broken"), CASES, ids=[b or n for n, b in CASES])
def test_warm_load_equals_cold_load(project: Callable[..., Path], name: str, broken: str | None) -> None:
    root = project(name, broken)
    expected = cold(root)
    first, kept = warm(root)  # fills the cache
    assert kept == frozenset()
    assert_same(first, expected)
    again, kept = warm(root)
    assert kept == wijken(root)  # every wijk folder in one piece
    assert_same(again, expected)


@pytest.fixture
def full(project: Callable[..., Path]) -> Path:
    root = project("full")
    warm(root)
    return root


def test_an_edited_file_reads_its_wijk_again(full: Path) -> None:
    path = full / "content/oostwijk/collectieven/taalcafe.md"
    path.write_text(path.read_text(encoding="utf-8").replace("naam: ", "naam: Nieuw ", 1), encoding="utf-8")
    result, kept = warm(full)
    assert kept == {"westwijk"}
    assert_same(result, cold(full))
    assert any(c.name.startswith("Nieuw ") for w in result.site.wijken for c in w.collectives)
    assert warm(full)[1] == {"oostwijk", "westwijk"}  # and the edited wijk is kept from then on


def test_added_removed_and_renamed_files_read_their_wijk_again(full: Path) -> None:
    folder = full / "content/oostwijk"
    (folder / "collectieven/leeg.jpg").mkdir()  # a folder by the name of an image: the loader sees it
    assert warm(full)[1] == {"westwijk"}
    (folder / "collectieven/taalcafe.md").rename(folder / "collectieven/taal.md")
    assert_same(warm(full)[0], cold(full))
    (folder / "collectieven/energiecooperatie.md").unlink()
    (full / "content/westwijk/kaart").mkdir()
    (full / "content/westwijk/kaart/water.geojson").write_text("{]", encoding="utf-8")
    result, kept = warm(full)
    assert kept == frozenset()
    assert_same(result, cold(full))


def test_a_new_step_title_assembles_again_from_the_kept_files(full: Path) -> None:
    """The steps' titles are settings the assembly reads, not the schemas: the files are kept, the wijk is
    assembled again with the new titles."""
    config = full / "wijkgen.yaml"
    steps = "".join(f"    - id: {step}\n      titel: Stap {step}\n" for step in
                    ("wijkteam", "wijk-in-kaart", "droom-en-plan", "ankerinstellingen", "veranker"))
    config.write_text(config.read_text(encoding="utf-8") + f"kader:\n  stappen:\n{steps}", encoding="utf-8")
    result, kept = warm(full)
    assert kept == {"oostwijk", "westwijk"}
    assert_same(result, cold(full))
    assert result.site.wijken[0].progress[0].step.title == "Stap wijkteam"


@pytest.mark.parametrize("edit", [
    ("titel: Volledige testsite", "titel: Een andere titel"),  # no wijk reads it: kept and assembled as before
    ("taal: nl", "taal: en"),  # the steps and the Markdown in English: assembled again
    ("voorbeeldinhoud: ja", "voorbeeldinhoud: ja\nkader:\n  waarden: [geld, natuur]"),  # other schemas: read again
])
def test_config_edits(full: Path, edit: tuple[str, str]) -> None:
    config = full / "wijkgen.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(*edit), encoding="utf-8")
    result, kept = warm(full)
    assert kept == (frozenset() if "kader" in edit[1] else {"oostwijk", "westwijk"})
    assert_same(result, cold(full))


def test_another_wijkgen_version_reads_everything_again(full: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parsing, "code_fingerprint", lambda: b"another version of wijkgen")
    result, kept = warm(full)
    assert kept == frozenset()
    assert_same(result, cold(full))


def test_names_shown_from_another_folder_read_everything_again(full: Path) -> None:
    result, kept = warm(full, full.parent)
    assert kept == frozenset()
    assert_same(result, cold(full, full.parent))
    assert all(p.file.startswith(full.name + "/") for p in result.problems)


def test_a_wijk_folder_with_a_link_is_read_every_time(full: Path) -> None:
    shared = full / "content/gedeeld.md"
    shared.write_text((full / "content/westwijk/collectieven/moestuin.md").read_text(encoding="utf-8"),
                      encoding="utf-8")
    os.symlink("../../gedeeld.md", full / "content/westwijk/collectieven/gedeeld.md")
    warm(full)
    assert warm(full)[1] == {"oostwijk"}
    shared.write_text(shared.read_text(encoding="utf-8").replace("naam: ", "naam: Gedeeld ", 1), encoding="utf-8")
    result, _ = warm(full)
    assert_same(result, cold(full))
    assert any(c.name.startswith("Gedeeld ") for w in result.site.wijken for c in w.collectives)


def test_a_file_saved_while_the_build_reads_is_not_kept_under_the_old_digest(full: Path) -> None:
    """The build takes the digests of the files first (to see whether anything changed at all) and reads them
    after: a file saved in between must not be kept as if it were the one that digest was taken of."""
    path = full / "content/oostwijk/collectieven/taalcafe.md"
    original = path.read_text(encoding="utf-8")
    path.write_text(original + "\nEerst dit.\n", encoding="utf-8")
    with fast_steps(full) as steps:
        steps.previous(BuildRequest(full, full / "site", None, False, full, None))  # the digests, then a save:
        path.write_text(original + "\nToen dit.\n", encoding="utf-8")
        load_and_assemble(full, full, steps)
    path.write_text(original + "\nEerst dit.\n", encoding="utf-8")  # the files as the digest saw them
    result, _ = warm(full)
    assert_same(result, cold(full))


def _rows(root: Path, table: str) -> int:
    with sqlite3.connect(root / CACHE_DIR / CACHE_FILE) as db:
        count: int = db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    return count


def test_a_warm_build_keeps_the_parsed_files_of_the_wijken_it_took_whole(project: Callable[..., Path]) -> None:
    """A build prunes the cache to what it used; the files and Markdown of a wijk it took whole stay, so that the
    next edit in that wijk parses one file, not the wijk."""
    root = project("full")
    fast_build(root)
    before = {table: _rows(root, table) for table in ("documents", "markdown", "wijken")}
    path = root / "content/oostwijk/collectieven/taalcafe.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nEen nieuwe alinea.\n", encoding="utf-8")
    with fast_steps(root) as steps:
        build(root, steps=steps)
        assert steps.kept_wijken == {"westwijk"}  # the build's own digests of the files, reused
    after = {table: _rows(root, table) for table in ("documents", "markdown", "wijken")}
    assert after == before  # one document, one text and one wijk replaced by their new versions


def _wait_until_settled(root: Path) -> None:
    """Wait (on the clock, not a guessed time) until every file of ``root`` was last changed long enough ago to
    be trusted by its stamp."""
    newest = max(max(p.stat().st_mtime_ns, p.stat().st_ctime_ns) for p in root.rglob("*"))
    while time.time_ns() - SETTLE_NS <= newest:
        time.sleep(0.05)


def test_a_file_changed_without_a_new_size_or_time_is_read_again(full: Path) -> None:
    """Files whose size, times and inode are as before are not read for their digest again; an edit that keeps
    the size and puts the modification time back still moves the change time, and is seen."""
    _wait_until_settled(full)
    warm(full)
    rel = "content/oostwijk/collectieven/taalcafe.md"
    with fast_steps(full) as steps:
        assert rel in project_digests(steps.store, full).known  # trusted by its stamp from now on
    path = full / rel
    text, stat = path.read_text(encoding="utf-8"), path.stat()
    assert "naam: Taal" in text
    path.write_text(text.replace("naam: Taal", "naam: Tool", 1), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size and path.stat().st_mtime_ns == stat.st_mtime_ns
    result, kept = warm(full)
    assert kept == {"westwijk"}
    assert_same(result, cold(full))
    assert any(c.name.startswith("Tool") for w in result.site.wijken for c in w.collectives)


def test_a_file_changed_just_now_is_not_trusted_by_its_stamp(full: Path) -> None:
    path = full / "content/oostwijk/collectieven/taalcafe.md"
    hour_on = time.time() + 3600  # "just now" however slow this machine is
    os.utime(path, (hour_on, hour_on))
    found = source_digests(full)
    assert "content/oostwijk/collectieven/taalcafe.md" not in found.known  # read again at every look
