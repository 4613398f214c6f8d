from archive.extract import extract_page
from archive.extract.layout import is_furniture_line, is_paragraph, is_tail_heading, split_page
from archive.text import clean_text

LEAD = (
    "Chiều 2/7, Ban Tổ chức Tỉnh ủy tổ chức hội nghị sơ kết công tác tổ chức xây dựng Đảng 6 tháng đầu năm, "
    "triển khai nhiệm vụ trọng tâm 6 tháng cuối năm 2020 với sự tham dự của lãnh đạo các huyện ủy."
)


def layout_of(page: str):
    return split_page(clean_text(page))


def test_rubric_title_and_date_line():
    layout = layout_of(f"Tiến tới Đại hội XIII của Đảng\nKiên Giang chuẩn bị đại hội\n6:59' 8/8/2020\n\n{LEAD}\n")
    assert (layout.rubric, layout.title, layout.date_line) == (
        "Tiến tới Đại hội XIII của Đảng",
        "Kiên Giang chuẩn bị đại hội",
        "6:59' 8/8/2020",
    )


def test_site_header_date_slogan_banner_and_menu_are_not_the_title():
    page = (
        "Thứ sáu, 19/08/2022\nTRANG THÔNG TIN ĐIỆN TỬ BAN DÂN VẬN TỈNH ỦY\n"
        "Trang chủ | Giới thiệu | Tin tức - Sự kiện\nĐảng Cộng sản Việt Nam quang vinh muôn năm!\n"
        f"Hội nghị sơ kết công tác dân vận\n{LEAD}\n"
    )
    layout = layout_of(page)
    assert layout.title == "Hội nghị sơ kết công tác dân vận"
    assert layout.rubric == "" and layout.date_line == ""
    assert layout.site_lines == ["TRANG THÔNG TIN ĐIỆN TỬ BAN DÂN VẬN TỈNH ỦY"]


def test_title_repeated_in_the_body_and_duplicate_captions_are_kept_once():
    caption = "Các đại biểu biểu quyết thông qua Nghị quyết Đại hội."
    page = f"Hội nghị sơ kết\n\n{caption}\n{caption}\n{LEAD}\nHội nghị sơ kết\n{LEAD}\n"
    result = extract_page(page)
    assert result.body.count(caption) == 1
    assert result.body.count(LEAD) == 1
    assert "Hội nghị sơ kết\n" not in result.body + "\n"


def test_image_placeholders_are_dropped_so_captions_collapse():
    caption = "Các đại biểu biểu quyết thông qua Nghị quyết Đại hội."
    result = extract_page(f"Hội nghị sơ kết\n\n{caption}\n[Ảnh]\n[Ảnh] {caption}\n{LEAD}\n")
    assert result.body.count(caption) == 1
    assert "[Ảnh]" not in result.body


def test_furniture_after_the_article_is_removed_and_kept_for_the_editor():
    page = (
        f"Hội nghị sơ kết\n{LEAD}\nMai Lan - Đức Lam\n355 Go top\nThống kê truy cập\n"
        "Bạn : Lưu Văn Ba ( luuvanba@...).Gửi ngày: 08/08/2020\nHọ và tên : *\nEmail : *\nMã bảo vệ :\n"
    )
    result = extract_page(page)
    assert result.authors == ["Mai Lan", "Đức Lam"]
    assert "Lưu Văn Ba" not in result.body and "luuvanba" not in result.body
    assert any("Lưu Văn Ba" in line for line in result.removed)


def test_a_byline_glued_to_the_page_buttons_is_split():
    result = extract_page(f"Hội nghị sơ kết\n{LEAD}\nThu Trang - Quang Huy  Ý kiến bạn đọc Gửi ý kiến In trang này\n")
    assert result.authors == ["Thu Trang", "Quang Huy"]
    assert "Ý kiến bạn đọc" not in result.body


def test_single_furniture_lines():
    for line in [
        "http://tuyensinh.example.vn/",
        "Lượt xem: 1.284",
        "In bài viết | Chia sẻ Facebook | Zalo",
        "» Giao ban công tác dân vận quý I năm 2020 (08/04/2020)",
        "- Tập huấn nghiệp vụ công tác đảng viên năm 2024 (10/07/2024)",
        "Tìm kiếm...",
    ]:
        assert is_furniture_line(line), line
    assert not is_furniture_line("- Tập trung lãnh đạo tổ chức thành công đại hội đảng bộ các cấp.")


