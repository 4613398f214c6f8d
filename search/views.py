"""Search pages: the results page and its feed and exports, the help page,
the JSON API's search, and the OpenSearch description that lets a browser
add the archive as a search engine."""

import calendar
from urllib.parse import urlencode

from django.contrib.humanize.templatetags.humanize import intcomma
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from archive import caching
from archive.caching import cache_for
from search import exports, feeds, service
from search.facets import BY_NAME, PARAMETERS
from search.indexing import SearchUnavailable
from search.query import ParsedQuery

MAX_FACET_VALUES = 15  # shown at once; the others behind a "more" disclosure
# Values listed in all: a large archive cites thousands of documents, and a
# page listing them all weighs half a megabyte. The rest are counted, and
# reached by typing them (the help says how).
MAX_LISTED_FACET_VALUES = 100
DATE_FORM_FIELDS = ("date_from", "date_to", "page")  # what the date form sets itself
# The parameter of a selected value's button: "province=kien-giang" leaves
# that value out (search_page redirects to the page without it).
REMOVE = "remove"


def _without_removed(query: QueryDict) -> str:
    """The query string of a page with the values its removal buttons name
    ("province=kien-giang") taken out, back on page 1."""
    query = query.copy()
    removals = query.pop(REMOVE, [])
    query.pop("page", None)
    for removal in removals:
        name, _equals, value = removal.partition("=")
        query.setlist(name, [kept for kept in query.getlist(name) if kept != value])
    encoded = query.urlencode()
    return "?" + encoded if encoded else ""


def _as_read(query: QueryDict, parsed: ParsedQuery | None) -> QueryDict:
    """The page's parameters with the query as the archive read it (cut to
    search.query.MAX_QUERY_LENGTH characters): links carry what was searched,
    never more than that, whatever length arrived."""
    if parsed is None or "q" not in query:
        return query
    query = query.copy()
    query.setlist("q", [parsed.text])
    return query


def _carry(page: service.SearchPage) -> str:
    """What an article opened from the results carries, so that it marks the
    searched words: the query as read."""
    return "?" + urlencode({"q": page.query.text}) if page.query and page.query.text else ""


def _url(query: QueryDict, **changes) -> str:
    """This page's URL with some parameters given new values (a list each), back on page 1."""
    query = query.copy()
    query.pop("page", None)
    for name, value in changes.items():
        query.setlist(name, value)
    return "?" + query.urlencode()


@require_safe
@cache_for(caching.REVALIDATE)  # an edit must show at once
def search_page(request: HttpRequest) -> HttpResponse:
    if REMOVE in request.GET:  # a selected value's button: the same page without it
        return redirect(reverse("search") + _without_removed(request.GET))
    parameters = service.SearchParameters(request.GET)
    if not parameters.is_valid():
        return render(request, "search/bad_parameters.html", {"form": parameters}, status=400)
    cleaned = parameters.cleaned_data
    try:
        page = service.search(cleaned)
    except SearchUnavailable:
        response = render(request, "search/unavailable.html", status=503)
        response["Cache-Control"] = "no-store"
        return response
    # A results page repeats the query in each of its links, so links read
    # the query as cut, and the many choices of the facets and the year chart
    # are buttons of one form that carries it once (README, *Searching*).
    query = _as_read(request.GET, page.query)
    names = service.filter_names(cleaned)
    last_page = min(page.pages, service.MAX_PAGE)
    listing = _url(query)  # this result set, for its feed and exports
    context = {
        "form": parameters,
        "page": page,
        "count": intcomma(page.count),
        "suggestion_count": intcomma(page.suggestion_count),
        "rows": [{"article": article, "snippet": page.snippets.get(article.pk, "")} for article in page.articles],
        "facets": _facets(page),
        "chips": _chips(query, cleaned, names),
        "carry": _carry(page),
        "years": year_chart(query, page.years),
        "months": [
            {"label": f"{month}/{year}", "count": intcomma(count), "url": _url(query, **_month_range(year, month))}
            for year, month, count in page.months
        ]
        if len(query.getlist("year")) == 1
        else [],
        "sort_relevance": _url(query, sort=["relevance"]),
        "sort_date": _url(query, sort=["date"]),
        "previous": _url(query, page=[str(page.page - 1)]) if page.page > 1 else "",
        "next": _url(query, page=[str(page.page + 1)]) if page.page < last_page else "",
        "page_links": [
            {"number": number, "url": _url(query, page=[str(number)]), "current": number == page.page}
            if number
            else None
            for number in page_numbers(page.page, last_page)
        ],
        "suggestion_url": _url(query, q=[page.suggestion]) if page.suggestion else "",
        "description": service.describe(cleaned, page.query, names),
        # The date form keeps every other parameter of the page.
        "kept": [(name, value) for name, values in query.lists() for value in values if name not in DATE_FORM_FIELDS],
        # The form of the facets' and years' buttons: each adds its value to these.
        "narrowing": [(name, value) for name, values in query.lists() for value in values if name != "page"],
        "exports": {
            "feed": reverse("search_feed") + listing,
            "csv": reverse("search_export", kwargs={"format": "csv"}) + listing,
            "json": reverse("search_export", kwargs={"format": "json"}) + listing,
            "limit": intcomma(exports.EXPORT_LIMIT),
            "capped": page.count > exports.EXPORT_LIMIT,
        },
    }
    return render(request, "search/results.html", context)


