"""Storing prepared pages: the one way a page becomes, or updates, an article.

A page's identity is its source URL when it has one (a re-crawled page updates
its article) and otherwise its content hash. A page whose exact content is
already in the archive from another source is skipped and counted; one whose
text another article already has (the same article republished by another
site) is stored and linked to that article.

``Store`` stores pages a chunk at a time in one transaction, each page in its
own savepoint, so one bad page is reported and the rest go in: the bulk
importer (``archive.importing.batches``) gives it its chunks, ``import_page``
and the admin's ``create_from_page`` a chunk of one page. ``apply_extraction``
extracts a stored article again. Either way fields corrected by hand are kept,
and an article's near-duplicate keys follow its text (``keep_fingerprint``).
"""

import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from archive import near_duplicates
from archive.extract import Extraction
from archive.importing.prepare import PageError, PreparedPage, content_hash, fingerprint, prepare_page
from archive.importing.sources import SourcePage, SourceProblem
from archive.models import Article, Congress, CongressMention, Document, ImportBatch, NearDuplicateKey, Organ, Province
from archive.signals import articles_changed

logger = logging.getLogger(__name__)

CREATED, UPDATED, UNCHANGED, DUPLICATE, FAILED = "created", "updated", "unchanged", "duplicate", "failed"


@dataclass(frozen=True)
class PageOutcome:
    name: str
    status: str
    article_id: int | None = None
    reason: str = ""
    note: str = ""  # e.g. the legacy encoding the page was converted from
    stops_source: bool = False  # a failure after which the rest of its file was not read


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


def _write(rows: PendingRows) -> None:
    """Write rows now, failing as a save would when the article cannot be inserted."""
    lost = rows.write()
    if lost:
        raise lost[0][1]


@dataclass
class Chunk:
    """Pages to store together: their content hashes, the articles already
    stored with those hashes, and the pages left to extract and store."""

    items: list[SourcePage | SourceProblem]
    hashes: dict[int, str]  # id(page) -> content hash
    known: dict[str, tuple[int, str, str]]  # content hash -> (id, source URL, source name) of its article
    fresh: list[SourcePage]


class Store:
    """Stores pages a chunk at a time for one import. Extraction is pure and
    may run in other processes; the database is written only here."""

    def __init__(self, batch: ImportBatch | None = None) -> None:
        self.batch = batch
        self.lookups = Lookups()
        # Content hash -> id of the article stored for it in this import, or
        # the article itself until it is written (ids only: an import may hold
        # a million pages).
        self.seen: dict[str, int | Article] = {}
        self.lost: dict[int, IntegrityError] = {}  # new articles (by id()) another import got in first
        self.near_duplicates = 0
        self.by_url: dict[str, Article] = {}  # articles with the source URLs of the chunk being stored
        self.band_index = BandIndex(())  # near-duplicate keys of the chunk being stored
        self.pending = PendingRows()  # the chunk's new articles and their link rows, not yet written

    def plan(self, items: list[SourcePage | SourceProblem]) -> Chunk:
        """Hash a chunk's pages and find those already stored; the others,
        ``chunk.fresh``, are to be extracted and given to ``store``."""
        pages = [item for item in items if isinstance(item, SourcePage)]
        hashes = {id(page): content_hash(page.raw) for page in pages}
        known = {
            row[0]: row[1:]
            for row in Article.objects.filter(content_hash__in=set(hashes.values())).values_list(
                "content_hash", "id", "source_url", "source_name"
            )
        }
        fresh = [page for page in pages if hashes[id(page)] not in known and hashes[id(page)] not in self.seen]
        return Chunk(items, hashes, known, fresh)

    def store(self, chunk: Chunk, prepared: list[PreparedPage]) -> list[PageOutcome]:
        """Store a chunk in one transaction, given what extraction made of its
        fresh pages, in their order; returns an outcome for each item."""
        extracted = dict(zip(map(id, chunk.fresh), prepared, strict=True))
        urls = {extracted[id(page)].url or page.url for page in chunk.fresh} - {""}
        self.by_url = {a.source_url: a for a in Article.objects.filter(source_url__in=urls)} if urls else {}
        self.band_index = BandIndex(key for page in chunk.fresh for key in extracted[id(page)].band_keys)
        stored: list[tuple[PageOutcome, Article | None]] = []
        with transaction.atomic():
            self.lookups.create_missing(p.extraction for p in extracted.values() if p.extraction is not None)
            for item in chunk.items:
                if isinstance(item, SourceProblem):
                    outcome = PageOutcome(item.name, FAILED, reason=item.reason, stops_source=item.stops_source)
                    stored.append((outcome, None))
                    continue
                key = chunk.hashes[id(item)]
                if key in chunk.known or key in self.seen:
                    stored.append((self._known(item, key, chunk.known), None))
                    continue
                stored.append(self._store(item, key, extracted[id(item)]))
            self._flush()
            # Bulk inserts send no model signals: the chunk's articles are told here (the search index queues them).
            articles_changed.send(
                Article,
                ids=[article.pk for outcome, article in stored if article is not None and article.pk is not None],
            )
            return [self._settled(outcome, article) for outcome, article in stored]

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
                    rows=rows,
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


