"""Importing raw pages: storing articles idempotently, re-extracting, purging.

``import_pages`` is what ``manage.py import_pages`` calls, ``import_page`` what
the admin's "add article from a page" calls, ``reextract_articles`` and
``purge_batch`` what the admin actions call.

A page's identity is its source URL when it has one (a re-crawled page updates
its article) and otherwise its content hash. A page whose exact content is
already in the archive from another source is skipped and counted; one whose
text another article already has (the same article republished by another
site) is stored and linked to that article.

Pages are stored a chunk at a time in one transaction, each page in its own
savepoint, so one bad page is reported and the rest go in. Extraction is pure
and runs in worker processes on large imports; the database is written only by
the importing process.
"""

import hashlib
import itertools
import logging
import multiprocessing
import os
import socket
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, connection, connections, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from archive import extract, html_pages, near_duplicates
from archive.child_processes import die_with_parent
from archive.extract import Extraction, dates, extract_page
from archive.html_pages import HtmlError, read_html
from archive.models import Article, Congress, CongressMention, Document, ImportBatch, NearDuplicateKey, Organ, Province
from archive.signals import articles_changed, bulk_changes
from archive.sources import HTML, TEXT, SourcePage, SourceProblem, collect_files, normalise_url, read_sources
from archive.text import clean_text

logger = logging.getLogger(__name__)

CREATED, UPDATED, UNCHANGED, DUPLICATE, FAILED = "created", "updated", "unchanged", "duplicate", "failed"
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


class PageError(Exception):
    """A page that cannot be imported, with a reason an operator can act on."""


@dataclass(frozen=True)
class PageOutcome:
    name: str
    status: str
    article_id: int | None = None
    reason: str = ""
    note: str = ""  # e.g. the legacy encoding the page was converted from
    stops_source: bool = False  # a failure after which the rest of its file was not read


ProgressCallback = Callable[[int, int | None, PageOutcome], None]


@dataclass
class PreparedPage:
    """What extraction made of a page: computed away from the database."""

    extraction: Extraction | None
    url: str = ""
    band_keys: list[int] = field(default_factory=list)
    error: str = ""


def content_hash(raw: str) -> str:
    """Identity of a page: the same text, whatever its Unicode form, spaces or line ends.

    Stored hashes are compared with new ones, so the text hashed must stay
    what it has always been: the cleaned page with every line stripped."""
    text = "\n".join(map(str.strip, clean_text(raw).split("\n"))).strip()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def extract_source(raw: str, raw_format: str = TEXT, metadata: dict | None = None) -> tuple[Extraction, str]:
    """(extraction, canonical URL) of a raw page of either format. What the
    page's own metadata states (og:title, article:published_time, a JSON Lines
    record's title and date) wins over what its text suggests."""
    metadata = metadata or {}
    url = ""
    if raw_format == HTML:
        try:
            page = read_html(raw)
        except HtmlError as error:
            raise PageError(_("unreadable HTML: %(error)s") % {"error": error}) from None
        extraction = extract_page(page.text)
        url = page.url
        if page.title:
            _set_title(extraction, page.title)
        if page.published:
            same_day = extraction.published == page.published and extraction.published_precision == dates.DAY
            extraction.published, extraction.published_precision = page.published, dates.DAY
            extraction.published_time = page.published_time or (extraction.published_time if same_day else None)
        if page.site_name and not extraction.source_site:
            extraction.source_site = page.site_name
        extraction.removed = page.furniture + extraction.removed
    else:
        extraction = extract_page(raw)
    if metadata.get("title"):
        _set_title(extraction, clean_text(metadata["title"]))
    if metadata.get("published"):
        found = dates.parse_date_line(metadata["published"])
        if found:
            extraction.published, extraction.published_precision = found.date, found.precision
            extraction.published_time = found.time
    return extraction, url


def _set_title(extraction: Extraction, title: str) -> None:
    if extraction.rubric == title:
        extraction.rubric = ""
    extraction.title = title


