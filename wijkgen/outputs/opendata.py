"""Open data: the collectives, step progress, anchor institutions and needs as CSV and JSON.

Each dataset is one table with fixed columns (documented on the site's data
page and in docs/open-data.md, from the descriptions in the translation files).
It is written for the whole site (``data/<name>.csv|json``) and per wijk
(``<wijk>/data/<name>.csv|json``). CSV is UTF-8 without byte-order mark, comma
separated, with a header row and CRLF line ends (RFC 4180); lists are joined
with "; ", yes/no is ``ja``/``nee``, decimals use a point, and missing values
are empty. JSON has the same columns as keys, with lists as arrays, numbers as
numbers and missing values as null. Rows follow the site's own order: wijken
by folder name, then as on the pages. ``pagina`` is the page's absolute
address when ``basis_url`` is set, else its address relative to the site root.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from wijkgen.model.entities import Site, Wijk
from wijkgen.render.pages import url_for

Row = dict[str, Any]
LIST_SEPARATOR = "; "
DATA_FOLDER = "data/"


def _page(site: Site, url: str) -> str:
    return site.config.base_url + url if site.config.base_url else url


def _collectives(site: Site, wijk: Wijk) -> Iterator[Row]:
    for c in wijk.collectives:
        yield {
            "wijk": wijk.slug,
            "slug": c.slug,
            "naam": c.name,
            "soort": c.kind,
            "samenvatting": c.summary,
            "waarden": list(c.values),
            "activiteiten": list(c.activities),
            "opgericht": c.founded,
            "adres": c.location.address,
            "breedtegraad": c.location.lat,
            "lengtegraad": c.location.lon,
            "contact_naam": c.contact.name,
            "email": c.contact.email,
            "telefoon": c.contact.phone,
            "website": c.contact.website,
            "behoeften": list(dict.fromkeys(n.kind for n in c.needs)),
            "pagina": _page(site, url_for(c)),
        }


def _steps(site: Site, wijk: Wijk) -> Iterator[Row]:
    for p in wijk.progress:
        call = p.call_to_action
        yield {
            "wijk": wijk.slug,
            "nummer": p.step.number,
            "stap": p.step.id,
            "titel": p.step.title,
            "status": p.status.value,
            "start": p.start.isoformat() if p.start else None,
            "einde": p.end.isoformat() if p.end else None,
            "samenvatting": p.summary_html.striptags(),
            "mijlpalen": [f"{m.date.isoformat()}: {m.title}" for m in p.milestones],
            "collectieven": [c.slug for c in p.collectives],
            "oproep_tekst": call.text if call else "",
            "oproep_url": call.url if call else "",
            "pagina": _page(site, f"{url_for(wijk)}stappen/#stap-{p.step.id}"),
        }


def _anchors(site: Site, wijk: Wijk) -> Iterator[Row]:
    for a in wijk.anchors:
        base = {"wijk": wijk.slug, "slug": a.slug, "naam": a.name, "instelling_soort": a.kind}
        for commitment in a.commitments or ():
            about = {**base, "toezegging": commitment.kind, "omschrijving": commitment.description,
                     "sinds": commitment.since}
            figures = commitment.figures or (None,)
            for f in figures:
                yield {
                    **about,
                    "jaar": f.year if f else None,
                    "waarde": f.value if f else None,
                    "eenheid": f.unit if f else "",
                    "toelichting": f.note if f else "",
                    "voorbeeld": f.example if f else None,
                    "pagina": _page(site, f"{url_for(wijk)}ankerinstellingen/"),
                }
        if not a.commitments:
            yield {**base, "toezegging": "", "omschrijving": "", "sinds": None, "jaar": None, "waarde": None,
                   "eenheid": "", "toelichting": "", "voorbeeld": None,
                   "pagina": _page(site, f"{url_for(wijk)}ankerinstellingen/")}


def _needs(site: Site, wijk: Wijk) -> Iterator[Row]:
    for c, n in wijk.needs:
        yield {
            "wijk": wijk.slug,
            "collectief": c.slug,
            "collectief_naam": c.name,
            "behoefte": n.kind,
            "omschrijving": n.description,
            "contact_naam": c.contact.name,
            "email": c.contact.email,
            "telefoon": c.contact.phone,
            "website": c.contact.website,
            "pagina": _page(site, url_for(c)),
        }


@dataclass(frozen=True)
class _WithCodes:
    """The rows of ``rows`` with the wijk's CBS codes in each, so the data can be joined with CBS figures.

    A value rather than a closure: a dataset is handed to template helpers, whose calls the build cache keeps.
    """

    rows: Callable[[Site, Wijk], Iterator[Row]]

    def __call__(self, site: Site, wijk: Wijk) -> Iterator[Row]:
        """Each row of ``rows`` for ``wijk``, with its codes."""
        for row in self.rows(site, wijk):
            yield {**row, "gemeentecode": wijk.municipality_code, "wijkcode": wijk.wijk_code}


def _with_codes(rows: Callable[[Site, Wijk], Iterator[Row]]) -> Callable[[Site, Wijk], Iterator[Row]]:
    """``rows`` with the wijk's CBS codes in each (see :class:`_WithCodes`)."""
    return _WithCodes(rows)


