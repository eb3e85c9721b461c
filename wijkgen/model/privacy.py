"""Privacy: what stays inside the team, and warnings for public contact details that look private.

Authors keep team-only information under an ``intern:`` block at the top of any
content file (a contact person's mobile number, notes). Nothing reads that block
after validation: the assemble stage never copies it into the model, so it cannot
reach a page, a feed, the open data, the JSON-LD, the sitemap or the search index.

Everything else is public. A public contact field that looks like a private
person's details gives a warning (never an error: a collective may really want
its coordinator's mobile number on the site):

- a Dutch mobile number (06, +31 6, 0031 6, in any common notation) in a
  ``telefoon`` field;
- an e-mail address (in an ``email`` field or a ``mailto:`` link) at a provider
  of personal mail (gmail, hotmail, outlook, live, ziggo, kpnmail, icloud,
  yahoo, …) unless its name says it belongs to a group (``buurtkeuken…``,
  ``info…``); or an address whose name is a person's, ``voornaam.achternaam``
  or ``v.achternaam``, at any domain, unless it names a group.

Pure: takes parsed documents, returns problems.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from wijkgen.errors import Problem, Severity
from wijkgen.parse.documents import Document, JsonPath

PRIVATE_KEY = "intern"

_PHONE_NOISE = re.compile(r"[\s\-.()/]")
_MOBILE = re.compile(r"^(?:\+31|0031)0?6[0-9]{8}$|^06[0-9]{8}$")

# Providers of personal e-mail common in the Netherlands (and the big international ones).
PERSONAL_MAIL_DOMAINS: frozenset[str] = frozenset({
    "gmail.com", "googlemail.com", "hotmail.com", "hotmail.nl", "outlook.com", "outlook.nl", "live.com",
    "live.nl", "msn.com", "ziggo.nl", "upcmail.nl", "chello.nl", "casema.nl", "home.nl", "kpnmail.nl",
    "kpnplanet.nl", "planet.nl", "hetnet.nl", "xs4all.nl", "telfort.nl", "tele2.nl", "online.nl", "zonnet.nl",
    "freeler.nl", "quicknet.nl", "zeelandnet.nl", "caiway.nl", "solcon.nl", "icloud.com", "me.com", "mac.com",
    "yahoo.com", "yahoo.nl", "ymail.com", "aol.com", "gmx.com", "gmx.net", "proton.me", "protonmail.com",
    "pm.me", "mail.com",
})
# Parts of the name before the @ that say an address belongs to a group, not to one person.
# Matched anywhere in the name before the @ ("buurtkeukenvenser"), so each is a stem that is not a common
# part of a person's name (no "mail": Ismail; no "cafe": Cafer).
GROUP_WORDS: tuple[str, ...] = (
    "info", "contact", "hallo", "secretar", "bestuur", "team", "redactie", "admin", "buurt", "wijk",
    "stichting", "collectie", "cooperatie", "vereniging", "club", "groep", "project", "initiatief", "atelier",
    "werkplaats", "moestuin", "keuken", "centrum", "netwerk", "platform", "fonds", "bewoners", "vrijwillig",
    "aanmeld", "vragen",
)
_NAME_PART = re.compile(r"^[^\W\d_]+(?:['-][^\W\d_]+)*$")


def looks_like_mobile(phone: str) -> bool:
    """True for a Dutch mobile number (06…) in any common notation: 06-12345678, +31 (0)6 1234 5678, 0031 6…"""
    return bool(_MOBILE.match(_PHONE_NOISE.sub("", phone.replace("(0)", ""))))


def private_email_reason(address: str) -> str:
    """Why ``address`` looks like a private person's (a message code), or "" when it looks like a group's."""
    local, _, domain = address.strip().rpartition("@")
    local, domain = local.casefold(), domain.casefold().rstrip(".")
    if not local or any(word in local for word in GROUP_WORDS):
        return ""
    if domain in PERSONAL_MAIL_DOMAINS:
        return "reason.email_provider"
    parts = local.split(".")
    if 2 <= len(parts) <= 5 and all(_NAME_PART.match(p) for p in parts):
        return "reason.email_name"
    return ""


def _public_values(data: Any, path: JsonPath = ()) -> Iterator[tuple[JsonPath, Any]]:
    """Every value in ``data`` with its path, leaving out what is under an ``intern:`` block."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == PRIVATE_KEY:
                continue
            yield from _public_values(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _public_values(value, (*path, i))
    else:
        yield path, data


def _field(path: JsonPath) -> str:
    return ".".join(f"[{p + 1}]" if isinstance(p, int) else p for p in path).replace(".[", "[")


def contact_warnings(doc: Document) -> list[Problem]:
    """Warnings for public phone numbers and e-mail addresses in ``doc`` that look like a private person's."""
    found: list[Problem] = []
    for path, value in _public_values(doc.data):
        if not isinstance(value, str) or not path:
            continue
        key = path[-1]
        if key == "telefoon" and looks_like_mobile(value):
            found.append(Problem(doc.file, *doc.mark(path), "warn.private_phone",
                                 {"value": value, "field": _field(path)}, Severity.WARNING))
            continue
        address = value.removeprefix("mailto:").split("?")[0] if value.startswith("mailto:") else ""
        if key == "email":
            address = value
        reason = private_email_reason(address) if address else ""
        if reason:
            found.append(Problem(doc.file, *doc.mark(path), "warn.private_email",
                                 {"value": address, "field": _field(path), "reason_code": reason,
                                  "domain": address.rpartition("@")[2]}, Severity.WARNING))
    return found
