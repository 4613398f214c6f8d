"""The JSON API: searching, and one article's stored metadata."""

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from archive.models import Article
from search import service
from search.indexing import SearchUnavailable


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
        return _error(503, "search is unavailable; listings without a keyword still work")
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
    response["Cache-Control"] = "public, max-age=60"
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
        "body": article.body,
        "created_at": article.created_at.isoformat() if hasattr(article, "created_at") else None,
        "updated_at": article.updated_at.isoformat(),
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=300"
    return response


def _place(province) -> dict | None:
    return {"slug": province.slug, "name": province.short_name} if province else None
