"""Killed midway with SIGKILL (no clean-up of any kind runs), an import or a
search index rebuild leaves the archive serving; what was committed is kept,
the command run again finishes the work, and `search_index --repair` (the
README's one command after an interruption) brings database and index into
agreement."""

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest
from django.conf import settings

from archive.importing.batches import CHUNK
from tests.conftest import ROOT, alive, archive_env, children, manage, serve_archive
from tests.test_corpus import corpus

PAGES = 250
DEMO = 34


def start(env: dict, *args: str) -> subprocess.Popen:
    """manage.py in a session of its own, so that it and any process it forks can be killed together."""
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def kill(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL


def answers(url: str, words: str) -> int:
    with urllib.request.urlopen(url + "/api/search?" + urllib.parse.urlencode({"q": words}), timeout=10) as response:
        assert response.status == 200
        return json.loads(response.read())["count"]


def agree(archive, within: float = 15.0) -> None:
    """search_index --check passes within a few seconds: the watcher applies
    what the command before it queued, when it holds the index's lock."""
    deadline = time.monotonic() + within
    while True:
        check = subprocess.run(
            [sys.executable, "manage.py", "search_index", "--check"], cwd=ROOT, env=archive.env, capture_output=True
        )
        if check.returncode == 0:
            return
        assert time.monotonic() < deadline, check.stdout.decode() + check.stderr.decode()
        time.sleep(0.5)


def article_count(archive) -> int:
    code = "from archive.models import Article; print(Article.objects.count())"
    return int(archive.manage("shell", "--no-imports", "-c", code).split()[-1])


_LATEST_BATCH = """
from archive.models import ImportBatch
batch = ImportBatch.objects.latest("pk")
print(batch.pk, batch.status, batch.created_count, batch.articles.count(), batch.finished_at is None)
"""


def latest_batch(archive) -> tuple[int, str, int, int, bool]:
    """(id, status, created count, articles it created, no finish time) of the newest import batch."""
    number, status, created, articles, unfinished = archive.manage("shell", "--no-imports", "-c", _LATEST_BATCH).split()
    return int(number), status, int(created), int(articles), unfinished == "True"


@pytest.mark.database
def test_an_import_and_a_rebuild_killed_midway_lose_nothing(tmp_path):
    pages = tmp_path / "pages"
    corpus.write_folder(pages, PAGES, formats=("txt",))
    (tmp_path / "data").mkdir()
    with serve_archive(tmp_path / "data", watcher=True) as archive:
        assert answers(archive.url, "dai hoi dang bo") > 0

        # An import, killed once a chunk of pages (one transaction) has been stored.
        importing = start(archive.env, "import_pages", str(pages), "--workers", "1", "--verbosity", "2")
        for line in importing.stderr:
            if line.startswith("[") and int(line[1:].split("/")[0]) >= CHUNK + 10:
                break
        kill(importing)
        stored = article_count(archive) - DEMO
        assert CHUNK <= stored < PAGES, stored
        # Its batch says what it stored, and that it is not finished.
        killed, status, created, articles, unfinished = latest_batch(archive)
        assert (status, created, articles, unfinished) == ("running", stored, stored, True)
        assert answers(archive.url, "dai hoi") > 0  # still serving
        archive.manage("search_index", "--repair")
        archive.manage("search_index", "--check")  # fails the test unless database and index agree

        # The same import again says the last one was interrupted, stores the rest and nothing twice.
        said = archive.manage("import_pages", str(pages), "--workers", "1")
        assert f" {killed}, " in said and f" {stored} " in said, said
        assert article_count(archive) == DEMO + PAGES
        code = f"from archive.models import ImportBatch; print(ImportBatch.objects.get(pk={killed}).status)"
        assert archive.manage("shell", "--no-imports", "-c", code).split() == ["interrupted"]
        agree(archive)
        everything = answers(archive.url, "dang")

        # A rebuild, killed while it writes the new index beside the live one.
        index_root = archive.data_dir / f"{settings.SEARCH_ENGINE}_index"
        rebuilding = start(archive.env, "search_index", "--rebuild")
        deadline = time.monotonic() + 30
        while not (index_root / "building").is_symlink():
            assert time.monotonic() < deadline and rebuilding.poll() is None, (
                list(index_root.iterdir()),
                rebuilding.stderr.read()[-2000:],
            )
            time.sleep(0.02)
        time.sleep(0.3)
        kill(rebuilding)
        assert answers(archive.url, "dang") == everything  # the live index answers as before
        archive.manage("search_index", "--check")
        archive.manage("search_index", "--rebuild")  # the next rebuild clears what the dead one left
        assert answers(archive.url, "dang") == everything
        archive.manage("search_index", "--check")
        assert not (index_root / "building").exists()


@pytest.mark.database
def test_extraction_workers_die_with_a_killed_import(tmp_path, own_database):
    pages = tmp_path / "pages"
    corpus.write_folder(pages, PAGES, formats=("txt",))
    data = tmp_path / "data"
    data.mkdir()
    (data / "secret_key").write_text("faults-test-key-" + "f" * 40)
    env = archive_env(data, **own_database)
    manage(env, "migrate")
    importing = start(env, "import_pages", str(pages), "--workers", "2", "--verbosity", "2", "--no-index")
    try:
        for line in importing.stderr:  # the first page stored: the workers are extracting the next chunk
            if line.startswith("["):
                break
        workers = children(importing.pid)
        assert len(workers) >= 2, workers
        os.kill(importing.pid, signal.SIGKILL)  # the importer only, as the out-of-memory killer would
        importing.wait(timeout=10)
        for _poll in range(100):
            left = [pid for pid in workers if alive(pid)]
            if not left:
                break
            time.sleep(0.1)
        assert not left, f"extraction workers {left} outlived their importer"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(importing.pid, signal.SIGKILL)  # whatever is left of its session
