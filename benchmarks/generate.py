"""Deterministic synthetic projects for benchmarks: N collectives over W wijken, and the same Markdown for peers.

Usage (also called by run.py):
    python benchmarks/generate.py wijkgen OUT --collectives 1000 --wijken 50
    python benchmarks/generate.py hugo|pelican|mkdocs OUT --collectives 1000 --wijken 50
"""

from __future__ import annotations

import argparse
import random
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

KINDS = ["bewonersgroep", "coöperatie", "stichting", "vereniging", "sociale onderneming", "informeel netwerk",
         "buurtinitiatief"]
VALUES = ["geld", "werkgelegenheid", "lokaal ondernemerschap", "veiligheid", "gelijkheid", "samenwerking",
          "opleiding", "gezondheid", "natuur", "leefbaarheid", "sociale netwerken"]
NEEDS = ["vrijwilligers", "ruimte", "kennis", "geld", "materiaal", "netwerk"]
STEPS = ["wijkteam", "wijk-in-kaart", "droom-en-plan", "ankerinstellingen", "veranker"]
WORDS = (
    "buurt bewoners samen koken tuin plein school jongeren ouderen werk leren geld huur winkel markt fiets "
    "reparatie energie zon dak groen bomen water speeltuin sport taal hulp koffie tafel gesprek plan droom "
    "wijkfonds coöperatie vrijwilliger ruimte kennis netwerk ondernemer vakman opleiding stage baan zorg "
    "gezondheid veiligheid straat portiek galerij binnentuin moestuin oogst maaltijd feest muziek dans kunst "
    "verhaal geschiedenis toekomst eigenaar aandeel stem vergadering wijkraad corporatie ziekenhuis gemeente "
    "stadsdeel inkoop personeel contract opdracht waarde welvaart economie lokaal klein eerlijk betaalbaar "
    "elke week iedere dinsdag op zaterdag in de zomer met de buren voor de wijk door bewoners zonder winst"
).split()
FIRST = ["Buurtkeuken", "Moestuin", "Fietswerkplaats", "Taalcafé", "Klussencollectief", "Energiecoöperatie",
         "Naaiatelier", "Huiswerkklas", "Ruilwinkel", "Sportclub", "Vadercafé", "Wijkfonds", "Repaircafé",
         "Zorgcoöperatie", "Speeltuinvereniging", "Kunstwerkplaats"]
SECOND = ["De Eik", "Het Plein", "Samen Sterk", "De Brug", "Overal", "De Haven", "Het Anker", "Noorderlicht",
          "De Linde", "Zonnehof", "De Kade", "Het Veld", "De Molen", "Morgenrood", "De Vonk", "Het Erf"]


@dataclass(frozen=True)
class Collective:
    """One generated collective: its wijk, slug, title and front-matter fields, and its Markdown body."""

    wijk: str
    slug: str
    title: str
    kind: str
    values: tuple[str, ...]
    needs: tuple[str, ...]
    founded: int
    body: str


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def _body(rng: random.Random) -> str:
    target = rng.randint(150, 400)
    parts: list[str] = []
    count = 0
    while count < target:
        roll = rng.random()
        if roll < 0.12 and parts:
            parts.append(f"## {_sentence(rng, 3)[:-1]}")
        elif roll < 0.22:
            items = [f"- {_sentence(rng, rng.randint(4, 8))}" for _ in range(rng.randint(2, 4))]
            parts.append("\n".join(items))
            count += sum(len(i.split()) for i in items)
        else:
            sentences = [_sentence(rng, rng.randint(6, 14)) for _ in range(rng.randint(2, 5))]
            if rng.random() < 0.3:
                sentences.append(f"Lees meer op [onze pagina](https://example.org/{rng.randint(1, 999)}).")
            text = " ".join(sentences)
            parts.append(text)
            count += len(text.split())
    return "\n\n".join(parts) + "\n"


