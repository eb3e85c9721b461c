"""Property: whatever Markdown and HTML an author writes, the rendered HTML runs nothing and loads nothing remote.

Bodies are drawn from a small grammar of hostile fragments: tags a sanitiser
must drop (in any letter case), event handlers, URLs whose scheme is hidden by
case, entities, tabs, newlines, control characters and leading spaces,
Markdown links, images, autolinks, reference links and attribute lists, code
spans, comments, and plain text full of ``<``, ``&`` and quotes. The rendered
HTML is parsed the way a browser parses it (html5lib), and also serialised and
parsed again (a browser does that when a script copies ``innerHTML``, the
classic mutation-XSS path): neither may hold a script, an event handler, a
dangerous URL or an element that loads or runs anything, and every image must
come from the site itself.

CI runs a modest number of examples. Run many more with, for example:
``WIJKGEN_HYPOTHESIS_EXAMPLES=20000 .venv/bin/python -m pytest tests/test_markup_property.py``.
"""

from __future__ import annotations

import os
import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.hostile import MARKDOWN_VECTORS, TEXT_PAYLOADS, findings, parse
from wijkgen.model.markup import MarkdownRenderer

pytestmark = pytest.mark.fuzz

EXAMPLES = int(os.environ.get("WIJKGEN_HYPOTHESIS_EXAMPLES", "300"))
RENDERER = MarkdownRenderer()

TAGS = ("script", "img", "a", "svg", "math", "iframe", "object", "embed", "style", "div", "p", "span", "details",
        "video", "source", "form", "input", "button", "meta", "base", "link", "noscript", "template", "textarea",
        "title", "xmp", "table", "td", "h1", "h2", "abbr", "body", "select", "mglyph", "mtext", "animate", "set",
        "use", "image", "foreignObject", "frameset", "applet", "marquee", "blockquote", "sup", "li")
ATTRIBUTES = ("onerror", "onload", "onclick", "ONMOUSEOVER", "onfocus", "ontoggle", "onbegin", "href", "src",
              "xlink:href", "action", "formaction", "data", "srcdoc", "style", "id", "title", "alt", "values",
              "attributeName", "srcset", "poster", "background", "http-equiv", "content", "cite", "markdown")
SCHEMES = ("javascript", "JaVaScRiPt", "data", "vbscript", "jav\tascript", "java\nscript", "java&#x09;script",
           "&#106;avascript", "&#x6A;avascript", "&#0000106;avascript", "\x01javascript", " javascript",
           "javascript&colon;", "https", "http", "mailto", "tel", "HTTPS", "ftp", "")
CODE = ("alert(1)", "alert(document.domain)", "eval(name)", "//aanval.example/x.png",
        "text/html,<script>alert(1)</script>", "image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+",
        "aanval.example/x.png")


def _mixed_case(draw: st.DrawFn, word: str) -> str:
    flips = draw(st.lists(st.booleans(), min_size=len(word), max_size=len(word)))
    return "".join(c.upper() if flip else c for c, flip in zip(word, flips, strict=True))


def _entities(draw: st.DrawFn, text: str) -> str:
    """Some characters of ``text`` written as decimal or hexadecimal character references."""
    out = []
    for c in text:
        how = draw(st.sampled_from(("plain", "plain", "plain", "dec", "hex", "padded")))
        out.append({"plain": c, "dec": f"&#{ord(c)};", "hex": f"&#x{ord(c):x};", "padded": f"&#{ord(c):07d}"}[how])
    return "".join(out)


@st.composite
def urls(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(SCHEMES))
    separator = draw(st.sampled_from((":", ":", "&#58;", "&colon;", "%3A", ":" + "//")))
    lead = draw(st.sampled_from(("", " ", "\t", "&#14;", "\x00", "/\\", "//")))
    url = lead + scheme + (separator if scheme else "") + draw(st.sampled_from(CODE))
    return _entities(draw, url) if draw(st.booleans()) else url


@st.composite
def attributes(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(ATTRIBUTES))
    value = draw(urls()) if draw(st.booleans()) else draw(st.sampled_from(CODE))
    quote = draw(st.sampled_from(('"', "'", "", "`")))
    return f" {_mixed_case(draw, name)}={quote}{value}{quote}"


@st.composite
def tags(draw: st.DrawFn) -> str:
    name = _mixed_case(draw, draw(st.sampled_from(TAGS)))
    attrs = "".join(draw(st.lists(attributes(), max_size=3)))
    close = draw(st.sampled_from((">", "/>", " >", "")))
    inner = draw(st.sampled_from(("", "x", "alert(1)", "<script>alert(1)</script>", "*nadruk*")))
    end = draw(st.sampled_from((f"</{name}>", "", f"</{name}", "</script>")))
    return f"<{name}{attrs}{close}{inner}{end}"


