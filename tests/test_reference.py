"""docs/inhoud.md is the reference generated from the schemas; it must not drift from them."""

from __future__ import annotations

from tests.conftest import REPO
from wijkgen.load.config import config_from
from wijkgen.schema.framework import vocabulary_of
from wijkgen.schema.reference import reference_markdown


def test_reference_is_up_to_date(update_golden: bool) -> None:
    framework = config_from(None).framework
    text = reference_markdown(framework, vocabulary_of(framework))
    target = REPO / "docs" / "inhoud.md"
    if update_golden:
        target.write_text(text, encoding="utf-8")
    assert target.read_text(encoding="utf-8") == text, "run: bash scripts/test.sh --update-golden"
    for field in ("`kerncijfers[].bron`", "`behoeften[].soort`", "`stappen[].mijlpalen[].datum`", "`kader.stappen`"):
        assert field in text
