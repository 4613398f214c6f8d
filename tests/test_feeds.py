"""Atom feeds of searches and browse listings, and the other files machines
read: the OpenSearch description, the sitemap and robots.txt."""

import datetime as dt
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.http import QueryDict
from django.utils import timezone

from archive import sitemaps
from archive.importing import import_pages
from archive.models import Article, Congress, Organ, Province
from search import feeds, indexing, service
from tests.conftest import DEMO_PAGES, damage_index_reads
from tests.test_exports import make_articles

pytestmark = pytest.mark.django_db


def parsed(response) -> feedparser.FeedParserDict:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    return feed


def newest(**parameters) -> list[Article]:
    data = QueryDict(mutable=True)
    for name, value in parameters.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    data["sort"] = "date"
    form = service.SearchParameters(data)
    assert form.is_valid(), form.errors
    return service.search(form.cleaned_data).articles


@pytest.fixture
def demo(db) -> None:
    import_pages([DEMO_PAGES])
    indexing.drain()  # the import leaves that to its caller


def test_a_search_feed_carries_the_search_newest_first(client, demo):
    feed = parsed(client.get("/tim-kiem/atom", {"q": "đại hội"}))
    expected = newest(q="đại hội")
    assert len(expected) > 5
    entries = feed.entries[: len(expected)]
    assert [entry.title for entry in entries] == [article.title for article in expected]
    assert [entry.link for entry in entries] == [f"http://testserver/bai/{article.pk}/" for article in expected]
    assert any("Đại hội Đảng bộ" in entry.title for entry in entries)  # Vietnamese intact
    assert "đại hội" in feed.feed.title
    assert feed.feed.links[0].href == "http://testserver/tim-kiem/?q=%C4%91%E1%BA%A1i+h%E1%BB%99i"


def test_an_entry_has_a_stable_id_dates_a_plain_summary_an_author_and_categories(client):
    article = Article.objects.create(
        title="Đại hội Đảng bộ xã Bình An",
        body="Đại hội <b>thành công</b> & đoàn kết.",
        province=Province.objects.get(slug="kien-giang"),
        authors="Trần Văn Phúc",
        published_date=dt.date(2020, 5, 12),
        published_precision="day",
    )
    indexing.drain()
    english = parsed(client.get("/en/tim-kiem/atom", {"q": "dai hoi"})).entries[0]
    vietnamese = parsed(client.get("/tim-kiem/atom", {"province": "kien-giang"})).entries[0]
    assert english.link == f"http://testserver/en/bai/{article.pk}/"
    assert english.id == vietnamese.id == f"http://testserver/bai/{article.pk}/"  # the same in every language
    assert english.published.startswith("2020-05-12T00:00:00")
    assert english.updated_parsed is not None
    # The snippet as text: the page's markup is shown, not obeyed.
    assert english.summary == "Đại hội &lt;b&gt;thành công&lt;/b&gt; &amp; đoàn kết."
    assert english.author == "Trần Văn Phúc"
    assert [tag.term for tag in english.tags] == ["Kiên Giang"]


@pytest.mark.parametrize(
    "parameters",
    [
        {"province": "kien-giang"},
        {"organ": "ban-tuyen-giao-tinh-uy-kien-giang"},
        {"year": "2020"},
        {"date_from": "2020-01-02", "date_to": "2020-01-03"},
        {"q": "đại hội", "province": "kien-giang"},
    ],
)
def test_browse_listings_feed_their_one_filter_with_or_without_words(client, parameters):
    mine = make_articles(3)
    make_articles(2, province="nghe-an", title="Hội nghị")
    Article.objects.filter(title="Hội nghị 1").update(published_date=dt.date(2021, 1, 1))
    Article.objects.filter(title="Hội nghị 2").update(published_date=dt.date(2021, 1, 2))
    feed = parsed(client.get("/tim-kiem/atom", parameters))
    titles = [entry.title for entry in feed.entries]
    if "date_from" in parameters:
        assert titles == ["Đại hội Đảng bộ xã 3", "Đại hội Đảng bộ xã 2"]
    else:
        assert titles == [article.title for article in reversed(mine)]


