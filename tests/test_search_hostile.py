"""Any text in the search box gives an answer or a message, never an error."""

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.models import Article
from search import compiling, indexing
from search.query import parse

pytestmark = pytest.mark.django_db

# Letters Vietnamese uses, the query language's own characters, and Whoosh's.
CHARACTERS = "aăâđeêioôơuưy ĐẠẢÃÀÁ ờởỡớợ \"'“”-:*?()[]{}^~!+&|\\/.,;_0123456789"
TOKENS = ["OR", "AND", "NOT", "HOẶC", "tỉnh:", "năm:", "từ:", "BTV", "XIII", "\u202e", "\x00", "🙂", "中"]
ALPHABET = st.sampled_from([*CHARACTERS, *TOKENS])
QUERIES = st.lists(ALPHABET, max_size=60).map("".join) | st.text(max_size=300)


@given(text=QUERIES)
def test_parsing_and_compiling_never_fail(text):
    parsed = parse(text)
    compiling.compile_query(parsed)  # None or a query: never an exception
    assert len(parsed.required) + len(parsed.excluded) <= 40


@pytest.fixture
def indexed(db):
    Article.objects.create(title="Đại hội Đảng bộ tỉnh", body="Ban Thường vụ Tỉnh ủy quán triệt nghị quyết.")
    indexing.drain()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=QUERIES)
def test_the_search_api_answers_any_text(client, indexed, text):
    response = client.get("/api/search", {"q": text}, HTTP_HOST="127.0.0.1")
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["count"] >= 0 and isinstance(data["messages"], list)


# Known breakers of search boxes and query parsers: each must get an answer
# (a 200 with results or a message), never a server error.
BREAKERS = json.loads((Path(__file__).with_name("search_breakers.json")).read_text(encoding="utf-8"))["queries"]

MALFORMED_FILTERS = [
    {"province": "atlantis"},
    {"organ": "khong-co"},
    {"year": "hai-nghin"},
    {"year": "99999999999999999999"},
    {"congress": "-1"},
    {"congress": "abc"},
    {"date_from": "2025-13-45"},
    {"date_from": "2021-01-01", "date_to": "2020-01-01"},
    {"sort": "random()"},
    {"page": "0"},
    {"page": "-5"},
    {"page": "999999999999"},
    {"page": "một"},
]


@pytest.mark.parametrize("path", ["/api/search", "/tim-kiem/"])
def test_known_breakers_get_an_answer_never_an_error(client, indexed, path):
    for text in BREAKERS:
        response = client.get(path, {"q": text}, HTTP_HOST="127.0.0.1")
        assert response.status_code == 200, (path, text[:40], response.status_code)
        if path == "/api/search":
            data = json.loads(response.content)
            assert data["count"] >= 0 and isinstance(data["messages"], list), text[:40]
            # The query is cut to a bounded size, whatever arrives: that bounds the work.
            assert len(json.dumps(data)) < 200_000, text[:40]
    long = json.loads(client.get("/api/search", {"q": "đại hội " * 2_000}, HTTP_HOST="127.0.0.1").content)
    assert long["messages"], "a query cut short says so"


@pytest.mark.parametrize("path", ["/api/search", "/tim-kiem/", "/tim-kiem/atom", "/tim-kiem/xuat.csv"])
def test_unknown_or_malformed_filters_are_a_400_that_says_which(client, indexed, path):
    for params in MALFORMED_FILTERS:
        response = client.get(path, {"q": "đảng", **params}, HTTP_HOST="127.0.0.1")
        assert response.status_code == 400, (path, params, response.status_code)
        body = response.content.decode()
        named = next(iter(params)) if "date_to" not in params else "date"
        assert named.split("_")[0] in body or "ngày" in body, (path, params, body[:300])
