"""Whatever is typed, a search does work bounded by what it will use.

The clock is not asserted here (scripts/bench times these inputs through
gunicorn): the work is. Every known breaker, the costliest inputs among them,
goes through the search page, the API, the feed and the CSV export while the
engine's entry points are counted: how many words go to the spelling
corrector, how many terms the compiled queries hold, how many times the index
is searched, and how many terms mark the snippets."""

import json
import urllib.parse
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.models import Article
from search import compiling, indexing, reader, service, snippets, tree
from search.engines import whoosh
from search.query import MAX_QUERY_LENGTH, parse

pytestmark = pytest.mark.django_db

BREAKERS = json.loads((Path(__file__).with_name("search_breakers.json")).read_text(encoding="utf-8"))["queries"]
PATHS = ["/api/search", "/tim-kiem/", "/tim-kiem/atom", "/tim-kiem/xuat.csv"]

# The bounds this archive states (README, *Searching*): a query is read up to
# MAX_QUERY_LENGTH characters, so it has at most half as many syllables, each
# searched as itself, its exact spelling and beside its neighbour.
MAX_COMPILED_TERMS = 3 * MAX_QUERY_LENGTH // 2
MAX_SNIPPET_TERMS = MAX_QUERY_LENGTH // 2
MAX_SEARCHES = 3  # the page, its spelling suggestion's count, one facet counted without its selection


class Work:
    """What one request asked of the engine."""

    def __init__(self):
        self.corrected: list[list[str]] = []  # the words sent to the spelling corrector, each request
        self.looked_up: list[str] = []  # the unknown words it walked the word list for
        self.compiled_terms: list[int] = []
        self.searches = 0
        self.snippet_terms: list[int] = []


@pytest.fixture
def work(monkeypatch) -> Work:
    counted = Work()
    corrected_words, compile_query, run, facet_counts = (
        reader.corrected_words,
        compiling.compile_query,
        reader.run,
        reader.facet_counts,
    )
    snippet = snippets.snippet
    unknown_words = whoosh.unknown_words

    def counting_corrected_words(words, limit):
        counted.corrected.append(list(words))
        return corrected_words(words, limit)

    def counting_unknown_words(*args, **kwargs):
        for word in unknown_words(*args, **kwargs):
            counted.looked_up.append(word)
            yield word

    def counting_compile_query(*args, **kwargs):
        compiled = compile_query(*args, **kwargs)
        if compiled is not None:
            counted.compiled_terms.append(len(list(tree.terms(compiled.ranked))))
        return compiled

    def counting_run(*args, **kwargs):
        counted.searches += 1
        return run(*args, **kwargs)

    def counting_facet_counts(*args, **kwargs):
        counted.searches += 1
        return facet_counts(*args, **kwargs)

    def counting_snippet(text, terms, *args, **kwargs):
        counted.snippet_terms.append(len(terms))
        return snippet(text, terms, *args, **kwargs)

    monkeypatch.setattr(reader, "corrected_words", counting_corrected_words)
    monkeypatch.setattr(whoosh, "unknown_words", counting_unknown_words)  # both engines look them up through it
    if django_settings.SEARCH_ENGINE == "xapian":
        from search.engines import xapian

        monkeypatch.setattr(xapian, "unknown_words", counting_unknown_words)
    monkeypatch.setattr(compiling, "compile_query", counting_compile_query)
    monkeypatch.setattr(reader, "run", counting_run)
    monkeypatch.setattr(reader, "facet_counts", counting_facet_counts)
    monkeypatch.setattr(service, "snippet", counting_snippet)
    return counted


@pytest.fixture
def indexed(db):
    Article.objects.create(title="Đại hội Đảng bộ tỉnh", body="Ban Thường vụ Tỉnh ủy quán triệt nghị quyết khóa XIII.")
    Article.objects.create(title="Hội nghị Ban Chấp hành", body="Tỉnh ủy tổng kết công tác xây dựng Đảng năm 2020.")
    indexing.drain()


def assert_bounded(work: Work, text: str) -> None:
    label = text[:40]
    for words in work.corrected:
        # The words read, each once: known ones cost a look-up each.
        assert len(words) <= MAX_SNIPPET_TERMS and len(set(words)) == len(words), (label, len(words))
    assert len(work.corrected) <= 1, label
    assert len(work.looked_up) <= service.MAX_CORRECTED_WORDS, (label, len(work.looked_up))
    assert len({word.lower() for word in work.looked_up}) == len(work.looked_up), (label, "a word looked up twice")
    assert all(terms <= MAX_COMPILED_TERMS for terms in work.compiled_terms), (label, max(work.compiled_terms))
    assert all(terms <= MAX_SNIPPET_TERMS for terms in work.snippet_terms), (label, max(work.snippet_terms))
    assert work.searches <= MAX_SEARCHES, (label, work.searches)


