"""Starting points for authors: a new project (``init``) and commented skeletons (``new``).

Nothing here ever overwrites a file: ``init`` refuses when any file it would
write exists, ``new`` when its file exists. Skeletons are written from the
project's finished schemas, so every field, its description and its allowed
values appear exactly as the validator knows them.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from wijkgen.errors import ProjectError
from wijkgen.i18n.catalogue import text
from wijkgen.load.config import CONFIG_FILE
from wijkgen.load.project import load_config
from wijkgen.model.slug import RESERVED, slugify
from wijkgen.parse.guide import SchemaNavigator
from wijkgen.scaffold.editor import (
    SCHEMA_FOLDER,
    modeline,
    schema_file_name,
    schema_text,
    vscode_extensions,
    vscode_settings,
)
from wijkgen.schema.framework import Framework, framework_from, vocabulary_of
from wijkgen.schema.schemas import build_schemas

# Starter files shipped in wijkgen/scaffold/starter/, and where init puts them.
_STARTER = {
    "wijkgen.yaml": CONFIG_FILE,
    "README.md": "README.md",
    "gitignore": ".gitignore",
    "github-workflow.yml": ".github/workflows/wijkgen.yml",
    "gitlab-ci.yml": ".gitlab-ci.yml",
    "content/voorbeeldwijk/wijk.md": "content/voorbeeldwijk/wijk.md",
    "content/voorbeeldwijk/stappen.yaml": "content/voorbeeldwijk/stappen.yaml",
    "content/voorbeeldwijk/collectieven/buurtmoestuin-de-groene-hoek.md": (
        "content/voorbeeldwijk/collectieven/buurtmoestuin-de-groene-hoek.md"
    ),
}
_WIDTH = 100


def starter_files(requirement: str) -> dict[str, str]:
    """Every file of a new project by its path in the project, with its text; CI installs ``requirement``."""
    files: dict[str, str] = {}
    base = resources.files("wijkgen.scaffold").joinpath("starter")
    for source, target in _STARTER.items():
        text = base.joinpath(*source.split("/")).read_text(encoding="utf-8")
        files[target] = text.replace("@WIJKGEN@", requirement)
    schemas = build_schemas(vocabulary_of(framework_from(None)))
    for kind, schema in schemas.items():
        files[f"{SCHEMA_FOLDER}/{schema_file_name(kind)}"] = schema_text(schema)
    files[".vscode/settings.json"] = vscode_settings()
    files[".vscode/extensions.json"] = vscode_extensions()
    return dict(sorted(files.items()))


def init_project(target: Path, requirement: str) -> list[str]:
    """Create a ready content project in ``target`` whose CI installs ``requirement``; returns the files written.

    Raises :class:`ProjectError` (and writes nothing) when any of the files exists already.
    """
    files = starter_files(requirement)
    existing = [rel for rel in files if (target / rel).exists() or (target / rel).is_symlink()]
    if existing or (target.exists() and not target.is_dir()):
        raise ProjectError("project.not_empty", path=str(target), files=", ".join(existing) or str(target))
    for rel, content in files.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as stream:
            stream.write(content)
    return list(files)


def name_slug(name: str) -> str:
    """The slug for a new wijk or collective; usage errors for names that give none or a reserved one."""
    slug = slugify(name)
    if not slug:
        raise ProjectError("project.bad_name", name=name)
    if slug in RESERVED:
        raise ProjectError("project.reserved_name", slug=slug)
    return slug


def new_wijk(root: Path, name: str) -> list[Path]:
    """Write ``content/<slug>/wijk.md`` and ``stappen.yaml`` for a new wijk; returns the files written."""
    schemas, lang, framework = _project(root)
    slug = name_slug(name)
    folder = root / "content" / slug
    profile_rel = f"content/{slug}/wijk.md"
    steps_rel = f"content/{slug}/stappen.yaml"
    for rel in (profile_rel, steps_rel):
        _refuse_existing(root, rel)
    profile = _front_matter(profile_rel, "wijk", schemas["wijk"], {"naam": name}, lang)
    profile += f"<!-- {text('skeleton.story_wijk', lang)} -->\n"
    steps = steps_skeleton(steps_rel, framework, lang)
    folder.mkdir(parents=True, exist_ok=True)
    return [_write_new(root, profile_rel, profile), _write_new(root, steps_rel, steps)]


def new_collective(root: Path, wijk: str, name: str) -> Path:
    """Write ``content/<wijk>/collectieven/<slug>.md`` for a new collective; returns the file written."""
    schemas, lang, _ = _project(root)
    wijken = sorted(p.name for p in (root / "content").iterdir() if p.is_dir() and not p.name.startswith("."))
    if wijk not in wijken:
        raise ProjectError("project.unknown_wijk", slug=wijk, known=", ".join(wijken) or "-")
    rel = f"content/{wijk}/collectieven/{name_slug(name)}.md"
    _refuse_existing(root, rel)
    skeleton = _front_matter(rel, "collectief", schemas["collectief"], {"naam": name}, lang)
    skeleton += f"<!-- {text('skeleton.story_collective', lang)} -->\n"
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    return _write_new(root, rel, skeleton)


def _project(root: Path) -> tuple[dict[str, dict[str, Any]], str, Framework]:
    """The project's schemas, language and framework; a usage error when there is no project."""
    config, _ = load_config(root)
    if not (root / "content").is_dir():
        raise ProjectError("project.no_content", path=str(root / "content"))
    return build_schemas(vocabulary_of(config.framework)), config.language, config.framework