def test_a_congress_listing_has_a_feed(client):
    make_articles(2)
    congress = Congress.objects.get()
    feed = parsed(client.get("/tim-kiem/atom", {"congress": congress.pk}))
    assert len(feed.entries) == 2 and str(congress) in feed.feed.title


def test_relevance_is_the_order_only_when_asked_for_with_words(client):
    in_body = Article.objects.create(
        title="Hội nghị sơ kết",
        body="Bàn về chuyển đổi số.",
        published_date=dt.date(2021, 1, 1),
        published_precision="day",
    )
    in_title = Article.objects.create(
        title="Chuyển đổi số", body="Hội nghị.", published_date=dt.date(2020, 1, 1), published_precision="day"
    )
    indexing.drain()
    by_date = parsed(client.get("/tim-kiem/atom", {"q": "chuyen doi so"}))
    assert [entry.title for entry in by_date.entries] == [in_body.title, in_title.title]
    by_relevance = parsed(client.get("/tim-kiem/atom", {"q": "chuyen doi so", "sort": "relevance"}))
    assert [entry.title for entry in by_relevance.entries] == [in_title.title, in_body.title]


def test_a_feed_holds_the_newest_fifty(client, monkeypatch):
    make_articles(4)
    assert feeds.FEED_LENGTH == 50
    monkeypatch.setattr(feeds, "FEED_LENGTH", 3)
    feed = parsed(client.get("/tim-kiem/atom", {"province": "kien-giang"}))
    assert [entry.title for entry in feed.entries] == [
        "Đại hội Đảng bộ xã 4",
        "Đại hội Đảng bộ xã 3",
        "Đại hội Đảng bộ xã 2",
    ]


def test_bad_parameters_are_a_400_and_an_unreadable_index_a_503(client, monkeypatch):
    response = client.get("/tim-kiem/atom", {"year": "abc"})
    assert response.status_code == 400 and response["Content-Type"].startswith("text/plain")
    assert "year" in response.content.decode() and response["Cache-Control"] == "no-store"
    assert client.get("/tim-kiem/atom", {"date_from": "2021-01-01", "date_to": "2020-01-01"}).status_code == 400
    make_articles(1)
    damage_index_reads(monkeypatch, OSError("damaged segment"))
    response = client.get("/tim-kiem/atom", {"q": "đại hội"})
    assert response.status_code == 503 and response["Cache-Control"] == "no-store"
    assert len(parsed(client.get("/tim-kiem/atom", {"province": "kien-giang"})).entries) == 1


def test_feeds_may_be_kept_for_a_minute(client):
    assert client.get("/tim-kiem/atom")["Cache-Control"] == "public, max-age=60"


@pytest.mark.parametrize("parameters", [{"q": "đại hội"}, {"province": "kien-giang"}, {}])
def test_a_feed_takes_as_many_queries_for_many_articles_as_for_few(client, django_assert_max_num_queries, parameters):
    # The province check, the ids and, past the feed's length, their count
    # (none of them from the index), the articles with province and organ,
    # the province's name for the feed's title.
    bound = 5
    make_articles(2)
    with django_assert_max_num_queries(bound):
        few = parsed(client.get("/tim-kiem/atom", parameters))
    make_articles(60, province="kien-giang", title="Đại hội Đảng bộ phường")
    with django_assert_max_num_queries(bound):
        many = parsed(client.get("/tim-kiem/atom", parameters))
    assert (len(few.entries), len(many.entries)) == (2, 50)


# --- OpenSearch, the sitemap, robots.txt ------------------------------------------