def import_page(page: SourcePage, *, batch: ImportBatch | None = None) -> tuple[str, Article]:
    """Store one page: (status, article); PageError if it cannot be imported."""
    # The importer's own path, as a chunk of one page.
    store = Store(batch)
    chunk = store.plan([page])
    (outcome,) = store.store(chunk, [prepare_page(fresh) for fresh in chunk.fresh])
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
    by_url: dict[str, Article],
    band_index: BandIndex,
    rows: PendingRows,
) -> tuple[str, Article, int | None]:
    """Create the page's article, or update the article with the same source
    URL (fields corrected by hand are kept). A new article that repeats the
    text of one already stored is linked to that one's original. Returns
    (status, article, id of the article it was linked with or None).

    ``by_url`` and ``band_index`` hold what the whole chunk needs, looked up
    at once. A new article and its link rows are collected in ``rows`` for
    the caller to write with the chunk's, so the article may not have its id
    yet."""
    url = prepared.url or page.url
    article = by_url.get(url) if url else None
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
    changed = set_extracted_fields(article, prepared.extraction, lookups, rows, always_save=status == UPDATED)
    if older:
        # The new page is older: it becomes the original of the group.
        _write(rows)  # the article needs its id
        Article.objects.filter(Q(pk=original.pk) | Q(duplicate_of=original)).update(duplicate_of=article)
        for other in by_url.values():  # keep the chunk's copies in step
            if original.pk in (other.pk, other.duplicate_of_id):
                other.duplicate_of_id = article.pk
    keep_fingerprint(article, prepared.band_keys, changed, rows, new=status == CREATED)
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


def apply_extraction(article: Article, extraction: Extraction, lookups: Lookups | None = None) -> list[str]:
    """Set a stored article's extracted fields anew, except those corrected by
    hand, and its fingerprint if its text changed; saved with its links in one
    transaction. Returns the names of the fields that changed."""
    lookups = lookups or Lookups()
    rows = PendingRows()
    with transaction.atomic():
        changed = set_extracted_fields(article, extraction, lookups, rows)
        # The fingerprint costs half as much as the extraction: worked out only for a new text.
        keep_fingerprint(article, fingerprint(extraction.body) if "body" in changed else [], changed, rows)
        _write(rows)
        if changed:
            # Congress and document links are written without model signals.
            articles_changed.send(Article, ids=[article.pk])
    return changed


def set_extracted_fields(
    article: Article, extraction: Extraction, lookups: Lookups, rows: PendingRows, *, always_save: bool = False
) -> list[str]:
    """Set the article's extracted fields, except those corrected by hand.
    Returns the names of the fields that changed. A stored article is saved
    here; a new one is not: it goes to ``rows`` with its documents and
    congresses, for the caller to insert with others (``PendingRows.write``)."""
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
    if new:
        rows.articles.append(article)
    elif changed or always_save:
        article.save()
    if "documents" not in keep and _set_documents(article, extraction.documents, lookups, new, rows):
        changed.append("documents")
    if "congresses" not in keep and _set_congresses(article, extraction, lookups, new, rows):
        changed.append("congresses")
    return changed


def keep_fingerprint(
    article: Article, band_keys: list[int], changed: list[str], rows: PendingRows, *, new: bool = False
) -> None:
    """Near-duplicate keys follow the article's text: a new article gets those
    of its text, a stored one whose text changed has its keys replaced (a new
    text has a new fingerprint). The new keys go to ``rows``."""
    if not new:
        if "body" not in changed:
            return
        NearDuplicateKey.objects.filter(article=article).delete()
    rows.keys += [(article, band) for band in set(band_keys)]


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