def prepare_page(page: SourcePage) -> PreparedPage:
    """Extraction and fingerprints of one page; never raises, so a worker
    process always answers."""
    try:
        extraction, url = extract_source(page.raw, page.format, page.metadata)
        if not extraction.title:
            raise PageError(_("no headline found on the page"))
        if not extraction.body:
            raise PageError(_("no article text found below the headline"))
    except PageError as error:
        return PreparedPage(None, error=str(error))
    except Exception as error:  # one broken page must not stop the batch
        logger.exception("Extraction of %s failed", page.name)
        return PreparedPage(None, error=f"{type(error).__name__}: {error}")
    return PreparedPage(
        extraction,
        url=_page_url(page.url, normalise_url(url)),
        band_keys=near_duplicates.band_keys(near_duplicates.shingles(extraction.body)),
    )


def _page_url(fetched: str, canonical: str) -> str:
    """The canonical URL a page names, unless it points to a site's home page
    (a common misconfiguration) while the page was fetched from an article URL."""
    if not canonical:
        return fetched
    if fetched and canonical.rstrip("/").count("/") <= 2 and fetched.rstrip("/").count("/") > 2:
        return fetched
    return canonical


class Lookups:
    """Provinces, organs, congresses and documents, read once per import (each
    table is small next to the articles) and kept for its duration only, so
    nothing goes stale across processes."""

    def __init__(self) -> None:
        self._provinces: dict[str, Province] | None = None
        self._organs: dict[str, int] | None = None
        self._congresses: dict[tuple[str, str, int], Congress] | None = None
        self._documents: dict[str, int] | None = None

    def province(self, slug: str | None) -> Province | None:
        if slug is None:
            return None
        if self._provinces is None:
            self._provinces = {p.slug: p for p in Province.objects.all()}
        return self._provinces.get(slug)

    def organ_id(self, kind: str, province: Province | None) -> int:
        self._load()
        slug = Organ.slug_for(kind, province)
        if slug not in self._organs:
            self._organs[slug] = Organ.for_kind(kind, province).pk
        return self._organs[slug]

    def congress(self, level: str, organisation: str, number: int, province: Province | None, term) -> Congress:
        self._load()
        key = (level, organisation, number)
        congress = self._congresses.get(key)
        if congress is None:
            congress, _created = Congress.objects.get_or_create(
                level=level, organisation=organisation, number=number, defaults={"province": province}
            )
            self._congresses[key] = congress
        if term and congress.term_start is None:
            congress.term_start, congress.term_end = term
            congress.save(update_fields=["term_start", "term_end"])
        return congress

    def create_missing(self, extractions: Iterable[Extraction]) -> None:
        """Create, a few statements for a whole chunk, the organs, congresses
        and documents its pages need that the archive does not have yet."""
        organs: dict[str, Organ] = {}
        congresses: dict[tuple[str, str, int], Congress] = {}
        documents: set[str] = set()
        self._load()
        for extraction in extractions:
            province = self.province(extraction.province.slug if extraction.province else None)
            if extraction.organ_kind:
                slug = Organ.slug_for(extraction.organ_kind, province)
                if slug not in self._organs and slug not in organs:
                    organs[slug] = Organ.build(extraction.organ_kind, province)
            for found in extraction.congresses:
                key = (found.level, found.organisation[:200], found.number)
                if key not in self._congresses and key not in congresses:
                    term = found.term or (None, None)
                    congresses[key] = Congress(
                        level=key[0],
                        organisation=key[1],
                        number=key[2],
                        province=self.province(found.province_slug),
                        term_start=term[0],
                        term_end=term[1],
                    )
            documents.update(number[:60] for number in extraction.documents if number[:60] not in self._documents)
        if organs:
            Organ.objects.bulk_create(organs.values(), ignore_conflicts=True)
            self._organs.update(Organ.objects.filter(slug__in=organs).values_list("slug", "id"))
        if congresses:
            Congress.objects.bulk_create(congresses.values(), ignore_conflicts=True)
            organisations = {key[1] for key in congresses}
            for congress in Congress.objects.filter(organisation__in=organisations):
                self._congresses[(congress.level, congress.organisation, congress.number)] = congress
        if documents:
            Document.objects.bulk_create([Document(number=number) for number in documents], ignore_conflicts=True)
            self._documents.update(Document.objects.filter(number__in=documents).values_list("number", "id"))

    def _load(self) -> None:
        if self._organs is None:
            self._organs = dict(Organ.objects.values_list("slug", "id"))
        if self._congresses is None:
            self._congresses = {(c.level, c.organisation, c.number): c for c in Congress.objects.all()}
        if self._documents is None:
            self._documents = dict(Document.objects.values_list("number", "id"))

    def document_ids(self, numbers: list[str]) -> list[int]:
        self._load()
        missing = [number for number in numbers if number not in self._documents]
        if missing:
            Document.objects.bulk_create([Document(number=number) for number in missing], ignore_conflicts=True)
            self._documents.update(Document.objects.filter(number__in=missing).values_list("number", "id"))
        return [self._documents[number] for number in numbers]


