"""A job killed with SIGKILL takes nothing with it that the next one needs:
a rebuild's writer processes die with it and its lock goes with them; an
import that hits a full disk says what to do; the recovery commands work on
a fresh data folder and after a full disk."""

import errno
import os
import signal
import subprocess
import sys
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.importing import import_pages
from archive.models import Article
from search import indexing
from tests.conftest import DEMO_PAGES, ROOT, alive, archive_env, children, manage

# A rebuild forks its writers from search.indexing.PARALLEL_FROM articles on.
ARTICLES = indexing.PARALLEL_FROM + 400
POLLS = 100  # of 0.1 s each, at most
PARAGRAPH = (
    "Đại hội đại biểu Đảng bộ tỉnh lần thứ {n} đã thảo luận văn kiện, bầu Ban Chấp hành và Ban Thường vụ "
    "Tỉnh ủy nhiệm kỳ mới, đề ra nghị quyết về xây dựng Đảng, chuyển đổi số và phát triển kinh tế {n}. "
)
_FILL = """
from archive.models import Article
paragraph = {paragraph!r}
Article.objects.bulk_create(
    [Article(title=f"Bài số {{n}} về đại hội", body=paragraph.format(n=n) * 3) for n in range({count})],
    batch_size=500,
)
"""


def kill_quietly(pids: list[int]) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


@pytest.fixture
def archive_with_many_articles(tmp_path, own_database) -> dict[str, str]:
    """A migrated archive with enough articles that a rebuild writes in several processes."""
    env = archive_env(tmp_path / "data", **own_database) | {
        "ARCHIVE_SECRET_KEY": "killed-jobs-test-key-" + "k" * 32,
        "ARCHIVE_INDEX_WORKERS": "2",
    }
    (tmp_path / "data").mkdir()
    manage(env, "migrate", "--verbosity", "0")
    manage(env, "shell", "--no-imports", "-c", _FILL.format(paragraph=PARAGRAPH, count=ARTICLES))
    return env