CODES = ("gemeentecode", "wijkcode")  # last in every table: new columns only ever come at the end


@dataclass(frozen=True)
class Dataset:
    """One open-data table: its file name, its columns in order, and how to get a wijk's rows."""

    name: str
    columns: tuple[str, ...]
    rows: Callable[[Site, Wijk], Iterator[Row]]


DATASETS: tuple[Dataset, ...] = (
    Dataset("collectieven", ("wijk", "slug", "naam", "soort", "samenvatting", "waarden", "activiteiten", "opgericht",
                             "adres", "breedtegraad", "lengtegraad", "contact_naam", "email", "telefoon", "website",
                             "behoeften", "pagina", *CODES), _with_codes(_collectives)),
    Dataset("stappen", ("wijk", "nummer", "stap", "titel", "status", "start", "einde", "samenvatting", "mijlpalen",
                        "collectieven", "oproep_tekst", "oproep_url", "pagina", *CODES), _with_codes(_steps)),
    Dataset("ankerinstellingen", ("wijk", "slug", "naam", "instelling_soort", "toezegging", "omschrijving", "sinds",
                                  "jaar", "waarde", "eenheid", "toelichting", "voorbeeld", "pagina", *CODES),
            _with_codes(_anchors)),
    Dataset("behoeften", ("wijk", "collectief", "collectief_naam", "behoefte", "omschrijving", "contact_naam",
                          "email", "telefoon", "website", "pagina", *CODES), _with_codes(_needs)),
)


# A spreadsheet reads a cell that starts with one of these as a formula (CSV injection); a cell of only
# digits and the signs of numbers and phone numbers cannot call anything, so it stays as it is.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER_LIKE = re.compile(r"^[+-]?[0-9][0-9 ().,/+-]*$")


def inert_cell(text: str) -> str:
    """``text`` for a CSV cell that a spreadsheet shows as text: a leading ``'`` when it would start a formula."""
    if text.startswith(FORMULA_STARTS) and not _NUMBER_LIKE.match(text):
        return "'" + text
    return text


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, list):
        return inert_cell(LIST_SEPARATOR.join(str(v) for v in value))
    if isinstance(value, str):
        return inert_cell(value)
    return str(value)


def _csv_lines(columns: Sequence[str], rows: Iterable[Row]) -> bytes:
    """Rows as CSV lines (RFC 4180, UTF-8, CRLF), without a header."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_csv_value(row[c]) for c in columns])
    return buffer.getvalue().encode("utf-8")


def _csv_header(columns: Sequence[str]) -> bytes:
    """The header line of a CSV table: the column names."""
    return _csv_lines(columns, [dict(zip(columns, columns, strict=True))])


def _json_lines(columns: Sequence[str], rows: Iterable[Row]) -> str:
    """Rows as JSON objects, one per line, each from json's C encoder (indent= would use the slow one)."""
    return ",\n".join("    " + json.dumps({c: row[c] for c in columns}, ensure_ascii=False) for row in rows)


def _json_document(dataset: Dataset, lines: str, site: Site, wijk: Wijk | None) -> bytes:
    about = {
        "dataset": dataset.name,
        "bron": site.config.title,
        "wijk": wijk.slug if wijk else None,
        "voorbeeldinhoud": site.config.example_content,
        "kolommen": list(dataset.columns),
    }
    head = "".join(f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)},\n" for k, v in about.items())
    return ("{\n" + head + '  "rijen": [' + ("\n" + lines + "\n  " if lines else "") + "]\n}\n").encode("utf-8")


def data_url(dataset: Dataset, fmt: str, wijk: Wijk | None = None) -> str:
    """The site-relative address of a dataset file (``fmt`` is "csv" or "json"), for a wijk or the whole site."""
    folder = f"{url_for(wijk)}{DATA_FOLDER}" if wijk is not None else DATA_FOLDER
    return f"{folder}{dataset.name}.{fmt}"


@dataclass(frozen=True)
class WijkData:
    """One wijk's part of a dataset: its rows as CSV and JSON lines (for the whole-site files) and its own files."""

    csv_lines: bytes
    json_lines: str
    csv_file: bytes
    json_file: bytes


def wijk_data(dataset: Dataset, site: Site, wijk: Wijk) -> WijkData:
    """A wijk's part of ``dataset``."""
    rows = list(dataset.rows(site, wijk))
    csv_lines, json_lines = _csv_lines(dataset.columns, rows), _json_lines(dataset.columns, rows)
    return WijkData(csv_lines, json_lines, _csv_header(dataset.columns) + csv_lines,
                    _json_document(dataset, json_lines, site, wijk))


Whole = Callable[[str, tuple[Any, ...], Callable[[], bytes]], bytes]


def make_whole(rel: str, parts: tuple[Any, ...], make: Callable[[], bytes]) -> bytes:
    """Make a whole-site file (``rel``, made of ``parts``) now; the live preview hands one that keeps it."""
    return make()


