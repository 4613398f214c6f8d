"""haystack's own commands (rebuild_index, update_index, clear_index) do what
the archive's search_index does, through its one write path: each run here
through call_command against a real index of the test's own (on whichever
engine the suite runs with)."""

import builtins
import fcntl
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import translation

from archive.importing import import_pages
from archive.models import Article
from search import indexing
from search.models import IndexQueue
from tests.conftest import DEMO_PAGES
from tests.test_search_indexing import indexed_ids, search_ids

pytestmark = pytest.mark.django_db


def run(*args, answer: str | None = None, monkeypatch=None) -> tuple[str, str]:
    """A command's stdout and stderr, in English (the messages' own words,
    whatever the Vietnamese catalogue says); ``answer`` is typed at its prompt."""
    if monkeypatch is not None:
        monkeypatch.setattr(builtins, "input", lambda *a: answer)
    out, err = StringIO(), StringIO()
    with translation.override("en"):
        call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def no_prompt(*args):
    raise AssertionError("asked for confirmation")


@pytest.fixture
def imported(db, monkeypatch):
    batch = import_pages([DEMO_PAGES], workers=1)
    indexing.drain()
    monkeypatch.setattr(builtins, "input", no_prompt)  # a test that expects a question says so
    return batch


@pytest.fixture
def article():
    return Article.objects.order_by("pk").first()


# --- rebuild_index ------------------------------------------------------------


def test_rebuild_index_builds_a_new_index_beside_the_live_one_and_swaps_it_in(imported, client):
    """(That searches go on during the build, on the index in use, is the
    rebuild's own test: test_search_indexing.)"""
    old = indexing.live_path()
    found = client.get("/api/search", {"q": "dai hoi"}).json()["count"]
    out, err = run("rebuild_index", "--noinput")
    new = indexing.live_path()
    assert new != old and new.parent == old.parent and new.name.startswith("index-")
    assert f"New search index in use: {Article.objects.count()} articles" in out and str(new) in out
    assert f"Indexing: {Article.objects.count()}/{Article.objects.count()} articles" in err
    assert indexed_ids() == set(Article.objects.values_list("pk", flat=True)) and indexing.drift().total == 0
    assert client.get("/api/search", {"q": "dai hoi"}).json()["count"] == found > 0
    run("rebuild_index", "--no-input", "--verbosity", "0")  # the next swap removes the first directory
    assert not old.exists() and indexing.live_path() not in (old, new)


def test_rebuild_index_asks_first_and_a_no_changes_nothing(imported, monkeypatch):
    live = indexing.live_path()
    out, _ = run("rebuild_index", answer="n", monkeypatch=monkeypatch)
    assert "swaps it in" in out and "Are you sure you wish to continue? [y/N]" in out
    assert out.rstrip().endswith("No action taken.")
    assert indexing.live_path() == live and sorted(indexing.index_root().glob("index-*")) == [live]
    out, _ = run("rebuild_index", answer="", monkeypatch=monkeypatch)  # Enter: the default is no
    assert "No action taken." in out and indexing.live_path() == live

    def closed(*args):  # no terminal (cron, a pipe): no is the answer, nothing is rebuilt
        raise EOFError

    monkeypatch.setattr(builtins, "input", closed)
    out, _ = run("rebuild_index")
    assert "No action taken." in out and indexing.live_path() == live

    out, _ = run("rebuild_index", answer="yes", monkeypatch=monkeypatch)
    assert "New search index in use" in out and indexing.live_path() != live


def test_rebuild_index_writes_with_the_workers_asked_for(imported, monkeypatch):
    from search.engines import configured

    engine = configured.engine()
    during = []
    real_build = engine.build

    def build(path, batches, *, workers=1, progress=None):
        during.append(workers)
        return real_build(path, batches, workers=workers, progress=progress)

    monkeypatch.setattr(engine, "build", build)
    monkeypatch.setattr(indexing, "PARALLEL_FROM", 0)  # the demo pages are few: write them in parallel anyway
    run("rebuild_index", "--noinput", "-k", "3")
    run("rebuild_index", "--noinput", "--workers", "0")  # haystack's "no multiprocessing": one process
    run("rebuild_index", "--noinput", "--using", "default")
    assert during == [3, 1, settings.INDEX_WORKERS]
    assert indexing.drift().total == 0