def collectives(n: int, wijken: int, seed: int = 2026) -> Iterator[Collective]:
    """The same N collectives for every tool, spread evenly over the wijken."""
    rng = random.Random(seed)
    for i in range(n):
        wijk = f"wijk-{i % wijken:04d}"
        title = f"{rng.choice(FIRST)} {rng.choice(SECOND)} {i}"
        yield Collective(
            wijk=wijk,
            slug=f"collectief-{i:05d}",
            title=title,
            kind=rng.choice(KINDS),
            values=tuple(rng.sample(VALUES, rng.randint(1, 4))),
            needs=tuple(rng.sample(NEEDS, rng.randint(0, 3))),
            founded=rng.randint(1975, 2024),
            body=_body(rng),
        )


def _yaml_list(items: tuple[str, ...]) -> str:
    return "[" + ", ".join(items) + "]"


def write_wijkgen(out: Path, items: list[Collective], wijken: int) -> None:
    """A wijkgen project: config, per wijk a profile, steps and an anchor, and the collectives."""
    (out / "wijkgen.yaml").write_text("titel: Benchmark\ntaal: nl\nbasis_url: https://bench.example.org/\n",
                                      encoding="utf-8")
    by_wijk: dict[str, list[Collective]] = {}
    for c in items:
        by_wijk.setdefault(c.wijk, []).append(c)
    for w in range(wijken):
        slug = f"wijk-{w:04d}"
        folder = out / "content" / slug
        (folder / "collectieven").mkdir(parents=True)
        (folder / "ankerinstellingen").mkdir()
        (folder / "wijk.md").write_text(
            f"---\nnaam: Wijk {w}\nstad: Benchstad\nstadsdeel: Deel {w % 7}\nsamenvatting: Synthetische wijk {w}.\n"
            "kerncijfers:\n  - naam: Inwoners\n    waarde: 7400\n    eenheid: inwoners\n    jaar: 2021\n"
            "    bron: Synthetisch\n    voorbeeld: ja\n---\nEen synthetische wijk voor metingen.\n",
            encoding="utf-8")
        members = [c.slug for c in by_wijk.get(slug, [])[:3]]
        steps = "stappen:\n"
        for i, step in enumerate(STEPS[: 1 + w % 5]):
            done = i < w % 5
            steps += (f"  - stap: {step}\n    status: {'afgerond' if done else 'bezig'}\n"
                      f"    start: 2020-0{i + 1}-01\n" + (f"    einde: 2020-0{i + 2}-01\n" if done else "") +
                      "    samenvatting: Voortgang in deze stap.\n"
                      f"    collectieven: {_yaml_list(tuple(members))}\n")
        (folder / "stappen.yaml").write_text(steps, encoding="utf-8")
        (folder / "ankerinstellingen" / "corporatie.yaml").write_text(
            "naam: Corporatie (voorbeeld)\nsoort: woningcorporatie\ntoezeggingen:\n"
            "  - soort: lokaal inkopen\n    omschrijving: Onderhoud uit de wijk.\n    cijfers:\n"
            "      - {jaar: 2021, waarde: 12, eenheid: procent}\n      - {jaar: 2022, waarde: 15, eenheid: procent}\n",
            encoding="utf-8")
    for c in items:
        needs = "".join(f"  - soort: {n}\n    omschrijving: Wij zoeken {n} voor onze activiteiten.\n"
                        for n in c.needs)
        front = (f"---\nnaam: {c.title}\nsoort: {c.kind}\nsamenvatting: {c.title} in {c.wijk}.\n"
                 f"waarden: {_yaml_list(c.values)}\nactiviteiten:\n  - Samen werken\n  - Samen leren\n"
                 f"opgericht: {c.founded}\nlocatie:\n  adres: Straat {c.founded}, Benchstad\n"
                 f"contact:\n  email: {c.slug}@example.org\n" + (f"behoeften:\n{needs}" if needs else "") + "---\n")
        (out / "content" / c.wijk / "collectieven" / f"{c.slug}.md").write_text(front + c.body, encoding="utf-8")