def _listed(values: list[service.FacetValue]) -> list[service.FacetValue]:
    """The values a page or an API answer lists: the most frequent, and a
    selected value always, so that it can be seen and removed."""
    return values[:MAX_LISTED_FACET_VALUES] + [item for item in values[MAX_LISTED_FACET_VALUES:] if item.selected]


def _facets(page: service.SearchPage) -> list[dict]:
    facets = []
    for name, values in page.facets.items():
        parameter = BY_NAME[name].parameter
        listed = _listed(values)
        # Each value is a button of the page's form (search/results.html): it
        # adds the value, or, selected, removes it.
        items = [
            {
                "item": item,
                "count": intcomma(item.count),
                "name": REMOVE if item.selected else parameter,
                "value": f"{parameter}={item.value}" if item.selected else item.value,
            }
            for item in listed
        ]
        if items:
            shown, more = items[:MAX_FACET_VALUES], items[MAX_FACET_VALUES:]
            facets.append(
                {
                    "name": name,
                    "title": BY_NAME[name].title,
                    "items": shown,
                    "more": more,
                    "unlisted": len(values) - len(listed),
                }
            )
    return facets


def _chips(query: QueryDict, cleaned: dict, names: dict[str, dict[str, str]]) -> list[dict]:
    """Each filter of the URL, by name, with what its removal button sends."""
    chips = []
    for parameter in (*PARAMETERS, "year"):
        for value in dict.fromkeys(query.getlist(parameter)):
            label = names.get(parameter, {}).get(value, value)
            chips.append({"label": label, "remove": f"{parameter}={value}"})
    for parameter, words in (("date_from", _("from {day}")), ("date_to", _("until {day}"))):
        day = cleaned.get(parameter)
        if day:
            label = str(words).format(day=f"{day.day}/{day.month}/{day.year}")
            chips.append({"label": label, "remove": f"{parameter}={query.get(parameter)}"})
    return chips


def page_numbers(current: int, last: int, around: int = 2) -> list[int | None]:
    """The page numbers to link: the first, the last and a few around the
    current one, None where numbers are left out: [1, None, 7, 8, 9, 10, 11, None, 40]."""
    shown = sorted({1, last, *range(current - around, current + around + 1)} & set(range(1, last + 1)))
    numbers: list[int | None] = []
    for number in shown:
        if numbers and number - numbers[-1] > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers if len(numbers) > 1 else []


def year_chart(query: QueryDict, years: list[tuple[int, int]]) -> list[dict]:
    """Articles per year as bars, each a button that filters by its year (or,
    selected, removes it). Years without articles between the first and the
    last are kept, as empty rows, so that gaps in the chart are gaps in time."""
    if not years:
        return []
    counts = dict(years)
    highest = max(counts.values())
    selected = query.getlist("year")
    chart = []
    for year in range(years[0][0], years[-1][0] + 1):
        count = counts.get(year, 0)
        chart.append(
            {
                "year": year,
                "count": count,
                "shown": intcomma(count),
                # At least a sliver, so that a year with one article among thousands still shows.
                "share": max(1, round(100 * count / highest)) if count else 0,
                "selected": str(year) in selected,
                "choice": bool(count) or str(year) in selected,
            }
        )
    return chart


def _month_range(year: int, month: int) -> dict[str, list[str]]:
    last = calendar.monthrange(year, month)[1]
    return {"date_from": [f"{year}-{month:02d}-01"], "date_to": [f"{year}-{month:02d}-{last}"]}


def _bad_parameters(parameters: service.SearchParameters) -> HttpResponse:
    """A 400 in plain text, for feed readers and scripts."""
    lines = [f"{name}: {message}" for name, messages in parameters.errors.items() for message in messages]
    return HttpResponse("\n".join(lines) + "\n", status=400, content_type="text/plain; charset=utf-8")


def _unavailable() -> HttpResponse:
    response = HttpResponse(
        "Search is unavailable for now; listings without words still work.\n",
        status=503,
        content_type="text/plain; charset=utf-8",
    )
    response["Cache-Control"] = "no-store"
    return response


@require_safe
@cache_for(caching.LISTING)
def search_feed(request: HttpRequest) -> HttpResponse:
    """The newest articles of a search or listing as Atom (see search.feeds for the order)."""
    parameters = service.SearchParameters(request.GET)
    if not parameters.is_valid():
        return _bad_parameters(parameters)
    cleaned = parameters.cleaned_data
    try:
        result = service.result_ids(cleaned, feeds.FEED_LENGTH, sort=feeds.feed_sort(cleaned))
    except SearchUnavailable:
        return _unavailable()
    feed = feeds.build_feed(request, result, service.load_articles(result.ids), service.describe(cleaned, result.query))
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response


