import datetime as dt
import unicodedata

import pytest
from django.test import override_settings

from archive.extract import extract_page
from archive.importing import (
    CREATED,
    UNCHANGED,
    UPDATED,
    content_hash,
    import_pages,
    import_text,
    reextract_articles,
)
from archive.importing.store import apply_extraction, store_page
from archive.models import Article, ImportBatch, Province
from tests.conftest import DEMO_PAGES, load_seed_labels

pytestmark = pytest.mark.django_db

PAGE = """Tiến tới Đại hội XIII của Đảng
Tỉnh ủy Kiên Giang sơ kết công tác chuẩn bị đại hội
6:59' 8/8/2020

Ban Thường vụ Tỉnh ủy Kiên Giang yêu cầu các huyện ủy tiếp tục quán triệt Chỉ thị số 35-CT/TW của Bộ Chính trị, chuẩn bị tốt Đại hội đại biểu Đảng bộ tỉnh lần thứ XI, nhiệm kỳ 2020-2025.

Quốc TuấnBan Tuyên giáo Tỉnh ủy Kiên Giang
Bài cùng chuyên mục
"""


def test_import_stores_every_field():
    status, article = import_text(PAGE, source_name="kg.txt")
    assert status == CREATED
    article.refresh_from_db()
    assert article.title == "Tỉnh ủy Kiên Giang sơ kết công tác chuẩn bị đại hội"
    assert article.rubric == "Tiến tới Đại hội XIII của Đảng"
    assert (article.published_date, article.published_precision) == (dt.date(2020, 8, 8), "day")
    assert article.published_time == dt.time(6, 59)
    assert article.province.slug == "kien-giang"
    assert article.organ.name == "Ban Tuyên giáo Tỉnh ủy Kiên Giang"
    assert article.authors == "Quốc Tuấn"
    assert list(article.documents.values_list("number", flat=True)) == ["35-CT/TW"]
    mentions = {(m.congress.level, m.congress.number, m.congress.term) for m in article.congress_mentions.all()}
    assert mentions == {("national", 13, ""), ("provincial", 11, "2020–2025")}
    assert article.raw_page == PAGE
    assert article.content_hash == content_hash(PAGE)
    assert "Bài cùng chuyên mục" not in article.body


def test_content_hash_is_the_stripped_lines_of_the_cleaned_page():
    """Stored hashes are compared with new ones: the definition may never drift."""
    import hashlib
    import random

    from archive.text import clean_text

    def reference(raw: str) -> str:
        text = "\n".join(line.strip() for line in clean_text(raw).split("\n")).strip()
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    pieces = ["Đảng", "bộ", " ", "  ", "\n", "\r\n", "\r", "\t", "\u00a0", "\u2028", "\u2029", "\u200b", "\x0b", "x"]
    rng = random.Random(3)
    for _ in range(500):
        raw = "".join(rng.choice(pieces) for _ in range(rng.randrange(30)))
        assert content_hash(raw) == reference(raw), repr(raw)
    assert content_hash(PAGE) == reference(PAGE)
    assert content_hash("  Tiêu đề \r\n\u00a0thân bài  \n") == content_hash("Tiêu đề\nthân bài")


def test_importing_the_same_page_twice_changes_nothing():
    _, first = import_text(PAGE)
    updated_at = Article.objects.get().updated_at
    status, second = import_text(PAGE)
    assert (status, second.pk) == (UNCHANGED, first.pk)
    assert Article.objects.count() == 1
    assert Article.objects.get().updated_at == updated_at


def test_the_same_page_in_another_unicode_form_or_line_ending_is_the_same_page():
    import_text(PAGE)
    status, _ = import_text(unicodedata.normalize("NFD", PAGE).replace("\n", "\r\n").replace(" ", "\u00a0", 5))
    assert status == UNCHANGED


def test_importing_a_known_page_again_leaves_the_article_alone():
    _, article = import_text(PAGE)
    Article.objects.filter(pk=article.pk).update(title="Tiêu đề biên tập viên sửa")
    status, article = import_text(PAGE)
    assert status == UNCHANGED and article.title == "Tiêu đề biên tập viên sửa"


