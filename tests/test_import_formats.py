"""Every input format goes in end to end; every bad file gets its own reason."""

import datetime as dt
import json
import zipfile

import pytest
from django.test import override_settings

from archive.importing import import_pages
from archive.legacy_encodings import encode_legacy
from archive.models import Article, ImportBatch
from tests.conftest import DEMO_PAGES
from tests.test_html_pages import ARTICLE, META
from tests.test_importing import PAGE
from tests.test_sources import write_warc

pytestmark = pytest.mark.django_db


def test_an_html_page_keeps_its_metadata_and_loses_its_furniture(tmp_path):
    (tmp_path / "a.html").write_text(ARTICLE.format(meta=META), encoding="utf-8")
    batch = import_pages([tmp_path])
    assert batch.created_count == 1, batch.errors
    article = Article.objects.get()
    assert article.raw_format == Article.Format.HTML and article.raw_page == ARTICLE.format(meta=META)
    assert article.title == "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 15"
    assert (article.published_date, article.published_time) == (dt.date(2022, 3, 5), dt.time(8, 15))
    assert article.source_url == "https://tinhuy.example.vn/tin-tuc/hoi-nghi-15.html"
    assert article.source_site == "Cổng thông tin Tỉnh ủy Hà Giang"
    assert article.province.short_name == "Hà Giang"
    assert article.organ.name == "Ban Tuyên giáo Tỉnh ủy Hà Giang" and article.authors == "Minh Anh"
    assert list(article.documents.values_list("number", flat=True)) == ["21-KL/TW"]
    for furniture in ("Trần Thị Bình", "ttbinh@example.com", "Lượt truy cập", "Tin cùng chuyên mục", "tracker"):
        assert furniture not in article.body


def test_warc_json_lines_and_zip_go_in_with_urls_and_capture_times(tmp_path):
    html = ARTICLE.format(meta="")
    write_warc(
        tmp_path / "crawl.warc.gz",
        [("https://tinhuy.example.vn/tin/1.html", "text/html; charset=utf-8", "200 OK", html.encode())],
    )
    record = {"url": "https://baocaobo.example.vn/2", "title": "Tiêu đề do trình thu thập ghi", "text": PAGE}
    (tmp_path / "feed.jsonl").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "pages.zip", "w") as archive:
        archive.writestr("nghe-an.txt", PAGE.replace("Kiên Giang", "Nghệ An"))
    batch = import_pages([tmp_path])
    assert (batch.created_count, batch.failed_count) == (3, 0), batch.errors
    from_warc = Article.objects.get(source_url="https://tinhuy.example.vn/tin/1.html")
    assert from_warc.captured_at is not None and from_warc.raw_format == "html"
    from_jsonl = Article.objects.get(source_url="https://baocaobo.example.vn/2")
    assert from_jsonl.title == "Tiêu đề do trình thu thập ghi"
    assert from_jsonl.source_metadata == {"title": "Tiêu đề do trình thu thập ghi"}
    assert Article.objects.get(source_name__endswith="pages.zip/nghe-an.txt").province.short_name == "Nghệ An"


def test_a_json_lines_date_is_the_article_date(tmp_path):
    record = {"url": "https://a.example.vn/1", "text": PAGE, "published": "2020-08-09T10:30:00+07:00"}
    (tmp_path / "feed.jsonl").write_text(json.dumps(record), encoding="utf-8")
    import_pages([tmp_path])
    article = Article.objects.get()
    assert (article.published_date, article.published_precision) == (dt.date(2020, 8, 9), "day")
    assert article.published_time == dt.time(10, 30)


@pytest.mark.parametrize("encoding", ["Windows-1258", "TCVN3", "VNI"])
def test_a_legacy_encoded_page_is_converted_and_the_batch_says_which(tmp_path, encoding):
    (tmp_path / "old.txt").write_bytes(encode_legacy(PAGE.replace("TuấnBan", "Tuấn\nBan"), encoding))
    batch = import_pages([tmp_path])
    assert batch.created_count == 1, batch.errors
    assert batch.notes == [{"path": str(tmp_path / "old.txt"), "note": f"đã chuyển từ bảng mã {encoding}"}]
    article = Article.objects.get()
    assert article.source_encoding == encoding
    assert article.province.short_name == "Kiên Giang"


