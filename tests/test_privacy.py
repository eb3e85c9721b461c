"""Privacy: what is under `intern:` never leaves the project; public contact details that look private warn.

tests/contentgen.py writes a project with every field of every schema filled
and an `intern:` block in every content file, each private value holding a
unique marker word. After a real build every file of the site is searched for
the markers: pages, feeds, open data, JSON-LD, sitemap, and the Pagefind index
(its files are gzip-compressed; they are decompressed first). The same search
finds the public words in each kind of output, so it is not blind; the browser
test asks Pagefind itself.
"""

from __future__ import annotations

import dataclasses
import gzip
from collections.abc import Callable, Iterator
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from playwright.sync_api import BrowserContext

from tests.contentgen import COLLECTIVE, WIJK, write_project
from tests.sitecheck.server import SiteServer
from wijkgen.build import build, load_and_assemble
from wijkgen.cli import main
from wijkgen.model.privacy import looks_like_mobile, private_email_reason

SECRET = "geheimxq"


class PrivacyFiller:
    """Public fields get plain marker words ("openbaar…"), every `intern:` block secret ones ("geheimxq…")."""

    def __init__(self) -> None:
        self._n = count(1)
        self.public: dict[str, str] = {}
        self.secrets: list[str] = []

    def _word(self, where: str) -> str:
        word = f"openbaar{next(self._n):03d}woord"
        self.public[where] = word
        return word

    def _secret(self) -> str:
        word = f"{SECRET}{next(self._n):03d}"
        self.secrets.append(word)
        return word

    def text(self, where: str, max_length: int | None) -> str:
        return f"Tekst {self._word(where)}"

    def url(self, where: str) -> str:
        return f"https://{self._word(where)}.example/"

    def email(self, where: str) -> str:
        return f"{self._word(where)}@voorbeeld.example"

    def markdown(self, where: str) -> str:
        return f"Het verhaal met {self._word(where + ':body')}."

    def names(self, where: str, count: int) -> list[str]:
        return [f"{where.rsplit('.', 1)[-1]} {i}" for i in range(count)]

    def private(self, where: str) -> Any:
        if where.endswith("stappen.yaml"):
            return f"Alleen voor het team: {self._secret()}"  # the short form: a plain text
        phone = f"06 9876 {next(self._n):04d}"
        self.secrets += [phone, phone.replace(" ", "")]
        return {
            "notities": f"Notitie {self._secret()}",
            "contactpersoon": {"naam": self._secret(), "telefoon": phone, "email": f"{self._secret()}@gmail.com"},
            "sleutel": {"bij": [self._secret(), 12345], "sinds": "2021-01-01"},
        }


@pytest.fixture(scope="module")
def private(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, PrivacyFiller]:
    """The generated project with secrets in every file, built; returns its root and the filler."""
    root = tmp_path_factory.mktemp("privacy") / "project"
    filler = PrivacyFiller()
    write_project(root, filler)
    result = build(root, display_base=root)
    assert result.problems == []  # a private 06-number or gmail address under intern: gives no warning
    return root, filler


def _texts(site: Path) -> Iterator[tuple[str, str]]:
    """Every file of the site as text, by relative path; Pagefind's compressed files decompressed."""
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data.startswith(b"\x1f\x8b"):
            data = gzip.decompress(data)
        yield path.relative_to(site).as_posix(), data.decode("utf-8", errors="replace")


def test_no_private_value_appears_anywhere_in_the_site(private: tuple[Path, PrivacyFiller]) -> None:
    root, filler = private
    assert len(filler.secrets) >= 30
    leaks = [(rel, secret) for rel, text in _texts(root / "site") for secret in filler.secrets if secret in text]
    assert leaks == []


