"""The kinds of field an index document holds, as haystack fields.

haystack defines the index (``search/search_indexes.py``: which fields, how
each is prepared from an article); each field here also says which *kind* of
field it is, and every engine (``search/engines/``) makes its own type of
each kind: the view of the text it is analysed into (``search/analysis.py``),
a whole value for filters and facets, a number, a digest.
"""

from haystack import indexes

from search.analysis import ABBREVIATIONS, EXACT, FOLDED, PAIRS

FACET_VALUE, FACET_VALUES, NUMBER, DIGEST = "facet_value", "facet_values", "number", "digest"


class IndexField:
    """A haystack field that says which kind of index field it is."""

    kind = ""
    field_boost = 1.0


class FoldedText(IndexField, indexes.CharField):
    """Matching: every query word must be found here (no positions: phrases use the pairs)."""

    kind = FOLDED

    def __init__(self, *, field_boost: float = 1.0, **options):
        super().__init__(**options)
        self.field_boost = field_boost


class ExactText(IndexField, indexes.CharField):
    """Ranking: syllables with their diacritics, for queries typed with them."""

    kind = EXACT


class PairText(IndexField, indexes.CharField):
    """Phrases and adjacency: folded syllable pairs."""

    kind = PAIRS


class AbbreviationText(IndexField, indexes.CharField):
    """Words in capitals as written, so that TU (Tỉnh ủy) is not từ."""

    kind = ABBREVIATIONS


class FacetValue(IndexField, indexes.CharField):
    """One whole value (a slug), kept for filters and facet counts."""

    kind = FACET_VALUE


class FacetValues(IndexField, indexes.MultiValueField):
    """Several whole values (a name may hold spaces, never a comma)."""

    kind = FACET_VALUES


class Number(IndexField, indexes.IntegerField):
    """A 32-bit integer for ranges and sorting (a day as yyyymmdd)."""

    kind = NUMBER


class Digest(IndexField, indexes.IntegerField):
    """A 64-bit number kept with the document only: compared, never searched."""

    kind = DIGEST