def test_reextraction_updates_what_the_extractor_now_finds():
    _, article = import_text(PAGE)
    Article.objects.filter(pk=article.pk).update(title="Tiêu đề cũ do bộ trích xuất trước", organ=None)
    assert reextract_articles(Article.objects.all())[UPDATED] == 1
    article.refresh_from_db()
    assert article.title.startswith("Tỉnh ủy Kiên Giang") and article.organ is not None


def test_fields_corrected_by_hand_are_never_overwritten():
    _, article = import_text(PAGE)
    article.title = "Tiêu đề biên tập viên sửa"
    article.province = Province.objects.get(slug="an-giang")
    article.edited_fields = ["title", "province"]
    article.save()
    counts = reextract_articles(Article.objects.all())
    article.refresh_from_db()
    assert article.title == "Tiêu đề biên tập viên sửa"
    assert article.province.slug == "an-giang"
    # The organ was not corrected, so it is derived again, for the corrected province.
    assert counts[UPDATED] == 1
    assert article.organ.name == "Ban Tuyên giáo Tỉnh ủy An Giang"
    assert reextract_articles(Article.objects.all())[UNCHANGED] == 1


def test_apply_extraction_reports_what_changed():
    _, article = import_text(PAGE)
    assert apply_extraction(article, extract_page(PAGE)) == []
    article.authors = ""
    assert apply_extraction(article, extract_page(PAGE)) == ["authors"]


def test_import_pages_records_a_batch(tmp_path):
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.TXT").write_text(PAGE.replace("Kiên Giang", "Nghệ An"), encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(PAGE, encoding="utf-8")
    seen = []
    batch = import_pages([tmp_path], progress=lambda done, total, outcome: seen.append((done, total, outcome.status)))
    assert (batch.created_count, batch.failed_count, batch.status) == (2, 0, ImportBatch.Status.FINISHED)
    assert seen == [(1, 2, CREATED), (2, 2, CREATED)]
    assert batch.finished_at is not None
    assert set(Article.objects.values_list("batch", flat=True)) == {batch.pk}
    again = import_pages([tmp_path])
    assert (again.created_count, again.unchanged_count) == (0, 2)


@override_settings(IMPORT_MAX_BYTES=4096)
def test_bad_files_are_reported_and_the_rest_goes_in(tmp_path, page_file):
    good = page_file(PAGE, "good.txt")
    files = [
        page_file("", "empty.txt"),
        page_file("   \n\n ", "blank.txt"),
        page_file("\x00\x01\x02 binary", "binary.txt"),
        page_file("Kiên Giang", "latin1.txt", encoding="latin-1"),
        page_file(PAGE * 20, "huge.txt"),
        page_file("no headline\n", "short.txt"),
        tmp_path / "missing.txt",
        page_file("x", "page.pdf"),
    ]
    batch = import_pages([good, *files])
    reasons = {e["path"].rsplit("/", 1)[-1]: e["reason"] for e in batch.errors}
    assert batch.created_count == 1 and Article.objects.count() == 1
    assert batch.failed_count == len(files) == len(reasons)
    assert batch.status == ImportBatch.Status.FAILED
    assert reasons["empty.txt"] == reasons["blank.txt"] == "tệp rỗng"
    assert reasons["binary.txt"] == "tệp nhị phân, không phải văn bản"
    assert reasons["latin1.txt"].startswith("không phải văn bản UTF-8")
    assert "vượt giới hạn" in reasons["huge.txt"]
    assert reasons["missing.txt"] == "không có tệp hay thư mục này"
    assert reasons["page.pdf"].startswith("không phải loại tệp được hỗ trợ (.pdf)")
    assert reasons["short.txt"] == "không tìm thấy nội dung bài viết dưới tiêu đề"


