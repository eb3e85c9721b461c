"""The Nu HTML Checker (npm ``vnu-jar``) run with the machine's Java over HTML files."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tests.sitecheck.findings import Finding
from tests.sitecheck.tools import node_module


def vnu_command() -> list[str]:
    """The command that starts the checker; fails with what to install when Java or vnu.jar is missing."""
    java = shutil.which("java")
    if java is None:
        raise RuntimeError("no java on PATH: install default-jre-headless (scripts/test.sh does)")
    return [java, "-jar", str(node_module("vnu-jar/build/dist/vnu.jar"))]


def check_html(files: list[Path], root: Path) -> list[Finding]:
    """Every error the Nu HTML Checker reports in ``files``, named by their path below ``root``."""
    missing = [f for f in files if not f.is_file()]
    if missing:  # the checker itself passes over a missing file without a word
        raise FileNotFoundError(f"not files: {missing}")
    if not files:
        return []
    command = [*vnu_command(), "--errors-only", "--format", "json", "--stdout", "--asciiquotes",
               *(str(f) for f in files)]
    run = subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)
    try:
        messages = json.loads(run.stdout)["messages"]
    except (json.JSONDecodeError, KeyError) as err:
        raise RuntimeError(f"vnu gave no report (exit {run.returncode}): {run.stdout}{run.stderr}") from err
    if run.returncode not in (0, 1) or (run.returncode == 1 and not messages):
        raise RuntimeError(f"vnu failed (exit {run.returncode}): {run.stderr}")
    base = root.resolve()
    findings = []
    for m in messages:
        file = Path(unquote(urlsplit(m.get("url", "")).path)).resolve()
        page = file.relative_to(base).as_posix() if file.is_relative_to(base) else str(file)
        place = f"{m['lastLine']}:{m.get('firstColumn', m['lastColumn'])}: " if "lastLine" in m else ""
        findings.append(Finding("vnu", page, str(m["type"]), f"{place}{m['message']}"))
    return findings
