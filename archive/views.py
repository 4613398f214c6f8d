from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from archive.browse import ArticleFilter, filter_articles
from archive.models import Article
from search.query import MAX_QUERY_LENGTH, parse
from search.snippets import mark

MAX_HIT_LINKS = 50


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    form = ArticleFilter(request.GET or None)
    if request.GET and not form.is_valid():
        return render(request, "archive/bad_filter.html", {"form": form}, status=400)
    articles = filter_articles(form.cleaned_data if request.GET else {})
    page = Paginator(articles, settings.ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "archive/home.html", {"form": form, "page": page, "query": query.urlencode()})


@require_GET
def article(request: HttpRequest, article_id: int) -> HttpResponse:
    item = get_object_or_404(
        Article.objects.select_related("province", "organ").prefetch_related(
            "documents", "congress_mentions__congress", "province__successors"
        ),
        pk=article_id,
    )
    # Arriving from a search, the page marks the searched syllables (?q= carries them).
    query = request.GET.get("q", "")
    terms = parse(query[:MAX_QUERY_LENGTH]).terms() if query else ()
    body = mark(item.body, terms)
    return render(
        request,
        "archive/article.html",
        {"article": item, "body": body, "query": query, "hits": range(1, min(body.hits, MAX_HIT_LINKS) + 1)},
    )


@require_GET
def raw_page(request: HttpRequest, article_id: int) -> HttpResponse:
    """The page exactly as it was imported, as plain text."""
    item = get_object_or_404(Article.objects.only("raw_page"), pk=article_id)
    return HttpResponse(item.raw_page, content_type="text/plain; charset=utf-8")
