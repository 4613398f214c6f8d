import json
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
