"""Importing raw pages: reading files, storing articles idempotently, re-extracting.

``import_pages`` is what ``manage.py import_pages`` calls; ``reextract_articles``
is what the admin action calls. A page's content hash is its identity, so
importing the same page twice changes nothing. Each file is stored in its own
transaction: one bad file is reported and the rest of the batch goes in.
"""

import hashlib
import itertools
import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from archive.extract import Extraction, extract_page
from archive.models import Article, Congress, CongressMention, Document, ImportBatch, Organ, Province
from archive.text import clean_text

logger = logging.getLogger(__name__)

CREATED, UPDATED, UNCHANGED, FAILED = "created", "updated", "unchanged", "failed"
PAGE_SUFFIXES = (".txt",)


class PageError(Exception):
    """A page that cannot be imported, with a reason an operator can act on."""


@dataclass(frozen=True)
class FileOutcome:
    path: str
    status: str
    article_id: int | None = None
    reason: str = ""


ProgressCallback = Callable[[int, int, FileOutcome], None]


def content_hash(raw: str) -> str:
    """Identity of a page: the same text, whatever its Unicode form, spaces or line ends."""
    text = "\n".join(line.strip() for line in clean_text(raw).split("\n")).strip()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_page(path: Path) -> str:
    """The text of a page file, or PageError saying why it cannot be read."""
    try:
        size = path.stat().st_size
        if size > settings.IMPORT_MAX_BYTES:
            raise PageError(
                _("file is %(size)s bytes, more than the limit of %(limit)s bytes")
                % {"size": f"{size:,}", "limit": f"{settings.IMPORT_MAX_BYTES:,}"}
            )
        data = path.read_bytes()
    except OSError as error:
        raise PageError(_("cannot read the file: %(error)s") % {"error": error.strerror or error}) from None
    if not data.strip():
        raise PageError(_("the file is empty"))
    if b"\x00" in data:
        raise PageError(_("binary file, not text"))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PageError(
            _("not UTF-8 text (byte 0x%(byte)02x at position %(position)s)")
            % {"byte": data[error.start], "position": error.start}
        ) from None


def collect_files(paths: Iterable[Path]) -> tuple[list[Path], list[FileOutcome]]:
    """Page files named directly or found in folders, and the paths that are not."""
    files: list[Path] = []
    problems: list[FileOutcome] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in PAGE_SUFFIXES))
        elif not path.exists():
            problems.append(FileOutcome(str(path), FAILED, reason=_("no such file or folder")))
        elif path.suffix.lower() not in PAGE_SUFFIXES:
            problems.append(
                FileOutcome(str(path), FAILED, reason=_("not a .txt file (%(suffix)s)") % {"suffix": path.suffix})
            )
        else:
            files.append(path)
    return files, problems


def import_pages(paths: Iterable[Path], *, user=None, progress: ProgressCallback | None = None) -> ImportBatch:
    """Import page files and folders of them as one recorded batch."""
    paths = list(paths)
    batch = ImportBatch.objects.create(source="\n".join(str(p) for p in paths), user=user)
    files, problems = collect_files(paths)
    total = len(files) + len(problems)
    counts: Counter[str] = Counter()
    errors = []
    # Lazily, so progress is reported while files are imported.
    outcomes = itertools.chain(problems, (_import_file(path, batch) for path in files))
    for done, outcome in enumerate(outcomes, start=1):
        counts[outcome.status] += 1
        if outcome.status == FAILED:
            errors.append({"path": outcome.path, "reason": outcome.reason})
        if progress:
            progress(done, total, outcome)
    batch.created_count, batch.updated_count = counts[CREATED], counts[UPDATED]
    batch.unchanged_count, batch.failed_count = counts[UNCHANGED], counts[FAILED]
    batch.errors = errors
    batch.status = ImportBatch.Status.FAILED if errors else ImportBatch.Status.FINISHED
    batch.finished_at = timezone.now()
    batch.save()
    return batch


def _import_file(path: Path, batch: ImportBatch) -> FileOutcome:
    try:
        status, article = import_text(read_page(path), source_name=str(path), batch=batch)
    except PageError as error:
        return FileOutcome(str(path), FAILED, reason=str(error))
    except Exception as error:  # one broken page must not stop the batch
        logger.exception("Import of %s failed", path)
        return FileOutcome(str(path), FAILED, reason=f"{type(error).__name__}: {error}")
    return FileOutcome(str(path), status, article.pk)


