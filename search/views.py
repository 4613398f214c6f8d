"""Search pages: the results page, the help page, and the JSON API (searching,
and one article's stored metadata)."""

import calendar
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from archive.models import Article
from search import engine, service
from search.indexing import SearchUnavailable

FACET_TITLES = {
    "province": _("Province (as published)"),
    "province_now": _("Province since 2025"),
    "organ": _("Organ"),
    "congress": _("Congress"),
    "document": _("Documents cited"),
}
# The URL parameter each facet's values select.
FACET_PARAMETERS = {
    "province": "province",
    "province_now": "province",
    "organ": "organ",
    "congress": "congress",
    "document": "document",
}
MAX_FACET_VALUES = 15


def _url(query: QueryDict, **changes) -> str:
    """This page's URL with some parameters given new values (a list each), back on page 1."""
    query = query.copy()
    query.pop("page", None)
    for name, value in changes.items():
        query.setlist(name, value)
    return "?" + query.urlencode()


@require_GET
@cache_control(no_cache=True)  # an edit must show at once: revalidate every time
def search_page(request: HttpRequest) -> HttpResponse:
    parameters = service.SearchParameters(request.GET)
    if not parameters.is_valid():
        return render(request, "search/bad_parameters.html", {"form": parameters}, status=400)
    try:
        page = service.search(parameters.cleaned_data)
    except SearchUnavailable:
        response = render(request, "search/unavailable.html", status=503)
        response["Cache-Control"] = "no-store"
        return response
    query = request.GET
    facets = []
    for name, values in page.facets.items():
        parameter = FACET_PARAMETERS[name]
        selected = query.getlist(parameter)
        items = []
        for item in values[:MAX_FACET_VALUES]:
            toggled = [v for v in selected if v != item.value] if item.selected else [*selected, item.value]
            items.append({"item": item, "url": _url(query, **{parameter: toggled})})
        if items:
            facets.append({"name": name, "title": FACET_TITLES[name], "items": items})
    chips = []
    labels = {
        (FACET_PARAMETERS[name], item.value): item.label for name, values in page.facets.items() for item in values
    }
    for parameter in ("province", "organ", "congress", "document", "year"):
        for value in query.getlist(parameter):
            remaining = [v for v in query.getlist(parameter) if v != value]
            chips.append({"label": labels.get((parameter, value), value), "url": _url(query, **{parameter: remaining})})
    carry = "?" + urlencode({"q": parameters.cleaned_data["q"]}) if parameters.cleaned_data.get("q") else ""
    context = {
        "form": parameters,
        "page": page,
        "rows": [{"article": article, "snippet": page.snippets.get(article.pk, "")} for article in page.articles],
        "facets": facets,
        "chips": chips,
        "carry": carry,
        "years": [
            {
                "year": year,
                "count": count,
                "selected": str(year) in query.getlist("year"),
                "url": _url(query, year=_toggled(query.getlist("year"), str(year))),
            }
            for year, count in page.years
        ],
        "months": [
            {"label": f"{month}/{year}", "count": count, "url": _url(query, **_month_range(year, month))}
            for year, month, count in page.months
        ]
        if len(query.getlist("year")) == 1
        else [],
        "sort_relevance": _url(query, sort=["relevance"]),
        "sort_date": _url(query, sort=["date"]),
        "previous": _url(query, page=[str(page.page - 1)]) if page.page > 1 else "",
        "next": _url(query, page=[str(page.page + 1)]) if page.page < min(page.pages, service.MAX_PAGE) else "",
        "suggestion_url": _url(query, q=[page.suggestion]) if page.suggestion else "",
        "description": page.query.describe(_label) if page.query else "",
    }
    return render(request, "search/results.html", context)


def _toggled(selected: list[str], value: str) -> list[str]:
    return [v for v in selected if v != value] if value in selected else [*selected, value]


def _month_range(year: int, month: int) -> dict[str, list[str]]:
    last = calendar.monthrange(year, month)[1]
    return {"date_from": [f"{year}-{month:02d}-01"], "date_to": [f"{year}-{month:02d}-{last}"]}


def _label(kind: str, slug: str) -> str:
    from archive.models import Organ, Province
    from archive.vocabulary import ORGAN_KINDS

    if kind == "organ" and slug.startswith(engine.ORGAN_KIND_PREFIX):
        return ORGAN_KINDS.get(slug.removeprefix(engine.ORGAN_KIND_PREFIX), slug)
    model = Province if kind == "province" else Organ
    found = model.objects.filter(slug=slug).first()
    return (found.short_name if kind == "province" else found.name) if found else slug


@require_GET
@cache_control(public=True, max_age=3600)
def help_page(request: HttpRequest) -> HttpResponse:
    """How to search: the query language, in the interface's language."""
    return render(request, "search/help.html")


def _error(status: int, message: str, **extra) -> JsonResponse:
    return JsonResponse({"error": message, **extra}, status=status, json_dumps_params={"ensure_ascii": False})


@require_GET
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
    carry = "?" + urlencode({"q": parameters.cleaned_data["q"]}) if parameters.cleaned_data.get("q") else ""
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
    facets = {
        name: [{"value": item.value, "label": item.label, "count": item.count} for item in values]
        for name, values in page.facets.items()
    }
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
        },
        json_dumps_params={"ensure_ascii": False},
    )
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def api_article(request: HttpRequest, article_id: int) -> JsonResponse:
    try:
        article = (
            Article.objects.select_related("province", "organ", "duplicate_of")
            .prefetch_related("documents", "congress_mentions__congress", "province__successors")
            .get(pk=article_id)
        )
    except Article.DoesNotExist:
        raise Http404 from None
    province_now = article.province_now
    data = {
        "id": article.pk,
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "title": article.title,
        "rubric": article.rubric,
        "published": article.published_date.isoformat() if article.published_date else None,
        "published_precision": article.published_precision,
        "published_time": article.published_time.isoformat() if article.published_time else None,
        "province": _place(article.province),
        "province_now": _place(province_now),
        "organ": {"slug": article.organ.slug, "name": article.organ.name} if article.organ else None,
        "authors": article.author_list,
        "source_url": article.source_url,
        "source_site": article.source_site,
        "documents": [document.number for document in article.documents.all()],
        "congresses": [
            {
                "id": mention.congress_id,
                "name": str(mention.congress),
                "level": mention.congress.level,
                "number": mention.congress.number,
                "term": mention.congress.term,
                "surface": mention.surface,
            }
            for mention in article.congress_mentions.all()
        ],
        "duplicate_of": article.duplicate_of_id,
        "raw_format": article.raw_format,
        "source_encoding": article.source_encoding,
        "source_metadata": article.source_metadata,
        "captured_at": article.captured_at.isoformat() if article.captured_at else None,
        "edited_fields": article.edited_fields,
        "body": article.body,
        "created_at": article.created_at.isoformat(),
        "updated_at": article.updated_at.isoformat(),
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=300"
    return response


def _place(province) -> dict | None:
    return {"slug": province.slug, "name": province.short_name} if province else None
