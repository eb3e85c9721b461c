"""The preview's watchers: real notifications from watchfiles on a temporary project, and the polling fallback."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from wijkgen.live.watch import (
    BURST,
    NotifyWatcher,
    PollingWatcher,
    file_system,
    open_watcher,
    polling_reason,
)

TIMEOUT = 30.0  # generous: a busy machine may be slow to hand over an event, never wrong about it


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "minimal", root)
    return root.resolve()


@pytest.fixture
def notified(minimal: Path) -> Iterator[NotifyWatcher]:
    watcher = open_watcher(minimal, mounts="")
    assert isinstance(watcher, NotifyWatcher), watcher.reason
    try:
        yield watcher
    finally:
        watcher.close()


def told(watcher: NotifyWatcher, *paths: Path, earlier: tuple[Path, ...] = ()) -> set[str]:
    """What the watcher names until it has named each of ``paths`` (waiting for each, never sleeping),
    less a late second event of a file an ``earlier`` step changed (a write may come a moment after its
    create, in the next batch)."""
    wanted = {str(p) for p in paths}
    seen: set[str] = set()
    deadline = time.monotonic() + TIMEOUT
    while not wanted <= seen:
        missing = next(iter(wanted - seen))
        assert watcher.wait(max(0.0, deadline - time.monotonic()), missing), f"not told of {missing}; saw {seen}"
        found = watcher.changes()
        assert found is not None
        seen |= found
    return seen - ({str(p) for p in earlier} - wanted)


def test_notifications_name_each_created_modified_deleted_and_renamed_file(
    notified: NotifyWatcher, minimal: Path
) -> None:
    folder = minimal / "content/testwijk/collectieven"
    story = folder / "buurtkeuken.md"
    assert notified.changes() == frozenset()

    created = folder / "bakkerij.md"
    created.write_text("---\nnaam: Bakkerij\n---\n", encoding="utf-8")
    assert told(notified, created) == {str(created)}

    with story.open("a", encoding="utf-8") as stream:
        stream.write("\nMeer.\n")
    assert told(notified, story, earlier=(created,)) == {str(story)}

    created.unlink()
    assert told(notified, created, earlier=(story,)) == {str(created)}

    renamed = folder / "wijkkeuken.md"
    story.rename(renamed)
    assert told(notified, story, renamed, earlier=(created,)) == {str(story), str(renamed)}


def test_notifications_name_a_folder_renamed_whole_and_its_files_by_their_new_place(
    notified: NotifyWatcher, minimal: Path
) -> None:
    old, new = minimal / "content/testwijk", minimal / "content/andere-wijk"
    old.rename(new)
    assert told(notified, old, new) == {str(old), str(new)}  # both wijk folders are read again
    story = new / "collectieven/buurtkeuken.md"
    story.write_text(story.read_text(encoding="utf-8") + "\nMeer.\n", encoding="utf-8")
    assert told(notified, story) == {str(story)}


def test_notifications_leave_out_hidden_and_backup_files(notified: NotifyWatcher, minimal: Path) -> None:
    folder = minimal / "content/testwijk/collectieven"
    (folder / ".buurtkeuken.md.swp").write_bytes(b"vim")
    (folder / "buurtkeuken.md~").write_text("oud", encoding="utf-8")
    (minimal / "content/.verborgen").mkdir()
    (minimal / "content/.verborgen/los.md").write_text("x", encoding="utf-8")
    marker = folder / "daarna.md"  # events arrive in order: after this one, the others have been handed over
    marker.write_text("---\nnaam: Daarna\n---\n", encoding="utf-8")
    assert told(notified, marker) == {str(marker)}


def test_the_config_file_is_named_and_a_new_templates_folder_is_watched(
    notified: NotifyWatcher, minimal: Path
) -> None:
    config = minimal / "wijkgen.yaml"
    temporary = minimal / ".wijkgen.yaml.tmp"  # saved the way editors do: a new file renamed over the old one
    temporary.write_text(config.read_text(encoding="utf-8") + "\n# bewerkt\n", encoding="utf-8")
    os.replace(temporary, config)
    assert notified.changes() == {str(config)}  # from a stat at each call, not from a notification

    templates = minimal / "templates"
    templates.mkdir()
    assert notified.changes() is None  # a new source folder: the rebuild looks at everything
    page = templates / "collectief.html"
    page.write_text("{% extends 'base.html' %}", encoding="utf-8")
    assert told(notified, page) == {str(page)}


def test_a_burst_of_changes_means_look_at_everything(notified: NotifyWatcher, minimal: Path) -> None:
    """More than BURST paths at once: the kernel's queue may have overflowed (watchfiles would not say so)."""
    folder = minimal / "content/testwijk/collectieven"
    for i in range(BURST + 1):
        (folder / f"c{i:04d}.md").write_text("---\nnaam: C\n---\n", encoding="utf-8")
    last = folder / f"c{BURST:04d}.md"
    assert notified.wait(TIMEOUT, str(last))
    assert notified.changes() is None