@pytest.mark.parametrize("path", PATHS)
def test_every_known_breaker_costs_bounded_work(client, indexed, work, path):
    for text in BREAKERS:
        work.__init__()
        response = client.get(path, {"q": text}, HTTP_HOST="127.0.0.1")
        assert response.status_code == 200, (path, text[:40], response.status_code)
        assert_bounded(work, text)


def test_a_repeated_unknown_word_is_corrected_once(client, indexed, work):
    # The attack that held a worker for 11 s: one unknown word 2,040 times.
    response = client.get("/api/search", {"q": "31m+ " * 2_040}, HTTP_HOST="127.0.0.1")
    assert response.status_code == 200
    assert work.looked_up == ["31m"]


def test_only_the_words_read_are_corrected(client, indexed, work):
    # Words past the cut are not searched, so not corrected either.
    text = " ".join(f"xq{number}z" for number in range(400))
    response = client.get("/api/search", {"q": text}, HTTP_HOST="127.0.0.1")
    assert json.loads(response.content)["count"] == 0
    assert work.looked_up == [f"xq{number}z" for number in range(service.MAX_CORRECTED_WORDS)]


def test_a_misspelt_word_is_still_corrected_after_many_known_ones(client, indexed, work):
    # Known words cost a look-up each and do not count against the limit.
    data = json.loads(client.get("/api/search", {"q": "nghị quyếk"}, HTTP_HOST="127.0.0.1").content)
    assert data["count"] == 0 and data["suggestion"]["q"] == "nghị quyet"  # the index's folded syllable
    assert work.looked_up == ["quyếk"]
    long = "Đại hội Đảng bộ tỉnh Ban Thường vụ Tỉnh ủy quán triệt nghị quyếk"  # 13 known syllables first
    data = json.loads(client.get("/api/search", {"q": long}, HTTP_HOST="127.0.0.1").content)
    assert data["count"] == 0 and data["suggestion"]["q"].endswith("quán triệt nghị quyet")


def test_word_order_ranking_reads_the_cut_query(client, indexed, work):
    # Neighbouring pairs from the words read, not from the 2,000 words sent.
    text = " ".join(f"p{number % 97} q{number % 89}" for number in range(1_000))
    client.get("/api/search", {"q": text}, HTTP_HOST="127.0.0.1")
    assert max(work.compiled_terms) <= MAX_COMPILED_TERMS


# Repeated and distinct unknown words, phrases and abbreviations, in lengths up
# to what a request line holds: the fuzzing of test_search_hostile, aimed at cost.
WORDS = st.sampled_from(["31m+", "xqz", "đảng", "BTV", "khóa", "OR", "-", '"', "tỉnh:", "ướợ", "TU", "XIII"])
COSTLY = st.builds(
    lambda words, repeat: " ".join(words) * repeat,
    st.lists(WORDS | st.text(min_size=1, max_size=6), min_size=1, max_size=8),
    st.integers(min_value=1, max_value=400),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=COSTLY)
def test_any_costly_text_costs_bounded_work(client, indexed, work, text):
    work.__init__()
    response = client.get("/tim-kiem/", {"q": text}, HTTP_HOST="127.0.0.1")
    assert response.status_code == 200
    assert_bounded(work, text)


# --- the size of a results page ------------------------------------------------------

# Where a results page repeats the query as read (README, *Searching*): the
# title, the search box, the two forms, the feed in the head, the sort link,
# three exports, twenty articles, up to eleven page links, twelve months, a
# suggestion and "remove all filters"; however many values are selected (their
# chips and removals are buttons of the form). The language switcher repeats
# the address as asked for, twice.
MAX_QUERY_COPIES = 55


@pytest.fixture
def many_values(db):
    """Articles spread over 40 provinces, 10 organs and 15 years: a page of
    results with long facet lists and a long year chart."""
    from archive.models import Organ, Province

    provinces = list(Province.objects.order_by("slug")[:40])
    organs = [
        Organ.objects.create(kind="tinh_uy", name=f"Ban số {number}", slug=f"ban-so-{number}") for number in range(10)
    ]
    for number in range(60):
        Article.objects.create(
            title=f"Đại hội Đảng bộ số {number}",
            body="Đại hội Đảng bộ nhiệm kỳ mới.",
            province=provinces[number % len(provinces)],
            organ=organs[number % len(organs)],
            published_date=f"{2005 + number % 15}-05-12",
            published_precision="day",
        )
    indexing.drain()
    return provinces


def copies(content: str, text: str) -> int:
    from urllib.parse import quote_plus

    return content.count(quote_plus(text)) + content.count(text)


