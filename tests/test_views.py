import pytest
from django.urls import reverse

from archive.importing import import_pages, import_text
from archive.models import Article, Congress
from tests.conftest import DEMO_PAGES
from tests.test_importing import PAGE

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_archive():
    import_pages([DEMO_PAGES])


def test_home_lists_the_newest_articles(client, demo_archive, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get(reverse("home"))
    content = response.content.decode()
    assert response.status_code == 200
    assert f"{Article.objects.count()} bài viết" in content
    newest = Article.objects.order_by("-published_date").first()
    assert content.index(newest.title) < content.index("Trang 1/")


def test_filters_by_province_organ_year_and_congress(client, demo_archive):
    article = Article.objects.exclude(province=None).exclude(organ=None).exclude(published_date=None).first()
    congress = Congress.objects.filter(mentions__isnull=False).first()
    for query in [
        {"province": article.province.slug},
        {"organ": article.organ.slug},
        {"year": article.published_date.year},
        {"congress": congress.pk},
    ]:
        response = client.get(reverse("home"), query)
        assert response.status_code == 200
        shown = response.context["page"].object_list
        assert shown and all(a in Article.objects.filter(**_lookup(query)) for a in shown), query


def _lookup(query):
    key, value = next(iter(query.items()))
    return {
        "province": {"province__slug": value},
        "organ": {"organ__slug": value},
        "year": {"published_date__year": value},
        "congress": {"congresses": value},
    }[key]


@pytest.mark.parametrize("query", [{"province": "atlantis"}, {"year": "20x0"}, {"congress": "-1"}, {"year": "1800"}])
def test_a_bad_filter_value_is_a_clear_400(client, demo_archive, query):
    response = client.get(reverse("home"), query)
    assert response.status_code == 400
    assert "Không dùng được bộ lọc này" in response.content.decode()


def test_article_page_shows_metadata_and_body(client, django_assert_max_num_queries):
    _, article = import_text(PAGE, source_name="kg.txt")
    with django_assert_max_num_queries(8):
        response = client.get(article.get_absolute_url())
    content = response.content.decode()
    assert article.title in content
    assert "8/8/2020 06:59" in content
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


def test_raw_page_is_served_as_plain_text_exactly(client):
    raw = PAGE + "<script>alert(1)</script>\n"
    _, article = import_text(raw)
    response = client.get(reverse("article_raw", args=[article.pk]))
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
