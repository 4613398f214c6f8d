"""Identity across imports: the source URL as natural key, exact duplicates
skipped and counted, near-duplicates linked to their original, batches purged."""

import datetime as dt
import json

import pytest

from archive.importing import CREATED, DUPLICATE, UNCHANGED, import_page, import_pages, purge_batch
from archive.importing.sources import SourcePage
from archive.models import Article, ImportBatch, NearDuplicateKey

pytestmark = pytest.mark.django_db

BODY = (
    "Sáng 12/6/2021, Ban Thường vụ Tỉnh ủy Bến Tre tổ chức hội nghị sơ kết một năm thực hiện Nghị quyết Đại hội "
    "đại biểu Đảng bộ tỉnh lần thứ XI, nhiệm kỳ 2020 - 2025. Hội nghị đánh giá các cấp ủy đã chủ động xây dựng "
    "chương trình hành động, cụ thể hóa nghị quyết bằng những đề án sát thực tiễn của từng địa phương.\n\n"
    "Trong năm, toàn tỉnh kết nạp gần một nghìn đảng viên mới, củng cố các chi bộ ấp, khu phố và nâng cao chất "
    "lượng sinh hoạt chi bộ. Công tác kiểm tra, giám sát được tăng cường, kịp thời chấn chỉnh những hạn chế.\n\n"
    "Kết luận hội nghị, đồng chí Bí thư Tỉnh ủy yêu cầu các cấp ủy tiếp tục đổi mới phương thức lãnh đạo, "
    "giữ vững kỷ luật, kỷ cương và chăm lo đời sống của nhân dân trong bối cảnh dịch bệnh còn diễn biến phức tạp."
)


def page(site: str, date: str = "12/6/2021", byline: str = "Thanh Tâm") -> str:
    return (
        f"{site}\nTin tức - Sự kiện\nSơ kết một năm thực hiện Nghị quyết Đại hội Đảng bộ tỉnh\n{date}\n\n"
        f"{BODY}\n\n{byline}\nTin cùng chuyên mục\nLượt xem: 1.024\n"
    )


def jsonl(path, records):
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    return path


def test_a_reimport_of_the_same_url_with_new_content_updates_its_article(tmp_path):
    url = "https://tinhuy.bentre.example.vn/tin/so-ket.html"
    first = import_pages([jsonl(tmp_path / "a.jsonl", [{"url": url, "text": page("Cổng TTĐT Tỉnh ủy Bến Tre")}])])
    article = Article.objects.get()
    assert first.created_count == 1 and article.source_url == url
    article.title = "Tiêu đề biên tập viên sửa"
    article.edited_fields = ["title"]
    article.save()

    corrected = page("Cổng TTĐT Tỉnh ủy Bến Tre", date="13/6/2021", byline="Thanh Tâm - Minh Hải")
    again = import_pages([jsonl(tmp_path / "b.jsonl", [{"url": url + "#binh-luan", "text": corrected}])])
    assert (again.created_count, again.updated_count) == (0, 1)
    article.refresh_from_db()
    assert article.published_date == dt.date(2021, 6, 13)  # the site's correction is taken
    assert article.title == "Tiêu đề biên tập viên sửa"  # the editor's is kept
    assert article.raw_page == corrected and Article.objects.count() == 1

    unchanged = import_pages([jsonl(tmp_path / "c.jsonl", [{"url": url, "text": corrected}])])
    assert (unchanged.unchanged_count, unchanged.updated_count, unchanged.duplicate_count) == (1, 0, 0)


def test_a_refetched_page_whose_article_did_not_change_is_unchanged(tmp_path):
    url = "https://tinhuy.bentre.example.vn/tin/so-ket.html"
    import_pages([jsonl(tmp_path / "a.jsonl", [{"url": url, "text": page("Cổng TTĐT") + "Lượt xem: 1\n"}])])
    again = import_pages([jsonl(tmp_path / "b.jsonl", [{"url": url, "text": page("Cổng TTĐT") + "Lượt xem: 2\n"}])])
    assert (again.updated_count, again.unchanged_count) == (0, 1)
    assert Article.objects.get().raw_page.endswith("Lượt xem: 2\n")  # the newest copy is kept


