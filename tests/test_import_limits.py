"""Imports that hold up under abuse: errors and notes kept within bounds, a
file of nothing but errors stopped, hostile names and records explained, and
uploads never read past the limit."""

import io
import json
import os
import socket
import subprocess
import sys
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import ngettext

from archive.importing import batches, import_pages, sources
from archive.importing.sources import PageReadError, SourcePage, SourceProblem, read_file
from archive.models import Article, ImportBatch
from tests.test_html_pages import ARTICLE
from tests.test_importing import PAGE

pytestmark = pytest.mark.django_db

URL = "https://tinhuy.example.vn/tin/a.html"


def braces(path, lines: int, *, then: str = PAGE):
    """A JSON Lines file of ``lines`` records that are not pages, then one page."""
    with path.open("w", encoding="utf-8") as stream:
        stream.write("{}\n" * lines)
        stream.write(json.dumps({"text": then}) + "\n")
    return path


def test_errors_are_counted_in_full_and_listed_up_to_the_limit(tmp_path, monkeypatch, admin_client):
    monkeypatch.setattr(batches, "MAX_ERRORS", 5)
    batch = import_pages([braces(tmp_path / "feed.jsonl", 30)])
    batch.refresh_from_db()
    assert (batch.created_count, batch.failed_count) == (1, 30)
    assert len(batch.errors) == 5 and batch.more_errors == 25
    assert [e["path"].rsplit(":", 1)[1] for e in batch.errors] == ["1", "2", "3", "4", "5"]
    assert batch.status == ImportBatch.Status.FAILED

    html = admin_client.get(reverse("admin:archive_importbatch_change", args=[batch.pk])).content.decode()
    assert "feed.jsonl:5</code>" in html and "feed.jsonl:6</code>" not in html
    more = ngettext("and %(count)s more error", "and %(count)s more errors", 25) % {"count": number_format(25)}
    assert more in html


def test_notes_are_counted_in_full_and_listed_up_to_the_limit(tmp_path, monkeypatch, admin_client):
    monkeypatch.setattr(batches, "MAX_NOTES", 3)
    records = [{"text": PAGE, "url": f"https://tinhuy.example.vn/tin/{n}.html"} for n in range(10)]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    batch = import_pages([path])
    batch.refresh_from_db()
    assert (batch.created_count, batch.duplicate_count) == (1, 9)
    assert len(batch.notes) == 3 and batch.more_notes == 6

    html = admin_client.get(reverse("admin:archive_importbatch_change", args=[batch.pk])).content.decode()
    more = ngettext("and %(count)s more note", "and %(count)s more notes", 6) % {"count": number_format(6)}
    assert more in html


def test_a_file_of_errors_is_stopped_at_the_threshold_saying_so(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "MAX_SOURCE_ERRORS", 10)
    path = braces(tmp_path / "feed.jsonl", 50)
    with translation.override("en"):
        items = list(read_file(path))
        batch = import_pages([path])
    # Ten errors, then the stop: nothing after it is read, the page at the end included.
    assert len(items) == 11 and all(isinstance(item, SourceProblem) for item in items)
    stop = items[-1]
    assert stop.name == str(path)
    assert stop.reason == (
        "stopped after 10 errors in a row, the limit for one file: 10 records were read, the rest of the file was not"
    )
    assert (batch.created_count, batch.failed_count) == (0, 11)
    assert not Article.objects.exists()


def test_pages_without_an_article_count_towards_the_threshold(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "MAX_SOURCE_ERRORS", 10)
    monkeypatch.setattr(batches, "CHUNK", 5)
    path = tmp_path / "feed.jsonl"
    path.write_text('{"text": "x"}\n' * 40 + json.dumps({"text": PAGE}) + "\n", encoding="utf-8")
    with translation.override("en"):
        batch = import_pages([path])
    # Failures are known a chunk or two after reading (extraction runs ahead): a few more are read.
    assert not Article.objects.exists() and 10 < batch.failed_count < 41
    assert batch.errors[-1]["path"] == str(path)
    assert batch.errors[-1]["reason"].startswith("stopped after 10 errors in a row, the limit for one file: ")


def test_a_file_given_up_on_is_listed_even_past_the_listing_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "MAX_SOURCE_ERRORS", 10)
    monkeypatch.setattr(batches, "MAX_ERRORS", 3)
    path = braces(tmp_path / "feed.jsonl", 50)
    batch = import_pages([path])
    assert batch.failed_count == 11 and batch.more_errors == 7
    assert [e["path"] for e in batch.errors] == [f"{path}:1", f"{path}:2", f"{path}:3", str(path)]
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_pages", str(path), stdout=out, stderr=err)
    assert err.getvalue().count(batch.errors[-1]["reason"]) == 2  # as it happened, and in the summary


