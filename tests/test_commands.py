import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from archive.models import Article
from tests.test_importing import PAGE

EXTRACT_KEYS = {
    "title", "rubric", "published", "published_precision", "published_time", "province", "organ",
    "authors", "congresses", "documents", "body",
}  # fmt: skip


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_import_pages_prints_a_summary_and_says_when_nothing_changed(page_file):
    path = page_file(PAGE)
    out, _ = run("import_pages", str(path))
    assert "1 mới (0 trong số đó là bản đăng lại của bài đã có), 0 cập nhật, 0 không đổi, 0 bản trùng" in out
    out, _ = run("import_pages", str(path))
    assert "0 mới (0 trong số đó là bản đăng lại của bài đã có), 0 cập nhật, 1 không đổi, 0 bản trùng" in out
    assert "không có gì thay đổi" in out
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_import_pages_fails_with_each_bad_path_named(page_file, tmp_path):
    good, empty = page_file(PAGE), page_file("", "empty.txt")
    err = StringIO()
    with pytest.raises(CommandError, match="1 trang không nhập được"):
        call_command("import_pages", str(good), str(empty), stdout=StringIO(), stderr=err)
    assert f"Lỗi: {empty}: tệp rỗng" in err.getvalue()
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_import_pages_reports_each_file_at_verbosity_2(page_file):
    _, err = run("import_pages", str(page_file(PAGE)), "--verbosity", "2")
    assert "[1/1] created:" in err


def test_extract_page_prints_utf8_json_without_touching_the_database(page_file):
    # No django_db mark: any query would fail this test.
    out, _ = run("extract_page", str(page_file(PAGE)))
    data = json.loads(out)
    assert EXTRACT_KEYS <= set(data)
    assert "Tỉnh ủy Kiên Giang" in out  # not escaped as \\u1ec9
    assert data["published"] == "2020-08-08" and data["published_time"] == "06:59"
    assert data["province"] == "Kiên Giang" and data["organ"] == "Ban Tuyên giáo Tỉnh ủy"
    assert data["authors"] == ["Quốc Tuấn"] and data["documents"] == ["35-CT/TW"]
    assert data["congresses"][1] == {
        "level": "provincial",
        "number": 11,
        "term": "2020-2025",
        "organisation": "Đảng bộ tỉnh Kiên Giang",
        "surface": "Đại hội đại biểu Đảng bộ tỉnh lần thứ XI, nhiệm kỳ 2020-2025",
    }


def test_extract_page_reports_an_unreadable_file(tmp_path, page_file):
    with pytest.raises(CommandError, match=r"missing\.txt: không có tệp hay thư mục này"):
        run("extract_page", str(tmp_path / "missing.txt"))
    with pytest.raises(CommandError, match=r"empty\.txt: tệp rỗng"):
        run("extract_page", str(page_file("", "empty.txt")))


def test_extract_page_reads_html_and_lists_the_pages_of_a_container(tmp_path):
    from tests.test_html_pages import ARTICLE, META

    (tmp_path / "a.html").write_text(ARTICLE.format(meta=META), encoding="utf-8")
    data = json.loads(run("extract_page", str(tmp_path / "a.html"))[0])
    assert EXTRACT_KEYS <= set(data)
    assert data["url"] == "https://tinhuy.example.vn/tin-tuc/hoi-nghi-15.html"
    assert (data["published"], data["published_time"]) == ("2022-03-05", "08:15")
    assert "ttbinh@example.com" not in data["body"] and any("ttbinh@example.com" in r for r in data["removed"])
    records = [json.dumps({"url": f"https://a.example.vn/{n}", "text": PAGE}) for n in (1, 2)]
    (tmp_path / "feed.jsonl").write_text("\n".join(records), encoding="utf-8")
    data = json.loads(run("extract_page", str(tmp_path / "feed.jsonl"))[0])
    assert [page["url"] for page in data] == ["https://a.example.vn/1", "https://a.example.vn/2"]