def test_tail_headings_only_as_short_lines():
    assert is_tail_heading("Bài cùng chuyên mục")
    assert is_tail_heading("Ý KIẾN BẠN ĐỌC VỀ BÀI VIẾT NÀY")
    assert not is_tail_heading("Bình luận về kết quả này, đồng chí Bí thư cho rằng " + "nhiều việc còn phải làm " * 10)


def test_paragraphs_are_running_text():
    assert is_paragraph(LEAD)
    assert not is_paragraph("Triển khai nhiệm vụ trọng tâm công tác Tổ chức xây dựng Đảng 6 tháng cuối năm 2020")
    assert not is_paragraph("Trang chủ | Tin hoạt động | Thông tin thời sự | Tài liệu sinh hoạt chi bộ | Học tập " * 2)


def test_body_is_clean_nfc_without_invisible_characters():
    import unicodedata

    page = unicodedata.normalize("NFD", f"Hội\u00a0nghị sơ kết\n\n{LEAD.replace(' ', chr(0xA0), 3)}\u200b\n")
    result = extract_page(page)
    assert result.title == "Hội nghị sơ kết"
    assert unicodedata.is_normalized("NFC", result.body)
    assert "\u00a0" not in result.body and "\u200b" not in result.body


def test_long_runs_of_spaces_are_handled_in_linear_time():
    # Before the fix, trying the furniture phrases inside this run took minutes.
    result = extract_page(f"Hội nghị sơ kết\n{LEAD}{' ' * 50_000}Mai Lan - Đức Lam\n")
    assert result.title == "Hội nghị sơ kết" and LEAD in result.body


def test_a_page_of_many_short_lines_is_handled():
    result = extract_page("Hội nghị sơ kết\n6:59' 8/8/2020\n" + "dòng ngắn\n" * 20_000 + LEAD)
    assert result.title == "Hội nghị sơ kết" and result.body.count("dòng ngắn") == 1


def test_a_paragraph_starting_like_a_furniture_heading_is_article_text():
    middle = "Chia sẻ tại hội nghị, đồng chí Bí thư nhấn mạnh yêu cầu nâng cao chất lượng sinh hoạt chi bộ ở cơ sở."
    last = "Trở về địa phương, các đại biểu sẽ quán triệt nội dung hội nghị tới toàn thể cán bộ, đảng viên."
    result = extract_page(f"Hội nghị sơ kết\n{LEAD}\n{middle}\n{last}\nChia sẻ\nBài cùng chuyên mục\n")
    assert middle in result.body and last in result.body
    assert "Bài cùng chuyên mục" not in result.body


def test_a_date_stamp_above_the_headline():
    result = extract_page(f"Cập nhật: 12/10/2021 08:15\nHội nghị sơ kết công tác tổ chức\n{LEAD}\n")
    assert result.title == "Hội nghị sơ kết công tác tổ chức"
    assert result.published_iso() == "2021-10-12"


def test_a_date_stamp_above_a_kicker_and_the_headline():
    page = f"Thứ Hai, 05/09/2022, 07:30 (GMT+7)\nThực tiễn - Kinh nghiệm\nHà Tĩnh đổi mới cách tạo nguồn phát triển đảng viên\n{LEAD}\n"
    layout = layout_of(page)
    assert (layout.rubric, layout.title) == (
        "Thực tiễn - Kinh nghiệm",
        "Hà Tĩnh đổi mới cách tạo nguồn phát triển đảng viên",
    )


def test_a_line_under_the_headline_below_a_date_stamp_is_no_kicker():
    # The first line after the date is the headline when the next one is a caption or shorter.
    for second in ("Ảnh: Minh Đức", "Tin hoạt động"):
        page = f"Cập nhật: 12/10/2021 08:15\nHội nghị sơ kết công tác tổ chức xây dựng Đảng\n{second}\n{LEAD}\n"
        layout = layout_of(page)
        assert (layout.rubric, layout.title) == ("", "Hội nghị sơ kết công tác tổ chức xây dựng Đảng"), second


def test_the_site_name_in_mixed_case_is_a_banner_not_the_title():
    page = f"Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh Sóc Trăng\nĐảng ủy Khối quán triệt Nghị quyết Trung ương 10\n{LEAD}\n"
    layout = layout_of(page)
    assert layout.title == "Đảng ủy Khối quán triệt Nghị quyết Trung ương 10"
    assert layout.site_lines == ["Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh Sóc Trăng"]


