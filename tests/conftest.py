import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.utils import translation

from archive.roles import EDITORS_GROUP

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
DEMO_PAGES = ROOT / "demo" / "pages"

# The editor the served archive is given (see serve_archive); a Vietnamese
# password, since that is what editors here type.
SERVED_EDITOR = ("bien-tap", "mật-khẩu-thử")


def pytest_collection_modifyitems(config, items):
    if settings.SEARCH_ENGINE == "whoosh":
        return
    skip = pytest.mark.skip(reason=f"checks Whoosh's own index; the engine here is {settings.SEARCH_ENGINE}")
    for item in items:
        if item.get_closest_marker("whoosh"):
            item.add_marker(skip)


def load_demo_expected() -> list[dict]:
    expected = []
    for path in sorted((ROOT / "demo" / "expected").glob("*.json")):
        expected.extend(json.loads(path.read_text(encoding="utf-8")))
    return expected


def load_seed_labels() -> list[dict]:
    labels = SEEDS / "labels.json"
    if not labels.exists():
        return []
    return json.loads(labels.read_text(encoding="utf-8"))["pages"]


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language: a request in English must not
    leave English active for the next test in the same thread."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def search_index_dir(tmp_path_factory, settings):
    """Each test has its own search index directory (the index is not rolled
    back with the database), and no searcher stays open after it."""
    from search import engine

    path = tmp_path_factory.mktemp("index")
    settings.HAYSTACK_CONNECTIONS = {
        "default": {**settings.HAYSTACK_CONNECTIONS["default"], "PATH": str(path)},
    }
    yield path
    engine.close()


def damage_index_reads(monkeypatch, error: Exception) -> None:
    """From now on, every search reads the index as if it were damaged."""

    def damaged(*args, **kwargs):
        raise error

    if settings.SEARCH_ENGINE == "xapian":
        from search import xapian_index

        monkeypatch.setattr(xapian_index, "count_facets", damaged)
    else:
        from whoosh.searching import Searcher

        monkeypatch.setattr(Searcher, "docs_for_query", damaged)


@pytest.fixture
def seeds() -> Path:
    """The real sample pages, which CI provides in ../shared and the repository must not hold."""
    if not (SEEDS / "labels.json").exists():
        pytest.skip(f"real sample pages not available: {SEEDS} is missing (CI provides it)")
    return SEEDS


@pytest.fixture
def editor(db) -> User:
    from archive.roles import ensure_editor_group

    user = User.objects.create_user("bien-tap", password="mật-khẩu-thử", is_staff=True)
    user.groups.add(ensure_editor_group())
    assert user.groups.filter(name=EDITORS_GROUP).exists()
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def page_file(tmp_path):
    """Write a page to a .txt file: page_file("text", name="x.txt") -> Path."""

    def write(text: str, name: str = "page.txt", encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path

    return write


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class ServedArchive:
    url: str  # http://127.0.0.1:<port>, no trailing slash
    env: dict[str, str]  # the served archive's environment, for commands run beside it
    data_dir: Path

    def manage(self, *args: str, **env: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env | env, capture_output=True, text=True
        )
        if result.returncode:
            pytest.fail(f"manage.py {args[0]} failed:\n{result.stderr[-3000:]}")
        return result.stdout


# scripts/serve's set-up steps, run in one process: each manage.py start costs a second.
_SET_UP = """
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
call_command("search_index", rebuild=True, verbosity=0)
call_command("import_pages", {pages!r}, verbosity=0)
"""
_CREATE_EDITOR = """
from django.contrib.auth.models import User
from archive.roles import ensure_editor_group
User.objects.create_user({username!r}, password={password!r}, is_staff=True).groups.add(ensure_editor_group())
"""


@contextmanager
def serve_archive(data_dir: Path, *, editor: bool = False, watcher: bool = False) -> Iterator[ServedArchive]:
    """The archive as scripts/serve runs it, in a data directory of its own:
    settings from the environment only (DEBUG off, hashed static files through
    WhiteNoise), the demo pages imported, gunicorn with two workers on a free
    port and, with watcher=True, the search index's --watch loop beside it.
    With editor=True, SERVED_EDITOR can log in to the admin as an editor."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ARCHIVE_", "DJANGO_"))}
    env |= {"ARCHIVE_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "archive.settings"}
    (data_dir / "secret_key").write_text("served-test-key-" + "s" * 40)
    port = free_port()
    archive = ServedArchive(url=f"http://127.0.0.1:{port}", env=env, data_dir=data_dir)
    set_up = _SET_UP.format(pages=str(DEMO_PAGES))
    if editor:
        set_up += _CREATE_EDITOR.format(username=SERVED_EDITOR[0], password=SERVED_EDITOR[1])
    # 34 pages extract faster in one process than a pool takes to start.
    archive.manage("shell", "--no-imports", "-c", set_up, ARCHIVE_IMPORT_WORKERS="1")
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    # Logs go to a file, not a pipe nobody reads: a pipe that fills up would hang the workers.
    log = (data_dir / "gunicorn.log").open("wb")
    processes = []
    try:
        if watcher:
            processes.append(
                subprocess.Popen(
                    [sys.executable, "manage.py", "search_index", "--watch", "--verbosity", "0"],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=log,
                )
            )
        server = subprocess.Popen(
            [gunicorn, "archive.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--no-control-socket"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        processes.append(server)
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(archive.url + "/admin/login/", timeout=5)
                break
            except OSError:  # refused, reset or timed out while the workers start
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail(
                        "gunicorn did not start: " + (data_dir / "gunicorn.log").read_text(errors="replace")[-2000:]
                    )
                time.sleep(0.2)
        yield archive
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        log.close()


@pytest.fixture(scope="session")
def browser_archive(tmp_path_factory) -> Iterator[ServedArchive]:
    """One served archive for every browser test: the demo pages, an editor
    (SERVED_EDITOR) and the search index's watch loop, as scripts/serve runs it."""
    with serve_archive(tmp_path_factory.mktemp("browser"), editor=True, watcher=True) as archive:
        yield archive
