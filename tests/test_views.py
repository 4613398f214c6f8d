import datetime as dt

import pytest
from django.db.models import Count
from django.urls import reverse

from archive.importing import import_pages, import_text
from archive.models import NEWEST_FIRST, Article, Congress, CongressMention, Document, Organ, Province
from tests.conftest import DEMO_PAGES
from tests.test_importing import PAGE

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_archive():
    import_pages([DEMO_PAGES])


def test_home_lists_the_newest_articles_and_counts(client, demo_archive, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get(reverse("home"))
    content = response.content.decode()
    assert response.status_code == 200
    assert f"{Article.objects.count()} " in content
    newest = Article.objects.order_by(*NEWEST_FIRST).first()
    assert newest.title in content
    assert 'role="search"' in content and 'name="q"' in content and '<label for="home-q">' in content
    assert f'href="{reverse("search")}"' in content or f'action="{reverse("search")}"' in content
    # Counts by province link to province pages, the year chart to the year pages.
    top = response.context["provinces"][0]
    assert f'href="{reverse("province", args=[top.slug])}"' in content
    assert f'href="{reverse("year_archive", args=[newest.published_date.year])}"' in content
    assert 'aria-labelledby="year-chart-title"' in content
    assert "Ban Tuyên giáo Tỉnh ủy" in content  # a kind of organ, counted
    assert response["Cache-Control"] == "public, max-age=60"


def test_the_filtered_listing_is_the_search_page_and_home_ignores_filters(client, demo_archive):
    province = Province.objects.get(slug="kien-giang")
    response = client.get(reverse("search"), {"province": province.slug})
    assert response.status_code == 200
    assert {a.province_id for a in response.context["page"].articles} == {province.pk}
    assert client.get(reverse("home"), {"province": "atlantis"}).status_code == 200


def test_article_page_shows_metadata_and_body(client, django_assert_max_num_queries):
    _, article = import_text(PAGE, source_name="kg.txt")
    with django_assert_max_num_queries(9):
        response = client.get(article.get_absolute_url())
    content = response.content.decode()
    assert article.title in content
    assert "8/8/2020</a> 06:59" in content
    assert "Kiên Giang</a> (nay thuộc An Giang)" in content
    assert "Ban Tuyên giáo Tỉnh ủy Kiên Giang" in content
    assert "Đại hội Đảng bộ tỉnh Kiên Giang lần thứ XI (2020–2025)" in content
    assert "35-CT/TW" in content
    assert "Bài cùng chuyên mục" not in content
    assert "kg.txt" not in content  # where a file was imported from is for the admin only


def test_an_article_reached_from_a_search_marks_the_searched_syllables(client):
    _, article = import_text(PAGE)
    Article.objects.filter(pk=article.pk).update(body=article.body + "\n\n<b>Đảng bộ</b> & nhân dân.")
    content = client.get(article.get_absolute_url(), {"q": "dang bo"}).content.decode()
    assert '<mark id="hit-1">' in content
    assert "&lt;b&gt;<mark" in content and "&amp; nhân dân" in content  # escaped, then marked
    assert '<a href="#hit-1">1</a>' in content
    plain = client.get(article.get_absolute_url()).content.decode()
    assert "<mark" not in plain and 'class="hits"' not in plain
    missing = client.get(article.get_absolute_url(), {"q": "không có từ này zzz"}).content.decode()
    assert "không có trong nội dung" in missing or "not in the text" in missing


def test_raw_page_is_served_to_staff_as_plain_text_exactly(editor_client):
    from django.test import Client

    raw = PAGE + "<script>alert(1)</script>\n"
    _, article = import_text(raw)
    # It holds what extraction removed (readers' names and e-mails): not public.
    anonymous = Client().get(reverse("article_raw", args=[article.pk]))
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    response = editor_client.get(reverse("article_raw", args=[article.pk]))
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content.decode("utf-8") == raw


def test_missing_articles_get_the_friendly_404(client):
    response = client.get(reverse("article", args=[999999]))
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_vietnamese_is_the_default_whatever_the_browser_asks(client, demo_archive):
    response = client.get(reverse("home"), headers={"accept-language": "en-US,en;q=0.9"})
    assert "Lưu trữ tin Đảng bộ các tỉnh" in response.content.decode()
    assert response["Content-Language"] == "vi"
    assert "Cookie" not in response.get("Vary", "")  # the address alone decides: any cache may keep it


def test_english_is_at_the_same_address_under_en(client, demo_archive):
    home = client.get(reverse("home")).content.decode()
    assert '<a href="/en/" lang="en" hreflang="en">English</a>' in home
    response = client.get("/en/")
    content = response.content.decode()
    assert "Archive of provincial Party news" in content and "34 articles" in content
    assert response["Content-Language"] == "en"
    assert '<a href="/" lang="vi" hreflang="vi">Tiếng Việt</a>' in content  # NFC, unlike Django's own name
    # The switcher keeps the page and its query.
    search = client.get("/en/tim-kiem/", {"q": "đại hội"}).content.decode()
    assert 'href="/tim-kiem/?q=%C4%91%E1%BA%A1i+h%E1%BB%99i"' in search or 'href="/tim-kiem/?q=' in search


def test_a_language_cookie_changes_nothing(client):
    client.cookies["django_language"] = "en"
    assert client.get(reverse("home"))["Content-Language"] == "vi"


# Browse pages ---------------------------------------------------------------

LISTING_CACHE = "public, max-age=60"


def test_article_page_links_to_its_browse_pages_and_cites_itself(client):
    _, article = import_text(PAGE, source_name="kg.txt")
    article = Article.objects.get(pk=article.pk)
    content = client.get(article.get_absolute_url(), {"q": "đảng"}).content.decode()
    assert f'<a href="{reverse("province", args=["kien-giang"])}">Kiên Giang</a> (nay thuộc An Giang)' in content
    assert f'href="{reverse("organ", args=[article.organ.slug])}"' in content
    congress = article.congresses.get(level="provincial")
    assert f'<a href="{reverse("congress", args=[congress.pk])}">{congress}</a>' in content
    assert f'href="{reverse("search")}?document=35-CT/TW"' in content
    permalink = f"http://testserver/bai/{article.pk}/"
    assert f'<link rel="canonical" href="{permalink}">' in content
    assert f'<a href="{permalink}">{permalink}</a>' in content
    citation = content.split('<figure class="citation">')[1].split("</figure>")[0]
    assert f"{article.title}. Ban Tuyên giáo Tỉnh ủy Kiên Giang, Kiên Giang, 8/8/2020." in citation
    assert f"Lưu trữ tin Đảng bộ các tỉnh, {permalink}," in citation
    assert 'class="hit-step" data-step="1"' in content and 'href="#hit-1"' in content
    assert "js/hits.js" in content
    assert client.get(article.get_absolute_url())["Cache-Control"] == "public, max-age=300"


def test_article_page_offers_related_articles(client, demo_archive):
    mention = (
        CongressMention.objects.values("congress").annotate(n=Count("id")).filter(n__gt=1).order_by("congress").first()
    )
    articles = list(Article.objects.filter(congresses=mention["congress"]))
    content = client.get(articles[0].get_absolute_url()).content.decode()
    assert 'id="related-title"' in content and articles[1].title in content


def test_provinces_page_shows_the_63_and_the_34(client, demo_archive, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client.get(reverse("provinces"))
    content = response.content.decode()
    assert len(response.context["legacy"]) == 63 and len(response.context["current"]) == 34
    kien_giang = next(p for p in response.context["legacy"] if p.slug == "kien-giang")
    assert kien_giang.now.slug == "an-giang-2025" and kien_giang.n == 1
    assert "(nay thuộc An Giang)" in content
    an_giang = next(p for p in response.context["current"] if p.slug == "an-giang-2025")
    assert an_giang.n == Article.objects.filter(province__slug__in=["an-giang", "kien-giang", "an-giang-2025"]).count()
    assert f'<a href="{reverse("province", args=["kien-giang"])}">Kiên Giang</a>' in content
    assert '<div class="table-wrap">' in content
    assert response["Cache-Control"] == LISTING_CACHE


def test_a_merged_province_lists_its_predecessors_articles_organs_and_congresses(client, demo_archive):
    response = client.get(reverse("province", args=["an-giang-2025"]))
    content = response.content.decode()
    expected = set(Article.objects.filter(province__slug__in=["an-giang", "kien-giang", "an-giang-2025"]))
    assert set(response.context["page"].object_list) == expected and len(expected) > 1
    assert {organ.province.slug for organ in response.context["organs"]} >= {"kien-giang"}
    congress = Congress.objects.get(level="provincial", province__slug="an-giang-2025")
    assert f'href="{reverse("congress", args=[congress.pk])}"' in content and "2025–2030" in content
    assert f'href="{reverse("search")}?province=an-giang-2025"' in content
    assert '<link rel="alternate" type="application/atom+xml" href="/tim-kiem/atom?province=an-giang-2025"' in content


def test_a_province_before_2025_says_where_it_went(client, demo_archive):
    response = client.get(reverse("province", args=["kien-giang"]))
    content = response.content.decode()
    assert f'href="{reverse("province", args=["an-giang-2025"])}"' in content
    assert [a.province.slug for a in response.context["page"].object_list] == ["kien-giang"]


def test_organ_pages(client, demo_archive):
    organ = Organ.objects.annotate(n=Count("articles")).filter(n__gt=0).select_related("province").first()
    response = client.get(reverse("organ", args=[organ.slug]))
    content = response.content.decode()
    assert set(response.context["page"].object_list) == set(organ.articles.all())
    assert f'href="{reverse("province", args=[organ.province.slug])}"' in content
    assert f"/tim-kiem/atom?organ={organ.slug}" in content
    index = client.get(reverse("organs")).content.decode()
    assert f'href="{reverse("organ", args=[organ.slug])}"' in index and f'id="kind-{organ.kind}"' in index
    assert client.get(reverse("organ", args=["khong-co"])).status_code == 404


def test_congress_pages(client, demo_archive):
    congress = Congress.objects.filter(mentions__isnull=False, term_start__isnull=False).select_related("province")[0]
    response = client.get(reverse("congress", args=[congress.pk]))
    content = response.content.decode()
    assert f"<h1>{congress}</h1>" in content and congress.organisation in content
    assert set(response.context["page"].object_list) == set(congress.articles.all())
    assert f"/tim-kiem/atom?congress={congress.pk}" in content
    index = client.get(reverse("congresses"))
    assert f'href="{reverse("congress", args=[congress.pk])}"' in index.content.decode()
    assert index.context["groups"][0][0] == "toàn quốc"
    assert client.get(reverse("congress", args=[999999])).status_code == 404


def test_years_and_a_year_as_twelve_months(client, demo_archive):
    years = client.get(reverse("years")).content.decode()
    assert f'href="{reverse("year_archive", args=[2020])}"' in years
    response = client.get(reverse("year_archive", args=[2020]))
    content = response.content.decode()
    months = response.context["months"]
    assert [row["month"] for row in months] == list(range(1, 13))
    in_2020 = Article.objects.filter(published_date__year=2020)
    assert sum(row["count"] for row in months) == in_2020.exclude(published_precision="year").count()
    assert response.context["year_only"] == in_2020.filter(published_precision="year").count() == 1
    assert set(response.context["page"].object_list) == set(in_2020)
    for row in months:
        link = f'href="{reverse("month_archive", args=[2020, row["month"]])}"'
        assert (link in content) == bool(row["count"])
    assert response.context["previous"] == 2019 and response.context["next"] == 2021
    assert "/tim-kiem/atom?year=2020" in content


def test_a_month_as_a_calendar(client, demo_archive):
    article = Article.objects.filter(published_precision="day").order_by("published_date").first()
    day = article.published_date
    response = client.get(reverse("month_archive", args=[day.year, day.month]))
    content = response.content.decode()
    assert "<caption>" in content and '<th scope="col">' in content
    headers = content.split("<thead>")[1].split("</thead>")[0]
    assert headers.index("Thứ 2") < headers.index("Chủ nhật")  # Monday first
    anchor = f"day-{day:%Y-%m-%d}"
    assert f'href="#{anchor}"' in content and f'<h3 id="{anchor}">' in content
    assert article in response.context["page"].object_list
    last = 31 if day.month in (1, 3, 5, 7, 8, 10, 12) else 30
    assert f"date_from={day:%Y-%m}-01&amp;date_to={day:%Y-%m}-{last:02d}" in content or day.month == 2


def test_articles_known_only_to_the_month_are_listed_apart(client, demo_archive):
    article = Article.objects.get(published_precision="month")
    day = article.published_date
    response = client.get(reverse("month_archive", args=[day.year, day.month]))
    assert response.context["month_only"] == [article]
    assert article not in response.context["page"].object_list
    assert "Known only to the month" in response.content.decode() or "tháng" in response.content.decode()


@pytest.mark.parametrize(
    "url", ["/nam/2020/13/", "/nam/2020/0/", "/nam/1800/", "/nam/99999/1/", "/tinh/atlantis/", "/dai-hoi/0/"]
)
def test_impossible_browse_addresses_are_404(client, url):
    response = client.get(url)
    assert response.status_code == 404


def test_map_draws_each_province_as_a_linked_circle(client, demo_archive):
    response = client.get(reverse("map"))
    content = response.content.decode()
    assert len(response.context["points"]) == 63
    assert content.count("<circle ") == 63
    kien_giang = reverse("province", args=["kien-giang"])
    assert f'<a href="{kien_giang}" aria-label="Kiên Giang: 1 ' in content
    assert '<svg viewBox="0 0 400 ' in content and '<title id="map-title">' in content
    assert content.count(f'href="{kien_giang}"') == 2  # the circle and the table row
    current = client.get(reverse("map"), {"view": "current"})
    assert len(current.context["points"]) == 34
    an_giang = next(point for point in current.context["points"] if point.province.slug == "an-giang-2025")
    assert (
        an_giang.count == Article.objects.filter(province__slug__in=["an-giang", "kien-giang", "an-giang-2025"]).count()
    )
    assert current["Cache-Control"] == LISTING_CACHE


def test_every_page_has_the_site_navigation_and_feed_links_on_listings(client, demo_archive):
    content = client.get(reverse("home")).content.decode()
    for name in ("provinces", "map", "years", "search", "search_help"):
        assert f'href="{reverse(name)}"' in content
    assert 'class="skip-link"' in content and 'class="language-links"' in content
    assert '<link rel="alternate" type="application/atom+xml" href="/tim-kiem/atom"' in content
    assert 'rel="search" type="application/opensearchdescription+xml"' in content
    article = client.get(Article.objects.first().get_absolute_url()).content.decode()
    assert "application/atom+xml" not in article  # one article is not a listing


# Query bounds: the same bound with the 34 demo articles and with 60 more.


def _more_articles(count=60):
    provinces = list(Province.objects.filter(slug__in=["kien-giang", "an-giang", "an-giang-2025", "ha-noi"]))
    organs = [Organ.for_kind(kind, province) for province in provinces for kind in ("tinh_uy", "ban_tuyen_giao")]
    congress = Congress.objects.filter(province__slug="an-giang-2025").first()
    document = Document.objects.get_or_create(number="35-CT/TW")[0]
    articles = Article.objects.bulk_create(
        Article(
            title=f"Bài thêm {n}",
            body="Đảng bộ tỉnh tổ chức hội nghị.",
            published_date=dt.date(2020, 8, 1 + n % 28) if n % 3 else dt.date(2010 + n % 15, 1 + n % 12, 1),
            published_precision="day" if n % 5 else "month",
            province=provinces[n % len(provinces)],
            organ=organs[n % len(organs)],
            authors="Nguyễn Văn A, Trần Thị B",
        )
        for n in range(count)
    )
    CongressMention.objects.bulk_create(CongressMention(article=article, congress=congress) for article in articles)
    Article.documents.through.objects.bulk_create(
        Article.documents.through(article_id=article.pk, document_id=document.pk) for article in articles
    )
    return articles[0], congress


BOUNDS = {
    "home": 8,
    "provinces": 6,
    "province": 9,
    "organs": 3,
    "organ": 5,
    "congresses": 3,
    "congress": 5,
    "years": 4,
    "year_archive": 7,
    "month_archive": 7,
    "map": 4,
    "article": 10,
}


def _browse_urls(article, congress):
    return [
        ("home", reverse("home")),
        ("provinces", reverse("provinces")),
        ("province", reverse("province", args=["an-giang-2025"])),
        ("province", reverse("province", args=["kien-giang"])),
        ("organs", reverse("organs")),
        ("organ", reverse("organ", args=[article.organ.slug])),
        ("congresses", reverse("congresses")),
        ("congress", reverse("congress", args=[congress.pk])),
        ("years", reverse("years")),
        ("year_archive", reverse("year_archive", args=[2020])),
        ("month_archive", reverse("month_archive", args=[2020, 8])),
        ("map", reverse("map")),
        ("map", reverse("map") + "?view=current"),
        ("article", article.get_absolute_url()),
        ("article", article.get_absolute_url() + "?q=đảng"),
    ]


def test_browse_pages_run_a_bounded_number_of_queries(client, demo_archive, django_assert_max_num_queries):
    article = Article.objects.exclude(organ=None).exclude(province=None).filter(congresses__isnull=False).first()
    congress = Congress.objects.filter(province__slug="an-giang-2025").first()
    for name, url in _browse_urls(article, congress):
        with django_assert_max_num_queries(BOUNDS[name]):
            assert client.get(url).status_code == 200, url
    added, congress = _more_articles()
    article = Article.objects.get(pk=added.pk)
    for name, url in _browse_urls(article, congress):
        with django_assert_max_num_queries(BOUNDS[name]):
            response = client.get(url)
        assert response.status_code == 200, url
    # The pages did grow: the month shows the added days, the province its added articles.
    assert client.get(reverse("month_archive", args=[2020, 8])).context["page"].paginator.count > 30
    assert client.get(reverse("province", args=["an-giang-2025"])).context["page"].paginator.count > 30
