"""Build wijkgen's sdist and wheel and prove that the wheel alone makes a working wijkgen.

Run by the release workflow (.github/workflows/release.yml) before it publishes, and by the test suite
(tests/test_release.py), the same way:

    python scripts/release_check.py [--dist DIR] [--work DIR] [--tag vX.Y.Z]

1. ``python -m build`` writes the sdist and the wheel to DIR (default dist/);
2. ``twine check --strict`` checks their metadata as the package index will;
3. a fresh virtualenv in the work folder (a new temporary folder by default, outside the checkout) installs
   ``wijkgen==VERSION`` from DIR, the way pip installs it from an index (the dependencies come from
   wherever pip is told to look: the index, or PIP_FIND_LINKS with PIP_NO_INDEX=1);
4. from the work folder, that wijkgen runs --version, init, check, build, schema and handleiding, and the
   outputs are checked: what the installed package needs must be in the wheel, not in this checkout.

Needs the packages ``build`` and ``twine``. Exits non-zero, saying which step failed, when anything is wrong.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def version() -> str:
    """The version being released: the one place it is written, wijkgen/__init__.py."""
    text = (REPO / "wijkgen" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([^"]+)"$', text, re.MULTILINE)
    if found is None:
        raise SystemExit("release_check: no __version__ in wijkgen/__init__.py")
    return found.group(1)


def run(*command: str | Path, cwd: Path | None = None) -> str:
    """Run ``command``, echoing it; stop the check with its output when it fails. Returns its standard output."""
    shown = " ".join(str(part) for part in command)
    print(f"== {shown}", flush=True)
    result = subprocess.run([str(part) for part in command], cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"release_check: failed ({result.returncode}): {shown}\n{result.stdout}\n{result.stderr}")
    return result.stdout


def expect(condition: bool, what: str) -> None:
    """Stop the check with ``what`` when ``condition`` does not hold."""
    if not condition:
        raise SystemExit(f"release_check: {what}")


def build_dists(dist: Path, release: str) -> Path:
    """Build the sdist and the wheel into ``dist``; twine checks both. Returns the wheel."""
    run(sys.executable, "-m", "build", "--outdir", dist, REPO)  # the wheel is built from the sdist
    wheel = dist / f"wijkgen-{release}-py3-none-any.whl"
    sdist = dist / f"wijkgen-{release}.tar.gz"
    expect(wheel.is_file() and sdist.is_file(), f"build wrote no {wheel.name} and {sdist.name} in {dist}")
    run(sys.executable, "-m", "twine", "check", "--strict", wheel, sdist)
    return wheel


def smoke_test(dist: Path, work: Path, release: str) -> None:
    """Install wijkgen==release from ``dist`` into a fresh virtualenv in ``work`` and use it as an author would."""
    venv = work / "venv"
    run(sys.executable, "-m", "venv", venv)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    # wijkgen only from ``dist`` (never a package of that name elsewhere), as pip installs it from an index (so
    # without a direct_url.json); then its dependencies from wherever pip looks.
    python = bin_dir / "python"
    run(python, "-m", "pip", "install", "--quiet", "--no-index", "--no-deps", "--find-links", dist,
        f"wijkgen=={release}")
    run(python, "-m", "pip", "install", "--quiet", "--find-links", dist, f"wijkgen=={release}")
    wijkgen = bin_dir / "wijkgen"
    expect(run(wijkgen, "--version", cwd=work).strip() == f"wijkgen, version {release}", "wrong --version")
    project = work / "proef"
    said = run(wijkgen, "init", project, cwd=work)
    requirement = f"wijkgen=={release}"
    expect(f"De CI-bestanden installeren {requirement}." in said, f"init did not pin {requirement}:\n{said}")
    for ci_file in (".github/workflows/wijkgen.yml", ".gitlab-ci.yml"):
        text = (project / ci_file).read_text(encoding="utf-8")
        expect(f'WIJKGEN: "{requirement}"' in text, f"{ci_file} does not install {requirement}")
    run(wijkgen, "check", project, cwd=work)
    run(wijkgen, "build", project, "--basis-url", "https://voorbeeld.github.io/proef/", cwd=work)
    site = project / "site"
    for rel in ("index.html", "404.html", "sitemap.xml", "static/wijkgen.css", "pagefind/pagefind-ui.js",
                "voorbeeldwijk/collectieven/buurtmoestuin-de-groene-hoek/index.html"):
        expect((site / rel).is_file(), f"the build of the new project has no {rel}")
    expect('<base href="/proef/">' in (site / "404.html").read_text(encoding="utf-8"), "404.html ignores the sub-path")
    schemas = work / "schemas"
    run(wijkgen, "schema", project, "--out", schemas, cwd=work)
    expect(json.loads((schemas / "collectief.schema.json").read_text(encoding="utf-8"))["type"] == "object",
           "wijkgen schema wrote no collective schema")
    guide = run(wijkgen, "handleiding", cwd=work)
    expect(guide.startswith("# Handleiding voor schrijvers"), "wijkgen handleiding shows no guide")
    path = Path(run(wijkgen, "handleiding", "--pad", cwd=work).strip())
    expect(path.is_file() and venv in path.parents, f"the guide is not in the installed package: {path}")
    expect((path.parent / "inhoud.md").is_file(), "the reference the guide links to is not installed beside it")
    expect(run(wijkgen, "handleiding", "--naslag", cwd=work).startswith("# "), "wijkgen handleiding --naslag")


def main() -> None:
    """Build, check and smoke-test; see the module's text."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=REPO / "dist", help="where the sdist and wheel go (dist/)")
    parser.add_argument("--work", type=Path, default=None, help="an empty folder for the virtualenv and project")
    parser.add_argument("--tag", default="", help="the release tag (vX.Y.Z): it must name the version being built")
    args = parser.parse_args()
    release = version()
    expect(args.tag in ("", f"v{release}"), f"the tag is {args.tag}, but wijkgen/__init__.py says {release}")
    dist = args.dist.resolve()
    build_dists(dist, release)
    if args.work is None:
        with tempfile.TemporaryDirectory(prefix="wijkgen-release-") as work:
            smoke_test(dist, Path(work), release)
    else:
        args.work.mkdir(parents=True, exist_ok=True)
        smoke_test(dist, args.work.resolve(), release)
    print(f"release_check: wijkgen {release} is ready: {dist}", flush=True)


if __name__ == "__main__":
    main()
