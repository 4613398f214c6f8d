"""What the browse pages show: counts, calendars and related articles, as plain
functions over the database.

Article listings are ``archive.listing.articles``, as every search without
words is, so a province, organ, congress or calendar page lists exactly what
the search page lists for the same filters (and its Atom feed and export give
the same articles). Every
function here runs a fixed number of queries, whatever the size of the archive.
"""

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max, Min, Q, QuerySet

from archive import listing as listings
from archive.models import NEWEST_FIRST, Article, Congress, Organ, Province, ProvinceSuccession
from archive.vocabulary import ORGAN_KINDS


def listing(*, date_from=None, date_to=None, **filters) -> QuerySet[Article]:
    """Articles matching search filters (``province=["kien-giang"]``, ``year=[2020]``…), newest first,
    with what a list row shows."""
    conditions = [listings.CONDITIONS[name](list(values)) for name, values in filters.items() if values]
    matching = listings.articles(*conditions, date_from=date_from, date_to=date_to)
    return matching.select_related("province", "organ").order_by(*NEWEST_FIRST)


def newest(limit: int = 10) -> list[Article]:
    return list(Article.objects.select_related("province", "organ").order_by(*NEWEST_FIRST)[:limit])


def article_counts_by_province() -> dict[int, int]:
    """Articles per province as published, by province id."""
    return dict(Article.objects.exclude(province=None).order_by().values_list("province_id").annotate(n=Count("id")))


def top_provinces(limit: int = 10) -> list[Province]:
    """The provinces with most articles as published, each with ``n``."""
    return list(
        Province.objects.annotate(n=Count("articles")).filter(n__gt=0).order_by("-n", "unaccented_name")[:limit]
    )


def top_organs(limit: int = 10) -> list[Organ]:
    return list(
        Organ.objects.select_related("province")
        .annotate(n=Count("articles"))
        .filter(n__gt=0)
        .order_by("-n", "name")[:limit]
    )


@dataclass
class KindCount:
    kind: str
    name: str
    count: int


def organ_kind_counts() -> list[KindCount]:
    """Articles per kind of organ (Ban Tuyên giáo, Ủy ban Kiểm tra…), most first."""
    counts = Article.objects.exclude(organ=None).order_by().values_list("organ__kind").annotate(n=Count("id"))
    rows = [KindCount(kind, ORGAN_KINDS.get(kind, kind), n) for kind, n in counts]
    return sorted(rows, key=lambda row: (-row.count, row.name))


def year_counts() -> list[tuple[int, int]]:
    """(year, articles) for every year with dated articles, oldest first."""
    return sorted(
        Article.objects.exclude(published_date=None)
        .order_by()
        .values_list("published_date__year")
        .annotate(n=Count("id"))
    )


@dataclass
class Bar:
    label: str
    count: int
    length: float  # in the chart's units, proportional to count
    y: float


def bars(counts: list[tuple[int, int]], *, width: float, row: float) -> list[Bar]:
    """Horizontal bars for (label, count) pairs: the largest count spans ``width``;
    a non-zero count is never drawn narrower than one unit, so it stays visible."""
    largest = max((count for _label, count in counts), default=0)
    return [
        Bar(str(label), count, max(1.0, width * count / largest) if count else 0.0, index * row)
        for index, (label, count) in enumerate(counts)
    ]


# Provinces ------------------------------------------------------------------


def legacy_provinces() -> list[Province]:
    """The 63 provinces until 30 June 2025, each with ``n`` articles and ``now``:
    the unit it belongs to since 1 July 2025 (None when unchanged)."""
    provinces = list(Province.objects.legacy().annotate(n=Count("articles")).prefetch_related("successors"))
    for province in provinces:
        now = province.unit_now()
        province.now = now if now != province else None
    return provinces


def current_provinces() -> list[Province]:
    """The 34 units since 1 July 2025, each with ``before`` (the provinces it was
    formed from, empty when unchanged) and ``n``: its articles and theirs."""
    provinces = list(Province.objects.current().prefetch_related("predecessors"))
    counts = article_counts_by_province()
    for province in provinces:
        province.before = list(province.predecessors.all())
        province.n = counts.get(province.pk, 0) + sum(counts.get(p.pk, 0) for p in province.before)
    return provinces


def current_counts() -> dict[int, int]:
    """Articles per current unit (its own and its predecessors'), by unit id."""
    counts = article_counts_by_province()
    merged: dict[int, int] = defaultdict(int)
    successor_of = dict(ProvinceSuccession.objects.values_list("predecessor_id", "successor_id"))
    for province_id, n in counts.items():
        merged[successor_of.get(province_id, province_id)] += n
    return dict(merged)


def organs_of(province: Province, predecessors: list[Province]) -> list[Organ]:
    """The organs of a province (and of the provinces it was formed from), with ``n`` articles."""
    return list(
        Organ.objects.filter(province__in=[province, *predecessors])
        .select_related("province")
        .annotate(n=Count("articles"))
        .order_by("-n", "name")
    )


def congresses_of(province: Province, predecessors: list[Province]) -> list[Congress]:
    """A province's congresses (and those of the provinces it was formed from, as
    its page lists their articles): Party committees' own in order of number,
    then those of districts, communes and grassroots organisations."""
    congresses = Congress.objects.filter(province__in=[province, *predecessors]).annotate(n=Count("mentions"))
    return sorted(
        congresses,
        key=lambda c: (c.level != Congress.Level.PROVINCIAL, c.organisation, c.number, c.term_start or 0),
    )