def test_the_opensearch_description_gives_the_search_and_feed_templates(client):
    response = client.get("/opensearch.xml")
    assert response["Content-Type"] == "application/opensearchdescription+xml"
    assert response["Cache-Control"] == "public, max-age=3600"
    ns = {"os": "http://a9.com/-/spec/opensearch/1.1/"}
    root = ET.fromstring(response.content)
    assert 0 < len(root.find("os:ShortName", ns).text) <= 16  # the spec's limit
    assert root.find("os:InputEncoding", ns).text == "UTF-8"
    templates = {url.get("type"): url.get("template") for url in root.findall("os:Url", ns)}
    assert templates["text/html"] == "http://testserver/tim-kiem/?q={searchTerms}"
    assert templates["application/atom+xml"] == "http://testserver/tim-kiem/atom?q={searchTerms}"


SITEMAP = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def locations(response) -> list[str]:
    assert response.status_code == 200
    return [loc.text for loc in ET.fromstring(response.content).iter(f"{{{SITEMAP['sm']}}}loc")]


def test_the_sitemap_lists_articles_and_browse_pages(client):
    articles = make_articles(2)
    index = client.get("/sitemap.xml")
    assert index["Cache-Control"] == "public, max-age=3600"
    sections = locations(index)
    assert "http://testserver/sitemap-articles.xml" in sections
    listed = [url for section in sections for url in locations(client.get(section.removeprefix("http://testserver")))]
    for article in articles:
        assert f"http://testserver/bai/{article.pk}/" in listed
    congress = Congress.objects.get()
    for path in (
        "/",
        "/en/",
        "/tinh/",
        "/ban-do/",
        "/tro-giup/tim-kiem/",
        "/tinh/kien-giang/",
        "/co-quan/ban-tuyen-giao-tinh-uy-kien-giang/",
        f"/dai-hoi/{congress.pk}/",
        "/nam/2020/",
        "/nam/2020/1/",
    ):
        assert f"http://testserver{path}" in listed, path
    assert not any("/tim-kiem/?" in url or "/tim-kiem/atom" in url for url in listed)
    updated = timezone.localdate(Article.objects.get(pk=articles[0].pk).updated_at)
    assert f"<lastmod>{updated.isoformat()}</lastmod>" in client.get("/sitemap-articles.xml").content.decode()


def test_the_article_sitemap_is_split_into_pages(client, monkeypatch):
    make_articles(5)
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    sections = locations(client.get("/sitemap.xml"))
    pages = [url for url in sections if "sitemap-articles.xml" in url]
    assert pages == [
        "http://testserver/sitemap-articles.xml",
        "http://testserver/sitemap-articles.xml?p=2",
        "http://testserver/sitemap-articles.xml?p=3",
    ]
    assert len(locations(client.get("/sitemap-articles.xml", {"p": 3}))) == 1


def test_robots_keep_out_of_search_results_and_find_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Cache-Control"] == "public, max-age=3600"
    lines = response.content.decode().splitlines()
    for path in ("/tim-kiem/", "/en/tim-kiem/", "/admin/", "/api/"):
        assert f"Disallow: {path}" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /" not in lines  # the rest is open


def test_characters_xml_cannot_carry_never_break_a_feed(client):
    organ = Organ.objects.create(kind="btg", name="Ban Tuyên giáo", slug="ban-tuyen-giao-thu")
    # Stored behind the model's back (as an old database or a raw SQL fix could).
    article = Article.objects.create(title="Hội nghị", body="Nội dung.", organ=organ)
    Article.objects.filter(pk=article.pk).update(title="Hội nghị\x0bTỉnh ủy \ufffe", authors="A\x1b[31m")
    Organ.objects.filter(pk=organ.pk).update(name="Ban\x0bTuyên giáo")
    response = client.get("/tim-kiem/atom")
    assert response.status_code == 200
    feed = parsed(response)
    assert feed.bozo == 0
    assert feed.entries[0].title == "Hội nghị Tỉnh ủy"
