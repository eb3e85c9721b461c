#!/usr/bin/env bash
# Installs what the tests need and runs every check: ruff, mypy (strict), lint-imports (the layers between
# the packages) and pytest with both tiers (tests/README.md): the fast tier that plain `pytest` runs (unit,
# golden, command-line and cache tests) and the full tier (faults, fuzzing, the site checks: links, the Nu
# HTML Checker, Chromium with axe-core), whose browser and vnu checks run last.
# `-m ""` lifts the fast tier's marker filter from pyproject.toml. Extra arguments go to pytest after it, e.g.
# `bash scripts/test.sh --update-golden` refreshes every expected output of both tiers;
# `bash scripts/test.sh -m "not e2e and not vnu"` (a -m of your own replaces ours) leaves out the browser and
# vnu checks.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS

# System tools for the site checks, from Debian, only when missing: Chromium, Java, npm.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v java >/dev/null || missing+=(default-jre-headless)
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
    echo "== apt-get install ${missing[*]}"
    if [ "$(id -u)" -ne 0 ]; then
        echo "scripts/test.sh: ${missing[*]} missing; install them as root: apt-get install ${missing[*]}" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q "${missing[@]}"
fi

# npm packages from the lock file (axe-core, vnu-jar), reinstalled only when the lock file changed.
# --ignore-scripts: vnu-jar's install script would try to download a Java runtime.
if ! cmp -s package-lock.json node_modules/.installed-from-lock 2>/dev/null; then
    echo "== npm ci"
    npm ci --ignore-scripts --no-audit --no-fund
    cp package-lock.json node_modules/.installed-from-lock
fi

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check --editable '.[test]'
echo "== installed in $((SECONDS - start)) s"

echo "== ruff"
.venv/bin/ruff check wijkgen tests
echo "== mypy"
.venv/bin/mypy
echo "== lint-imports"
.venv/bin/lint-imports
echo "== pytest (both tiers)"
status=0
.venv/bin/python -m pytest -m "" "$@" || status=$?
echo "== scripts/test.sh took $((SECONDS - start)) s"
exit "$status"