def organs_by_kind() -> list[tuple[str, list[Organ]]]:
    """Every organ with ``n`` articles, grouped by kind in the vocabulary's order."""
    groups: dict[str, list[Organ]] = defaultdict(list)
    for organ in Organ.objects.select_related("province").annotate(n=Count("articles")).order_by("name"):
        groups[organ.kind].append(organ)
    order = list(ORGAN_KINDS)
    return [
        (kind, groups[kind])
        for kind in sorted(groups, key=lambda kind: order.index(kind) if kind in order else len(order))
    ]


def congresses_by_level() -> list[tuple[str, list[Congress]]]:
    """Every congress with ``n`` articles mentioning it, grouped by level, national first."""
    groups: dict[str, list[Congress]] = defaultdict(list)
    for congress in Congress.objects.select_related("province").annotate(n=Count("mentions")):
        groups[congress.level].append(congress)
    labels = dict(Congress.Level.choices)
    return [
        (labels[level], sorted(groups[level], key=lambda c: (c.organisation, c.number)))
        for level in Congress.Level.values
        if groups[level]
    ]


# Related articles -----------------------------------------------------------


def related(article: Article, limit: int = 5) -> list[Article]:
    """A few articles near this one: about the same congress, then from the same
    organ of the same province, then citing the same documents. One query per
    kind of kinship, each limited; expects ``congress_mentions`` and
    ``documents`` prefetched."""
    kinships = []
    congress_ids = [mention.congress_id for mention in article.congress_mentions.all()]
    if congress_ids:
        kinships.append(Q(congresses__in=congress_ids))
    if article.province_id and article.organ_id:
        kinships.append(Q(province_id=article.province_id, organ_id=article.organ_id))
    document_ids = [document.pk for document in article.documents.all()]
    if document_ids:
        kinships.append(Q(documents__in=document_ids))
    found: list[Article] = []
    for kinship in kinships:
        if len(found) >= limit:
            break
        seen = [article.pk, *(item.pk for item in found)]
        found += (
            Article.objects.filter(kinship)
            .exclude(pk__in=seen)
            .select_related("province", "organ")
            .order_by(*NEWEST_FIRST)
            .distinct()[: limit - len(found)]
        )
    return found


# Calendar -------------------------------------------------------------------


@dataclass
class MonthCount:
    month: int
    count: int  # articles dated to a day or to the month


def months_of(year: int) -> list[MonthCount]:
    """The twelve months of a year with their articles (those known only to the year excluded)."""
    counts = dict(
        Article.objects.filter(published_date__range=year_bounds(year))
        .exclude(published_precision=Article.Precision.YEAR)
        .order_by()
        .values_list("published_date__month")
        .annotate(n=Count("id"))
    )
    return [MonthCount(month, counts.get(month, 0)) for month in range(1, 13)]


def dated_around(first: dt.date, last: dt.date, *, to_the_month: bool = False) -> tuple:
    """The publication dates just before ``first`` and just after ``last`` (None
    where there is none); ``to_the_month`` leaves out dates known only to the
    year. Two look-ups in the date's index, not a scan of every article."""
    dated = Article.objects.exclude(published_date=None).order_by()
    if to_the_month:
        dated = dated.exclude(published_precision=Article.Precision.YEAR)
    before = dated.filter(published_date__lt=first).aggregate(day=Max("published_date"))["day"]
    after = dated.filter(published_date__gt=last).aggregate(day=Min("published_date"))["day"]
    return before, after


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


@dataclass
class Day:
    day: dt.date | None  # None: a cell of the previous or next month
    count: int = 0
    page: int = 1  # the page of the month's list that shows this day


def month_grid(year: int, month: int, counts: dict[int, int], per_page: int) -> list[list[Day]]:
    """The weeks of a month, Monday first, each day with its article count and the
    page of the month's list (newest first) where its articles are."""
    first_index: dict[int, int] = {}
    seen = 0
    for day in sorted(counts, reverse=True):
        first_index[day] = seen
        seen += counts[day]
    return [
        [
            Day(dt.date(year, month, day), counts.get(day, 0), first_index.get(day, 0) // per_page + 1)
            if day
            else Day(None)
            for day in week
        ]
        for week in calendar.Calendar(firstweekday=calendar.MONDAY).monthdayscalendar(year, month)
    ]


def month_page_of(day: dt.date, per_page: int) -> int:
    """The page of its month's list (newest first, ``per_page`` a page) where ``day``'s articles begin."""
    newer = Article.objects.filter(
        published_date__year=day.year,
        published_date__month=day.month,
        published_date__gt=day,
        published_precision=Article.Precision.DAY,
    ).count()
    return newer // per_page + 1


def day_counts(year: int, month: int) -> dict[int, int]:
    """Articles dated to each day of a month, by day of the month."""
    return dict(
        Article.objects.filter(
            published_date__year=year, published_date__month=month, published_precision=Article.Precision.DAY
        )
        .order_by()
        .values_list("published_date__day")
        .annotate(n=Count("id"))
    )
