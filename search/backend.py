"""haystack's Whoosh backend with the archive's Vietnamese fields.

haystack defines the index (``search/search_indexes.py``: which fields, how
each is prepared from an article); this backend gives each field the Whoosh
type it needs instead of haystack's defaults, which are wrong for Vietnamese
(an English stemming analyzer with stop words on every text field, whole
texts stored and kept in columns, facet values split into words).

Writing and searching do not go through haystack: its writer blocks a web
request until the index lock frees and its deletes fail under a lock, and its
query path opens searchers per query and counts facets over the whole index.
The archive's one write path is ``search.indexing`` and its reader
``search.engine``; this backend's ``update`` and ``remove`` only queue the
articles for that write path, so haystack's own commands cannot bypass it.
"""

from haystack import indexes
from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend
from haystack.exceptions import SearchBackendError
from haystack.utils import get_identifier
from whoosh import columns
from whoosh.fields import COLUMN, ID, KEYWORD, NUMERIC, TEXT

from search.analysis import abbreviation_analyzer, exact_analyzer, folded_analyzer, pair_analyzer


class WhooshTyped:
    """A haystack field that says which Whoosh field it becomes."""

    def whoosh_field(self):
        raise NotImplementedError


class FoldedText(WhooshTyped, indexes.CharField):
    """Matching: every query word must be found here (no positions: phrases use the pairs)."""

    def __init__(self, *, field_boost: float = 1.0, **options):
        super().__init__(**options)
        self.field_boost = field_boost

    def whoosh_field(self):
        return TEXT(analyzer=folded_analyzer(), phrase=False, field_boost=self.field_boost)


class ExactText(WhooshTyped, indexes.CharField):
    """Ranking: syllables with their diacritics, for queries typed with them."""

    def whoosh_field(self):
        return TEXT(analyzer=exact_analyzer(), phrase=False)


class PairText(WhooshTyped, indexes.CharField):
    """Phrases and adjacency: folded syllable pairs."""

    def whoosh_field(self):
        return TEXT(analyzer=pair_analyzer(), phrase=False)


class AbbreviationText(WhooshTyped, indexes.CharField):
    """Words in capitals as written, so that TU (Tỉnh ủy) is not từ."""

    def whoosh_field(self):
        return TEXT(analyzer=abbreviation_analyzer(), phrase=False)


class FacetValue(WhooshTyped, indexes.CharField):
    """One whole value (a slug), kept in a column for facet counts."""

    def whoosh_field(self):
        return ID(sortable=columns.RefBytesColumn())


class FacetValues(WhooshTyped, indexes.MultiValueField):
    """Several whole values; haystack joins a list with commas."""

    def whoosh_field(self):
        return KEYWORD(commas=True, sortable=True)


class Number(WhooshTyped, indexes.IntegerField):
    """A 32-bit integer for ranges and sorting (a day as yyyymmdd): eight terms
    a document, not the sixteen of a 64-bit number. (Eight bits a step would
    make four, but a range of years would then read some 700 terms.)"""

    def whoosh_field(self):
        return NUMERIC(numtype=int, bits=32, sortable=True, signed=False)


class Digest(WhooshTyped, indexes.IntegerField):
    """A 64-bit number kept in a column only: compared, never searched."""

    def whoosh_field(self):
        return COLUMN(columns.NumericColumn("Q"))


class QueuedWrites:
    """haystack's writes, for either engine: articles are queued for the
    archive's one write path, and clearing is a rebuild."""

    def update(self, index, iterable, commit=True):
        from search.indexing import enqueue

        enqueue(obj.pk for obj in iterable)

    def remove(self, obj_or_string, commit=True):
        from search.indexing import enqueue

        identifier = get_identifier(obj_or_string)
        enqueue([int(identifier.rsplit(".", 1)[1])])

    def clear(self, models=None, commit=True):
        raise SearchBackendError("The archive's index is rebuilt with `manage.py search_index --rebuild`.")


class VietnameseWhooshBackend(QueuedWrites, WhooshSearchBackend):
    def build_schema(self, fields):
        content_field_name, schema = super().build_schema(fields)
        for field in fields.values():
            if isinstance(field, WhooshTyped):
                schema.remove(field.index_fieldname)
                schema.add(field.index_fieldname, field.whoosh_field())
        return content_field_name, schema


class VietnameseWhooshEngine(WhooshEngine):
    backend = VietnameseWhooshBackend
