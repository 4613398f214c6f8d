"""Reading the search index, whichever engine holds it: this thread's reader
of the live index, searches, facet counts, spelling corrections.

Each thread keeps a reader (``view``) of the live index directory from the
configured engine (``search.engines``), and replaces it when the live
directory or its generation changes. If a new index cannot be read, the last
good one keeps answering and one log line says what to run.

Results are kept per process for repeated searches (a page's facets counted
without each selection, the next page, the same link opened twice), keyed by
the index's directory and generation: any change to the index is a new
generation, so a kept result is never stale and nothing needs clearing.
"""

import logging
import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass, replace
from pathlib import Path

from django.conf import settings

from search import tree
from search.engines import configured
from search.errors import SearchUnavailable
from search.indexing import check_index, live_path

logger = logging.getLogger(__name__)

_local = threading.local()


def reader():
    """This thread's reader of the live index, reopened when it changed."""
    engine = configured.engine()
    view = getattr(_local, "view", None)
    path = live_path()
    if path is None:
        raise SearchUnavailable("no search index yet: run manage.py search_index --rebuild")
    try:
        if view is not None:
            kept = engine.fresh(view, path)
            if kept is not None:
                return kept
        check_index(path)
        new = engine.open_view(path)
    except SearchUnavailable as error:
        return _keep_serving(view, path, error)
    except Exception as error:  # a damaged table of contents or segment: struct.error, EOFError, OSError...
        unreadable = SearchUnavailable(
            f"the search index in {path} cannot be read ({error!r}): run manage.py search_index --rebuild"
        )
        return _keep_serving(view, path, unreadable)
    if view is not None:
        engine.close_view(view)
    _local.view = new
    return new


def _keep_serving(view, path: Path, error: SearchUnavailable):
    if getattr(_local, "failed", None) != (path, str(error)):
        _local.failed = (path, str(error))
        logger.error("%s", error)
    if view is None:
        raise error
    return view


def close() -> None:
    """Close this thread's reader (tests, and before an index directory is removed)."""
    engine = configured.engine()
    view = getattr(_local, "view", None)
    if view is not None:
        engine.close_view(view)
        _local.view = None
    engine.close()
    with _kept_lock:
        _kept.clear()  # a directory removed may be made again, at generation 1


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
def run(compiled: tree.Compiled, *, page: int = 1, per_page: int = 20, sort: str = "relevance") -> Hits:
    view = reader()
    key = ("run", view.path, view.generation, compiled, page, per_page, sort)
    hits = _remembered(key, lambda: _run(view, compiled, page, per_page, sort))
    facets, years, months = _fresh_counts(hits.facets, hits.years, hits.months)
    return replace(hits, ids=list(hits.ids), scores=list(hits.scores), facets=facets, years=years, months=months)


def _run(view, compiled: tree.Compiled, page: int, per_page: int, sort: str) -> Hits:
    count, ids, scores, (facets, years, months) = configured.engine().search(
        view, compiled, page=page, per_page=per_page, sort=sort
    )
    return Hits(count=count, ids=ids, scores=scores, facets=facets, years=years, months=months)


@_guarded
def facet_counts(compiled: tree.Compiled) -> tuple[dict[str, Counter], Counter, Counter]:
    """Facet counts over everything a query matches (for a facet counted
    without its own selection)."""
    view = reader()
    key = ("facets", view.path, view.generation, compiled.required)
    counted = _remembered(key, lambda: configured.engine().facet_counts(view, compiled.required))
    return _fresh_counts(*counted)


@_guarded
def corrected_words(words: list[str], limit: int) -> dict[str, str]:
    """Typed words the index has never seen -> the closest syllable it has
    (fewest edits, then most frequent). Words it knows are left alone, and
    only the first ``limit`` unknown words are looked up: each costs a walk
    of the index's word list, a known one only a look-up."""
    return configured.engine().corrected_words(reader(), words, limit)
