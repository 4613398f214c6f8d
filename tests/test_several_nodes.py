"""Two web nodes behind one address, as on two machines: gunicorn instances
on different ports, each with a data directory (static files) of its own,
sharing one database, one search index directory and one secret key, with
one search_index --watch applying queued changes. An editor signed in
through either node edits through it, and the other node shows the edit at
once on the article page and in search within seconds.

Under DATABASE_URL (the PostgreSQL pass of scripts/test) the nodes share a
PostgreSQL database of their own. On SQLite, which is a file on one machine,
they share the data directory instead: still two servers, no shared memory."""

import importlib.util
import json
import sys
import time
import urllib.parse
import urllib.request

from tests.conftest import (
    ROOT,
    SERVED_EDITOR,
    archive_env,
    gunicorn_serving,
    manage,
    set_up_archive,
    watching_the_queue,
)

# scripts/httpforms.py: what a browser does with a form, shared with scripts/load.
_spec = importlib.util.spec_from_file_location("httpforms", ROOT / "scripts" / "httpforms.py")
httpforms = importlib.util.module_from_spec(_spec)
sys.modules["httpforms"] = httpforms
_spec.loader.exec_module(httpforms)


def search_ids(node: str, words: str) -> list[int]:
    with urllib.request.urlopen(node + "/api/search?" + urllib.parse.urlencode({"q": words}), timeout=10) as answer:
        return [result["id"] for result in json.loads(answer.read())["results"]]


def test_an_edit_through_one_node_is_seen_through_the_other(tmp_path, own_database):
    shared = {
        "ARCHIVE_SECRET_KEY": "two-nodes-share-this-key-" + "k" * 30,
        "ARCHIVE_INDEX_DIR": str(tmp_path / "index"),
        # Web requests only queue changes; the one watcher writes the index.
        "ARCHIVE_SEARCH_DRAIN_ON_COMMIT": "false",
        **own_database,
    }
    on_postgresql = bool(own_database)
    directories = [tmp_path / "a", tmp_path / "b"] if on_postgresql else [tmp_path / "one"] * 2
    for directory in directories:
        directory.mkdir(exist_ok=True)
    env_a, env_b = (archive_env(directory, **shared) for directory in directories)
    set_up_archive(env_a, editor=True)  # the database and the index, once for both
    manage(env_b, "collectstatic", "--noinput", "--verbosity", "0")
    article = int(
        manage(
            env_a,
            "shell",
            "--no-imports",
            "-c",
            "from archive.models import Article; print(Article.objects.order_by('pk').first().pk)",
        ).split()[-1]
    )

    with (
        watching_the_queue(env_a, tmp_path / "watcher.log"),
        gunicorn_serving(env_a, tmp_path / "a.log") as node_a,
        gunicorn_serving(env_b, tmp_path / "b.log") as node_b,
    ):
        editor = httpforms.Browser()
        status, landed, _ = editor.submit(
            node_a + "/admin/login/", "login-form", username=SERVED_EDITOR[0], password=SERVED_EDITOR[1]
        )
        assert status == 200 and not landed.rstrip("/").endswith("/login"), landed
        # Signed in through one node is signed in through the other: sessions live in the shared database.
        status, landed, page = editor.get(node_b + "/admin/")
        assert status == 200 and "/login/" not in landed, landed

        for through, seen_from, title, words in [
            (node_a, node_b, "Hội thảo chuyển đổi số xanh ở cơ sở", "chuyen doi so xanh"),
            (node_b, node_a, "Tọa đàm kinh tế biển bền vững", "kinh te bien ben vung"),
        ]:
            change = f"{through}/admin/archive/article/{article}/change/"
            status, landed, page = editor.submit(change, "article_form", title=title)
            assert status == 200 and landed.endswith("/admin/archive/article/"), (landed, page[-2000:])

            status, _, page = editor.get(f"{seen_from}/bai/{article}/")
            assert status == 200 and title in page  # the database: at once
            deadline, found = time.monotonic() + 15, []
            while time.monotonic() < deadline:
                found = [search_ids(seen_from, words) for _ in range(4)]  # both workers, in turn
                if all(article in ids for ids in found):
                    break
                time.sleep(0.2)
            assert all(article in ids for ids in found), found  # the index: once the watcher has applied the edit

    manage(env_b, "search_index", "--check")  # fails the test unless database and index agree
