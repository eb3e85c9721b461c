"""The message catalogue: every text wijkgen prints about content, in Dutch and English.

Messages say what is wrong and what to write instead, in words a volunteer
follows. Placeholders are filled with :meth:`str.format`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

_TYPE_NAMES = {
    "nl": {
        "string": "tekst",
        "integer": "een heel getal",
        "number": "een getal",
        "boolean": "ja of nee",
        "array": "een lijst",
        "object": "een blok met velden",
        "null": "leeg",
    },
    "en": {
        "string": "text",
        "integer": "a whole number",
        "number": "a number",
        "boolean": "yes or no",
        "array": "a list",
        "object": "a block of fields",
        "null": "empty",
    },
}

CATALOGUE: dict[str, dict[str, str]] = {
    "nl": {
        "severity.error": "fout",
        "severity.warning": "waarschuwing",
        "summary": "{errors} fout(en), {warnings} waarschuwing(en)",
        "ok": "Alles in orde: {files} bestanden gecontroleerd, {wijken} wijk(en).",
        "build_failed": "De site is niet gebouwd; de vorige versie in {out} is niet aangeraakt.",
        "built_summary": "Klaar: {pages} pagina's, {wijken} wijk(en), {warnings} waarschuwing(en), {seconds} s → {out}",
        "progress.pages": "Pagina's schrijven",
        "build.waiting": "Er draait al een build voor dit project die in {out} schrijft (proces {pid}). Deze build "
        "wacht tot die klaar is en gaat dan verder; stoppen kan met Ctrl+C.",
        "build.write_failed": "{file} kon niet geschreven worden: {reason}. De vorige site in {out} is niet "
        "aangeraakt. {hint}",
        "reason.write_disk_full": "de schijf is vol",
        "reason.write_quota": "je schijfquotum is op (je mag op deze schijf niet meer ruimte gebruiken)",
        "reason.write_too_big": "het bestand wordt groter dan dit systeem toestaat (de limiet op bestandsgrootte)",
        "reason.write_denied": "je hebt geen toestemming om daar te schrijven",
        "reason.write_read_only": "die schijf of map kan alleen gelezen worden",
        "reason.write_other": "{detail}",
        "hint.write_disk_full": "Maak ruimte vrij op de schijf (of kies met --out een map op een andere schijf) en "
        "bouw opnieuw.",
        "hint.write_quota": "Ruim bestanden op of vraag de beheerder om meer ruimte, en bouw opnieuw.",
        "hint.write_too_big": "Verhoog de limiet (ulimit -f) of vraag de beheerder dat te doen, en bouw opnieuw.",
        "hint.write_denied": "Geef jezelf schrijfrechten op die map, of kies met --out een map waarin je wel mag "
        "schrijven, en bouw opnieuw.",
        "hint.write_read_only": "Kies met --out een map op een schijf waarop je kunt schrijven, en bouw opnieuw.",
        "hint.write_other": "Los dat op en bouw opnieuw.",
        "serve.running": "Voorbeeldsite: {url} (stoppen met Ctrl+C). Wat je opslaat in content/, templates/ of "
        "wijkgen.yaml is na een paar tellen te zien.",
        "serve.public_host": "Let op: met --host {host} kunnen ook andere computers in het netwerk de voorbeeldsite zien.",
        "serve.built": "Gebouwd in {seconds} s: {pages} pagina's.",
        "serve.rebuilt": "Bijgewerkt in {seconds} s: {rendered} van {pages} pagina's opnieuw gemaakt, {written} veranderd.",
        "serve.kept": "Niet bijgewerkt: de browser toont de meldingen, de laatste goede versie blijft staan.",
        "serve.stopped": "Voorbeeldsite gestopt.",
        "serve.cannot_listen": "kan niet luisteren op {host}:{port} ({detail}). Kies een andere poort met --port.",
        "serve.panel_title": "De site is niet bijgewerkt: {summary}",
        "serve.panel_help": "Verbeter wat hieronder staat en sla het bestand op; deze pagina ververst dan vanzelf.",
        "serve.panel_last_good": "Onder deze melding staat de laatste versie die wel werkte.",
        "serve.panel_no_site": "Er is nog geen versie die werkt. Zodra alles verbeterd is, verschijnt hier de site.",
        "serve.not_found_title": "Pagina niet gevonden",
        "serve.wrong_host": "Deze voorbeeldsite is alleen te bekijken op deze computer, via http://localhost:… of "
        "http://127.0.0.1:… (het adres dat wijkgen serve liet zien).",
        "serve.not_found": "Op {path} staat geen pagina. Deze pagina ververst vanzelf als je iets opslaat.",
        "serve.home": "Naar de startpagina",
        "project.not_empty": "wijkgen init schrijft nooit over bestaande bestanden heen, en in {path} staan al: "
        "{files}. Kies een nieuwe of lege map.",
        "project.file_exists": "{path} bestaat al; wijkgen overschrijft nooit een bestand. Kies een andere naam, "
        "of pas het bestaande bestand aan.",
        "project.bad_name": "van de naam '{name}' kan geen webadres gemaakt worden. Gebruik ten minste een letter of cijfer.",
        "project.reserved_name": "de naam '{slug}' is gereserveerd voor wijkgen zelf. Kies een andere naam.",
        "init.done": "Nieuw project in {path}. Bekijk het met: cd {path} && {wijkgen} serve",
        "new.written": "Geschreven: {path}",
        "new.next": "Vul de lege velden in. wijkgen check (of de voorbeeldsite van wijkgen serve) vertelt wat er nog "
        "ontbreekt.",
        "new.schema_hint": "Tip: met wijkgen schema komen de schema's in schemas/, zodat je editor velden kan aanvullen.",
        "schemas.written": "{count} schema's geschreven naar {out}.",
        "skeleton.intro": "Regels die met # beginnen tellen niet mee. Haal het # weg bij een veld dat je wilt "
        "gebruiken (en bij de velden eronder). Velden met (verplicht) moeten ingevuld zijn.",
        "skeleton.reference": "Alle velden staan ook in de naslag: wijkgen handleiding --naslag",
        "skeleton.required": "(verplicht)",
        "skeleton.choose": "Kies uit: {choices}.",
        "skeleton.choose_many": "Kies een of meer uit: {choices}.",
        "skeleton.story_collective": "Vertel hier in gewone zinnen het verhaal van het collectief: wie jullie zijn, "
        "wat jullie doen en wat het de wijk oplevert. Je mag Markdown gebruiken. Dit commentaar komt niet op de site.",
        "skeleton.story_wijk": "Schrijf hier de inleiding over de wijk. Je mag Markdown gebruiken. "
        "Dit commentaar komt niet op de site.",
        "skeleton.steps": "Hoe ver de wijk is in elke stap. Zet status op bezig of afgerond zodra het zover is, "
        "en vul dan ook de datums in.",
        "yaml.tab": "er staat een tab-teken; YAML accepteert alleen spaties om in te springen. "
        "Vervang de tab door spaties (bijvoorbeeld twee).",
        "yaml.unclosed_quote": "hier begint tekst tussen aanhalingstekens die nergens wordt afgesloten. "
        "Zet aan het eind van de tekst hetzelfde aanhalingsteken (\" of ').",
        "yaml.colon": "hier staat een dubbele punt die niet klopt. Springt deze regel precies even ver in als "
        "de regel erboven? Staat er een dubbele punt in je tekst, zet de tekst dan tussen aanhalingstekens, "
        'bijvoorbeeld: titel: "Let op: nieuw".',
        "yaml.indent": "deze regel springt anders in dan de regels erboven. Velden in hetzelfde blok moeten "
        "precies even ver inspringen (tel de spaties).",
        "yaml.flow": "een lijst tussen [ ] of blok tussen {{ }} is niet goed afgesloten. "
        "Controleer de haakjes en de komma's.",
        "yaml.alias": "hier staat een verwijzing met * (een YAML-alias). wijkgen gebruikt geen verwijzingen: een paar "
        "regels met verwijzingen kunnen samen miljarden waarden worden. Schrijf de waarde voluit; is het tekst die met "
        '* begint, zet die dan tussen aanhalingstekens, bijvoorbeeld: naam: "*Sterren*".',
        "yaml.reserved_char": "een waarde mag in YAML niet beginnen met '{char}'. Zet de tekst tussen "
        "aanhalingstekens, zo: {example}",
        "yaml.escape": "in tekst tussen dubbele aanhalingstekens (\"...\") heeft een \\ een bijzondere betekenis. "
        "Zet de tekst tussen enkele aanhalingstekens ('...'), of schrijf \\\\ voor een \\.",
        "yaml.missing_colon": "op deze regel ontbreekt de dubbele punt achter de veldnaam. Schrijf: {example}",
        "yaml.too_deep": "hier staan blokken en lijsten meer dan {limit} niveaus diep in elkaar; zo diep gaat geen "
        "enkel veld (het diepste gaat 5 niveaus diep). Controleer het inspringen en de haakjes [ ] en {{ }}.",
        "yaml.after_quote": "na de tekst tussen aanhalingstekens staat nog meer op deze regel. Zet de hele tekst "
        "tussen aanhalingstekens, zo: {example}",
        "yaml.dash": "een lijst-streepje (- ) mag hier niet: zet elk item van een lijst op een eigen regel, "
        "ingesprongen onder het veld. Hoort het streepje bij je tekst, zet de tekst dan tussen aanhalingstekens.",
        "yaml.control_char": "hier staat een onzichtbaar stuurteken ({code}) dat YAML niet toestaat; zo'n teken komt "
        "meestal mee bij kopiëren en plakken uit een ander programma. Haal het weg: typ dit stukje tekst opnieuw.",
        "yaml.document_end": "een regel met alleen ... sluit de YAML af, maar daaronder staat nog meer. Haal de "
        "regel met ... weg; hoort hij bij je tekst, zet die dan tussen aanhalingstekens.",
        "yaml.second_document": "een regel met alleen --- begint hier een tweede stuk YAML, maar een bestand bevat "
        "er maar een. Haal de regel weg.",
        "yaml.complex_key": "een veldnaam moet gewone tekst zijn, geen lijst of blok.",
        "yaml.generic": "deze regel is geen geldige YAML ({detail}). Vergelijk hem met een voorbeeld in de handleiding.",
        "text.control_character": "hier staat een onzichtbaar stuurteken ({code}) in de tekst, vaak meegekomen bij "
        "kopiëren en plakken of als \\x.. tussen aanhalingstekens. Haal het weg: het hoort niet in tekst en maakt de "
        "nieuwsfeed onleesbaar.",
        "yaml.duplicate_key": "veld '{key}' staat twee keer in hetzelfde blok (ook op regel {first}). "
        "Haal er een weg: anders gaat een van beide waarden verloren.",
        "frontmatter.missing": "het bestand moet beginnen met een regel met alleen --- , dan de velden, "
        "dan weer een regel met --- en daaronder de tekst.",
        "frontmatter.unclosed": "de kop met velden begint met --- maar wordt niet afgesloten. "
        "Zet een regel met alleen --- onder het laatste veld.",
        "empty_file": "het bestand is leeg. Vul de verplichte velden in (zie de handleiding), of haal het bestand "
        "weg als het niet nodig is.",
        "schema.unknown_key_close": "onbekend veld '{key}' — bedoelde je '{close}'?",
        "schema.unknown_key": "onbekend veld '{key}'. Toegestane velden hier: {known}.",
        "schema.required": "verplicht veld '{key}' ontbreekt{parent_part}. Voeg een regel '{key}: ...' toe.",
        "schema.empty": "veld '{field}' is leeg. Vul een waarde in of haal de regel weg.",
        "schema.enum": "'{value}' is geen geldige waarde voor '{field}'. Kies uit: {allowed}.",
        "schema.enum_close": "'{value}' is geen geldige waarde voor '{field}' — bedoelde je '{close}'? "
        "Kies uit: {allowed}.",
        "schema.type": "veld '{field}' moet {expected_name} zijn, maar is {actual_name}{value_part}. {how}",
        "schema.root_type": "het bestand moet velden bevatten, een per regel (zoals 'naam: ...'), maar bevat {actual_name}.",
        "schema.type_decimal_comma": "veld '{field}' moet een getal zijn; schrijf een punt in plaats van een "
        "komma, dus {value_dot} in plaats van {value}.",
        "schema.date": "'{value}' in veld '{field}' is geen geldige datum. Schrijf jjjj-mm-dd, bijvoorbeeld 2021-03-15.",
        "schema.pattern": "'{value}' in veld '{field}' heeft niet de goede vorm. {hint}",
        "schema.too_long": "veld '{field}' is te lang: {length} tekens, ten hoogste {max}. Maak het korter; "
        "de rest past in de tekst onder de kop.",
        "schema.minimum": "{value} in veld '{field}' is te klein: het moet ten minste {limit} zijn.",
        "schema.maximum": "{value} in veld '{field}' is te groot: het mag ten hoogste {limit} zijn.",
        "schema.coordinate": "{value} in veld '{field}' ligt buiten de wereldkaart: de {field} ligt tussen -{limit} "
        "en {limit}. In Nederland is de breedtegraad ongeveer 51 tot 53,5 en de lengtegraad 3,3 tot 7,2, "
        "bijvoorbeeld breedtegraad: 52.3183 en lengtegraad: 4.9571. Staan ze misschien omgewisseld?",
        "schema.file_name": "'{value}' in veld '{field}' is geen bestandsnaam maar een pad. wijkgen leest alleen "
        "bestanden in dezelfde map als dit bestand (geen ../, geen map ervoor, geen volledig pad zoals /home/... of "
        "C:\\...). Zet het bestand naast dit bestand en schrijf alleen de naam: '{name}'.",
        "schema.min_items": "de lijst '{field}' is leeg. Noem er ten minste {min}.",
        "schema.unique": "de lijst '{field}' noemt iets twee keer. Haal de dubbele weg.",
        "schema.dependent": "bij '{present}' hoort ook '{missing}'. Vul beide in of haal beide weg.",
        "schema.other": "veld '{field}' klopt niet: {detail}",
        "project.no_config": "geen wijkgen.yaml gevonden in {path}. Start wijkgen in de map van een project, "
        "of geef de map op: wijkgen build PAD.",
        "project.no_content": "de map {path} bestaat niet. Zet de wijken in een map content/ naast wijkgen.yaml.",
        "project.bad_out": "de uitvoermap {path} mag niet gebruikt worden: {reason}",
        "project.unknown_wijk": "wijk '{slug}' bestaat niet. Bekende wijken: {known}.",
        "reason.is_project": "dat is de projectmap zelf of een map erboven",
        "reason.inside_source": "daar staat inhoud of staan sjablonen van het project",
        "reason.is_file": "er staat een bestand met die naam",
        "content.no_wijken": "er staan nog geen wijken in content/. Maak een map per wijk met een wijk.md erin.",
        "content.no_profile": "de map {folder} heeft geen wijk.md. Elke wijk heeft een wijk.md met naam, stad "
        "en samenvatting.",
        "content.unused_file": "dit bestand wordt niet gebruikt. {hint}",
        "hint.rename_md": "Collectieven en nieuws zijn .md-bestanden: hernoem het naar {suggestion}.",
        "hint.rename_yaml": "Hernoem het naar {suggestion}.",
        "hint.unknown_place": "Zie de handleiding voor welke bestanden waar horen.",
        "content.bad_slug": "de map- of bestandsnaam '{name}' geeft geen bruikbaar webadres. "
        "Gebruik kleine letters, cijfers en streepjes, bijvoorbeeld {suggestion}.",
        "content.reserved_slug": "de naam '{slug}' is gereserveerd voor wijkgen zelf. Kies een andere mapnaam.",
        "content.duplicate_slug": "twee collectieven in deze wijk hebben dezelfde korte naam '{slug}' "
        "(ook {other}). Geef een van beide een andere bestandsnaam of een eigen 'slug'.",
        "content.duplicate_news_slug": "twee berichten in deze wijk krijgen hetzelfde webadres '{slug}' (ook "
        "{other}). Geef een van beide een andere bestandsnaam.",
        "content.duplicate_anchor_slug": "twee ankerinstellingen in deze wijk hebben dezelfde korte naam '{slug}' "
        "(ook {other}). Geef een van beide een andere bestandsnaam.",
        "content.case_clash": "'{name}' en {other} hebben dezelfde naam, alleen met andere hoofdletters. Op Windows "
        "en macOS kunnen die niet eens naast elkaar bestaan, en ze zouden hetzelfde webadres krijgen. Voeg ze samen "
        "of geef een van beide een andere naam (liefst in kleine letters).",
        "content.bad_file_name": "van de bestandsnaam '{name}' kan geen webadres gemaakt worden. Gebruik ten minste "
        "een letter of cijfer, liefst kleine letters met streepjes, bijvoorbeeld buurtkeuken.md.",
        "content.duplicate_step": "stap '{step}' staat twee keer in dit bestand (ook op regel {first}). "
        "Voeg beide blokken samen.",
        "content.unknown_collective": "collectief '{slug}' bestaat niet in deze wijk{close_part} "
        "Gebruik de bestandsnaam zonder .md; bekende collectieven: {known}.",
        "content.end_before_start": "de einddatum {end} ligt voor de startdatum {start}. Controleer beide datums.",
        "content.missing_boundary": "het bestand '{name}' voor de wijkgrens bestaat niet naast wijk.md. Zet het in "
        "de map van de wijk en schrijf de naam precies zo (ook hoofdletters), of haal de regel 'grens:' weg.",
        "content.bad_boundary": "'{name}' is geen leesbare GeoJSON: {hint} Verbeter het op deze plek, of exporteer "
        "de grens opnieuw als GeoJSON uit je kaartprogramma.",
        "json.value": "hier hoort een waarde te staan (een getal, tekst tussen dubbele aanhalingstekens, [ of {{). "
        "Staat er een komma te veel, of is het bestand leeg?",
        "json.comma": "hier ontbreekt een komma tussen twee waarden (of een haakje ] of }} dat iets afsluit).",
        "json.colon": "hier ontbreekt de dubbele punt tussen een naam en zijn waarde, zoals \"type\": \"Polygon\".",
        "json.name": "hier hoort een naam tussen dubbele aanhalingstekens, zoals \"type\". Staat er een komma te "
        "veel voor een }}?",
        "json.string": "een tekst tussen dubbele aanhalingstekens wordt hier niet afgesloten (of loopt door over "
        "een nieuwe regel).",
        "json.escape": "een \\ in een tekst moet in JSON dubbel: \\\\.",
        "json.extra": "na het einde van de GeoJSON staat nog meer tekst. Haal die weg.",
        "json.other": "dit teken hoort hier niet ({detail}).",
        "content.boundary_position": "'{name}' bevat hier een punt dat niet uit twee getallen bestaat. Schrijf elk "
        "punt als [lengtegraad, breedtegraad], bijvoorbeeld [4.9548, 52.3192], zonder aanhalingstekens.",
        "content.boundary_ring": "'{name}': deze rand van het vlak heeft {count} punt(en), maar een vlak heeft er "
        "ten minste drie. Teken de grens opnieuw of vul de ontbrekende punten aan.",
        "content.boundary_shape": "'{name}' bevat geen vlak. Teken de wijkgrens als GeoJSON 'Polygon' of "
        "'MultiPolygon' met punten [lengtegraad, breedtegraad], bijvoorbeeld [4.9548, 52.3192].",
        "content.boundary_range": "'{name}' bevat een punt buiten de wereldkaart. Schrijf elk punt als "
        "[lengtegraad, breedtegraad], bijvoorbeeld [4.9548, 52.3192]; de lengtegraad ligt tussen -180 en 180, "
        "de breedtegraad tussen -90 en 90.",
        "warn.outside_boundary": "collectief '{name}' ligt buiten de wijkgrens (breedtegraad {lat}, lengtegraad "
        "{lon}). Klopt dat? Misschien zijn breedtegraad en lengtegraad omgewisseld.",
        "warn.done_without_end": "stap '{step}' is afgerond maar heeft geen einddatum. Voeg 'einde: jjjj-mm-dd' toe.",
        "warn.news_date_mismatch": "de datum {date} verschilt van de datum {prefix} in de bestandsnaam. "
        "Maak ze gelijk, zodat berichten in de goede volgorde staan.",
        "warn.no_contact": "collectief '{name}' heeft geen contactgegevens; lezers kunnen het dan niet bereiken. "
        "Voeg een blok 'contact:' toe.",
        "template.error": "fout in sjabloon: {detail}",
        "content.remote_image": "de afbeelding {url} staat op een andere website; de site laadt niets van "
        "andere websites (privacy van lezers). Zet de afbeelding in de map van de wijk en verwijs ernaar met "
        "alleen de bestandsnaam.",
        "file.encoding": "dit bestand is niet als UTF-8 opgeslagen: hier staat een teken dat in UTF-8 niet bestaat. "
        "Sla het in je editor op als UTF-8 (in de webeditor van GitHub of GitLab gaat dat vanzelf).",
        "file.encoding_char": "dit bestand is niet als UTF-8 opgeslagen: het teken hier (waarschijnlijk '{char}') "
        "komt uit een oudere tekenset, zoals Latin-1 of Windows-1252. Sla het bestand in je editor op als UTF-8 "
        "(in de webeditor van GitHub of GitLab gaat dat vanzelf) en controleer daarna dat teken.",
        "file.utf16": "dit bestand is opgeslagen als UTF-16 (in Kladblok heet dat 'Unicode'). Sla het op als UTF-8.",
        "file.too_large": "dit bestand is {size} groot; wijkgen leest bestanden van dit soort tot {limit}. Maak het "
        "kleiner: verdeel een lang verhaal over meer bestanden, haal ingeplakte gegevens eruit, of vereenvoudig een "
        "wijkgrens (minder punten) in je kaartprogramma.",
        "file.unreadable": "dit bestand kan niet gelezen worden ({detail}). Controleer of het bestaat en of je het "
        "mag lezen.",
        "file.too_deep": "hier staan lijsten en blokken meer dan {limit} niveaus diep in elkaar. Zo diep gaat geen "
        "GeoJSON-grens: exporteer de grens opnieuw uit je kaartprogramma.",
        "path.symlink_outside": "'{name}' is een snelkoppeling (symlink) naar {target}, buiten de projectmap. "
        "wijkgen leest niets buiten het project, zodat geen bijdrage bestanden van de computer die de site bouwt "
        "kan publiceren. Zet hier een echte kopie neer, of laat de snelkoppeling naar een plek in het project wijzen.",
        "path.symlink_loop": "'{name}' is een snelkoppeling (symlink) die in een kringetje naar zichzelf leidt "
        "(via {target}). Haal hem weg en zet er het echte bestand neer.",
        "markdown.too_deep": "de tekst staat hier meer dan {limit} niveaus diep in elkaar (lijsten in lijsten, "
        "citaten met >, HTML-blokken of regels die ver inspringen). wijkgen maakt daar geen pagina van: maak de "
        "tekst platter.",
        "content.missing_photo": "de foto '{name}' staat niet in de map {folder}{close_part} Zet het bestand in "
        "dezelfde map als dit bestand en schrijf de naam precies zo (ook hoofdletters).",
        "content.bad_photo": "'{name}' is geen foto die wijkgen kan gebruiken: {reason}. Sla hem op als JPEG, PNG "
        "of WebP en probeer het opnieuw.",
        "content.photo_too_large": "de foto '{name}' is {size} groot; wijkgen neemt foto's tot {limit}. Verklein "
        "hem (de site toont foto's nooit breder dan 1600 pixels; 3000 pixels breed is ruim genoeg) en sla hem "
        "opnieuw op als JPEG.",
        "content.photo_too_many_pixels": "de foto '{name}' heeft {megapixels} megapixel; wijkgen neemt foto's tot "
        "{limit_megapixels} megapixel. Verklein hem (de site toont foto's nooit breder dan 1600 pixels; 3000 pixels "
        "breed is ruim genoeg) en sla hem opnieuw op.",
        "reason.photo_unreadable": "het is geen afbeelding, of het bestand is beschadigd",
        "reason.photo_format": "het is een {format}-bestand",
        "content.event_end_before_start": "het evenement eindigt ({end}) voordat het begint ({start}). "
        "Controleer 'tijd', 'einde' en 'einddatum'.",
        "build.search_failed": "de zoekfunctie (Pagefind) kon niet gemaakt worden: {detail}",
        "warn.private_phone": "'{value}' in '{field}' lijkt het 06-nummer van een persoon. Alles in dit veld komt "
        "op de website, in de open data en bij zoekmachines. Zet hier liever een nummer van de groep of laat het weg; "
        "een nummer dat alleen het team mag zien, hoort onder 'intern:' (dat komt nergens op de site).",
        "warn.private_email": "'{value}' in '{field}' lijkt een persoonlijk e-mailadres ({reason}). Alles in dit veld "
        "komt op de website, in de open data en bij zoekmachines. Zet hier liever een gedeeld adres van de groep, "
        "zoals info@…; een adres dat alleen het team mag zien, hoort onder 'intern:' (dat komt nergens op de site).",
        "reason.email_provider": "een adres bij {domain}, waar mensen hun eigen e-mail hebben",
        "reason.email_name": "het begint met iemands naam, zoals voornaam.achternaam",
        "warn.html_removed": "de tekst bevat HTML die niet op de site komt, om lezers te beschermen: {items}. Schrijf "
        "gewone tekst met Markdown. Een video, kaart of formulier van een andere website kan niet op de site: zet er "
        "een link naar.",
        # Publishing: the site's address, what CI installs, the build summary for CI, the guide.
        "project.bad_base_url": "'{url}' is geen volledig webadres voor de site. Geef het adres zoals lezers het "
        "intypen, beginnend met https://, bijvoorbeeld https://naam.github.io/project/.",
        "build.no_base_url": "er is geen webadres van de site (basis_url), dus deze build laat weg: sitemap.xml, het "
        "vaste adres van elke pagina voor zoekmachines en deelknoppen (canonical en og:url), en een 404-pagina die "
        "werkt als de site in een submap staat, zoals https://naam.github.io/project/. Zet basis_url in "
        "wijkgen.yaml, of geef het adres mee met --basis-url of WIJKGEN_BASIS_URL (de CI-bestanden van wijkgen init "
        "doen dat al).",
        "init.no_source_editable": "wijkgen weet niet wat CI moet installeren: deze wijkgen is als bewerkbare kopie "
        "geïnstalleerd uit {path}, en die map kan CI niet bereiken. "
        "Zeg het met --wijkgen-bron, bijvoorbeeld --wijkgen-bron \"wijkgen=={version}\" (een uitgebrachte versie) of "
        "--wijkgen-bron \"git+https://github.com/EIGENAAR/wijkgen@COMMIT\" (een commit in een Git-repository die "
        "CI kan bereiken).",
        "init.no_source_local": "wijkgen weet niet wat CI moet installeren: deze wijkgen is geïnstalleerd uit {path} "
        "op deze computer, en dat kan CI niet bereiken. "
        "Zeg het met --wijkgen-bron, bijvoorbeeld --wijkgen-bron \"wijkgen=={version}\" (een uitgebrachte versie) of "
        "--wijkgen-bron \"git+https://github.com/EIGENAAR/wijkgen@COMMIT\" (een commit in een Git-repository die "
        "CI kan bereiken).",
        "init.bad_source": "'{source}' kan niet in de CI-bestanden: schrijf wat pip moet installeren zonder "
        "aanhalingstekens, backslashes, $ of `, bijvoorbeeld wijkgen==0.1.0.",
        "init.installs": "De CI-bestanden installeren {requirement}. De handleiding voor schrijvers: {wijkgen} "
        "handleiding",
        "summary.built": "De site is gebouwd",
        "summary.failed": "De site is niet gebouwd",
        "summary.pages": "Pagina's",
        "summary.wijken": "Wijken",
        "summary.warnings": "Waarschuwingen",
        "summary.errors": "Fouten",
        "summary.address": "Webadres",
        "summary.no_address": "geen: zie de waarschuwing over basis_url",
        "summary.problems": "Wat wijkgen meldt (bestand:regel:kolom):",
        "summary.changes": "Vergeleken met de vorige build: {added} pagina('s) nieuw, {changed} veranderd, "
        "{removed} weg.",
        "summary.no_previous": "Er is geen vorige build bewaard om mee te vergelijken.",
        "summary.added": "(nieuw)",
        "summary.changed": "(veranderd)",
        "summary.removed": "(weg)",
        "summary.more": "en nog {count}",
    },
    "en": {
        "severity.error": "error",
        "severity.warning": "warning",
        "summary": "{errors} error(s), {warnings} warning(s)",
        "ok": "All good: {files} files checked, {wijken} wijk(en).",
        "build_failed": "The site was not built; the previous version in {out} was left untouched.",
        "built_summary": "Done: {pages} pages, {wijken} wijk(en), {warnings} warning(s), {seconds} s → {out}",
        "progress.pages": "Writing pages",
        "build.waiting": "Another build of this project is writing to {out} (process {pid}). This build waits "
        "until it is done and then goes on; press Ctrl+C to stop.",
        "build.write_failed": "{file} could not be written: {reason}. The previous site in {out} was left "
        "untouched. {hint}",
        "reason.write_disk_full": "the disk is full",
        "reason.write_quota": "your disk quota is used up (you may not use more space on this disk)",
        "reason.write_too_big": "the file grows larger than this system allows (the file size limit)",
        "reason.write_denied": "you have no permission to write there",
        "reason.write_read_only": "that disk or folder can only be read",
        "reason.write_other": "{detail}",
        "hint.write_disk_full": "Free some space on the disk (or choose a folder on another disk with --out) and "
        "build again.",
        "hint.write_quota": "Remove files or ask the administrator for more space, and build again.",
        "hint.write_too_big": "Raise the limit (ulimit -f) or ask the administrator to, and build again.",
        "hint.write_denied": "Give yourself write permission on that folder, or choose a folder you may write to "
        "with --out, and build again.",
        "hint.write_read_only": "Choose a folder on a disk you can write to with --out, and build again.",
        "hint.write_other": "Fix that and build again.",
        "serve.running": "Preview site: {url} (stop with Ctrl+C). What you save in content/, templates/ or "
        "wijkgen.yaml shows up after a few seconds.",
        "serve.public_host": "Note: with --host {host} other computers on the network can see the preview site too.",
        "serve.built": "Built in {seconds} s: {pages} pages.",
        "serve.rebuilt": "Updated in {seconds} s: {rendered} of {pages} pages rendered again, {written} changed.",
        "serve.kept": "Not updated: the browser shows the messages, the last good version stays in place.",
        "serve.stopped": "Preview site stopped.",
        "serve.cannot_listen": "cannot listen on {host}:{port} ({detail}). Choose another port with --port.",
        "serve.panel_title": "The site was not updated: {summary}",
        "serve.panel_help": "Fix what is listed below and save the file; this page then refreshes by itself.",
        "serve.panel_last_good": "Below this message is the last version that worked.",
        "serve.panel_no_site": "There is no working version yet. As soon as everything is fixed, the site appears here.",
        "serve.not_found_title": "Page not found",
        "serve.wrong_host": "This preview can only be viewed on this computer, at http://localhost:… or "
        "http://127.0.0.1:… (the address wijkgen serve showed).",
        "serve.not_found": "There is no page at {path}. This page refreshes by itself when you save something.",
        "serve.home": "To the home page",
        "project.not_empty": "wijkgen init never writes over existing files, and {path} already holds: {files}. "
        "Choose a new or empty folder.",
        "project.file_exists": "{path} already exists; wijkgen never overwrites a file. Choose another name, "
        "or edit the existing file.",
        "project.bad_name": "the name '{name}' cannot be turned into a web address. Use at least one letter or digit.",
        "project.reserved_name": "the name '{slug}' is reserved for wijkgen itself. Choose another name.",
        "init.done": "New project in {path}. Preview it with: cd {path} && {wijkgen} serve",
        "new.written": "Written: {path}",
        "new.next": "Fill in the empty fields. wijkgen check (or the preview site of wijkgen serve) tells you what "
        "is still missing.",
        "new.schema_hint": "Tip: wijkgen schema puts the schemas in schemas/, so your editor can complete fields.",
        "schemas.written": "{count} schemas written to {out}.",
        "skeleton.intro": "Lines starting with # do not count. Remove the # in front of a field you want to use "
        "(and in front of the fields below it). Fields marked (verplicht) are required.",
        "skeleton.reference": "Every field is also described in the reference: wijkgen handleiding --naslag",
        "skeleton.required": "(verplicht)",
        "skeleton.choose": "Choose from: {choices}.",
        "skeleton.choose_many": "Choose one or more from: {choices}.",
        "skeleton.story_collective": "Tell the collective's story here in plain sentences: who you are, what you do "
        "and what it brings the wijk. You may use Markdown. This comment does not appear on the site.",
        "skeleton.story_wijk": "Write the introduction to the wijk here. You may use Markdown. "
        "This comment does not appear on the site.",
        "skeleton.steps": "How far the wijk is in each step. Set status to bezig or afgerond when it gets there, "
        "and fill in the dates as well.",
        "yaml.tab": "there is a tab character; YAML only accepts spaces for indentation. "
        "Replace the tab with spaces (two, for example).",
        "yaml.unclosed_quote": "a quoted text starts here but is never closed. "
        "Put the same quote mark (\" or ') at the end of the text.",
        "yaml.colon": "there is a colon here that does not fit. Is this line indented exactly as far as the "
        'line above? If your text contains a colon, put it in quotes, for example: title: "Note: new".',
        "yaml.indent": "this line is indented differently from the lines above it. Fields in one block must be "
        "indented exactly as far (count the spaces).",
        "yaml.flow": "a list in [ ] or block in {{ }} is not closed properly. Check the brackets and commas.",
        "yaml.alias": "there is a reference with * here (a YAML alias). wijkgen does not use references: a few "
        "lines of references can stand for billions of values. Write the value out in full; if it is text that "
        'starts with *, put it in quotes, for example: naam: "*Stars*".',
        "yaml.reserved_char": "a value in YAML cannot start with '{char}'. Put the text in quotes, like this: {example}",
        "yaml.escape": "in text between double quotes (\"...\") a \\ has a special meaning. Put the text in single "
        "quotes ('...'), or write \\\\ for a \\.",
        "yaml.missing_colon": "the colon after the field name is missing on this line. Write: {example}",
        "yaml.too_deep": "blocks and lists are nested more than {limit} levels deep here; no field goes that deep "
        "(the deepest goes 5 levels). Check the indentation and the brackets [ ] and {{ }}.",
        "yaml.after_quote": "there is more on this line after the quoted text. Put the whole text in quotes, like "
        "this: {example}",
        "yaml.dash": "a list dash (- ) is not allowed here: put each item of a list on its own line, indented below "
        "the field. If the dash belongs to your text, put the text in quotes.",
        "yaml.control_char": "there is an invisible control character ({code}) here that YAML does not allow; it "
        "usually comes along when copying and pasting from another program. Remove it: type this bit of text again.",
        "yaml.document_end": "a line with only ... ends the YAML, but there is more below it. Remove the line with "
        "...; if it belongs to your text, put the text in quotes.",
        "yaml.second_document": "a line with only --- starts a second piece of YAML here, but a file holds only one. "
        "Remove the line.",
        "yaml.complex_key": "a field name must be plain text, not a list or block.",
        "yaml.generic": "this line is not valid YAML ({detail}). Compare it with an example in the guide.",
        "text.control_character": "there is an invisible control character ({code}) in the text here, often brought "
        "in by copy and paste or written as \\x.. between quotes. Remove it: it does not belong in text and makes the "
        "news feed unreadable.",
        "yaml.duplicate_key": "field '{key}' appears twice in the same block (also on line {first}). "
        "Remove one: otherwise one of the two values is lost.",
        "frontmatter.missing": "the file must start with a line holding only --- , then the fields, "
        "then another line with --- and the text below it.",
        "frontmatter.unclosed": "the block of fields starts with --- but is never closed. "
        "Put a line with only --- below the last field.",
        "empty_file": "the file is empty. Fill in the required fields (see the guide), or remove the file if it is "
        "not needed.",
        "schema.unknown_key_close": "unknown field '{key}' — did you mean '{close}'?",
        "schema.unknown_key": "unknown field '{key}'. Fields allowed here: {known}.",
        "schema.required": "required field '{key}' is missing{parent_part}. Add a line '{key}: ...'.",
        "schema.empty": "field '{field}' is empty. Fill in a value or remove the line.",
        "schema.enum": "'{value}' is not a valid value for '{field}'. Choose from: {allowed}.",
        "schema.enum_close": "'{value}' is not a valid value for '{field}' — did you mean '{close}'? "
        "Choose from: {allowed}.",
        "schema.type": "field '{field}' must be {expected_name}, but is {actual_name}{value_part}. {how}",
        "schema.root_type": "the file must hold fields, one per line (like 'naam: ...'), but holds {actual_name}.",
        "schema.type_decimal_comma": "field '{field}' must be a number; write a point instead of a comma, "
        "so {value_dot} instead of {value}.",
        "schema.date": "'{value}' in field '{field}' is not a valid date. Write yyyy-mm-dd, for example 2021-03-15.",
        "schema.pattern": "'{value}' in field '{field}' does not have the right form. {hint}",
        "schema.too_long": "field '{field}' is too long: {length} characters, at most {max}. Shorten it; "
        "the rest fits in the text below the fields.",
        "schema.minimum": "{value} in field '{field}' is too small: it must be at least {limit}.",
        "schema.maximum": "{value} in field '{field}' is too large: it may be at most {limit}.",
        "schema.coordinate": "{value} in field '{field}' lies outside the world map: the {field} lies between "
        "-{limit} and {limit}. In the Netherlands the latitude (breedtegraad) is about 51 to 53.5 and the longitude "
        "(lengtegraad) 3.3 to 7.2, for example breedtegraad: 52.3183 and lengtegraad: 4.9571. Are they swapped?",
        "schema.file_name": "'{value}' in field '{field}' is a path, not a file name. wijkgen only reads files in "
        "the same folder as this file (no ../, no folder in front, no full path like /home/... or C:\\...). Put "
        "the file next to this file and write only its name: '{name}'.",
        "schema.min_items": "the list '{field}' is empty. Name at least {min}.",
        "schema.unique": "the list '{field}' names something twice. Remove the duplicate.",
        "schema.dependent": "'{present}' needs '{missing}' as well. Fill in both or remove both.",
        "schema.other": "field '{field}' is not right: {detail}",
        "project.no_config": "no wijkgen.yaml found in {path}. Run wijkgen in a project folder, "
        "or name the folder: wijkgen build PATH.",
        "project.no_content": "the folder {path} does not exist. Put the wijken in a folder content/ next to wijkgen.yaml.",
        "project.bad_out": "the output folder {path} cannot be used: {reason}",
        "project.unknown_wijk": "wijk '{slug}' does not exist. Known wijken: {known}.",
        "reason.is_project": "it is the project folder itself or a folder above it",
        "reason.inside_source": "it holds the project's content or templates",
        "reason.is_file": "a file with that name exists",
        "content.no_wijken": "there are no wijken in content/ yet. Make a folder per wijk with a wijk.md in it.",
        "content.no_profile": "the folder {folder} has no wijk.md. Every wijk has a wijk.md with name, city "
        "and summary.",
        "content.unused_file": "this file is not used. {hint}",
        "hint.rename_md": "Collectives and news are .md files: rename it to {suggestion}.",
        "hint.rename_yaml": "Rename it to {suggestion}.",
        "hint.unknown_place": "See the guide for which files go where.",
        "content.bad_slug": "the folder or file name '{name}' does not make a usable web address. "
        "Use lower-case letters, digits and hyphens, for example {suggestion}.",
        "content.reserved_slug": "the name '{slug}' is reserved for wijkgen itself. Choose another folder name.",
        "content.duplicate_slug": "two collectives in this wijk have the same short name '{slug}' "
        "(also {other}). Give one of them another file name or its own 'slug'.",
        "content.duplicate_news_slug": "two news items in this wijk get the same web address '{slug}' (also "
        "{other}). Give one of them another file name.",
        "content.duplicate_anchor_slug": "two anchor institutions in this wijk have the same short name '{slug}' "
        "(also {other}). Give one of them another file name.",
        "content.case_clash": "'{name}' and {other} have the same name, only with different capitals. On Windows "
        "and macOS they cannot even exist side by side, and they would get the same web address. Merge them or "
        "give one of them another name (lower case, preferably).",
        "content.bad_file_name": "the file name '{name}' cannot be turned into a web address. Use at least one "
        "letter or digit, preferably lower case with hyphens, for example buurtkeuken.md.",
        "content.duplicate_step": "step '{step}' appears twice in this file (also on line {first}). "
        "Merge the two blocks.",
        "content.unknown_collective": "collective '{slug}' does not exist in this wijk{close_part} "
        "Use the file name without .md; known collectives: {known}.",
        "content.end_before_start": "the end date {end} is before the start date {start}. Check both dates.",
        "content.missing_boundary": "the boundary file '{name}' does not exist next to wijk.md. Put it in the "
        "wijk's folder and write its name exactly so (capitals too), or remove the line 'grens:'.",
        "content.bad_boundary": "'{name}' is not readable GeoJSON: {hint} Fix it at this place, or export the "
        "boundary as GeoJSON again from your map program.",
        "json.value": "a value belongs here (a number, text in double quotes, [ or {{). Is there one comma too "
        "many, or is the file empty?",
        "json.comma": "a comma between two values is missing here (or a bracket ] or }} that closes something).",
        "json.colon": "the colon between a name and its value is missing here, as in \"type\": \"Polygon\".",
        "json.name": "a name in double quotes belongs here, like \"type\". Is there one comma too many before a }}?",
        "json.string": "a text in double quotes is not closed here (or runs on over a new line).",
        "json.escape": "a \\ in a text must be doubled in JSON: \\\\.",
        "json.extra": "there is more text after the end of the GeoJSON. Remove it.",
        "json.other": "this character does not belong here ({detail}).",
        "content.boundary_position": "'{name}' holds a point here that is not two numbers. Write each point as "
        "[longitude, latitude], for example [4.9548, 52.3192], without quotes.",
        "content.boundary_ring": "'{name}': this edge of the area has {count} point(s), but an area needs at "
        "least three. Draw the boundary again or add the missing points.",
        "content.boundary_shape": "'{name}' holds no area. Draw the boundary as a GeoJSON 'Polygon' or "
        "'MultiPolygon' with points [longitude, latitude], for example [4.9548, 52.3192].",
        "content.boundary_range": "'{name}' holds a point outside the world map. Write each point as "
        "[longitude, latitude], for example [4.9548, 52.3192]; longitude lies between -180 and 180, "
        "latitude between -90 and 90.",
        "warn.outside_boundary": "collective '{name}' lies outside the wijk boundary (latitude {lat}, longitude "
        "{lon}). Is that right? Perhaps latitude and longitude are swapped.",
        "warn.done_without_end": "step '{step}' is finished but has no end date. Add 'einde: yyyy-mm-dd'.",
        "warn.news_date_mismatch": "the date {date} differs from the date {prefix} in the file name. "
        "Make them the same, so news items appear in the right order.",
        "warn.no_contact": "collective '{name}' has no contact details, so readers cannot reach it. "
        "Add a 'contact:' block.",
        "template.error": "error in template: {detail}",
        "content.remote_image": "the image {url} is on another website; the site loads nothing from other "
        "websites (readers' privacy). Put the image in the wijk's folder and refer to it by file name only.",
        "file.encoding": "this file is not saved as UTF-8: there is a character here that does not exist in UTF-8. "
        "Save it as UTF-8 in your editor (the web editor of GitHub or GitLab does so by itself).",
        "file.encoding_char": "this file is not saved as UTF-8: the character here (probably '{char}') comes from "
        "an older character set such as Latin-1 or Windows-1252. Save the file as UTF-8 in your editor (the web "
        "editor of GitHub or GitLab does so by itself) and check that character afterwards.",
        "file.utf16": "this file is saved as UTF-16 (Notepad calls it 'Unicode'). Save it as UTF-8.",
        "file.too_large": "this file is {size}; wijkgen reads files of this kind up to {limit}. Make it smaller: "
        "spread a long story over more files, take pasted data out of it, or simplify a wijk boundary (fewer "
        "points) in your map program.",
        "file.unreadable": "this file cannot be read ({detail}). Check that it exists and that you may read it.",
        "file.too_deep": "lists and blocks are nested more than {limit} levels deep here. No GeoJSON boundary goes "
        "that deep: export the boundary again from your map program.",
        "path.symlink_outside": "'{name}' is a shortcut (symlink) to {target}, outside the project folder. wijkgen "
        "reads nothing outside the project, so that no contribution can publish files of the computer that builds "
        "the site. Put a real copy here, or let the shortcut point to a place inside the project.",
        "path.symlink_loop": "'{name}' is a shortcut (symlink) that leads round in a circle to itself (through "
        "{target}). Remove it and put the real file there.",
        "markdown.too_deep": "the text here is nested more than {limit} levels deep (lists in lists, quotes with >, "
        "HTML blocks or lines indented far). wijkgen makes no page of that: make the text flatter.",
        "content.missing_photo": "the photo '{name}' is not in the folder {folder}{close_part} Put the file in "
        "the same folder as this file and write its name exactly so (capitals too).",
        "content.bad_photo": "'{name}' is not a photo wijkgen can use: {reason}. Save it as JPEG, PNG or WebP "
        "and try again.",
        "content.photo_too_large": "the photo '{name}' is {size}; wijkgen takes photos up to {limit}. Make it "
        "smaller (the site never shows photos wider than 1600 pixels; 3000 pixels wide is plenty) and save it "
        "again as JPEG.",
        "content.photo_too_many_pixels": "the photo '{name}' has {megapixels} megapixels; wijkgen takes photos up "
        "to {limit_megapixels} megapixels. Make it smaller (the site never shows photos wider than 1600 pixels; "
        "3000 pixels wide is plenty) and save it again.",
        "reason.photo_unreadable": "it is not an image, or the file is damaged",
        "reason.photo_format": "it is a {format} file",
        "content.event_end_before_start": "the event ends ({end}) before it starts ({start}). "
        "Check 'tijd', 'einde' and 'einddatum'.",
        "build.search_failed": "the search index (Pagefind) could not be built: {detail}",
        "warn.private_phone": "'{value}' in '{field}' looks like a person's mobile number (06). Everything in this "
        "field appears on the website, in the open data and in search engines. Prefer a number of the group, or leave "
        "it out; a number only the team may see belongs under 'intern:' (which appears nowhere on the site).",
        "warn.private_email": "'{value}' in '{field}' looks like a personal e-mail address ({reason}). Everything in "
        "this field appears on the website, in the open data and in search engines. Prefer a shared address of the "
        "group, such as info@…; an address only the team may see belongs under 'intern:' (which appears nowhere on "
        "the site).",
        "reason.email_provider": "an address at {domain}, where people have their own e-mail",
        "reason.email_name": "it starts with a person's name, like firstname.lastname",
        "warn.html_removed": "the text contains HTML that does not appear on the site, to protect readers: {items}. "
        "Write plain text with Markdown. A video, map or form from another website cannot be on the site: link to "
        "it instead.",
        # Publishing: the site's address, what CI installs, the build summary for CI, the guide.
        "project.bad_base_url": "'{url}' is not a full web address for the site. Give the address as readers type "
        "it, starting with https://, for example https://name.github.io/project/.",
        "build.no_base_url": "the site has no web address (basis_url), so this build leaves out: sitemap.xml, each "
        "page's fixed address for search engines and share buttons (canonical and og:url), and a 404 page that works "
        "when the site is in a sub-folder, such as https://name.github.io/project/. Set basis_url in wijkgen.yaml, or "
        "pass the address with --basis-url or WIJKGEN_BASIS_URL (the CI files of wijkgen init already do).",
        "init.no_source_editable": "wijkgen does not know what CI should install: this wijkgen is installed as an "
        "editable copy from {path}, and CI cannot reach that folder. "
        "Say it with --wijkgen-bron, for example --wijkgen-bron \"wijkgen=={version}\" (a released version) or "
        "--wijkgen-bron \"git+https://github.com/OWNER/wijkgen@COMMIT\" (a commit in a Git repository CI can "
        "reach).",
        "init.no_source_local": "wijkgen does not know what CI should install: this wijkgen is installed from {path} "
        "on this computer, and CI cannot reach that. "
        "Say it with --wijkgen-bron, for example --wijkgen-bron \"wijkgen=={version}\" (a released version) or "
        "--wijkgen-bron \"git+https://github.com/OWNER/wijkgen@COMMIT\" (a commit in a Git repository CI can "
        "reach).",
        "init.bad_source": "'{source}' cannot go into the CI files: write what pip should install without quotes, "
        "backslashes, $ or `, for example wijkgen==0.1.0.",
        "init.installs": "The CI files install {requirement}. The guide for authors: {wijkgen} handleiding",
        "summary.built": "The site was built",
        "summary.failed": "The site was not built",
        "summary.pages": "Pages",
        "summary.wijken": "Wijken",
        "summary.warnings": "Warnings",
        "summary.errors": "Errors",
        "summary.address": "Web address",
        "summary.no_address": "none: see the warning about basis_url",
        "summary.problems": "What wijkgen reports (file:line:column):",
        "summary.changes": "Compared with the previous build: {added} page(s) new, {changed} changed, {removed} gone.",
        "summary.no_previous": "No previous build was kept to compare with.",
        "summary.added": "(new)",
        "summary.changed": "(changed)",
        "summary.removed": "(gone)",
        "summary.more": "and {count} more",
    },
}

# What to write instead, by the type a field expects (the schema.type message).
_HOW = {
    "nl": {
        "string": "Schrijf de tekst op dezelfde regel, achter '{field}:'; begint hij met [ of {{, zet hem dan "
        "tussen aanhalingstekens.",
        "integer": "Schrijf alleen cijfers, bijvoorbeeld 2016.",
        "number": "Schrijf alleen een getal, met een punt als decimaalteken, bijvoorbeeld 12.5.",
        "boolean": "Schrijf ja of nee.",
        "array": "Zet elk item op een eigen regel onder '{field}:', ingesprongen en beginnend met '- '.",
        "object": "Zet de velden op eigen regels onder '{field}:', twee spaties ingesprongen.",
    },
    "en": {
        "string": "Write the text on the same line, after '{field}:'; if it starts with [ or {{, put it in quotes.",
        "integer": "Write digits only, for example 2016.",
        "number": "Write a number only, with a point as decimal mark, for example 12.5.",
        "boolean": "Write ja or nee (yes or no).",
        "array": "Put each item on its own line below '{field}:', indented and starting with '- '.",
        "object": "Put the fields on their own lines below '{field}:', indented by two spaces.",
    },
}
_PARENT = {"nl": " in '{parent}'", "en": " in '{parent}'"}


def _file_size(size: int, lang: str) -> str:
    """A size in bytes as an author reads it: "900 kB", "1 MB", "1,5 MB" (Dutch) or "1.5 MB", "4 GB"."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} kB"
    unit, scale = ("GB", 1024**3) if size >= 1024**3 else ("MB", 1024**2)
    text = f"{math.ceil(size * 10 / scale) / 10:.1f}".removesuffix(".0")  # rounded up: never "1 MB" for more
    return f"{text.replace('.', ',') if lang == 'nl' else text} {unit}"
