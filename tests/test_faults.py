"""Faults never cost the published site: builds killed at any moment, a full disk, two builds at once, a damaged
or read-only cache.

Every test runs the real ``python -m wijkgen build`` in a subprocess on a generated project big enough to take a
few seconds, and hurts it with real means of the operating system: SIGKILL, a file size limit (RLIMIT_FSIZE), a
small tmpfs that fills up, a folder without write permission. Nothing of wijkgen is replaced or mocked. After each
fault the previous ``site/`` must be byte for byte what it was, and the next build must succeed and write exactly
what a clean build (no cache, fresh folder) writes.

Nothing here depends on how fast the machine is: a build is killed or held at a named point
(:mod:`wijkgen.write.pause`), which it announces by creating a file, and every wait has a bound that only matters
when something hangs.
"""

from __future__ import annotations

import errno
import os
import random
import re
import resource
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import tree_bytes, tree_folders
from tests.sitetools import generator
from wijkgen.build import build
from wijkgen.speed.cache import CACHE_DIR, CACHE_FILE
from wijkgen.write.pause import FILE_VARIABLE, POINT_VARIABLE, POINTS
from wijkgen.write.staging import write_error

COLLECTIVES = 300  # about 340 pages: a build takes a few seconds and spreads the pages over worker processes
TIMEOUT = 300.0  # for anything that ends by itself: only reached when something hangs
EXTRA = "\nDit collectief heeft er een nieuwe alinea bij, zodat elke pagina verandert.\n"


# -- the project and its two versions ------------------------------------------------------------


def set_version(root: Path, version: int) -> None:
    """Version 1 is the generated project; version 2 changes every page (title) and every collective (a paragraph)."""
    config = root / "wijkgen.yaml"
    text = config.read_text(encoding="utf-8")
    one, two = "titel: Benchmark\n", "titel: Benchmark, versie twee\n"
    config.write_text(text.replace(two, one) if version == 1 else text.replace(one, two), encoding="utf-8")
    for path in sorted((root / "content").glob("*/collectieven/*.md")):
        text = path.read_text(encoding="utf-8").removesuffix(EXTRA)
        path.write_text(text + EXTRA if version == 2 else text, encoding="utf-8")


class Generated:
    """A generated project built once at version 1 (site and cache), and the clean output of both versions."""

    def __init__(self, base: Path) -> None:
        self.template = generator()("wijkgen", base / "template", COLLECTIVES, 6)
        self.clean: dict[int, dict[str, bytes]] = {}
        self.folders: dict[int, list[str]] = {}
        for version in (2, 1):
            set_version(self.template, version)
            out = base / f"clean-{version}"
            build(self.template, out=out, display_base=self.template)
            self.clean[version] = tree_bytes(out)
            self.folders[version] = tree_folders(out)
        assert self.clean[1] != self.clean[2]
        done = run_build(self.template)
        assert done.returncode == 0, done.stderr
        assert tree_bytes(self.template / "site") == self.clean[1]

    def copy(self, target: Path) -> Path:
        """A copy of the project, its site and its cache, at version 1."""
        shutil.copytree(self.template, target, symlinks=True)
        return target


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    return Generated(tmp_path_factory.mktemp("generated"))


@pytest.fixture
def root(generated: Generated, tmp_path: Path) -> Path:
    return generated.copy(tmp_path / "project")


# -- running builds ------------------------------------------------------------------------------


def command(root: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "wijkgen", "build", str(root), *args]


