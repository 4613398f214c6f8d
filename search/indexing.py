"""The one way into the search index.

Whoosh allows one writer at a time and fails at once for a second. So a
change never writes the index itself: it adds the article's id to the
``IndexQueue`` table in the same transaction as the change (nothing is lost
if the process dies a moment later), and ``drain()`` brings the index in line
with the database for the queued ids. ``drain()`` is the only code that opens
a writer; it never waits for the lock (whoever holds it drains again before
letting go), so no web request ever waits for another's indexing.

The index lives in ``<ARCHIVE_INDEX_DIR>/index-<time>/`` behind the symlink
``current``. A rebuild writes a new directory beside the live one while
searches go on, then swaps the link in one rename. Each directory records the
last queue row it has applied (``QUEUE_CURSOR``), so edits made during a
rebuild reach both the old and the new index, and a queue row is deleted only
when every index directory in use has it. A cursor moves only up to a row
below which no other row can still appear (``settled_horizon``): on
PostgreSQL, rows become visible in the order their transactions commit, not
the order they were numbered.
"""

import contextlib
import datetime as dt
import fcntl
import functools
import hashlib
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext as _

from archive.signals import in_bulk
from search.analysis import ANALYSIS_VERSION
from search.engines import configured
from search.errors import SearchUnavailable
from search.models import IndexQueue
from search.search_indexes import ArticleIndex, indexable_articles

logger = logging.getLogger(__name__)

CURRENT = "current"  # the symlink to the live index directory
BUILDING = "building"  # the symlink to a directory being rebuilt
CURSOR_FILE = "QUEUE_CURSOR"
REBUILD_LOCK = "REBUILD.lock"  # held by a running rebuild; the kernel releases it if the process dies
VERSION_FILE = "ANALYSIS_VERSION"
BATCH = 200
PARALLEL_FROM = 2_000  # articles; below this, starting processes costs more than it saves
UPDATE_STEP = 200  # queue rows update_all applies between two progress reports
UPDATE_STALL_WAIT = 60.0  # seconds update_all waits for a queue that another process is applying
ON_COMMIT_LIMIT = 50  # rows a request drains after its commit; the rest is left to search_index --watch
QUEUE_LOCK = 0x5155_4555  # PostgreSQL advisory lock key ("QUEU"): see settled_horizon


class IndexUnwritable(SearchUnavailable):
    """Writing the index failed (a full disk, a read-only folder). Nothing is
    lost: the changes stay queued; the message says what to do."""

    def __init__(self, error: OSError):
        self.error = error
        super().__init__(
            _(
                "The search index in %(path)s cannot be written (%(error)s). Nothing is lost: the changes stay "
                "queued. Free space or make the folder writable, then run manage.py search_index --drain "
                "(or let manage.py search_index --watch, if it runs, apply them)."
            )
            % {"path": index_root(), "error": error.strerror or error}
        )


def index_root() -> Path:
    return Path(settings.HAYSTACK_CONNECTIONS["default"]["PATH"])


@functools.cache
def article_index() -> ArticleIndex:
    """haystack's ArticleIndex: what each article's index document holds."""
    return ArticleIndex()


def index_version() -> str:
    """What an index directory must have been built with to be read: the
    analysis (``ANALYSIS_VERSION``), the fields of the index document and the
    engine's own layout (Xapian's slots follow the facet table). A facet
    added, a field's kind changed or slots moved is a new version, which the
    archive refuses until ``search_index --rebuild`` has run, rather than read
    an index laid out otherwise."""
    fields = sorted((name, field.kind, field.field_boost) for name, field in article_index().fields.items())
    layout = repr((fields, configured.engine().layout()))
    return f"{ANALYSIS_VERSION}-{hashlib.blake2b(layout.encode(), digest_size=6).hexdigest()}"


def live_path() -> Path | None:
    link = index_root() / CURRENT
    return Path(os.path.realpath(link)) if link.is_symlink() else None


def building_path() -> Path | None:
    link = index_root() / BUILDING
    return Path(os.path.realpath(link)) if link.is_symlink() else None


