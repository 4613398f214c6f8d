import datetime as dt

import pytest

from archive.extract import dates, extract_page


@pytest.mark.parametrize(
    ("line", "day", "precision", "time"),
    [
        ("6:59' 8/8/2020", dt.date(2020, 8, 8), "day", dt.time(6, 59)),
        ("Cập nhật: Thứ sáu 13/12/2019 - 16:47", dt.date(2019, 12, 13), "day", dt.time(16, 47)),
        ("13-12-2019", dt.date(2019, 12, 13), "day", None),
        ("13.12.2019", dt.date(2019, 12, 13), "day", None),
        ("2019-12-13T08:30:00+07:00", dt.date(2019, 12, 13), "day", dt.time(8, 30)),
        ("Ngày 13 tháng 12 năm 2019", dt.date(2019, 12, 13), "day", None),
        ("Thứ năm, ngày 16 tháng 10 năm 2025 | 10:30", dt.date(2025, 10, 16), "day", dt.time(10, 30)),
        ("Cập nhật lúc 16h47 ngày 13/12/2019", dt.date(2019, 12, 13), "day", dt.time(16, 47)),
        ("08:05 PM 21/07/2025", dt.date(2025, 7, 21), "day", dt.time(20, 5)),
        ("Thứ Ba, 12/10/2021, 08:15 (GMT+7)", dt.date(2021, 10, 12), "day", dt.time(8, 15)),
        ("tháng 8/2025", dt.date(2025, 8, 1), "month", None),
        ("Tháng Bảy năm 2020", dt.date(2020, 7, 1), "month", None),
        ("Thứ Hai, ngày 5 tháng Bảy năm 2021", dt.date(2021, 7, 5), "day", None),
        ("Đăng ngày 05 tháng 3, 2022 - 16:10", dt.date(2022, 3, 5), "day", dt.time(16, 10)),
        ("Thứ Hai, 05/09/2022, 07:30 (GMT+7)", dt.date(2022, 9, 5), "day", dt.time(7, 30)),
        ("Ngày đăng: 05/03/2022 08:15", dt.date(2022, 3, 5), "day", dt.time(8, 15)),
        ("15:20 | 12/10/2023", dt.date(2023, 10, 12), "day", dt.time(15, 20)),
        ("Đăng lúc 9 giờ 05 phút ngày 3/4/2020", dt.date(2020, 4, 3), "day", dt.time(9, 5)),
        ("Thứ 6, 15/03/2024 - 9:45", dt.date(2024, 3, 15), "day", dt.time(9, 45)),
        ("12/01/2018 - 15:20 GMT+7", dt.date(2018, 1, 12), "day", dt.time(15, 20)),
        # the page's view counter on the same line
        ("Ngày đăng: 05/03/2022 08:15 Lượt xem: 1.234", dt.date(2022, 3, 5), "day", dt.time(8, 15)),
        # typed without diacritics
        ("Ngay 13-12-2019", dt.date(2019, 12, 13), "day", None),
        ("Cap nhat: Thu sau 13/12/2019 - 16:47", dt.date(2019, 12, 13), "day", dt.time(16, 47)),
        ("ngay 5 thang Bay nam 2021", dt.date(2021, 7, 5), "day", None),
    ],
)
def test_date_stamps(line, day, precision, time):
    assert dates.is_date_stamp(line)
    found = dates.parse_date_line(line)
    assert (found.date, found.precision, found.time) == (day, precision, time)


@pytest.mark.parametrize("line", ["31/2/2020", "13/13/2019", "1/1/1850", "Số 35-CT/TW"])
def test_impossible_dates_are_not_dates(line):
    assert dates.parse_date_line(line) is None


def test_labels_say_whose_date_a_stamp_is():
    assert dates.is_labelled("Ngày đăng: 05/03/2022 08:15")
    assert dates.is_labelled("Ngày cập nhật: 07/11/2018")
    assert dates.is_labelled("Cap nhat: 13/12/2019")
    assert not dates.is_labelled("Thứ năm, 23/09/2021")
    assert dates.is_today_label("Hôm nay: Thứ Ba, 19/10/2021")
    assert dates.is_date_stamp("Hôm nay: Thứ Ba, 19/10/2021")
    assert not dates.is_today_label("Cập nhật: 19/10/2021")


def test_a_word_that_only_folds_to_a_date_word_is_no_date():
    # "Thắng" folds to "thang" (month) but is a name.
    assert dates.find_dates("Đồng chí Vi Văn Thắng 12/2020 phát biểu") == []
    assert dates.find_dates("tháng 12/2020")[0].date == dt.date(2020, 12, 1)


def test_a_sentence_with_a_date_is_not_a_date_stamp():
    assert not dates.is_date_stamp("Tính đến ngày 31/7/2020 đã có 811/811 TCCSĐ tiến hành xong đại hội")


def test_lead_day_and_month_take_the_year_from_context():
    assert dates.lead_date("Chiều 2/7, Ban Tổ chức Tỉnh ủy tổ chức hội nghị.", 2020).date == dt.date(2020, 7, 2)
    assert dates.lead_date("Ngày 13-12, Tỉnh ủy tổ chức hội nghị.", 2019).date == dt.date(2019, 12, 13)
    assert dates.lead_date("Trong ngày 31/5/2021, Ban Thường vụ họp.", None).date == dt.date(2021, 5, 31)
    assert dates.lead_date("(BDV) - Ngày 21/7, Ban Dân vận Tỉnh ủy họp.", 2022).date == dt.date(2022, 7, 21)


