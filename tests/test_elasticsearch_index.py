"""The shipped Elasticsearch / OpenSearch index definition
(search/elasticsearch_index.json) agrees with the archive's search fields:
every field mapped as its kind needs, and every analyzer, run here as the
file writes it, making the same terms as search/analysis.py."""

import itertools
import json
import re
import sys
import unicodedata

import pytest

from archive.text import clean_text, fold_table, tone_rewrites
from search.elasticsearch_index import INDEX_FILE, LETTER_OR_DIGIT, WORD_CHARACTER, as_json, index_definition
from search.engines import whoosh as analysis
from search.search_indexes import ArticleIndex
from tests.conftest import DEMO_PAGES

SHIPPED = json.loads(INDEX_FILE.read_text(encoding="utf-8"))

# The Whoosh analyzers each Elasticsearch analyzer must agree with.
COUNTERPARTS = {
    "vietnamese_folded": analysis.folded_analyzer(),
    "vietnamese_exact": analysis.exact_analyzer(),
    "vietnamese_pairs": analysis.pair_analyzer(),
    "vietnamese_abbreviations": analysis.abbreviation_analyzer(),
}


def python_pattern(spec: dict) -> re.Pattern:
    """A Java pattern from the file as Python's re reads it. The file writes
    classes as Unicode categories, which re lacks; the two it uses have exact
    Python spellings (test_the_java_classes_mean_what_their_python_spellings_do)."""
    assert "flags" not in spec, spec
    pattern = spec["pattern"].replace(WORD_CHARACTER, "\\w").replace(LETTER_OR_DIGIT, "[^\\W_]")
    assert "\\p" not in pattern, pattern
    return re.compile(pattern)


def char_filter(spec: dict, text: str) -> str:
    if spec["type"] == "mapping":
        table = dict(rule.split(" => ") for rule in spec["mappings"])
        keys = sorted(table, key=len, reverse=True)  # the longest match wins, as in Lucene
        return re.sub("|".join(map(re.escape, keys)), lambda match: table[match.group()], text)
    assert spec["type"] == "pattern_replace", spec
    return python_pattern(spec).sub(spec["replacement"].replace("$", "\\"), text)


def tokenize(spec: dict, text: str) -> list[str]:
    assert spec["type"] == "pattern" and spec["group"] == 0, spec  # tokens are the pattern's matches
    return python_pattern(spec).findall(text)


def token_filter(name: str, definitions: dict, tokens: list[str]) -> list[str]:
    if name == "lowercase":  # Lucene's: each character on its own, so no context rules
        return ["".join(char.lower() for char in token) for token in tokens]
    spec = definitions[name]
    assert spec["type"] == "shingle" and spec["min_shingle_size"] == spec["max_shingle_size"] == 2, spec
    assert not spec["output_unigrams"] and spec["output_unigrams_if_no_shingles"], spec
    if len(tokens) < 2:
        return tokens
    return [a + spec["token_separator"] + b for a, b in itertools.pairwise(tokens)]


def run_analyzer(definition: dict, name: str, text: str) -> list[str]:
    """What Elasticsearch makes of ``text`` with the analyzer ``name``, as the file describes it."""
    settings = definition["settings"]["analysis"]
    analyzer = settings["analyzer"][name]
    assert analyzer["type"] == "custom"
    for filter_name in analyzer.get("char_filter", []):
        text = char_filter(settings["char_filter"][filter_name], text)
    tokens = tokenize(settings["tokenizer"][analyzer["tokenizer"]], text)
    for filter_name in analyzer.get("filter", []):
        tokens = token_filter(filter_name, settings.get("filter", {}), tokens)
    return tokens


def sample_texts() -> list[str]:
    every_letter = " ".join(fold_table())
    tones = " ".join(f"h{new} {new}n q{new} {new}_x" for new in tone_rewrites())
    made_up = [
        every_letter,
        tones,
        "Hoà bình, thuỷ lợi và Uỷ ban; QUÝ HOÀ; hoàn thành; khoẻ",
        "Tỉnh ủy (TU), BTV, HĐND và UBND tỉnh; Đảng bộ Đắk Lắk — Đ.Đ; ABCDEFG AB12 x_TU",
        "Nghị quyết số 35-NQ/TW ngày 22/10/2018; số_hiệu 2025; Ⅻ ½ ٣",
        "Mixed scripts: 党 Đảng партия حزب İstanbul",
        "Stray marks: a\u0301\u0301 \u0323x Đa\u0300ng",
        "một",
        "",
    ]
    pages = [path.read_text(encoding="utf-8") for path in sorted(DEMO_PAGES.glob("*.txt"))]
    assert pages, f"no demo pages in {DEMO_PAGES}"
    # What the archive sends is clean NFC text: every entry point normalises it.
    return [clean_text(text) for text in made_up + pages]