def run_build(root: Path, *args: str, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    """A build to its end, with its output."""
    return subprocess.run([*prefix, *command(root, *args)], cwd=root, capture_output=True, text=True,
                          timeout=TIMEOUT, check=False)


def start_build(root: Path, log: Path, *args: str, pause: str = "") -> subprocess.Popen[bytes]:
    """A build in a process group of its own (as CI runs a step), its output in ``log``; with ``pause`` it
    stops at that named point (see :func:`paused`)."""
    env = dict(os.environ)
    if pause:
        assert pause in POINTS, pause
        env.update({POINT_VARIABLE: pause, FILE_VARIABLE: str(pause_file(log))})
    with log.open("wb") as stream:
        return subprocess.Popen(command(root, *args), cwd=root, stdout=stream, stderr=subprocess.STDOUT,
                                start_new_session=True, env=env)


def pause_file(log: Path) -> Path:
    """The file a build started with ``log`` creates when it reaches its pause point."""
    return log.with_name(log.name + ".paused")


def paused(process: subprocess.Popen[bytes], log: Path, point: str) -> None:
    """Wait until the build started with ``log`` and ``pause=point`` stands still at ``point``."""
    announced = pause_file(log)
    wait_for(process, announced.exists, f"the build pausing at {point}")
    assert announced.read_text(encoding="utf-8") == f"{point} {process.pid}\n"


def go_on(log: Path) -> None:
    """Let a paused build go on."""
    pause_file(log).unlink()


def wait_for(process: subprocess.Popen[bytes], condition: Callable[[], bool], what: str) -> None:
    """Poll until ``condition`` holds; fails when the process ends first (or, if it hangs, after TIMEOUT)."""
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        assert process.poll() is None, f"the process ended before {what}"
        assert time.monotonic() < deadline, f"no {what} in {TIMEOUT} s"
        time.sleep(0.005)


def kill(process: subprocess.Popen[bytes], group: bool = True) -> None:
    """SIGKILL the build (with its worker processes and Pagefind when ``group``) and reap it."""
    if group:
        os.killpg(process.pid, signal.SIGKILL)
    else:
        process.kill()
    assert process.wait(timeout=TIMEOUT) == -signal.SIGKILL


def wait_until_gone(group: int) -> None:
    """Wait until no process of ``group`` is left (the workers of a build killed alone)."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return
        time.sleep(0.01)
    raise AssertionError(f"processes of group {group} still running after {TIMEOUT} s")


KEPT = ".site.staging"  # the staging folder kept between builds: it holds the previous site


def leftovers(root: Path) -> list[str]:
    """What builds put next to ``site/`` for a while: other staging folders, a replaced site, the lock file (not
    the kept staging folder)."""
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".site.") and p.name != KEPT)


def assert_success(result: subprocess.CompletedProcess[str], root: Path, expected: dict[str, bytes]) -> None:
    """The build ended well, wrote exactly ``expected`` and left nothing next to the site."""
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert tree_bytes(root / "site") == expected
    assert leftovers(root) == []


# -- killed at any moment ------------------------------------------------------------------------


@pytest.mark.faults
def test_killed_build_leaves_the_previous_site_and_the_next_build_succeeds(
    root: Path, generated: Generated, tmp_path: Path
) -> None:
    """SIGKILL at each named point of a build that changes every page; each time the previous site stands whole
    (or, once swapped, the new one), and the next build succeeds at once.

    From the second point on, each killed build was bringing the staging folder that the build before it kept
    (the site before that one, sharing its unchanged files with site/ through hard links) up to date: every page
    is replaced in it, and Pagefind's files (named by their contents) are new ones, so the old ones are stale.
    The build after the kill trusts nothing of that half-updated folder that it does not check, and writes
    exactly what a clean build writes, with no folder more."""
    site, kept = root / "site", root / KEPT
    # (the point, kill the whole process group or only the build's main process)
    points = [("cache-write", True), ("staging", True), ("pages", False), ("search-index", True), ("indexing", False),
              ("pruning", True), ("swapped", True)]
    assert [point for point, _ in points] == list(POINTS)  # a new point gets a case here
    version = 1
    for point, group in points:
        previous = generated.clean[version]
        version = 3 - version
        set_version(root, version)
        # the first build after the copy finds no kept folder; every later one brings the kept one up to date
        assert kept.is_dir() == (point != "cache-write"), point
        log = tmp_path / f"killed-at-{point}.log"
        process = start_build(root, log, pause=point)
        paused(process, log, point)
        kill(process, group)
        if point == "swapped":
            assert tree_bytes(site) == generated.clean[version], point  # the new site, complete
        else:
            assert tree_bytes(site) == previous, f"site/ changed by a build killed at {point}"
        if point == "pruning":  # the staging folder is complete, and has begun to lose what only the old site had
            assert tree_bytes(kept).items() >= generated.clean[version].items(), point
        assert ".site.lock" in leftovers(root), point  # the file stays; the lock itself died with the build
        result = run_build(root)  # at once: neither the lock nor the leftovers of the killed build block it
        assert result.returncode == 0, f"{point}: {result.stderr}"
        assert "Traceback" not in result.stderr + log.read_text(encoding="utf-8"), point
        assert tree_bytes(site) == generated.clean[version], f"the build after one killed at {point}"
        assert tree_folders(site) == generated.folders[version], point
        # the kept folder now holds the site that stood before this build: the new one when the kill came after
        # the swap
        assert tree_bytes(kept) == (generated.clean[version] if point == "swapped" else previous), point
        if not group:  # its render workers end with it, rather than write on into its staging folder
            wait_until_gone(process.pid)
        assert leftovers(root) == [], point


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text(encoding="utf-8")
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    """True while process ``pid`` exists and is not a zombie waiting to be reaped."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8")
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.faults
def test_build_killed_while_indexing_leaves_no_pagefind(root: Path, tmp_path: Path) -> None:
    """SIGKILL to the build alone (not its group) while Pagefind's service indexes: the service ends with it."""
    log = tmp_path / "indexing.log"
    process = start_build(root, log, pause="indexing")
    paused(process, log, "indexing")
    indexers = [pid for pid in _children(process.pid)
                if Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[:2][-1] == b"--service"]
    assert len(indexers) == 1, "Pagefind's service runs while the build is paused at 'indexing'"
    kill(process, group=False)
    deadline = time.monotonic() + TIMEOUT
    while any(_alive(pid) for pid in indexers):
        assert time.monotonic() < deadline, "pagefind --service outlived the build"
        time.sleep(0.01)
    wait_until_gone(process.pid)  # nothing of the build's process group is left


