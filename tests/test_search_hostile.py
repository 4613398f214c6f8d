"""Any text in the search box gives an answer or a message, never an error."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.models import Article
from search import engine, indexing
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
    engine.compile_query(parsed)  # None or a query: never an exception
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