def test_the_shipped_file_is_the_definition_the_code_makes():
    assert INDEX_FILE.read_text(encoding="utf-8") == as_json(index_definition()), (
        "search/elasticsearch_index.json is out of date: "
        "python manage.py elasticsearch_index > search/elasticsearch_index.json"
    )


@pytest.mark.parametrize("name", sorted(COUNTERPARTS))
def test_each_analyzer_makes_the_archives_own_terms(name):
    for text in sample_texts():
        assert run_analyzer(SHIPPED, name, text) == analysis.terms(COUNTERPARTS[name], text), (name, text[:200])


def test_folding_covers_every_vietnamese_letter_including_d_with_stroke():
    mappings = dict(
        rule.split(" => ") for rule in SHIPPED["settings"]["analysis"]["char_filter"]["vietnamese_fold"]["mappings"]
    )
    assert mappings["đ"] == "d" and mappings["Đ"] == "D"
    vowels = "aăâeêioôơuưy"
    tones = ["\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]

    for vowel in vowels:
        for tone in ["", *tones]:
            for letter in {
                unicodedata.normalize("NFC", vowel + tone),
                unicodedata.normalize("NFC", vowel.upper() + tone),
            }:
                if letter not in "aeiouyAEIOUY":
                    assert mappings[letter].lower() == vowel[0].translate(str.maketrans("ăâêôơư", "aaeoou")), letter
    assert run_analyzer(SHIPPED, "vietnamese_folded", "Đại hội Đảng bộ") == ["dai", "hoi", "dang", "bo"]
    assert run_analyzer(SHIPPED, "vietnamese_pairs", "Đại hội Đảng bộ") == ["dai_hoi", "hoi_dang", "dang_bo"]


def test_the_java_classes_mean_what_their_python_spellings_do():
    # Java's [\p{L}\p{N}] is every character of Unicode categories L and N;
    # Python's [^\W_] is every character for which str.isalnum() holds.
    differ = [
        hex(code)
        for code in range(sys.maxunicode + 1)
        if chr(code).isalnum() != (unicodedata.category(chr(code))[0] in "LN")
    ]
    assert differ == []
    assert re.fullmatch("\\w", "_") and not re.fullmatch("[^\\W_]", "_")


def test_every_search_field_is_mapped_as_its_kind_and_nothing_else():
    properties = SHIPPED["mappings"]["properties"]
    fields = ArticleIndex().fields
    assert set(properties) == set(fields) | {"id", "django_ct", "django_id"}
    assert SHIPPED["mappings"]["dynamic"] == "strict"
    analyzers = SHIPPED["settings"]["analysis"]["analyzer"]
    for name, field in fields.items():
        mapping = properties[name]
        kind = type(field).__name__
        if kind in ("FacetValue", "FacetValues"):
            assert mapping == {"type": "keyword"}, name  # whole values: facets and filters, never split
        elif kind == "Number":
            assert mapping["type"] == "integer", name  # a day as yyyymmdd
        elif kind == "Digest":
            assert mapping["type"] == "long" and mapping["index"] is False, name
        else:
            assert mapping["type"] == "text" and mapping["analyzer"] in analyzers, name
            whoosh_analyzer = analysis.field_type(field).analyzer
            assert analysis.terms(whoosh_analyzer, "Hoà bình TU Đảng") == run_analyzer(
                SHIPPED, mapping["analyzer"], "Hoà bình TU Đảng"
            ), name
    # The exact view and the pairs exist as fields of their own, as the engines need them.
    assert properties["text_exact"]["analyzer"] == "vietnamese_exact"
    assert properties["text_pairs"]["analyzer"] == "vietnamese_pairs"