def test_a_rebuild_index_refused_because_another_runs_names_it(imported):
    with open(indexing.index_root() / indexing.REBUILD_LOCK, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        lock.write("4242")
        lock.flush()
        for command in ["rebuild_index", "clear_index"]:
            with pytest.raises(CommandError, match=r"\b4242\b"):
                run(command, "--noinput")


# --- update_index -------------------------------------------------------------


def test_update_index_applies_changes_made_behind_the_queue_s_back(imported, article):
    gone = Article.objects.order_by("-pk").values_list("pk", flat=True).first()
    Article.objects.filter(pk=article.pk).update(title="Hội thảo về kinh tế tuần hoàn")  # no signal
    Article.objects.filter(pk=gone).delete()
    IndexQueue.objects.all().delete()  # and its queue row lost, as a database restored alone would have it
    assert article.pk not in search_ids("kinh te tuan hoan") and gone in indexed_ids()

    out, err = run("update_index")
    count = Article.objects.count()
    assert f"Search index updated: {count} articles" in out
    assert "Removed from the search index: 1 articles no longer in the database." in out
    assert f"Indexing: {count + 1}/{count + 1} articles" in err
    assert article.pk in search_ids("kinh te tuan hoan") and gone not in indexed_ids()
    assert indexing.drift().total == 0 and indexing.queued() == 0 and not IndexQueue.objects.exists()


def test_update_index_takes_haystack_s_batch_size_remove_and_app_label(imported, article, monkeypatch):
    batches = []
    real_drain = indexing.drain

    def drain(*args, **kwargs):
        batches.append(kwargs.get("batch"))
        return real_drain(*args, **kwargs)

    monkeypatch.setattr(indexing, "drain", drain)
    Article.objects.filter(pk=article.pk).update(title="Tin sửa không qua tín hiệu")
    out, _ = run("update_index", "archive", "--remove", "--batch-size", "7", "--using", "default", "-v", "0")
    assert out == "" and set(batches) == {7} and len(batches) >= Article.objects.count() // 7
    assert article.pk in search_ids("tin sua khong qua tin hieu") and indexing.drift().total == 0


def test_update_index_fills_a_new_archive_s_index(db):
    import_pages([DEMO_PAGES], workers=1)  # queued, not drained: there is no index yet
    assert indexing.live_path() is None
    out, _ = run("update_index")
    assert f"Search index updated: {Article.objects.count()} articles" in out
    assert indexed_ids() == set(Article.objects.values_list("pk", flat=True)) and indexing.drift().total == 0


def test_update_index_says_what_is_left_when_another_process_holds_the_index(imported, article, monkeypatch):

    monkeypatch.setattr(indexing, "UPDATE_STALL_WAIT", 0.3)  # seconds waited for the holder to apply the queue
    holder = indexing.open_writer(indexing.live_path())  # as a search_index --watch that is stuck would
    try:
        Article.objects.filter(pk=article.pk).update(title="Bài chờ chỉ mục")
        with pytest.raises(CommandError) as stopped:
            run("update_index")
    finally:
        holder.cancel()
    count = Article.objects.count()
    assert str(stopped.value) == (
        f"{count} changes are still queued: another process holds the search index. "
        "manage.py search_index --watch (if it runs) or --drain applies them."
    )
    assert indexing.queued() == count
    run("search_index", "--drain")
    assert article.pk in search_ids("bai cho chi muc") and indexing.drift().total == 0


# --- clear_index --------------------------------------------------------------


def test_clear_index_swaps_in_an_empty_index_that_answers_nothing_until_rebuilt(imported, client):
    old = indexing.live_path()
    found = client.get("/api/search", {"q": "dai hoi"}).json()["count"]
    assert found and search_ids("dai hoi")
    out, _ = run("clear_index", "--noinput")
    assert "Empty search index in use" in out and "rebuild_index" in out
    assert indexing.live_path() != old and old.exists()  # kept for a searcher still reading it
    assert indexed_ids() == set() and search_ids("dai hoi") == set()
    answer = client.get("/api/search", {"q": "dai hoi"})
    assert answer.status_code == 200 and answer.json()["count"] == 0  # nothing found: not a 503
    assert client.get("/tim-kiem/", {"q": "dai hoi"}).status_code == 200
    assert Article.objects.count() == imported.created_count  # the database is not touched

    # An empty index is an index: the check finds every article missing...
    with pytest.raises(CommandError, match="search_index --repair"):
        run("search_index", "--check")
    assert indexing.drift().missing == sorted(Article.objects.values_list("pk", flat=True))
    # ...and rebuild_index fills it again.
    run("rebuild_index", "--noinput")
    assert not old.exists() and indexing.drift().total == 0
    assert client.get("/api/search", {"q": "dai hoi"}).json()["count"] == found
    out, _ = run("search_index", "--check")
    assert "agrees with the database" in out


def test_after_clear_index_the_drains_apply_new_changes_not_old_ones(
    imported, article, django_capture_on_commit_callbacks
):
    earlier = Article.objects.order_by("-pk").first()
    indexing.enqueue([earlier.pk], drain_now=False)  # queued before the clear, not yet applied
    run("clear_index", "--noinput")
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Hội thảo về kinh tế tuần hoàn"
        article.save()  # after the clear: drained into the empty index
    indexing.drain()
    assert indexed_ids() == {article.pk}
    assert search_ids("kinh te tuan hoan") == {article.pk}
    assert indexing.queued() == 0 and not IndexQueue.objects.exists()
    run("update_index", "-v", "0")  # update_index fills it too
    assert indexing.drift().total == 0


def test_clear_index_on_a_new_archive_and_twice(db):
    run("clear_index", "--noinput")  # nothing to clear yet: an empty index all the same
    first = indexing.live_path()
    assert first is not None and indexed_ids() == set()
    run("clear_index", "--noinput", "-v", "0")
    assert indexing.live_path() != first and indexed_ids() == set()
    assert indexing.drift().total == 0  # no article, nothing missing


def test_clear_index_asks_first_and_a_no_changes_nothing(imported, monkeypatch):
    live = indexing.live_path()
    out, _ = run("clear_index", answer="no", monkeypatch=monkeypatch)
    assert "searches will find nothing until manage.py rebuild_index fills it again" in out
    assert out.rstrip().endswith("No action taken.")
    assert indexing.live_path() == live and search_ids("dai hoi") and indexing.drift().total == 0
    run("clear_index", answer="y", monkeypatch=monkeypatch)
    assert indexing.live_path() != live and indexed_ids() == set()


# --- haystack's options that mean nothing here --------------------------------


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["rebuild_index", "--batch-size", "100"], "batches of its own"),
        (["rebuild_index", "--nocommit"], "only once it is complete"),
        (["rebuild_index", "--max-retries", "3"], "run it again"),
        (["rebuild_index", "-u", "elsewhere"], "one search connection, 'default'"),
        (["rebuild_index", "--workers", "-1"], "0 or more"),
        (["update_index", "--age", "24"], "search_index --repair"),
        (["update_index", "-m", "30"], "search_index --repair"),
        (["update_index", "--start", "2024-01-01"], "search_index --repair"),
        (["update_index", "--end", "2024-12-31"], "search_index --repair"),
        (["update_index", "-k", "4"], "rebuild_index -k N"),
        (["update_index", "--nocommit"], "stays queued"),
        (["update_index", "--max-retries", "2"], "search_index --drain"),
        (["update_index", "auth"], "archive.Article"),
        (["update_index", "--using", "default", "--using", "solr"], "one search connection, 'default'"),
        (["update_index", "--batch-size", "0"], "1 or more"),
        (["clear_index", "--nocommit"], "at once"),
        (["clear_index", "--using", "whoosh"], "one search connection, 'default'"),
    ],
)
def test_options_that_mean_nothing_here_are_refused_in_one_line_and_change_nothing(imported, article, args, says):
    live = indexing.live_path()
    Article.objects.filter(pk=article.pk).update(title="Tin sửa không qua tín hiệu")
    with pytest.raises(CommandError) as refused:
        run(*args)  # and never asks first: the fixture's input() fails the test
    message = str(refused.value)
    assert says in message and "\n" not in message
    assert indexing.live_path() == live and not IndexQueue.objects.exists()
    assert article.pk not in search_ids("tin sua khong qua tin hieu")


def test_haystacks_own_clear_swaps_an_empty_index_in(imported):
    from haystack import connections

    live = indexing.live_path()
    connections["default"].get_backend().clear()
    assert indexing.live_path() != live and indexed_ids() == set()
