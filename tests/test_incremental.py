"""Incremental rendering: only pages that read what changed are rendered again, and the result is always
byte-identical to rendering everything anew."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from wijkgen.build import load_and_assemble
from wijkgen.live.incremental import ENTITY_TYPES, RenderOutcome, RenderState, render_changed
from wijkgen.render.pages import plan_pages
from wijkgen.render.recording import RecordingEnvironment, render_recording
from wijkgen.render.templates import Renderer

Edit = Callable[[Path], None]


def render(root: Path, previous: RenderState | None = None) -> tuple[dict[str, bytes], RenderOutcome]:
    result = load_and_assemble(root)
    assert not [p for p in result.problems if p.severity.value == "error"], result.problems
    written: dict[str, bytes] = {}
    outcome = render_changed(result.site, root, plan_pages(result.site), written.__setitem__, previous=previous)
    return written, outcome


def replace(rel: str, old: str, new: str) -> Edit:
    def edit(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def add_collective(root: Path) -> None:
    (root / "content/westwijk/collectieven/fietsclub.md").write_text(
        "---\nnaam: Fietsclub\nsoort: vereniging\nwaarden: [gezondheid]\ncontact:\n  email: fiets@example.org\n---\n",
        encoding="utf-8",
    )


def remove_collective(root: Path) -> None:
    (root / "content/westwijk/collectieven/moestuin.md").unlink()


def rename_collective(root: Path) -> None:
    """The same number of pages, one of them at a new address (the slug comes from the file name)."""
    folder = root / "content/westwijk/collectieven"
    (folder / "moestuin.md").rename(folder / "buurtmoestuin.md")


def override_template(root: Path) -> None:
    (root / "templates").mkdir()
    source = Path(__file__).parent.parent / "templates" / "base.html"
    text = source.read_text(encoding="utf-8").replace("<footer", "<!-- eigen sjabloon -->\n<footer", 1)
    (root / "templates" / "base.html").write_text(text, encoding="utf-8")


COLLECTIVE = "oostwijk/collectieven/taalcafe/index.html"
EDITS: dict[str, Edit] = {
    "collective-name": replace("content/oostwijk/collectieven/taalcafe.md", "naam: Taalcafé", "naam: Taalhuis"),
    "collective-story": replace("content/oostwijk/collectieven/taalcafe.md", "Samen Nederlands", "Samen Fries"),
    "collective-added": add_collective,
    "collective-removed": remove_collective,
    "collective-renamed": rename_collective,
    "step-status": replace("content/oostwijk/stappen.yaml", "status: bezig", "status: afgerond\n    einde: 2021-09-01"),
    "news-title": replace("content/oostwijk/nieuws/2021-03-01-droomsessie.md", "titel: ", "titel: Nieuw - "),
    "wijk-name": replace("content/westwijk/wijk.md", "naam: Westwijk", "naam: Westkwartier"),
    "config-title": replace("wijkgen.yaml", "titel: Volledige testsite", "titel: Andere titel"),
    "template": override_template,
}


@pytest.fixture
def full(tmp_path: Path) -> Path:
    root = tmp_path / "full"
    shutil.copytree(FIXTURES / "full", root)
    return root


@pytest.mark.parametrize("edit", sorted(EDITS), ids=sorted(EDITS))
def test_incremental_output_equals_a_fresh_render(edit: str, full: Path, tmp_path: Path) -> None:
    site, first = render(full)
    EDITS[edit](full)
    changed, outcome = render(full, previous=first.state)
    for path in outcome.removed:
        del site[path]
    site.update(changed)
    fresh, _ = render(full)
    assert sorted(site) == sorted(fresh)
    for path, data in fresh.items():
        assert site[path] == data, f"{path} is stale after '{edit}'"
    assert outcome.written <= outcome.rendered
    assert set(changed) == outcome.written


def test_one_changed_collective_renders_only_the_pages_that_read_it(full: Path) -> None:
    _, first = render(full)
    all_pages = set(first.state.pages)
    EDITS["collective-story"](full)
    _, story = render(full, previous=first.state)
    assert story.rendered == {COLLECTIVE}  # the story is shown on the collective's own page only
    assert story.written == {COLLECTIVE}

    EDITS["collective-name"](full)
    _, name = render(full, previous=story.state)
    # The name appears on its own page, in the wijk's list, the steps it took part in, the news about it,
    # the pages of the values it creates and the search page's list of all pages.
    assert name.rendered == {
        COLLECTIVE,
        "oostwijk/index.html",
        "oostwijk/stappen/index.html",
        "oostwijk/nieuws/2021-03-01-droomsessie/index.html",
        "waarden/opleiding/index.html",
        "waarden/sociale-netwerken/index.html",
        "zoeken/index.html",
    }
    untouched = all_pages - name.rendered
    assert "oostwijk/collectieven/energiecooperatie/index.html" in untouched
    assert not any(path.startswith("westwijk/") for path in name.rendered)


def test_nothing_changed_renders_nothing(full: Path) -> None:
    _, first = render(full)
    written, again = render(full, previous=first.state)
    assert again.rendered == frozenset() and written == {}
    assert again.pages == len(first.state.pages)


@pytest.mark.parametrize("edit", ["config-title", "template"])
def test_template_or_config_change_renders_everything(edit: str, full: Path) -> None:
    _, first = render(full)
    EDITS[edit](full)
    _, outcome = render(full, previous=first.state)
    assert outcome.rendered == set(first.state.pages)


def test_objects_handed_to_a_function_count_as_read_whole(full: Path) -> None:
    (full / "templates").mkdir()
    (full / "templates" / "wijk.html").write_text(
        "{{ wijk|names }} {{ count_needs(wijk) }} <a href='{{ link(wijk) }}'>{{ wijk.name }}</a>", encoding="utf-8"
    )
    site = load_and_assemble(full).site
    renderer = Renderer(site, full, RecordingEnvironment)
    renderer.env.filters["names"] = lambda w: ", ".join(c.name for c in w.collectives)
    renderer.env.globals["count_needs"] = lambda w: len(w.needs)
    page = next(p for p in plan_pages(site) if p.kind == "wijk")
    html, reads = render_recording(renderer, page, ENTITY_TYPES)
    assert html.startswith("Energiecoöperatie Oost, Taalcafé ")
    recorded = [(type(obj).__name__, attribute) for obj, attribute in reads]
    # The filter and the function may read anything in the wijk; link() needs its slug only.
    assert recorded.count(("Wijk", "*")) == 2
    assert ("Wijk", "name") in recorded
    assert ("Wijk", "collectives") not in recorded  # read in Python, covered by the whole read


def test_a_session_of_edits_with_kept_objects_stays_equal_to_fresh_renders(full: Path) -> None:
    """As in ``serve``: unchanged wijken stay the same objects between renders (the memos), so the state is
    carried forward from render to render rather than recomputed; after every edit of a long session,
    undoing some, the site still equals a fresh render byte for byte."""
    from wijkgen.live.memo import LiveAssembly, PlanMemo

    checking, plan = LiveAssembly(full), PlanMemo()

    def remembered(previous: RenderState | None) -> tuple[dict[str, bytes], RenderOutcome]:
        result = checking.load_and_assemble()
        written: dict[str, bytes] = {}
        pages = plan_pages(result.site, plan.wijk_pages)
        assert pages == plan_pages(result.site)  # the plan memo gives the pages a fresh plan gives
        return written, render_changed(result.site, full, pages, written.__setitem__, previous=previous)

    site, outcome = remembered(None)
    session = [
        "collective-name", "collective-story", "news-title", "step-status", "collective-added", "wijk-name",
        "collective-removed", "collective-back", "undo-name", "undo-story", "config-title",
        "collective-story-again", "collective-renamed", "undo-rename", "template",
    ]
    removed = full / "content/westwijk/collectieven/moestuin.md"
    kept_text = removed.read_text(encoding="utf-8")
    more = {
        "collective-back": lambda root: removed.write_text(kept_text, encoding="utf-8"),
        "undo-name": replace("content/oostwijk/collectieven/taalcafe.md", "naam: Taalhuis", "naam: Taalcafé"),
        "undo-story": replace("content/oostwijk/collectieven/taalcafe.md", "Samen Fries", "Samen Nederlands"),
        "collective-story-again": replace("content/oostwijk/collectieven/taalcafe.md", "Samen ", "Eerst samen "),
        "undo-rename": lambda root: (root / "content/westwijk/collectieven/buurtmoestuin.md").rename(removed),
    }
    kept_once = False
    for step in session:
        {**EDITS, **more}[step](full)
        changed, outcome = remembered(outcome.state)
        kept_once = kept_once or outcome.state.stale > 0  # carried forward, not recomputed
        for path in outcome.removed:
            del site[path]
        site.update(changed)
        fresh, _ = render(full)
        assert sorted(site) == sorted(fresh), step
        for path, data in fresh.items():
            assert site[path] == data, f"{path} is stale after '{step}'"
    assert kept_once


def test_suspects_are_changed_entities_their_calls_and_site_wide_calls(full: Path) -> None:
    """Which keys a carried-forward render looks at again: entities that are not the previous objects (or
    are gone), each helper call that was given one of them, and every call that reads the whole site."""
    import dataclasses

    from wijkgen.live.incremental import _entities_since, _suspects

    result = load_and_assemble(full)
    pages = plan_pages(result.site)
    written: dict[str, bytes] = {}
    state = render_changed(result.site, full, pages, written.__setitem__).state
    plan = state.entities[("plan",)]
    assert state.site_wide_calls, "the progress matrix reads the whole site"
    page_key = ("page", "oostwijk/collectieven/taalcafe/")
    assert state.calls_of.get(page_key), "json_ld is given the page"

    same, moved = _entities_since(state.entities, result.site, pages, plan)
    assert moved == set() and same == state.entities
    assert _suspects(moved, state) == set(state.site_wide_calls)  # nothing replaced: only those

    # the same model but one wijk a new object: it, its collectives and news are looked at, and their calls
    oost = next(w for w in result.site.wijken if w.slug == "oostwijk")
    new_oost = dataclasses.replace(oost)
    site = dataclasses.replace(result.site, wijken=tuple(new_oost if w is oost else w for w in result.site.wijken))
    entities, moved = _entities_since(state.entities, site, pages, plan)
    assert ("site",) in moved and ("wijk", "oostwijk") in moved
    assert ("collectief", "oostwijk", "taalcafe") in moved and ("wijk", "westwijk") not in moved
    assert entities[("wijk", "oostwijk")] is new_oost
    assert set(state.calls_of.get(("wijk", "oostwijk"), ())) <= _suspects(moved, state)

    # a wijk gone, and its pages: their keys leave the entities
    site = dataclasses.replace(result.site, wijken=tuple(w for w in result.site.wijken if w is not oost))
    fewer = [p for p in pages if p.wijk is not oost]
    entities, moved = _entities_since(state.entities, site, fewer, plan)
    assert ("wijk", "oostwijk") not in entities and page_key not in entities
    assert {("wijk", "oostwijk"), page_key, ("collectief", "oostwijk", "taalcafe")} <= moved
    assert set(state.calls_of[page_key]) <= _suspects(moved, state)


@pytest.mark.fuzz
def test_refingerprint_equals_a_fresh_fingerprint() -> None:
    """Reusing the fingerprints of the parts that are the very same objects gives what fingerprinting the
    whole again gives, whatever changed: an item, the length, a key, the type."""
    from hypothesis import example, given
    from hypothesis import strategies as st

    from wijkgen.speed.dependencies import fingerprint
    from wijkgen.speed.dependencies import refingerprint as _refingerprint

    leaves = st.one_of(st.integers(), st.text(max_size=3), st.booleans(), st.none())
    values = st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.lists(inner, max_size=4).map(tuple),
            st.dictionaries(st.text(max_size=2), inner, max_size=3),
        ),
        max_leaves=12,
    )

    def mix(new: object, old: object, pick: int) -> object:
        """``new`` with some of its parts replaced by the parts of ``old`` at the same place (shared objects)."""
        if type(new) is type(old) and isinstance(new, (list, tuple)) and isinstance(old, (list, tuple)):
            common = zip(new[: len(old)], old[: len(new)], strict=True)
            parts = [o if (pick >> (i % 8)) & 1 else mix(n, o, pick // 2) for i, (n, o) in enumerate(common)]
            parts += list(new[len(old) :])
            return type(new)(parts)
        if isinstance(new, dict) and isinstance(old, dict):
            return {k: old[k] if k in old and pick & 1 else v for k, v in new.items()}
        return old if pick & 1 else new

    @given(values, values, st.integers(0, 255))
    @example([1, 2], [1, 2, 3], 0)  # longer
    @example((1, 2, 3), (1, 2), 0)  # shorter
    @example({"b": [1], "a": 2}, {"b": [1], "a": 3}, 1)  # keys not in sorted order
    @example([("x", 1)], (("x", 1),), 1)  # another kind of sequence
    def load_and_assemble(old: object, new: object, pick: int) -> None:
        shared = mix(new, old, pick)
        assert _refingerprint(shared, old, fingerprint(old)) == fingerprint(shared)

    load_and_assemble()
