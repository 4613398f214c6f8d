"""Reading every input format into pages, and every bad input into a clear reason."""

import gzip
import io
import json
import zipfile

import pytest
from django.test import override_settings
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.importing.sources import (
    HTML,
    TEXT,
    PageReadError,
    SourcePage,
    SourceProblem,
    collect_files,
    decode_bytes,
    normalise_url,
    page_from_upload,
    read_file,
)
from archive.legacy_encodings import encode_legacy
from tests.test_html_pages import ARTICLE, META

TEXT_PAGE = "Tỉnh ủy Cà Mau sơ kết công tác xây dựng Đảng\n\nNgày 3/4/2021, Ban Thường vụ Tỉnh ủy Cà Mau họp.\n"


def pages_and_problems(path):
    items = list(read_file(path))
    return [i for i in items if isinstance(i, SourcePage)], [i for i in items if isinstance(i, SourceProblem)]


def write_warc(path, records):
    """records: (url, content type, status, body bytes)."""
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=path.name.endswith(".gz"))
        for url, content_type, status, body in records:
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
            writer.write_record(record)
        writer.write_record(writer.create_warc_record("https://example.vn/", "request", payload=io.BytesIO(b"GET /")))
    return path


def test_a_text_file_is_one_text_page(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(TEXT_PAGE, encoding="utf-8")
    pages, problems = pages_and_problems(path)
    assert not problems and len(pages) == 1
    assert (pages[0].raw, pages[0].format, pages[0].url, pages[0].converted_from) == (TEXT_PAGE, TEXT, "", None)


def test_an_html_file_and_html_saved_as_txt_are_html_pages(tmp_path):
    (tmp_path / "a.html").write_text(ARTICLE.format(meta=META), encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE.format(meta=META), encoding="utf-8")
    assert pages_and_problems(tmp_path / "a.html")[0][0].format == HTML
    assert pages_and_problems(tmp_path / "b.txt")[0][0].format == HTML


def test_an_html_page_in_its_declared_legacy_charset_is_converted(tmp_path):
    html = ARTICLE.format(meta=META).replace('<meta charset="utf-8">', '<meta charset="windows-1258">')
    (tmp_path / "a.html").write_bytes(encode_legacy(html, "Windows-1258"))
    page = pages_and_problems(tmp_path / "a.html")[0][0]
    assert page.converted_from == "Windows-1258"
    assert "Ban Chấp hành Đảng bộ tỉnh Hà Giang" in page.raw


@pytest.mark.parametrize("encoding", ["Windows-1258", "TCVN3", "VNI"])
def test_a_legacy_text_file_is_converted_and_says_so(tmp_path, encoding):
    text = TEXT_PAGE * 3
    (tmp_path / "old.txt").write_bytes(encode_legacy(text, encoding))
    page = pages_and_problems(tmp_path / "old.txt")[0][0]
    assert page.converted_from == encoding
    # TCVN3 has no capitals with tone marks; everything else comes back exactly.
    assert page.raw.lower() == text.lower() if encoding == "TCVN3" else page.raw == text


def test_a_warc_file_gives_one_page_per_html_response(tmp_path):
    html = ARTICLE.format(meta="").encode("utf-8")
    path = write_warc(
        tmp_path / "crawl.warc.gz",
        [
            ("https://tinhuy.example.vn/a.html?utm_source=fb", "text/html; charset=utf-8", "200 OK", html),
            ("https://tinhuy.example.vn/logo.png", "image/png", "200 OK", b"\x89PNG\r\n"),
            ("https://tinhuy.example.vn/old", "text/html", "301 Moved Permanently", b""),
            ("https://tinhuy.example.vn/b.html", "text/html", "200 OK", html.replace("Hà Giang".encode(), b"Lai Chau")),
        ],
    )
    pages, problems = pages_and_problems(path)
    assert not problems
    assert [p.url for p in pages] == ["https://tinhuy.example.vn/a.html", "https://tinhuy.example.vn/b.html"]
    assert all(p.format == HTML and p.captured_at is not None for p in pages)
    assert pages[0].name.startswith(f"{path}#1 ")


def test_a_warc_without_html_and_a_broken_warc_are_reported(tmp_path):
    empty = write_warc(tmp_path / "images.warc", [("https://x.example.vn/a.png", "image/png", "200 OK", b"png")])
    assert pages_and_problems(empty)[1][0].reason == "tệp WARC không chứa trang HTML nào"
    for number, data in enumerate([b"random text here\nmore", b"WARC/1.0\r\nWARC-Type: response\r\n"]):
        broken = tmp_path / f"broken{number}.warc"
        broken.write_bytes(data)
        pages, problems = pages_and_problems(broken)
        assert not pages and problems[0].reason.startswith("không đọc được tệp WARC"), problems
    truncated = tmp_path / "truncated.warc.gz"
    truncated.write_bytes(gzip.compress(b"this is not a WARC record\r\n\r\n"))
    assert pages_and_problems(truncated)[1][0].reason == "tệp WARC không chứa trang HTML nào"


def test_json_lines_records_become_pages_with_their_metadata(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps(
            {"url": "https://a.example.vn/1#top", "title": "Tiêu đề", "text": TEXT_PAGE, "published": "2021-04-03"}
        ),
        "",
        json.dumps({"url": "https://a.example.vn/2", "html": ARTICLE.format(meta="")}),
        "{not json",
        json.dumps({"url": "https://a.example.vn/3"}),
        json.dumps(["a list"]),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    pages, problems = pages_and_problems(path)
    assert [(p.url, p.format) for p in pages] == [("https://a.example.vn/1", TEXT), ("https://a.example.vn/2", HTML)]
    assert pages[0].metadata == {"title": "Tiêu đề", "published": "2021-04-03"}
    assert pages[0].name == f"{path}:1"
    assert [(p.name.rsplit(":", 1)[-1], p.reason.split(":")[0]) for p in problems] == [
        ("4", "JSON không hợp lệ"),
        ("5", 'bản ghi không có "html" hay "text"'),
        ("6", "mỗi dòng phải là một đối tượng JSON"),
    ]


def test_a_json_lines_record_with_legacy_mojibake_is_repaired(tmp_path):
    mojibake = encode_legacy(TEXT_PAGE * 3, "VNI").decode("cp1252")
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"text": mojibake}), encoding="utf-8")
    page = pages_and_problems(path)[0][0]
    assert page.raw == TEXT_PAGE * 3 and page.converted_from