class BandIndex:
    """Near-duplicate band keys for one chunk: those already stored, looked up
    in one query, plus those of the chunk's pages stored so far (by article,
    as a new article has its id only once the chunk's articles are written)."""

    def __init__(self, keys: Iterable[int]) -> None:
        self.articles: dict[int, list[int | Article]] = {}
        for key, article_id in NearDuplicateKey.objects.filter(key__in=set(keys)).values_list("key", "article_id"):
            self.articles.setdefault(key, []).append(article_id)

    def shares(self, keys: list[int]) -> bool:
        return any(key in self.articles for key in keys)

    def candidates(self, keys: list[int]) -> Counter[int]:
        """Articles sharing a band with the keys, by id; call once the chunk's
        new articles are written."""
        found = (entry for key in set(keys) for entry in self.articles.get(key, ()))
        return Counter(entry if isinstance(entry, int) else entry.pk for entry in found)

    def add(self, article: Article, keys: list[int]) -> None:
        for key in set(keys):
            self.articles.setdefault(key, []).append(article)


@dataclass
class PendingRows:
    """New articles and the rows linking them to their documents, congresses
    and near-duplicate keys, written for a whole chunk in four statements.
    Rows name their article by object, as it has an id only once written. A
    page adds its article and rows only once it is stored whole, so a page
    that fails leaves nothing behind."""

    articles: list[Article] = field(default_factory=list)
    documents: list[tuple[Article, int]] = field(default_factory=list)
    mentions: list[tuple[Article, int, str]] = field(default_factory=list)
    keys: list[tuple[Article, int]] = field(default_factory=list)

    def extend(self, other: "PendingRows") -> None:
        self.articles += other.articles
        self.documents += other.documents
        self.mentions += other.mentions
        self.keys += other.keys

    def write(self) -> list[tuple[Article, IntegrityError]]:
        """Insert everything; returns the new articles that could not be
        inserted (another import stored the same page or URL a moment ago),
        whose rows are dropped."""
        lost: list[tuple[Article, IntegrityError]] = []
        if self.articles:
            for article in self.articles:
                article.normalise_text()
            try:
                with transaction.atomic():
                    Article.objects.bulk_create(self.articles)
            except IntegrityError:
                for article in self.articles:  # one at a time, to know which
                    try:
                        with transaction.atomic():
                            article.save(force_insert=True)
                    except IntegrityError as error:
                        lost.append((article, error))
        # Plain INSERTs: thousands of model instances per chunk would cost more
        # than everything else the importer does with the database.
        tables = [
            (Article.documents.through, ("article", "document"), self.documents),
            (CongressMention, ("article", "congress", "surface"), self.mentions),
            (NearDuplicateKey, ("article", "key"), self.keys),
        ]
        with connection.cursor() as cursor:
            for model, fields, rows in tables:
                values = [(article.pk, *rest) for article, *rest in rows if article.pk is not None]
                if values:
                    columns = ", ".join(connection.ops.quote_name(model._meta.get_field(f).column) for f in fields)
                    placeholders = ", ".join(["%s"] * len(fields))
                    table = connection.ops.quote_name(model._meta.db_table)
                    cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", values)
        self.articles, self.documents, self.mentions, self.keys = [], [], [], []
        return lost


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
    importer = _Importer(
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
        record.near_duplicates = importer.near_duplicates
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


class _Importer:
    def __init__(
        self,
        batch: ImportBatch | None,
        workers: int,
        *,
        record: BatchRecord | None = None,
        failures: Counter[str] | None = None,
    ) -> None:
        self.batch, self.workers, self.record = batch, workers, record
        # Pages that failed, by the file they came from: the reader gives up
        # on a file with too many (archive.sources.MAX_SOURCE_ERRORS).
        self.failures = Counter() if failures is None else failures
        self.lookups = Lookups()
        self.pool = None
        # Content hash -> id of the article stored for it in this import, or
        # the article itself until it is written (ids only: an import may hold
        # a million pages).
        self.seen: dict[str, int | Article] = {}
        self.lost: dict[int, IntegrityError] = {}  # new articles (by id()) another import got in first
        self.near_duplicates = 0
        self.by_url: dict[str, Article] = {}  # articles with the source URLs of the chunk being stored
        self.band_index = BandIndex(())  # near-duplicate keys of the chunk being stored
        self.pending = PendingRows()  # the chunk's new articles and their link rows, not yet written

    def close(self, *, wait: bool = True) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=wait, cancel_futures=True)
            self.pool = None

    def run(self, sources: Iterator[SourcePage | SourceProblem]) -> Iterator[PageOutcome]:
        # Pipelined: while one chunk is written to the database, the workers
        # already extract the next one.
        pending = None
        for chunk in _chunks(sources, CHUNK):
            planned = self._plan(chunk)
            if pending is not None:
                yield from self._store_chunk(*pending)
            pending = planned
        if pending is not None:
            yield from self._store_chunk(*pending)

    def _plan(self, chunk: list[SourcePage | SourceProblem]):
        """Hash the chunk's pages, find those already stored, and start
        extracting the others. Returns what ``_store_chunk`` needs."""
        pages = [item for item in chunk if isinstance(item, SourcePage)]
        hashes = {id(page): content_hash(page.raw) for page in pages}
        known = {
            row[0]: row[1:]
            for row in Article.objects.filter(content_hash__in=set(hashes.values())).values_list(
                "content_hash", "id", "source_url", "source_name"
            )
        }
        fresh = [page for page in pages if hashes[id(page)] not in known and hashes[id(page)] not in self.seen]
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

        return chunk, hashes, known, fresh, results

    def _store_chunk(self, chunk, hashes, known, fresh, results) -> list[PageOutcome]:
        prepared = dict(zip(map(id, fresh), results(), strict=True))
        urls = {prepared[id(page)].url or page.url for page in fresh} - {""}
        self.by_url = {a.source_url: a for a in Article.objects.filter(source_url__in=urls)} if urls else {}
        self.band_index = BandIndex(key for page in fresh for key in prepared[id(page)].band_keys)
        stored: list[tuple[PageOutcome, Article | None]] = []
        with transaction.atomic():
            self.lookups.create_missing(p.extraction for p in prepared.values() if p.extraction is not None)
            for item in chunk:
                if isinstance(item, SourceProblem):
                    outcome = PageOutcome(item.name, FAILED, reason=item.reason, stops_source=item.stops_source)
                    stored.append((outcome, None))
                    continue
                key = hashes[id(item)]
                if key in known or key in self.seen:
                    stored.append((self._known(item, key, known), None))
                    continue
                stored.append(self._store(item, key, prepared[id(item)]))
            self._flush()
            # Bulk inserts send no model signals: the chunk's articles are told here (the search index queues them).
            articles_changed.send(
                Article,
                ids=[article.pk for outcome, article in stored if article is not None and article.pk is not None],
            )
            outcomes = [self._settled(outcome, article) for outcome, article in stored]
            for item, outcome in zip(chunk, outcomes, strict=True):
                if not isinstance(item, SourcePage):
                    continue
                if outcome.status == FAILED:
                    self.failures[item.source] += 1
                else:  # only failures in a row give a file up (archive.sources.MAX_SOURCE_ERRORS)
                    self.failures[item.source] = 0
            if self.record is not None:
                for outcome in outcomes:
                    self.record.add(outcome)
                self.record.near_duplicates = self.near_duplicates
                self.record.save()
        return outcomes

    def _flush(self) -> None:
        """Insert the new articles collected so far, with their link rows:
        before anything reads them back, and at the end of each chunk."""
        written = self.pending.articles
        for article, error in self.pending.write():
            self.lost[id(article)] = error
        for article in written:
            if self.seen.get(article.content_hash) is article:
                if article.pk is None:
                    del self.seen[article.content_hash]
                else:
                    self.seen[article.content_hash] = article.pk

    def _settled(self, outcome: PageOutcome, article: Article | None) -> PageOutcome:
        """A page's outcome once its chunk is written: a new article has its id."""
        if article is None or outcome.article_id is not None:
            return outcome
        error = self.lost.pop(id(article), None)
        if error is not None:
            return self._stored_elsewhere(outcome.name, article.content_hash, error)
        return replace(outcome, article_id=article.pk)

    def _stored_elsewhere(self, name: str, key: str, error: IntegrityError) -> PageOutcome:
        """The outcome of a page whose insert broke a unique constraint."""
        existing = Article.objects.filter(content_hash=key).values_list("id", flat=True).first()
        if existing is None:  # not a page stored concurrently a moment ago: a real error
            logger.error("Import of %s failed: %s", name, error)
            return PageOutcome(name, FAILED, reason=f"IntegrityError: {error}")
        return PageOutcome(name, DUPLICATE, existing)

    def _known(self, page: SourcePage, key: str, known: dict) -> PageOutcome:
        if key in self.seen:
            article = self.seen[key]
            if isinstance(article, Article):  # stored earlier in this chunk and not written yet
                self._flush()
                if article.pk is None:  # another import got the same page in first
                    return self._stored_elsewhere(page.name, key, self.lost[id(article)])
                article = article.pk
            return PageOutcome(page.name, DUPLICATE, article, note=_("same page as another in this import"))
        article_id, source_url, source_name = known[key]
        same_source = (page.url and page.url == source_url) or (not page.url and page.name == source_name)
        if same_source:
            return PageOutcome(page.name, UNCHANGED, article_id)
        return PageOutcome(
            page.name, DUPLICATE, article_id, note=_("already in the archive as article %(id)s") % {"id": article_id}
        )

    def _store(self, page: SourcePage, key: str, prepared: PreparedPage) -> tuple[PageOutcome, Article | None]:
        """Store a page; the article is returned when it may still lack its id."""
        if prepared.extraction is None:
            return PageOutcome(page.name, FAILED, reason=prepared.error), None
        note = _("converted from %(encoding)s") % {"encoding": page.converted_from} if page.converted_from else ""
        url = prepared.url or page.url
        if url in self.by_url or self.band_index.shares(prepared.band_keys):
            # An article of this chunk may be read back (to update it, or to
            # compare it as a republication): it must be in the database.
            self._flush()
        try:
            rows = PendingRows()
            with transaction.atomic():
                status, article, original_id = store_page(
                    page,
                    key,
                    prepared,
                    batch=self.batch,
                    lookups=self.lookups,
                    by_url=self.by_url,
                    band_index=self.band_index,
                    pending=rows,
                )
        except IntegrityError as error:
            return self._stored_elsewhere(page.name, key, error), None
        except Exception as error:  # one broken page must not stop the batch
            logger.exception("Import of %s failed", page.name)
            return PageOutcome(page.name, FAILED, reason=f"{type(error).__name__}: {error}"), None
        self.seen[key] = article if article.pk is None else article.pk
        self.pending.extend(rows)
        if rows.keys:
            self.band_index.add(article, prepared.band_keys)
        if article.source_url:
            self.by_url[article.source_url] = article
        if original_id is not None:
            self.near_duplicates += 1
            if article.duplicate_of_id:
                link = _("republication of article %(id)s") % {"id": original_id}
            else:
                link = _("older copy of article %(id)s, now the original of its republications") % {"id": original_id}
            note = "; ".join(filter(None, [note, link]))
        return PageOutcome(page.name, status, article.pk, note=note), article


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