_CLOSE = {"nl": " — bedoelde je '{close}'?", "en": " — did you mean '{close}'?"}


def message(code: str, lang: str, args: Mapping[str, Any]) -> str:
    """The text of message ``code`` in ``lang`` (Dutch when unknown), filled with ``args``."""
    table = CATALOGUE.get(lang, CATALOGUE["nl"])
    template = table.get(code) or CATALOGUE["nl"][code]
    values = dict(args)
    names = _TYPE_NAMES.get(lang, _TYPE_NAMES["nl"])
    values.setdefault("expected_name", names.get(str(values.get("expected", "")), ""))
    values.setdefault("actual_name", names.get(str(values.get("actual", "")), ""))
    for key in [k for k in values if k.endswith("_bytes")]:
        values[key.removesuffix("_bytes")] = _file_size(int(values[key]), lang)
    how = _HOW.get(lang, _HOW["nl"]).get(str(values.get("expected", "")), "")
    values.setdefault("how", how.format(**values) if how else "")
    values["parent_part"] = _PARENT.get(lang, _PARENT["nl"]).format(**values) if values.get("parent") else ""
    values["close_part"] = _CLOSE.get(lang, _CLOSE["nl"]).format(**values) if values.get("close") else "."
    for key in ("hint_code", "reason_code"):
        if key in values:
            inner = {k: v for k, v in values.items() if k != key}
            values[key.removesuffix("_code")] = message(str(values[key]), lang, inner)
    values["value_part"] = f" ('{values['value']}')" if "value" in values else ""
    if "value" in values:
        values.setdefault("value_dot", str(values["value"]).replace(",", "."))
    return template.format(**values)
