"""The facet table (search/facets.py) is what every part reads: the page, the
API, the exports, the chips, counting in the index and in the database. The
author facet was added through it alone (a row, and a field of the index
document)."""

import datetime as dt
import json
import unicodedata
import urllib.parse

import pytest
from django.http import QueryDict

from archive.models import Article, Province
from search import facets, service
from search.search_indexes import ArticleIndex
from search.service import SearchParameters
from tests.test_search import add, index, run

pytestmark = pytest.mark.django_db

AN = "Nguyễn Văn An"
ANH = "Nguyễn Văn Anh"  # contains AN's name: never counted or found as AN
BINH = "Trần Thị Bình"


@pytest.fixture
def bylines() -> dict[str, Article]:
    articles = {
        "both": add("Đại hội Đảng bộ tỉnh", authors=f"{AN}, {BINH}", province="kien-giang"),
        "an": add("Đại hội chi bộ", authors=AN, province="nghe-an"),
        "anh": add("Đại hội đoàn", authors=ANH),
        "none": add("Đại hội công đoàn"),
    }
    index()
    return articles


def counts(page: service.SearchPage, name: str) -> dict[str, int]:
    return {item.value: item.count for item in page.facets[name]}


def test_every_facet_of_the_table_is_on_the_page_in_the_api_and_a_parameter(client, bylines):
    page = run("dai hoi")
    assert list(page.facets) == [facet.name for facet in facets.FACETS]
    data = json.loads(client.get("/api/search", {"q": "dai hoi"}, HTTP_HOST="127.0.0.1").content)
    assert set(data["facets"]) == {facet.name for facet in facets.FACETS} | {"year", "month"}
    assert set(facets.PARAMETERS) <= set(SearchParameters().fields)
    # Each facet's field is in the index document, so that both engines count it.
    assert {facet.field for facet in facets.FACETS} <= set(ArticleIndex().fields)


@pytest.mark.parametrize("q", ["dai hoi", ""])
def test_authors_are_counted_whole_names_with_and_without_words(bylines, q):
    assert counts(run(q), "author") == {AN: 2, BINH: 1, ANH: 1}


@pytest.mark.parametrize("q", ["dai hoi", ""])
def test_an_author_selected_finds_that_byline_only(bylines, q):
    page = run(q, author=AN)
    assert {article.pk for article in page.articles} == {bylines["both"].pk, bylines["an"].pk}
    # Counted without its own selection, so that a second author can be added.
    assert counts(page, "author") == {AN: 2, BINH: 1, ANH: 1}
    assert [item.value for item in page.facets["author"] if item.selected] == [AN]
    assert {article.pk for article in run(q, author=[AN, ANH]).articles} == {
        bylines["both"].pk,
        bylines["an"].pk,
        bylines["anh"].pk,
    }


def test_the_database_counts_authors_as_the_index_does(bylines, monkeypatch):
    from_index = counts(run(""), "author")
    # Without a usable index the listing counts in SQL (search.service._database_counts).
    monkeypatch.setattr(service, "_counted_in_index", lambda cleaned, parsed: None)
    assert counts(run(""), "author") == from_index
    assert counts(run("", author=AN), "author") == from_index


def test_a_name_inside_another_is_not_that_author_in_the_database(bylines):
    found = set(Article.objects.filter(facets.BY_NAME["author"].condition([AN])).values_list("pk", flat=True))
    assert found == {bylines["both"].pk, bylines["an"].pk}
    assert set(Article.objects.filter(facets.BY_NAME["author"].condition([ANH])).values_list("pk", flat=True)) == {
        bylines["anh"].pk
    }


def test_an_unknown_author_is_a_400_that_says_so(client, bylines):
    data = QueryDict(mutable=True)
    data.setlist("author", ["Không Ai Cả"])
    form = SearchParameters(data)
    assert not form.is_valid() and "author" in form.errors
    assert client.get("/tim-kiem/", {"author": "Không Ai Cả"}).status_code == 400


