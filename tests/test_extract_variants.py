"""Fictional pages in the layouts, date forms, furniture and provinces of sites
the samples do not cover (tests/pages, specified in tests/pages/expected.json)."""

import json
from pathlib import Path

import pytest

from archive.extract import extract_page

PAGES = Path(__file__).resolve().parent / "pages"
EXPECTED = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))["pages"]


def test_every_variant_page_has_a_spec_and_there_are_enough():
    assert sorted(spec["file"] for spec in EXPECTED) == sorted(path.name for path in PAGES.glob("*.txt"))
    assert len(EXPECTED) >= 15


@pytest.mark.parametrize("spec", EXPECTED, ids=[spec["file"] for spec in EXPECTED])
def test_variant_page(spec):
    result = extract_page((PAGES / spec["file"]).read_text(encoding="utf-8"))
    data = result.as_json()
    assert (data["title"], data["rubric"]) == (spec["title"], spec["rubric"])
    assert (data["published"], data["published_precision"], data["published_time"]) == (
        spec["published"],
        spec["published_precision"],
        spec["published_time"],
    )
    assert data["province"] == spec["province"]
    if "province_slug" in spec:
        assert result.province.slug == spec["province_slug"]
    assert data["organ"] == spec["organ"]
    assert data["authors"] == spec["authors"]
    found = sorted((c["level"], c["number"], c["term"]) for c in data["congresses"])
    assert found == sorted(tuple(c) for c in spec["congresses"])
    for level, number in spec["not_congresses"]:
        assert (level, number) not in [c[:2] for c in found]
    assert data["documents"] == spec["documents"]
    for text in spec["body_must_contain"]:
        assert text in data["body"]
    for text in spec["body_must_not_contain"]:
        assert text not in data["body"], text
