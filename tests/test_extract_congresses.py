import pytest

from archive import gazetteer
from archive.extract.congresses import find_congresses


def found(text, province_slug=None):
    province = gazetteer.load().places[province_slug] if province_slug else None
    return [
        (c.level, c.number, f"{c.term[0]}-{c.term[1]}" if c.term else None, c.organisation)
        for c in find_congresses(text, province)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "tiến tới Đại hội đại biểu Đảng bộ tỉnh lần thứ XVII, nhiệm kỳ 2020 - 2025.",
            [("provincial", 17, "2020-2025", "Đảng bộ tỉnh Kiên Giang")],
        ),
        ("dự thảo các văn kiện trình Đại hội XIII của Đảng.", [("national", 13, None, "Đảng Cộng sản Việt Nam")]),
        ("Tiến tới Đại hội lần thứ XIII của Đảng", [("national", 13, None, "Đảng Cộng sản Việt Nam")]),
        (
            "tiến tới Đại hội đại biểu toàn quốc lần thứ XIV của Đảng",
            [("national", 14, None, "Đảng Cộng sản Việt Nam")],
        ),
        (
            "Ban Chấp hành Đảng bộ tỉnh khóa XIX, nhiệm kỳ 2015-2020",
            [("provincial", 19, "2015-2020", "Đảng bộ tỉnh Kiên Giang")],
        ),
        ("Nghị quyết Trung ương 4,6,7,8 khóa XII về xây dựng Đảng", [("national", 12, None, "Đảng Cộng sản Việt Nam")]),
        (
            "Đại hội Đảng bộ xã Bình Trị (huyện Kiên Lương) lần thứ XIV, nhiệm kỳ 2020-2025.",
            [("commune", 14, "2020-2025", "Đảng bộ xã Bình Trị")],
        ),
        (
            "chuẩn bị Đại hội đại biểu Đảng bộ tỉnh lần thứ 21, nhiệm kỳ 2025 - 2030",
            [("provincial", 21, "2025-2030", "Đảng bộ tỉnh Kiên Giang")],
        ),
        (
            "Đại hội Chi bộ thôn Đông lần thứ 21, nhiệm kỳ 2020 - 2022",
            [("grassroots", 21, "2020-2022", "Chi bộ thôn Đông")],
        ),
        (
            "Đại hội đại biểu Đảng bộ huyện Thái Thụy lần thứ XXVI, nhiệm kỳ 2020 - 2025",
            [("district", 26, "2020-2025", "Đảng bộ huyện Thái Thụy")],
        ),
        (
            "Đại hội đại biểu Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh lần thứ IV",
            [("district", 4, None, "Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh")],
        ),
        (
            "Đại hội đại biểu Đảng bộ thành phố Hà Nội lần thứ XVIII",
            [("provincial", 18, None, "Đảng bộ thành phố Hà Nội")],
        ),
        (
            "Đại hội Đảng bộ thành phố Rạch Giá lần thứ XIII",
            [("district", 13, None, "Đảng bộ thành phố Rạch Giá")],
        ),
        ("Tỉnh ủy Kiên Giang khóa X đã lãnh đạo", [("provincial", 10, None, "Đảng bộ tỉnh Kiên Giang")]),
    ],
)
def test_party_congresses(text, expected):
    assert found(text, "kien-giang") == expected


@pytest.mark.parametrize(
    "text",
    [
        "thực hiện tốt cuộc bầu cử Đại biểu Quốc hội khóa XV và bầu cử Hội đồng nhân dân các cấp nhiệm kỳ 2021 - 2026.",
        "kỳ họp thứ 5 HĐND tỉnh khóa X, nhiệm kỳ 2021 - 2026",
        "chuẩn bị Đại hội Đoàn TNCS Hồ Chí Minh tỉnh lần thứ XI",
        "Đại hội đại biểu Mặt trận Tổ quốc tỉnh lần thứ X",
        "Đại hội Thể dục thể thao tỉnh lần thứ VIII",
        "Đại hội Hội Cựu chiến binh tỉnh lần thứ VII",
        "Đại hội đại biểu toàn quốc lần thứ VIII Hội Liên hiệp Phụ nữ Việt Nam",
        "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 28 (mở rộng)",
        "Cách mạng công nghiệp lần thứ tư",
        "đại hội đảng bộ các cấp nhiệm kỳ 2020 - 2025",
    ],
)
def test_things_that_look_like_congresses_but_are_not(text):
    assert found(text) == []


def test_unknown_province_keeps_a_generic_organisation():
    assert found("Đại hội đại biểu Đảng bộ tỉnh lần thứ XVII") == [("provincial", 17, None, "Đảng bộ tỉnh")]


def test_one_congress_mentioned_twice_is_found_once_and_keeps_its_term():
    text = "Đại hội đại biểu Đảng bộ tỉnh lần thứ XI theo kế hoạch.\nĐại hội đại biểu Đảng bộ tỉnh lần thứ XI, nhiệm kỳ 2020-2025."
    assert found(text, "kien-giang") == [("provincial", 11, "2020-2025", "Đảng bộ tỉnh Kiên Giang")]


def test_an_unnamed_organisation_joins_the_named_one_of_the_same_number():
    text = "Đại hội Đảng bộ xã Bình An lần thứ XV thành công.\nĐại hội đã bầu Ban Chấp hành Đảng bộ xã khóa XV gồm 15 đồng chí."
    assert found(text) == [("commune", 15, None, "Đảng bộ xã Bình An")]


def test_lines_are_not_joined_into_one_phrase():
    text = "Đại hội Đảng bộ các cấp\nĐại hội Đảng bộ xã Bình An lần thứ XV, nhiệm kỳ 2020-2025 thành công"
    assert found(text) == [("commune", 15, "2020-2025", "Đảng bộ xã Bình An")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Đảng bộ xã Lộc Thạnh, huyện Lộc Ninh tổ chức Đại hội đại biểu lần thứ XVIII, nhiệm kỳ 2025 - 2030.",
            [("commune", 18, "2025-2030", "Đảng bộ xã Lộc Thạnh")],
        ),
        (
            "Ngày 18/8, Đảng bộ đặc khu Phú Quốc long trọng tổ chức Đại hội đại biểu lần thứ I, nhiệm kỳ 2025 - 2030.",
            [("commune", 1, "2025-2030", "Đảng bộ đặc khu Phú Quốc")],
        ),
        (
            "Chi bộ thôn Đông đã tổ chức thành công Đại hội lần thứ 21, nhiệm kỳ 2020 - 2022.",
            [("grassroots", 21, "2020-2022", "Chi bộ thôn Đông")],
        ),
    ],
)
def test_an_organisation_named_before_the_congress_it_holds(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # The Party committee only leads; the congress is the Youth Union's.
        "Đảng bộ xã chỉ đạo Đoàn xã tổ chức Đại hội lần thứ V, nhiệm kỳ 2022 - 2027.",
        "Hội Nông dân xã Bình An tổ chức Đại hội lần thứ X, nhiệm kỳ 2023 - 2028.",
        "Đảng bộ tỉnh đã lãnh đạo Hội Cựu chiến binh tổ chức đại hội lần thứ VII.",
    ],
)
def test_an_organisation_before_another_bodys_congress_is_not_its_holder(text):
    assert found(text) == []
