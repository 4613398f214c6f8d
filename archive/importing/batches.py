"""Import runs: ``import_pages``, what ``manage.py import_pages`` calls,
imports page files, containers of pages and folders of them as one recorded
batch (an ``ImportBatch``).

Pages are read lazily, a chunk at a time, and stored by
``archive.importing.store``; extraction is pure and runs in worker processes
on large imports, while the chunk before is stored, and the database is
written only by the importing process. Each chunk commits with the batch's
record of it, so the record of an import killed midway says what it stored.
Also here: batches whose process is gone (interrupted), ``purge_batch`` (what
the admin's action calls), and the texts of errors and notes a batch counts
but does not list.
"""

import itertools
import logging
import multiprocessing
import os
import socket
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from archive import extract, html_pages
from archive.child_processes import die_with_parent
from archive.importing.prepare import PreparedPage, prepare_page
from archive.importing.sources import HTML, SourcePage, SourceProblem, collect_files, read_sources
from archive.importing.store import CREATED, DUPLICATE, FAILED, UNCHANGED, UPDATED, Chunk, PageOutcome, Store
from archive.models import ImportBatch
from archive.signals import bulk_changes

logger = logging.getLogger(__name__)

SKIPPED = "skipped"  # a file in a folder that is not a page; noted, not counted
CHUNK = 100
# Errors and notes listed on a batch record; the rest are only counted
# (ImportBatch.more_errors, more_notes). A thousand is more than anyone reads
# and keeps the record, and its admin page, under a megabyte whatever the
# input holds. The command prints each as it happens.
MAX_ERRORS = 1000
MAX_NOTES = 1000
POOL_THRESHOLD = 40  # pages to extract before worker processes pay for themselves
HOST = socket.gethostname()

ProgressCallback = Callable[[int, int | None, PageOutcome], None]


class BatchRecord:
    """What an import has done so far, as its batch record keeps it: counts in
    full, the first MAX_ERRORS errors and MAX_NOTES notes, and how many more
    there were. Written with each chunk, in the chunk's transaction, so the
    record of an import killed midway says what it stored."""

    def __init__(self, batch: ImportBatch) -> None:
        self.batch = batch
        self.counts: Counter[str] = Counter()
        self.near_duplicates = 0
        self.lists_changed = False

    def add(self, outcome: PageOutcome) -> None:
        if outcome.status != SKIPPED:
            self.counts[outcome.status] += 1
        if outcome.status == FAILED:
            self.add_error(outcome.name, outcome.reason, always=outcome.stops_source)
        if outcome.note:
            if len(self.batch.notes) < MAX_NOTES:
                self.batch.notes.append({"path": outcome.name, "note": outcome.note})
                self.lists_changed = True
            else:
                self.batch.more_notes += 1

    def add_error(self, path: str, reason: str, *, always: bool = False) -> None:
        """List the error while the list has room; a file given up on, or the
        import stopping, is listed whatever the count (one per input file at most)."""
        if len(self.batch.errors) < MAX_ERRORS or always:
            self.batch.errors.append({"path": path, "reason": reason})
            self.lists_changed = True
        else:
            self.batch.more_errors += 1

    def apply(self) -> list[str]:
        """Copy the counts to the batch; the names of the fields to save."""
        batch, counts = self.batch, self.counts
        batch.created_count, batch.updated_count = counts[CREATED], counts[UPDATED]
        batch.unchanged_count, batch.duplicate_count = counts[UNCHANGED], counts[DUPLICATE]
        batch.failed_count, batch.near_duplicate_count = counts[FAILED], self.near_duplicates
        fields = [*COUNT_FIELDS, "more_errors", "more_notes"]
        if self.lists_changed:  # the lists stop changing once full: not rewritten per chunk
            fields += ["errors", "notes"]
            self.lists_changed = False
        return fields

    def save(self) -> None:
        self.batch.save(update_fields=self.apply())


COUNT_FIELDS = [
    "created_count",
    "updated_count",
    "unchanged_count",
    "duplicate_count",
    "failed_count",
    "near_duplicate_count",
]