def test_an_exact_duplicate_from_another_source_is_skipped_and_counted(tmp_path):
    text = page("Cổng TTĐT Tỉnh ủy Bến Tre")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "copy").mkdir()
    (tmp_path / "copy" / "a-again.txt").write_text(text, encoding="utf-8")
    batch = import_pages([tmp_path])
    assert (batch.created_count, batch.duplicate_count) == (1, 1)
    assert batch.notes == [
        {"path": str(tmp_path / "copy" / "a-again.txt"), "note": "trùng với một trang khác trong đợt nhập này"}
    ]
    later = import_pages([jsonl(tmp_path / "feed.jsonl", [{"url": "https://other.example.vn/x", "text": text}])])
    article = Article.objects.get()
    assert (later.duplicate_count, later.created_count) == (1, 0)
    assert later.notes[0]["note"] == f"đã có trong kho lưu trữ là bài {article.pk}"


def test_a_republication_by_another_site_is_stored_and_linked_to_the_original():
    status, original = import_page(SourcePage("tinhuy.txt", page("Cổng TTĐT Tỉnh ủy Bến Tre")))
    status, copy = import_page(
        SourcePage("bao.txt", page("Báo Bến Tre điện tử", date="13/6/2021", byline="Theo Cổng TTĐT Tỉnh ủy"))
    )
    assert status == CREATED
    assert copy.duplicate_of == original and original.duplicate_of is None
    assert list(original.republications.all()) == [copy]
    assert NearDuplicateKey.objects.filter(article=copy).count() == 8


def test_an_older_republication_found_later_becomes_the_original():
    _, later = import_page(SourcePage("a.txt", page("Báo Bến Tre", date="14/6/2021")))
    _, copy = import_page(SourcePage("b.txt", page("Đài PT-TH Bến Tre", date="13/6/2021")))
    later.refresh_from_db()
    assert later.duplicate_of == copy and copy.duplicate_of is None
    _, oldest = import_page(SourcePage("c.txt", page("Cổng TTĐT Tỉnh ủy Bến Tre", date="12/6/2021")))
    later.refresh_from_db()
    copy.refresh_from_db()
    assert oldest.duplicate_of is None and later.duplicate_of == oldest and copy.duplicate_of == oldest


def test_different_articles_from_one_site_are_not_linked():
    other_body = (
        "Chiều 20/6/2021, Ủy ban Kiểm tra Tỉnh ủy Bến Tre tổ chức hội nghị triển khai kế hoạch kiểm tra, giám sát "
        "năm 2021 đối với các tổ chức đảng trực thuộc. Theo kế hoạch, Ủy ban sẽ kiểm tra dấu hiệu vi phạm đối với "
        "một số đảng viên, giám sát chuyên đề việc kê khai tài sản, thu nhập và việc thu, nộp đảng phí tại các chi bộ."
    )
    import_page(SourcePage("a.txt", page("Cổng TTĐT Tỉnh ủy Bến Tre")))
    _, other = import_page(SourcePage("b.txt", page("Cổng TTĐT Tỉnh ủy Bến Tre").replace(BODY, other_body)))
    assert other.duplicate_of is None


def test_the_same_page_imported_as_one_page_is_unchanged_and_from_elsewhere_a_duplicate():
    text = page("Cổng TTĐT Tỉnh ủy Bến Tre")
    assert import_page(SourcePage("a.txt", text))[0] == CREATED
    assert import_page(SourcePage("a.txt", text))[0] == UNCHANGED
    assert import_page(SourcePage("b.txt", text))[0] == DUPLICATE


def test_purging_a_batch_removes_its_articles_only_and_keeps_the_record(tmp_path):
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    (tmp_path / "one" / "a.txt").write_text(page("Cổng TTĐT Tỉnh ủy Bến Tre"), encoding="utf-8")
    (tmp_path / "two" / "b.txt").write_text(page("Báo Bến Tre", date="13/6/2021"), encoding="utf-8")
    first, second = import_pages([tmp_path / "one"]), import_pages([tmp_path / "two"])
    republication = Article.objects.get(batch=second)
    assert republication.duplicate_of.batch == first

    assert purge_batch(first) == 1
    first.refresh_from_db()
    assert (first.status, first.purged_count) == (ImportBatch.Status.PURGED, 1) and first.purged_at
    assert list(Article.objects.all()) == [republication]
    republication.refresh_from_db()
    assert republication.duplicate_of is None  # the text stays, only the link goes
    assert not NearDuplicateKey.objects.exclude(article=republication).exists()
    # The page can be imported again after a purge.
    assert import_pages([tmp_path / "one"]).created_count == 1