def test_notifications_that_stop_working_turn_into_polling(notified: NotifyWatcher, minimal: Path) -> None:
    """watchfiles ends its watch on a name that is not UTF-8: the next answer is None, then polling takes over."""
    folder = minimal / "content/testwijk/collectieven"
    fd = os.open(os.path.join(os.fsencode(folder), b"caf\xe9.md"), os.O_CREAT | os.O_WRONLY, 0o644)
    os.close(fd)
    assert notified.wait(TIMEOUT)
    assert notified.changes() is None
    story = folder / "buurtkeuken.md"
    story.write_text(story.read_text(encoding="utf-8") + "\nMeer.\n", encoding="utf-8")
    assert notified.changes() == {str(story)}  # the poller, which looks when asked


def test_polling_is_chosen_when_asked(minimal: Path) -> None:
    watcher = open_watcher(minimal, poll=True, mounts="")
    assert isinstance(watcher, PollingWatcher) and watcher.kind == "poll"
    assert "--poll" in watcher.reason


MOUNTS = """\
/dev/sdc / ext4 rw,relatime 0 0
C:\\134 /mnt/c 9p rw,noatime,dirsync,aname=drvfs;path=C:\\;uid=1000 0 0
server:/export /srv/share nfs4 rw,relatime 0 0
/dev/sdd /srv/share/lokaal ext4 rw 0 0
/dev/sde /home/jan/mijn\\040sites ext4 rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/mnt/c/Users/jan/wijken", "9p"),
        ("/mnt/cd/wijken", "ext4"),  # not below /mnt/c
        ("/srv/share/wijken", "nfs4"),
        ("/srv/share/lokaal/wijken", "ext4"),  # the deepest mount counts
        ("/home/jan/mijn sites/wijken", "ext4"),
        ("/home/jan/wijken", "ext4"),
    ],
)
def test_the_file_system_of_a_path_comes_from_the_mount_table(path: str, kind: str) -> None:
    assert file_system(Path(path), MOUNTS) == kind


def test_polling_is_chosen_where_notifications_do_not_arrive(minimal: Path) -> None:
    assert "9p" in polling_reason(Path("/mnt/c/Users/jan/wijken"), mounts=MOUNTS)
    assert "nfs4" in polling_reason(Path("/srv/share/wijken"), mounts=MOUNTS)
    assert polling_reason(Path("/home/jan/wijken"), mounts=MOUNTS) == ""
    on_a_share = f"server:/export {minimal} nfs4 rw 0 0\n"
    watcher = open_watcher(minimal, mounts=MOUNTS + on_a_share)
    assert isinstance(watcher, PollingWatcher) and "nfs4" in watcher.reason


def test_the_polling_watcher_names_each_changed_file(minimal: Path) -> None:
    watcher = PollingWatcher(minimal)
    assert watcher.changes() == frozenset()
    story = minimal / "content/testwijk/collectieven/buurtkeuken.md"
    story.write_text(story.read_text(encoding="utf-8") + "\nMeer.\n", encoding="utf-8")
    added = minimal / "content/testwijk/collectieven/nieuw.md"
    added.write_text("---\nnaam: Nieuw\n---\n", encoding="utf-8")
    (minimal / "content/testwijk/collectieven/.nieuw.md.swp").write_bytes(b"vim")
    (minimal / "wijkgen.yaml").unlink()
    assert watcher.changes() == {str(story), str(added), str(minimal / "wijkgen.yaml")}
    assert watcher.changes() == frozenset()