def test_an_unexpected_error_in_one_page_does_not_stop_the_batch(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(PAGE.replace("Kiên Giang", "Nghệ An"), encoding="utf-8")
    original = store_page

    def flaky(page, *args, **kwargs):
        if "Nghệ An" in page.raw:
            raise RuntimeError("disk hiccup")
        return original(page, *args, **kwargs)

    monkeypatch.setattr("archive.importing.store.store_page", flaky)
    batch = import_pages([tmp_path])
    assert (batch.created_count, batch.failed_count) == (1, 1)
    assert batch.errors[0]["reason"] == "RuntimeError: disk hiccup"


def test_progress_is_reported_as_each_chunk_of_pages_is_stored(tmp_path, monkeypatch):
    monkeypatch.setattr("archive.importing.batches.CHUNK", 2)
    for number, province in enumerate(["Kiên Giang", "Nghệ An", "Cà Mau"]):
        (tmp_path / f"{number}.txt").write_text(PAGE.replace("Kiên Giang", province), encoding="utf-8")
    stored_at_each_report = []
    import_pages([tmp_path], progress=lambda *_: stored_at_each_report.append(Article.objects.count()))
    assert stored_at_each_report == [2, 2, 3]


def test_an_integrity_error_that_is_not_a_race_is_reported(page_file, monkeypatch):
    from django.db import IntegrityError

    def broken(article, extraction, *args, **kwargs):
        raise IntegrityError("CHECK constraint failed")

    monkeypatch.setattr("archive.importing.store.set_extracted_fields", broken)
    batch = import_pages([page_file(PAGE)])
    assert batch.failed_count == 1 and batch.errors[0]["reason"] == "IntegrityError: CHECK constraint failed"


def test_a_source_found_by_reextraction_is_saved():
    page = PAGE.replace("Bài cùng chuyên mục", "Theo Báo Kiên Giang\nBài cùng chuyên mục")
    _, article = import_text(page)
    Article.objects.filter(pk=article.pk).update(source_site="")
    assert reextract_articles(Article.objects.all())[UPDATED] == 1
    assert Article.objects.get().source_site == "Báo Kiên Giang"


def test_articles_typed_in_by_hand_are_left_alone_by_reextraction():
    article = Article.objects.create(title="Bài nhập tay", body="Nội dung do biên tập viên nhập.")
    assert article.content_hash is None
    assert reextract_articles([article])[UNCHANGED] == 1
    article.refresh_from_db()
    assert (article.title, article.body) == ("Bài nhập tay", "Nội dung do biên tập viên nhập.")


def test_demo_pages_import_with_their_metadata():
    batch = import_pages([DEMO_PAGES])
    text_pages = len(list(DEMO_PAGES.glob("*.txt")))
    # Two HTML pages and a JSON Lines file of two records beside the text pages.
    assert batch.failed_count == 0 and batch.created_count == text_pages + 4
    assert Article.objects.filter(province__isnull=False).count() >= 29
    # Every demo page names its organ but the magazine piece by a district official.
    assert Article.objects.filter(organ__isnull=True).count() == 1
    assert Article.objects.filter(published_date__isnull=False).count() >= 27
    post_merger = Article.objects.filter(published_date__gte=dt.date(2025, 7, 1), province__isnull=False)
    assert post_merger.exists() and all(a.province.valid_on(a.published_date) for a in post_merger)


def test_real_sample_pages_import_with_their_metadata(seeds):
    batch = import_pages([seeds])
    assert (batch.created_count, batch.failed_count) == (5, 0)
    for label in load_seed_labels():
        article = Article.objects.get(source_name__endswith=label["file"])
        assert article.title == label["title"]
        published = None
        if article.published_date:
            length = {"day": 10, "month": 7, "year": 4}[article.published_precision]
            published = article.published_date.isoformat()[:length]
        assert published == label["published"] or published in label["published_also_ok"]
        assert (article.province.short_name if article.province else None) == label["province"]
        kind_name = article.organ.name.removesuffix(f" {article.province.short_name}") if article.province else ""
        assert (kind_name or article.organ.name) in label["organ_ok"]
