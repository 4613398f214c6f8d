"""The archive as scripts/serve runs it: gunicorn, DEBUG off, static files
through WhiteNoise, demo pages imported, in a data directory of its own."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests.conftest import ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, dict, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8")


SERVED_ENV: dict[str, str] = {}  # the served archive's environment, for commands run beside it


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("served")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ARCHIVE_", "DJANGO_"))}
    env |= {"ARCHIVE_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "archive.settings"}
    (data_dir / "secret_key").write_text("served-test-key-" + "s" * 40)
    SERVED_ENV.update(env)
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--no-input"], ["collectstatic", "--no-input"], ["import_pages", "demo/pages"]):
        subprocess.run(manage + command + ["--verbosity", "0"], cwd=ROOT, env=env, check=True)
    port = free_port()
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    server = subprocess.Popen(
        [gunicorn, "archive.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--no-control-socket"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/admin/login/", timeout=2)
            break
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail("gunicorn did not start: " + server.stderr.read().decode()[-2000:])
            time.sleep(0.2)
    yield base
    server.terminate()
    server.wait(timeout=10)


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
    assert status == 200 and "trang gốc như khi nhận" in body
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
