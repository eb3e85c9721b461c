#!/usr/bin/env bash
# Installs what the tests need into .venv and runs every check: ruff, mypy (strict) and pytest.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -k golden --update-golden`.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check --editable '.[test]'

echo "== ruff"
.venv/bin/ruff check wijkgen tests
echo "== mypy"
.venv/bin/mypy
echo "== pytest"
.venv/bin/python -m pytest "$@"
