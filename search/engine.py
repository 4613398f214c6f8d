"""Reading the search index: the open searcher, queries and facet counts.

A searcher is kept open per thread (sharing one across threads gives wrong
results: its readers share file positions) and replaced, never refreshed
(``Searcher.refresh()`` in Whoosh-Reloaded 2.7.5 brings merged-away segments
back), when the live directory or its generation changes; checking costs a
few microseconds. If a new index cannot be read, the last good one keeps
answering and one log line says what to run.

Facet counts read whole values from the index's columns, once per segment
(segments never change; a commit adds a small one), and count them over the
matched documents: their cost follows the result set, not the index.

Results are kept per process for repeated searches (a page's facets counted
without each selection, the next page, the same link opened twice), keyed by
the index's directory and generation: any change to the index is a new
generation, so a kept result is never stale and nothing needs clearing.
"""

import datetime as dt
import logging
import re
import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass, replace
from pathlib import Path

from django.conf import settings
from whoosh import query as wq

from archive.text import fold, has_diacritics, nfc
from search.analysis import EXACT, pairs, syllables, unknown_words
from search.indexing import SearchUnavailable, check_index, live_path, open_index, xapian_index, xapian_selected
from search.search_indexes import day_number

logger = logging.getLogger(__name__)

FACET_FIELDS = ("province", "province_now", "organ", "congress", "document")
MULTI_VALUED = {"congress", "document"}
EXACT_BOOST = 4.0  # a syllable of a query typed with diacritics, found as typed
PAIR_BOOST = 2.0  # two query syllables side by side in the text
TITLE_BONUS = 1.0


@dataclass
class _View:
    path: Path
    index: object
    generation: int
    searcher: object
    columns: dict[str, list] | None = None  # facet columns of the whole index, built on first use

    def doc_count(self) -> int:
        return self.searcher.doc_count()


_local = threading.local()
# (index directory, segment id) -> {field: values}. Segments never change, so
# an entry never goes stale; entries of merged-away segments are dropped when
# a searcher is replaced.
_segment_columns: dict[tuple[Path, str], dict[str, list]] = {}


def searcher():
    """This thread's searcher on the live index, reopened when it changed."""
    view: _View | None = getattr(_local, "view", None)
    path = live_path()
    if path is None:
        raise SearchUnavailable("no search index yet: run manage.py search_index --rebuild")
    try:
        if view is not None and view.path == path and view.index.latest_generation() == view.generation:
            return view
        index = open_index(path)
        new = _View(path=path, index=index, generation=index.latest_generation(), searcher=index.searcher())
    except SearchUnavailable as error:
        return _keep_serving(view, path, error)
    except Exception as error:  # unreadable segments: EOFError, struct.error, OSError...
        unreadable = SearchUnavailable(
            f"the search index in {path} cannot be read ({error!r}): run manage.py search_index --rebuild"
        )
        return _keep_serving(view, path, unreadable)
    if view is not None:
        view.searcher.close()
    _local.view = new
    return new


def _xapian_view():
    """This thread's reader of the live Xapian index (search.xapian_index)."""
    view = xapian_index.current_view()
    path = live_path()
    if path is None:
        raise SearchUnavailable("no search index yet: run manage.py search_index --rebuild")
    try:
        check_index(path)
        return xapian_index.view(path)
    except SearchUnavailable as error:
        return _keep_serving(view, path, error)
    except xapian_index.Unavailable as error:
        unreadable = SearchUnavailable(
            f"the search index in {path} cannot be read ({error}): run manage.py search_index --rebuild"
        )
        return _keep_serving(view, path, unreadable)


def reader():
    """This thread's reader of the live index, of whichever engine is configured."""
    return _xapian_view() if xapian_selected() else searcher()


def _keep_serving(view, path: Path, error: SearchUnavailable):
    if getattr(_local, "failed", None) != (path, str(error)):
        _local.failed = (path, str(error))
        logger.error("%s", error)
    if view is None:
        raise error
    return view