def test_a_zip_holds_pages_and_containers(tmp_path):
    warc = write_warc(tmp_path / "inner.warc", [("https://x.example.vn/a", "text/html", "200 OK", b"<p>Trang</p>")])
    path = tmp_path / "pages.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("folder/a.txt", TEXT_PAGE)
        archive.writestr("folder/b.html", ARTICLE.format(meta=""))
        archive.writestr("c.jsonl", json.dumps({"text": TEXT_PAGE}))
        archive.write(warc, "d.warc")
        archive.writestr("__MACOSX/._a.txt", "resource fork")
        archive.writestr("scan.pdf", "%PDF")
        archive.writestr("nested.zip", "PK")
    pages, problems = pages_and_problems(path)
    assert [p.name.removeprefix(f"{path}/") for p in pages] == [
        "folder/a.txt",
        "folder/b.html",
        "c.jsonl:1",
        "d.warc#1 https://x.example.vn/a",
    ]
    assert sorted(p.name.rsplit("/", 1)[-1] for p in problems) == ["nested.zip", "scan.pdf"]


def test_a_broken_zip_is_reported(tmp_path):
    path = tmp_path / "broken.zip"
    path.write_bytes(b"PK\x03\x04 not really")
    assert pages_and_problems(path)[1][0].reason == "không phải tệp .zip đọc được"


@override_settings(IMPORT_MAX_BYTES=4096)
def test_the_size_limit_holds_for_files_zip_entries_and_records(tmp_path):
    big = "Đảng bộ tỉnh " * 1000
    (tmp_path / "big.html").write_text(f"<p>{big}</p>", encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "pages.zip", "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.txt", big)
    (tmp_path / "feed.jsonl").write_text(json.dumps({"text": big}), encoding="utf-8")
    for name in ("big.html", "pages.zip", "feed.jsonl"):
        pages, problems = pages_and_problems(tmp_path / name)
        assert not pages and "vượt giới hạn 4,096 byte" in problems[0].reason, name


def test_a_folder_lists_pages_skips_other_files_and_reports_missing_paths(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT_PAGE, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.HTML").write_text("<p>x</p>", encoding="utf-8")
    (tmp_path / "sub" / "c.warc.gz").write_bytes(b"")
    (tmp_path / "labels.json").write_text("{}", encoding="utf-8")
    (tmp_path / ".DS_Store").write_bytes(b"\x00")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF")
    files, problems, skipped = collect_files([tmp_path, tmp_path / "missing.txt", tmp_path / "scan.pdf"])
    assert [f.name for f in files] == ["a.txt", "b.HTML", "c.warc.gz"]
    assert [(p.name.rsplit("/", 1)[-1], p.reason) for p in problems] == [
        ("missing.txt", "không có tệp hay thư mục này"),
        ("scan.pdf", problems[1].reason),
    ]
    assert problems[1].reason.startswith("không phải loại tệp được hỗ trợ (.pdf)")
    assert sorted(p.name.rsplit("/", 1)[-1] for p in skipped) == ["labels.json", "scan.pdf"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "tệp rỗng"),
        (b" \n\t\n", "tệp rỗng"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "tệp nhị phân, không phải văn bản"),
        (bytes(range(256)) * 4, "tệp nhị phân, không phải văn bản"),
    ],
)
def test_bytes_that_are_not_a_page_are_refused(data, reason):
    with pytest.raises(PageReadError, match=reason):
        decode_bytes(data)


def test_bytes_in_no_known_encoding_are_refused_with_the_position():
    data = "これは日本語のテキストです。".encode("shift_jis") * 5
    with pytest.raises(PageReadError, match="không phải văn bản UTF-8"):
        decode_bytes(data)


def test_utf8_with_a_bom_and_utf16_are_read():
    assert decode_bytes("\ufeffĐảng bộ".encode()) == ("Đảng bộ", None)
    assert decode_bytes("Đảng bộ tỉnh".encode("utf-16")) == ("Đảng bộ tỉnh", None)


def test_an_upload_is_one_page_or_a_clear_error():
    assert page_from_upload("a.html", ARTICLE.format(meta="").encode()).format == HTML
    with pytest.raises(PageReadError, match="tệp rỗng"):
        page_from_upload("a.txt", b"")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://TinHuy.Example.VN/a/b.html#binh-luan", "https://tinhuy.example.vn/a/b.html"),
        ("https://x.example.vn/a?id=5&utm_source=zalo&fbclid=1", "https://x.example.vn/a?id=5"),
        ("http://x.example.vn:80", "http://x.example.vn/"),
        ("https://x.example.vn:8443/a", "https://x.example.vn:8443/a"),
        (" https://x.example.vn/tin tức ", "https://x.example.vn/tin tức"),
        ("/relative/path", ""),
        ("javascript:alert(1)", ""),
        ("", ""),
    ],
)
def test_normalise_url(url, expected):
    assert normalise_url(url) == expected