def _refuse_existing(root: Path, rel: str) -> None:
    if (root / rel).exists():
        raise ProjectError("project.file_exists", path=rel)


def _write_new(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    with path.open("x", encoding="utf-8", newline="\n") as stream:
        stream.write(text)
    return path


# -- skeletons ---------------------------------------------------------------------------


def _front_matter(rel: str, kind: str, schema: dict[str, Any], filled: Mapping[str, str], lang: str) -> str:
    lines = ["---", modeline(rel, kind), *_comment(text("skeleton.intro", lang), "")]
    lines += _comment(text("skeleton.reference", lang), "")
    lines += skeleton_lines(schema, filled, lang)
    lines.append("---")
    return "\n".join(lines) + "\n"


def skeleton_lines(schema: dict[str, Any], filled: Mapping[str, str], lang: str) -> list[str]:
    """YAML lines for every field of ``schema``: required ones open (``filled`` or empty), the rest commented."""
    nav = SchemaNavigator(schema)
    return _fields(nav, schema, filled, lang, indent="", commented=False, top=True)


def _fields(
    nav: SchemaNavigator,
    schema: Any,
    filled: Mapping[str, str],
    lang: str,
    indent: str,
    commented: bool,
    top: bool,
    first_prefix: str = "",
) -> list[str]:
    """The lines for the fields of an object schema; nested fields carry their note at the end of the line."""
    resolved = nav.resolve(schema) or {}
    required = set(resolved.get("required", ()))
    lines: list[str] = []
    for key, sub in resolved.get("properties", {}).items():
        sub_resolved = nav.resolve(sub) or {}
        closed = commented or key not in required
        hash_ = "# " if closed else ""
        lead = first_prefix if first_prefix and not lines else indent
        note = _note(nav, sub, sub_resolved, key in required, lang)
        if top:
            value = filled.get(key, "")
            lines += ["", *_comment(note, ""), f"{hash_}{key}:{' ' + _yaml_text(value) if value else ''}"]
        else:
            lines.append(f"{hash_}{lead}{key}:  # {note}")
        child = indent + "  "
        kind = sub_resolved.get("type")
        if "object" in nav.types(sub):
            lines += _fields(nav, sub_resolved, {}, lang, child, closed, top=False)
        elif kind == "array":
            item = nav.resolve(sub_resolved.get("items")) or {}
            if item.get("type") == "object":
                lines += _fields(nav, item, {}, lang, child + "  ", closed, top=False, first_prefix=child + "- ")
            else:
                lines.append(f"{hash_}{child}-")
    return lines


def _note(nav: SchemaNavigator, sub: Any, resolved: dict[str, Any], required: bool, lang: str) -> str:
    """A field's description, its allowed values and whether it is required, in one sentence or two."""
    parts = [str(sub.get("description") or resolved.get("description", "")).strip()]
    choices = resolved.get("enum")
    many = False
    if choices is None and resolved.get("type") == "array":
        choices = (nav.resolve(resolved.get("items")) or {}).get("enum")
        many = choices is not None
    if choices:
        key = "skeleton.choose_many" if many else "skeleton.choose"
        parts.append(text(key, lang, {"choices": ", ".join(str(c) for c in choices)}))
    if required:
        parts.append(text("skeleton.required", lang))
    return " ".join(p for p in parts if p)


def _comment(text: str, indent: str) -> list[str]:
    return [f"{indent}# {line}" for line in textwrap.wrap(text, _WIDTH - len(indent) - 2)]


_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^#:]*(?<!\s)$")


def _yaml_text(value: str) -> str:
    """``value`` as a YAML scalar: plain when that is safe, else in double quotes."""
    if _PLAIN.match(value) and value.lower() not in {"ja", "nee", "true", "false", "yes", "no", "on", "off", "null"}:
        return value
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def steps_skeleton(rel: str, framework: Framework, lang: str) -> str:
    """``stappen.yaml`` for a new wijk: every step of the framework, not started, with its optional fields."""
    lines = [modeline(rel, "stappen"), *_comment(text("skeleton.steps", lang), "")]
    lines += _comment(text("skeleton.intro", lang), "")
    lines.append("stappen:")
    for step in framework.steps:
        lines.append("")
        lines += _comment(f"{step.number}. {step.title}: {step.description}".rstrip(": "), "  ")
        lines.append(f"  - stap: {step.id}")
        lines.append("    status: niet gestart")
        lines.append("    # start: 2024-03-15")
        lines.append("    # einde: 2024-09-30")
        lines.append(f"    # samenvatting: {text('skeleton.step_summary', lang)}")
        lines.append("    # collectieven:")
        lines.append(f"    #   - {text('skeleton.collective_slug', lang)}")
    return "\n".join(lines) + "\n"
