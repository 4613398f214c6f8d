"""The facets of a search, one row each: what the search page, the API, the
exports, the chips, the counting and every engine read.

A row says what a facet is called and titled, which URL parameter selects
its values, which index field it is counted from and which fields a selected
value is looked for in, whether an article has several values, how a value
is named, and how the database selects and counts it when the index cannot.
Adding a facet is a row here and a field in the index document
(``search/search_indexes.py``).
"""

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from archive import listing
from archive.models import Article, Congress, Document, Organ, Province, ProvinceSuccession
from archive.text import nfc
from archive.vocabulary import ORGAN_KINDS
from search import tree


def _ints(values: Iterable) -> list[int]:
    return [int(value) for value in map(str, values) if value.isascii() and value.isdigit() and len(value) < 12]


def _existing(model, key: str) -> Callable[[list], list[str]]:
    """Which of the given values exist, in one query."""

    def existing(values: list) -> list[str]:
        if key == "pk":
            values = _ints(values)
        if not values:
            return []
        return [str(value) for value in model.objects.filter(**{f"{key}__in": values}).values_list(key, flat=True)]

    return existing


def _province_names(values: Collection[str]) -> dict[str, str]:
    return dict(Province.objects.filter(slug__in=values).values_list("slug", "short_name"))


def _organ_names(values: Collection[str]) -> dict[str, str]:
    names = dict(Organ.objects.filter(slug__in=values).values_list("slug", "name"))
    for value in values:  # a kind of organ in every province, typed in the box ("kind:btg")
        if value.startswith(listing.ORGAN_KIND_PREFIX):
            kind = value.removeprefix(listing.ORGAN_KIND_PREFIX)
            names[value] = ORGAN_KINDS.get(kind, value)
    return names


def _congress_names(values: Collection[str]) -> dict[str, str]:
    return {str(congress.pk): str(congress) for congress in Congress.objects.filter(pk__in=_ints(values))}


def _as_written(values: Collection[str]) -> dict[str, str]:
    return {value: value for value in values}


def _grouped(lookup: str) -> Callable[[QuerySet], Counter]:
    def counted(matching: QuerySet) -> Counter:
        return Counter(dict(matching.values_list(lookup).annotate(n=Count("id", distinct=True))))

    return counted


def _province_now_counts(matching: QuerySet) -> Counter:
    """Counts by the unit each article's province belongs to now (``Province.unit_now``)."""
    by_province = dict(matching.values_list("province_id").annotate(n=Count("id", distinct=True)))
    by_province.pop(None, None)
    counts: Counter = Counter()
    for province in Province.objects.filter(pk__in=by_province).prefetch_related("successors"):
        counts[province.unit_now().slug] += by_province[province.pk]
    return counts


# Author names a URL may select at once: each is a scan of the bylines.
MAX_AUTHORS = 10


def _by_author(names: list[str]) -> Q:
    """Articles whose byline lists one of these names whole (names between
    commas, ``Article.author_names``), not a name that merely contains it. A
    plain substring test first (cheap), then one pattern for all the names."""
    contains = Q()
    for name in names:
        contains |= Q(authors__contains=name)
    alternatives = "|".join(re.escape(name) for name in names)
    return contains & Q(authors__regex=rf"(^|,)\s*({alternatives})\s*(,|$)")


def _author_counts(matching: QuerySet) -> Counter:
    """Grouped by byline in SQL, then each distinct byline split into names."""
    counts: Counter = Counter()
    for byline, n in matching.exclude(authors="").values_list("authors").annotate(n=Count("id", distinct=True)):
        for name in set(Article.author_names(byline)):
            counts[name] += n
    return counts


def _existing_authors(values: list[str]) -> list[str]:
    """The given names that some byline lists (as given: NFD is read as NFC;
    ``nfc`` is the row's ``coerce``); at most ``MAX_AUTHORS``."""
    wanted = {nfc(value): value for value in values[:MAX_AUTHORS]}
    if not wanted:
        return []
    listed = set()
    for byline in Article.objects.filter(_by_author(list(wanted))).values_list("authors", flat=True):
        listed.update(Article.author_names(byline))
    return [given for name, given in wanted.items() if name in listed]


