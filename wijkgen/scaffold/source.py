"""What the CI files of a new project install: the wijkgen that runs here, as pip can find it again elsewhere.

pip records how it installed a distribution from a URL in ``direct_url.json`` (PEP 610); a distribution
installed from a package index has none. So:

- no ``direct_url.json``: from an index, so this exact version from an index (``wijkgen==X.Y.Z``);
- a Git URL: that URL pinned to the commit that was installed (``git+URL@COMMIT``);
- an archive at a web address: that address;
- a folder or a file on this computer (an editable install too): nothing CI can reach, so ``init`` asks
  for ``--wijkgen-bron`` rather than writing a line that fails.
"""

from __future__ import annotations

import json
import re
from importlib import metadata
from typing import Any
from urllib.parse import unquote, urlsplit

from wijkgen.errors import ProjectError

DISTRIBUTION = "wijkgen"

# A requirement goes between double quotes in YAML and in a shell line: none of the characters that end or
# change such a string, and nothing unprintable.
_UNSAFE = re.compile(r"[\"'\\$`\x00-\x1f\x7f]")


def ci_requirement(distribution: metadata.Distribution | None = None) -> str:
    """What pip on CI installs to get this wijkgen (see the module's text).

    Raises :class:`ProjectError` when this wijkgen came from a folder or file on this computer.
    """
    dist = distribution or metadata.distribution(DISTRIBUTION)
    text = dist.read_text("direct_url.json")
    if text is None:
        return f"{DISTRIBUTION}=={dist.version}"
    try:
        direct: Any = json.loads(text)
        url = str(direct["url"])
    except (ValueError, KeyError, TypeError):
        direct, url = {}, ""
    if url and urlsplit(url).scheme != "file":
        vcs = direct.get("vcs_info")
        if isinstance(vcs, dict) and vcs.get("vcs") and vcs.get("commit_id"):
            subdirectory = direct.get("subdirectory")
            where = f"#subdirectory={subdirectory}" if subdirectory else ""
            return f"{vcs['vcs']}+{url}@{vcs['commit_id']}{where}"
        if isinstance(direct.get("archive_info"), dict):
            return url
    editable = isinstance(direct.get("dir_info"), dict) and bool(direct["dir_info"].get("editable"))
    path = unquote(urlsplit(url).path) if url else "?"
    raise ProjectError("init.no_source_editable" if editable else "init.no_source_local", path=path,
                       version=dist.version)


def given_requirement(text: str) -> str:
    """A requirement given with ``--wijkgen-bron``, trimmed; a usage error when it cannot stand in a CI file."""
    requirement = text.strip()
    if not requirement or _UNSAFE.search(requirement):
        raise ProjectError("init.bad_source", source=text)
    return requirement