def test_a_lead_typed_without_diacritics():
    assert dates.lead_date("Chieu 12/12, Tinh uy Ha Nam to chuc hoi nghi.", 2019).date == dt.date(2019, 12, 12)
    # With diacritics the words are exact: "Tới 15/9" (by 15 September) is no "Tối 15/9".
    assert dates.lead_date("Tới 15/9, các đơn vị phải hoàn thành báo cáo.", 2021) is None


def test_without_a_year_from_the_page_the_date_stays_unknown():
    # Never today's year: no context year means no date.
    assert dates.lead_date("Chiều 2/7, Ban Tổ chức Tỉnh ủy tổ chức hội nghị.", None) is None


def test_an_event_date_opening_a_clause_is_the_lead_date():
    lead = "Thực hiện Chương trình công tác năm 2021; ngày 31/5/2021, Ban Thường vụ tổ chức họp định kỳ."
    assert dates.lead_date(lead, None).date == dt.date(2021, 5, 31)


def test_the_date_of_a_cited_document_is_not_the_lead_date():
    lead = "Thực hiện Chỉ thị số 05-CT/TW, ngày 15/5/2016, của Bộ Chính trị, các cấp ủy đã tổ chức học tập."
    assert dates.lead_date(lead, None) is None


def test_year_from_context_prefers_the_title_and_ignores_terms():
    assert dates.year_from_context("Sơ kết 6 tháng đầu năm 2020", "", "") == 2020
    assert dates.year_from_context("Đại hội nhiệm kỳ 2020-2025", "", "năm 2019 và năm 2019, năm 2018") == 2019
    assert dates.year_from_context("Không có năm", "", "năm 2018 và năm 2019") is None


def test_magazine_issue_gives_the_year_only():
    found = dates.parse_issue_line("Số 9 - 2020")
    assert (found.date, found.precision) == (dt.date(2020, 1, 1), "year")


PAGE_WITH_CRAWL_DATE = """Thứ năm, 23/09/2021
Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh!

Hội nghị giao ban công tác xây dựng Đảng quý III

Sáng 20/9, Ban Tổ chức Tỉnh ủy tổ chức hội nghị giao ban công tác xây dựng Đảng quý III năm 2021 với các huyện ủy, thành ủy và đảng ủy trực thuộc trên địa bàn tỉnh.
"""


def test_the_site_header_today_date_is_not_the_article_date():
    result = extract_page(PAGE_WITH_CRAWL_DATE)
    assert result.published == dt.date(2021, 9, 20)
    assert "Thứ năm, 23/09/2021" in result.removed
    assert "23/09/2021" not in result.body


def test_a_page_without_any_date_has_unknown_date():
    page = "Tin hoạt động\n\nCác cấp ủy trong tỉnh đã tập trung lãnh đạo công tác xây dựng Đảng, chỉnh đốn Đảng, tạo chuyển biến rõ rệt trong nhận thức của cán bộ, đảng viên.\n"
    result = extract_page(page)
    assert (result.published, result.published_precision, result.published_iso()) == (None, "unknown", None)


def test_month_precision_is_reported_as_such():
    page = "Đại hội Đảng bộ phường thành công tốt đẹp\ntháng 8/2025\nĐại hội Đảng bộ phường lần thứ I đã diễn ra trong hai ngày với sự tham dự của 200 đại biểu chính thức đại diện cho hơn 2.300 đảng viên.\n"
    result = extract_page(page)
    assert (result.published_iso(), result.published_precision) == ("2025-08", "month")


def test_an_impossible_time_is_dropped_not_a_crash():
    found = dates.parse_date_line("2020-07-02T08:75:00")
    assert (found.date, found.time) == (dt.date(2020, 7, 2), None)


def test_the_site_today_labelled_hom_nay_is_never_the_article_date():
    page = (
        "Hôm nay: Thứ Ba, 19/10/2021 08:05\nSơ kết công tác dân vận 9 tháng năm 2021\n"
        "Sáng 15-9, Ban Dân vận Tỉnh ủy tổ chức hội nghị sơ kết công tác dân vận 9 tháng, triển khai nhiệm vụ cuối năm.\n"
    )
    result = extract_page(page)
    assert result.title == "Sơ kết công tác dân vận 9 tháng năm 2021"
    assert result.published == dt.date(2021, 9, 15)
    assert "Hôm nay: Thứ Ba, 19/10/2021 08:05" in result.removed


def test_a_date_stamp_under_the_byline_is_the_article_date():
    page = (
        "Sơ kết 5 năm thực hiện Chỉ thị 05\n"
        "Tỉnh ủy vừa tổ chức hội nghị sơ kết 5 năm thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị về học tập và làm theo Bác.\n"
        "Nguyễn Hoàng\nNgày cập nhật: 07/11/2018\n"
    )
    result = extract_page(page)
    assert (result.published, result.authors) == (dt.date(2018, 11, 7), ["Nguyễn Hoàng"])
    assert "07/11/2018" not in result.body


def test_a_date_stamp_under_the_byline_does_not_replace_the_header_date():
    page = (
        "Sơ kết 5 năm thực hiện Chỉ thị 05\nCập nhật: 05/11/2018 10:00\n"
        "Tỉnh ủy vừa tổ chức hội nghị sơ kết 5 năm thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị về học tập và làm theo Bác.\n"
        "Nguyễn Hoàng\nNgày cập nhật: 07/11/2018\n"
    )
    result = extract_page(page)
    assert result.published == dt.date(2018, 11, 5) and "07/11/2018" not in result.body
