"""A search as the site and the API run it: the URL's parameters in, a page
of articles with snippets and facet counts out.

With a keyword the index finds and counts; without one the database lists
(``archive.listing``: an index is slow at listing everything, and the
database is exact) and the index's columns count, or the database where the
index cannot. Facets are the table of ``search.facets``. Either way the
page's articles are loaded from the database in a fixed number of queries.
``result_ids`` gives the first ids of the same result set, for its feed and
exports.
"""

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass, field

from django import forms
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from archive import listing
from archive.models import NEWEST_FIRST, Article, Organ, Province
from archive.text import fold, slugify_vi
from archive.vocabulary import FIRST_YEAR, LAST_YEAR, ORGAN_KINDS
from search import compiling, reader
from search.analysis import SYLLABLE_RE
from search.errors import SearchUnavailable
from search.facets import FACETS, PARAMETERS
from search.query import ParsedQuery, parse
from search.snippets import snippet

PER_PAGE = 20
MAX_PAGE = 500  # deeper pages are not worth what they cost; narrow the search instead
# Unknown words a spelling correction looks up: a query with more than this is
# not a typo, and each costs a walk of the index's word list (a known word, a look-up).
MAX_CORRECTED_WORDS = 8


class SearchParameters(forms.Form):
    """The URL's parameters. A malformed or unknown value is a 400 with a message, not a silent nothing."""

    q = forms.CharField(required=False, strip=True)
    year = forms.TypedMultipleChoiceField(required=False, coerce=int)
    date_from = forms.DateField(required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    date_to = forms.DateField(required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    sort = forms.ChoiceField(
        required=False, choices=[("relevance", _("relevance")), ("date", _("newest first"))], initial="relevance"
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Whatever is typed is an answer or a message (search.query cleans
        # control characters itself), never a form error.
        self.fields["q"].validators = []
        # A parameter for each facet (search.facets), checked against what
        # exists, in one query per parameter, only for the values given.
        for parameter, facet in PARAMETERS.items():
            given = self.data.getlist(parameter) if self.data else []
            choices = [(value, value) for value in facet.existing(given)] if given else []
            self.fields[parameter] = forms.TypedMultipleChoiceField(
                required=False, coerce=facet.coerce, choices=choices
            )
        self.fields["year"].choices = [(str(year), str(year)) for year in range(FIRST_YEAR, LAST_YEAR + 1)]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is after the end date."))
        return cleaned


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class SearchPage:
    parameters: dict
    query: ParsedQuery | None
    count: int
    page: int
    pages: int
    articles: list[Article]
    snippets: dict[int, str] = field(default_factory=dict)
    scores: dict[int, float] = field(default_factory=dict)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    years: list[tuple[int, int]] = field(default_factory=list)
    months: list[tuple[int, int, int]] = field(default_factory=list)  # (year, month, count)
    messages: list[str] = field(default_factory=list)
    from_index: bool = False
    suggestion: str = ""  # a corrected query, offered only when it finds something
    suggestion_count: int = 0


def resolve_name(kind: str, value: str) -> str | None:
    """What a province or organ typed in the box stands for, or None.

    A province by slug or name, with or without diacritics; where a name is
    both a province until 2025 and the unit formed then ("An Giang"), the
    current unit, which also finds its predecessors' articles. An organ by
    slug or full name, or a kind of organ ("Ban Tuyên giáo": those of every
    province, as ``kind:btg``)."""
    slug = slugify_vi(value)
    folded = fold(value).strip().lower()
    if not folded:
        return None
    if kind == "province":
        matches = list(Province.objects.filter(Q(slug=slug) | Q(unaccented_name__iexact=folded)))
        exact = [province for province in matches if province.slug == value.strip()]  # typed as a slug
        current = [province for province in matches if province.valid_to is None]
        chosen = (exact or current or matches or [None])[0]
        return chosen.slug if chosen else None
    organ = Organ.objects.filter(slug=slug).values_list("slug", flat=True).first()
    if organ:
        return organ
    for organ_kind, name in ORGAN_KINDS.items():
        # "Ban Tuyên giáo Tỉnh ủy", or just "Ban Tuyên giáo".
        if folded in (fold(name).lower(), fold(name.removesuffix(" Tỉnh ủy")).lower()):
            return listing.ORGAN_KIND_PREFIX + organ_kind
    for organ_slug, name in Organ.objects.values_list("slug", "name"):
        if fold(name).lower() == folded:
            return organ_slug
    return None


def search(cleaned: dict) -> SearchPage:
    """Run a search from validated parameters (``SearchParameters.cleaned_data``)."""
    text = cleaned.get("q") or ""
    page = cleaned.get("page") or 1
    sort = cleaned.get("sort") or "relevance"
    parsed = parse(text, resolve_name) if text else None
    if _has_words(parsed):
        if _only_exclusions(cleaned, parsed):
            return SearchPage(cleaned, parsed, 0, page, 1, [], messages=list(parsed.messages))
        return _from_index(cleaned, parsed, page, sort)
    return _from_database(cleaned, parsed, page)


def _has_words(parsed: ParsedQuery | None) -> bool:
    """Whether there are words to find, which only the index can do."""
    return parsed is not None and bool(parsed.required or parsed.excluded)


def _only_exclusions(cleaned: dict, parsed: ParsedQuery) -> bool:
    # Nothing but excluded words: there is nothing to exclude them from.
    return not parsed.required and parsed.filters.is_empty and not compiling.url_filters(cleaned)


@dataclass
class ResultSet:
    total: int  # how many articles the search finds
    ids: list[int]  # the first of them, in order, at most the limit asked for
    query: ParsedQuery | None


def result_ids(cleaned: dict, limit: int, *, sort: str = "") -> ResultSet:
    """The ids of the first ``limit`` articles a search finds, for feeds and
    exports, and how many it finds in all.

    ``sort`` is "relevance" or "date" (newest first); without it, the search
    page's order. A search without words is always newest first: there is no
    relevance to order by."""
    if limit < 1:
        raise ValueError(f"the limit must be positive, not {limit}")
    text = cleaned.get("q") or ""
    parsed = parse(text, resolve_name) if text else None
    if _has_words(parsed):
        if _only_exclusions(cleaned, parsed):
            return ResultSet(0, [], parsed)
        compiled = compiling.compile_query(parsed, extra=compiling.url_filters(cleaned), typed=parsed.text)
        if compiled is not None:
            hits = reader.run(compiled, page=1, per_page=limit, sort=sort or cleaned.get("sort") or "relevance")
            return ResultSet(hits.count, hits.ids, parsed)
    matching = database_articles(cleaned, parsed)
    ids = list(matching.order_by(*NEWEST_FIRST).values_list("id", flat=True)[:limit])
    # Counted over ids alone: a DISTINCT over whole rows would compare every body.
    total = len(ids) if len(ids) < limit else matching.order_by().values("id").count()
    return ResultSet(total, ids, parsed)


def label(kind: str, slug: str) -> str:
    """The name of a province or organ a query's filter names (``ParsedQuery.describe``)."""
    return PARAMETERS[kind].names([slug]).get(slug, slug)


def filter_names(cleaned: dict) -> dict[str, dict[str, str]]:
    """The names of the facet values the URL filters by, by parameter and
    value as given in the URL; one query per parameter given."""
    return {
        parameter: facet.names([str(value) for value in cleaned[parameter]]) if cleaned.get(parameter) else {}
        for parameter, facet in PARAMETERS.items()
    }


def describe(cleaned: dict, parsed: ParsedQuery | None, names: dict[str, dict[str, str]] | None = None) -> str:
    """What a search looks for, in words: the typed query and the URL's filters
    ("the word: đại hội; province: Kiên Giang; years 2019–2020"). ``names`` as
    ``filter_names`` gives them (looked up when not given)."""
    names = filter_names(cleaned) if names is None else names
    parts = [parsed.describe(label)] if parsed is not None else []
    for parameter, facet in PARAMETERS.items():
        if cleaned.get(parameter):
            listed = ", ".join(names[parameter].get(str(value), str(value)) for value in cleaned[parameter])
            parts.append(str(facet.described).format(names=listed, numbers=listed))
    if cleaned.get("year"):
        spans = compiling.year_spans(cleaned["year"])
        if len(spans) == 1 and spans[0][0] == spans[0][1]:
            parts.append(gettext("year {year}").format(year=spans[0][0]))
        else:
            listed = ", ".join(str(first) if first == last else f"{first}–{last}" for first, last in spans)
            parts.append(gettext("years {years}").format(years=listed))
    start, end = cleaned.get("date_from"), cleaned.get("date_to")
    if start and end:
        parts.append(gettext("from {start} to {end}").format(start=_day(start), end=_day(end)))
    elif start:
        parts.append(gettext("from {start}").format(start=_day(start)))
    elif end:
        parts.append(gettext("until {end}").format(end=_day(end)))
    return "; ".join(part for part in parts if part)


def _day(day: dt.date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def _without(cleaned: dict, parameter: str) -> dict:
    return {**cleaned, parameter: []}


def _from_index(cleaned: dict, parsed: ParsedQuery, page: int, sort: str) -> SearchPage:
    compiled = compiling.compile_query(parsed, extra=compiling.url_filters(cleaned), typed=parsed.text)
    if compiled is None:
        return _from_database(cleaned, parsed, page)
    hits = reader.run(compiled, page=page, per_page=PER_PAGE, sort=sort)
    articles = load_articles(hits.ids)
    terms = parsed.terms()
    result = SearchPage(
        parameters=cleaned,
        query=parsed,
        count=hits.count,
        page=page,
        pages=max(1, math.ceil(hits.count / PER_PAGE)),
        articles=articles,
        snippets={article.pk: snippet(article.body, terms) for article in articles},
        scores=dict(zip(hits.ids, hits.scores, strict=True)),
        messages=list(parsed.messages),
        from_index=True,
    )
    facets = {facet.name: hits.facets[facet.field] for facet in FACETS}
    facets, years = _unselected_counts(
        cleaned,
        facets,
        hits.years,
        lambda values, _parameter: _index_counted(compiling.compile_query(parsed, extra=compiling.url_filters(values))),
    )
    result.facets = _labelled(facets, cleaned)
    result.years = sorted(years.items())
    result.months = sorted((year, month, count) for (year, month), count in hits.months.items())
    if hits.count == 0:
        result.suggestion, result.suggestion_count = _suggestion(cleaned, parsed)
    return result


def _suggestion(cleaned: dict, parsed: ParsedQuery) -> tuple[str, int]:
    """A spelling correction of the query and how much it finds, or ("", 0)
    when no correction finds anything: a suggestion that leads nowhere is
    worse than none.

    Its work is bounded whatever is typed: only the text the parser read (cut
    to MAX_QUERY_LENGTH), each word once, and at most MAX_CORRECTED_WORDS
    unknown ones looked up, since each costs a walk of the index's word list."""
    text = parsed.text
    searched = set(parsed.terms())  # not operators, filter names or excluded words
    words = [word for word in SYLLABLE_RE.findall(text) if fold(word).lower() in searched]
    corrections = reader.corrected_words(list(dict.fromkeys(words)), MAX_CORRECTED_WORDS)
    if not corrections:
        return "", 0
    corrected = SYLLABLE_RE.sub(lambda match: corrections.get(match.group(), match.group()), text)
    attempt = parse(corrected, resolve_name)
    compiled = compiling.compile_query(attempt, extra=compiling.url_filters(cleaned))
    if compiled is None:
        return "", 0
    count = reader.run(compiled, page=1, per_page=1).count
    return (corrected, count) if count else ("", 0)


def load_articles(ids: list[int]) -> list[Article]:
    """The page's articles in the index's order; one gone since it was indexed is skipped."""
    found = Article.objects.select_related("province", "organ").in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def _unselected_counts(cleaned: dict, facets: dict[str, Counter], years: Counter, counted_for):
    """Each facet with a selection counted as if its own selection were not
    made, so that a second value can be added (several values of one facet
    find pages with any of them); the years likewise. ``counted_for(values,
    parameter)`` counts with the other URL parameters alone, at least what
    ``parameter`` selects: (facet counts by name, years, months), or None when
    nothing would be searched (the counts are then left as they are). The
    same for the index and the database."""
    for parameter in [*PARAMETERS, "year"]:
        if not cleaned.get(parameter):
            continue
        counted = counted_for(_without(cleaned, parameter), parameter)
        if counted is None:
            continue
        counts, unselected_years, _months = counted
        if parameter == "year":
            years = unselected_years
        else:
            facets.update({facet.name: counts[facet.name] for facet in FACETS if facet.parameter == parameter})
    return facets, years


def _index_counted(compiled) -> tuple[dict[str, Counter], Counter, Counter] | None:
    """Facet counts by facet name, years and months of a compiled search, from the index."""
    if compiled is None:
        return None
    counts, years, months = reader.facet_counts(compiled)
    return {facet.name: counts[facet.field] for facet in FACETS}, years, months


def _database_counted(
    cleaned: dict, parsed: ParsedQuery | None, only: str | None = None
) -> tuple[dict[str, Counter], Counter, Counter]:
    """The same, grouped in SQL (when the index cannot answer); with
    ``only``, just what that URL parameter selects (its facets, or the years)."""
    matching = database_articles(cleaned, parsed).order_by()  # an ordering would split the groups
    dated = matching.exclude(published_date=None)
    facets = {facet.name: Counter() for facet in FACETS}
    years: Counter = Counter()
    months: Counter = Counter()
    if only != "year":
        counted = [facet for facet in FACETS if only is None or facet.parameter == only]
        facets.update(_database_counts(matching, counted))
    if only in (None, "year"):
        years = Counter(dict(dated.values_list("published_date__year").annotate(n=Count("id", distinct=True))))
    if only is None:
        by_month = (
            dated.exclude(published_precision=Article.Precision.YEAR)
            .values_list("published_date__year", "published_date__month")
            .annotate(n=Count("id", distinct=True))
        )
        months = Counter({(year, month): n for year, month, n in by_month})
    return facets, years, months


def database_articles(cleaned: dict, parsed: ParsedQuery | None = None) -> QuerySet[Article]:
    """Articles matching the URL's filters and those typed in the box,
    straight from the database (``archive.listing``)."""
    typed = parsed.filters if parsed else None
    values = {parameter: list(cleaned.get(parameter) or []) for parameter in PARAMETERS}
    if typed:
        values["province"] += typed.provinces
        values["organ"] += typed.organs
    conditions = [PARAMETERS[parameter].condition(given) for parameter, given in values.items() if given]
    if cleaned.get("year"):
        conditions.append(listing.by_year(cleaned["year"]))
    start = _latest(cleaned.get("date_from"), typed.date_from if typed else None)
    end = _earliest(cleaned.get("date_to"), typed.date_to if typed else None)
    if typed and typed.years:
        start = _latest(start, dt.date(typed.years[0], 1, 1))
        end = _earliest(end, dt.date(typed.years[1], 12, 31))
    return listing.articles(*conditions, date_from=start, date_to=end)


def _latest(*days):
    days = [day for day in days if day]
    return max(days) if days else None


def _earliest(*days):
    days = [day for day in days if day]
    return min(days) if days else None


def _from_database(cleaned: dict, parsed: ParsedQuery | None, page: int) -> SearchPage:
    matching = database_articles(cleaned, parsed)
    ids = list(matching.order_by(*NEWEST_FIRST).values_list("id", flat=True))
    count = len(ids)
    page_ids = ids[(page - 1) * PER_PAGE : page * PER_PAGE]
    articles = load_articles(page_ids)
    counted = _counted_in_index(cleaned, parsed)
    if counted is None:
        counted = _counted(cleaned, lambda values, parameter=None: _database_counted(values, parsed, parameter))
    return _database_page(cleaned, parsed, page, count, articles, *counted)


def _database_page(cleaned, parsed, page, count, articles, counts, years, months) -> SearchPage:
    result = SearchPage(
        parameters=cleaned,
        query=parsed,
        count=count,
        page=page,
        pages=max(1, math.ceil(count / PER_PAGE)),
        articles=articles,
        snippets={article.pk: snippet(article.body, ()) for article in articles},
        messages=list(parsed.messages) if parsed else [],
    )
    result.facets = _labelled(counts, cleaned)
    result.years = sorted(years.items())
    result.months = sorted(months)  # (year, month, count)
    return result


def _counted_in_index(cleaned: dict, parsed: ParsedQuery | None):
    """The facet, year and month counts of a listing without words, from the
    index's columns (kept per index generation), or None when the index cannot
    answer. Grouping 10,000 articles by each facet in SQL takes a few hundred
    milliseconds; the columns take a few. The index follows the database within
    a second of a commit, like every search with words."""
    typed = compiling.typed_filters(parsed.filters) if parsed else []
    try:
        return _counted(
            cleaned,
            lambda values, _parameter=None: _index_counted(compiling.listing([*compiling.url_filters(values), *typed])),
        )
    except SearchUnavailable:
        return None


def _counted(cleaned: dict, counted_for):
    """(facet counts, years, months) of a listing, each facet and the years
    counted without their own selection."""
    facets, years, months = counted_for(cleaned, None)
    facets, years = _unselected_counts(cleaned, facets, years, counted_for)
    return facets, years, [(year, month, n) for (year, month), n in months.items()]


def _database_counts(matching: QuerySet[Article], counted: list = FACETS) -> dict[str, Counter]:
    counts = {facet.name: facet.counted(matching) for facet in counted}
    for counter in counts.values():
        counter.pop(None, None)
        counter.pop("None", None)
        counter.pop("", None)
    return {name: Counter({str(value): n for value, n in counter.items()}) for name, counter in counts.items()}


def _labelled(counts: dict[str, Counter], cleaned: dict) -> dict[str, list[FacetValue]]:
    """Facet counts with their display names, most frequent first; one query per kind."""
    labelled = {}
    for facet in FACETS:
        if facet.hidden is not None:
            for value in facet.hidden(counts[facet.name].keys()):
                counts[facet.name].pop(value, None)
    # One look-up for the facets that name their values alike (both province facets).
    names: dict = {}
    for facet in FACETS:
        names.setdefault(facet.names, set()).update(map(str, counts[facet.name]))
    names = {function: function(values) if values else {} for function, values in names.items()}
    for facet in FACETS:
        counted = counts[facet.name]
        labels = names[facet.names]
        selected = {str(value) for value in cleaned.get(facet.parameter) or []}
        values = [
            FacetValue(str(value), labels.get(str(value), str(value)), count, str(value) in selected)
            for value, count in counted.items()
        ]
        labelled[facet.name] = _most_first(values)
    return labelled


def _most_first(values: list[FacetValue], named: int = 200) -> list[FacetValue]:
    """Most frequent first, and by name among equals; a large archive has
    thousands of documents cited once, so only the first ``named`` values (and
    those tied with the last of them) are put in order of their names."""
    values.sort(key=lambda item: -item.count)
    if len(values) > named:
        last = values[named - 1].count
        cut = next((index for index, item in enumerate(values) if item.count < last), len(values))
        values[:cut] = sorted(values[:cut], key=lambda item: (-item.count, fold(item.label).lower()))
        return values
    return sorted(values, key=lambda item: (-item.count, fold(item.label).lower()))