def test_the_search_would_see_a_leak(private: tuple[Path, PrivacyFiller]) -> None:
    """The public words are found in every kind of output the secrets were looked for in."""
    root, filler = private
    name = filler.public[f"content/{WIJK}/collectieven/{COLLECTIVE}.md:naam"]
    story = filler.public[f"content/{WIJK}/collectieven/{COLLECTIVE}.md:body"]
    title = filler.public[f"content/{WIJK}/nieuws/2021-03-01-bericht.md:titel"]
    found: dict[str, set[str]] = {name: set(), story: set(), title: set()}
    for rel, text in _texts(root / "site"):
        for word, files in found.items():
            if word in text:
                files.add(rel)
    for suffix in (".html", ".csv", ".json", ".pf_fragment"):
        assert any(rel.endswith(suffix) for rel in found[name]), suffix
    assert any(rel.endswith(".pf_fragment") for rel in found[story])
    assert {"feed.xml", f"{WIJK}/feed.xml"} <= found[title]
    sitemap = (root / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert filler.public["wijkgen.yaml:basis_url"] in sitemap
    page = (root / "site" / WIJK / "collectieven" / COLLECTIVE / "index.html").read_text(encoding="utf-8")
    ld = page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert name in ld


def _strings(value: Any, seen: set[int]) -> Iterator[str]:
    """Every text inside a model object, following dataclasses, tuples and mappings."""
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _strings(getattr(value, f.name), seen)
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _strings(item, seen)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k, seen)
            yield from _strings(v, seen)


def test_the_model_never_holds_private_values(private: tuple[Path, PrivacyFiller]) -> None:
    """The guarantee behind the site: assembling leaves `intern:` out, so no template can print it."""
    root, filler = private
    site = load_and_assemble(root, display_base=root).site
    texts = list(_strings(site, set()))
    assert any(filler.public[f"content/{WIJK}/wijk.md:naam"] in t for t in texts)
    assert [t for t in texts for s in filler.secrets if s in t] == []


@pytest.mark.e2e
def test_pagefind_finds_public_words_but_no_private_ones(browser: BrowserContext,
                                                          private: tuple[Path, PrivacyFiller]) -> None:
    root, filler = private
    with SiteServer(root / "site") as server:
        page = browser.new_page()
        try:
            page.goto(server.url("/zoeken/"))
            query = """async (words) => {
                const pagefind = await import("/pagefind/pagefind.js");
                const out = {};
                for (const word of words) out[word] = (await pagefind.search(word)).results.length;
                return out;
            }"""
            public = filler.public[f"content/{WIJK}/collectieven/{COLLECTIVE}.md:naam"]
            hits = page.evaluate(query, [public, *(s for s in filler.secrets if s.startswith(SECRET))])
            assert hits.pop(public) >= 1
            assert hits == dict.fromkeys(hits, 0)
        finally:
            page.close()


# --- Warnings for public contact details that look private ----------------------------------------------

MOBILE = ("06-12345678", "06 1234 5678", "06 12 34 56 78", "0612345678", "(06) 12345678", "+31 6 12345678",
          "+31 (0)6 1234 5678", "+316-12345678", "0031 6 12345678", "0031612345678", "+31 06 12345678")
NOT_MOBILE = ("020 123 4567", "+31 20 123 4567", "010-1234567", "0800 1234", "06 1234 567", "06123456789",
              "0031 20 1234567", "088 123 4567")


@pytest.mark.parametrize("phone", MOBILE)
def test_mobile_numbers_in_every_notation_are_recognised(phone: str) -> None:
    assert looks_like_mobile(phone)


@pytest.mark.parametrize("phone", NOT_MOBILE)
def test_other_numbers_are_not_mobile(phone: str) -> None:
    assert not looks_like_mobile(phone)


EMAILS = {
    "fatima.el-amrani@gmail.com": "reason.email_provider",
    "groenehoek@hotmail.com": "reason.email_provider",
    "Jan.De.Vries@Ziggo.NL": "reason.email_provider",
    "ismail1984@outlook.com": "reason.email_provider",
    "p.jansen@kpnmail.nl": "reason.email_provider",
    "sanne@icloud.com": "reason.email_provider",
    "m.jansen@amsterdam.nl": "reason.email_name",
    "fatima.elamrani@buurtkeuken.example": "reason.email_name",
    "j.de.vries@stichting.example": "reason.email_name",
    "buurtkeukenvenser@gmail.com": "",
    "info.groenehoek@gmail.com": "",
    "wijkteam@venserpolder.example.org": "",
    "info@voorbeeld.nl": "",
    "team.oost@voorbeeld.nl": "",
    "keuken@vensterbank.example.org": "",
    "post2021@voorbeeld.nl": "",
}


