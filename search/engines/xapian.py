"""The Xapian engine (ARCHIVE_SEARCH_ENGINE=xapian): writing and reading.

The documents are the ones haystack prepares (``search_indexes``), and
their terms come from the same views of the text (``search/analysis.py``), so
the two engines hold the same terms and answer the same queries. A query is
compiled once, by ``search.compiling``, into the archive's query tree
(``search.tree``); this module translates it into Xapian's.

Layout of a document:

- terms, each view under a prefix: ``F`` folded syllables, ``E`` exact
  syllables, ``P`` folded pairs, ``A`` abbreviations, ``T`` title syllables,
  with their frequencies (no positions: phrases are pair look-ups);
- every whole-value field of the index (``search/fields.py``: facets,
  kinds of organ, years) as boolean terms, ``X`` + its name in capitals +
  ``:`` + the value (``XPROVINCE:kien-giang``), and ``Q`` + haystack's id,
  the key for updates;
- value slots for sorting by date, the version digest (``search_index
  --check``) and facet counts, in the order of the facet table
  (``search/facets.py``); a multi-valued facet has a slot per position for
  its first values and one slot for the rest joined, because counting a slot
  costs per match and per distinct value.

Facet counts use Xapian's ValueCountMatchSpy over every match. When a query
matches more than half the archive, the documents it does not match are
counted instead and taken from the whole archive's counts (kept per
revision), so the cost is that of the smaller side.

Readers are one ``xapian.Database`` per thread (they are not thread-safe,
``search.reader`` keeps them), reopened when the index has a new revision.
The one writer is ``search.indexing``; Xapian's own lock makes a second
writer fail at once.
"""

import functools
import logging
import os
import shutil
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

import xapian

from search import fields, tree
from search.analysis import syllables, unknown_words, words
from search.errors import SearchUnavailable
from search.facets import FACETS
from search.processes import write_in_processes

logger = logging.getLogger(__name__)

DATABASE = "xapian"  # the Xapian database's directory inside an index directory

TEXT_PREFIXES = {"text": "F", "text_exact": "E", "text_pairs": "P", "text_abbreviations": "A", "title": "T"}
ID_PREFIX = "Q"
NOT_INDEXED = {"id", "django_ct", "django_id", "published", "version"}  # kept as data or values

SLOT_PUBLISHED = 0  # sortable_serialise(yyyymmdd)
SLOT_VERSION = 1
SLOT_MONTH = 2  # "yyyymm"; "yyyy00" for a date known only to its year
# A multi-valued facet's first values each have a slot of their own (counting
# a slot costs per match and per distinct value): as many as most articles
# have (congresses mentioned, authors), more for documents cited.
POSITIONS = {"document": 3}
DEFAULT_POSITIONS = 2
JOINED = "\x1f"
MAX_TERM_BYTES = 240  # Xapian refuses terms over 245 bytes


def _facet_slots() -> tuple[dict[str, int], dict[str, tuple[int, int]]]:
    """Slots of the facets, in the facet table's order from slot 3: one for a
    single value; for several, one per position and one for the rest joined."""
    single: dict[str, int] = {}
    multi: dict[str, tuple[int, int]] = {}
    slot = 3
    for facet in FACETS:
        if facet.multi:
            positions = POSITIONS.get(facet.field, DEFAULT_POSITIONS)
            multi[facet.field] = (slot, positions)
            slot += positions + 1
        else:
            single[facet.field] = slot
            slot += 1
    return single, multi


SINGLE_SLOTS, MULTI_SLOTS = _facet_slots()  # field: slot; field: (first slot, positions)


def layout() -> str:
    """The layout beyond the fields: prefixes and value slots (a facet added
    or moved in the table moves the slots after it)."""
    return repr(("xapian", TEXT_PREFIXES, sorted(filter_prefixes().items()), SINGLE_SLOTS, MULTI_SLOTS))


def database_path(index_directory: Path) -> Path:
    return index_directory / DATABASE


def exists(index_directory: Path) -> bool:
    return (database_path(index_directory) / "iamglass").exists()


def create(index_directory: Path) -> None:
    xapian.WritableDatabase(str(database_path(index_directory)), xapian.DB_CREATE).close()


def open_database(index_directory: Path) -> xapian.Database:
    try:
        return xapian.Database(str(database_path(index_directory)))
    except xapian.Error as error:
        raise SearchUnavailable(
            f"the search index in {index_directory} cannot be read ({type(error).__name__}: {error.get_msg()}): "
            "run manage.py search_index --rebuild"
        ) from error


# --- documents ---------------------------------------------------------------


@cache
def _index_fields() -> dict:
    from search.search_indexes import ArticleIndex

    return ArticleIndex().fields