def import_page(page: SourcePage, *, batch: ImportBatch | None = None) -> tuple[str, Article]:
    """Store one page: (status, article); PageError if it cannot be imported."""
    key = content_hash(page.raw)
    known = {
        row[0]: row[1:]
        for row in Article.objects.filter(content_hash=key).values_list(
            "content_hash", "id", "source_url", "source_name"
        )
    }
    fresh = [] if key in known else [page]
    # The importer's own path, as a chunk of one page.
    importer = _Importer(batch, workers=1)
    (outcome,) = importer._store_chunk([page], {id(page): key}, known, fresh, lambda: list(map(prepare_page, fresh)))
    if outcome.status == FAILED:
        raise PageError(outcome.reason)
    return outcome.status, Article.objects.get(pk=outcome.article_id)


def import_text(raw: str, *, source_name: str = "", batch: ImportBatch | None = None) -> tuple[str, Article]:
    """Store one raw text page: ("created" | "unchanged" | "duplicate", article)."""
    return import_page(SourcePage(name=source_name, raw=raw), batch=batch)


def store_page(
    page: SourcePage,
    key: str,
    prepared: PreparedPage,
    *,
    batch: ImportBatch | None,
    lookups: Lookups,
    by_url: dict[str, Article] | None = None,
    band_index: BandIndex | None = None,
    pending: PendingRows | None = None,
) -> tuple[str, Article, int | None]:
    """Create the page's article, or update the article with the same source
    URL (fields corrected by hand are kept). A new article that repeats the
    text of one already stored is linked to that one's original. Returns
    (status, article, id of the article it was linked with or None).

    ``by_url`` and ``band_index`` hold what a whole chunk needs, looked up at
    once; with ``pending``, a new article and its link rows are collected
    there for the caller to write with the chunk's, so the article may not
    have its id yet."""
    url = prepared.url or page.url
    if by_url is not None:
        article = by_url.get(url) if url else None
    else:
        article = Article.objects.filter(source_url=url).first() if url else None
    status = CREATED if article is None else UPDATED
    if article is None:
        article = Article(source_url=url, source_name=page.name[:500], batch=batch)
    article.content_hash = key
    article.raw_page = page.raw
    article.raw_format = page.format
    article.source_encoding = page.converted_from or ""
    article.source_metadata = page.metadata
    article.captured_at = page.captured_at or article.captured_at
    original, older = None, False
    if status == CREATED and prepared.band_keys:
        original = find_republished(prepared.extraction.body, prepared.band_keys, band_index=band_index)
        published = prepared.extraction.published
        older = bool(original and published and original.published_date and published < original.published_date)
        if original and not older:
            article.duplicate_of = original
    rows = pending if pending is not None else PendingRows()
    changed = apply_extraction(article, prepared.extraction, lookups, always_save=status == UPDATED, pending=rows)
    if older:
        # The new page is older: it becomes the original of the group.
        _write(rows)  # the article needs its id
        Article.objects.filter(Q(pk=original.pk) | Q(duplicate_of=original)).update(duplicate_of=article)
        for other in (by_url or {}).values():  # keep the chunk's copies in step
            if original.pk in (other.pk, other.duplicate_of_id):
                other.duplicate_of_id = article.pk
    if status == CREATED:
        rows.keys += [(article, band) for band in set(prepared.band_keys)]
    elif "body" in changed:
        # A new text has a new fingerprint.
        NearDuplicateKey.objects.filter(article=article).delete()
        rows.keys += [(article, band) for band in set(prepared.band_keys)]
    if pending is None:
        _write(rows)
    if status == UPDATED and not changed:
        status = UNCHANGED
    return status, article, original.pk if original else None


