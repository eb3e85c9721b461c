"""The speed layer is never wrong: after each kind of change, a build with the cache (and the workers) writes
exactly what the plain build (no cache, one process, fresh output folder) writes, byte for byte, over the
whole tree."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, tree_bytes, tree_folders
from tests.sitetools import generator
from wijkgen.build import BuildResult, build
from wijkgen.errors import ContentError
from wijkgen.render.templates import theme_dir
from wijkgen.speed import build as speed_build
from wijkgen.speed.build import _load_rendered, _manifest_key, _Rendered, _RenderedHead, fast_build
from wijkgen.speed.cache import CACHE_DIR, CACHE_FILE, BuildCache


def clean_build(root: Path, tmp_path: Path, name: str) -> dict[str, bytes]:
    """The whole output of the plain build, into a folder no build used before."""
    out = tmp_path / f"clean-{name}"
    build(root, out=out)
    return tree_bytes(out)


def cached_build(root: Path, rendered: int | None = None) -> dict[str, bytes]:
    """The whole output of a fast build into ``site/``, with the project's cache; with ``rendered``, the build
    must have rendered at most that many pages (the others carried over from its dependency records)."""
    result = fast_build(root)
    if rendered is not None:
        assert result.rendered is not None and result.rendered <= rendered, result.rendered
    return tree_bytes(root / "site")


@pytest.fixture
def full(project: Callable[..., Path]) -> Path:
    root = project("full")
    assert cached_build(root)  # the first build fills the cache
    assert (root / CACHE_DIR / CACHE_FILE).is_file()
    return root


def test_first_and_unchanged_builds_equal_a_clean_build(full: Path, tmp_path: Path) -> None:
    before = {p: p.stat().st_ino for p in (full / "site").rglob("*") if p.is_file()}
    assert cached_build(full) == clean_build(full, tmp_path, "same")
    after = {p: p.stat().st_ino for p in (full / "site").rglob("*") if p.is_file()}
    assert after == before  # nothing changed, so nothing was written again


def test_edited_collective(full: Path, tmp_path: Path) -> None:
    path = full / "content" / "oostwijk" / "collectieven" / "taalcafe.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n---\n", "\n---\nEen **nieuwe** eerste alinea.\n\n", 1), encoding="utf-8")
    site = cached_build(full)
    assert site == clean_build(full, tmp_path, "collective")
    assert b"<strong>nieuwe</strong>" in site["oostwijk/collectieven/taalcafe/index.html"]


def test_edited_front_matter_only(full: Path, tmp_path: Path) -> None:
    path = full / "content" / "westwijk" / "wijk.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("naam:", "naam: Nieuwe", 1), encoding="utf-8")
    assert cached_build(full) == clean_build(full, tmp_path, "front-matter")


def test_edited_template(full: Path, tmp_path: Path) -> None:
    own = full / "templates"
    own.mkdir()
    theme = (theme_dir() / "collectief.html").read_text(encoding="utf-8")
    (own / "collectief.html").write_text(theme.replace("<h1>", '<h1 class="eigen">', 1), encoding="utf-8")
    site = cached_build(full)
    assert site == clean_build(full, tmp_path, "template")
    assert b'<h1 class="eigen">' in site["oostwijk/collectieven/taalcafe/index.html"]
    (own / "collectief.html").write_text(theme, encoding="utf-8")  # and back: the cache must follow again
    assert cached_build(full) == clean_build(full, tmp_path, "template-back")


def test_edited_config(full: Path, tmp_path: Path) -> None:
    config = full / "wijkgen.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("titel: Volledige testsite", "titel: Andere titel"), encoding="utf-8")
    site = cached_build(full)
    assert site == clean_build(full, tmp_path, "config")
    assert b"Andere titel" in site["index.html"]
    config.write_text(text.replace("taal: nl", "taal: en"), encoding="utf-8")  # another language: other strings
    assert cached_build(full) == clean_build(full, tmp_path, "config-en")


def test_edited_framework_changes_validation(full: Path) -> None:
    """The schema is part of a parsed file's key: a value the new framework no longer knows is an error."""
    config = full / "wijkgen.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "kader:\n  waarden:\n    - iets anders\n",
                      encoding="utf-8")
    with pytest.raises(ContentError) as failed:
        fast_build(full)
    assert any(p.code.startswith("schema.enum") for p in failed.value.problems)


def _rows(root: Path) -> dict[str, int]:
    with contextlib.closing(sqlite3.connect(root / CACHE_DIR / CACHE_FILE)) as db:
        return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("markdown", "documents", "builds")}


