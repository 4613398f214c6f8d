import pytest

from archive.extract import organs
from archive.extract.byline import is_affiliation, parse_byline, parse_source


@pytest.mark.parametrize(
    ("line", "authors", "kind"),
    [
        ("Quốc TuấnBan Tuyên giáo Tỉnh ủy Kiên Giang", ["Quốc Tuấn"], "ban_tuyen_giao"),
        ("HY- VPTU", ["HY"], "van_phong"),
        ("Nguyễn Thị Thu Hào - Đảng ủy Khối", ["Nguyễn Thị Thu Hào"], "dang_uy_khoi"),
        ("Minh Khuê - Ban Tuyên giáo Đảng ủy Khối", ["Minh Khuê"], "dang_uy_khoi"),
        ("Hoàng Anh (Ban Tổ chức Tỉnh ủy)", ["Hoàng Anh"], "ban_to_chuc"),
        ("Ngọc Hân - Ban Dân vận Tỉnh ủy", ["Ngọc Hân"], "ban_dan_van"),
        ("Thu Hằng- BTGTU", ["Thu Hằng"], "ban_tuyen_giao"),
        ("UBKT Tỉnh ủy", [], "uy_ban_kiem_tra"),
        ("BTGDVTU", [], "ban_tuyen_giao_dan_van"),
        ("Phương ThảoBan Tuyên giáo và Dân vận Tỉnh ủy An Giang", ["Phương Thảo"], "ban_tuyen_giao_dan_van"),
        ("Mai Lan - Đức Lam", ["Mai Lan", "Đức Lam"], None),
        ("Bài, ảnh: Trần Văn Phúc", ["Trần Văn Phúc"], None),
        ("PV", [], None),
        ("Thu Hà - Văn phòng Tỉnh uỷ", ["Thu Hà"], "van_phong"),  # new-style tone placement
        # A Ban of a district or of the central committee is no provincial organ.
        ("Thanh Hà - Ban Tuyên giáo Huyện ủy", ["Thanh Hà"], None),
        ("Hồng Vân - Ban Tổ chức Trung ương", ["Hồng Vân"], None),
        ("Minh Anh - Ban Dân vận Quận ủy", ["Minh Anh"], None),
        # Academic titles, names in capitals, a workplace in brackets.
        ("TS. NGUYỄN VĂN KHÁNH", ["Nguyễn Văn Khánh"], None),
        ("ThS. Trần Thị Hoài Thương", ["Trần Thị Hoài Thương"], None),
        ("PGS, TS Nguyễn Văn Hùng", ["Nguyễn Văn Hùng"], None),
        ("PGS.TS. Lê Văn An - ThS. Trần Bình", ["Lê Văn An", "Trần Bình"], None),
        ("TS. Nguyễn An (Học viện Chính trị khu vực I)", ["Nguyễn An"], None),
        # Typed without diacritics.
        ("Nguyen Lan - Ban Tuyen giao Tinh uy", ["Nguyen Lan"], "ban_tuyen_giao"),
        # Long bylines: two full names and an organ; the longest organ and province.
        (
            "Đặng Thị Hồng Dung - Trần Thanh Lợi - Ủy ban Kiểm tra Tỉnh ủy",
            ["Đặng Thị Hồng Dung", "Trần Thanh Lợi"],
            "uy_ban_kiem_tra",
        ),
        ("Diệu Nhi, Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh Bà Rịa - Vũng Tàu", ["Diệu Nhi"], "dang_uy_khoi"),
    ],
)
def test_bylines(line, authors, kind):
    byline = parse_byline(line)
    assert byline is not None
    assert (byline.authors, byline.organ_kind) == (authors, kind)


@pytest.mark.parametrize(
    "line",
    [
        "Các đại biểu dự hội nghị.",
        "Tin Tức Sự Kiện Xây Dựng Đảng Văn Kiện Tư Liệu Hỏi Đáp Liên Hệ",
        # Too many words before the organ to be names.
        "Nguyễn Văn An Trần Văn Bình Lê Văn Cường Phạm Văn Dũng Hoàng Văn Em Võ Văn Phúc - Ban Tổ chức Tỉnh ủy",
        "Đồng chí Trưởng Ban Tổ chức Tỉnh ủy cũng đã trao đổi làm rõ một số kiến nghị của các đại biểu.",
        "",
    ],
)
def test_lines_that_are_not_bylines(line):
    assert parse_byline(line) is None


