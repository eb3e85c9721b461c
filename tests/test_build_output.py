"""What `wijkgen build` prints: a progress bar only for big sites on a terminal (never in CI), and a summary."""

from __future__ import annotations

import os
import pty
import re
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import FIXTURES
from wijkgen.build import load_and_assemble
from wijkgen.cli import main
from wijkgen.render.pages import plan_pages

TIMEOUT = 300.0  # seconds for a build in a subprocess: only reached when something hangs
SUMMARY = re.compile(r"^Klaar: (\d+) pagina(?:'s)?, (\d+) wijk(?:en)?, (\d+) waarschuwing(?:en)?, \d+,\d s → .+$")


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal fixture with 320 collectives: more pages than the progress bar waits for."""
    root = tmp_path_factory.mktemp("groot") / "project"
    shutil.copytree(FIXTURES / "minimal", root)
    source = (root / "content/testwijk/collectieven/buurtkeuken.md").read_text(encoding="utf-8")
    for i in range(320):
        text = source.replace("naam: Buurtkeuken", f"naam: Collectief {i}")
        (root / f"content/testwijk/collectieven/collectief-{i}.md").write_text(text, encoding="utf-8")
    return root


def build_on_terminal(root: Path, **env: str) -> tuple[int, str, str]:
    """Run `wijkgen build` with its error output on a pseudo-terminal, as in a person's terminal window."""
    leader, follower = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS", "GITLAB_CI")}
    environment["WIJKGEN_BASIS_URL"] = "https://wijken.voorbeeld.nl/"  # else the warning about it is printed too
    environment.update(env)
    process = subprocess.Popen(
        [sys.executable, "-m", "wijkgen", "build", str(root), "--out", str(root.parent / "uit")],
        stdout=subprocess.PIPE, stderr=follower, env=environment,
    )
    os.close(follower)
    chunks = []
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if not select.select([leader], [], [], 1)[0]:
            continue
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closes when the build ends
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    try:
        stdout, _ = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    return process.returncode, stdout.decode("utf-8"), b"".join(chunks).decode("utf-8", "replace")


def test_progress_bar_on_a_terminal_for_a_big_site(big: Path) -> None:
    code, stdout, terminal = build_on_terminal(big)
    assert code == 0
    assert "Pagina's schrijven" in terminal and "100%" in terminal
    assert SUMMARY.match(stdout.strip()), stdout
    pages = len(plan_pages(load_and_assemble(big).site))
    assert SUMMARY.match(stdout.strip()).groups() == (str(pages), "1", "0")  # type: ignore[union-attr]


def test_no_progress_bar_in_ci(big: Path) -> None:
    code, stdout, terminal = build_on_terminal(big, CI="true")
    assert code == 0
    assert terminal == ""
    assert SUMMARY.match(stdout.strip())


def test_no_progress_bar_for_a_small_site(tmp_path: Path) -> None:
    root = tmp_path / "klein"
    shutil.copytree(FIXTURES / "minimal", root)
    code, stdout, terminal = build_on_terminal(root)
    assert code == 0 and terminal == ""
    assert SUMMARY.match(stdout.strip())


def test_no_progress_bar_when_output_is_not_a_terminal(big: Path, runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["build", str(big), "--out", str(tmp_path / "uit"), "--basis-url",
                                  "https://wijken.voorbeeld.nl/"])
    assert result.exit_code == 0
    assert result.stderr == ""
    match = SUMMARY.match(result.stdout.strip())
    assert match and match.groups() == (str(len(plan_pages(load_and_assemble(big).site))), "1", "0")


def test_summary_counts_warnings(project: Callable[..., Path], runner: CliRunner) -> None:
    root = project()
    (root / "content/testwijk/notities.txt").write_text("los bestand", encoding="utf-8")
    result = runner.invoke(main, ["build"])
    assert result.exit_code == 0
    match = SUMMARY.match(result.stdout.strip())
    assert match and match.groups() == (str(len(plan_pages(load_and_assemble(root).site))), "1", "1")
    assert "waarschuwing: dit bestand wordt niet gebruikt" in result.stderr
