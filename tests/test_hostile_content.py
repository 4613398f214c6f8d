"""Pages that try to run script, imported as they come: everywhere their text
appears (article, raw page, search results and snippets, the API, feeds,
exports, the admin) it is shown as text, never as markup."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from archive.importing import import_text
from search import indexing

pytestmark = pytest.mark.django_db

ATTACKS = [
    "<script>alert('tiêu đề')</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(2)">bấm vào đây</a>',
    '<svg onload="alert(3)"></svg>',
    '"><iframe src="javascript:alert(4)"></iframe>',
]
# Broken and double entities, which a careless unescape turns into markup.
ENTITIES = "&lt;script&gt;alert(5)&lt;/script&gt; &#x3C;b&#x3E; &amp;lt;i&amp;gt; &#xZZ; &#99999999; &"
HUGE_LINE = "Đảng bộ " * 25_000  # one line of 200,000 characters

PAGE = f"""Đại hội Đảng bộ xã Hòa Bình {ATTACKS[0]} lần thứ XV
Thứ Hai, 12/10/2020 08:00

Sáng 12/10, Đại hội Đảng bộ xã Hòa Bình khai mạc. {ATTACKS[1]}
Đại biểu thảo luận văn kiện {ATTACKS[2]} và bầu Ban Chấp hành.
{ATTACKS[3]} {ATTACKS[4]}
{ENTITIES}
{HUGE_LINE}

Nguyễn Văn A {ATTACKS[0]}
"""

# What must never reach a browser as markup, whatever page it is on.
LIVE_MARKUP = [
    "<script>alert",
    "<img src=x",
    '<a href="javascript:',
    "<svg onload",
    "<iframe",
    "<b>",
    "<i>",
]


@pytest.fixture
def hostile(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _, article = import_text(PAGE, source_name="hostile.txt")
    indexing.drain()
    return article


def assert_inert(body: str, where: str) -> None:
    for markup in LIVE_MARKUP:
        assert markup not in body, (where, markup)


def test_hostile_text_is_shown_as_text_on_every_public_page(client, hostile):
    pages = {
        "article": f"/bai/{hostile.pk}/",
        "search": "/tim-kiem/?q=dai+hoi+dang+bo+hoa+binh",
        "search for the attack": "/tim-kiem/?q=script+alert",
        "atom feed": "/tim-kiem/atom?q=dai+hoi",
        "home": "/",
    }
    for where, url in pages.items():
        response = client.get(url, HTTP_HOST="127.0.0.1")
        assert response.status_code == 200, where
        body = response.content.decode()
        assert_inert(body, where)
    # The raw page is the page exactly as received, as plain text no browser may take for HTML.
    client.force_login(User.objects.create_user("bien-tap-vien", is_staff=True))  # staff only
    raw = client.get(f"/bai/{hostile.pk}/trang-goc/", HTTP_HOST="127.0.0.1")
    assert raw["Content-Type"] == "text/plain; charset=utf-8" and raw["X-Content-Type-Options"] == "nosniff"
    assert raw.content.decode() == PAGE
    article = client.get(pages["article"], HTTP_HOST="127.0.0.1").content.decode()
    assert "&lt;script&gt;alert(&#x27;tiêu đề&#x27;)&lt;/script&gt;" in article  # shown, as text
    search = client.get(pages["search"], HTTP_HOST="127.0.0.1").content.decode()
    assert "<mark>" in search  # snippets are marked after escaping, not before


def test_hostile_text_stays_text_in_the_api_and_the_exports(client, hostile):
    api = client.get("/api/search", {"q": "dai hoi hoa binh"}, HTTP_HOST="127.0.0.1")
    assert api["Content-Type"].startswith("application/json")
    result = api.json()["results"][0]
    assert "<script>" in result["title"]  # data, for the client to escape: as it was written
    assert "<script" not in result["snippet_html"] and "<mark>" in result["snippet_html"]
    exported = client.get("/tim-kiem/xuat.csv", {"q": "dai hoi hoa binh"}, HTTP_HOST="127.0.0.1")
    assert exported["Content-Type"].startswith("text/csv")
    assert exported["X-Content-Type-Options"] == "nosniff"  # never sniffed into HTML
    document = client.get("/tim-kiem/xuat.json", {"q": "dai hoi hoa binh"}, HTTP_HOST="127.0.0.1")
    assert document["Content-Type"].startswith("application/json")


def test_hostile_text_is_shown_as_text_in_the_admin(editor_client, hostile):
    for url in [
        reverse("admin:archive_article_change", args=[hostile.pk]),
        reverse("admin:archive_article_changelist") + "?q=hoa+binh",
        reverse("admin:archive_importbatch_changelist"),
    ]:
        response = editor_client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content.decode(), url)