def close() -> None:
    """Close this thread's searcher (tests, and before an index directory is removed)."""
    view = getattr(_local, "view", None)
    if view is not None:
        view.searcher.close()
        _local.view = None
    if xapian_index is not None:
        xapian_index.close()
    with _kept_lock:
        _kept.clear()  # a directory removed may be made again, at generation 1


# --- compiling a parsed query ------------------------------------------------


def _exact_bonus(typed: str, exact: bool) -> list[wq.Query]:
    """With a query typed with diacritics, the syllables written as typed rank
    first (marked or not: in "ban chỉ đạo", Ban before bàn)."""
    if not exact:
        return []
    return [wq.Term("text_exact", syllable, boost=EXACT_BOOST) for syllable in syllables(typed, EXACT)]


def _word(text: str, exact: bool) -> tuple[wq.Query | None, list[wq.Query]]:
    """(required clause, ranking bonuses) of one typed word."""
    folded = syllables(text)
    if not folded:
        return None, []
    if len(folded) > 1:  # "35-CT/TW" typed as one word: its syllables in a row
        return _phrase(folded, text, exact)
    bonus: list[wq.Query] = [wq.Term("title", folded[0], boost=TITLE_BONUS), *_exact_bonus(text, exact)]
    return wq.Term("text", folded[0]), bonus


def _phrase(folded: list[str], typed: str, exact: bool) -> tuple[wq.Query | None, list[wq.Query]]:
    if not folded:
        return None, []
    if len(folded) == 1:
        return _word(typed or folded[0], exact)
    adjacent = [wq.Term("text_pairs", pair) for pair in pairs(folded)]
    bonus: list[wq.Query] = [wq.Term("title", syllable, boost=TITLE_BONUS) for syllable in folded]
    return wq.And(adjacent), bonus + _exact_bonus(typed, exact)


def _text_of(clause) -> str:
    """The words of a clause (its first option: what was typed)."""
    from search import query as parsed

    if isinstance(clause, parsed.Word):
        return clause.text
    if isinstance(clause, parsed.Phrase):
        return " ".join(clause.words)
    return _text_of(clause.options[0]) if clause.options else ""


def _clause(clause, exact: bool = False) -> tuple[wq.Query | None, list[wq.Query]]:
    from search import query as parsed

    if isinstance(clause, parsed.Word):
        if clause.exact:
            # An abbreviation whose letters also spell ordinary syllables (TU:
            # từ, tư): looked for as written, in capitals.
            written = {nfc(clause.text).upper(), fold(clause.text).upper()}  # ĐH, and DH typed without the stroke
            return wq.Or([wq.Term("text_abbreviations", form) for form in sorted(written)]), []
        return _word(clause.text, exact)
    if isinstance(clause, parsed.Phrase):
        typed = " ".join(clause.words)
        return _phrase(syllables(typed), typed, exact)
    if isinstance(clause, parsed.AnyOf):
        compiled = [_clause(option, exact) for option in clause.options]
        options = [required for required, _bonus in compiled if required is not None]
        if not options:
            return None, []
        return wq.Or(options), [bonus for _required, bonuses in compiled for bonus in bonuses]
    return None, []


ORGAN_KIND_PREFIX = "kind:"  # a filter value naming a kind of organ in every province ("kind:ban_tuyen_giao")


def organ_clause(values) -> wq.Query:
    """Organs by slug, or kinds of organ in every province."""
    return wq.Or(
        [
            wq.Term("organ_kind", value.removeprefix(ORGAN_KIND_PREFIX))
            if value.startswith(ORGAN_KIND_PREFIX)
            else wq.Term("organ", value)
            for value in values
        ]
    )


def filter_clauses(filters) -> list[wq.Query]:
    """Filters as clauses of the required query (inside the And, so that the
    intersection can skip: twice as fast as Whoosh's filter= here)."""
    clauses: list[wq.Query] = []
    if filters.provinces:
        # A province as at publication or as it is now: An Giang finds Kiên Giang's articles too.
        clauses.append(
            wq.Or([wq.Term(name, slug) for slug in filters.provinces for name in ("province", "province_now")])
        )
    if filters.organs:
        clauses.append(organ_clause(filters.organs))
    if filters.years:
        clauses.append(year_range(*filters.years))
    if filters.date_from or filters.date_to:
        clauses.append(date_range(filters.date_from, filters.date_to))
    return clauses


