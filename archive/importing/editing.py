"""What editors do with pages in the admin: add one with their corrections of
what extraction found (``create_from_page``), and extract stored pages again
after the extractor improved (``reextract_articles``). Both store through
``archive.importing.store``, and what an editor corrected is never overwritten.
"""

from collections import Counter
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from archive.extract import Extraction
from archive.importing.prepare import PageError, extract_source, prepare_page
from archive.importing.sources import SourcePage, normalise_url
from archive.importing.store import DUPLICATE, FAILED, UNCHANGED, UPDATED, Lookups, Store, apply_extraction
from archive.models import Article, Organ

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
    store = Store()
    chunk = store.plan([page])
    if chunk.known:
        raise _already_stored(next(iter(chunk.known.values()))[0])
    prepared = prepare_page(page)
    if prepared.extraction is None:
        raise PageError(prepared.error)
    prepared.url = normalise_url(corrections.pop("source_url", "")) or prepared.url
    if prepared.url and Article.objects.filter(source_url=prepared.url).exists():
        raise PageError(_("an article with this source URL is already in the archive"))
    extracted = extracted_values(prepared.extraction, store.lookups)
    with transaction.atomic():
        (outcome,) = store.store(chunk, [prepared])
        if outcome.status == FAILED:
            raise PageError(outcome.reason)
        if outcome.status == DUPLICATE:  # stored by another import a moment ago
            raise _already_stored(outcome.article_id)
        article = Article.objects.get(pk=outcome.article_id)
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


def _already_stored(article_id: int) -> PageError:
    return PageError(_("this page is already in the archive as article %(id)s") % {"id": article_id})


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
        changed = apply_extraction(article, extraction, lookups)
        counts[UPDATED if changed else UNCHANGED] += 1
    return counts