def find_republished(
    body: str, band_keys: list[int], *, band_index: BandIndex | None = None, exclude: int | None = None
) -> Article | None:
    """The original article whose text this one repeats, if any. Shingles are
    computed only when there are candidates (rarely), not sent by workers."""
    if band_index is not None:
        candidates = band_index.candidates(band_keys)
    else:
        candidates = Counter(
            NearDuplicateKey.objects.filter(key__in=band_keys)
            .exclude(article_id=exclude)
            .values_list("article_id", flat=True)
        )
    candidates.pop(exclude, None)
    # Most shared bands first; the first confirmed match decides, so a group of
    # republications costs one comparison, not one per member.
    best = [article_id for article_id, _count in candidates.most_common(near_duplicates.MAX_CANDIDATES)]
    shingles = near_duplicates.shingles(body) if best else set()
    for article_id in best:
        row = Article.objects.filter(pk=article_id).values_list("body", "duplicate_of_id").first()
        if (
            row
            and near_duplicates.similarity(shingles, near_duplicates.shingles(row[0])) >= near_duplicates.MIN_SIMILARITY
        ):
            return Article.objects.only("id", "title", "published_date").get(pk=row[1] or article_id)
    return None


# Fields of the article form an editor may correct -> the extracted field each belongs to.
CORRECTABLE_FIELDS = {
    "title": "title",
    "rubric": "rubric",
    "body": "body",
    "published_date": "published",
    "published_precision": "published",
    "published_time": "published",
    "province": "province",
    "organ": "organ",
    "authors": "authors",
    "documents": "documents",
}


