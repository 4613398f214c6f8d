"""The Whoosh engine (the default): its fields and analyzers, writing and reading.

An index directory holds a Whoosh index whose schema is made from haystack's
definition (``search/search_indexes.py``), each field by its kind
(``search/fields.py``). A search tree (``search.tree``) is translated into
Whoosh's query objects here and nowhere else.

A searcher is kept open per thread (sharing one across threads gives wrong
results: its readers share file positions) and replaced, never refreshed
(``Searcher.refresh()`` in Whoosh-Reloaded 2.7.5 brings merged-away segments
back), when the live directory or its generation changes; checking costs a
few microseconds.

Facet counts read whole values from the index's columns, once per segment
(segments never change; a commit adds a small one), and count them over the
matched documents: their cost follows the result set, not the index.
"""

import functools
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from whoosh import columns
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.analysis import BiWordFilter, CompositeAnalyzer, RegexTokenizer
from whoosh.fields import COLUMN, ID, KEYWORD, NUMERIC, TEXT, Schema
from whoosh.index import LockError

from archive.text import clean_text
from search import fields, tree
from search.analysis import (
    ABBREVIATION_RE,
    EXACT,
    FOLDED,
    PAIR_SEPARATOR,
    SYLLABLE_RE,
    normalise,
    syllables,
    unknown_words,
    words,
)
from search.engines import whoosh_bulk
from search.errors import SearchUnavailable
from search.facets import FIELDS as FACET_FIELDS
from search.facets import MULTI_VALUED

# --- analyzers -----------------------------------------------------------------
# Whoosh pickles analyzers into the index schema: every class here is
# module-level, and moving or changing one needs a full rebuild
# (search.analysis.ANALYSIS_VERSION).


class VietnameseTokenizer(RegexTokenizer):
    """Syllables of the normalised text (folded or with one tone placement)."""

    def __init__(self, mode: str = FOLDED):
        super().__init__(SYLLABLE_RE)
        self.mode = mode

    def __eq__(self, other):
        return super().__eq__(other) and self.mode == other.mode

    def __call__(self, value, **kwargs):
        return super().__call__(normalise(value, self.mode), **kwargs)

    def words(self, value: str) -> list[str]:
        """The terms, as plain strings: what the bulk writer indexes (search.engines.whoosh_bulk)."""
        return words(self.mode, value)


class AbbreviationTokenizer(RegexTokenizer):
    """Words of two to six capital letters, as written (NFC): "TU", "BTV", "HĐND"."""

    def __init__(self):
        super().__init__(ABBREVIATION_RE)

    def __call__(self, value, **kwargs):
        return super().__call__(clean_text(value), **kwargs)

    def words(self, value: str) -> list[str]:
        return words(fields.ABBREVIATIONS, value)


class PairAnalyzer(CompositeAnalyzer):
    """Adjacent folded syllables joined ("dai_hoi"); a text of one syllable is that syllable."""

    def __init__(self):
        super().__init__(VietnameseTokenizer(FOLDED), BiWordFilter(sep=PAIR_SEPARATOR))

    def __call__(self, value, **kwargs):
        if not syllables(value):
            return iter(())  # Whoosh's BiWordFilter fails on a text without a word
        return super().__call__(value, **kwargs)

    def words(self, value: str) -> list[str]:
        return words(fields.PAIRS, value)


def folded_analyzer():
    return VietnameseTokenizer(FOLDED)


def exact_analyzer():
    return VietnameseTokenizer(EXACT)


def pair_analyzer():
    return PairAnalyzer()


def abbreviation_analyzer():
    return AbbreviationTokenizer()


def terms(analyzer, text: str) -> list[str]:
    """The terms an analyzer makes of a text."""
    return [token.text for token in analyzer(text)]


# --- the schema ------------------------------------------------------------------


def field_type(field: fields.IndexField):
    """The Whoosh field of one kind of index field."""
    kind = field.kind
    if kind in (fields.FOLDED, fields.EXACT, fields.PAIRS, fields.ABBREVIATIONS):
        analyzer = {
            fields.FOLDED: folded_analyzer,
            fields.EXACT: exact_analyzer,
            fields.PAIRS: pair_analyzer,
            fields.ABBREVIATIONS: abbreviation_analyzer,
        }[kind]()
        # No positions (phrases are pair look-ups), nothing stored.
        return TEXT(analyzer=analyzer, phrase=False, field_boost=field.field_boost)
    if kind == fields.FACET_VALUE:
        return ID(sortable=columns.RefBytesColumn())  # one whole value, kept in a column for facet counts
    if kind == fields.FACET_VALUES:
        return KEYWORD(commas=True, sortable=True)  # several whole values; lists are joined with commas
    if kind == fields.NUMBER:
        # Eight terms a document, not the sixteen of a 64-bit number. (Eight
        # bits a step would make four, but a range of years would then read
        # some 700 terms.)
        return NUMERIC(numtype=int, bits=32, sortable=True, signed=False)
    if kind == fields.DIGEST:
        return COLUMN(columns.NumericColumn("Q"))  # compared, never searched
    raise ValueError(f"no Whoosh field for the kind {kind!r}")