def import_pages(
    paths: Iterable[Path], *, user=None, progress: ProgressCallback | None = None, workers: int | None = None
) -> ImportBatch:
    """Import page files, containers of pages and folders of them as one recorded batch."""
    paths = list(paths)
    batch = ImportBatch.objects.create(source="\n".join(str(p) for p in paths), user=user, host=HOST, pid=os.getpid())
    _running_here.add(batch.pk)
    record = BatchRecord(batch)
    failures: Counter[str] = Counter()  # by input file, for the reader to give up on one
    importer = _BatchImport(
        batch, workers if workers is not None else settings.IMPORT_WORKERS, record=record, failures=failures
    )
    deferred = bulk_changes()  # the caller drains the search queue once, at the end
    deferred.__enter__()
    status = ImportBatch.Status.FINISHED
    try:
        files, problems, skipped = collect_files(paths)
        # Known ahead only when every file is one page; containers hold any number.
        single_pages = all(path.suffix.lower() in (".txt", ".html", ".htm", ".xhtml") for path in files)
        total = len(skipped) + len(files) + len(problems) if single_pages else None
        for item in skipped:
            record.add(PageOutcome(item.name, SKIPPED, note=item.reason))
        outcomes = itertools.chain(
            (PageOutcome(item.name, SKIPPED, note=item.reason) for item in skipped),
            importer.run(itertools.chain(problems, read_sources(files, failures))),
        )
        for done, outcome in enumerate(outcomes, start=1):
            if progress:
                progress(done, total, outcome)
    except BaseException as error:
        # Stopped (Ctrl-C) or broken: the batch says so; what was committed stays.
        interrupted = isinstance(error, (KeyboardInterrupt, SystemExit))
        status = ImportBatch.Status.INTERRUPTED if interrupted else ImportBatch.Status.FAILED
        record.add_error("", _("import stopped: %(error)s") % {"error": repr(error)}, always=True)
        importer.close(wait=False)  # workers may be mid-chunk; do not wait for them
        raise
    finally:
        _running_here.discard(batch.pk)
        deferred.__exit__(None, None, None)
        importer.close()
        record.near_duplicates = importer.store.near_duplicates
        if status == ImportBatch.Status.FINISHED and (batch.errors or batch.more_errors):
            status = ImportBatch.Status.FAILED
        batch.status, batch.finished_at = status, timezone.now()
        batch.save(update_fields=[*record.apply(), "errors", "notes", "status", "finished_at"])
    return batch


# Batches this process is importing: a batch whose process id is this
# process's but which is not here was left by an earlier process that had
# the same id (a container's importer restarted, say).
_running_here: set[int] = set()