# -- a write that fails halfway --------------------------------------------------------------------

FILE_SIZE_LIMIT = 150_000  # every page is smaller; the open data files (JSON) are larger, and written after the pages


def _limit_file_size() -> None:
    """In the build process: files may not grow past the limit, and a write past it fails (EFBIG) instead of
    killing the process (SIGXFSZ ignored): the same failure a full disk gives, half way through a build."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE_LIMIT, FILE_SIZE_LIMIT))


@pytest.mark.faults
def test_write_failing_halfway_keeps_the_site_and_says_what_to_do(
    root: Path, generated: Generated, tmp_path: Path
) -> None:
    # Every page fits under the limit and some data file does not: the build fails halfway, after its pages.
    assert max(len(data) for data in generated.clean[2].values()) > FILE_SIZE_LIMIT
    assert max(len(data) for name, data in generated.clean[2].items() if name.endswith(".html")) < FILE_SIZE_LIMIT
    set_version(root, 2)
    log = tmp_path / "beperkt.log"
    with log.open("wb") as stream:
        process = subprocess.Popen(command(root), cwd=root, stdout=stream, stderr=subprocess.STDOUT,
                                   preexec_fn=_limit_file_size)
    assert process.wait(timeout=TIMEOUT) == 2, log.read_text(encoding="utf-8")
    site = root / "site"
    said = log.read_text(encoding="utf-8")
    shown = re.escape(str(site))
    too_big = re.fullmatch(rf"wijkgen: fout: {shown}/(data/\w+\.json) kon niet geschreven worden: (.*)\n", said)
    assert too_big is not None, said  # the first whole-site data file over the limit (which one: the build's order),
    # written after every page
    assert len(generated.clean[2][too_big[1]]) > FILE_SIZE_LIMIT
    assert too_big[2] == (
        "het bestand wordt groter dan dit systeem toestaat (de limiet op bestandsgrootte). De vorige site in "
        f"{site} is niet aangeraakt. Verhoog de limiet (ulimit -f) of vraag de beheerder dat te doen, en bouw opnieuw."
    )
    assert tree_bytes(site) == generated.clean[1]
    assert leftovers(root) == [] and not (root / KEPT).exists()  # the staging folder is gone: it held new files
    assert_success(run_build(root), root, generated.clean[2])


def _namespace() -> list[str]:
    """A command prefix for a private mount namespace (as root, or as a user through a user namespace)."""
    prefix = ["unshare", "--mount"] if os.geteuid() == 0 else ["unshare", "--user", "--map-root-user", "--mount"]
    try:
        ok = subprocess.run([*prefix, "true"], capture_output=True, timeout=30, check=False).returncode == 0
    except OSError:
        ok = False
    if not ok:
        pytest.skip("no mount namespaces here (unshare): cannot make a small disk to fill")
    return prefix


FULL_DISK = r"""
set -u
mount -t tmpfs -o size=64m wijkgen-test "$DISK"
cp -a "$PROJECT" "$DISK/project"
cd "$DISK/project"
"$PYTHON" -m wijkgen build . > "$RESULTS/first.out" 2>&1 || exit 10
cp -a site "$RESULTS/before"
cp -a "$EDITED/content" "$EDITED/wijkgen.yaml" .
dd if=/dev/zero of="$DISK/filler" bs=64k 2> /dev/null
truncate -s -2M "$DISK/filler"
"$PYTHON" -m wijkgen build . > "$RESULTS/full.out" 2> "$RESULTS/full.err"
echo $? > "$RESULTS/full.status"
cp -a site "$RESULTS/after"
ls -A > "$RESULTS/listing"
rm "$DISK/filler"
"$PYTHON" -m wijkgen build . > "$RESULTS/again.out" 2>&1
echo $? > "$RESULTS/again.status"
cp -a site "$RESULTS/again"
ls -A > "$RESULTS/listing-again"
mkdir "$DISK/fresh" && cp -a content wijkgen.yaml "$DISK/fresh" && cd "$DISK/fresh"
"$PYTHON" -m wijkgen build . > "$RESULTS/fresh.out" 2>&1 || exit 11
cp -a site "$RESULTS/fresh"
"""


@pytest.mark.faults
def test_full_disk_keeps_the_site_and_says_what_to_do(root: Path, generated: Generated, tmp_path: Path) -> None:
    """A real full disk: a 64 MB tmpfs in a mount namespace of its own, filled up but for 2 MB (room enough
    afterwards for the project, its site, the kept staging folder, the cache and a fresh build beside them)."""
    prefix = _namespace()
    disk, results, edited = tmp_path / "schijf", tmp_path / "uitkomst", tmp_path / "bewerkt"
    disk.mkdir()
    results.mkdir()
    shutil.copytree(root / "content", edited / "content")
    shutil.copy(root / "wijkgen.yaml", edited)
    set_version(edited, 2)  # what the author changes before the build that finds the disk full
    env = {**os.environ, "DISK": str(disk), "PROJECT": str(root), "RESULTS": str(results), "EDITED": str(edited),
           "PYTHON": sys.executable}
    done = subprocess.run([*prefix, "sh", "-c", FULL_DISK], env=env, capture_output=True, text=True,
                          timeout=5 * TIMEOUT, check=False)
    assert done.returncode == 0, done.stderr + (results / "first.out").read_text(encoding="utf-8")
    assert (results / "full.status").read_text().strip() == "2"
    error = (results / "full.err").read_text(encoding="utf-8")
    site = disk / "project" / "site"
    found = re.fullmatch(
        rf"wijkgen: fout: {re.escape(str(site))}/(\S+) kon niet geschreven worden: de schijf is vol\. De vorige "
        rf"site in {re.escape(str(site))} is niet aangeraakt\. Maak ruimte vrij op de schijf \(of kies met --out "
        r"een map op een andere schijf\) en bouw opnieuw\.\n",
        error,
    )
    assert found, error
    assert tree_bytes(results / "after") == tree_bytes(results / "before")
    listing = (results / "listing").read_text().split()
    assert not [name for name in listing if name.startswith(".site.")], listing  # the staging folder gave its room back
    assert (results / "again.status").read_text().strip() == "0", (results / "again.out").read_text()
    assert tree_bytes(results / "again") == tree_bytes(results / "fresh")  # a clean build on the same disk
    assert without_search(tree_bytes(results / "again")) == without_search(generated.clean[2])
    assert "Traceback" not in error + (results / "again.out").read_text(encoding="utf-8")


def without_search(tree: dict[str, bytes]) -> dict[str, bytes]:
    """A site without its search index: Pagefind's files depend on the order the file system lists pages in."""
    return {name: data for name, data in tree.items() if not name.startswith("pagefind/")}