@functools.cache
def schema() -> Schema:
    """The schema of haystack's definition, the same in every process: its
    own keys (the unique id, the model, the pk), then every field by kind."""
    from search.search_indexes import ArticleIndex

    definition = {"id": ID(stored=True, unique=True), "django_ct": ID(stored=True), "django_id": ID(stored=True)}
    for name, field in ArticleIndex().fields.items():
        definition[field.index_fieldname or name] = field_type(field)
    return Schema(**definition)


def layout() -> str:
    """What, beyond the fields and their kinds, an index of this engine is
    laid out by: nothing (the schema is made of the fields)."""
    return "whoosh"


# --- the directory ------------------------------------------------------------------


def exists(path: Path) -> bool:
    return whoosh_index.exists_in(str(path))


def create(path: Path) -> None:
    whoosh_index.create_in(str(path), schema())


def open_index(path: Path):
    """The Whoosh index in a directory, or SearchUnavailable saying why."""
    try:
        return whoosh_index.open_dir(str(path), schema=schema())
    except Exception as error:  # a damaged table of contents: struct.error, EOFError, OSError...
        raise SearchUnavailable(
            f"the search index in {path} cannot be read ({error!r}): run manage.py search_index --rebuild"
        ) from error


# --- writing ------------------------------------------------------------------------


def prepared(document: dict) -> dict:
    """An index document as Whoosh takes it: lists joined by commas (as haystack does)."""
    return {
        name: ",".join(str(item) for item in value) if isinstance(value, (list, tuple)) else value
        for name, value in document.items()
    }


class Writer:
    """Whoosh's writer, taking the archive's documents."""

    def __init__(self, writer):
        self._writer = writer

    def update_document(self, document: dict) -> None:
        self._writer.update_document(**prepared(document))

    def delete_document(self, unique_id: str) -> None:
        self._writer.delete_by_term("id", unique_id)

    def commit(self) -> None:
        self._writer.commit()

    def cancel(self) -> None:
        self._writer.cancel()


def writer(path: Path) -> Writer | None:
    """A writer on the index in ``path``, or None at once if another process holds its lock."""
    try:
        return Writer(open_index(path).writer())  # never waits: timeout 0
    except LockError:
        return None


def build(
    path: Path, batches: Iterable[list[dict]], *, workers: int = 1, progress: Callable[[int], None] | None = None
) -> int:
    """Fill the empty index of a new directory (``search.engines.whoosh_bulk``)."""
    prepared_batches = ([prepared(document) for document in batch] for batch in batches)
    return whoosh_bulk.build(open_index(path), prepared_batches, workers=workers, progress=progress)


def indexed_versions(path: Path) -> dict[int, int]:
    """Article id -> the version digest the index in ``path`` holds for it."""
    indexed: dict[int, int] = {}
    with open_index(path).searcher() as searcher:
        reader = searcher.reader()
        if reader.doc_count_all() == 0:
            # An index with no segment yet (a new archive, a first write that
            # failed) reads through Whoosh's EmptyReader, which has no columns.
            return indexed
        versions = reader.column_reader("version")
        for docnum, stored in reader.iter_docs():
            indexed[int(stored["django_id"])] = versions[docnum]
    return indexed


# --- reading ------------------------------------------------------------------------


@dataclass
class View:
    path: Path
    index: object
    generation: int
    searcher: object
    columns: dict[str, list] | None = None  # facet columns of the whole index, built on first use

    def doc_count(self) -> int:
        return self.searcher.doc_count()


# (index directory, segment id) -> {field: values}. Segments never change, so
# an entry never goes stale; entries of merged-away segments are dropped when
# a searcher is replaced.
_segment_columns: dict[tuple[Path, str], dict[str, list]] = {}


def fresh(view: View, path: Path) -> View | None:
    """``view`` if it still shows the index in ``path`` as it is, else None."""
    if view.path == path and view.index.latest_generation() == view.generation:
        return view
    return None


def open_view(path: Path) -> View:
    """A reader of the index in ``path``; SearchUnavailable if it cannot be read."""
    index = open_index(path)
    try:
        return View(path=path, index=index, generation=index.latest_generation(), searcher=index.searcher())
    except Exception as error:  # unreadable segments: EOFError, struct.error, OSError...
        raise SearchUnavailable(
            f"the search index in {path} cannot be read ({error!r}): run manage.py search_index --rebuild"
        ) from error