@st.composite
def markdown(draw: st.DrawFn) -> str:
    url = draw(urls())
    text = draw(st.text(alphabet="ab <>&\"'/=`*_[]()!#{}:", max_size=12))
    form = draw(st.sampled_from(("link", "image", "auto", "ref", "attr", "code", "heading", "block", "comment")))
    return {
        "link": f"[{text}]({url})",
        "image": f"![{text}]({url})",
        "auto": f"<{url}>",
        "ref": f"[{text}][r]\n\n[r]: {url}",
        "attr": f"Alinea {text}\n{{: onclick=\"alert(1)\" href=\"{url}\" }}",
        "code": f"`<script>{text}</script>`",
        "heading": f"# Kop {text} {{: #inhoud onmouseover=alert(1) }}",
        "block": f"<div markdown=\"1\">\n{text} [x]({url})\n</div>",
        "comment": f"<!-- {text} --><img src=x onerror=alert(1)//-->",
    }[form]


FRAGMENTS = st.one_of(
    tags(),
    markdown(),
    st.sampled_from(TEXT_PAYLOADS),
    st.sampled_from(MARKDOWN_VECTORS),
    st.text(alphabet="ab <>&;#\"'/=`\n", max_size=20),
)
BODIES = st.lists(st.tuples(FRAGMENTS, st.sampled_from(("", " ", "\n", "\n\n"))), max_size=10).map(
    lambda parts: "".join(fragment + gap for fragment, gap in parts)
)


def _check(html: str) -> None:
    soup = parse(html)
    assert findings(soup) == [], html
    for image in soup.find_all("img", src=True):
        # As a browser reads the address: controls and spaces around it, tabs and newlines inside it ignored.
        src = re.sub(r"[\t\n\r]", "", re.sub(r"^[\x00-\x20]+|[\x00-\x20]+$", "", str(image["src"])))
        src = src.replace("\\", "/")
        assert not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", src) and not src.startswith("//"), html
    again = parse(soup.body.decode_contents() if soup.body else "")
    assert findings(again) == [], html


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(BODIES)
@example("<scr<script>ipt>alert(1)</scr</script>ipt>")
@example('<svg><style><img src=x onerror=alert(1)></style></svg>')
@example('<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;img src=1 onerror=alert(1)&gt;">')
@example("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">")
def test_rendered_markdown_never_runs_anything(body: str) -> None:
    _check(str(RENDERER.render(body).html))


@settings(max_examples=max(EXAMPLES // 3, 20), deadline=None)
@given(BODIES)
def test_inline_markdown_never_runs_anything(body: str) -> None:
    _check(str(RENDERER.inline(body)))


_RAW = MarkdownRenderer()._md
_LINKS = st.sampled_from([
    "javascript:alert(1)", "JaVaScRiPt:x", "data:text/html,x", "vbscript:x", "https://example.org/a?b=1&c=2",
    "mailto:a@example.org", "tel:0101234567", "/pad/naar", "#anker", "java&#115;cript:x", "  javascript:x",
    "ftp://example.org", "", "relatief.html", 'a"b', "blob:x",
])


@settings(max_examples=EXAMPLES, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(alphabet=st.characters(blacklist_characters="<{", blacklist_categories=("Cs",)), max_size=40),
            st.builds(lambda t, u: f"[{t}]({u})", st.text(alphabet="abc ", max_size=5), _LINKS),
            st.builds(lambda t, u: f"![{t}]({u})", st.text(alphabet="abc ", max_size=5), _LINKS),
            st.builds(lambda u: f"[x][r]\n\n[r]: {u}", _LINKS),
            st.sampled_from([
                "# Kop", "* punt", "1. een", "> citaat", "tekst[^1]\n\n[^1]: voetnoot", "| a |\n|---|\n| b |",
                "*[HTML]: Hyper", "```\ncode\n```", "term\n: uitleg", "---", 'zei href="javascript:x"',
            ]),
        ),
        max_size=6,
    )
)
def test_the_quick_audit_finds_what_the_parser_finds(parts: list[str]) -> None:
    """For Markdown without HTML or attribute lists the audit of removed HTML takes a shortcut; it must
    report exactly what parsing the HTML reports."""
    from wijkgen.model.markup import removed_html

    text = "\n\n".join(parts)
    raw = _RAW.reset().convert(text)  # Python-Markdown's HTML, before sanitising
    assert removed_html(raw, text) == removed_html(raw)