def import_process_gone(batch: ImportBatch) -> bool:
    """Whether a running batch's process has ended without finishing it.
    Only a process on this machine can be checked; one elsewhere is taken to
    be running."""
    if batch.status != ImportBatch.Status.RUNNING or not batch.pid or batch.host != HOST:
        return False
    if batch.pid == os.getpid():
        return batch.pk not in _running_here
    try:
        os.kill(batch.pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # a process of another user has that id
        return False
    return False


def shown_status(batch: ImportBatch) -> str:
    """The batch's status as people should see it: a batch whose process is
    gone is interrupted even before anything marked it so."""
    if import_process_gone(batch):
        return ImportBatch.Status.INTERRUPTED.label
    return batch.get_status_display()


def mark_interrupted_batches() -> list[ImportBatch]:
    """Mark as interrupted the running batches whose process is gone (killed,
    or its machine restarted); they keep the counts of what they stored."""
    interrupted = []
    for batch in ImportBatch.objects.filter(status=ImportBatch.Status.RUNNING, host=HOST):
        if import_process_gone(batch):
            batch.status = ImportBatch.Status.INTERRUPTED
            batch.save(update_fields=["status"])
            interrupted.append(batch)
    return interrupted


def more_errors_text(batch: ImportBatch) -> str:
    """ "and 999,900 more errors", or nothing when every error is listed."""
    if not batch.more_errors:
        return ""
    return ngettext("and %(count)s more error", "and %(count)s more errors", batch.more_errors) % {
        "count": number_format(batch.more_errors, force_grouping=True)
    }


def more_notes_text(batch: ImportBatch) -> str:
    if not batch.more_notes:
        return ""
    return ngettext("and %(count)s more note", "and %(count)s more notes", batch.more_notes) % {
        "count": number_format(batch.more_notes, force_grouping=True)
    }


def purge_batch(batch: ImportBatch) -> int:
    """Remove the articles a batch created; the batch record stays, marked purged.
    Republications of a purged article lose their link, never their text."""
    with transaction.atomic():
        deleted = batch.articles.count()
        # Mentions, document links and fingerprints go with their articles (CASCADE).
        batch.articles.all().delete()
        batch.status = ImportBatch.Status.PURGED
        batch.purged_at = timezone.now()
        batch.purged_count = deleted
        batch.save(update_fields=["status", "purged_at", "purged_count"])
    return deleted


class _BatchImport:
    """A batch's pages, a chunk at a time: extracted (by worker processes when
    there are many), then stored and counted."""

    def __init__(self, batch: ImportBatch, workers: int, *, record: BatchRecord, failures: Counter[str]) -> None:
        self.store = Store(batch)
        self.workers, self.record = workers, record
        # Pages that failed, by the file they came from: the reader gives up
        # on a file with too many (archive.importing.sources.MAX_SOURCE_ERRORS).
        self.failures = failures
        self.pool = None

    def close(self, *, wait: bool = True) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=wait, cancel_futures=True)
            self.pool = None

    def run(self, sources: Iterator[SourcePage | SourceProblem]) -> Iterator[PageOutcome]:
        # Pipelined: while one chunk is written to the database, the workers
        # already extract the next one.
        pending = None
        for items in _chunks(sources, CHUNK):
            chunk = self.store.plan(items)
            planned = chunk, self._extract(chunk.fresh)
            if pending is not None:
                yield from self._store(*pending)
            pending = planned
        if pending is not None:
            yield from self._store(*pending)

    def _extract(self, fresh: list[SourcePage]) -> Callable[[], list[PreparedPage]]:
        """Start extracting the pages; returns what waits for the results."""
        if len(fresh) >= POOL_THRESHOLD and self.workers > 1 and self.pool is None:
            self.pool = _start_pool(self.workers, html=any(page.format == HTML for page in fresh))
        if self.pool is not None and len(fresh) > 1:
            extracting = self.pool.map(prepare_page, fresh, chunksize=4)

            def results():
                try:
                    return list(extracting)
                except BrokenProcessPool:
                    # A worker died (the out-of-memory killer, a signal): carry
                    # on in this process rather than hang or lose the chunk.
                    logger.warning("An extraction worker died; extracting in the importing process")
                    self.close()
                    self.workers = 1
                    return [prepare_page(page) for page in fresh]

        else:

            def results():
                return [prepare_page(page) for page in fresh]

        return results

    def _store(self, chunk: Chunk, results: Callable[[], list[PreparedPage]]) -> list[PageOutcome]:
        prepared = results()
        with transaction.atomic():  # the chunk and the record of it commit together
            outcomes = self.store.store(chunk, prepared)
            for item, outcome in zip(chunk.items, outcomes, strict=True):
                if not isinstance(item, SourcePage):
                    continue
                if outcome.status == FAILED:
                    self.failures[item.source] += 1
                else:  # only failures in a row give a file up (archive.importing.sources.MAX_SOURCE_ERRORS)
                    self.failures[item.source] = 0
            for outcome in outcomes:
                self.record.add(outcome)
            self.record.near_duplicates = self.store.near_duplicates
            self.record.save()
        return outcomes


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _start_pool(workers: int, *, html: bool):
    """Worker processes for extraction. Forked without an open database
    connection (SQLite connections must not cross a fork); the parent opens a
    fresh one on its next query. Inside a transaction (as in tests) extraction
    stays in this process."""
    if any(connection.in_atomic_block for connection in connections.all()):
        return None
    # Built once here, what each worker would otherwise build for itself.
    extract.prepare()
    if html:
        html_pages.prepare()
    connections.close_all()
    # An executor, not multiprocessing.Pool: it reports a worker that dies
    # (BrokenProcessPool) where a Pool would wait for it forever.
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=die_with_parent,  # killed with the importer, however it ends
        initargs=(os.getpid(),),
    )