def close_view(view: View) -> None:
    view.searcher.close()


def translate(node) -> wq.Query:
    """Whoosh's query for a search tree."""
    if isinstance(node, tree.Term):
        return wq.Term(node.field, node.text, boost=node.boost)
    if isinstance(node, tree.All):
        return wq.And([translate(part) for part in node.parts])
    if isinstance(node, tree.Any):
        return wq.Or([translate(part) for part in node.parts])
    if isinstance(node, tree.Without):
        return wq.AndNot(translate(node.positive), translate(node.negative))
    if isinstance(node, tree.Ranked):
        return wq.AndMaybe(translate(node.required), translate(node.bonus))
    if isinstance(node, tree.Everything):
        return wq.Every()
    if isinstance(node, tree.DayRange):
        return wq.NumericRange("published", node.low, node.high)
    raise ValueError(f"no Whoosh query for {node!r}")


def search(view: View, compiled: tree.Compiled, *, page: int, per_page: int, sort: str):
    """(count, ids of the page, their scores, (facets, years, months))."""
    searcher = view.searcher
    required = translate(compiled.required)
    docnums = list(searcher.docs_for_query(required))
    ids, scores = [], []
    # Whoosh answers a page past the end with the last page; past the end is empty.
    if (page - 1) * per_page < len(docnums):
        # The top of the ranking down to this page, then the page: Whoosh's
        # search_page would also count every match again, which is known here.
        if sort == "date":
            results = searcher.search(required, limit=page * per_page, sortedby="published", reverse=True, terms=False)
        else:
            results = searcher.search(translate(compiled.ranked), limit=page * per_page, terms=False)
        for hit in results[(page - 1) * per_page : page * per_page]:
            ids.append(int(hit["django_id"]))
            scores.append(round(hit.score or 0.0, 3))
    return len(docnums), ids, scores, count_facets(view, docnums)


def facet_counts(view: View, required: tree.Node) -> tuple[dict[str, Counter], Counter, Counter]:
    return count_facets(view, list(view.searcher.docs_for_query(translate(required))))


def _columns(view: View) -> dict[str, list]:
    """Every facet column of the index, one list per field indexed by document number."""
    names = (*FACET_FIELDS, "published")
    combined: dict[str, list] = {name: [] for name in names}
    live = set()
    for leaf, _offset in view.searcher.reader().leaf_readers():
        if leaf.segment() is None:  # an index with no segment yet (a new archive): Whoosh's EmptyReader
            continue
        key = (view.path, leaf.segment().segment_id())
        live.add(key)
        cached = _segment_columns.get(key)
        if cached is None:
            cached = _segment_columns[key] = {name: _column(leaf, name) for name in names}
        for name in names:
            combined[name].extend(cached[name])
    # Segments merged away, and whole index directories replaced by a rebuild.
    for key in [key for key in _segment_columns if key not in live]:
        _segment_columns.pop(key, None)
    return combined


def _column(leaf, name: str) -> list:
    if not leaf.has_column(name):
        return [() if name in MULTI_VALUED else (0 if name == "published" else "")] * leaf.doc_count_all()
    values = list(leaf.column_reader(name))
    if name == "published":
        return [value or 0 for value in values]
    values = [value.decode() if isinstance(value, bytes) else (value or "") for value in values]
    if name in MULTI_VALUED:
        return [tuple(part for part in value.split(",") if part) for value in values]
    return values


def count_facets(view: View, docnums: list[int]) -> tuple[dict[str, Counter], Counter, Counter]:
    if view.columns is None:
        view.columns = _columns(view)
    columns = view.columns
    facets: dict[str, Counter] = {}
    for name in FACET_FIELDS:
        values = columns[name]
        if name in MULTI_VALUED:
            facets[name] = Counter(value for docnum in docnums for value in values[docnum])
        else:
            counter = Counter(map(values.__getitem__, docnums))
            counter.pop("", None)
            facets[name] = counter
    published = columns["published"]
    days = [published[docnum] for docnum in docnums if published[docnum]]
    years = Counter(day // 10000 for day in days)
    months = Counter((day // 10000, day // 100 % 100) for day in days if day // 100 % 100)
    return facets, years, months


def corrected_words(view: View, typed: list[str], limit: int) -> dict[str, str]:
    """As ``search.reader.corrected_words``, with Whoosh's spelling corrector."""
    reader = view.searcher.reader()
    corrector = reader.corrector("text")
    corrections = {}
    for word in unknown_words(typed, lambda term: reader.doc_frequency("text", term) > 0, limit):
        suggestions = corrector.suggest(syllables(word)[0], limit=1, maxdist=2, prefix=1)
        if suggestions:
            corrections[word] = suggestions[0]
    return corrections


def close() -> None:
    """Nothing kept beyond the views (``search.reader`` closes those)."""