def open_data(
    site: Site, each_wijk: Callable[[Dataset, Site, Wijk], WijkData] = wijk_data, whole: Whole = make_whole
) -> Iterator[tuple[str, bytes]]:
    """Every open-data file with its output path: per dataset, for each wijk and for the whole site, made
    one at a time (a big site's files together are tens of megabytes); a whole-site file is the wijken's
    rows one after another. ``each_wijk`` makes a wijk's part and ``whole`` a whole-site file from the parts
    (the live preview keeps unchanged ones)."""
    for dataset in DATASETS:
        parts: list[WijkData] = []
        for wijk in site.wijken:
            part = each_wijk(dataset, site, wijk)
            yield data_url(dataset, "csv", wijk), part.csv_file
            yield data_url(dataset, "json", wijk), part.json_file
            parts.append(part)
        made_of = (site.config, dataset.name, *parts)
        csv_path, json_path = data_url(dataset, "csv"), data_url(dataset, "json")
        yield csv_path, whole(csv_path, made_of, partial(_whole_csv, dataset, parts))
        yield json_path, whole(json_path, made_of, partial(_whole_json, dataset, parts, site))


def _whole_csv(dataset: Dataset, parts: list[WijkData]) -> bytes:
    return _csv_header(dataset.columns) + b"".join(part.csv_lines for part in parts)


def _whole_json(dataset: Dataset, parts: list[WijkData], site: Site) -> bytes:
    return _json_document(dataset, ",\n".join(part.json_lines for part in parts if part.json_lines), site, None)


def reference_markdown(strings: Mapping[str, str]) -> str:
    """docs/open-data.md: what the files are, where they are, and every column, in Dutch."""
    out = [
        "# Open data",
        "",
        "<!-- Dit bestand wordt gemaakt door wijkgen/outputs/opendata.py met de teksten uit wijkgen/i18n/nl/site.yaml."
        " Pas die aan, niet dit bestand. -->",
        "",
        strings["opendata.intro"],
        "",
        "## Waar de bestanden staan",
        "",
        "Elke tabel staat er als CSV en als JSON, voor de hele site en per wijk:",
        "",
        "| wat | adres |",
        "|---|---|",
        "| alle wijken | `data/<tabel>.csv` en `data/<tabel>.json` |",
        "| een wijk | `<wijk>/data/<tabel>.csv` en `<wijk>/data/<tabel>.json` |",
        "",
        "De pagina *Open data* op de site (`data/`) linkt naar alle bestanden en legt de kolommen uit.",
        "",
        "## Vorm",
        "",
        "- **CSV**: UTF-8 zonder BOM, komma als scheidingsteken, een kopregel met de kolomnamen, regels eindigen op"
        " CRLF (RFC 4180). Lijsten staan in een cel, gescheiden door `; `. Ja/nee is `ja` of `nee`. Getallen hebben"
        " een punt als decimaalteken. Een lege cel betekent: niet bekend of niet van toepassing.",
        "- **Formules**: begint een tekst in een CSV-cel met `=`, `+`, `-` of `@` (of een tab of regeleinde), dan"
        " staat er een `'` voor, zodat een spreadsheet hem als tekst toont en niet als formule uitvoert (CSV-injectie)."
        " Getallen en telefoonnummers zoals `-3.5` of `+31 20 123 4567` blijven zoals ze zijn. De JSON-bestanden"
        " bevatten elke tekst precies zoals hij in de inhoud staat.",
        "- **JSON**: een object met `dataset`, `bron` (titel van de site), `wijk` (`null` voor de hele site),"
        " `voorbeeldinhoud` (`true` als de inhoud verzonnen is), `kolommen` (de kolomnamen in volgorde) en `rijen`:"
        " per rij een object met dezelfde kolommen. Lijsten zijn arrays, getallen zijn getallen, onbekend is `null`.",
        "- **Volgorde**: wijken op mapnaam; daarbinnen dezelfde volgorde als op de site (collectieven op naam, stappen"
        " op nummer, ankerinstellingen op naam, cijfers op jaar). Dezelfde inhoud geeft altijd precies dezelfde"
        " bestanden.",
        "- **pagina**: het volledige webadres van de pagina als `basis_url` in `wijkgen.yaml` staat, anders het adres"
        " vanaf de hoofdmap van de site.",
        "- **Kolommen blijven stabiel**: nieuwe kolommen komen er hooguit achteraan bij; bestaande kolommen veranderen"
        " niet van naam of betekenis.",
        "- **Excel**: open een CSV via *Gegevens > Van tekst/CSV* en kies *UTF-8* en *komma*, dan blijven letters als"
        " ë en ö goed.",
        "",
    ]
    for dataset in DATASETS:
        out += [f"## {dataset.name}", "", strings[f"opendata.{dataset.name}.about"], "",
                "| kolom | betekenis |", "|---|---|"]
        out += [f"| `{c}` | {strings[f'opendata.col.{c}']} |" for c in dataset.columns]
        out.append("")
    return "\n".join(out)
