"""What a hostile or unlucky import must survive without losing anything."""

import datetime as dt
import json
import os
import zipfile

import pytest
from django.test import override_settings

from archive.importing import CREATED, UPDATED, batches, import_page, import_pages, store
from archive.importing.sources import SourcePage
from archive.models import Article, ImportBatch, NearDuplicateKey
from tests.test_duplicates import BODY, page
from tests.test_importing import PAGE

pytestmark = pytest.mark.django_db


def jsonl(path, records):
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    return path


def test_the_same_url_twice_in_one_chunk_creates_then_updates(tmp_path):
    url = "https://tinhuy.example.vn/tin/1.html"
    second = PAGE.replace("Chỉ thị số 35-CT/TW", "Chỉ thị số 35-CT/TW và Kết luận số 21-KL/TW")
    batch = import_pages([jsonl(tmp_path / "feed.jsonl", [{"url": url, "text": PAGE}, {"url": url, "text": second}])])
    assert (batch.created_count, batch.updated_count, batch.failed_count) == (1, 1, 0), batch.errors
    article = Article.objects.get()
    assert sorted(article.documents.values_list("number", flat=True)) == ["21-KL/TW", "35-CT/TW"]
    assert article.congress_mentions.count() == 2


def test_import_page_updates_the_article_with_the_same_url():
    url = "https://tinhuy.example.vn/tin/2.html"
    assert import_page(SourcePage("a", PAGE, url=url))[0] == CREATED
    status, article = import_page(SourcePage("a", PAGE.replace("Quốc Tuấn", "Minh Hải"), url=url))
    assert status == UPDATED and article.authors == "Minh Hải" and Article.objects.count() == 1


def test_damaged_zip_entries_fail_alone(tmp_path):
    path = tmp_path / "pages.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a-broken.txt", PAGE * 20)
        archive.writestr("b-good.txt", PAGE)
    data = bytearray(path.read_bytes())
    start = data.index(b"a-broken.txt") + len("a-broken.txt")
    data[start + 10 : start + 60] = bytes(50)  # corrupt the deflate stream of the first entry
    path.write_bytes(bytes(data))
    batch = import_pages([path])
    assert (batch.created_count, batch.failed_count) == (1, 1)
    assert batch.errors[0]["path"].endswith("a-broken.txt")


def test_absurd_json_lines_fail_alone(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text("[" * 100_000 + "\n" + '{"n": ' + "9" * 5000 + "}\n" + json.dumps({"text": PAGE}), encoding="utf-8")
    batch = import_pages([path])
    assert (batch.created_count, batch.failed_count) == (1, 2)
    assert all(e["reason"].startswith("JSON không hợp lệ") for e in batch.errors)


@override_settings(IMPORT_MAX_BYTES=4096)
def test_an_over_long_json_line_is_skipped_without_reading_it_whole(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"text": "x" * 20_000}) + "\n" + json.dumps({"text": PAGE}), encoding="utf-8")
    batch = import_pages([path])
    assert (batch.created_count, batch.failed_count) == (1, 1)
    assert batch.errors[0]["path"].endswith("feed.jsonl:1") and "vượt giới hạn" in batch.errors[0]["reason"]


def test_an_interrupted_import_is_recorded_as_interrupted_with_counts_kept_up_to_date(tmp_path, monkeypatch):
    monkeypatch.setattr(batches, "CHUNK", 1)
    for number, province in enumerate(["Cà Mau", "Nghệ An", "Sơn La"]):
        (tmp_path / f"{number}.txt").write_text(PAGE.replace("Kiên Giang", province), encoding="utf-8")
    real = batches.read_sources
    recorded = []

    def interrupted(files, failures):
        for number, item in enumerate(real(files, failures)):
            if number == 2:
                # What a reader sees while the import runs (or after it is killed here).
                recorded.append(ImportBatch.objects.values_list("status", "created_count").get())
                raise KeyboardInterrupt
            yield item

    monkeypatch.setattr(batches, "read_sources", interrupted)
    with pytest.raises(KeyboardInterrupt):
        import_pages([tmp_path])
    assert recorded == [(ImportBatch.Status.RUNNING, 1)]  # the first chunk, stored, is counted
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.INTERRUPTED and "KeyboardInterrupt" in batch.errors[-1]["reason"]
    assert Article.objects.count() == 1 == batch.created_count  # the first chunk was committed


_PARENT = os.getpid()


def _dies_in_a_worker(source_page):
    """prepare_page, except that a worker given the Sơn La page dies as the
    out-of-memory killer would make it (module level: workers unpickle it)."""
    if "Sơn La" in source_page.raw and os.getpid() != _PARENT:
        os._exit(1)
    return _real_prepare_page(source_page)


_real_prepare_page = batches.prepare_page


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_dead_extraction_worker_does_not_hang_or_lose_the_chunk(tmp_path, monkeypatch):
    monkeypatch.setattr(batches, "POOL_THRESHOLD", 2)
    monkeypatch.setattr(batches, "prepare_page", _dies_in_a_worker)
    provinces = ["Cà Mau", "Nghệ An", "Sơn La", "Lào Cai", "Bến Tre", "Phú Yên"]
    for number, province in enumerate(provinces):
        (tmp_path / f"{number}.txt").write_text(PAGE.replace("Kiên Giang", province), encoding="utf-8")
    batch = import_pages([tmp_path], workers=2)
    assert (batch.created_count, batch.failed_count) == (6, 0)
    assert sorted(Article.objects.values_list("province__short_name", flat=True)) == sorted(provinces)