def test_cache_keeps_only_what_the_current_site_uses(full: Path, tmp_path: Path) -> None:
    first = _rows(full)
    with contextlib.closing(sqlite3.connect(full / CACHE_DIR / CACHE_FILE)) as db, db:
        db.execute("INSERT INTO markdown (key, value) VALUES (?, ?)", (b"x" * 20, b"from an older wijkgen"))
    for name in ("taalcafe", "moestuin"):
        path = next((full / "content").glob(f"*/collectieven/{name}.md"))
        path.write_text(path.read_text(encoding="utf-8") + "\nEen nieuwe alinea.\n", encoding="utf-8")
    assert cached_build(full) == clean_build(full, tmp_path, "pruned")
    assert _rows(full) == first  # the old versions of both files and their Markdown are gone, so is the stranger
    fast_build(full, out=tmp_path / "elders")
    assert _rows(full)["builds"] == 1  # only the output folder built last


def test_deleted_cache(full: Path, tmp_path: Path) -> None:
    shutil.rmtree(full / CACHE_DIR)
    assert cached_build(full) == clean_build(full, tmp_path, "deleted")
    assert (full / CACHE_DIR / CACHE_FILE).is_file()


def test_damaged_cache_is_not_trusted(full: Path, tmp_path: Path) -> None:
    for path in (full / CACHE_DIR).iterdir():
        if path.name.startswith(CACHE_FILE):
            path.write_bytes(b"dit is geen database")
    assert cached_build(full) == clean_build(full, tmp_path, "damaged")


def test_changed_output_is_written_again(full: Path, tmp_path: Path) -> None:
    """A file changed or added by hand in site/ is not carried over: the build puts back what it should be."""
    (full / "site" / "index.html").write_text("met de hand bewerkt", encoding="utf-8")
    (full / "site" / "extra.html").write_text("erbij gezet", encoding="utf-8")
    assert cached_build(full) == clean_build(full, tmp_path, "tampered")


def test_removed_collective_and_news(full: Path, tmp_path: Path) -> None:
    (full / "content" / "westwijk" / "collectieven" / "moestuin.md").unlink()
    (full / "content" / "oostwijk" / "nieuws" / "2021-03-01-droomsessie.md").unlink()
    site = cached_build(full)
    assert site == clean_build(full, tmp_path, "removed")
    assert not any(name.startswith("westwijk/collectieven/moestuin/") for name in site)


@pytest.fixture
def many(tmp_path: Path) -> Path:
    """The minimal fixture with 300 collectives: enough pages for the render to be spread over workers."""
    root = tmp_path / "veel"
    shutil.copytree(FIXTURES / "minimal", root)
    source = (root / "content/testwijk/collectieven/buurtkeuken.md").read_text(encoding="utf-8")
    for i in range(300):
        text = source.replace("naam: Buurtkeuken", f"naam: Collectief {i}") + f"\nAlinea {i} met *nadruk*.\n"
        (root / f"content/testwijk/collectieven/collectief-{i}.md").write_text(text, encoding="utf-8")
    return root