def year_range(first: int, last: int) -> wq.Query:
    """Articles of these years, including those known only to the month or year."""
    years = [wq.Term("year", str(year)) for year in range(first, last + 1)]
    return years[0] if len(years) == 1 else wq.Or(years)


def date_range(start: dt.date | None, end: dt.date | None) -> wq.Query:
    """Articles published between two days; starting on the first of a month
    (or of a year) takes in the articles known only to that month (or year)."""
    low = 1
    if start:
        low = start.year * 10000 + (start.month * 100 if (start.month, start.day) != (1, 1) else 0)
        low += start.day if start.day > 1 else 0
    high = day_number(end) if end else 99991299
    return wq.NumericRange("published", low, high)


@dataclass
class Compiled:
    required: wq.Query  # what a document must match: counted and faceted
    ranked: wq.Query  # the same, with bonuses that only order the results


# What in a typed query is not text to be found side by side: filters
# (name:value), excluded words, operators.
_TYPED_NOISE_RE = re.compile(r'\S+:(?:"[^"]*"|\S*)|(?<!\S)-(?:"[^"]*"|\S+)|\b(?:AND|OR|NOT|HOẶC|HOAC)\b')


def compile_query(parsed_query, extra: list[wq.Query] | None = None, typed: str = "") -> Compiled | None:
    """Whoosh queries for a parsed query, with ``extra`` required clauses (the
    URL's filters); None when nothing can be looked for. ``typed`` is the
    query as typed, whose word order ranks adjacent matches first."""
    required: list[wq.Query] = []
    bonuses: list[wq.Query] = []
    exact = has_diacritics(typed or " ".join(map(_text_of, parsed_query.required)))
    for clause in parsed_query.required:
        match, bonus = _clause(clause, exact)
        if match is not None:
            required.append(match)
            bonuses += bonus
    excluded = [match for match, _bonus in map(_clause, parsed_query.excluded) if match is not None]
    filters = filter_clauses(parsed_query.filters) + list(extra or [])
    if not required:
        if not (excluded and filters):
            return None
        # Only exclusions within filters ("-tham tỉnh:kien-giang"): every filtered page but those.
        required = [wq.Every()]
    # The query's syllables found side by side, in the order typed, rank first
    # ("dai hoi dai bieu": dai_hoi, hoi_dai, dai_bieu), whatever clauses the
    # parser made of them.
    folded = syllables(_TYPED_NOISE_RE.sub(" ", typed)) if typed else []
    bonuses += [wq.Term("text_pairs", pair, boost=PAIR_BOOST) for pair in dict.fromkeys(pairs(folded))]
    positive = wq.And(required + filters)
    must = wq.AndNot(positive, wq.Or(excluded)) if excluded else positive
    ranked = wq.AndMaybe(must, wq.Or(bonuses)) if bonuses else must
    return Compiled(required=must, ranked=ranked)


# --- running it --------------------------------------------------------------


@dataclass
class Hits:
    count: int
    ids: list[int]  # article ids of the page asked for, in order
    scores: list[float]
    facets: dict[str, Counter]
    years: Counter  # year -> count
    months: Counter  # (year, month) -> count