@cache
def filter_prefixes() -> dict[str, str]:
    """The prefix of each whole-value field's boolean terms: "X" + its name in capitals + ":"."""
    kinds = (fields.FACET_VALUE, fields.FACET_VALUES)
    return {name: f"X{name.upper()}:" for name, field in _index_fields().items() if field.kind in kinds}


@cache
def _analyzers() -> dict[str, Callable[[str], list[str]]]:
    """Each text field's terms, by the view of the text its kind names (search.analysis)."""
    index_fields = _index_fields()
    unmapped = set(index_fields) - set(TEXT_PREFIXES) - set(filter_prefixes()) - NOT_INDEXED
    if unmapped:
        raise RuntimeError(f"search fields with no place in the Xapian layout: {sorted(unmapped)}")
    return {name: functools.partial(words, index_fields[name].kind) for name in TEXT_PREFIXES}


@cache
def field_boost(name: str) -> float:
    return _index_fields()[name].field_boost


def make_document(document: dict) -> tuple[str, xapian.Document]:
    """(unique id term, Xapian document) of a prepared index document."""
    xdoc = xapian.Document()
    for name, analyze in _analyzers().items():
        text = document.get(name)
        if not text:
            continue
        prefix = TEXT_PREFIXES[name]
        for word, frequency in Counter(analyze(text)).items():
            term = prefix + word
            if len(term.encode()) <= MAX_TERM_BYTES:
                xdoc.add_term(term, frequency)
    for name, prefix in filter_prefixes().items():
        for value in _values(document.get(name)):
            term = prefix + value
            if len(term.encode()) <= MAX_TERM_BYTES:
                xdoc.add_boolean_term(term)
    published = int(document.get("published") or 0)
    xdoc.add_value(SLOT_PUBLISHED, xapian.sortable_serialise(published))
    if published:
        xdoc.add_value(SLOT_MONTH, str(published // 100))
    xdoc.add_value(SLOT_VERSION, str(document["version"]))
    for name, slot in SINGLE_SLOTS.items():
        if document.get(name):
            xdoc.add_value(slot, str(document[name]))
    for name, (first, positions) in MULTI_SLOTS.items():
        values = _values(document.get(name))
        for position, value in enumerate(values[:positions]):
            xdoc.add_value(first + position, value)
        if len(values) > positions:
            xdoc.add_value(first + positions, JOINED.join(values[positions:]))
    unique = ID_PREFIX + document["id"]
    xdoc.add_boolean_term(unique)
    xdoc.set_data(str(document["django_id"]))
    return unique, xdoc


def _values(value) -> list[str]:
    if not value:
        return []
    if isinstance(value, (list, tuple)):
        return [str(item) for item in value if item]
    return [str(value)]


# --- writing -----------------------------------------------------------------


class Writer:
    """Changes to a database, committed together or not at all."""

    def __init__(self, index_directory: Path):
        # DatabaseLockError at once if another process is writing.
        self.database = xapian.WritableDatabase(str(database_path(index_directory)), xapian.DB_OPEN)
        self.database.begin_transaction(False)

    def update_document(self, document: dict) -> None:
        unique, xdoc = make_document(document)
        self.database.replace_document(unique, xdoc)

    def delete_document(self, unique_id: str) -> None:
        self.database.delete_document(ID_PREFIX + unique_id)

    def commit(self) -> None:
        self.database.commit_transaction()
        self.database.close()

    def cancel(self) -> None:
        self.database.cancel_transaction()
        self.database.close()


def writer(index_directory: Path) -> Writer | None:
    """A writer, or None while another process holds the lock."""
    try:
        return Writer(index_directory)
    except xapian.DatabaseLockError:
        return None


def build(
    index_directory: Path,
    batches: Iterable[list[dict]],
    *,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Fill the empty database of a new index directory with every document
    of ``batches``; returns how many were added.

    Each of ``workers`` forked processes writes its own database from the
    batches sent to it; they are then compacted into one, which replaces the
    empty one. Nothing else writes a directory being rebuilt (searches and
    edits use the live one until the swap), so the replacement needs no lock."""
    shards = [index_directory / f"shard-{number}" for number in range(max(1, workers))]
    try:
        if len(shards) == 1:
            added = _write_shard(shards[0], batches, progress)
        else:
            _results, added = write_in_processes(
                batches, len(shards), lambda number, received: _write_shard(shards[number], received, None), progress
            )
        combined = xapian.Database()
        for shard in shards:
            combined.add_database(xapian.Database(str(shard)))
        compacted = index_directory / f"{DATABASE}.new"
        combined.compact(str(compacted))
        combined.close()
        shutil.rmtree(database_path(index_directory))
        os.rename(compacted, database_path(index_directory))
    finally:
        for shard in shards:
            shutil.rmtree(shard, ignore_errors=True)
    return added


def _write_shard(shard: Path, batches: Iterable[list[dict]], progress: Callable[[int], None] | None) -> int:
    database = xapian.WritableDatabase(str(shard), xapian.DB_CREATE_OR_OVERWRITE)
    added = 0
    try:
        for batch in batches:
            for document in batch:
                database.add_document(make_document(document)[1])  # a new database: no id to replace
            added += len(batch)
            if progress:
                progress(added)
        database.commit()
    finally:
        database.close()
    return added


def indexed_versions(index_directory: Path) -> dict[int, int]:
    """Article id -> version digest of every document in the database."""
    database = open_database(index_directory)
    versions = {}
    for posting in database.postlist(""):
        xdoc = database.get_document(posting.docid)
        versions[int(xdoc.get_data())] = int(xdoc.get_value(SLOT_VERSION))
    database.close()
    return versions


# --- reading -----------------------------------------------------------------

# (index directory, revision) -> facet counts of every document, computed once.
_whole_counts: dict[tuple[Path, int], tuple] = {}
_whole_lock = threading.Lock()


class View:
    """A thread's reader of an index directory."""

    def __init__(self, path: Path):
        self.path = path
        self.database = open_database(path)
        self.generation = self.database.get_revision()

    def refreshed(self) -> bool:
        """Reopen at the newest revision; False when it cannot be read."""
        try:
            self.database.reopen()
        except xapian.Error:
            return False
        self.generation = self.database.get_revision()
        return True

    def doc_count(self) -> int:
        return self.database.get_doccount()

    def close(self) -> None:
        self.database.close()


def fresh(view: View, path: Path) -> View | None:
    """``view``, reopened at the newest revision, if it reads ``path``; else None."""
    if view.path == path and view.refreshed():
        return view
    return None


def open_view(path: Path) -> View:
    return View(path)  # SearchUnavailable if it cannot be opened


def close_view(view: View) -> None:
    view.close()


def close() -> None:
    with _whole_lock:
        _whole_counts.clear()


def document_count(index_directory: Path | None) -> int:
    if index_directory is None or not exists(index_directory):
        return 0
    database = open_database(index_directory)
    try:
        return database.get_doccount()
    finally:
        database.close()


def translate(node) -> xapian.Query:
    """Xapian's query for a search tree (``search.tree``)."""
    if isinstance(node, tree.Term):
        if node.field in TEXT_PREFIXES:
            term = xapian.Query(TEXT_PREFIXES[node.field] + node.text)
            boost = node.boost * field_boost(node.field)
            return term if boost == 1 else xapian.Query(xapian.Query.OP_SCALE_WEIGHT, term, boost)
        if node.field in filter_prefixes():
            return xapian.Query(filter_prefixes()[node.field] + node.text)  # a boolean term: no weight
        raise ValueError(f"no Xapian terms for the field {node.field!r}")
    if isinstance(node, tree.Everything):
        return xapian.Query.MatchAll
    if isinstance(node, tree.Ranked):
        return xapian.Query(xapian.Query.OP_AND_MAYBE, translate(node.required), translate(node.bonus))
    if isinstance(node, tree.Without):
        return xapian.Query(xapian.Query.OP_AND_NOT, translate(node.positive), translate(node.negative))
    if isinstance(node, (tree.All, tree.Any)):
        operator = xapian.Query.OP_AND if isinstance(node, tree.All) else xapian.Query.OP_OR
        parts = [translate(part) for part in node.parts]
        return parts[0] if len(parts) == 1 else xapian.Query(operator, parts)
    if isinstance(node, tree.DayRange):
        low, high = xapian.sortable_serialise(node.low), xapian.sortable_serialise(node.high)
        return xapian.Query(xapian.Query.OP_VALUE_RANGE, SLOT_PUBLISHED, low, high)
    raise ValueError(f"no Xapian translation for {node!r}")


def _retrying(current: View, function):
    """Xapian asks a reader left behind by two commits to reopen: once, then retry."""
    try:
        return function(current.database)
    except xapian.DatabaseModifiedError:
        current.refreshed()
        return function(current.database)


def search(
    current: View, compiled: tree.Compiled, *, page: int, per_page: int, sort: str
) -> tuple[int, list[int], list[float], tuple]:
    """(count, ids of the page, their scores, (facets, years, months))."""
    required_query = translate(compiled.required)
    counts, count = _retrying(current, lambda database: count_facets(current, database, required_query))
    ids: list[int] = []
    scores: list[float] = []
    if (page - 1) * per_page < count:

        def ranking(database):
            enquire = xapian.Enquire(database)
            if sort == "date":
                enquire.set_query(required_query)
                enquire.set_weighting_scheme(xapian.BoolWeight())
                enquire.set_sort_by_value_then_relevance(SLOT_PUBLISHED, True)
            else:
                enquire.set_query(translate(compiled.ranked))
            matches = enquire.get_mset((page - 1) * per_page, per_page)
            return [(int(match.document.get_data()), match.weight) for match in matches]

        for article_id, weight in _retrying(current, ranking):
            ids.append(article_id)
            scores.append(round(weight, 3))
    return count, ids, scores, counts


def facet_counts(current: View, required: tree.Node) -> tuple:
    required_query = translate(required)
    counts, _count = _retrying(current, lambda database: count_facets(current, database, required_query))
    return counts


def count_facets(current: View, database: xapian.Database, query: xapian.Query) -> tuple[tuple, int]:
    """((facets, years, months), number of matches) of a query, over every match."""
    total = database.get_doccount()
    enquire = xapian.Enquire(database)
    enquire.set_query(query)
    enquire.set_weighting_scheme(xapian.BoolWeight())
    if total and enquire.get_mset(0, 0).get_matches_estimated() > total // 2:
        # The smaller side: what the query does not match, taken from the whole.
        whole, _ = _whole(current, database)
        missed, missed_count = _spied(database, xapian.Query(xapian.Query.OP_AND_NOT, xapian.Query.MatchAll, query))
        return _subtract(whole, missed), total - missed_count
    return _spied(database, query)


def _whole(current: View, database: xapian.Database) -> tuple[tuple, int]:
    key = (current.path, current.generation)
    with _whole_lock:
        found = _whole_counts.get(key)
    if found is None:
        found = _spied(database, xapian.Query.MatchAll)
        with _whole_lock:
            for old in [old for old in _whole_counts if old[0] == current.path]:
                del _whole_counts[old]
            _whole_counts[key] = found
    return found


def _spied(database: xapian.Database, query: xapian.Query) -> tuple[tuple, int]:
    enquire = xapian.Enquire(database)
    enquire.set_query(query)
    enquire.set_weighting_scheme(xapian.BoolWeight())
    spies: dict[int, xapian.ValueCountMatchSpy] = {}
    slots = [SLOT_MONTH, *SINGLE_SLOTS.values()]
    for first, positions in MULTI_SLOTS.values():
        slots += range(first, first + positions + 1)
    for slot in slots:
        spies[slot] = xapian.ValueCountMatchSpy(slot)
        enquire.add_matchspy(spies[slot])
    total = database.get_doccount()
    mset = enquire.get_mset(0, 0, total)  # every match is seen, so the counts are exact
    count = mset.get_matches_estimated()

    def read(slot: int) -> Counter:
        return Counter({item.term.decode(): item.termfreq for item in spies[slot].values()})

    facets: dict[str, Counter] = {name: read(slot) for name, slot in SINGLE_SLOTS.items()}
    for name, (first, positions) in MULTI_SLOTS.items():
        counter = Counter()
        for slot in range(first, first + positions):
            counter.update(read(slot))
        for joined, number in read(first + positions).items():
            for value in joined.split(JOINED):
                counter[value] += number
        facets[name] = counter
    years: Counter = Counter()
    months: Counter = Counter()
    for month, number in read(SLOT_MONTH).items():
        year, month_number = int(month[:4]), int(month[4:])
        years[year] += number
        if month_number:
            months[(year, month_number)] += number
    return (facets, years, months), count


def _subtract(whole: tuple, missed: tuple) -> tuple:
    whole_facets, whole_years, whole_months = whole
    missed_facets, missed_years, missed_months = missed
    facets = {name: whole_facets[name] - missed_facets[name] for name in whole_facets}  # drops zeros
    return facets, whole_years - missed_years, whole_months - missed_months


def corrected_words(current: View, words: list[str], limit: int) -> dict[str, str]:
    """As ``search.reader.corrected_words``: the closest known syllable (at
    most two edits, same first letter), then the most frequent."""
    database = current.database
    corrections = {}
    for word in unknown_words(words, lambda term: database.get_termfreq("F" + term) > 0, limit):
        target = syllables(word)[0]
        best: tuple | None = None
        for item in database.allterms("F" + target[0]):
            known = item.term.decode()[1:]
            if abs(len(known) - len(target)) > 2:
                continue
            distance = _edits(target, known, 2)
            if distance <= 2:
                candidate = (distance, -item.termfreq, known)
                best = candidate if best is None or candidate < best else best
        if best is not None:
            corrections[word] = best[2]
    return corrections


def _edits(a: str, b: str, limit: int) -> int:
    """Edits (insert, delete, replace, swap two neighbours) from a to b, or limit + 1 beyond it."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], previous2[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
        previous2, previous = previous, row
    return previous[-1]
