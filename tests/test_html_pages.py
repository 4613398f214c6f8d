"""HTML pages: main content through trafilatura, the page's own metadata kept."""

import datetime as dt

import pytest

from archive.html_pages import HtmlError, looks_like_html, read_html

ARTICLE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 15 - Cổng thông tin Tỉnh ủy Hà Giang</title>
{meta}
</head><body>
<header><div class="today">Thứ năm, 23/09/2021</div>
<nav><a href="/">Trang chủ</a> <a href="/tin">Tin tức</a> <a href="/xd">Xây dựng Đảng</a></nav></header>
<main><article>
<h1>Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 15</h1>
<div class="date">Ngày đăng: 05/03/2022 08:15</div>
<p>Sáng 5/3, Ban Chấp hành Đảng bộ tỉnh Hà Giang khóa XVII tổ chức Hội nghị lần thứ 15 để đánh giá công tác
xây dựng Đảng quý I năm 2022 và triển khai nhiệm vụ quý II.</p>
<p>Phát biểu chỉ đạo hội nghị, đồng chí Bí thư Tỉnh ủy nhấn mạnh yêu cầu thực hiện nghiêm Kết luận số 21-KL/TW
về đẩy mạnh xây dựng, chỉnh đốn Đảng.</p>
<p>Hội nghị đã thảo luận, cho ý kiến vào các báo cáo, tờ trình và thống nhất cao các nội dung trình tại hội nghị.</p>
<p class="author">Minh Anh (Ban Tuyên giáo Tỉnh ủy)</p>
</article>
<aside><h3>Tin cùng chuyên mục</h3><ul><li><a href="/a">Tỉnh ủy tổ chức hội nghị chuyên đề</a></li></ul></aside>
<div class="comments"><form><label>Họ tên</label><input><label>Email</label><input><button>Gửi bình luận</button></form>
<div class="comment"><b>Trần Thị Bình</b> (ttbinh@example.com): Bài viết rất hay.</div></div>
</main><footer>Lượt truy cập: 12.345</footer><script>var tracker = 1;</script></body></html>"""

META = """<meta property="og:title" content="Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 15">
<meta property="og:site_name" content="Cổng thông tin Tỉnh ủy Hà Giang">
<meta property="article:published_time" content="2022-03-05T08:15:00+07:00">
<link rel="canonical" href="https://tinhuy.example.vn/tin-tuc/hoi-nghi-15.html">"""


def test_the_page_metadata_is_kept():
    page = read_html(ARTICLE.format(meta=META))
    assert page.title == "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 15"
    assert (page.published, page.published_time) == (dt.date(2022, 3, 5), dt.time(8, 15))
    assert page.url == "https://tinhuy.example.vn/tin-tuc/hoi-nghi-15.html"
    assert page.site_name == "Cổng thông tin Tỉnh ủy Hà Giang"


def test_the_main_content_is_laid_out_as_a_text_page_with_its_byline():
    page = read_html(ARTICLE.format(meta=META))
    lines = page.text.split("\n")
    # The site's name heads it, as on a text dump; then the headline and its date line.
    assert lines[:3] == [
        "Cổng thông tin Tỉnh ủy Hà Giang",
        "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 15",
        "Ngày đăng: 05/03/2022 08:15",
    ]
    assert lines[-1] == "Minh Anh (Ban Tuyên giáo Tỉnh ủy)"  # trafilatura drops bylines; it is put back
    assert any(line.startswith("Sáng 5/3, Ban Chấp hành") for line in lines)


def test_furniture_and_reader_comments_stay_out_of_the_text_but_are_listed():
    page = read_html(ARTICLE.format(meta=META))
    for furniture in ("Thứ năm, 23/09/2021", "Trần Thị Bình", "ttbinh@example.com", "Lượt truy cập", "Trang chủ"):
        assert furniture not in page.text
    assert "Thứ năm, 23/09/2021" in page.furniture
    assert any("ttbinh@example.com" in line for line in page.furniture)
    assert not any("tracker" in line for line in page.furniture)  # scripts are not text


def test_without_metadata_the_headline_comes_from_the_title_element():
    page = read_html(ARTICLE.format(meta=""))
    assert page.title == "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 15"
    assert page.url == "" and page.published is None


def test_a_date_in_a_time_element_of_the_article_is_the_page_date():
    html = ARTICLE.format(meta="").replace(
        '<div class="date">Ngày đăng: 05/03/2022 08:15</div>', '<time datetime="2022-03-05T08:15">5/3/2022</time>'
    )
    assert (read_html(html).published, read_html(html).published_time) == (dt.date(2022, 3, 5), dt.time(8, 15))


def test_the_sites_today_date_in_the_header_is_never_the_page_date():
    html = ARTICLE.format(meta="").replace(
        '<div class="today">Thứ năm, 23/09/2021</div>',
        '<div class="date"><time datetime="2021-09-23">Thứ năm, 23/09/2021</time></div>',
    )
    html = html.replace('<div class="date">Ngày đăng: 05/03/2022 08:15</div>', "")
    assert read_html(html).published is None


def test_a_relative_canonical_link_is_not_a_url():
    html = ARTICLE.format(meta='<link rel="canonical" href="/tin-tuc/hoi-nghi-15.html">')
    assert read_html(html).url == ""


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><p>Chỉ một đoạn",  # never closed
        "<div><p>Đảng bộ <b>tỉnh</p></div></span></td>",  # mismatched tags
        "<html><body>" + "<div>" * 3000 + "Sâu" + "</div>" * 3000 + "</body></html>",
        '<?xml version="1.0" encoding="utf-8"?><html><body><p>Đoạn văn</p></body></html>',
    ],
)
def test_broken_html_is_read_without_an_exception(html):
    page = read_html(html)
    assert isinstance(page.text, str)


def test_a_document_without_any_element_is_an_html_error():
    with pytest.raises(HtmlError):
        read_html("   ")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<!DOCTYPE html><html><body></body></html>", True),
        ("  <html lang='vi'>", True),
        ("Tiêu đề\n<p>Đoạn văn</p>", True),
        ("Tiêu đề bài viết\n\nĐoạn văn có dấu < và > trong đó.", False),
        ("Đại hội lần thứ XI <2020-2025>", False),
    ],
)
def test_looks_like_html(text, expected):
    assert looks_like_html(text) is expected


def test_a_kicker_above_the_headline_leads_the_text():
    html = ARTICLE.format(meta=META).replace("<h1>", '<p class="kicker">Xây dựng Đảng</p><h1>')
    assert read_html(html).text.split("\n")[1:3] == ["Xây dựng Đảng", "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 15"]


def test_a_breadcrumb_or_a_dated_line_above_the_headline_is_no_kicker():
    from archive.importing import extract_source

    for above in ('<div class="breadcrumb">Trang chủ » Tin tức</div>', "<p>Thứ năm, 23/09/2021</p>"):
        html = ARTICLE.format(meta="").replace("<h1>", above + "<h1>")
        extraction, _url = extract_source(html, "html")
        assert extraction.rubric == "" and extraction.published == dt.date(2022, 3, 5), above


def test_without_a_site_name_tag_the_site_comes_from_the_title_element():
    page = read_html(ARTICLE.format(meta=""))
    assert page.text.split("\n")[0] == "Cổng thông tin Tỉnh ủy Hà Giang"
