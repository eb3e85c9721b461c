"""The browser editor (/beheer/): its configuration made from the schemas, the build's files, and the local
backend of `wijkgen serve` that saves into the files without losing what authors wrote (fast tier; the
browser tests are in test_beheer_browser.py)."""

from __future__ import annotations

import dataclasses
import difflib
import io
import json
import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.test_serve import FIXTURES, Server, call
from wijkgen.build import build
from wijkgen.i18n.messages import message
from wijkgen.live.editing import LocalBackend, kind_of
from wijkgen.live.server import Preview
from wijkgen.load.project import RawProject, load_project
from wijkgen.outputs.beheer import config_text, editor_config, local_backend
from wijkgen.parse.documents import parse_markdown, parse_yaml
from wijkgen.parse.guide import SchemaNavigator
from wijkgen.schema.translate import schema_in, schema_texts, source_texts

REPO = Path(__file__).resolve().parent.parent


def example_copy(where: Path) -> Path:
    """A copy of the repository's example project (wijkgen.yaml and content/)."""
    root = where / "voorbeeld"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "wijkgen.yaml", root / "wijkgen.yaml")
    return root


def content_files(root: Path) -> list[str]:
    """Every content file the editor offers, relative to the project."""
    found = [p.relative_to(root).as_posix() for p in sorted((root / "content").rglob("*")) if p.is_file()]
    return [rel for rel in found if kind_of(rel) is not None]


def post(server: Server, action: str, params: dict[str, Any]) -> tuple[int, Any]:
    """One request of Decap's proxy protocol to a running `wijkgen serve`."""
    request = urllib.request.Request(
        f"{server.base}/beheer/api/v1", data=json.dumps({"action": action, "params": params}).encode("utf-8"),
        headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        with err:
            return err.code, json.loads(err.read())


def as_decap_writes(rel: str, text: str, schemas: Any, change: Any = None) -> str:
    """The file as an editor that re-serialises everything would send it: the values as wijkgen reads them,
    in PyYAML's own style (its quotes, sorted keys, ``true`` for ``ja``), without the keys the form lacks
    (``intern``) and without comments."""
    schema = schemas[kind_of(rel)]
    nav = SchemaNavigator(schema)
    doc = parse_markdown(rel, text, nav, schema) if rel.endswith(".md") else parse_yaml(rel, text, nav, schema)
    data, body = doc.data, doc.body
    data.pop("intern", None)
    if change is not None:
        change(data)
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=True, width=60)
    return f"---\n{dumped}---\n{body.strip()}\n" if rel.endswith(".md") else dumped


