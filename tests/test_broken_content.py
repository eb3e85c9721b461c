"""Every kind of broken input gives exactly the expected located message, in Dutch."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import BROKEN
from wijkgen.cli import main

CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES, ids=CASES)
def test_check_prints_expected_messages(case: str, project: Callable[..., Path], runner: CliRunner,
                                        update_golden: bool) -> None:
    project(broken=case)
    result = runner.invoke(main, ["check"])
    expected_file = BROKEN / case / "expected.txt"
    if update_golden:
        expected_file.write_text(f"exit {result.exit_code}\n{result.stderr}", encoding="utf-8")
    expected = expected_file.read_text(encoding="utf-8")
    assert f"exit {result.exit_code}\n{result.stderr}" == expected
    assert "Traceback" not in result.output


ERROR_CASES = [c for c in CASES if (BROKEN / c / "expected.txt").read_text(encoding="utf-8").startswith("exit 1")]


@pytest.mark.parametrize("case", ERROR_CASES, ids=ERROR_CASES)
def test_build_refuses_broken_content_and_keeps_previous_site(case: str, project: Callable[..., Path],
                                                               runner: CliRunner) -> None:
    root = project(broken=case)
    site = root / "site"
    site.mkdir()
    (site / "index.html").write_text("vorige versie", encoding="utf-8")
    result = runner.invoke(main, ["build"])
    assert result.exit_code == 1
    assert (site / "index.html").read_text(encoding="utf-8") == "vorige versie"
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == []
    assert "niet gebouwd" in result.stderr


def test_warning_passes_unless_strict(project: Callable[..., Path], runner: CliRunner) -> None:
    project(broken="unused-file")
    assert runner.invoke(main, ["check"]).exit_code == 0
    strict = runner.invoke(main, ["check", "--strict"])
    assert strict.exit_code == 1
    assert runner.invoke(main, ["build", "--strict"]).exit_code == 1
    assert runner.invoke(main, ["build"]).exit_code == 0


def test_all_problems_in_one_run(project: Callable[..., Path], runner: CliRunner) -> None:
    root = project()
    for case in ("unknown-key", "bad-status", "number-thousands-dot"):
        for path in (BROKEN / case).rglob("*"):
            if path.is_file() and path.name != "expected.txt":
                target = root / path.relative_to(BROKEN / case)
                target.write_bytes(path.read_bytes())
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert any("buurtkeuken.md:2:1: fout: onbekend veld 'naan' — bedoelde je 'naam'?" in line for line in lines)
    assert any("stappen.yaml:3:13: fout: 'klaar'" in line for line in lines)
    assert any("wijk.md:7:13: fout: veld 'waarde'" in line for line in lines)
    assert lines[-1] == "3 fouten, 0 waarschuwingen"
