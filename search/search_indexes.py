"""What the search index holds for each article (read by haystack)."""

from haystack import indexes

from archive.models import Article
from search.backend import AbbreviationText, FacetValue, FacetValues, FoldedText, MarkedText, Number, PairText

# Title matches weigh more than body matches.
TITLE_BOOST = 3.0


def day_number(day) -> int:
    """A date as yyyymmdd (0 when unknown): one integer column serves date
    ranges, sorting by date and the year and month facets."""
    return day.year * 10000 + day.month * 100 + day.day if day else 0


class ArticleIndex(indexes.SearchIndex, indexes.Indexable):
    text = FoldedText(document=True)
    text_marked = MarkedText()
    text_pairs = PairText()
    text_abbreviations = AbbreviationText()
    title = FoldedText(field_boost=TITLE_BOOST)
    province = FacetValue()  # as at publication
    province_now = FacetValue()  # what it belongs to since the 2025 merger
    organ = FacetValue()
    congress = FacetValues()
    document = FacetValues()
    published = Number()
    version = Number()  # when the article last changed: drift between database and index shows here

    def get_model(self):
        return Article

    def index_queryset(self, using=None):
        return indexable_articles()

    def prepare_text(self, article: Article) -> str:
        return searchable_text(article)

    def prepare_text_marked(self, article: Article) -> str:
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
        now = _province_now(article)
        return now.slug if now else ""

    def prepare_organ(self, article: Article) -> str:
        return article.organ.slug if article.organ else ""

    def prepare_congress(self, article: Article) -> list[str]:
        return sorted({str(mention.congress_id) for mention in article.congress_mentions.all()})

    def prepare_document(self, article: Article) -> list[str]:
        return sorted({document.number for document in article.documents.all()})

    def prepare_published(self, article: Article) -> int:
        return day_number(article.published_date)

    def prepare_version(self, article: Article) -> int:
        return version_of(article)


def indexable_articles():
    """Articles with everything the index reads, in a few queries whatever their number."""
    return Article.objects.select_related("province", "organ").prefetch_related(
        "documents", "congress_mentions", "province__successors"
    )


def version_of(article: Article) -> int:
    return int(article.updated_at.timestamp() * 1_000_000)


def searchable_text(article: Article) -> str:
    """Everything a keyword may be looked for in: the headline, the body, the
    authors, and the names of the article's province and organ (people type
    "kien giang dai hoi")."""
    names = [article.province.name if article.province else "", article.organ.name if article.organ else ""]
    now = _province_now(article)
    if now and now != article.province:
        names.append(now.name)
    return "\n".join(filter(None, [article.rubric, article.title, article.body, article.authors, *names]))


def _province_now(article: Article):
    if article.province is None:
        return None
    successors = list(article.province.successors.all())
    return successors[0] if successors else article.province