def _unprivileged() -> list[str]:
    """A command prefix under which file permissions hold (root ignores them: a user namespace without root)."""
    if os.geteuid() != 0:
        return []
    if subprocess.run(["unshare", "--user", "true"], capture_output=True, timeout=30, check=False).returncode:
        pytest.skip("running as root without user namespaces: permissions cannot be tested")
    return ["unshare", "--user"]


@pytest.mark.faults
def test_no_permission_to_write_keeps_the_site_and_says_what_to_do(generated: Generated, tmp_path: Path) -> None:
    root = generated.copy(tmp_path / "project")
    parent = tmp_path / "uit"
    out = parent / "site"
    assert run_build(root, "--out", str(out)).returncode == 0
    set_version(root, 2)
    parent.chmod(0o555)
    try:
        result = run_build(root, "--out", str(out), prefix=tuple(_unprivileged()))
    finally:
        parent.chmod(0o755)
    assert result.returncode == 2
    assert result.stderr == (
        f"wijkgen: fout: {parent}/.site.lock kon niet geschreven worden: je hebt geen toestemming om daar te "
        f"schrijven. De vorige site in {out} is niet aangeraakt. Geef jezelf schrijfrechten op die map, of kies met "
        "--out een map waarin je wel mag schrijven, en bouw opnieuw.\n"
    )
    assert tree_bytes(out) == generated.clean[1]
    result = run_build(root, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert tree_bytes(out) == generated.clean[2]


@pytest.mark.parametrize(
    ("number", "reason", "hint"),
    [
        (errno.ENOSPC, "de schijf is vol", "Maak ruimte vrij op de schijf (of kies met --out een map op een andere "
         "schijf) en bouw opnieuw."),
        (errno.EDQUOT, "je schijfquotum is op (je mag op deze schijf niet meer ruimte gebruiken)",
         "Ruim bestanden op of vraag de beheerder om meer ruimte, en bouw opnieuw."),
        (errno.EFBIG, "het bestand wordt groter dan dit systeem toestaat (de limiet op bestandsgrootte)",
         "Verhoog de limiet (ulimit -f) of vraag de beheerder dat te doen, en bouw opnieuw."),
        (errno.EACCES, "je hebt geen toestemming om daar te schrijven", "Geef jezelf schrijfrechten op die map, of "
         "kies met --out een map waarin je wel mag schrijven, en bouw opnieuw."),
        (errno.EROFS, "die schijf of map kan alleen gelezen worden", "Kies met --out een map op een schijf waarop "
         "je kunt schrijven, en bouw opnieuw."),
        (errno.EIO, os.strerror(errno.EIO), "Los dat op en bouw opnieuw."),
    ],
    ids=["ENOSPC", "EDQUOT", "EFBIG", "EACCES", "EROFS", "other"],
)
def test_write_error_messages(number: int, reason: str, hint: str, tmp_path: Path) -> None:
    """Each kind of write error says what happened and what to do; a file in the staging folder is named where
    it was meant to go."""
    out = tmp_path / "site"
    error = OSError(number, os.strerror(number), str(tmp_path / ".site.staging" / "wijk" / "index.html"))
    assert write_error(error, out).text("nl") == (
        f"{out}/wijk/index.html kon niet geschreven worden: {reason}. De vorige site in {out} is niet aangeraakt. "
        f"{hint}"
    )
    assert write_error(OSError(number, os.strerror(number)), out).text("en").startswith(f"{out} could not be written")


# -- two builds at once --------------------------------------------------------------------------

WAITING = "Er draait al een build voor dit project die in {out} schrijft (proces {pid}). Deze build wacht tot die " \
    "klaar is en gaat dan verder; stoppen kan met Ctrl+C."


def _holds_the_lock(root: Path, process: subprocess.Popen[bytes]) -> bool:
    """Whether ``process`` holds the lock of ``root/site`` (it writes its process id into the lock file)."""
    return (root / ".site.lock").read_text(encoding="ascii").strip() == str(process.pid)


def _says(log: Path, text: str) -> Callable[[], bool]:
    return lambda: text in log.read_text(encoding="utf-8")


@pytest.mark.faults
def test_a_second_build_waits_for_the_first_then_builds_the_newest_content(
    root: Path, generated: Generated, tmp_path: Path
) -> None:
    set_version(root, 2)
    first_log, second_log = tmp_path / "eerste.log", tmp_path / "tweede.log"
    first = start_build(root, first_log, pause="staging")  # it holds the lock from before it loads the content
    paused(first, first_log, "staging")
    try:
        set_version(root, 1)  # an author saves again while the first build runs
        second = start_build(root, second_log)
        waiting = WAITING.format(out=root / "site", pid=first.pid)
        wait_for(second, _says(second_log, waiting), "the second build waiting")
        assert second.poll() is None and leftovers(root).count(".site.lock") == 1
        assert tree_bytes(root / "site") == generated.clean[1]  # nothing written yet by either
    finally:
        go_on(first_log)
    assert first.wait(timeout=TIMEOUT) == 0, first_log.read_text(encoding="utf-8")
    assert second.wait(timeout=TIMEOUT) == 0, second_log.read_text(encoding="utf-8")
    lines = second_log.read_text(encoding="utf-8").splitlines()
    assert lines[0] == waiting and lines[-1].startswith("Klaar: 342 pagina's") and len(lines) == 2, lines
    # The second build came last, with the newest content: had it not waited, the first (version 2) would have
    # swapped its site in after it.
    assert tree_bytes(root / "site") == generated.clean[1]
    assert leftovers(root) == []


@pytest.mark.faults
def test_a_waiting_build_goes_on_when_the_first_is_killed(root: Path, generated: Generated, tmp_path: Path) -> None:
    set_version(root, 2)
    first_log = tmp_path / "eerste.log"
    first = start_build(root, first_log, pause="staging")
    paused(first, first_log, "staging")
    assert _holds_the_lock(root, first)
    second_log = tmp_path / "tweede.log"
    second = start_build(root, second_log)
    wait_for(second, _says(second_log, WAITING.format(out=root / "site", pid=first.pid)), "the second build waiting")
    kill(first)  # its lock dies with it: the second build takes over at once
    assert second.wait(timeout=TIMEOUT) == 0, second_log.read_text(encoding="utf-8")
    assert "Traceback" not in second_log.read_text(encoding="utf-8")
    assert tree_bytes(root / "site") == generated.clean[2]
    assert leftovers(root) == []


# -- the build cache -----------------------------------------------------------------------------


def _damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    noise = random.Random(2026)
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "garbage":
        path.write_bytes(noise.randbytes(len(data)))
    else:  # garbage inside: SQLite opens it, and finds the damage only where it reads
        start, end = len(data) * 2 // 5, len(data) * 3 // 5
        path.write_bytes(data[:start] + noise.randbytes(end - start) + data[end:])


@pytest.mark.faults
@pytest.mark.parametrize("how", ["truncated", "garbage", "garbage inside"])
def test_damaged_cache_gives_a_correct_site_and_is_rebuilt(root: Path, generated: Generated, how: str) -> None:
    database = root / CACHE_DIR / CACHE_FILE
    assert not database.with_name(f"{CACHE_FILE}-wal").exists()  # all of it is in the one file
    _damage(database, how)
    set_version(root, 2)
    assert_success(run_build(root), root, generated.clean[2])
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA quick_check").fetchone() == ("ok",)
    set_version(root, 1)
    assert_success(run_build(root), root, generated.clean[1])


@pytest.mark.faults
def test_values_changed_on_disk_are_not_trusted(root: Path, generated: Generated) -> None:
    """Bytes changed inside stored values (SQLite cannot notice: it keeps no checksums) are noticed all the same."""
    with sqlite3.connect(root / CACHE_DIR / CACHE_FILE) as db:
        for table in ("markdown", "documents", "wijken"):
            rows = db.execute(f"SELECT key, value FROM {table}").fetchall()
            changed = [(value.replace(b"buurt", b"BUURT"), key) for key, value in rows if b"buurt" in value]
            assert changed
            db.executemany(f"UPDATE {table} SET value = ? WHERE key = ?", changed)
    shutil.rmtree(root / "site")
    assert_success(run_build(root), root, generated.clean[1])


@pytest.mark.faults
def test_read_only_cache_gives_a_correct_site_and_stays_as_it_was(root: Path, generated: Generated) -> None:
    cache = root / CACHE_DIR
    before = tree_bytes(cache)
    for path in cache.iterdir():
        path.chmod(0o444)
    cache.chmod(0o555)
    set_version(root, 2)
    try:
        result = run_build(root, prefix=tuple(_unprivileged()))
    finally:
        cache.chmod(0o755)
    assert_success(result, root, generated.clean[2])
    assert tree_bytes(cache) == before


@pytest.mark.faults
def test_a_build_while_serve_runs_neither_waits_nor_disturbs(root: Path, generated: Generated, tmp_path: Path) -> None:
    """``serve`` builds into a folder of its own (never ``site/``), so it takes no lock; the two share only the
    cache, which SQLite keeps whole for both."""
    log = tmp_path / "serve.log"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with log.open("wb") as stream:
        serving = subprocess.Popen([sys.executable, "-m", "wijkgen", "serve", str(root), "--port", str(port)],
                                   cwd=root, stdout=stream, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for(serving, _says(log, "Voorbeeldsite:"), "serve listening")
        # It answers once its event loop runs, which is after its watcher took stock of the sources: so it
        # surely notices the edit below (and rebuilds, maybe while the build runs).
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=TIMEOUT) as answer:
            assert answer.status == 200
        set_version(root, 2)
        result = run_build(root)
        assert "Er draait al een build" not in result.stderr
        assert_success(result, root, generated.clean[2])
        wait_for(serving, _says(log, "Bijgewerkt in"), "serve rebuilding")
    finally:
        os.killpg(serving.pid, signal.SIGTERM)
        assert serving.wait(timeout=TIMEOUT) == 0
    assert "Traceback" not in log.read_text(encoding="utf-8")
