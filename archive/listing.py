"""Articles chosen by filters, straight from the database.

The browse pages' listings (``archive.browse.listing``) and every search
without words (``search.service``) are this one function, so that a
province, organ, congress or calendar page lists exactly what the search page
lists for the same filters, and its feed and exports give the same articles.

Every condition is on the article's own row (subqueries for provinces with
their successors, congresses, documents), never a join that could repeat an
article: no DISTINCT is needed, which at 10,000 articles would make SQLite
compare whole rows, bodies included.
"""

import datetime as dt
from collections.abc import Callable, Iterable

from django.db.models import Q, QuerySet

from archive.models import Article, CongressMention, Organ, Province

ORGAN_KIND_PREFIX = "kind:"  # an organ filter's value naming a kind of organ in every province ("kind:btg")


def by_province(slugs: list[str]) -> Q:
    """A province as at publication, or the unit it belongs to now: An Giang
    (since 2025) finds Kiên Giang's articles too (``Province.unit_now``)."""
    return Q(province__in=Province.objects.selected_by(slugs).values("pk"))


def by_organ(values: list[str]) -> Q:
    """Organs by slug, or kinds of organ in every province (``kind:btg``)."""
    kinds = [value.removeprefix(ORGAN_KIND_PREFIX) for value in values if value.startswith(ORGAN_KIND_PREFIX)]
    return Q(organ__in=Organ.objects.filter(Q(slug__in=values) | Q(kind__in=kinds)).values("pk"))


def by_congress(ids: list[int]) -> Q:
    return Q(pk__in=CongressMention.objects.filter(congress__in=ids).values("article_id"))


def by_document(numbers: list[str]) -> Q:
    citing = Article.documents.through.objects.filter(document__number__in=numbers)
    return Q(pk__in=citing.values("article_id"))


def by_year(years: Iterable[int]) -> Q:
    """Ranges of dates rather than the year of each row: the date's index serves them."""
    condition = Q()
    for year in sorted(set(years)):
        condition |= Q(published_date__range=(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    return condition


# The browse pages' filters, by URL parameter (the search page's are its
# facets' conditions, ``search.facets``, which are these and more).
CONDITIONS: dict[str, Callable[[list], Q]] = {
    "province": by_province,
    "organ": by_organ,
    "congress": by_congress,
    "year": by_year,
}


def articles(*conditions: Q, date_from: dt.date | None = None, date_to: dt.date | None = None) -> QuerySet[Article]:
    """Articles that meet every condition (``by_province(["kien-giang"])``…)
    and were published between two days, unordered."""
    matching = Article.objects.all()
    for condition in conditions:
        matching = matching.filter(condition)
    if date_from:
        matching = matching.filter(published_date__gte=date_from)
    if date_to:
        matching = matching.filter(published_date__lte=date_to)
    return matching