def write_hugo(out: Path, items: list[Collective]) -> None:
    """A Hugo site with the same bodies and a minimal set of layouts of our own (Hugo has no default theme)."""
    (out / "hugo.toml").write_text('baseURL = "https://bench.example.org/"\ntitle = "Benchmark"\n'
                                   "disableKinds = ['taxonomy', 'term', 'RSS']\n", encoding="utf-8")
    layouts = out / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (layouts / "baseof.html").write_text(
        '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>'
        "<body><main>{{ block \"main\" . }}{{ end }}</main></body></html>\n", encoding="utf-8")
    (layouts / "single.html").write_text('{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}\n',
                                         encoding="utf-8")
    (layouts / "list.html").write_text(
        '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">'
        "{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n", encoding="utf-8")
    (layouts / "index.html").write_text(
        '{{ define "main" }}<h1>{{ .Site.Title }}</h1><ul>{{ range .Sections }}<li><a href="{{ .RelPermalink }}">'
        "{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n", encoding="utf-8")
    for c in items:
        folder = out / "content" / c.wijk
        if not folder.exists():
            folder.mkdir(parents=True)
            (folder / "_index.md").write_text(f"---\ntitle: {c.wijk}\n---\n", encoding="utf-8")
        (folder / f"{c.slug}.md").write_text(f"---\ntitle: \"{c.title}\"\n---\n{c.body}", encoding="utf-8")


def write_pelican(out: Path, items: list[Collective]) -> None:
    """A Pelican site with the same bodies as pages in categories per wijk, with its default theme."""
    (out / "content").mkdir(parents=True)
    (out / "pelicanconf.py").write_text(
        'AUTHOR = "Bench"\nSITENAME = "Benchmark"\nSITEURL = ""\nPATH = "content"\nTIMEZONE = "Europe/Amsterdam"\n'
        'DEFAULT_LANG = "nl"\nFEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\nTRANSLATION_FEED_ATOM = None\n'
        "AUTHOR_FEED_ATOM = None\nAUTHOR_FEED_RSS = None\nDEFAULT_PAGINATION = 10\n", encoding="utf-8")
    for i, c in enumerate(items):
        folder = out / "content" / c.wijk
        folder.mkdir(exist_ok=True)
        day = 1 + i % 28
        (folder / f"{c.slug}.md").write_text(
            f"Title: {c.title}\nDate: 2021-03-{day:02d}\nCategory: {c.wijk}\nSlug: {c.slug}\n\n{c.body}",
            encoding="utf-8")


def write_mkdocs(out: Path, items: list[Collective]) -> None:
    """A MkDocs site with the same bodies, one folder per wijk, with its default theme."""
    (out / "docs").mkdir(parents=True)
    (out / "mkdocs.yml").write_text("site_name: Benchmark\n", encoding="utf-8")
    (out / "docs" / "index.md").write_text("# Benchmark\n", encoding="utf-8")
    for c in items:
        folder = out / "docs" / c.wijk
        folder.mkdir(exist_ok=True)
        (folder / f"{c.slug}.md").write_text(f"# {c.title}\n\n{c.body}", encoding="utf-8")


def generate(tool: str, out: Path, n: int, wijken: int) -> Path:
    """Write the synthetic project for ``tool`` into ``out`` (replacing it) and return ``out``."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    items = list(collectives(n, wijken))
    if tool == "wijkgen":
        write_wijkgen(out, items, wijken)
    elif tool == "hugo":
        write_hugo(out, items)
    elif tool == "pelican":
        write_pelican(out, items)
    elif tool == "mkdocs":
        write_mkdocs(out, items)
    else:
        raise SystemExit(f"unknown tool {tool}")
    return out


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("tool", choices=["wijkgen", "hugo", "pelican", "mkdocs"])
    parser.add_argument("out", type=Path)
    parser.add_argument("--collectives", type=int, default=1000)
    parser.add_argument("--wijken", type=int, default=50)
    args = parser.parse_args()
    generate(args.tool, args.out, args.collectives, args.wijken)


if __name__ == "__main__":
    main()
