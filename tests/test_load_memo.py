"""The preview's parsing (``serve``): wijk folders in which nothing changed are not read again, edits are."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from wijkgen.errors import Problem
from wijkgen.live.memo import LiveParsing
from wijkgen.load.project import RawProject, load_project
from wijkgen.parse.documents import Document
from wijkgen.speed.cache import BuildCache


def _memo(root: Path) -> LiveParsing:
    return LiveParsing(BuildCache.disabled(), root)


def _load(root: Path, parsing: LiveParsing, touched: frozenset[str] | None = None) -> tuple[RawProject, list[Problem]]:
    parsing.touched = touched
    project, problems = load_project(root, root, parsing)
    parsing.finish()
    return project, problems


def _settle(root: Path) -> None:
    """Date every content file an hour back: settled, as after a while of editing elsewhere."""
    hour_ago = time.time() - 3600
    for path in [root / "content", *(root / "content").rglob("*")]:
        os.utime(path, (hour_ago, hour_ago), follow_symlinks=False)


def _write_fresh(path: Path, text: str) -> None:
    """Write ``path`` as an author saves it just now, and keep it "just now" for the loader however slow this
    machine is: its time is an hour ahead, so it never falls out of the loader's settle window during a test."""
    path.write_text(text, encoding="utf-8")
    hour_on = time.time() + 3600
    os.utime(path, (hour_on, hour_on))


def _collective(project: RawProject, slug: str) -> Document:
    return next(doc for w in project.wijken for doc in w.collectives if doc.file.endswith(f"{slug}.md"))


def test_untouched_collectives_come_from_the_memo_and_edits_do_not(project: Callable[..., Path]) -> None:
    root = project("full")
    _settle(root)
    memo = _memo(root)
    first, _ = _load(root, memo)
    story = sorted((root / "content").glob("*/collectieven/*.md"))[0]
    slug = story.stem
    again, _ = _load(root, memo)
    assert _collective(again, slug).data is _collective(first, slug).data  # not read again

    _write_fresh(story, story.read_text(encoding="utf-8").replace("naam: ", "naam: Nieuw ", 1))
    edited, _ = _load(root, memo)
    assert _collective(edited, slug).data["naam"].startswith("Nieuw ")
    later, _ = _load(root, memo)  # changed just now: read again, not trusted yet
    assert _collective(later, slug).data is not _collective(edited, slug).data
    assert _collective(later, slug).data == _collective(edited, slug).data


def _wijk(project: RawProject, slug: str) -> object:
    return next(w for w in project.wijken if w.slug == slug)


def test_an_untouched_wijk_folder_is_taken_whole_and_any_change_in_it_is_read(project: Callable[..., Path]) -> None:
    root = project("full")
    _settle(root)
    memo = _memo(root)
    first, first_problems = _load(root, memo)
    again, again_problems = _load(root, memo)
    assert memo.kept == {"oostwijk", "westwijk"}
    assert _wijk(again, "oostwijk") is _wijk(first, "oostwijk")
    assert again_problems == first_problems and again.files_read == first.files_read

    story = root / "content/westwijk/collectieven/moestuin.md"
    story.write_text(story.read_text(encoding="utf-8").replace("naam: ", "naam: Nieuw ", 1), encoding="utf-8")
    edited, _ = _load(root, memo)
    assert memo.kept == {"oostwijk"}
    assert _collective(edited, "moestuin").data["naam"].startswith("Nieuw ")
    assert _wijk(edited, "oostwijk") is _wijk(first, "oostwijk")

    # a new file (here one the loader warns about), a removed one, a changed boundary: each is seen
    (root / "content/oostwijk/notities.txt").write_text("los bestand\n", encoding="utf-8")
    _added, problems = _load(root, memo)
    assert "oostwijk" not in memo.kept
    assert any(p.file.endswith("notities.txt") and p.code == "content.unused_file" for p in problems)
    (root / "content/oostwijk/notities.txt").unlink()
    _removed, problems = _load(root, memo)
    assert "oostwijk" not in memo.kept
    assert not any(p.file.endswith("notities.txt") for p in problems)
    boundary = root / "content/oostwijk/grens.geojson"
    boundary.write_text("{kapot", encoding="utf-8")
    _, problems = _load(root, memo)
    assert any(p.code == "content.bad_boundary" for p in problems)


def test_a_wijk_folder_with_a_link_or_a_fresh_file_is_read_every_time(project: Callable[..., Path]) -> None:
    root = project("full")
    (root / "content/westwijk/collectieven/kopie.md").symlink_to(root / "content/westwijk/collectieven/moestuin.md")
    _settle(root)
    memo = _memo(root)
    _load(root, memo)
    _again, _ = _load(root, memo)
    assert memo.kept == {"oostwijk"}  # a link's target may change without the link changing

    fresh = root / "content/oostwijk/stappen.yaml"
    _write_fresh(fresh, fresh.read_text(encoding="utf-8"))  # written just now: not trusted yet
    _load(root, memo)
    _later, _ = _load(root, memo)
    assert memo.kept == set()


def test_with_a_watcher_only_the_folders_it_names_are_looked_at(project: Callable[..., Path]) -> None:
    """``touched`` comes from a watcher that saw every change: a remembered folder it does not name is taken
    as it was, one it names is read again; a folder never remembered is always looked at."""
    root = project("full")
    _settle(root)
    memo = _memo(root)
    first, _ = _load(root, memo, None)
    story = root / "content/westwijk/collectieven/moestuin.md"
    _write_fresh(story, story.read_text(encoding="utf-8").replace("naam: ", "naam: Nieuw ", 1))

    unseen, _ = _load(root, memo, frozenset({"oostwijk"}))
    assert _wijk(unseen, "westwijk") is _wijk(first, "westwijk")  # not named: not looked at
    seen, _ = _load(root, memo, frozenset({"westwijk"}))
    assert _collective(seen, "moestuin").data["naam"].startswith("Nieuw ")
    assert _wijk(seen, "oostwijk") is _wijk(first, "oostwijk")
    # written just now, so not remembered: looked at again even when the watcher does not name it
    _write_fresh(story, story.read_text(encoding="utf-8").replace("naam: Nieuw ", "naam: Later ", 1))
    later, _ = _load(root, memo, frozenset())
    assert _collective(later, "moestuin").data["naam"].startswith("Later ")