def test_a_killed_rebuild_takes_its_writers_with_it_and_the_next_rebuild_runs(archive_with_many_articles):
    env = archive_with_many_articles
    rebuilding = subprocess.Popen(
        [sys.executable, "manage.py", "search_index", "--rebuild"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    writers: list[int] = []
    try:
        for _poll in range(30 * 10):  # the writers are forked once the articles are read
            writers = children(rebuilding.pid)
            if len(writers) >= 2 or rebuilding.poll() is not None:
                break
            time.sleep(0.1)
        assert len(writers) >= 2, "the rebuild never started its writer processes"
        # Only the command itself, as kill -9 PID does; its writers are not signalled.
        rebuilding.kill()
        rebuilding.wait(timeout=10)
        for _poll in range(POLLS):
            if not any(alive(pid) for pid in writers):
                break
            time.sleep(0.1)
        survivors = [pid for pid in writers if alive(pid)]
        assert not survivors, f"writer processes {survivors} outlived the rebuild that started them"
        output = manage(env, "search_index", "--rebuild")  # fails the test if refused
        assert str(ARTICLES) in output
        manage(env, "search_index", "--check")
    finally:
        kill_quietly(writers)
        if rebuilding.poll() is None:
            rebuilding.kill()
            rebuilding.wait()


_HOLD_AND_FORK = """
import multiprocessing, os, sys, time
from search import indexing
with indexing._rebuild_lock():
    child = multiprocessing.get_context("fork").Process(target=time.sleep, args=(120,))
    child.start()
    print(child.pid, flush=True)
    os._exit(0)  # dies holding the lock, as a killed rebuild does: nothing is released by hand
"""


def test_a_process_forked_by_a_rebuild_does_not_keep_its_lock(tmp_path):
    """flock belongs to the open file, which a forked process shares: a
    child still running after the rebuild died must not keep the next one out."""
    env = archive_env(tmp_path / "data", ARCHIVE_SECRET_KEY="killed-jobs-test-key-" + "k" * 32)
    (tmp_path / "data").mkdir()
    output = tmp_path / "output"
    with output.open("w") as stdout:  # a file: the child, still running, would hold a pipe open
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "--no-imports", "-c", _HOLD_AND_FORK],
            cwd=ROOT,
            env=env,
            stdout=stdout,
            stderr=stdout,
            timeout=60,
        )
    assert result.returncode == 0, output.read_text()[-3000:]
    child = int(output.read_text().split()[-1])
    try:
        assert alive(child)
        took_over = subprocess.run(
            [
                sys.executable,
                "manage.py",
                "shell",
                "--no-imports",
                "-c",
                "from search import indexing\nwith indexing._rebuild_lock(): print('taken')",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert took_over.returncode == 0 and "taken" in took_over.stdout, took_over.stderr[-3000:]
    finally:
        kill_quietly([child])


def test_a_refused_rebuild_names_the_process_that_holds_the_lock(db):
    with indexing._rebuild_lock():
        with pytest.raises(CommandError, match=rf"\b{os.getpid()}\)"):
            call_command("search_index", "--rebuild", stdout=StringIO(), stderr=StringIO())


# --- a full disk --------------------------------------------------------------


def fail_index_writes(monkeypatch, code: int = errno.ENOSPC) -> None:
    """Every write of the index fails as on a full disk (the suite runs as
    root, whom file modes do not stop, so the failure is made)."""

    def no_space(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(indexing, "documents", no_space)


def test_an_import_on_a_full_disk_says_what_to_do_and_keeps_the_articles(db, monkeypatch):
    call_command("search_index", "--rebuild", stdout=StringIO(), stderr=StringIO())
    fail_index_writes(monkeypatch)
    with pytest.raises(CommandError) as failed:
        call_command("import_pages", str(DEMO_PAGES), "--workers", "1", stdout=StringIO(), stderr=StringIO())
    message = str(failed.value)
    assert "No space left on device" in message
    assert "search_index --drain" in message and "search_index --watch" in message
    assert Article.objects.count() == 34  # saved
    assert indexing.queued() == 34  # and queued for the index

    monkeypatch.undo()  # space freed
    out = StringIO()
    call_command("search_index", "--drain", stdout=out)
    assert indexing.queued() == 0 and indexing.drift().total == 0


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_check_and_repair_work_on_a_fresh_data_folder(db):
    run("search_index", "--rebuild")
    assert "khớp với cơ sở dữ liệu" in run("search_index", "--check")  # "agrees with the database"
    assert "0 bài thiếu, 0 bài thừa" in run("search_index", "--repair")
    assert "khớp với cơ sở dữ liệu" in run("search_index", "--check")


def test_check_and_repair_work_with_a_few_articles(db):
    import_pages([DEMO_PAGES], workers=1)
    run("search_index", "--rebuild")
    assert "khớp với cơ sở dữ liệu" in run("search_index", "--check")
    assert "0 bài thiếu, 0 bài thừa" in run("search_index", "--repair")


def test_check_then_repair_is_the_recovery_after_a_full_disk(db, monkeypatch):
    run("search_index", "--rebuild")  # a fresh archive: an empty index
    fail_index_writes(monkeypatch)
    with pytest.raises(CommandError, match="No space left on device"):
        call_command("import_pages", str(DEMO_PAGES), "--workers", "1", stdout=StringIO(), stderr=StringIO())
    monkeypatch.undo()  # space freed

    out = StringIO()
    with pytest.raises(CommandError, match="search_index --repair"):
        call_command("search_index", "--check", stdout=out, stderr=StringIO())
    assert "34 bài thiếu" in out.getvalue() or "34 missing" in out.getvalue()
    assert "34 bài thiếu" in run("search_index", "--repair")
    assert "khớp với cơ sở dữ liệu" in run("search_index", "--check")
    assert indexing.queued() == 0


def test_a_writer_whose_result_cannot_be_sent_says_why():
    # Its result does not pickle: the parent hears why, not a bare end of the pipe.
    from search.processes import write_in_processes

    def write(number, batches):
        for _batch in batches:
            pass
        return lambda: number  # a function made here cannot be pickled

    with pytest.raises(RuntimeError, match="pickle"):
        write_in_processes([[{"id": 1}], [{"id": 2}]], 2, write)