def serve_copy(tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[Server]:
    """A real `wijkgen serve` on a fresh copy of the example project, stopped when the generator closes."""
    running = Server(example_copy(tmp_path_factory.mktemp(name)))
    try:
        running.wait_until_up()
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from serve_copy(tmp_path_factory, "beheer")


def test_every_example_file_survives_open_and_save_unchanged(served: Server) -> None:
    """getEntry, then persistEntry of what came back, through a real `wijkgen serve`: byte for byte the same."""
    root = served.root
    files = content_files(root)
    assert len(files) > 30
    before = {rel: (root / rel).read_bytes() for rel in files}
    for rel in files:
        status, entry = post(served, "getEntry", {"path": rel})
        assert status == 200 and entry["data"] == before[rel].decode("utf-8")
        status, answer = post(served, "persistEntry", {"dataFiles": [{"path": rel, "raw": entry["data"]}],
                                                       "assets": [], "options": {}})
        assert status == 200, answer
    assert {rel: (root / rel).read_bytes() for rel in files} == before


def test_every_example_file_survives_a_save_in_another_style(tmp_path: Path) -> None:
    """What a re-serialising editor sends (other quotes, order and booleans, no comments, no `intern:`) leaves
    every example file byte-identical: the values are the same, so nothing is written."""
    root, project, backend = example_backend(tmp_path)
    for rel in content_files(root):
        before = (root / rel).read_bytes()
        answer = save(backend, rel, as_decap_writes(rel, before.decode("utf-8"), project.schemas))
        assert answer.status == 200, (rel, answer.body)
        assert (root / rel).read_bytes() == before, rel


def example_backend(tmp_path: Path) -> tuple[Path, RawProject, LocalBackend]:
    """A copy of the example project, as loaded, and the local backend on it."""
    root = example_copy(tmp_path)
    project, _ = load_project(root)
    return root, project, LocalBackend(root, project.schemas, "nl")


def save(backend: LocalBackend, rel: str, raw: str) -> Any:
    """persistEntry of one file, as Decap sends it."""
    request = {"action": "persistEntry", "params": {"dataFiles": [{"path": rel, "raw": raw}], "assets": []}}
    return backend.handle(json.dumps(request).encode("utf-8"))


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_changing_one_status_changes_one_line(tmp_path: Path) -> None:
    root, project, backend = example_backend(tmp_path)
    rel = "content/wildemanbuurt/stappen.yaml"
    before = (root / rel).read_text(encoding="utf-8")
    data = yaml.safe_load(before)
    index = next(i for i, s in enumerate(data["stappen"]) if s["status"] == "bezig")

    def finish(d: Any) -> None:
        d["stappen"][index]["status"] = "afgerond"

    answer = save(backend, rel, as_decap_writes(rel, before, project.schemas, finish))
    assert answer.status == 200, answer.body
    after = (root / rel).read_text(encoding="utf-8")
    assert changed_lines(before, after) == ["-    status: bezig", "+    status: afgerond"]


def test_a_save_keeps_comments_intern_codes_and_yes_no(tmp_path: Path) -> None:
    root = example_copy(tmp_path)
    rel = "content/venserpolder/wijk.md"
    path = root / rel
    original = path.read_text(encoding="utf-8")
    head, body = original.split("---\n", 2)[1:]
    extra = "# een opmerking van het team\nintern:\n  notities: sleutel bij Fatima\n"
    path.write_text(f"---\n{head}{extra}---\n{body}", encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    project, _ = load_project(root)
    backend = LocalBackend(root, project.schemas, "nl")

    def rename(d: Any) -> None:
        d["stadsdeel"] = "Amsterdam-Zuidoost"

    answer = save(backend, rel, as_decap_writes(rel, before, project.schemas, rename))
    assert answer.status == 200, answer.body
    after = path.read_text(encoding="utf-8")
    assert changed_lines(before, after) == ["-stadsdeel: Zuidoost", "+stadsdeel: Amsterdam-Zuidoost"]
    assert "gemeentecode: 0363" in after and "intern:\n  notities: sleutel bij Fatima" in after


def test_a_save_the_schema_forbids_is_refused_in_dutch(tmp_path: Path) -> None:
    root, _, backend = example_backend(tmp_path)
    rel = "content/venserpolder/collectieven/zonder-naam.md"
    raw = "---\nsoort: stichting\nwaarden:\n  - natuur\n---\nTekst.\n"
    answer = save(backend, rel, raw)
    assert answer.status == 422
    assert "is niet opgeslagen" in answer.body["error"] and "verplicht veld 'naam' ontbreekt" in answer.body["error"]
    assert not (root / rel).exists()


@pytest.mark.parametrize("rel", ["wijkgen.yaml", "content/../wijkgen.yaml", "/etc/passwd", "content/x/../../a.md"])
def test_the_backend_reads_and_writes_only_inside_content(tmp_path: Path, rel: str) -> None:
    root, _, backend = example_backend(tmp_path)
    for action, params in (("getEntry", {"path": rel}), ("deleteFile", {"path": rel}),
                           ("persistEntry", {"dataFiles": [{"path": rel, "raw": "titel: x\n"}], "assets": []})):
        answer = backend.handle(json.dumps({"action": action, "params": params}).encode())
        assert answer.status == 422 and "buiten de map content/" in answer.body["error"]
        assert "leest en schrijft alleen daarin" in answer.body["error"]
    assert (root / "wijkgen.yaml").read_bytes() == (REPO / "wijkgen.yaml").read_bytes()


def test_the_backend_refuses_a_loopback_editor_from_another_host_name(served: Server) -> None:
    request = urllib.request.Request(f"{served.base}/beheer/api/v1", data=b'{"action":"info"}', method="POST",
                                     headers={"Host": "evil.example"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=60)
    refused.value.close()
    assert refused.value.code == 403


def fields_by_name(fields: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {f["name"]: f for f in fields}


def test_the_config_is_made_from_the_schemas(tmp_path: Path) -> None:
    root = example_copy(tmp_path)
    project, _ = load_project(root)
    config = editor_config(project, local_backend())
    assert config["locale"] == "nl" and config["backend"]["proxy_url"] == "/beheer/api/v1"
    names = [c["name"] for c in config["collections"]]
    assert names[:2] == ["wijk", "stappen"] and "collectief-venserpolder" in names and "nieuws-de-banne" in names
    collective = fields_by_name(next(c for c in config["collections"] if c["name"] == "collectief-venserpolder")
                                ["fields"])
    schema = project.schemas["collectief"]
    assert set(collective) == set(schema["properties"]) - {"intern"} | {"body"}
    assert collective["naam"]["required"] is True and collective["samenvatting"]["required"] is False
    assert collective["soort"]["widget"] == "select"
    assert {o["value"] for o in collective["soort"]["options"]} == set(schema["$defs"]["soort"]["enum"])
    assert collective["waarden"]["multiple"] is True and collective["waarden"]["min"] == 1
    needs = fields_by_name(collective["behoeften"]["fields"])
    assert needs["soort"]["widget"] == "select" and needs["omschrijving"]["required"] is True
    photos = fields_by_name(collective["fotos"]["fields"])
    assert photos["bestand"]["widget"] == "image" and photos["alt"]["required"] is True
    steps = next(c for c in config["collections"] if c["name"] == "stappen")["files"][0]["fields"][0]
    step = fields_by_name(steps["fields"])
    assert step["stap"]["options"][0] == {"label": "1. Wijkteam", "value": "wijkteam"}
    assert step["start"]["widget"] == "datetime" and step["start"]["format"] == "YYYY-MM-DD"
    wijk = fields_by_name(next(c for c in config["collections"] if c["name"] == "wijk")["files"][0]["fields"])
    assert wijk["gemeentecode"]["pattern"][0] == "^[0-9]{4}$"
    assert config_text(config) == config_text(editor_config(project, local_backend()))  # the same, byte for byte


def test_a_new_schema_field_appears_in_the_editor(tmp_path: Path) -> None:
    root = example_copy(tmp_path)
    project, _ = load_project(root)
    schemas = json.loads(json.dumps(project.schemas))
    schemas["collectief"]["properties"]["leden"] = {
        "type": "integer", "minimum": 0, "description": "Hoeveel leden het collectief heeft."}
    changed: RawProject = dataclasses.replace(project, schemas=schemas)
    fields = fields_by_name(next(c for c in editor_config(changed, local_backend())["collections"]
                                 if c["name"] == "collectief-de-banne")["fields"])
    assert fields["leden"] == {"name": "leden", "label": "Leden", "required": False,
                               "hint": "Hoeveel leden het collectief heeft.", "widget": "number",
                               "value_type": "int", "min": 0}


def test_the_build_writes_the_editor_only_with_beheer(tmp_path: Path) -> None:
    root = example_copy(tmp_path)
    build(root)
    assert not (root / "site" / "beheer").exists()
    with (root / "wijkgen.yaml").open("a", encoding="utf-8") as config:
        config.write("beheer:\n  platform: gitlab\n  repository: wijkteam/wijkprofiel\n  app_id: abc123\n"
                     "  werkwijze: review\n")
    build(root)
    editor = root / "site" / "beheer"
    settings = yaml.safe_load((editor / "config.yml").read_text(encoding="utf-8"))
    assert settings["backend"] == {
        "name": "gitlab", "repo": "wijkteam/wijkprofiel", "branch": "main", "auth_type": "pkce", "app_id": "abc123",
        "commit_messages": settings["backend"]["commit_messages"]}
    assert settings["publish_mode"] == "editorial_workflow"
    assert (editor / "decap" / "decap-cms.js").stat().st_size > 1_000_000
    assert (editor / "decap" / "LICENSE").is_file()
    page = (editor / "index.html").read_text(encoding="utf-8")
    assert '<script src="decap/decap-cms.js"></script>' in page and "http" not in page


def test_the_preview_serves_the_editor_but_saves_only_on_loopback(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "minimal", root)
    (tmp_path / "out").mkdir()
    preview = Preview(root, tmp_path / "out", display_base=root)
    assert preview.rebuild().ok
    status, _, page = call(preview, "/beheer/")
    assert status == "200 OK" and b'<script src="decap/decap-cms.js"></script>' in page and b"</head>" not in page
    status, _, config = call(preview, "/beheer/config.yml")
    assert status == "200 OK" and json.loads(config)["backend"]["name"] == "proxy"
    assert call(preview, "/beheer/decap/LICENSE")[0] == "200 OK"
    assert call(preview, "/beheer/decap/../../wijkgen.yaml")[0] == "404 Not Found"
    seen: dict[str, Any] = {}
    body = b'{"action": "info", "params": {}}'
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/beheer/api/v1", "CONTENT_LENGTH": str(len(body)),
               "wsgi.input": io.BytesIO(body)}
    answer = b"".join(preview(environ, lambda status, headers: seen.update(status=status)))
    assert seen["status"] == "403 Forbidden" and "alleen bewaren" in json.loads(answer)["error"]


def test_a_changed_story_changes_only_its_own_lines(tmp_path: Path) -> None:
    root, project, backend = example_backend(tmp_path)
    rel = "content/de-banne/collectieven/plein-en-perk.md"
    before = (root / rel).read_text(encoding="utf-8")
    last = before.rstrip("\n").splitlines()[-1]
    sent = as_decap_writes(rel, before, project.schemas).replace(last, last + " Iedereen is welkom.")
    assert save(backend, rel, sent).status == 200
    after = (root / rel).read_text(encoding="utf-8")
    assert changed_lines(before, after) == [f"-{last}", f"+{last} Iedereen is welkom."]


def _hints(fields: list[dict[str, Any]]) -> Iterator[tuple[str, str]]:
    """The name and hint of every field of a form, nested fields included."""
    for field in fields:
        if "hint" in field:
            yield field["name"], field["hint"]
        yield from _hints(field.get("fields", []))


def test_an_english_site_gets_an_editor_with_english_hints(tmp_path: Path) -> None:
    root = example_copy(tmp_path)
    settings = root / "wijkgen.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("taal: nl", "taal: en"), encoding="utf-8")
    project, _ = load_project(root)
    assert project.config.language == "en"
    config = editor_config(project, local_backend())
    english = set(schema_texts("en").values())
    dutch = set(source_texts().values())
    body_hint = message("beheer.body_hint", "en", {})
    hints = [(c["name"], name, hint) for c in config["collections"]
             for fields in ([f["fields"] for f in c["files"]] if "files" in c else [c["fields"]])
             for name, hint in _hints(fields)]
    assert len(hints) > 100
    for collection, name, hint in hints:
        assert hint in english or hint == body_hint, f"{collection}.{name}: {hint!r} is not English"
        assert hint not in dutch, f"{collection}.{name}: {hint!r}"
    collective = fields_by_name(next(c for c in config["collections"] if c["name"] == "collectief-venserpolder")
                                ["fields"])
    assert collective["naam"]["label"] == "Naam"  # the key the file holds, as in Dutch
    assert collective["naam"]["hint"] == "Name of the collective."
    assert collective["fotos"]["hint"].startswith("Photos, each with a description")  # from common.json
    wijk = fields_by_name(next(c for c in config["collections"] if c["name"] == "wijk")["files"][0]["fields"])
    assert wijk["gemeentecode"]["pattern"][1] == message(
        "beheer.pattern", "en", {"description": "The four-digit CBS municipality code, for example 0363 for"
                                                " Amsterdam."})


def test_a_dutch_site_keeps_the_dutch_hints_of_the_schemas(tmp_path: Path) -> None:
    project, _ = load_project(example_copy(tmp_path))
    config = editor_config(project, local_backend())
    collective = fields_by_name(next(c for c in config["collections"] if c["name"] == "collectief-venserpolder")
                                ["fields"])
    assert collective["naam"] == {"name": "naam", "label": "Naam", "required": True,
                                  "hint": "Naam van het collectief.", "widget": "string"}
    assert collective["fotos"]["hint"] == project.schemas["collectief"]["$defs"]["fotos"]["description"]
    dutch = set(source_texts().values()) | {message("beheer.body_hint", "nl", {})}
    for collection in config["collections"]:
        for fields in ([f["fields"] for f in collection["files"]] if "files" in collection
                       else [collection["fields"]]):
            for name, hint in _hints(fields):
                assert hint in dutch, f"{collection['name']}.{name}: {hint!r}"
    for kind, schema in project.schemas.items():
        assert schema_in(kind, schema, "nl") == schema
