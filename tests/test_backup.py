"""Back-up and restore end to end: back up, wipe, restore, and the same
searches give the same results; nothing of what was given is lost."""

import gzip
import json
import os
import re
import stat
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.http import QueryDict
from django.test import RequestFactory

from archive.backup import RestoreRefused, restore_backup, write_backup
from archive.importing import import_pages
from archive.models import Article, Province
from search import indexing, service
from tests.conftest import DEMO_PAGES, SERVED_EDITOR

SEARCHES = [
    "q=dai hoi dang bo",
    'q="ban thuong vu"',
    "q=tinh uy",
    "q=nghi quyet&province=kien-giang",
    "q=dai hoi&sort=date",
    "q=&year=2020&year=2021",
]


def results() -> list[tuple[int, list[int], dict]]:
    """Each search's count, first page of articles in order, and facet counts."""
    answers = []
    for search in SEARCHES:
        form = service.SearchParameters(QueryDict(search))
        assert form.is_valid(), (search, form.errors)
        found = service.search(form.cleaned_data)
        facets = {name: [(v.value, v.count) for v in values] for name, values in found.facets.items()}
        answers.append((found.count, [article.pk for article in found.articles], facets))
    return answers


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_back_up_wipe_restore_and_every_search_answers_the_same(tmp_path, editor):
    import_pages([DEMO_PAGES], workers=1)
    corrected = Article.objects.order_by("pk").first()
    corrected.title = "Tiêu đề đã sửa tay — Đại hội"
    corrected.edited_fields = ["title"]
    corrected.save()
    indexing.drain()
    before = results()
    raw_pages = dict(Article.objects.values_list("pk", "raw_page"))
    assert before[0][0] > 0 and all(count >= 0 for count, _, _ in before)

    backup = tmp_path / "sao-luu" / "archive.json.gz"
    assert write_backup(backup) == len(raw_pages)
    assert backup.stat().st_size > 0 and not list(backup.parent.glob(".partial-*"))

    # The disaster: the database emptied, the index gone.
    call_command("flush", interactive=False, verbosity=0)
    (indexing.index_root() / indexing.CURRENT).unlink()
    assert not Article.objects.exists() and not Province.objects.exists()

    restored = restore_backup(backup)
    assert restored.articles == len(raw_pages) == restored.indexed
    assert dict(Article.objects.values_list("pk", "raw_page")) == raw_pages  # every page exactly as received
    again = Article.objects.get(pk=corrected.pk)
    assert again.title == corrected.title and again.edited_fields == ["title"]
    assert results() == before
    assert indexing.drift().total == 0
    request = RequestFactory().post("/admin/login/")
    assert authenticate(request, username=SERVED_EDITOR[0], password=SERVED_EDITOR[1]) is not None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restore_never_replaces_an_archive_unless_asked(tmp_path):
    import_pages([DEMO_PAGES], workers=1)
    backup = tmp_path / "archive.json.gz"
    write_backup(backup)
    with pytest.raises(RestoreRefused, match="34"):
        restore_backup(backup)
    with pytest.raises(CommandError, match="--replace"):
        call_command("restore", str(backup))
    Article.objects.filter(pk=Article.objects.order_by("pk").first().pk).update(title="Sẽ bị thay")
    call_command("restore", str(backup), "--replace", verbosity=0)
    assert not Article.objects.filter(title="Sẽ bị thay").exists() and Article.objects.count() == 34


def test_a_backup_must_be_a_gzipped_json_file(tmp_path, db):
    with pytest.raises(CommandError, match=r"\.json\.gz"):
        call_command("backup", str(tmp_path / "archive.sql"))


def test_a_backup_is_readable_by_its_owner_only_from_its_creation(tmp_path, db, monkeypatch):
    import_pages([DEMO_PAGES], workers=1)
    backup = tmp_path / "archive.json.gz"
    modes = []
    real_dumpdata = call_command

    def dumpdata_watched(name, *args, **kwargs):
        if name == "dumpdata":  # the partial file, as it is while being written
            modes.append(stat.S_IMODE(os.stat(kwargs["output"]).st_mode))
        return real_dumpdata(name, *args, **kwargs)

    monkeypatch.setattr("archive.backup.call_command", dumpdata_watched)
    out = StringIO()
    call_command("backup", str(backup), stdout=out)
    assert modes == [0o600]
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert "chủ" in out.getvalue() or "owner" in out.getvalue()  # the output says who can read it


@pytest.fixture
def damaged_backups(tmp_path) -> dict[str, Path]:
    """A back-up cut in half, a file that is not gzip, and a gzip of invalid JSON."""
    import_pages([DEMO_PAGES], workers=1)
    whole = tmp_path / "whole.json.gz"
    write_backup(whole)
    data = whole.read_bytes()
    damaged = {
        "cut": data[: len(data) // 2],
        "not-gzip": b'[{"model": "archive.article", "pk": 1, "fields": {}}]',
        "bad-json": gzip.compress(b'[{"model": "archive.article", "pk": 1, "fields": {"title": '),
        # Whole JSON whose records the database refuses: two users with one name.
        "conflicting": gzip.compress(
            json.dumps(
                [
                    {"model": "auth.user", "pk": 9001, "fields": {"username": "trung", "password": "!"}},
                    {"model": "auth.user", "pk": 9002, "fields": {"username": "trung", "password": "!"}},
                ]
            ).encode()
        ),
    }
    paths = {}
    for name, content in damaged.items():
        paths[name] = tmp_path / f"{name}.json.gz"
        paths[name].write_bytes(content)
    return paths


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(
    ("damage", "said"),
    [("cut", "cắt cụt|cut short"), ("not-gzip", "gzip"), ("bad-json", "JSON"), ("conflicting", "trung|UNIQUE|unique")],
)
def test_a_damaged_backup_is_refused_in_one_line_and_nothing_changes(damaged_backups, damage, said):
    titles = dict(Article.objects.values_list("pk", "title"))
    path = damaged_backups[damage]
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(path), "--replace", stdout=StringIO(), stderr=StringIO())
    message = str(refused.value)
    assert "\n" not in message and "Traceback" not in message
    assert str(path) in message and re.search(said, message), message
    assert dict(Article.objects.values_list("pk", "title")) == titles  # untouched
