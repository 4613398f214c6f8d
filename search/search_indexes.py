"""What the search index holds for each article (read by haystack)."""

import hashlib
import json

from haystack import indexes

from archive.models import Article
from search.fields import (
    AbbreviationText,
    Digest,
    ExactText,
    FacetValue,
    FacetValues,
    FoldedText,
    Number,
    PairText,
)

# Title matches weigh more than body matches.
TITLE_BOOST = 3.0


def day_number(day, precision: str = "day") -> int:
    """A date as yyyymmdd, with 00 for what is not known (yyyymm00 for a
    month, yyyy0000 for a year; 0 when unknown): one integer column serves
    date ranges, sorting by date and the year and month facets, and an
    article known only to its year is not counted in January."""
    if not day or precision == "unknown":
        return 0
    if precision == "year":
        return day.year * 10000
    if precision == "month":
        return day.year * 10000 + day.month * 100
    return day.year * 10000 + day.month * 100 + day.day


class ArticleIndex(indexes.SearchIndex, indexes.Indexable):
    text = FoldedText(document=True)
    text_exact = ExactText()
    text_pairs = PairText()
    text_abbreviations = AbbreviationText()
    title = FoldedText(field_boost=TITLE_BOOST)
    province = FacetValue()  # as at publication
    province_now = FacetValue()  # what it belongs to since the 2025 merger
    organ = FacetValue()
    organ_kind = FacetValue()  # "btg": a kind of organ, in whichever province
    congress = FacetValues()
    document = FacetValues()
    author = FacetValues()  # the names of the byline, as written
    published = Number()
    year = FacetValue()  # "2020": a year filter is a few term look-ups, not a range of dates
    # A digest of everything above: any difference between what the database
    # would give and what the index has shows here (search_index --check).
    version = Digest()

    def get_model(self):
        return Article

    def index_queryset(self, using=None):
        return indexable_articles()

    def prepare_text(self, article: Article) -> str:
        return searchable_text(article)

    def prepare_text_exact(self, article: Article) -> str:
        return searchable_text(article)

    def prepare_text_pairs(self, article: Article) -> str:
        return searchable_text(article)

    def prepare_text_abbreviations(self, article: Article) -> str:
        return searchable_text(article)

    def prepare_title(self, article: Article) -> str:
        return "\n".join(filter(None, [article.rubric, article.title]))

    def prepare_province(self, article: Article) -> str:
        return article.province.slug if article.province else ""

    def prepare_province_now(self, article: Article) -> str:
        now = article.province_now
        return now.slug if now else ""

    def prepare_organ(self, article: Article) -> str:
        return article.organ.slug if article.organ else ""

    def prepare_organ_kind(self, article: Article) -> str:
        return article.organ.kind if article.organ else ""

    def prepare_congress(self, article: Article) -> list[str]:
        return sorted({str(mention.congress_id) for mention in article.congress_mentions.all()})

    def prepare_document(self, article: Article) -> list[str]:
        return sorted({document.number for document in article.documents.all()})

    def prepare_author(self, article: Article) -> list[str]:
        return sorted(set(article.author_list))

    def prepare_published(self, article: Article) -> int:
        return day_number(article.published_date, article.published_precision)

    def prepare_year(self, article: Article) -> str:
        return str(article.published_date.year) if article.published_date else ""

    def prepare(self, article: Article) -> dict:
        data = super().prepare(article)
        data["version"] = fingerprint(data)
        return data


def indexable_articles():
    """Articles with everything the index reads, in a few queries whatever their number."""
    return Article.objects.select_related("province", "organ").prefetch_related(
        "documents", "congress_mentions", "province__successors"
    )


def fingerprint(document: dict) -> int:
    """A 63-bit digest of an index document's values (its version excepted)."""
    values = {name: value for name, value in document.items() if name != "version"}
    content = json.dumps(values, sort_keys=True, ensure_ascii=False, default=str)
    return int.from_bytes(hashlib.blake2b(content.encode(), digest_size=8).digest(), "big") >> 1


def searchable_text(article: Article) -> str:
    """Everything a keyword may be looked for in: the headline, the body, the
    authors, and the names of the article's province and organ (people type
    "kien giang dai hoi")."""
    names = [article.province.name if article.province else "", article.organ.name if article.organ else ""]
    now = article.province_now
    if now and now != article.province:
        names.append(now.name)
    return "\n".join(filter(None, [article.rubric, article.title, article.body, article.authors, *names]))