@pytest.mark.parametrize(("address", "reason"), EMAILS.items(), ids=list(EMAILS))
def test_private_looking_email_addresses(address: str, reason: str) -> None:
    assert private_email_reason(address) == reason


def _collective(root: Path, contact: str, extra: str = "") -> None:
    path = root / "content/testwijk/collectieven/buurtkeuken.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace("contact:\n  email: keuken@example.org\n", contact + extra)
    path.write_text(text, encoding="utf-8")


def test_public_mobile_number_warns_with_its_place(project: Callable[..., Path], runner: CliRunner) -> None:
    root = project()
    _collective(root, "contact:\n  email: keuken@example.org\n  telefoon: +31 (0)6 1234 5678\n")
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 0
    assert result.stderr == (
        "content/testwijk/collectieven/buurtkeuken.md:13:13: waarschuwing: '+31 (0)6 1234 5678' in "
        "'contact.telefoon' lijkt het 06-nummer van een persoon. Alles in dit veld komt op de website, in de open "
        "data en bij zoekmachines. Zet hier liever een nummer van de groep of laat het weg; een nummer dat alleen "
        "het team mag zien, hoort onder 'intern:' (dat komt nergens op de site).\n"
        "0 fouten, 1 waarschuwing\n"
    )
    assert runner.invoke(main, ["check", "--strict"]).exit_code == 1


def test_private_email_warns_in_contact_and_in_mailto_links(project: Callable[..., Path], runner: CliRunner) -> None:
    root = project()
    _collective(root, "contact:\n  email: fatima.el-amrani@gmail.com\n",
                "links:\n  - titel: Mail Jan\n    url: mailto:jan.jansen@voorbeeld.nl?subject=Hallo\n")
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "content/testwijk/collectieven/buurtkeuken.md:12:10: waarschuwing: 'fatima.el-amrani@gmail.com' in "
        "'contact.email' lijkt een persoonlijk e-mailadres (een adres bij gmail.com, waar mensen hun eigen e-mail "
        "hebben). Alles in dit veld komt op de website, in de open data en bij zoekmachines. Zet hier liever een "
        "gedeeld adres van de groep, zoals info@…; een adres dat alleen het team mag zien, hoort onder 'intern:' "
        "(dat komt nergens op de site).",
        "content/testwijk/collectieven/buurtkeuken.md:15:10: waarschuwing: 'jan.jansen@voorbeeld.nl' in "
        "'links[1].url' lijkt een persoonlijk e-mailadres (het begint met iemands naam, zoals voornaam.achternaam). "
        "Alles in dit veld komt op de website, in de open data en bij zoekmachines. Zet hier liever een gedeeld "
        "adres van de groep, zoals info@…; een adres dat alleen het team mag zien, hoort onder 'intern:' (dat komt "
        "nergens op de site).",
        "0 fouten, 2 waarschuwingen",
    ]
    english = root / "wijkgen.yaml"
    english.write_text(english.read_text(encoding="utf-8") + "taal: en\n", encoding="utf-8")
    assert "looks like a personal e-mail address (an address at gmail.com" in runner.invoke(main, ["check"]).stderr


def test_private_details_under_intern_give_no_warning(project: Callable[..., Path], runner: CliRunner) -> None:
    root = project()
    _collective(root, "contact:\n  email: keuken@example.org\n",
                "intern:\n  contactpersoon:\n    naam: Fatima\n    telefoon: 06 1234 5678\n"
                "    email: fatima.el-amrani@gmail.com\n  notities: Sleutel bij de buren.\n")
    result = runner.invoke(main, ["check"])
    assert (result.exit_code, result.stderr) == (0, "")


def test_intern_may_be_text_but_not_a_list(project: Callable[..., Path], runner: CliRunner) -> None:
    root = project()
    path = root / "content/testwijk/collectieven/buurtkeuken.md"
    original = path.read_text(encoding="utf-8")
    _collective(root, "contact:\n  email: keuken@example.org\n", "intern: Bel eerst even met Fatima.\n")
    assert runner.invoke(main, ["check"]).exit_code == 0
    path.write_text(original, encoding="utf-8")
    _collective(root, "contact:\n  email: keuken@example.org\n", "intern:\n  - een lijst\n")
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 1
    assert "veld 'intern' moet een blok met velden zijn, maar is een lijst" in result.stderr
    assert "Traceback" not in result.output
