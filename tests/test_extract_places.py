import datetime as dt

import pytest

from archive.extract.places import detect_province, mentions

BEFORE = dt.date(2020, 8, 8)
AFTER = dt.date(2025, 10, 1)


def province_of(body: str, *, title: str = "", on: dt.date | None = BEFORE) -> str | None:
    place = detect_province([(title, 3.0), (body, 1.0)], on)
    return place.short_name if place else None


@pytest.mark.parametrize(
    "text",
    [
        "Ban Thường vụ Tỉnh ủy Kiên Giang yêu cầu các huyện ủy tiếp tục quán triệt Chỉ thị.",
        "Đảng bộ tỉnh Kiên Giang tổ chức hội nghị sơ kết.",
        "Hội nghị diễn ra tại Trung tâm Hội nghị tỉnh Kiên Giang.",
        "Huyện ủy Kiên Lương tổ chức đại hội tại huyện Kiên Lương.",
    ],
)
def test_province_named_in_many_ways(text):
    assert province_of(text) == "Kiên Giang"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thành ủy TP.HCM tổ chức hội nghị cán bộ chủ chốt.", "Hồ Chí Minh"),
        ("Đảng bộ TPHCM đã hoàn thành đại hội điểm.", "Hồ Chí Minh"),
        ("Tỉnh ủy Đăk Lăk chỉ đạo các huyện ủy.", "Đắk Lắk"),
        ("Ban Tổ chức Tỉnh ủy Đăk Nông hướng dẫn.", "Đắk Nông"),
        ("Tỉnh ủy Thừa Thiên Huế tổng kết công tác năm.", "Huế"),
        ("Ban Dân vận Tỉnh ủy Bà Rịa-Vũng Tàu tổ chức hội nghị.", "Bà Rịa - Vũng Tàu"),
        ("Tỉnh uỷ Khánh Hoà họp phiên thường kỳ.", "Khánh Hòa"),
    ],
)
def test_aliases_and_tone_variants(text, expected):
    assert province_of(text) == expected


def test_ho_chi_minh_the_person_is_not_the_city():
    text = "Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh trong cán bộ, đảng viên."
    assert province_of(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Tàu cá ra khơi trên Thái Bình Dương.",  # the Pacific, not Thái Bình
        "Kỷ niệm chiến thắng Điện Biên Phủ.",  # the battle, not Điện Biên
        "Đồng chí Nguyễn Hà Nam phát biểu.",  # a person's name
        "Đất nước hòa bình, nhân dân ấm no.",  # peace, not Hòa Bình
    ],
)
def test_parts_of_longer_names_are_not_provinces(text):
    assert mentions(text) == []


def test_no_province_named_gives_none():
    text = "Ban Thường vụ Tỉnh ủy đã ban hành kế hoạch triển khai trên địa bàn tỉnh và các huyện, thị, thành ủy."
    assert province_of(text) is None


def test_places_visited_or_named_in_passing_do_not_make_the_subject():
    text = (
        "Đoàn cán bộ Văn phòng Tỉnh ủy đã đi học tập kinh nghiệm tại Văn phòng Thành ủy Đà Nẵng. "
        "Các điển hình đi báo công dâng Bác tại Lăng Chủ tịch Hồ Chí Minh ở Hà Nội và thăm Khu di tích Kim Liên (Nghệ An)."
    )
    assert province_of(text) is None


def test_the_subject_outweighs_incidental_mentions():
    text = (
        "Tỉnh ủy Quảng Ninh tổ chức hội nghị. Tham dự có đoàn công tác từ Hà Nội. "
        "Hội nghị đánh giá kết quả thực hiện nghị quyết của Tỉnh ủy Quảng Ninh."
    )
    assert province_of(text) == "Quảng Ninh"


def test_title_names_the_subject():
    assert province_of("Các đại biểu từ Hà Nội dự hội nghị.", title="Nghệ An tổng kết công tác tuyên giáo") == "Nghệ An"


def test_one_bare_name_deep_in_the_body_is_not_enough():
    assert province_of("Sản phẩm được tiêu thụ ở nhiều nơi, trong đó có Cà Mau.") is None


def test_a_district_alone_identifies_its_province():
    assert (
        province_of("Đoàn khảo sát tại các xã thuộc huyện Bát Xát, nơi còn nhiều thôn chưa có đảng viên.") == "Lào Cai"
    )


def test_a_district_name_shared_by_several_provinces_identifies_none():
    assert province_of("Đại hội đại biểu Đảng bộ huyện Châu Thành diễn ra thành công.") is None


def test_after_the_merger_the_province_in_force_is_the_new_unit():
    place = detect_province([("Tỉnh ủy Kiên Giang (cũ) và Tỉnh ủy An Giang hợp nhất.", 1.0)], AFTER)
    assert place.slug == "an-giang-2025"
    place = detect_province([("Tỉnh ủy An Giang tổ chức hội nghị.", 1.0)], BEFORE)
    assert place.slug == "an-giang"


def test_unchanged_provinces_are_one_unit_before_and_after():
    before = detect_province([("Tỉnh ủy Nghệ An họp.", 3.0)], BEFORE)
    after = detect_province([("Tỉnh ủy Nghệ An họp.", 3.0)], AFTER)
    assert before.slug == after.slug == "nghe-an"


def test_a_commune_named_after_the_merger_identifies_the_new_unit():
    place = detect_province([("Đại hội Đảng bộ phường Rạch Giá lần thứ I thành công.", 3.0)], AFTER)
    assert place is not None and place.slug == "an-giang-2025"


def test_an_unaccented_page_is_matched_without_diacritics():
    assert province_of("Tinh uy Kien Giang to chuc hoi nghi so ket cong tac xay dung Dang.") == "Kiên Giang"


def test_mentions_of_canonical_text_need_no_second_rewrite():
    from archive.text import canonical_tones

    text = "Tỉnh uỷ Khánh Hoà họp; huyện Cam Lâm và Thanh Hoá được nhắc tới."
    assert mentions(canonical_tones(text), canonical=True) == mentions(text)
