"""The public pages one browses: home, provinces, organs, congresses, the
calendar, the map and the article itself (and, in the JSON API, its stored
metadata); and the files robots look for (robots.txt, the sitemap). Listings
are those of the search page without a keyword (see archive.browse)."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS, WEEKDAYS, WEEKDAYS_ABBR
from django.utils.translation import pgettext
from django.views.decorators.http import require_safe
from django.views.defaults import page_not_found

from archive import browse, maps
from archive.caching import ARTICLE, LISTING, STATIC_DATA, cache_for
from archive.models import Article, Congress, Organ, Province
from archive.sitemaps import SITEMAPS
from archive.vocabulary import FIRST_YEAR, LAST_YEAR
from search.query import MAX_QUERY_LENGTH, parse
from search.snippets import mark

MAX_HIT_LINKS = 50
MONTH_PER_PAGE = 100  # a month's list in few pages, so that the calendar's days mostly link within the page
CHART_WIDTH = 300  # units of the year chart's bars (the labels take the rest)
CHART_ROW = 28
MAP_WIDTH = 400


def _page(articles: QuerySet[Article], request: HttpRequest, per_page: int | None = None) -> Page:
    """The requested page of a listing; a page that does not exist is a 404, not another
    address for page 1 that caches and crawlers would keep."""
    try:
        return Paginator(articles, per_page or settings.ARTICLES_PER_PAGE).page(request.GET.get("page", 1))
    except InvalidPage as error:
        raise Http404(str(error)) from error


@require_safe
@cache_for(LISTING)
def home(request: HttpRequest) -> HttpResponse:
    years = browse.year_counts()
    context = {
        "total": Article.objects.count(),
        "newest": browse.newest(10),
        "provinces": browse.top_provinces(10),
        "kinds": browse.organ_kind_counts(),
        "organs": browse.top_organs(10),
        "bars": browse.bars(years, width=CHART_WIDTH, row=CHART_ROW),
        "chart_height": len(years) * CHART_ROW,
        "feed_query": "",
    }
    return render(request, "archive/home.html", context)


@require_safe
@cache_for(LISTING)
def provinces(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "archive/provinces.html",
        {"legacy": browse.legacy_provinces(), "current": browse.current_provinces()},
    )


@require_safe
@cache_for(LISTING)
def province(request: HttpRequest, slug: str) -> HttpResponse:
    item = get_object_or_404(Province.objects.prefetch_related("successors", "predecessors"), slug=slug)
    predecessors = list(item.predecessors.all())
    now = item.unit_now()
    context = {
        "province": item,
        "predecessors": predecessors,
        "now": now if now != item else None,  # shown as "now part of", only when merged
        "page": _page(browse.listing(province=[item.slug]), request),
        "organs": browse.organs_of(item, predecessors),
        "congresses": browse.congresses_of(item, predecessors),
        "feed_query": urlencode({"province": item.slug}),
    }
    return render(request, "archive/province.html", context)


@require_safe
@cache_for(LISTING)
def organs(request: HttpRequest) -> HttpResponse:
    return render(request, "archive/organs.html", {"groups": browse.organs_by_kind()})


@require_safe
@cache_for(LISTING)
def organ(request: HttpRequest, slug: str) -> HttpResponse:
    item = get_object_or_404(Organ.objects.select_related("province"), slug=slug)
    context = {
        "organ": item,
        "page": _page(browse.listing(organ=[item.slug]), request),
        "feed_query": urlencode({"organ": item.slug}),
    }
    return render(request, "archive/organ.html", context)


@require_safe
@cache_for(LISTING)
def congresses(request: HttpRequest) -> HttpResponse:
    return render(request, "archive/congresses.html", {"groups": browse.congresses_by_level()})


@require_safe
@cache_for(LISTING)
def congress(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Congress.objects.select_related("province"), pk=pk)
    context = {
        "congress": item,
        "page": _page(browse.listing(congress=[item.pk]), request),
        "feed_query": urlencode({"congress": item.pk}),
    }
    return render(request, "archive/congress.html", context)


@require_safe
@cache_for(LISTING)
def years(request: HttpRequest) -> HttpResponse:
    counts = browse.year_counts()
    context = {
        "bars": browse.bars(counts, width=CHART_WIDTH, row=CHART_ROW),
        "chart_height": len(counts) * CHART_ROW,
        "undated": Article.objects.filter(published_date=None).count(),
    }
    return render(request, "archive/years.html", context)


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404("no such year")


@require_safe
@cache_for(LISTING)
def year_archive(request: HttpRequest, year: int) -> HttpResponse:
    _check_year(year)
    before, after = browse.dated_around(*browse.year_bounds(year))
    previous, following = (before.year if before else None), (after.year if after else None)
    context = {
        "year": year,
        "months": [
            {"month": row.month, "name": MONTHS[row.month], "count": row.count} for row in browse.months_of(year)
        ],
        "year_only": Article.objects.filter(
            published_date__range=browse.year_bounds(year),
            published_precision=Article.Precision.YEAR,
        ).count(),
        "page": _page(browse.listing(year=[year]), request),
        "previous": previous,
        "next": following,
        "feed_query": urlencode({"year": year}),
    }
    return render(request, "archive/year.html", context)


@require_safe
@cache_for(LISTING)
def month_archive(request: HttpRequest, year: int, month: int) -> HttpResponse:
    _check_year(year)
    if not 1 <= month <= 12:
        raise Http404("no such month")
    first, last = browse.month_bounds(year, month)
    before, after = browse.dated_around(*browse.month_bounds(year, month), to_the_month=True)
    previous = (before.year, before.month) if before else None
    following = (after.year, after.month) if after else None
    dated = browse.listing(date_from=first, date_to=last).filter(published_precision=Article.Precision.DAY)
    page = _page(dated, request, MONTH_PER_PAGE)
    context = {
        "first": first,
        "weekdays": [(WEEKDAYS_ABBR[day], WEEKDAYS[day]) for day in range(7)],
        "weeks": browse.month_grid(year, month, browse.day_counts(year, month), MONTH_PER_PAGE),
        "page": page,
        # Known only to the month: not on any day, shown once, with the first page.
        "month_only": list(
            browse.listing(date_from=first, date_to=last).filter(published_precision=Article.Precision.MONTH)
        )
        if page.number == 1
        else [],
        "label": _month_label(year, month),
        "previous": {"year": previous[0], "month": previous[1], "label": _month_label(*previous)} if previous else None,
        "next": {"year": following[0], "month": following[1], "label": _month_label(*following)} if following else None,
        "feed_query": urlencode({"date_from": first.isoformat(), "date_to": last.isoformat()}),
    }
    return render(request, "archive/month.html", context)


def _month_label(year: int, month: int) -> str:
    """ "tháng 8/2020": the form Article.published_display gives a date known to the month."""
    return pgettext("a date known to the month", "%(month)s/%(year)s") % {"month": month, "year": year}


@require_safe
@cache_for(LISTING)
def province_map(request: HttpRequest) -> HttpResponse:
    view = request.GET.get("view", "legacy")
    if view not in ("legacy", "current"):
        return HttpResponseBadRequest("view: legacy or current", content_type="text/plain; charset=utf-8")
    current = view == "current"
    if current:
        shown = list(Province.objects.current())
        counts = browse.current_counts()
    else:
        shown = list(Province.objects.legacy())
        counts = browse.article_counts_by_province()
    drawn = maps.points(shown, counts, width=MAP_WIDTH)
    context = {
        "current": current,
        "points": drawn,
        "labelled": {point.province.pk for point in sorted(drawn, key=lambda p: -p.count)[:6] if point.count},
        "rows": sorted(drawn, key=lambda point: (-point.count, point.province.unaccented_name)),
        "width": MAP_WIDTH,
        "height": round(MAP_WIDTH * maps.aspect(maps.VIETNAM)),
        "parallels": maps.parallels(width=MAP_WIDTH),
    }
    return render(request, "archive/map.html", context)


@require_safe
@cache_for(ARTICLE)
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
    context = {
        "article": item,
        "body": body,
        "query": query,
        "hits": range(1, min(body.hits, MAX_HIT_LINKS) + 1),
        "related": browse.related(item),
        "month_page": browse.month_page_of(item.published_date, MONTH_PER_PAGE)
        if item.published_precision == Article.Precision.DAY
        else 1,
        "permalink": request.build_absolute_uri(item.get_absolute_url()),
        "today": timezone.localdate(),
    }
    return render(request, "archive/article.html", context)


@require_safe
@staff_member_required
def raw_page(request: HttpRequest, article_id: int) -> HttpResponse:
    """The page exactly as it was imported, as plain text, for staff only: a
    raw page still holds what extraction removed, such as the names and
    e-mail addresses of readers in a comment block."""
    item = get_object_or_404(Article.objects.only("raw_page"), pk=article_id)
    response = HttpResponse(item.raw_page, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
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


@require_safe
@cache_for(STATIC_DATA)
def robots_txt(request: HttpRequest) -> HttpResponse:
    context = {"sitemap_url": request.build_absolute_uri(reverse("sitemap"))}
    return render(request, "archive/robots.txt", context, content_type="text/plain; charset=utf-8")


@require_safe
@cache_for(STATIC_DATA)
def sitemap_index(request: HttpRequest) -> HttpResponse:
    return sitemap_views.index(request, SITEMAPS, sitemap_url_name="sitemap_section")


@require_safe
@cache_for(STATIC_DATA)
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    return sitemap_views.sitemap(request, SITEMAPS, section=section)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The friendly 404, never kept by a cache: the page may exist a minute later (an import)."""
    response = page_not_found(request, exception)
    response["Cache-Control"] = "no-store"
    return response


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """The answer to a sign-in attempt django-axes refuses (settings.AXES_LOCKOUT_CALLABLE)."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    response = render(request, "registration/locked_out.html", context, status=429)
    response["Cache-Control"] = "no-store"
    return response