def test_the_threshold_counts_each_file_on_its_own(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "MAX_SOURCE_ERRORS", 10)
    first, second = braces(tmp_path / "a.jsonl", 6), braces(tmp_path / "b.jsonl", 6, then=PAGE.replace("Kiên", "Cà"))
    batch = import_pages([first, second])
    assert (batch.created_count, batch.failed_count) == (2, 12)


def test_failures_between_pages_never_stop_a_file(tmp_path, monkeypatch):
    # A crawl holds many pages that are not articles (lists, tags) between
    # articles: only failures in a row, with no page stored, give a file up.
    monkeypatch.setattr(sources, "MAX_SOURCE_ERRORS", 10)
    monkeypatch.setattr(batches, "CHUNK", 5)
    path = tmp_path / "crawl.jsonl"
    with path.open("w", encoding="utf-8") as stream:
        for number in range(6):
            stream.write('{"text": "x"}\n' * 8)
            page = PAGE.replace("Kiên Giang", f"Kiên Giang {number}")
            stream.write(json.dumps({"text": page, "url": f"https://tinhuy.example.vn/tin/{number}.html"}) + "\n")
    batch = import_pages([path])
    assert (batch.created_count, batch.failed_count) == (6, 48)
    assert not any("in a row" in error["reason"] for error in batch.errors)


def test_reading_is_a_stream(tmp_path):
    """The first record comes before the rest of the file is read: nothing
    holds a whole source's records."""
    path = braces(tmp_path / "feed.jsonl", 100_000)
    items = read_file(path)
    assert isinstance(next(items), SourceProblem)
    items.close()


def test_unsafe_zip_entry_names_are_counted_and_named(tmp_path):
    path = tmp_path / "pages.zip"
    unsafe = ["..\\..\\windows\\x.txt", "../up.txt", "/etc/abs.txt", "C:\\pages\\c.txt"]
    with zipfile.ZipFile(path, "w") as archive:
        for name in unsafe:
            archive.writestr(name, PAGE)
        archive.writestr("folder\\a.txt", PAGE.replace("Kiên Giang", "Cà Mau"))  # a Windows tool's separator
        archive.writestr("__MACOSX/._a.txt", "resource fork")
    with translation.override("en"):
        items = list(read_file(path))
        batch = import_pages([path])
    problems = [item for item in items if isinstance(item, SourceProblem)]
    assert [p.name.removeprefix(f"{path}/") for p in problems] == unsafe
    assert all(p.reason == "unsafe name in the .zip file (an absolute path or ..): skipped" for p in problems)
    assert [item.name.removeprefix(f"{path}/") for item in items if isinstance(item, SourcePage)] == ["folder\\a.txt"]
    assert (batch.created_count, batch.failed_count) == (1, 4)


def test_absurd_json_lines_get_reasons_a_person_understands(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text("[" * 100_000 + "\n" + '{"n": ' + "9" * 5000 + "}\n", encoding="utf-8")
    with translation.override("en"):
        reasons = [item.reason for item in read_file(path)]
    assert reasons == [
        "not valid JSON: nested too deeply to read",
        "not valid JSON: a number too long to read",
    ]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (
            b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 10\r\n\r\nHTTP/1.1\r\n\r\n",
            "not a readable WARC file: record 1 is damaged",
        ),
        (bytes(range(128, 256)) * 8, "not a readable WARC file: it does not begin with a WARC record"),
    ],
)
def test_a_garbage_warc_gets_a_reason_a_person_understands(tmp_path, data, reason):
    path = tmp_path / "crawl.warc"
    path.write_bytes(data)
    with translation.override("en"):
        (problem,) = read_file(path)
    assert (problem.name, problem.reason) == (str(path), reason)


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_a_truncated_warc_record_is_an_error_and_never_replaces_a_stored_page(tmp_path, name):
    html = ARTICLE.format(meta="").encode("utf-8")
    (tmp_path / "whole").mkdir()
    (tmp_path / "cut").mkdir()
    full = _one_record_warc(tmp_path / "whole" / name, html)
    assert import_pages([full]).created_count == 1
    stored = Article.objects.get().raw_page

    data = full.read_bytes()
    cut = tmp_path / "cut" / name
    cut.write_bytes(data[: len(data) - 300])  # the file ends inside the page
    with translation.override("en"):
        batch = import_pages([cut])
    assert (batch.created_count, batch.updated_count, batch.unchanged_count, batch.failed_count) == (0, 0, 0, 1)
    (error,) = batch.errors
    assert error["path"] == f"{cut}#1 {URL}"
    assert error["reason"].startswith("the record is cut short: ") and "Content-Length" in error["reason"]
    assert Article.objects.get().raw_page == stored