def test_a_byline_with_an_academic_title_is_marked_as_such():
    assert parse_byline("TS. NGUYỄN VĂN KHÁNH").academic
    assert not parse_byline("Mai Lan - Đức Lam").academic


@pytest.mark.parametrize(
    ("line", "workplace"),
    [
        ("Trường Chính trị Trần Phú", True),
        ("Trường Chính trị tỉnh Thái Bình", True),
        ("Học viện Chính trị khu vực I", True),
        ("Ban Tổ chức Tỉnh ủy tổ chức hội nghị sơ kết công tác.", False),  # a sentence
        ("Đồng chí Nguyễn Văn An phát biểu", False),
        ("Trường học thân thiện, học sinh tích cực là phong trào được các địa phương hưởng ứng", False),
    ],
)
def test_workplace_lines(line, workplace):
    assert is_affiliation(line) is workplace


def test_source_lines():
    assert parse_source("Theo Báo Nghệ An") == "Báo Nghệ An"
    assert parse_source("(Nguồn: Tạp chí Xây dựng Đảng)") == "Tạp chí Xây dựng Đảng"
    assert parse_source("Theo kế hoạch, đại hội hoàn thành trong quý III.") is None
    assert parse_source("Theo Cổng Thông tin điện tử Tỉnh ủy Bà Rịa - Vũng Tàu") == (
        "Cổng Thông tin điện tử Tỉnh ủy Bà Rịa - Vũng Tàu"
    )
    # A sentence that opens with "Theo" and a capital is longer than a source's name.
    assert (
        parse_source("Theo Nghị quyết số 18-NQ/TW thì các cơ quan tham mưu của cấp ủy phải được sắp xếp lại gọn")
        is None
    )


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Chiều 2/7, Ban Tổ chức Tỉnh ủy tổ chức hội nghị sơ kết", "ban_to_chuc"),
        ("Ngày 13-12, Tỉnh ủy Thái Nguyên tổ chức Hội nghị tổng kết", "tinh_uy"),
        ("Từ ngày 12 đến 14/9, đoàn công tác của Ban Tổ chức Tỉnh ủy đã khảo sát", "ban_to_chuc"),
        ("(BDV) - Ngày 21/7, Ban Dân vận Tỉnh ủy Bắc Giang phối hợp", "ban_dan_van"),
        ("Thực hiện chương trình năm 2021; ngày 31/5/2021, Ban Thường vụ Đảng ủy Khối họp", "dang_uy_khoi"),
        ("Chiều 7/8, Tỉnh uỷ Thái Nguyên tổ chức Hội nghị", None),  # new tone style: callers pass canonical text
        ("Ban Tổ chức Trung ương ban hành hướng dẫn", None),  # central, not provincial
        ("Trưởng Ban tổ chức các huyện ủy dự hội nghị", None),
        ("Ngày 4/3, Ban Chấp hành Đảng bộ tỉnh Cao Bằng tổ chức Hội nghị lần thứ 15", "tinh_uy"),
        ("Ban Chấp hành Hội Nông dân tỉnh tổ chức hội nghị", None),
        # Typed without diacritics.
        ("Tinh uy Ha Nam tong ket cong tac xay dung Dang", "tinh_uy"),
        ("Chieu 12/12, Ban To chuc Tinh uy to chuc hoi nghi", "ban_to_chuc"),
    ],
)
def test_organ_opening_a_sentence(sentence, kind):
    assert organs.organ_opening(sentence) == kind


def test_full_names_in_running_text():
    text = "Ban Thường vụ Tỉnh ủy giao Ủy ban Kiểm tra Tỉnh ủy và Văn phòng Tỉnh ủy phối hợp."
    assert [m.kind for m in organs.find_organs(text)] == ["ban_thuong_vu", "uy_ban_kiem_tra", "van_phong"]