def test_an_older_copy_found_later_keeps_the_group_together_within_a_chunk(tmp_path):
    later = {"url": "https://a.example.vn/1", "text": page("Báo Bến Tre", date="14/6/2021")}
    older = {"url": "https://b.example.vn/1", "text": page("Cổng TTĐT Tỉnh ủy Bến Tre", date="12/6/2021")}
    recrawl = {"url": "https://a.example.vn/1", "text": page("Báo Bến Tre", date="14/6/2021") + "Lượt xem: 9\n"}
    batch = import_pages([jsonl(tmp_path / "feed.jsonl", [later, older, recrawl])])
    first = Article.objects.get(source_url="https://a.example.vn/1")
    original = Article.objects.get(source_url="https://b.example.vn/1")
    assert first.duplicate_of == original and original.duplicate_of is None
    assert batch.near_duplicate_count == 1
    assert f"bản cũ hơn của bài {first.pk}" in " ".join(n["note"] for n in batch.notes)


def test_a_stub_page_updated_with_its_full_text_gets_a_fingerprint():
    url = "https://tinhuy.example.vn/tin/3.html"
    stub = "Sơ kết một năm thực hiện Nghị quyết\n12/6/2021\n\nNội dung đang được cập nhật, mời bạn đọc quay lại sau.\n"
    import_page(SourcePage("stub", stub, url=url))
    assert not NearDuplicateKey.objects.exists()
    _, full = import_page(SourcePage("stub", page("Cổng TTĐT Tỉnh ủy Bến Tre"), url=url))
    assert NearDuplicateKey.objects.filter(article=full).count() == 8
    _, copy = import_page(SourcePage("copy", page("Báo Bến Tre", date="13/6/2021")))
    assert copy.duplicate_of == full
    assert BODY.split(".")[0] in copy.body
    assert copy.published_date == dt.date(2021, 6, 13)


def _numbered_pages(count: int) -> list[dict]:
    """Pages with different texts (no two share a near-duplicate band), each citing its own directive."""
    from tests.test_near_duplicates import text

    return [
        {
            "url": f"https://tinhuy.example.vn/tin/{n}.html",
            "text": f"Tỉnh ủy Kiên Giang triển khai Chỉ thị {n}\n8/8/2020\n\n"
            f"Ban Thường vụ Tỉnh ủy Kiên Giang quán triệt Chỉ thị số {n}-CT/TW của Bộ Chính trị. "
            f"{text(n, 120)}.\n\nQuốc Tuấn\n",
        }
        for n in range(1, count + 1)
    ]


def test_a_chunk_of_new_articles_is_inserted_in_one_statement(tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    feed = jsonl(tmp_path / "feed.jsonl", _numbered_pages(30))
    with CaptureQueriesContext(connection) as queries:
        batch = import_pages([feed], workers=1)
    assert batch.created_count == 30, batch.errors
    inserts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('INSERT INTO "archive_article"')]
    assert len(inserts) == 1
    for article in Article.objects.all():
        number = article.source_url.rsplit("/", 1)[1].removesuffix(".html")
        assert list(article.documents.values_list("number", flat=True)) == [f"{number}-CT/TW"]
        assert NearDuplicateKey.objects.filter(article=article).count() == 8


def test_a_page_another_import_stored_first_is_a_duplicate_and_the_rest_go_in(tmp_path, monkeypatch):
    """Two imports of overlapping pages at once: the unique content hash
    refuses the second insert of a page, and only that page."""
    records = _numbered_pages(5)
    write = store.PendingRows.write

    def another_import_gets_page_3_in_first(rows):
        for article in rows.articles:
            if article.source_url.endswith("/3.html"):
                Article.objects.create(
                    title="Bài do đợt nhập khác lưu", body="…", content_hash=article.content_hash, source_url=""
                )
        return write(rows)

    monkeypatch.setattr(store.PendingRows, "write", another_import_gets_page_3_in_first)
    batch = import_pages([jsonl(tmp_path / "feed.jsonl", records)], workers=1)
    assert (batch.created_count, batch.duplicate_count, batch.failed_count) == (4, 1, 0), batch.errors
    other = Article.objects.get(title="Bài do đợt nhập khác lưu")
    assert not other.documents.exists() and not other.congress_mentions.exists()
    assert not Article.objects.filter(source_url__endswith="/3.html").exists()
    for article in Article.objects.exclude(pk=other.pk):
        assert article.documents.count() == 1 and NearDuplicateKey.objects.filter(article=article).exists()


def test_the_same_page_twice_in_a_chunk_is_a_duplicate_of_the_first(tmp_path):
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(PAGE + "\n", encoding="utf-8")  # the same content hash
    batch = import_pages([tmp_path], workers=1)
    assert (batch.created_count, batch.duplicate_count) == (1, 1), batch.errors
    article = Article.objects.get()
    assert article.documents.count() == 1