def test_a_headline_that_opens_with_an_organ_is_no_banner():
    layout = layout_of(f"Ban Tổ chức Tỉnh ủy triển khai nhiệm vụ quý II\n{LEAD}\n")
    assert layout.title == "Ban Tổ chức Tỉnh ủy triển khai nhiệm vụ quý II" and layout.site_lines == []


def test_furniture_typed_without_diacritics():
    assert is_furniture_line("Luot xem: 812")
    assert is_tail_heading("Ve dau trang")
    assert is_tail_heading("Tin cung chuyen muc")
    # A line with diacritics must match in its own spelling: "Trò vè" (a folk verse) is not "Trở về".
    assert is_tail_heading("Trở về") and not is_tail_heading("Trò vè dân gian")


def test_more_furniture_headings():
    for line in ["Tin nổi bật", "Xem nhiều nhất", "Bài viết cùng tác giả", "Theo dõi chúng tôi trên Zalo", "Phản hồi"]:
        assert is_tail_heading(line), line


def test_comments_without_a_heading_are_cut_with_the_tail():
    for comment in (
        "Nông Văn Quang (quangnv.cb@gmail.com)\nĐề nghị sớm công khai đề án.",
        "Độc giả Hoàng Thị Mến - Hòa An:\nMong đường sớm được nâng cấp.",
        "Vi Văn Thắng\n10:20 06/03/2022\nMong Đảng ủy Khối quan tâm hơn.",
        "Gửi bởi Lê Văn Toàn lúc 09:30 23/07/2019\nBài viết hay.",
    ):
        result = extract_page(f"Hội nghị sơ kết\n{LEAD}\nMai Lan\n{comment}\n")
        assert result.body == LEAD and result.authors == ["Mai Lan"], comment
        assert comment.split("\n")[0] in result.removed


def test_a_byline_over_its_date_is_no_comment():
    result = extract_page(f"Hội nghị sơ kết\n{LEAD}\nNguyễn Hoàng\n22/07/2019 10:11\nTin cùng chuyên mục\n")
    assert result.authors == ["Nguyễn Hoàng"] and result.published_iso() == "2019-07-22"


def test_an_author_with_an_academic_title_over_a_workplace_line():
    result = extract_page(f"Hội nghị sơ kết\n{LEAD}\nThS. Trần Thị Hoài Thương\nTrường Chính trị Trần Phú\n")
    assert result.authors == ["Trần Thị Hoài Thương"] and result.body == LEAD


def test_a_magazine_author_under_the_headline():
    page = f"Số 12 - 2021\nNghiên cứu - Trao đổi\nĐấu tranh phản bác quan điểm sai trái\nTS. NGUYỄN VĂN KHÁNH\nTrường Chính trị tỉnh Thái Bình\n{LEAD}\n"
    result = extract_page(page)
    assert (result.rubric, result.title) == ("Nghiên cứu - Trao đổi", "Đấu tranh phản bác quan điểm sai trái")
    assert result.authors == ["Nguyễn Văn Khánh"] and result.body == LEAD


def test_a_labelled_byline_under_the_headline_does_not_swallow_the_next_line():
    result = extract_page(f"Bài, ảnh: Hồng Nhung\nBan Tổ chức Tỉnh ủy triển khai nhiệm vụ quý II\n{LEAD}\n")
    assert result.title == "Ban Tổ chức Tỉnh ủy triển khai nhiệm vụ quý II" and result.authors == ["Hồng Nhung"]


def test_names_over_the_organ_are_one_byline():
    result = extract_page(f"Hội nghị sơ kết\n{LEAD}\nNguyễn Văn An\nBan Tuyên giáo Tỉnh ủy\n")
    assert (result.authors, result.organ_kind, result.body) == (["Nguyễn Văn An"], "ban_tuyen_giao", LEAD)


def test_canonical_paragraphs_are_the_canonical_body():
    from pathlib import Path

    from archive.text import canonical_tones, match_key

    pages = Path(__file__).resolve().parent.parent / "demo" / "pages"
    for path in [*sorted(pages.glob("*.txt"))[:10], None]:
        text = path.read_text(encoding="utf-8") if path else f"Hoà bình\n{LEAD} Tỉnh uỷ Khánh Hoà.\n"
        layout = layout_of(text)
        assert "\n\n".join(layout.canonical_paragraphs) == canonical_tones("\n\n".join(layout.paragraphs))
        assert len({match_key(p) for p in layout.paragraphs}) == len(layout.paragraphs)
