"""The content reference for authors (docs/inhoud.md), written from the same schemas the validator uses."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from wijkgen.parse.guide import SchemaNavigator
from wijkgen.schema.framework import Framework
from wijkgen.schema.schemas import CONTENT_TYPES, Vocabulary, build_schema

_WHERE = {
    "config": "`wijkgen.yaml` in de hoofdmap van het project",
    "wijk": "`content/<wijk>/wijk.md`: velden tussen `---`-regels, daaronder de inleiding in Markdown",
    "collectief": "`content/<wijk>/collectieven/<naam>.md`: velden tussen `---`-regels, daaronder het verhaal",
    "stappen": "`content/<wijk>/stappen.yaml`",
    "ankerinstelling": "`content/<wijk>/ankerinstellingen/<naam>.yaml`",
    "nieuws": "`content/<wijk>/nieuws/<jjjj-mm-dd>-<naam>.md`: velden tussen `---`-regels, daaronder het bericht",
}

_TYPE_WORDS = {
    "string": "tekst",
    "integer": "heel getal",
    "number": "getal",
    "boolean": "ja/nee",
    "array": "lijst",
    "object": "blok",
}


def _type_word(nav: SchemaNavigator, schema: Any) -> str:
    resolved = nav.resolve(schema) or {}
    if "enum" in resolved:
        return "een van: " + ", ".join(f"`{v}`" for v in resolved["enum"])
    if resolved.get("format") == "date":
        return "datum (jjjj-mm-dd)"
    words = [_TYPE_WORDS.get(t, t) for t in sorted(nav.types(schema))]
    if resolved.get("type") == "array":
        item = nav.resolve(resolved.get("items")) or {}
        if "enum" in item:
            return "lijst, elk een van: " + ", ".join(f"`{v}`" for v in item["enum"])
        if item.get("type") == "object":
            return "lijst van blokken"
        return "lijst van " + _type_word(nav, resolved.get("items"))
    return " of ".join(words) or "tekst"


def _rows(nav: SchemaNavigator, schema: Any, prefix: str) -> Iterator[tuple[str, str, str, str]]:
    resolved = nav.resolve(schema) or {}
    required = set(resolved.get("required", ()))
    for key, sub in resolved.get("properties", {}).items():
        name = f"{prefix}{key}"
        sub_resolved = nav.resolve(sub) or {}
        description = str(sub.get("description") or sub_resolved.get("description", ""))
        yield name, _type_word(nav, sub), "ja" if key in required else "", description
        if "object" in nav.types(sub):
            yield from _rows(nav, sub_resolved, f"{name}.")
        elif sub_resolved.get("type") == "array":
            item = nav.resolve(sub_resolved.get("items")) or {}
            if item.get("type") == "object":
                yield from _rows(nav, item, f"{name}[].")


# The context layers of a wijk map are GeoJSON files, not YAML with a schema; what each may hold is
# checked by wijkgen.model.geo.layer_from_geojson (LAYER_KINDS).
_LAYERS = [
    "## Kaartlagen (kaart/water.geojson, groen.geojson, straten.geojson)", "",
    "Waar: `content/<wijk>/kaart/`, naast `wijk.md`. Alle drie mogen ontbreken.", "",
    "Lagen onder de wijkgrens op de kaart van de wijk, zodat lezers de buurt herkennen. Elk bestand is GeoJSON"
    " met punten [lengtegraad, breedtegraad] (WGS84, zoals OpenStreetMap ze geeft): een geometrie, een"
    " `Feature` of een `FeatureCollection`. Losse punten worden overgeslagen. Hoe je ze maakt uit"
    " OpenStreetMap staat in de handleiding, bij *Kaartlagen*.", "",
    "| bestand | wat erin hoort | soorten geometrie |", "|---|---|---|",
    "| `water.geojson` | vaarten, vijvers, sloten | `Polygon`, `MultiPolygon`, `LineString`, `MultiLineString` |",
    "| `groen.geojson` | parken, plantsoenen, sportvelden | `Polygon`, `MultiPolygon` |",
    "| `straten.geojson` | de hoofdstraten | `LineString`, `MultiLineString` |", "",
    "Zonder `bron` in de properties zet de site onder de kaart \"© OpenStreetMap-bijdragers\" met een link naar"
    " de licentie, zoals OpenStreetMap vraagt. Komt een laag ergens anders vandaan, zet dan in de properties van"
    " het eerste feature een `bron`, bijvoorbeeld `\"bron\": \"Gemeente Amsterdam, Basiskaart\"`; die staat"
    " dan onder de kaart. Een ander bestand in de map `kaart` geeft een fout.", "",
]


def reference_markdown(framework: Framework, vocabulary: Vocabulary) -> str:
    """The full reference of every file type and field, in Dutch Markdown."""
    out = [
        "# Naslag: alle bestanden en velden",
        "",
        "<!-- Dit bestand wordt gemaakt door wijkgen/schema/reference.py uit de schema's in wijkgen/schema/json/."
        " Pas die aan, niet dit bestand. -->",
        "",
        "Elk soort bestand heeft een vast schema. `wijkgen check` controleert elk bestand daartegen en"
        " meldt per fout het bestand, de regel en wat je in plaats daarvan kunt schrijven.",
        "Velden met *ja* onder *verplicht* moeten er altijd staan; de rest mag je weglaten.",
        "Schrijf ja/nee-velden als `ja` of `nee`, datums als `2021-03-15` en getallen met een punt: `12.5`.",
        "",
    ]
    for name in CONTENT_TYPES:
        schema = build_schema(name, vocabulary)
        nav = SchemaNavigator(schema)
        out += [f"## {schema['title']}", "", f"Waar: {_WHERE[name]}.", "", str(schema.get("description", "")), ""]
        out += ["| veld | soort waarde | verplicht | uitleg |", "|---|---|---|---|"]
        for field, kind, required, description in _rows(nav, schema, ""):
            out.append(f"| `{field}` | {kind} | {required} | {description} |")
        out.append("")
    out += _LAYERS
    out += ["## Het kader: stappen en lijsten", "",
            "Dit zijn de ingebouwde stappen en lijsten. Een project kan ze vervangen onder `kader:` in"
            " `wijkgen.yaml`.", "", "| nr | id | titel | wat er gebeurt |", "|---|---|---|---|"]
    for step in framework.steps:
        out.append(f"| {step.number} | `{step.id}` | {step.title} | {step.description} |")
    out += ["", "Soorten waarde (`waarden`): " + ", ".join(f"`{v}`" for v in framework.values) + ".", "",
            "Soorten collectief (`soort`): " + ", ".join(f"`{v}`" for v in framework.kinds) + ".", "",
            "Soorten behoefte (`behoeften[].soort`): " + ", ".join(f"`{v}`" for v in framework.needs) + ".", ""]
    return "\n".join(out)