def test_the_page_shows_the_author_facet_a_chip_and_the_summary(client, bylines):
    html = client.get("/tim-kiem/", {"q": "dai hoi", "author": AN}).content.decode()
    assert '<h2 id="facet-author">Tác giả</h2>' in html  # the facet's heading, in the interface's language
    assert f"author={AN}" in html  # the chip's removal, and the selected value's button
    response = client.get("/tim-kiem/", {"q": "dai hoi", "author": AN, "remove": f"author={AN}"})
    assert response.status_code == 302 and "author" not in response["Location"]


def test_the_exports_carry_the_author_selection(client, bylines):
    response = client.get("/tim-kiem/xuat.json", {"q": "dai hoi", "author": AN})
    document = json.loads(response.content)
    assert document["query"]["author"] == [AN]
    assert {record["id"] for record in document["articles"]} == {bylines["both"].pk, bylines["an"].pk}


def test_the_article_page_links_each_author_to_their_listing(client, bylines):
    html = client.get(bylines["both"].get_absolute_url()).content.decode()
    for name in (AN, BINH):
        link = "/tim-kiem/?author=" + urllib.parse.quote(name)
        assert link in html, name
    listed = client.get("/tim-kiem/", {"author": BINH}).content.decode()
    assert bylines["both"].title in listed and bylines["an"].title not in listed


def test_the_model_and_the_index_read_one_rule_for_the_province_now():
    for province in Province.objects.prefetch_related("successors"):
        article = Article(title="T", province=province)
        now = article.province_now
        assert now == province.unit_now()
        assert ArticleIndex().prepare_province_now(article) == now.slug
        successors = list(province.successors.all())
        assert now == (successors[0] if successors else province)
        # The database's selection agrees: a unit selects its predecessors and itself.
        assert province in Province.objects.selected_by([now.slug])


@pytest.mark.parametrize(
    "selection", [{}, {"province": "kien-giang"}, {"author": AN, "year": 2020}, {"province": "an-giang-2025"}]
)
def test_the_database_counts_every_facet_and_year_as_the_index_does(bylines, monkeypatch, selection):
    add("Hội nghị Tỉnh ủy", authors=BINH, province="kien-giang", day=dt.date(2020, 5, 1))
    add("Hội nghị Ban Tuyên giáo", authors=AN, province="an-giang", day=dt.date(2021, 6, 2))
    index()

    def page_counts() -> tuple:
        page = run("", **selection)
        return {name: counts(page, name) for name in page.facets}, page.years, page.months, page.count

    from_index = page_counts()
    monkeypatch.setattr(service, "_counted_in_index", lambda cleaned, parsed: None)
    assert page_counts() == from_index


def test_an_author_typed_in_nfd_is_the_same_author(bylines):
    decomposed = unicodedata.normalize("NFD", AN)
    assert decomposed != AN
    page = run("", author=decomposed)
    assert {article.pk for article in page.articles} == {bylines["both"].pk, bylines["an"].pk}
    assert [item.value for item in page.facets["author"] if item.selected] == [AN]


def test_an_author_selection_is_bounded(bylines):
    # Each name is a scan of the bylines: more than MAX_AUTHORS in one URL is a 400, not a slow page.
    data = QueryDict(mutable=True)
    data.setlist("author", [AN] * facets.MAX_AUTHORS + [BINH])
    assert not SearchParameters(data).is_valid()
    data.setlist("author", [AN, BINH])
    assert SearchParameters(data).is_valid()


def test_the_api_lists_a_facets_most_frequent_values_and_counts_the_rest(client, bylines, monkeypatch):
    from search import views

    monkeypatch.setattr(views, "MAX_LISTED_FACET_VALUES", 1)
    data = json.loads(client.get("/api/search", {"q": "dai hoi", "author": BINH}, HTTP_HOST="127.0.0.1").content)
    # The most frequent author, and the selected one although not among the first.
    assert [item["value"] for item in data["facets"]["author"]] == [AN, BINH]
    assert data["facets_unlisted"] == {"author": 1}  # ANH; every other facet lists all it has