def test_parallel_build_equals_one_process(many: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIJKGEN_JOBS", "1")
    alone = clean_build(many, tmp_path, "one")
    monkeypatch.setenv("WIJKGEN_JOBS", "2")
    fast_build(many, out=tmp_path / "two", use_cache=False)
    assert tree_bytes(tmp_path / "two") == alone
    assert cached_build(many) == alone
    assert len(alone) > 300


def test_template_error_in_a_worker_is_located(many: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIJKGEN_JOBS", "2")
    fast_build(many)
    good = tree_bytes(many / "site")
    own = many / "templates"
    own.mkdir()
    theme = (theme_dir() / "collectief.html").read_text(encoding="utf-8")
    lines = theme.splitlines(keepends=True)
    lines.insert(11, "{{ collective.bestaat_niet }}\n")
    (own / "collectief.html").write_text("".join(lines), encoding="utf-8")
    with pytest.raises(ContentError) as failed:
        fast_build(many)
    problem = failed.value.problems[-1]
    assert problem.code == "template.error"
    assert problem.file.endswith("collectief.html") and problem.line == 12
    assert tree_bytes(many / "site") == good  # the last good site stands


# -- command-line rebuilds render only what changed, and equal a clean build, search shards included ----------

SHARD_PAGES = 32  # the generated project's 88 pages in four shards of the search index


@pytest.fixture(scope="module")
def generated_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generator()("wijkgen", tmp_path_factory.mktemp("generated") / "project", 40, 8)


KEPT = ".site.staging"  # the staging folder kept between builds: between them it holds the previous site


@pytest.fixture
def sharded(generated_project: Path, tmp_path: Path) -> Path:
    """The generated project built, then rebuilt after an edit: the staging folder the rebuild kept holds the
    first site, so each test's rebuilds bring a previous generation up to date rather than start afresh."""
    root = tmp_path / "project"
    shutil.copytree(generated_project, root)
    first = fast_build(root, shard_pages=SHARD_PAGES)
    assert first.rendered == first.pages  # a first build renders everything
    assert not (root / KEPT).exists()  # a first build has no previous site to keep
    path = _collective(root, 20)
    path.write_text(path.read_text(encoding="utf-8") + "\nEen eerdere bewerking.\n", encoding="utf-8")
    fast_build(root, shard_pages=SHARD_PAGES)
    assert (root / KEPT).is_dir()
    return root


def rebuild_equals_clean(root: Path, tmp_path: Path, name: str) -> BuildResult:
    """A fast rebuild with the project's cache; its whole site must be what a clean build writes, files and
    folders, and the staging folder it keeps must hold the site that stood before it."""
    before = tree_bytes(root / "site")
    result = fast_build(root, shard_pages=SHARD_PAGES)
    out = tmp_path / f"clean-{name}"
    build(root, out=out, shard_pages=SHARD_PAGES)
    site, clean = tree_bytes(root / "site"), tree_bytes(out)
    assert sum(1 for rel in clean if rel.startswith("pagefind/deel-")) > 0  # several shards
    assert site.keys() == clean.keys()
    assert [rel for rel in site if site[rel] != clean[rel]] == []
    assert tree_folders(root / "site") == tree_folders(out)  # no folder left of a removed or renamed page
    assert tree_bytes(root / KEPT) == before
    return result


def _identities(folder: Path) -> dict[str, tuple[int, int]]:
    """Each file below ``folder``: its inode and the time its inode last changed (a new link or unlink changes
    it too), which stay as they are only while no build touches the file."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_ctime_ns)
            for p in folder.rglob("*") if p.is_file()}


def test_rebuild_of_one_page_touches_only_the_files_that_changed(sharded: Path, tmp_path: Path) -> None:
    """Writing a rebuild grows with what changed: the staging folder kept from the build before holds the site
    before that, whose unchanged files are the very files of site/, so they need neither a new link nor a new
    folder. Only the files that changed in this build or the one before are written or linked again."""
    site, kept = sharded / "site", sharded / KEPT
    before, older = tree_bytes(site), tree_bytes(kept)
    identities = _identities(site)
    shared = {rel for rel, found in _identities(kept).items() if identities.get(rel, (0, 0))[0] == found[0]}
    assert len(shared) > len(identities) * 3 // 4  # the kept site costs little disk: its files are site/'s
    folder_inodes = {p.stat().st_ino for top in (site, kept) for p in (top, *top.rglob("*")) if p.is_dir()}
    path = _collective(sharded, 30)
    path.write_text(path.read_text(encoding="utf-8") + "\nNog een alinea over de buurt.\n", encoding="utf-8")
    result = rebuild_equals_clean(sharded, tmp_path, "one-page")
    assert result.rendered == 1
    after = tree_bytes(site)
    touched = sorted(rel for rel, found in _identities(site).items() if identities.get(rel) != found)
    changed = {rel for rel in after if before.get(rel) != after[rel] or older.get(rel) != after[rel]}
    assert touched and set(touched) <= changed, set(touched) - changed
    assert len(touched) < len(after) // 10, touched
    assert {p.stat().st_ino for p in (site, *site.rglob("*")) if p.is_dir()} <= folder_inodes  # no folder made


def test_rebuilds_after_an_only_build_and_a_removed_site(sharded: Path, tmp_path: Path) -> None:
    """``--wijk`` builds a site of one wijk; the next whole build brings back the rest. A site/ removed by hand
    leaves a kept staging folder that shares nothing with it any more: the build starts afresh."""
    wijk = sorted(p.name for p in (sharded / "content").iterdir() if p.is_dir())[1]
    fast_build(sharded, only_wijk=wijk, shard_pages=SHARD_PAGES)
    build(sharded, out=tmp_path / "clean-only", only_wijk=wijk, shard_pages=SHARD_PAGES)
    assert tree_bytes(sharded / "site") == tree_bytes(tmp_path / "clean-only")
    assert tree_folders(sharded / "site") == tree_folders(tmp_path / "clean-only")
    rebuild_equals_clean(sharded, tmp_path, "after-only")
    shutil.rmtree(sharded / "site")
    path = _collective(sharded, 5)
    path.write_text(path.read_text(encoding="utf-8") + "\nNa het weggooien van de site.\n", encoding="utf-8")
    fast_build(sharded, shard_pages=SHARD_PAGES)
    build(sharded, out=tmp_path / "clean-removed", shard_pages=SHARD_PAGES)
    assert tree_bytes(sharded / "site") == tree_bytes(tmp_path / "clean-removed")
    assert tree_folders(sharded / "site") == tree_folders(tmp_path / "clean-removed")
    assert not (sharded / KEPT).exists()  # nothing to keep: the site was new


def test_rebuilds_without_an_atomic_exchange_keep_the_previous_site(sharded: Path, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the system has no ``renameat2`` (not Linux, an old kernel, a file system without it), the swap falls
    back to two renames; the site and the kept staging folder must come out as with the exchange."""
    import wijkgen.write.staging as staging

    tried: list[Path] = []

    def no_exchange(a: Path, b: Path) -> bool:
        tried.append(b)
        return False

    monkeypatch.setattr(staging, "_exchange", no_exchange)
    for n, words in ((3, "Zonder wisselen."), (3, "Nog een keer zonder wisselen.")):
        path = _collective(sharded, n)
        path.write_text(path.read_text(encoding="utf-8") + f"\n{words}\n", encoding="utf-8")
        assert rebuild_equals_clean(sharded, tmp_path, f"fallback-{len(tried)}").rendered == 1
    assert tried == [sharded / "site", sharded / "site"]  # the fallback ran for both rebuilds
    beside = [p.name for p in sharded.iterdir() if p.name.startswith(".site")]
    assert KEPT in beside and not [name for name in beside if name.startswith((".site.old-", ".site.staging-"))]


def _collective(root: Path, n: int = 0) -> Path:
    return sorted((root / "content").glob("*/collectieven/*.md"))[n]


def test_rebuild_after_a_story_edit_renders_its_page(sharded: Path, tmp_path: Path) -> None:
    path = _collective(sharded)
    path.write_text(path.read_text(encoding="utf-8") + "\nEen nieuwe alinea over de buurt.\n", encoding="utf-8")
    result = rebuild_equals_clean(sharded, tmp_path, "story")
    assert result.rendered == 1  # its own page: no other page shows its story
    assert fast_build(sharded, shard_pages=SHARD_PAGES).rendered is None  # and then nothing at all


def test_rebuild_after_a_name_edit_renders_the_pages_that_show_it(sharded: Path, tmp_path: Path) -> None:
    path = _collective(sharded, 7)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("naam: ", "naam: Hernoemd ", 1), encoding="utf-8")
    result = rebuild_equals_clean(sharded, tmp_path, "name")
    assert result.rendered is not None and 1 < result.rendered < result.pages // 3


def test_rebuild_after_renaming_and_removing_collectives(sharded: Path, tmp_path: Path) -> None:
    path = _collective(sharded, 3)
    path.rename(path.with_name("nieuwe-naam.md"))
    result = rebuild_equals_clean(sharded, tmp_path, "renamed")
    assert result.rendered is not None and result.rendered < result.pages // 3
    _collective(sharded, 13).unlink()  # (the first three of each wijk are named in its stappen.yaml)
    result = rebuild_equals_clean(sharded, tmp_path, "removed")
    assert result.rendered is not None and result.rendered < result.pages // 3


def test_rebuild_after_a_template_or_config_edit(sharded: Path, tmp_path: Path) -> None:
    (sharded / "templates").mkdir(exist_ok=True)
    theme = (theme_dir() / "collectief.html").read_text(encoding="utf-8")
    (sharded / "templates" / "collectief.html").write_text(theme.replace("<h1>", '<h1 class="eigen">', 1),
                                                            encoding="utf-8")
    rebuild_equals_clean(sharded, tmp_path, "template")
    config = sharded / "wijkgen.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("titel: ", "titel: Nieuwe ", 1), encoding="utf-8")
    result = rebuild_equals_clean(sharded, tmp_path, "config")
    assert result.rendered == result.pages  # the title is on every page


# -- the dependency records: kept in parts, and only what some page still reads ----------------------------------

def _records(root: Path) -> _Rendered:
    """The dependency records the last build into ``root/site`` kept in the build cache."""
    store = BuildCache.open(root)
    try:
        key = _manifest_key((root / "site").resolve())
        head = store.get("renders", key)
        assert isinstance(head, _RenderedHead)
        records = _load_rendered(store, key, head.environment)
    finally:
        store.close()
    assert records is not None
    return records


def _read_by_pages(records: _Rendered) -> set[int]:
    return {n for _, numbers, _ in records.pages.values() for n in numbers}


def test_records_drop_the_dependencies_no_page_reads_any_more(sharded: Path, tmp_path: Path) -> None:
    before = _records(sharded)
    assert _read_by_pages(before) == set(range(len(before.dependencies)))
    gone = tmp_path / "gone"
    gone.mkdir()
    for folder in sorted((sharded / "content").iterdir())[3:]:  # five of the eight wijken, most of the pages
        folder.rename(gone / folder.name)
    result = rebuild_equals_clean(sharded, tmp_path, "five-wijken-removed")
    assert result.rendered is not None and result.rendered < result.pages
    after = _records(sharded)
    assert len(after.dependencies) < len(before.dependencies) * 3 // 4
    assert _read_by_pages(after) == set(range(len(after.dependencies)))  # numbered anew, none left unread
    assert len(after.fingerprints) == len(after.dependencies) * len(before.fingerprints) // len(before.dependencies)
    path = _collective(sharded)  # the renumbered records still find what an edit changes
    path.write_text(path.read_text(encoding="utf-8") + "\nEen nieuwe alinea over de buurt.\n", encoding="utf-8")
    assert rebuild_equals_clean(sharded, tmp_path, "edit-after-removal").rendered == 1
    for folder in gone.iterdir():  # and the wijken come back
        folder.rename(sharded / "content" / folder.name)
    rebuild_equals_clean(sharded, tmp_path, "wijken-back")


def test_records_in_many_parts(sharded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(speed_build, "_PART", 7)  # dozens of rows, each pickled on its own
    shutil.rmtree(sharded / CACHE_DIR)
    fast_build(sharded, shard_pages=SHARD_PAGES)
    whole = _records(sharded)
    with contextlib.closing(sqlite3.connect(sharded / CACHE_DIR / CACHE_FILE)) as db:
        assert db.execute("SELECT count(*) FROM renders").fetchone()[0] > len(whole.dependencies) // 7
    path = _collective(sharded)
    path.write_text(path.read_text(encoding="utf-8") + "\nEen nieuwe alinea over de buurt.\n", encoding="utf-8")
    assert rebuild_equals_clean(sharded, tmp_path, "parts").rendered == 1
    assert _records(sharded).pages.keys() == whole.pages.keys()


def test_records_with_a_part_missing_are_not_used(sharded: Path, tmp_path: Path) -> None:
    head_key = _manifest_key((sharded / "site").resolve())
    store = BuildCache.open(sharded)
    try:
        head = store.get("renders", head_key)
    finally:
        store.close()
    assert isinstance(head, _RenderedHead) and len(head.parts) > 1
    with contextlib.closing(sqlite3.connect(sharded / CACHE_DIR / CACHE_FILE)) as db, db:
        gone = db.execute("DELETE FROM renders WHERE key = ?", (head.parts[len(head.parts) // 2],))
        assert gone.rowcount == 1
    path = _collective(sharded)
    path.write_text(path.read_text(encoding="utf-8") + "\nEen nieuwe alinea over de buurt.\n", encoding="utf-8")
    result = rebuild_equals_clean(sharded, tmp_path, "part-missing")
    assert result.rendered == result.pages  # records it cannot trust whole: every page is rendered
    path.write_text(path.read_text(encoding="utf-8") + "\nEn nog een.\n", encoding="utf-8")
    assert rebuild_equals_clean(sharded, tmp_path, "parts-again").rendered == 1  # whole again after it


def test_failed_rebuild_leaves_the_site_and_the_next_one_trusts_nothing_it_left(sharded: Path,
                                                                                tmp_path: Path) -> None:
    """A template mistake stops a rebuild halfway through bringing the kept staging folder up to date: site/
    stays as it was, the half-updated folder stays for the next build, which writes exactly a clean build."""
    before = tree_bytes(sharded / "site")
    own = sharded / "templates"
    own.mkdir(exist_ok=True)
    theme = (theme_dir() / "collectief.html").read_text(encoding="utf-8")
    (own / "collectief.html").write_text(theme.replace("<h1>", "<h1>{{ collective.bestaat_niet }}", 1),
                                         encoding="utf-8")
    with pytest.raises(ContentError):
        fast_build(sharded, shard_pages=SHARD_PAGES)
    assert tree_bytes(sharded / "site") == before
    assert (sharded / KEPT).is_dir()
    (own / "collectief.html").unlink()
    path = _collective(sharded, 2)
    path.write_text(path.read_text(encoding="utf-8") + "\nNa de fout.\n", encoding="utf-8")
    rebuild_equals_clean(sharded, tmp_path, "after-failure")
