"""The CI files: what `wijkgen init` writes and this repository's release workflow, checked against the platforms'
published schemas (vendored in check-jsonschema, so no network) and for the parts the release relies on."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.ci_files import GITHUB_WORKFLOW, GITLAB_CI, load_yaml
from tests.conftest import REPO
from wijkgen.cli import main

RELEASE = REPO / ".github" / "workflows" / "release.yml"


def _schema_check(schema: str, *files: Path) -> None:
    tool = Path(sys.executable).parent / "check-jsonschema"
    result = subprocess.run([str(tool), "--builtin-schema", schema, *map(str, files)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("requirement", ["wijkgen==0.1.0", "git+https://github.com/eigenaar/wijkgen@0123abcd"],
                         ids=["version", "git-commit"])
def test_generated_ci_files_follow_the_platforms_schemas(requirement: str, tmp_path: Path, runner: CliRunner) -> None:
    project = tmp_path / "project"
    assert runner.invoke(main, ["init", str(project), "--wijkgen-bron", requirement]).exit_code == 0
    _schema_check("vendor.github-workflows", project / GITHUB_WORKFLOW)
    _schema_check("vendor.gitlab-ci", project / GITLAB_CI)
    assert load_yaml(project / GITHUB_WORKFLOW)["env"]["WIJKGEN"] == requirement
    assert load_yaml(project / GITLAB_CI)["variables"]["WIJKGEN"] == requirement


def test_release_workflow_checks_on_pull_requests_and_publishes_only_tags() -> None:
    _schema_check("vendor.github-workflows", RELEASE)
    workflow = load_yaml(RELEASE)
    assert workflow["on"] == {"pull_request": None, "push": {"tags": ["v*"]}}
    assert workflow["permissions"] == {"contents": "read"}
    build = workflow["jobs"]["build"]["steps"]
    runs = [step["run"] for step in build if "run" in step]
    # the script tests/test_release.py runs, so the test command runs the workflow's check
    assert runs == ["python -m pip install build twine", 'python scripts/release_check.py --dist dist --tag "$TAG"']
    publish = workflow["jobs"]["publish"]
    assert publish["needs"] == "build" and publish["if"] == "startsWith(github.ref, 'refs/tags/v')"
    assert publish["permissions"] == {"id-token": "write"}  # trusted publishing: no stored token
    assert [step["uses"] for step in publish["steps"]] == ["actions/download-artifact@v4",
                                                           "pypa/gh-action-pypi-publish@release/v1"]