def extracted_values(extraction: Extraction, lookups: Lookups | None = None) -> dict:
    """The article form's values as extraction found them (to show an editor)."""
    lookups = lookups or Lookups()
    province = lookups.province(extraction.province.slug if extraction.province else None)
    organ_id = lookups.organ_id(extraction.organ_kind, province) if extraction.organ_kind else None
    return {
        "title": extraction.title[:500],
        "rubric": extraction.rubric[:500],
        "body": extraction.body,
        "published_date": extraction.published,
        "published_precision": extraction.published_precision,
        "published_time": extraction.published_time,
        "province": province,
        "organ": Organ.objects.get(pk=organ_id) if organ_id else None,
        "authors": ", ".join(extraction.authors)[:300],
    }


def create_from_page(page: SourcePage, corrections: dict, *, user=None) -> Article:
    """Store a page an editor pasted or uploaded, with the editor's corrections
    of what extraction found; the fields they changed count as corrected by hand."""
    key = content_hash(page.raw)
    existing = Article.objects.filter(content_hash=key).values_list("id", flat=True).first()
    if existing is not None:
        raise PageError(_("this page is already in the archive as article %(id)s") % {"id": existing})
    prepared = prepare_page(page)
    if prepared.extraction is None:
        raise PageError(prepared.error)
    prepared.url = normalise_url(corrections.pop("source_url", "")) or prepared.url
    if prepared.url and Article.objects.filter(source_url=prepared.url).exists():
        raise PageError(_("an article with this source URL is already in the archive"))
    lookups = Lookups()
    extracted = extracted_values(prepared.extraction, lookups)
    with transaction.atomic():
        _status, article, _original_id = store_page(page, key, prepared, batch=None, lookups=lookups)
        edited = {
            CORRECTABLE_FIELDS[name]
            for name, value in corrections.items()
            if name in CORRECTABLE_FIELDS and extracted.get(name) != value
        }
        for name, value in corrections.items():
            setattr(article, name, value)
        article.edited_fields = sorted(edited)
        article.save()
    return article


