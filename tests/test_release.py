"""wijkgen as an author gets it: the wheel built from this checkout, installed into fresh virtualenvs that can
reach only a local folder of wheels, and the CI files its `init` writes, run step by step as the platforms
would, up to a crawl of the published site under a sub-path.

Slow (a few minutes: a wheel build, several virtualenvs, two pipelines), so in the full tier (marker
``release``). Once per run, the dependencies' wheels are fetched into a local folder with ``pip download``;
everything after that installs from that folder alone (PIP_NO_INDEX=1, and no pip configuration of this
machine).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.ci_files import (
    GITHUB_WORKFLOW,
    GITLAB_CI,
    PAGES_URL,
    github_steps,
    gitlab_steps,
    load_yaml,
    run_steps,
)
from tests.conftest import REPO
from tests.sitecheck.findings import report
from tests.sitecheck.subpath import SubPathServer, crawl_over_http
from wijkgen import __version__

pytestmark = pytest.mark.release

REQUIREMENT = f"wijkgen=={__version__}"
SUB_PATH = "/mijnwijk/"


@dataclass(frozen=True)
class Release:
    """The checked release: its sdist and wheel, the wheels of every dependency, and the smoke test's work folder."""

    dist: Path
    wheelhouse: Path
    work: Path
    output: str
    seconds: float

    def pip_env(self) -> dict[str, str]:
        """What makes pip install from the two local folders only, whatever this machine's pip is told."""
        return {"PIP_CONFIG_FILE": os.devnull, "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1",
                "PIP_FIND_LINKS": f"{self.dist} {self.wheelhouse}"}