def test_a_long_query_is_repeated_a_bounded_number_of_times(client, many_values):
    # The attack: a 1.75 KB query came back in about 420 links (844 KB).
    text = "đại hội " + " ".join(f"từ{number}" for number in range(300))
    response = client.get("/tim-kiem/", {"q": "đại hội"})
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count('class="choice"') > 60, "the fixture gives long facet lists and a long year chart"
    assert copies(content, "đại hội") <= MAX_QUERY_COPIES

    response = client.get("/tim-kiem/", {"q": text})
    content = response.content.decode()
    read = parse(text).text
    assert len(read) <= MAX_QUERY_LENGTH < len(text)
    # Only the language switcher repeats the address as it was asked for (on every page).
    assert copies(content, text) == 2, "links carry the query as read, never longer"
    assert copies(content, read) <= MAX_QUERY_COPIES


def test_selections_add_no_copies_of_the_query(client, many_values):
    provinces = [province.slug for province in many_values[:5]]
    content = client.get("/tim-kiem/", {"q": "đại hội", "province": provinces, "year": ["2006", "2007"]}).content
    assert copies(content.decode(), "đại hội") <= MAX_QUERY_COPIES


def test_a_long_query_with_every_value_selected_stays_within_the_stated_size(client, many_values):
    # What a review found after the facets became buttons: each selection's links
    # repeated the query, so the page grew with selections times the query.
    text = " ".join(["đại hội Đảng bộ nhiệm kỳ mới"] * 6)
    parameters = {"q": text, "province": [p.slug for p in many_values], "year": [str(y) for y in range(1930, 2101)]}
    response = client.get("/tim-kiem/", parameters)
    assert response.status_code == 200
    content = response.content.decode()
    assert copies(content, text) <= MAX_QUERY_COPIES
    assert len(response.content) < 300_000, len(response.content)


def test_a_removal_button_leads_to_the_page_without_that_value(client, many_values):
    first, second = many_values[0].slug, many_values[1].slug
    parameters = {
        "q": "đại hội",
        "province": [first, second],
        "year": ["2006", "2007"],
        "date_from": "1/7/2006",
        "page": "2",
    }
    for removal, expected in [
        (f"province={first}", {"province": [second], "year": ["2006", "2007"], "date_from": ["1/7/2006"]}),
        ("year=2007", {"province": [first, second], "year": ["2006"], "date_from": ["1/7/2006"]}),
        ("date_from=1/7/2006", {"province": [first, second], "year": ["2006", "2007"]}),
        ("province=not-selected", {"province": [first, second], "year": ["2006", "2007"], "date_from": ["1/7/2006"]}),
    ]:
        response = client.get("/tim-kiem/", {**parameters, "remove": removal})
        assert response.status_code == 302, removal
        location = urllib.parse.urlsplit(response["Location"])
        assert location.path == "/tim-kiem/"
        left = urllib.parse.parse_qs(location.query)
        assert left == {"q": ["đại hội"], **expected}, removal  # back on page 1, without the removal
    assert client.get("/en/tim-kiem/", {"remove": "year=2006", "year": "2006"})["Location"] == "/en/tim-kiem/"


def test_a_facet_choice_adds_its_value_to_the_page_parameters(client, many_values):
    from django.http import QueryDict
    from lxml import html

    province = many_values[1].slug  # article 1: published in 2006
    content = client.get("/tim-kiem/", {"q": "đại hội", "province": province, "year": "2006"}).content
    page = html.fromstring(content)
    (form,) = page.xpath('//form[@id="narrow"]')
    carried = QueryDict(mutable=True)
    for field in form.xpath(".//input"):
        carried.appendlist(field.get("name"), field.get("value"))
    assert carried.getlist("q") == ["đại hội"] and carried.getlist("province") == [province]
    assert carried.getlist("year") == ["2006"]
    # A choice submits the form with its own value added: that page must exist.
    choice = page.xpath('//button[@form="narrow" and @name="province"]')[0]
    carried.appendlist("province", choice.get("value"))
    narrowed = client.get("/tim-kiem/?" + carried.urlencode())
    assert narrowed.status_code == 200
    facets = narrowed.context["page"].facets
    selected = {value.value for name in ("province", "province_now") for value in facets[name] if value.selected}
    assert selected == {province, choice.get("value")}


def test_the_worst_query_gives_a_page_within_the_stated_size(client, many_values):
    # 500 characters, most of them letters that take nine bytes each in a link.
    # Alternatives (OR), so that it finds articles and every link of a full page is there.
    text = ("hội OR " + " OR ".join(["ướợ", "ờởỡ", "ữựứ"] * 60))[:MAX_QUERY_LENGTH]
    response = client.get("/tim-kiem/", {"q": text})
    assert response.status_code == 200
    assert response.context["page"].count > 40  # twenty articles and page links
    assert len(response.content) < 300_000, len(response.content)