def _merged_units(values: Collection[str]) -> set[str]:
    """Units formed in 2025: selecting one also selects its predecessors'
    articles, so "as published" would count it for less than it selects."""
    formed = ProvinceSuccession.objects.filter(successor=OuterRef("pk"))
    return set(Province.objects.filter(slug__in=values).filter(Exists(formed)).values_list("slug", flat=True))


@dataclass(frozen=True)
class Facet:
    name: str  # the key of its counts: the page, the API, the templates; its URL parameter and field by default
    title: Promise  # as the search page heads it
    described: Promise  # a selection in words ("province: {names}")
    counted: Callable[[QuerySet], Counter]  # counted straight from the database
    existing: Callable[[list], list[str]]  # which values given in a URL exist (others are a 400)
    condition: Callable[[list], Q]  # the articles with any of these values, in the database
    names: Callable[[Collection[str]], dict[str, str]] = _as_written  # value -> its name, in one query
    multi: bool = False  # an article may have several values
    parameter: str = ""  # the URL parameter its values select (two facets may share one)
    field: str = ""  # the index field it is counted from
    selects: tuple[str, ...] = ()  # the index fields a selected value is looked for in (any of them)
    coerce: type = str  # a selected value as the form cleans it
    hidden: Callable[[Collection[str]], set[str]] | None = None  # counted values not offered here
    kinds: bool = False  # values may name a kind of organ in every province ("kind:btg")

    def __post_init__(self):
        object.__setattr__(self, "parameter", self.parameter or self.name)
        object.__setattr__(self, "field", self.field or self.name)
        object.__setattr__(self, "selects", self.selects or (self.field,))

    def clause(self, values: Iterable) -> tree.Any:
        """Index documents with any of these values."""
        terms = []
        for value in map(str, values):
            if self.kinds and value.startswith(listing.ORGAN_KIND_PREFIX):
                terms.append(tree.Term(self.field + "_kind", value.removeprefix(listing.ORGAN_KIND_PREFIX)))
            else:
                terms += [tree.Term(field, value) for field in self.selects]
        return tree.Any(tuple(terms))


# Both province facets select with one parameter, in the province as
# published and in the unit it belongs to now (``Province.unit_now``).
PROVINCE_FIELDS = ("province", "province_now")

FACETS: tuple[Facet, ...] = (
    Facet(
        "province",
        _("Province (as published)"),
        _("province: {names}"),
        _grouped("province__slug"),
        _existing(Province, "slug"),
        listing.by_province,
        names=_province_names,
        selects=PROVINCE_FIELDS,
        hidden=_merged_units,
    ),
    Facet(
        "province_now",
        _("Province since 2025"),
        _("province: {names}"),
        _province_now_counts,
        _existing(Province, "slug"),
        listing.by_province,
        names=_province_names,
        parameter="province",
        selects=PROVINCE_FIELDS,
    ),
    Facet(
        "organ",
        _("Organ"),
        _("organ: {names}"),
        _grouped("organ__slug"),
        _existing(Organ, "slug"),
        listing.by_organ,
        names=_organ_names,
        kinds=True,
    ),
    Facet(
        "congress",
        _("Congress"),
        _("congress: {names}"),
        _grouped("congresses"),
        _existing(Congress, "pk"),
        listing.by_congress,
        names=_congress_names,
        multi=True,
        coerce=int,
    ),
    Facet(
        "document",
        _("Documents cited"),
        _("citing: {numbers}"),
        _grouped("documents__number"),
        _existing(Document, "number"),
        listing.by_document,
        multi=True,
    ),
    Facet(
        "author",
        _("Author"),
        _("author: {names}"),
        _author_counts,
        _existing_authors,
        _by_author,
        multi=True,
        coerce=nfc,
    ),
)

BY_NAME: dict[str, Facet] = {facet.name: facet for facet in FACETS}
# Each URL parameter that selects facet values, with the first facet it selects in.
PARAMETERS: dict[str, Facet] = {}
for _facet in FACETS:
    PARAMETERS.setdefault(_facet.parameter, _facet)
FIELDS = tuple(facet.field for facet in FACETS)  # what an engine keeps for counting
MULTI_VALUED = frozenset(facet.field for facet in FACETS if facet.multi)