def _run(*command: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None,
         ok: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True, text=True, timeout=900,
                            env={**os.environ, **(env or {})})
    if ok:
        assert result.returncode == 0, f"{command}:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Release:
    """scripts/release_check.py as the release workflow runs it, with its dependencies from a local folder."""
    base = tmp_path_factory.mktemp("release")
    wheelhouse = base / "wheels"
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    needed = [*project["project"]["dependencies"], *project["build-system"]["requires"]]
    _run(sys.executable, "-m", "pip", "download", "--quiet", "--only-binary", ":all:", "--dest", wheelhouse, *needed)
    dist, work = base / "dist", base / "work"
    start = time.monotonic()
    env = {"PIP_CONFIG_FILE": os.devnull, "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(wheelhouse)}
    done = _run(sys.executable, REPO / "scripts" / "release_check.py", "--dist", dist, "--work", work, env=env)
    return Release(dist, wheelhouse, work, done.stdout, time.monotonic() - start)


def _venv(folder: Path) -> Path:
    """A fresh virtualenv in ``folder``; returns its bin folder."""
    _run(sys.executable, "-m", "venv", folder)
    return folder / "bin"


def test_release_check_builds_and_smoke_tests_the_wheel(release: Release) -> None:
    """The release workflow's check, run here: both dists, and a wijkgen from the wheel alone that works."""
    assert release.output.rstrip().endswith(f"release_check: wijkgen {__version__} is ready: {release.dist}")
    assert sorted(p.name for p in release.dist.iterdir()) == [
        f"wijkgen-{__version__}-py3-none-any.whl", f"wijkgen-{__version__}.tar.gz"]
    print(f"release_check.py: {release.seconds:.0f} s")
    # the installed wijkgen came from the wheel, not this checkout: its guide and theme are in the virtualenv
    venv = release.work / "venv"
    guide = _run(venv / "bin" / "wijkgen", "handleiding", "--pad", cwd=release.work).stdout.strip()
    assert Path(guide).is_relative_to(venv) and not Path(guide).is_relative_to(REPO)


def test_init_from_an_index_install_pins_the_exact_version(release: Release) -> None:
    project = release.work / "proef"  # made by the smoke test with the wijkgen installed as from an index
    for ci_file in (GITHUB_WORKFLOW, GITLAB_CI):
        data = load_yaml(project / ci_file)
        assert (data.get("env") or data["variables"])["WIJKGEN"] == REQUIREMENT
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert f'.venv/bin/python -m pip install "{REQUIREMENT}"' in readme


def test_init_from_a_git_install_pins_the_commit(release: Release, tmp_path: Path) -> None:
    """pip installs from a Git URL (git rewrites it to a local clone); init writes that URL at that commit.
    From a Git repository or a wheel on this computer, which CI cannot reach, init asks for --wijkgen-bron."""
    clone = tmp_path / "wijkgen.git"
    tracked = _run("git", "ls-files", "-z", cwd=REPO).stdout.split("\0")
    for rel in filter(None, tracked):
        if (REPO / rel).is_file():
            (clone / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / rel, clone / rel)
    git_env = {"GIT_CONFIG_GLOBAL": str(tmp_path / "gitconfig"), "GIT_CONFIG_NOSYSTEM": "1",
               "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@voorbeeld.invalid",
               "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@voorbeeld.invalid"}
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "wijkgen"]):
        _run("git", *command, cwd=clone, env=git_env)
    commit = _run("git", "rev-parse", "HEAD", cwd=clone, env=git_env).stdout.strip()
    remote = "https://git.voorbeeld.invalid/wijkgen.git"
    _run("git", "config", "--global", f"url.{clone.as_uri()}.insteadOf", remote, env=git_env)

    bin_dir = _venv(tmp_path / "venv")
    env = {**git_env, **release.pip_env()}
    _run(bin_dir / "python", "-m", "pip", "install", "--quiet", f"git+{remote}@{commit}", env=env)
    _run(bin_dir / "wijkgen", "init", tmp_path / "uit-git", cwd=tmp_path, env=env)
    pinned = f"git+{remote}@{commit}"
    for ci_file in (GITHUB_WORKFLOW, GITLAB_CI):
        assert f'WIJKGEN: "{pinned}"' in (tmp_path / "uit-git" / ci_file).read_text(encoding="utf-8")

    local_sources = [(f"git+{clone.as_uri()}@{commit}", str(clone)),
                     (str(release.dist / f"wijkgen-{__version__}-py3-none-any.whl"), str(release.dist))]
    for source, shown in local_sources:
        _run(bin_dir / "python", "-m", "pip", "install", "--quiet", "--force-reinstall", "--no-deps", source, env=env)
        refused = _run(bin_dir / "wijkgen", "init", tmp_path / "lokaal", cwd=tmp_path, env=env, ok=False)
        assert refused.returncode == 2, refused.stderr
        assert f"deze wijkgen is geïnstalleerd uit {shown}" in refused.stderr
        assert f'--wijkgen-bron "wijkgen=={__version__}"' in refused.stderr
        assert not (tmp_path / "lokaal").exists()