def apply_extraction(
    article: Article,
    extraction: Extraction,
    lookups: Lookups | None = None,
    *,
    always_save: bool = False,
    pending: PendingRows | None = None,
) -> list[str]:
    """Set the article's extracted fields, except those corrected by hand, and
    save it. Returns the names of the fields that changed. With ``pending``, a
    new article is not saved here: it goes to ``pending`` with its documents
    and congresses, for the caller to insert with others (``PendingRows.write``)."""
    lookups = lookups or Lookups()
    keep = set(article.edited_fields)
    new = article.pk is None
    changed: list[str] = []

    def update(field: str, attributes: dict) -> None:
        if field in keep:
            return
        if any(getattr(article, name) != value for name, value in attributes.items()):
            for name, value in attributes.items():
                setattr(article, name, value)
            changed.append(field)

    update("title", {"title": extraction.title[:500]})
    update("rubric", {"rubric": extraction.rubric[:500]})
    update("body", {"body": extraction.body})
    update(
        "published",
        {
            "published_date": extraction.published,
            "published_precision": extraction.published_precision,
            "published_time": extraction.published_time,
        },
    )
    province = lookups.province(extraction.province.slug if extraction.province else None)
    extracted_province_id = province.pk if province else None
    update("province", {"province_id": extracted_province_id})
    if article.province_id != extracted_province_id:
        province = article.province  # corrected by hand: the organ belongs to that one
    organ_id = lookups.organ_id(extraction.organ_kind, province) if extraction.organ_kind else None
    update("organ", {"organ_id": organ_id})
    update("authors", {"authors": ", ".join(extraction.authors)[:300]})
    if not article.source_site and extraction.source_site:
        article.source_site = extraction.source_site[:200]
        changed.append("source_site")
    rows = pending if pending is not None else PendingRows()
    if new:
        rows.articles.append(article)
    elif changed or always_save:
        article.save()
    if "documents" not in keep and _set_documents(article, extraction.documents, lookups, new, rows):
        changed.append("documents")
    if "congresses" not in keep and _set_congresses(article, extraction, lookups, new, rows):
        changed.append("congresses")
    if pending is None:
        _write(rows)
    return changed


