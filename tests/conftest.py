import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from archive.roles import EDITORS_GROUP

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
DEMO_PAGES = ROOT / "demo" / "pages"

# Property tests draw the same examples on every run, so that a run of the
# suite passes or fails on the code alone; HYPOTHESIS_PROFILE=explore draws new
# ones (run it after changing a reader or the query parser).
hypothesis_settings.register_profile("repeatable", derandomize=True)
hypothesis_settings.register_profile("explore", derandomize=False)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

# The editor the served archive is given (see serve_archive); a Vietnamese
# password, since that is what editors here type.
SERVED_EDITOR = ("bien-tap", "mật-khẩu-thử")


# Fixtures through which a test uses a database: pytest-django's own (db,
# transactional_db, client...) and those that give started processes one.
DATABASE_FIXTURES = {"_django_db_helper", "own_database", "browser_archive", "served"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.get_closest_marker("django_db") or DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.database)
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
    from search import reader

    path = tmp_path_factory.mktemp("index")
    settings.HAYSTACK_CONNECTIONS = {
        "default": {**settings.HAYSTACK_CONNECTIONS["default"], "PATH": str(path)},
    }
    yield path
    reader.close()


def damage_index_reads(monkeypatch, error: Exception) -> None:
    """From now on, every search reads the index as if it were damaged."""

    def damaged(*args, **kwargs):
        raise error

    if settings.SEARCH_ENGINE == "xapian":
        from search.engines import xapian

        monkeypatch.setattr(xapian, "count_facets", damaged)
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


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (read from /proc, as ps does)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # pid (comm) state ppid ...; comm may hold spaces and parentheses.
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    """Running: a zombie has ended, only its exit status waits to be read."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


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
        return manage(self.env | env, *args)


def manage(env: dict[str, str], *args: str) -> str:
    """Run manage.py in a process of its own with ``env``; its output, or the test fails."""
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        pytest.fail(f"manage.py {args[0]} failed:\n{result.stderr[-3000:]}")
    return result.stdout


@contextmanager
def database_of_its_own() -> Iterator[dict[str, str]]:
    """The environment that gives the processes a test starts (gunicorn,
    manage.py, the benchmark) a database of their own, empty. On SQLite that
    is nothing: each has its own data directory and so its own file. Under
    DATABASE_URL it is a new database on the same PostgreSQL server, dropped
    afterwards; without it they would all share the URL's database."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        yield {}
        return
    import psycopg
    from psycopg import sql

    name = f"archive_test_{uuid.uuid4().hex[:12]}"
    database = settings.DATABASES["default"]
    server = {"host": database["HOST"], "port": database["PORT"] or None, "user": database["USER"] or None}
    server["password"] = database["PASSWORD"] or None
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield {"DATABASE_URL": urllib.parse.urlsplit(url)._replace(path="/" + name).geturl()}
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as connection:
            connection.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture
def own_database() -> Iterator[dict[str, str]]:
    """database_of_its_own() for the length of a test."""
    with database_of_its_own() as database:
        yield database


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


def archive_env(data_dir: Path, **settings_env: str) -> dict[str, str]:
    """The environment of an archive process run as scripts/serve runs it:
    settings from the environment only, with data_dir as ARCHIVE_DATA_DIR."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ARCHIVE_", "DJANGO_"))}
    # The engine the suite runs on (scripts/test runs it once per engine).
    env |= {"ARCHIVE_SEARCH_ENGINE": settings.SEARCH_ENGINE}
    return env | {"ARCHIVE_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "archive.settings"} | settings_env


def set_up_archive(env: dict[str, str], *, editor: bool = False) -> None:
    """scripts/serve's set-up: migrate, collect static files, build the index
    and import the demo pages; with editor=True, SERVED_EDITOR can log in."""
    set_up = _SET_UP.format(pages=str(DEMO_PAGES))
    if editor:
        set_up += _CREATE_EDITOR.format(username=SERVED_EDITOR[0], password=SERVED_EDITOR[1])
    # 34 pages extract faster in one process than a pool takes to start.
    manage(env | {"ARCHIVE_IMPORT_WORKERS": "1"}, "shell", "--no-imports", "-c", set_up)


@contextmanager
def running(command: list[str], env: dict[str, str], log) -> Iterator[subprocess.Popen]:
    """A process started from the project's folder, its errors in ``log``
    (a file, not a pipe nobody reads: a full pipe would hang it); stopped,
    or killed if it will not stop, on the way out."""
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def gunicorn_serving(env: dict[str, str], log_path: Path) -> Iterator[str]:
    """gunicorn with two workers on a free loopback port, once it answers; yields its URL."""
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [gunicorn, "archive.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--no-control-socket"]
    command += ["--limit-request-line", "8190"]  # as scripts/serve
    with log_path.open("ab") as log, running(command, env, log) as server:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(url + "/admin/login/", timeout=5)
                break
            except OSError:  # refused, reset or timed out while the workers start
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("gunicorn did not start: " + log_path.read_text(errors="replace")[-2000:])
                time.sleep(0.2)
        yield url


@contextmanager
def watching_the_queue(env: dict[str, str], log_path: Path) -> Iterator[subprocess.Popen]:
    """manage.py search_index --watch, which applies queued changes to the index."""
    command = [sys.executable, "manage.py", "search_index", "--watch", "--verbosity", "0"]
    with log_path.open("ab") as log, running(command, env, log) as watcher:
        yield watcher


@contextmanager
def serve_archive(data_dir: Path, *, editor: bool = False, watcher: bool = False) -> Iterator[ServedArchive]:
    """The archive as scripts/serve runs it, in a data directory (and
    database) of its own: settings from the environment only (DEBUG off,
    hashed static files through WhiteNoise), the demo pages imported, gunicorn
    with two workers on a free port and, with watcher=True, the search
    index's --watch loop beside it. With editor=True, SERVED_EDITOR can log in
    to the admin as an editor."""
    (data_dir / "secret_key").write_text("served-test-key-" + "s" * 40)
    log_path = data_dir / "gunicorn.log"
    with database_of_its_own() as database:
        env = archive_env(data_dir, **database)
        set_up_archive(env, editor=editor)
        with contextlib.ExitStack() as stack:
            if watcher:
                stack.enter_context(watching_the_queue(env, log_path))
            url = stack.enter_context(gunicorn_serving(env, log_path))
            yield ServedArchive(url=url, env=env, data_dir=data_dir)


@pytest.fixture(scope="session")
def browser_archive(tmp_path_factory) -> Iterator[ServedArchive]:
    """One served archive for every browser test: the demo pages, an editor
    (SERVED_EDITOR) and the search index's watch loop, as scripts/serve runs it."""
    with serve_archive(tmp_path_factory.mktemp("browser"), editor=True, watcher=True) as archive:
        yield archive