@pytest.fixture(scope="module")
def initialised(release: Release, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project made by `wijkgen init` of the wheel's install, as an author starts one."""
    project = tmp_path_factory.mktemp("init") / "mijnwijk"
    bin_dir = release.work / "venv" / "bin"
    said = _run(bin_dir / "wijkgen", "init", project, cwd=project.parent).stdout
    assert said.splitlines() == [
        f"Nieuw project in {project}. Bekijk het met: cd {project} && {bin_dir / 'wijkgen'} serve",
        f"De CI-bestanden installeren {REQUIREMENT}. De handleiding voor schrijvers: {bin_dir / 'wijkgen'} "
        "handleiding",
    ]
    return project


def _crawl_published(site: Path) -> None:
    with SubPathServer(site, SUB_PATH) as server:
        crawl = crawl_over_http(server.origin, SUB_PATH, PAGES_URL + "/", SUB_PATH + "bestaat/niet/meer/hier/")
    assert not crawl.findings, f"{len(crawl.findings)} problem(s):\n{report(crawl.findings)}"
    assert crawl.pages > 10 and crawl.sitemap_entries > 10 and crawl.addresses > 100


def test_github_workflow_runs_and_publishes_under_a_sub_path(release: Release, initialised: Path,
                                                            tmp_path: Path) -> None:
    checkout = tmp_path / "checkout"  # actions/checkout
    shutil.copytree(initialised, checkout)
    bin_dir = _venv(tmp_path / "python")  # actions/setup-python
    summary = tmp_path / "step-summary.md"
    steps = github_steps(checkout, "controleren", summary)
    assert [s.name for s in steps] == ["wijkgen installeren", "Inhoud controleren", "Site bouwen"]
    run_steps(steps, checkout, [bin_dir], release.pip_env())
    assert (bin_dir / "wijkgen").is_file()  # the install step put it in the fresh virtualenv, from the folder
    assert f"| Webadres | {PAGES_URL}/ |" in summary.read_text(encoding="utf-8")
    _crawl_published(checkout / "site")  # what upload-pages-artifact takes


def test_gitlab_jobs_run_and_publish_under_a_sub_path(release: Release, initialised: Path, tmp_path: Path) -> None:
    for job, site in (("controleren", "site"), ("pages", "public")):
        checkout = tmp_path / job  # every job starts from a fresh clone, in a fresh container
        shutil.copytree(initialised, checkout)
        bin_dir = _venv(tmp_path / f"python-{job}")
        run_steps(gitlab_steps(checkout, job), checkout, [bin_dir], release.pip_env())
        _crawl_published(checkout / site)
    assert (tmp_path / "controleren" / "gl-code-quality-report.json").read_text(encoding="utf-8").strip() == "[]"


def test_init_names_the_wijkgen_that_runs(release: Release, tmp_path: Path) -> None:
    """init's closing lines name a command that works: `wijkgen` when the PATH finds this one, else its path."""
    bin_dir = release.work / "venv" / "bin"
    path = f"{bin_dir}{os.pathsep}/usr/bin{os.pathsep}/bin"
    on_path = _run(bin_dir / "wijkgen", "init", "a", cwd=tmp_path, env={"PATH": path}).stdout
    assert "cd a && wijkgen serve" in on_path
    as_module = _run(bin_dir / "python", "-m", "wijkgen", "init", "b", cwd=tmp_path, env={"PATH": "/usr/bin:/bin"})
    assert f"cd b && {bin_dir / 'python'} -m wijkgen serve" in as_module.stdout


def test_the_authors_readme_commands_work_as_written(release: Release, initialised: Path, tmp_path: Path) -> None:
    """Every command in the sh blocks of the new project's README, in a shell in the project (the install with
    the folder of wheels as its package index; `serve`, which runs until stopped, left out)."""
    project = tmp_path / "project"
    shutil.copytree(initialised, project)
    readme = (project / "README.md").read_text(encoding="utf-8")
    blocks = readme.split("```sh\n")[1:]
    lines = [line.split("  #")[0].strip() for block in blocks for line in block.split("```")[0].splitlines()]
    install, commands = lines[:2], [line for line in lines[2:] if line and not line.endswith(" serve")]
    assert install == ["python3 -m venv .venv", f'.venv/bin/python -m pip install "{REQUIREMENT}"']
    assert len(commands) == 7 and all(c.startswith(".venv/bin/wijkgen ") for c in commands)
    shell = {"PATH": "/usr/bin:/bin", **release.pip_env()}
    for line in install:
        _run("bash", "-ec", line, cwd=project, env=shell)
    for line in commands:  # each in a copy of the fresh project: `new` leaves fields for the author to fill in
        copy = tmp_path / f"copy-{commands.index(line)}"
        shutil.copytree(project, copy, ignore=shutil.ignore_patterns(".venv"))
        (copy / ".venv").symlink_to(project / ".venv")
        _run("bash", "-ec", line, cwd=copy, env=shell)