def test_every_bad_file_gets_its_own_reason_and_the_rest_goes_in(tmp_path):
    (tmp_path / "good.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "good.html").write_text(ARTICLE.format(meta=META), encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "huge.txt").write_bytes(b"x" * (20 * 1024 * 1024))  # 20 MB
    (tmp_path / "broken.html").write_text("<html><body><div><p>Chỉ có</div></span>", encoding="utf-8")
    (tmp_path / "markup-only.html").write_text("<html><head><title></title></head><body></body></html>")
    (tmp_path / "shift-jis.txt").write_bytes("これは日本語のテキストです。".encode("shift_jis") * 20)
    batch = import_pages([tmp_path])
    reasons = {e["path"].rsplit("/", 1)[-1]: e["reason"] for e in batch.errors}
    assert batch.created_count == 2 and Article.objects.count() == 2
    assert reasons["binary.txt"] == "tệp nhị phân, không phải văn bản"
    assert reasons["empty.html"] == "tệp rỗng"
    assert reasons["huge.txt"] == "tệp dài 20,971,520 byte, vượt giới hạn 5,242,880 byte"
    assert reasons["broken.html"] == "không tìm thấy nội dung bài viết dưới tiêu đề"
    assert reasons["markup-only.html"] == "không tìm thấy tiêu đề trên trang"
    assert reasons["shift-jis.txt"].startswith("không phải văn bản UTF-8 (byte 0x82 ở vị trí 0)")
    assert batch.status == ImportBatch.Status.FAILED and batch.failed_count == 6


@override_settings(IMPORT_MAX_BYTES=8192)
def test_an_over_long_record_in_a_container_fails_alone(tmp_path):
    lines = [json.dumps({"text": PAGE}), json.dumps({"text": PAGE + "x" * 10000}), json.dumps({"text": PAGE + " "})]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines), encoding="utf-8")
    batch = import_pages([tmp_path])
    assert (batch.created_count, batch.duplicate_count, batch.failed_count) == (1, 1, 1)
    assert batch.errors[0]["path"].endswith("feed.jsonl:2")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_large_import_extracts_in_worker_processes_with_the_same_result(tmp_path, monkeypatch):
    monkeypatch.setattr("archive.importing.batches.POOL_THRESHOLD", 4)
    provinces = ["Kiên Giang", "Nghệ An", "Cà Mau", "Lào Cai", "Hà Giang", "Bến Tre", "Sơn La", "Phú Yên"]
    for number, province in enumerate(provinces):
        (tmp_path / f"{number}.txt").write_text(PAGE.replace("Kiên Giang", province), encoding="utf-8")
    started = []
    real_start = __import__("archive.importing.batches", fromlist=["_start_pool"])._start_pool

    def start(workers, **options):
        pool = real_start(workers, **options)
        started.append(pool)
        return pool

    monkeypatch.setattr("archive.importing.batches._start_pool", start)
    batch = import_pages([tmp_path], workers=2)
    assert started and started[0] is not None  # the pool really ran
    assert (batch.created_count, batch.failed_count) == (8, 0)
    assert sorted(Article.objects.values_list("province__short_name", flat=True)) == sorted(provinces)


def test_a_progress_total_is_unknown_when_containers_hold_the_pages(tmp_path):
    (tmp_path / "feed.jsonl").write_text(json.dumps({"text": PAGE}), encoding="utf-8")
    totals = []
    import_pages([tmp_path], progress=lambda done, total, outcome: totals.append(total))
    assert totals == [None]


def test_pages_from_a_stream_are_never_all_held_in_memory(tmp_path, monkeypatch):
    """Chunks are taken from the sources lazily, one chunk ahead of the one
    being stored: the first chunk is stored before the third is read."""
    monkeypatch.setattr("archive.importing.batches.CHUNK", 2)
    provinces = ["Cà Mau", "Nghệ An", "Lào Cai", "Sơn La", "Bến Tre", "Phú Yên"]
    lines = [json.dumps({"text": PAGE.replace("Kiên Giang", p)}) for p in provinces]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines), encoding="utf-8")
    stored_when_read = []
    from archive.importing import batches

    real_read_sources = batches.read_sources

    def counting(files, failures):
        for page in real_read_sources(files, failures):
            stored_when_read.append(Article.objects.count())
            yield page

    monkeypatch.setattr(batches, "read_sources", counting)
    import_pages([tmp_path])
    assert stored_when_read == [0, 0, 0, 0, 2, 2]


def test_the_demo_pages_in_other_formats():
    """The demo folder shows every path: an HTML page, a Windows-1258 HTML
    page, and a crawl feed whose first record republishes a demo text page."""
    batch = import_pages([DEMO_PAGES])
    assert batch.failed_count == 0
    lai_chau = Article.objects.get(source_name__endswith="d01_laichau_btv_chuyen_doi_so.html")
    assert (lai_chau.rubric, lai_chau.province.short_name) == ("Chuyển đổi số", "Lai Châu")
    assert (lai_chau.published_date, lai_chau.published_time) == (dt.date(2023, 4, 18), dt.time(15, 40))
    assert lai_chau.organ.name == "Văn phòng Tỉnh ủy Lai Châu" and lai_chau.authors == "Thu Hà"
    assert "sonlv.mt@example.com" not in lai_chau.body and "Lò Văn Sơn" not in lai_chau.body
    hoa_binh = Article.objects.get(source_name__endswith="d02_hoabinh_tapchi_sinh_hoat_chuyen_de.html")
    assert hoa_binh.source_encoding == "Windows-1258" and hoa_binh.title.startswith("Nâng cao chất lượng")
    assert {
        "path": str(DEMO_PAGES / "d02_hoabinh_tapchi_sinh_hoat_chuyen_de.html"),
        "note": "đã chuyển từ bảng mã Windows-1258",
    } in batch.notes
    original = Article.objects.get(source_name__endswith="b03_camau_ubkt_ky_hop_27.txt")
    republished = Article.objects.get(
        source_url="https://baocamau.example.vn/thoi-su/ubkt-tinh-uy-ky-hop-27-a3021.html"
    )
    assert republished.duplicate_of == original and batch.near_duplicate_count == 1