def _guarded(function):
    """An index that opens but cannot be read (a damaged segment) is the same
    as one that cannot be opened: one log line, and SearchUnavailable for the
    caller to answer 503, never a 500."""

    def guarded(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except SearchUnavailable:
            raise
        except Exception as error:
            path = live_path()
            if getattr(_local, "failed", None) != (path, "read"):  # one line per damaged index, not one per search
                _local.failed = (path, "read")
                logger.exception("The search index in %s cannot be read: run manage.py search_index --rebuild", path)
            raise SearchUnavailable(f"the search index in {path} cannot be read ({error!r})") from error

    guarded.__name__, guarded.__doc__ = function.__name__, function.__doc__
    return guarded


_kept: OrderedDict = OrderedDict()
_kept_lock = threading.Lock()


def _remembered(key: tuple, compute):
    """``compute()``, or what it gave for the same key before (the most recent
    ``SEARCH_KEPT_RESULTS`` are kept: each a page of ids and its counts, a few KB)."""
    limit = settings.SEARCH_KEPT_RESULTS
    if not limit:
        return compute()
    with _kept_lock:
        if key in _kept:
            _kept.move_to_end(key)
            return _kept[key]
    value = compute()
    with _kept_lock:
        _kept[key] = value
        while len(_kept) > limit:
            _kept.popitem(last=False)
    return value


def _fresh_counts(facets: dict[str, Counter], years: Counter, months: Counter):
    """Copies, so that a caller changing its counts does not change the kept ones."""
    return {name: Counter(counts) for name, counts in facets.items()}, Counter(years), Counter(months)


@_guarded
def run(compiled: Compiled, *, page: int = 1, per_page: int = 20, sort: str = "relevance") -> Hits:
    view = reader()
    key = ("run", view.path, view.generation, repr(compiled.required), repr(compiled.ranked), page, per_page, sort)
    hits = _remembered(key, lambda: _run(view, compiled, page, per_page, sort))
    facets, years, months = _fresh_counts(hits.facets, hits.years, hits.months)
    return replace(hits, ids=list(hits.ids), scores=list(hits.scores), facets=facets, years=years, months=months)


def _run(view, compiled: Compiled, page: int, per_page: int, sort: str) -> Hits:
    if xapian_selected():
        count, ids, scores, (facets, years, months) = xapian_index.search(
            view, compiled.required, compiled.ranked, page=page, per_page=per_page, sort=sort
        )
        return Hits(count=count, ids=ids, scores=scores, facets=facets, years=years, months=months)
    whoosh_searcher = view.searcher
    docnums = list(whoosh_searcher.docs_for_query(compiled.required))
    ids, scores = [], []
    # Whoosh answers a page past the end with the last page; past the end is empty.
    if (page - 1) * per_page < len(docnums):
        # The top of the ranking down to this page, then the page: Whoosh's
        # search_page would also count every match again, which is known here.
        if sort == "date":
            results = whoosh_searcher.search(
                compiled.required, limit=page * per_page, sortedby="published", reverse=True, terms=False
            )
        else:
            results = whoosh_searcher.search(compiled.ranked, limit=page * per_page, terms=False)
        for hit in results[(page - 1) * per_page : page * per_page]:
            ids.append(int(hit["django_id"]))
            scores.append(round(hit.score or 0.0, 3))
    facets, years, months = count_facets(view, docnums)
    return Hits(count=len(docnums), ids=ids, scores=scores, facets=facets, years=years, months=months)


def _columns(view: _View) -> dict[str, list]:
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


def count_facets(view: _View, docnums: list[int]) -> tuple[dict[str, Counter], Counter, Counter]:
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


# --- "did you mean" ------------------------------------------------------------


@_guarded
def corrected_words(words: list[str], limit: int) -> dict[str, str]:
    """Typed words the index has never seen -> the closest syllable it has
    (fewest edits, then most frequent). Words it knows are left alone, and
    only the first ``limit`` unknown words are looked up: each costs a walk
    of the index's word list, a known one only a look-up."""
    if xapian_selected():
        return xapian_index.corrected_words(_xapian_view(), words, limit)
    reader = searcher().searcher.reader()
    corrector = reader.corrector("text")
    corrections = {}
    for word in unknown_words(words, lambda term: reader.doc_frequency("text", term) > 0, limit):
        suggestions = corrector.suggest(syllables(word)[0], limit=1, maxdist=2, prefix=1)
        if suggestions:
            corrections[word] = suggestions[0]
    return corrections


@_guarded
def facet_counts(compiled: Compiled) -> tuple[dict[str, Counter], Counter, Counter]:
    """Facet counts over everything a query matches (for a facet counted
    without its own selection)."""
    view = reader()
    key = ("facets", view.path, view.generation, repr(compiled.required))
    if xapian_selected():
        counted = _remembered(key, lambda: xapian_index.facet_counts(view, compiled.required))
    else:
        counted = _remembered(key, lambda: count_facets(view, list(view.searcher.docs_for_query(compiled.required))))
    return _fresh_counts(*counted)
