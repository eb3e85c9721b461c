"""`wijkgen check --format`: annotations for GitHub Actions and JSON for programs carry the same problems."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from wijkgen.cli import main
from wijkgen.errors import Problem, Severity
from wijkgen.report import code_quality_json, github_annotation

FILE = "content/testwijk/collectieven/buurtkeuken.md"


def test_github_annotations_point_at_the_line(project: Callable[..., Path], runner: CliRunner) -> None:
    project(broken="unknown-value")
    result = runner.invoke(main, ["check", "--format", "github"])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"::error file={FILE},line=6,col=5,title=wijkgen schema.enum_close::'sociaal netwerk' is geen geldige "
        "waarde voor 'waarden' (de 2e in de lijst) — bedoelde je 'sociale netwerken'? Kies uit: geld, "
        "werkgelegenheid, lokaal "
        "ondernemerschap, veiligheid, gelijkheid, samenwerking, opleiding, gezondheid, natuur, leefbaarheid, "
        "sociale netwerken."
    ]
    assert result.stderr == "1 fout, 0 waarschuwingen\n"


def test_github_warnings_pass_unless_strict(project: Callable[..., Path], runner: CliRunner) -> None:
    project(broken="unused-file")
    result = runner.invoke(main, ["check", "--format", "github"])
    assert result.exit_code == 0
    assert result.stdout.startswith("::warning file=content/testwijk/collectieven/bakkerij.txt,line=1,col=1,")
    assert runner.invoke(main, ["check", "--format", "github", "--strict"]).exit_code == 1


def test_annotation_escapes_what_github_would_misread() -> None:
    problem = Problem("a,b:c.md", 3, 4, "schema.other", {"field": "x", "detail": "100%\nklaar"}, Severity.ERROR)
    assert github_annotation(problem) == (
        "::error file=a%2Cb%3Ac.md,line=3,col=4,title=wijkgen schema.other::veld 'x' klopt niet: 100%25%0Aklaar"
    )


def test_json_lists_every_problem(project: Callable[..., Path], runner: CliRunner) -> None:
    project(broken="missing-required")
    result = runner.invoke(main, ["check", "--format", "json"])
    assert result.exit_code == 1 and result.stderr == ""
    data = json.loads(result.stdout)
    assert {k: data[k] for k in ("ok", "errors", "warnings", "wijken")} == {
        "ok": False, "errors": 2, "warnings": 0, "wijken": 0}
    places = [(p["file"], p["line"], p["column"], p["severity"], p["code"], p["args"]["key"]) for p in data["problems"]]
    assert places == [
        ("content/testwijk/wijk.md", 2, 1, "error", "schema.required", "stad"),
        ("content/testwijk/wijk.md", 2, 1, "error", "schema.required", "samenvatting"),
    ]
    assert data["problems"][0]["message"] == "verplicht veld 'stad' ontbreekt. Voeg een regel 'stad: ...' toe."


def test_json_for_valid_content(project: Callable[..., Path], runner: CliRunner) -> None:
    project()
    result = runner.invoke(main, ["check", "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"ok": True, "files": 4, "wijken": 1, "errors": 0, "warnings": 0,
                                         "problems": []}


def test_code_quality_report_for_gitlab_merge_requests(project: Callable[..., Path], runner: CliRunner) -> None:
    project(broken="unknown-value")
    result = runner.invoke(main, ["check", "--format", "codequality"])
    assert result.exit_code == 1
    [issue] = json.loads(result.stdout)  # standard output holds only the report: the job writes it to a file
    assert re.fullmatch(r"[0-9a-f]{64}", issue.pop("fingerprint"))
    assert issue == {
        "description": "'sociaal netwerk' is geen geldige waarde voor 'waarden' (de 2e in de lijst) — "
        "bedoelde je 'sociale netwerken'? "
        "Kies uit: geld, werkgelegenheid, lokaal ondernemerschap, veiligheid, gelijkheid, samenwerking, opleiding, "
        "gezondheid, natuur, leefbaarheid, sociale netwerken.",
        "check_name": "schema.enum_close",
        "severity": "major",
        "location": {"path": FILE, "lines": {"begin": 6}},
    }
    assert result.stderr.startswith(f"{FILE}:6:5: fout: 'sociaal netwerk' is geen geldige waarde")  # for the job log
    project(broken="unused-file")
    warned = runner.invoke(main, ["check", "--format", "codequality"])
    assert warned.exit_code == 0 and [i["severity"] for i in json.loads(warned.stdout)] == ["minor"]


def test_code_quality_fingerprints_follow_a_problem_that_moves() -> None:
    """GitLab tells new problems from fixed ones by fingerprint: a moved line keeps it, two equal problems differ."""
    args = {"field": "x", "detail": "klopt niet"}

    def fingerprints(*lines: int) -> list[str]:
        problems = [Problem("a.md", line, 1, "schema.other", args, Severity.ERROR) for line in lines]
        return [issue["fingerprint"] for issue in json.loads(code_quality_json(problems))]

    assert fingerprints(3) == fingerprints(7)
    first, second = fingerprints(3, 9)
    assert first != second and first == fingerprints(3)[0]