@require_safe
@cache_for(caching.REVALIDATE)
def search_export(request: HttpRequest, format: str) -> HttpResponse:
    """A result set as CSV or JSON, in the search page's order, capped at exports.EXPORT_LIMIT."""
    if format not in exports.FORMATS:
        raise Http404
    parameters = service.SearchParameters(request.GET)
    if not parameters.is_valid():
        return _bad_parameters(parameters)
    cleaned = parameters.cleaned_data
    try:
        result = service.result_ids(cleaned, exports.EXPORT_LIMIT)
    except SearchUnavailable:
        return _unavailable()
    records = exports.records(exports.load(result.ids), lambda article: feeds.permalink(request, article))
    name = exports.filename(cleaned, format, timezone.localdate().isoformat())
    if format == "json":
        document = exports.json_document(result, records, _query_record(cleaned, result))
        response = JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 1})
    else:
        response = HttpResponse(exports.csv_text(records), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    # The CSV has nowhere else to say it was cut short; the JSON says it in its body too.
    response["X-Archive-Total"] = str(result.total)
    response["X-Archive-Exported"] = str(len(records))
    response["X-Archive-Truncated"] = "true" if result.total > len(records) else "false"
    return response


def _query_record(cleaned: dict, result: service.ResultSet) -> dict:
    return {
        "q": cleaned.get("q") or "",
        **{parameter: cleaned.get(parameter) or [] for parameter in PARAMETERS},
        "year": cleaned.get("year") or [],
        "date_from": cleaned["date_from"].isoformat() if cleaned.get("date_from") else None,
        "date_to": cleaned["date_to"].isoformat() if cleaned.get("date_to") else None,
        "sort": cleaned.get("sort") or ("relevance" if cleaned.get("q") else "date"),
        "description": service.describe(cleaned, result.query),
    }


@require_safe
@cache_for(caching.STATIC_DATA)
def opensearch(request: HttpRequest) -> HttpResponse:
    """Lets a browser add the archive as a search engine."""
    context = {
        "search_url": request.build_absolute_uri(reverse("search")),
        "feed_url": request.build_absolute_uri(reverse("search_feed")),
        "self_url": request.build_absolute_uri(),
    }
    return render(request, "search/opensearch.xml", context, content_type="application/opensearchdescription+xml")


@require_safe
@cache_control(public=True, max_age=3600)
def help_page(request: HttpRequest) -> HttpResponse:
    """How to search: the query language, in the interface's language."""
    return render(request, "search/help.html")


def _error(status: int, message: str, **extra) -> JsonResponse:
    return JsonResponse({"error": message, **extra}, status=status, json_dumps_params={"ensure_ascii": False})


@require_safe
def api_search(request: HttpRequest) -> JsonResponse:
    parameters = service.SearchParameters(request.GET)
    if not parameters.is_valid():
        errors = {name: [str(message) for message in messages] for name, messages in parameters.errors.items()}
        return _error(400, "invalid parameters", fields=errors)
    try:
        page = service.search(parameters.cleaned_data)
    except SearchUnavailable:
        response = _error(503, "search is unavailable; listings without a keyword still work")
        response["Cache-Control"] = "no-store"
        return response
    results = []
    # Opening a result carries the query to the article page, which marks it too.
    carry = _carry(page)
    for article in page.articles:
        results.append(
            {
                "id": article.pk,
                "title": article.title,
                "url": request.build_absolute_uri(article.get_absolute_url() + carry),
                "published": article.published_date.isoformat() if article.published_date else None,
                "published_precision": article.published_precision,
                "province": article.province.slug if article.province else None,
                "organ": article.organ.slug if article.organ else None,
                "snippet_html": str(page.snippets.get(article.pk, "")),
                "score": page.scores.get(article.pk),
            }
        )
    # As on the page, each facet lists its most frequent values (and the
    # selected ones): an archive has thousands of authors and documents cited.
    facets = {
        name: [{"value": item.value, "label": item.label, "count": item.count} for item in _listed(values)]
        for name, values in page.facets.items()
    }
    unlisted = {name: len(values) - len(facets[name]) for name, values in page.facets.items()}
    facets["year"] = [{"value": str(year), "label": str(year), "count": count} for year, count in page.years]
    facets["month"] = [
        {"value": f"{year}-{month:02d}", "label": f"{month}/{year}", "count": count}
        for year, month, count in page.months
    ]
    response = JsonResponse(
        {
            "count": page.count,
            "page": page.page,
            "pages": page.pages,
            "query": page.query.describe() if page.query else "",
            "messages": page.messages,
            "suggestion": {"q": page.suggestion, "count": page.suggestion_count} if page.suggestion else None,
            "results": results,
            "facets": facets,
            "facets_unlisted": {name: count for name, count in unlisted.items() if count},
        },
        json_dumps_params={"ensure_ascii": False},
    )
    response["Cache-Control"] = "no-cache"
    return response