def _write(rows: PendingRows) -> None:
    """Write rows now, failing as a save would when the article cannot be inserted."""
    lost = rows.write()
    if lost:
        raise lost[0][1]


def _set_documents(article: Article, numbers: list[str], lookups: Lookups, new: bool, rows: PendingRows) -> bool:
    numbers = list(dict.fromkeys(number[:60] for number in numbers))
    if new and not numbers:
        return False
    if not new and set(article.documents.values_list("number", flat=True)) == set(numbers):
        return False
    ids = lookups.document_ids(numbers)
    if new:
        rows.documents += [(article, document_id) for document_id in ids]
    else:
        article.documents.set(ids)
    return True


def _set_congresses(article: Article, extraction: Extraction, lookups: Lookups, new: bool, rows: PendingRows) -> bool:
    wanted: dict[int, str] = {}
    for found in extraction.congresses:
        congress = lookups.congress(
            found.level, found.organisation[:200], found.number, lookups.province(found.province_slug), found.term
        )
        wanted.setdefault(congress.pk, found.surface[:500])
    current = {} if new else dict(article.congress_mentions.values_list("congress_id", "surface"))
    if current == wanted:
        return False
    stale = [congress_id for congress_id, surface in current.items() if wanted.get(congress_id) != surface]
    if stale:
        article.congress_mentions.filter(congress_id__in=stale).delete()
    rows.mentions += [
        (article, congress_id, surface)
        for congress_id, surface in wanted.items()
        if current.get(congress_id) != surface
    ]
    return True


def reextract_articles(articles: Iterable[Article]) -> Counter[str]:
    """Run extraction again on stored raw pages; corrected fields are kept.
    An article typed in by hand has no raw page and is left alone."""
    counts: Counter[str] = Counter()
    lookups = Lookups()
    for article in articles:
        if not article.raw_page:
            counts[UNCHANGED] += 1
            continue
        try:
            extraction, _url = extract_source(article.raw_page, article.raw_format, article.source_metadata)
        except PageError:
            counts[FAILED] += 1
            continue
        with transaction.atomic():
            changed = apply_extraction(article, extraction, lookups)
            if changed:
                # Congress and document links are written without model signals.
                articles_changed.send(Article, ids=[article.pk])
            if "body" in changed:
                NearDuplicateKey.objects.filter(article=article).delete()
                keys = near_duplicates.band_keys(near_duplicates.shingles(article.body))
                NearDuplicateKey.objects.bulk_create(NearDuplicateKey(article=article, key=k) for k in set(keys))
            counts[UPDATED if changed else UNCHANGED] += 1
    return counts


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