def check_index(path: Path) -> None:
    """SearchUnavailable, saying why, unless ``path`` holds an index of the
    configured engine built with today's analysis."""
    if not configured.engine().exists(path):
        raise SearchUnavailable(
            f"no {settings.SEARCH_ENGINE} search index in {path}: run manage.py search_index --rebuild"
        )
    version = path / VERSION_FILE
    if not version.exists() or version.read_text().strip() != index_version():
        raise SearchUnavailable(
            f"the search index in {path} was built differently: run manage.py search_index --rebuild"
        )


def _new_directory() -> Path:
    root = index_root()
    root.mkdir(parents=True, exist_ok=True)
    path = root / f"index-{dt.datetime.now():%Y%m%dT%H%M%S%f}"
    path.mkdir()
    configured.engine().create(path)
    (path / VERSION_FILE).write_text(index_version())
    return path


def _point(link_name: str, target: Path | None) -> None:
    """Point a link at a directory (or remove it) in one rename: readers see the old or the new one."""
    link = index_root() / link_name
    if target is None:
        link.unlink(missing_ok=True)
        return
    temporary = index_root() / f".{link_name}.{os.getpid()}"
    temporary.unlink(missing_ok=True)
    os.symlink(target.name, temporary)
    os.replace(temporary, link)


def ensure_index() -> Path:
    """The live index directory, created empty on first use (a new archive)."""
    path = live_path()
    if path is None:
        path = _new_directory()
        # Rows not settled yet are replayed: every article is queued below anyway.
        _write_cursor(path, settled_horizon() or 0)
        _point(CURRENT, path)
        # Everything already in the database goes in through the queue.
        enqueue_all(drain_now=False)
    return path


# --- the queue ------------------------------------------------------------


def enqueue(article_ids: Iterable[int], *, drain_now: bool = True) -> None:
    """Queue articles whose index entries must follow the database (created,
    changed or deleted), in the caller's transaction; by default the queue is
    drained once that transaction commits."""
    rows = [IndexQueue(article_id=article_id) for article_id in dict.fromkeys(article_ids)]
    if not rows:
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Held until the transaction ends; shared, so queuing transactions never wait for each other.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock_shared(%s)", [QUEUE_LOCK])
        IndexQueue.objects.bulk_create(rows)
    if drain_now and settings.SEARCH_DRAIN_ON_COMMIT and not in_bulk():
        transaction.on_commit(drain_quietly)


def queued() -> int:
    """Articles waiting for the live index."""
    path = live_path()
    return IndexQueue.objects.filter(seq__gt=_read_cursor(path) if path else 0).count()


def enqueue_all(*, drain_now: bool = True) -> int:
    from archive.models import Article

    ids = list(Article.objects.values_list("pk", flat=True))
    for start in range(0, len(ids), 5000):
        enqueue(ids[start : start + 5000], drain_now=drain_now)
    return len(ids)


def _last_queued() -> int:
    return IndexQueue.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def settled_horizon() -> int | None:
    """The last queue row below which no new row can still appear: every row
    up to it is committed or rolled back. None while a transaction that
    queued rows is still open, on PostgreSQL.

    Rows are numbered when inserted but seen when their transaction commits.
    SQLite lets one transaction write at a time, so there they are seen in
    order and the last row is settled. On PostgreSQL row 11 may be seen
    while row 10's transaction is still open, and a cursor moved past 11
    would skip 10 for good. So every transaction that queues rows holds a
    shared advisory lock until it ends (``enqueue``), and the last row is
    read only while the exclusive lock can be had at once, that is while no
    such transaction is open. Never waiting, this neither holds up an edit
    nor deadlocks with one."""
    if connection.vendor != "postgresql":
        return _last_queued()
    with connection.cursor() as cursor:
        if connection.in_atomic_block:
            # In a caller's transaction, a transaction's lock would be held
            # until it ends and keep every edit waiting; a session's lock is
            # let go at once, and on the same connection even behind a pooler.
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [QUEUE_LOCK])
            if not cursor.fetchone()[0]:
                return None
            try:
                return _last_queued()
            finally:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [QUEUE_LOCK])
        # Otherwise a transaction of its own, whose lock ends with it whatever happens.
        with transaction.atomic():
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [QUEUE_LOCK])
            if not cursor.fetchone()[0]:
                return None
            return _last_queued()