def import_text(raw: str, *, source_name: str = "", batch: ImportBatch | None = None) -> tuple[str, Article]:
    """Store one raw page: ("created" | "unchanged", article).

    A page already in the archive (same content hash) is left as it is, so
    editors' corrections are never touched by an import; running extraction
    again over stored pages is ``reextract_articles``.
    """
    key = content_hash(raw)
    existing = Article.objects.filter(content_hash=key).first()
    if existing is not None:
        return UNCHANGED, existing
    extraction = extract_page(raw)
    if not extraction.title:
        raise PageError(_("no headline found on the page"))
    if not extraction.body:
        raise PageError(_("no article text found below the headline"))
    article = Article(content_hash=key, raw_page=raw, source_name=source_name, batch=batch)
    try:
        with transaction.atomic():
            apply_extraction(article, extraction)
    except IntegrityError:
        # The same page stored by a concurrent import a moment ago; any other
        # integrity error is a real one.
        existing = Article.objects.filter(content_hash=key).first()
        if existing is None:
            raise
        return UNCHANGED, existing
    return CREATED, article


def apply_extraction(article: Article, extraction: Extraction) -> list[str]:
    """Set the article's extracted fields, except those corrected by hand, and
    save it. Returns the names of the fields that changed."""
    keep = set(article.edited_fields)
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
    province = Province.objects.get(slug=extraction.province.slug) if extraction.province else None
    extracted_province_id = province.pk if province else None
    update("province", {"province_id": extracted_province_id})
    if article.province_id != extracted_province_id:
        province = article.province  # corrected by hand: the organ belongs to that one
    organ = Organ.for_kind(extraction.organ_kind, province) if extraction.organ_kind else None
    update("organ", {"organ_id": organ.pk if organ else None})
    update("authors", {"authors": ", ".join(extraction.authors)[:300]})
    if not article.source_site and extraction.source_site:
        article.source_site = extraction.source_site[:200]
        changed.append("source_site")
    if changed or article.pk is None:
        article.save()
    if "documents" not in keep and _set_documents(article, extraction.documents):
        changed.append("documents")
    if "congresses" not in keep and _set_congresses(article, extraction):
        changed.append("congresses")
    return changed


def _set_documents(article: Article, numbers: list[str]) -> bool:
    numbers = [number[:60] for number in numbers]
    if set(article.documents.values_list("number", flat=True)) == set(numbers):
        return False
    Document.objects.bulk_create([Document(number=number) for number in numbers], ignore_conflicts=True)
    article.documents.set(Document.objects.filter(number__in=numbers))
    return True


def _set_congresses(article: Article, extraction: Extraction) -> bool:
    provinces = {p.slug: p for p in Province.objects.filter(slug__in={c.province_slug for c in extraction.congresses})}
    wanted: dict[int, str] = {}
    for found in extraction.congresses:
        congress, _created = Congress.objects.get_or_create(
            level=found.level,
            organisation=found.organisation[:200],
            number=found.number,
            defaults={"province": provinces.get(found.province_slug)},
        )
        if found.term and congress.term_start is None:
            congress.term_start, congress.term_end = found.term
            congress.save(update_fields=["term_start", "term_end"])
        wanted.setdefault(congress.pk, found.surface[:500])
    current = dict(article.congress_mentions.values_list("congress_id", "surface"))
    if current == wanted:
        return False
    stale = [congress_id for congress_id, surface in current.items() if wanted.get(congress_id) != surface]
    article.congress_mentions.filter(congress_id__in=stale).delete()
    CongressMention.objects.bulk_create(
        CongressMention(article=article, congress_id=congress_id, surface=surface)
        for congress_id, surface in wanted.items()
        if current.get(congress_id) != surface
    )
    return True


def reextract_articles(articles: Iterable[Article]) -> Counter[str]:
    """Run extraction again on stored raw pages; corrected fields are kept.
    An article typed in by hand has no raw page and is left alone."""
    counts: Counter[str] = Counter()
    for article in articles:
        if not article.raw_page:
            counts[UNCHANGED] += 1
            continue
        with transaction.atomic():
            counts[UPDATED if apply_extraction(article, extract_page(article.raw_page)) else UNCHANGED] += 1
    return counts
