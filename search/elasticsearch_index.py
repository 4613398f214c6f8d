"""The archive's search fields as an Elasticsearch 7 / OpenSearch index
(docs/scaling.md).

``index_definition()`` is the body of the request that creates the index
(``PUT /<index>``): analyzers that make, from the text the archive sends,
the same terms as ``search/analysis.py``, and a mapping for every field of
``search.search_indexes.ArticleIndex``. The project ships it written out as
``search/elasticsearch_index.json`` (``manage.py elasticsearch_index``
prints it); tests check the file against this function, and run its
analyzers, as written, over real text to compare their terms with the
archive's own.

Only built-in analysis is used, so a stock Elasticsearch 7 or OpenSearch
takes it. What the archive sends is clean NFC text already (every entry point
normalises it), so no Unicode normalisation is configured: that would need
the analysis-icu plugin.
"""

import json
from pathlib import Path

from archive.text import fold_table, tone_rewrites
from search import fields
from search.analysis import ABBREVIATION_RE, PAIR_SEPARATOR, SYLLABLE_RE

INDEX_FILE = Path(__file__).with_name("elasticsearch_index.json")

# Python's [^\W_] is a letter or digit of any script (Unicode categories L
# and N, exactly); Java's \w is ASCII only, or with a flag takes in marks too.
LETTER_OR_DIGIT = "[\\p{L}\\p{N}]"
WORD_CHARACTER = "[\\p{L}\\p{N}_]"  # Python's \w
COMBINING_MARKS = "[\\u0300-\\u036f]"

FOLDED = "vietnamese_folded"
EXACT = "vietnamese_exact"
PAIRS = "vietnamese_pairs"
ABBREVIATIONS = "vietnamese_abbreviations"

# haystack's own fields in every document: "archive.article.<pk>", the model, the pk.
HAYSTACK_FIELDS = {"id": {"type": "keyword"}, "django_ct": {"type": "keyword"}, "django_id": {"type": "keyword"}}


def _tone_filter_name(number: int) -> str:
    return f"tone_placement_{number:02d}"


def java_pattern(pattern: str) -> str:
    """One of search.analysis's patterns in Java's syntax, meaning the same."""
    return pattern.replace("[^\\W_]", LETTER_OR_DIGIT)


def analysis() -> dict:
    """Character filters, tokenizers, filters and the four analyzers."""
    letters = {char: plain for char, plain in sorted(fold_table().items()) if plain}
    char_filters: dict[str, dict] = {
        # Every letter with marks, đ and Đ included, to its plain letter.
        "vietnamese_fold": {"type": "mapping", "mappings": [f"{char} => {plain}" for char, plain in letters.items()]},
        # A stray combining mark that composed with nothing is dropped.
        "stray_marks": {"type": "pattern_replace", "pattern": COMBINING_MARKS, "replacement": ""},
        # The exact view lower-cases the text before finding syllables, and
        # Python writes İ in lower case as i and a combining dot, which ends
        # the syllable; Elasticsearch lower-cases each syllable after.
        "dotted_capital_i": {"type": "mapping", "mappings": ["İ => i\u0307"]},
    }
    tone_filters = []
    for number, (new, old) in enumerate(sorted(tone_rewrites().items())):
        name = _tone_filter_name(number)
        char_filters[name] = {
            "type": "pattern_replace",
            # As archive.text.canonical_tones: at a syllable's end, not in "qu".
            "pattern": f"(?<![qQ]){new}(?!{WORD_CHARACTER})",
            "replacement": old,
        }
        tone_filters.append(name)
    return {
        "char_filter": char_filters,
        "tokenizer": {
            # group 0: the tokens are the pattern's matches, not what lies between them.
            "syllables": {"type": "pattern", "pattern": java_pattern(SYLLABLE_RE.pattern), "group": 0},
            "abbreviations": {"type": "pattern", "pattern": java_pattern(ABBREVIATION_RE.pattern), "group": 0},
        },
        "filter": {
            "syllable_pairs": {
                "type": "shingle",
                "min_shingle_size": 2,
                "max_shingle_size": 2,
                "output_unigrams": False,
                "output_unigrams_if_no_shingles": True,
                "token_separator": PAIR_SEPARATOR,
                "filler_token": "",
            }
        },
        "analyzer": {
            FOLDED: {
                "type": "custom",
                "char_filter": ["vietnamese_fold", "stray_marks"],
                "tokenizer": "syllables",
                "filter": ["lowercase"],
            },
            EXACT: {
                "type": "custom",
                "char_filter": ["dotted_capital_i", *tone_filters],
                "tokenizer": "syllables",
                "filter": ["lowercase"],
            },
            PAIRS: {
                "type": "custom",
                "char_filter": ["vietnamese_fold", "stray_marks"],
                "tokenizer": "syllables",
                "filter": ["lowercase", "syllable_pairs"],
            },
            ABBREVIATIONS: {"type": "custom", "tokenizer": "abbreviations", "filter": []},
        },
    }


def field_mapping(field) -> dict:
    """The mapping of one ArticleIndex field, by its kind (search.fields)."""
    # Text views match terms, never positions: phrases are the pairs' terms.
    text = {"type": "text", "index_options": "freqs"}
    kinds = [
        (fields.FoldedText, text | {"analyzer": FOLDED}),
        (fields.ExactText, text | {"analyzer": EXACT}),
        (fields.PairText, text | {"analyzer": PAIRS}),
        (fields.AbbreviationText, text | {"analyzer": ABBREVIATIONS}),
        # Whole values, counted as facets (terms aggregations) and filtered on.
        (fields.FacetValue, {"type": "keyword"}),
        (fields.FacetValues, {"type": "keyword"}),
        (fields.Number, {"type": "integer"}),
        (fields.Digest, {"type": "long", "index": False}),  # compared, never searched
    ]
    for kind, mapping in kinds:
        if isinstance(field, kind):
            return mapping
    raise TypeError(f"no Elasticsearch mapping for {type(field).__name__}")


def index_definition() -> dict:
    from search.search_indexes import ArticleIndex

    properties = dict(HAYSTACK_FIELDS)
    for name, field in ArticleIndex().fields.items():
        properties[name] = field_mapping(field)
    return {
        "settings": {"index": {"number_of_shards": 1, "number_of_replicas": 1}, "analysis": analysis()},
        # strict: a document with a field this file does not know is refused, not guessed at.
        "mappings": {"dynamic": "strict", "properties": properties},
    }


def as_json(definition: dict) -> str:
    return json.dumps(definition, ensure_ascii=False, indent=2) + "\n"