def _read_cursor(path: Path) -> int:
    try:
        return int((path / CURSOR_FILE).read_text())
    except (OSError, ValueError):
        return 0


def _write_cursor(path: Path, seq: int) -> None:
    if seq <= _read_cursor(path) and (path / CURSOR_FILE).exists():
        return
    temporary = path / f".{CURSOR_FILE}.{os.getpid()}"
    temporary.write_text(str(seq))
    os.replace(temporary, path / CURSOR_FILE)


def _prune_queue() -> None:
    """Delete the rows every index directory in use has applied.

    The directory being built is read before the live one: a rebuild swaps
    them in that order, so whichever moment this falls on, a directory still
    to take the rows is counted. A building link left by a rebuild that died
    is not in use."""
    building = building_path() if _rebuild_running() else None
    live = live_path()
    cursors = [_read_cursor(path) for path in (building, live) if path is not None]
    if cursors:
        IndexQueue.objects.filter(seq__lte=min(cursors)).delete()


_held_rebuild_lock = None  # the lock file, while this process rebuilds


@contextlib.contextmanager
def _rebuild_lock():
    """Held while this process rebuilds; the kernel lets go of it when the
    process dies, however it dies. The file records who holds it."""
    global _held_rebuild_lock
    index_root().mkdir(parents=True, exist_ok=True)
    path = index_root() / REBUILD_LOCK
    with open(path, "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = path.read_text().strip() or "?"
            raise SearchUnavailable(
                _(
                    "Another rebuild of the search index is running (process %(pid)s): wait for it to end, "
                    "or stop it and run this again."
                )
                % {"pid": holder}
            ) from None
        lock.truncate(0)
        lock.write(str(os.getpid()))
        lock.flush()
        _held_rebuild_lock = lock
        try:
            yield
        finally:
            _held_rebuild_lock = None
            fcntl.flock(lock, fcntl.LOCK_UN)


def _forget_inherited_rebuild_lock() -> None:
    """In a forked process (a rebuild's writers, an import's workers): close
    the rebuild lock's file. flock belongs to the open file, which a fork
    shares, so a child still running after the rebuild died would keep every
    later rebuild out. Closed, never unlocked: that would free the parent's
    lock too."""
    global _held_rebuild_lock
    if _held_rebuild_lock is not None:
        _held_rebuild_lock.close()
        _held_rebuild_lock = None


os.register_at_fork(after_in_child=_forget_inherited_rebuild_lock)


def _rebuild_running() -> bool:
    path = index_root() / REBUILD_LOCK
    if not path.exists():
        return False
    with open(path, "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(lock, fcntl.LOCK_UN)
        return False


# --- writing --------------------------------------------------------------


def documents(articles) -> list[dict]:
    """The index documents of articles, as haystack prepares them (every engine takes them so)."""
    return [article_index().full_prepare(article) for article in articles]


def open_writer(path: Path):
    """A writer on the index in ``path``, or None at once if another process holds its lock."""
    check_index(path)
    return configured.engine().writer(path)


def _apply(writer, article_ids: set[int]) -> None:
    present = list(indexable_articles().filter(pk__in=article_ids))
    for document in documents(present):
        writer.update_document(document)
    for article_id in article_ids - {article.pk for article in present}:
        writer.delete_document(f"archive.article.{article_id}")


def drain(path: Path | None = None, *, batch: int = BATCH, limit: int | None = None) -> int:
    """Bring the index in ``path`` (the live one by default) in line with the
    database for every queued article; returns how many rows were applied.
    Returns at once if another process holds the index's lock: that process
    looks at the queue again before it lets go. With ``limit``, stops after
    about that many rows (a web request does not index a thousand articles
    renamed with their province; ``search_index --watch`` does).
    IndexUnwritable if the index cannot be written (a full disk): what was
    not applied stays queued."""
    try:
        return _drain(path, batch=batch, limit=limit)
    except OSError as error:
        raise IndexUnwritable(error) from error


def _drain(path: Path | None, *, batch: int, limit: int | None) -> int:
    path = path or ensure_index()
    applied = unsettled = 0  # unsettled: the last row applied while the horizon was unknown
    while limit is None or applied < limit:
        horizon = settled_horizon()
        if horizon is None:
            # A queuing transaction is open: apply what is seen, but leave the
            # cursor where it is, since a row numbered below these may still
            # commit. They are applied again once the horizon passes them.
            pending = IndexQueue.objects.filter(seq__gt=max(_read_cursor(path), unsettled))
        else:
            pending = IndexQueue.objects.filter(seq__gt=_read_cursor(path), seq__lte=horizon)
        if not pending.exists():
            break
        writer = open_writer(path)
        if writer is None:
            break
        try:
            size = batch if limit is None else max(1, min(batch, limit - applied))
            rows = list(pending.filter(seq__gt=_read_cursor(path)).order_by("seq")[:size])
            if rows:
                _apply(writer, {row.article_id for row in rows})
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        if rows:
            applied += len(rows)
            if horizon is None:
                unsettled = rows[-1].seq
            else:
                _write_cursor(path, rows[-1].seq)
    _prune_queue()
    return applied


def drain_quietly() -> None:
    """Drain after a commit; a failure is logged, never shown to the person
    who saved (the change is safe in the database and stays queued)."""
    try:
        drain(limit=ON_COMMIT_LIMIT)
    except Exception:
        logger.exception("The search index could not be updated; the changes stay queued")


@dataclass
class RebuildReport:
    path: Path
    articles: int
    replayed: int
    removed: list[Path] = field(default_factory=list)


def rebuild(progress: Callable[[int, int], None] | None = None, *, workers: int | None = None) -> RebuildReport:
    """Build a new index beside the live one from the database, bring it up
    to date with the queue, and swap it in; searches go on meanwhile.
    ``workers``: processes writing it (``ARCHIVE_INDEX_WORKERS`` by default)."""
    with _rebuild_lock():
        return _rebuild(progress, settings.INDEX_WORKERS if workers is None else max(1, workers))


def _new_directory_at_the_queue() -> Path:
    """A new, empty index directory whose cursor stands where the queue
    stands: the database as read from now on includes every row up to the
    horizon. With none (a queuing transaction is open), the live index's
    cursor is also settled: the rows after it are replayed, which changes
    nothing twice."""
    path = _new_directory()
    horizon = settled_horizon()
    live = live_path()
    _write_cursor(path, horizon if horizon is not None else (_read_cursor(live) if live else 0))
    return path


def _rebuild(progress: Callable[[int, int], None] | None, workers: int) -> RebuildReport:
    stale = building_path()
    if stale is not None and stale != live_path():  # left by a rebuild that died
        shutil.rmtree(stale, ignore_errors=True)
    path = _new_directory_at_the_queue()
    _point(BUILDING, path)
    try:
        ids = list(indexable_articles().values_list("pk", flat=True).order_by("pk"))
        batches = (
            documents(indexable_articles().filter(pk__in=ids[start : start + BATCH]))
            for start in range(0, len(ids), BATCH)
        )
        configured.engine().build(
            path,
            batches,
            workers=workers if len(ids) >= PARALLEL_FROM else 1,
            progress=(lambda done: progress(done, len(ids))) if progress else None,
        )
        replayed = drain(path)
        old = live_path()
        _point(CURRENT, path)
    except BaseException:
        _point(BUILDING, None)
        shutil.rmtree(path, ignore_errors=True)
        raise
    _point(BUILDING, None)
    drain(path)  # what came in between the replay and the swap
    removed = _remove_old_directories(keep={path, old})
    return RebuildReport(path=path, articles=len(ids), replayed=replayed, removed=removed)


@dataclass
class ClearReport:
    path: Path  # the empty index now in use
    removed: list[Path] = field(default_factory=list)  # index directories deleted


def clear() -> ClearReport:
    """Swap an empty index in for the live one, as a rebuild swaps its new
    one in: searches find nothing from then on, without a moment where they
    fail. Its cursor stands where the queue stands (as a rebuild's does), so
    the changes queued before are not applied to it and those made after are:
    the drains, ``search_index --check`` (every article missing) and
    ``--repair`` treat it as any index. The previous directory is kept for a
    searcher still reading it, as after a rebuild. Refused while a rebuild
    runs (SearchUnavailable, naming it), since that rebuild would swap its own
    index in afterwards."""
    with _rebuild_lock():
        live = live_path()
        path = _new_directory_at_the_queue()
        try:
            _point(CURRENT, path)
        except BaseException:
            shutil.rmtree(path, ignore_errors=True)
            raise
        removed = _remove_old_directories(keep={path, live})
    return ClearReport(path=path, removed=removed)


def _remove_old_directories(keep: set[Path | None]) -> list[Path]:
    """Index directories no link points to any more, except the previous
    one (a searcher opened on it a moment ago may still be reading)."""
    removed = []
    for path in index_root().glob("index-*"):
        if path.is_dir() and path.resolve() not in {p.resolve() for p in keep if p is not None}:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


# --- agreement between database and index ------------------------------------


@dataclass
class Drift:
    missing: list[int]  # in the database, not in the index
    extra: list[int]  # in the index, no longer in the database
    stale: list[int]  # in both, but the index has an older version

    @property
    def total(self) -> int:
        return len(self.missing) + len(self.extra) + len(self.stale)


def drift() -> Drift:
    """Compare what the database gives for every article with what the index
    holds (a digest of every indexed value). Prepares every article, so it
    takes about as long as a rebuild's reading: a maintenance command."""
    indexed = indexed_versions(ensure_index())
    in_database: dict[int, int] = {}
    ids = list(indexable_articles().order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        for document in documents(indexable_articles().filter(pk__in=ids[start : start + BATCH])):
            in_database[int(document["django_id"])] = document["version"]
    return Drift(
        missing=sorted(set(in_database) - set(indexed)),
        extra=sorted(set(indexed) - set(in_database)),
        stale=sorted(pk for pk in set(in_database) & set(indexed) if in_database[pk] != indexed[pk]),
    )


def indexed_versions(path: Path) -> dict[int, int]:
    """Article id -> the version digest the index in ``path`` holds for it."""
    check_index(path)
    return configured.engine().indexed_versions(path)


def repair(wait: float = 60.0) -> Drift:
    """Queue every article the index has wrong, and see them applied: here,
    or by the process that holds the index's lock (search_index --watch),
    waited for up to ``wait`` seconds, so that a check right after agrees."""
    found = drift()
    enqueue(found.missing + found.extra + found.stale, drain_now=False)
    deadline = time.monotonic() + wait
    drain()
    while queued() and time.monotonic() < deadline:
        time.sleep(0.1)
        drain()
    return found


@dataclass
class UpdateReport:
    articles: int  # articles of the database queued
    removed: int  # entries of articles the database no longer has, queued to be removed
    left: int  # rows still queued when it stopped waiting (applied later by search_index --watch or --drain)


def update_all(
    progress: Callable[[int, int], None] | None = None, *, batch: int | None = None, wait: float | None = None
) -> UpdateReport:
    """Queue every article, and every index entry of an article the database
    no longer has (removed when drained), then drain the queue, reporting
    ``progress(done, total)``. If another process holds the index's lock (a
    web request's drain, ``search_index --watch``), that process applies the
    rows: this waits for the queue to shrink, and gives up after ``wait``
    seconds without progress (``UPDATE_STALL_WAIT``), leaving the rest queued."""
    from archive.models import Article

    wait = UPDATE_STALL_WAIT if wait is None else wait
    live = live_path()
    gone: list[int] = []
    if live is not None:
        in_database = set(Article.objects.values_list("pk", flat=True))
        gone = sorted(set(indexed_versions(live)) - in_database)
    articles = enqueue_all(drain_now=False)
    enqueue(gone, drain_now=False)
    total = articles + len(gone)
    step = batch or UPDATE_STEP
    sizes = {"batch": batch} if batch else {}
    left = queued()
    last_seen, last_change = left, time.monotonic()
    while True:
        applied = drain(limit=step, **sizes)
        left = queued()
        if progress:
            progress(total - min(left, total), total)
        if not left:
            break
        now = time.monotonic()
        if left < last_seen:
            last_seen, last_change = left, now
        elif now - last_change > wait:
            break
        if not applied:
            time.sleep(0.1)  # another process holds the index: it applies the rows
    return UpdateReport(articles=articles, removed=len(gone), left=left)
