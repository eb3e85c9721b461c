"""The CI files `wijkgen init` writes, read as the platforms read them: each job's shell steps in order, with
the environment the platform gives them, and a way to run those steps in a shell as its runner would."""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

GITHUB_WORKFLOW = ".github/workflows/wijkgen.yml"
GITLAB_CI = ".gitlab-ci.yml"
# What actions/configure-pages gives as base_url and GitLab as CI_PAGES_URL for a project site: no final slash.
PAGES_URL = "https://voorbeeld.github.io/mijnwijk"
_EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


@dataclass(frozen=True)
class ShellStep:
    """One shell step of a CI job: its name, the script, and the variables the platform sets for it."""

    name: str
    script: str
    env: dict[str, str]


def load_yaml(path: Path) -> dict[str, Any]:
    """A YAML file as data (`on:` stays the key "on", as GitHub reads it, not PyYAML's YAML 1.1 true)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    if True in data:
        data["on"] = data.pop(True)
    return data


def github_steps(project: Path, job: str, summary: Path) -> list[ShellStep]:
    """The `run:` steps of ``job`` in the project's GitHub workflow, with `${{ … }}` filled in as Actions would."""
    workflow = load_yaml(project / GITHUB_WORKFLOW)
    context = {
        "steps.pages.outputs.base_url": PAGES_URL,
        "runner.os": "Linux",
        "env.WIJKGEN": str(workflow["env"]["WIJKGEN"]),
    }

    def fill(text: str) -> str:
        return _EXPRESSION.sub(lambda m: context[m.group(1)], text)  # an unknown expression fails the test

    steps = []
    for step in workflow["jobs"][job]["steps"]:
        if "run" not in step:
            continue
        assert "if" not in step, f"{step['name']} runs only sometimes; this reader runs every shell step"
        env = {key: fill(str(value)) for key, value in {**workflow.get("env", {}), **step.get("env", {})}.items()}
        env["GITHUB_STEP_SUMMARY"] = str(summary)
        env["GITHUB_ACTIONS"] = "true"
        steps.append(ShellStep(step["name"], step["run"], env))
    return steps


def gitlab_steps(project: Path, job: str) -> list[ShellStep]:
    """The `before_script:` and `script:` lines of ``job`` in the project's .gitlab-ci.yml, one step each."""
    ci = load_yaml(project / GITLAB_CI)
    env = {key: str(value) for key, value in ci.get("variables", {}).items()}
    env.update({"CI_PAGES_URL": PAGES_URL, "GITLAB_CI": "true"})
    lines = [*ci[job].get("before_script", ci.get("default", {}).get("before_script", [])), *ci[job]["script"]]
    return [ShellStep(line, line, env) for line in lines]


def run_steps(steps: list[ShellStep], cwd: Path, path: list[Path], base_env: dict[str, str] | None = None,
              skip: str = "") -> list[subprocess.CompletedProcess[str]]:
    """Run each step in bash in ``cwd`` with ``path`` in front of the PATH, as a runner would: the first one that
    fails fails the test. Steps whose script starts with ``skip`` (when given) are left out."""
    done = []
    for step in steps:
        if skip and step.script.startswith(skip):
            continue
        env = {"PATH": os.pathsep.join([*map(str, path), "/usr/bin", "/bin"]), "HOME": os.environ.get("HOME", "/"),
               "CI": "true", "LANG": "C.UTF-8", **(base_env or {}), **step.env}
        result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step.script], cwd=cwd,
                                env=env, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, f"step {step.name!r} failed:\n{result.stdout}\n{result.stderr}"
        done.append(result)
    return done