def _one_record_warc(path, html: bytes):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=path.name.endswith(".gz"))
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(URL, "response", payload=io.BytesIO(html), http_headers=headers))
    return path


class CountingFile(io.BytesIO):
    """An upload that counts the bytes read from it."""

    def __init__(self, data: bytes, *, size: int | None = None) -> None:
        super().__init__(data)
        self.name, self.read_bytes = "trang.txt", 0
        self.size = len(data) if size is None else size

    def read(self, n: int | None = -1) -> bytes:
        data = super().read(n)
        self.read_bytes += len(data)
        return data


@override_settings(IMPORT_MAX_BYTES=4096)
def test_an_upload_is_never_read_past_the_limit():
    # The size the upload declares is believed first: nothing is read.
    declared = CountingFile(b"x" * 10_000)
    with pytest.raises(PageReadError, match=r"10,000"):
        sources.read_upload(declared)
    assert declared.read_bytes == 0
    # A size that lies is not: one byte past the limit at most.
    lying = CountingFile(b"x" * 10_000, size=100)
    with pytest.raises(PageReadError):
        sources.read_upload(lying)
    assert lying.read_bytes == 4097
    assert sources.read_upload(CountingFile(PAGE.encode())).raw == PAGE


@override_settings(IMPORT_MAX_BYTES=4096)
def test_an_upload_or_a_paste_over_the_limit_is_refused_on_the_form(editor_client):
    from_page = reverse("admin:archive_article_from_page")
    limit = f"{4096:,}"
    upload = SimpleUploadedFile("big.txt", PAGE.encode() + b"x" * 4096)
    response = editor_client.post(from_page, {"file": upload, "extract": "1"})
    assert response.status_code == 200 and limit in response.content.decode()
    pasted = PAGE + "x" * 4096
    response = editor_client.post(from_page, {"text": pasted, "extract": "1"})
    assert response.status_code == 200 and limit in response.content.decode()
    assert 'name="save"' not in response.content.decode()
    assert not Article.objects.exists()


def test_a_large_upload_waits_on_disk_not_in_memory(editor_client, monkeypatch, settings):
    """Django spools an upload past FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file."""
    from django.core.files.uploadedfile import TemporaryUploadedFile

    seen = []
    real = sources.read_upload
    monkeypatch.setattr("archive.admin.read_upload", lambda upload: seen.append(type(upload)) or real(upload))
    big = PAGE.encode() + b"x" * (settings.FILE_UPLOAD_MAX_MEMORY_SIZE + 1)
    editor_client.post(reverse("admin:archive_article_from_page"), {"file": SimpleUploadedFile("a.txt", big)})
    assert seen == [TemporaryUploadedFile]


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_batch_whose_process_is_gone_is_shown_and_marked_interrupted(admin_client, tmp_path):
    gone = ImportBatch.objects.create(source="a", pid=_dead_pid(), host=socket.gethostname(), created_count=7)
    alive = ImportBatch.objects.create(source="b", pid=os.getppid(), host=socket.gethostname())
    elsewhere = ImportBatch.objects.create(source="c", pid=_dead_pid(), host="another-machine")
    changelist = admin_client.get(reverse("admin:archive_importbatch_changelist")).content.decode()
    assert str(ImportBatch.Status.INTERRUPTED.label) in changelist

    out, err = io.StringIO(), io.StringIO()
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    with translation.override("en"):
        call_command("import_pages", str(tmp_path), stdout=out, stderr=err)
    assert (
        f"An earlier import, batch {gone.pk}, was interrupted. Before it stopped it had stored 7 new" in out.getvalue()
    )
    assert [b.status for b in ImportBatch.objects.filter(pk__in=[gone.pk, alive.pk, elsewhere.pk]).order_by("pk")] == [
        ImportBatch.Status.INTERRUPTED,
        ImportBatch.Status.RUNNING,
        ImportBatch.Status.RUNNING,
    ]
    finished = ImportBatch.objects.latest("pk")
    assert (finished.pid, finished.host, finished.status) == (os.getpid(), socket.gethostname(), "finished")
