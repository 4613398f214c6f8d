"""The archive as scripts/serve runs it: gunicorn, DEBUG off, static files
through WhiteNoise, demo pages imported, in a data directory of its own."""

import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests.conftest import ROOT, serve_archive


def get(url: str) -> tuple[int, dict, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8")


SERVED_ENV: dict[str, str] = {}  # the served archive's environment, for commands run beside it


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with serve_archive(tmp_path_factory.mktemp("served")) as archive:
        SERVED_ENV.update(archive.env)
        yield archive.url


def test_home_page_lists_the_demo_pages(served):
    status, _, body = get(served + "/")
    assert status == 200
    assert "Lưu trữ tin Đảng bộ các tỉnh" in body
    assert "34 bài viết" in body
    assert "Đại hội Đảng bộ phường Rạch Giá lần thứ I" in body  # the newest pages come first


def test_static_files_are_served_with_long_cache_headers(served):
    _, _, body = get(served + "/")
    stylesheet = body.split('rel="stylesheet" href="')[1].split('"')[0]
    assert stylesheet.startswith("/static/css/site.") and stylesheet.endswith(".css")  # hashed name
    status, headers, css = get(served + stylesheet)
    assert status == 200 and "--accent" in css
    assert "max-age=315360000" in headers["Cache-Control"]


def test_debug_is_off(served):
    status, _, body = get(served + "/no-such-page/")
    assert status == 404
    assert "Không tìm thấy trang" in body and "Traceback" not in body and "URLconf" not in body


def test_article_and_admin_login_pages(served):
    status, _, body = get(served + "/bai/1/")
    assert status == 200 and "Đường dẫn cố định" in body
    assert "/bai/1/trang-goc/" not in body  # the raw page keeps readers' details: staff only
    status, _, body = get(served + "/bai/1/trang-goc/")
    assert status == 200 and "Quản trị" in body  # the sign-in page it was sent to
    status, _, body = get(served + "/admin/login/")
    assert status == 200 and "Quản trị" in body


def test_the_search_api_answers_through_gunicorn(served):
    import json
    import urllib.parse

    status, headers, body = get(served + "/api/search?" + urllib.parse.urlencode({"q": "dai hoi dang bo"}))
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    data = json.loads(body)
    assert data["count"] > 0 and "<mark>" in data["results"][0]["snippet_html"]
    status, _, body = get(served + "/api/search?province=nowhere")
    assert status == 400 and "province" in json.loads(body)["fields"]


def test_an_edit_in_another_process_is_searchable_through_every_worker_within_seconds(served):
    import json
    import urllib.parse

    edit = (
        "from archive.models import Article\n"
        "article = Article.objects.get(pk=3)\n"
        "article.title = 'Hội thảo khoa học về lịch sử Đảng bộ tỉnh quêxyz'\n"
        "article.save()\n"
    )
    subprocess.run([sys.executable, "manage.py", "shell", "-c", edit], cwd=ROOT, env=SERVED_ENV, check=True)
    url = served + "/api/search?" + urllib.parse.urlencode({"q": "quexyz"})
    deadline = time.monotonic() + 5
    answers = []
    while time.monotonic() < deadline:
        status, _, body = get(url)
        answers.append((status, [result["id"] for result in json.loads(body)["results"]]))
        if len(answers) >= 10 and all(found == [3] for _, found in answers[-6:]):
            break
        time.sleep(0.1)
    # Two workers answer in turn: each one's searcher has seen the edit.
    assert answers[-6:] == [(200, [3])] * 6, answers
