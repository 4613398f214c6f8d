from archive.extract.documents import find_documents


def test_party_and_state_documents_in_order_each_once():
    text = (
        "Chỉ thị số 35-CT/TW của Bộ Chính trị; Thông báo kết luận số 2208-TB/TU; Hướng dẫn số 26-HD/BTCTW; "
        "Hướng dẫn số 08-HD/UBKTTW; Quy định số 126-QĐ/TW; Nghị quyết số 202/2025/QH15; "
        "Quyết định số 19/2025/QĐ-TTg; lại nhắc Chỉ thị 35-CT/TW và Kế hoạch số 12 - KH/TU."
    )
    assert find_documents(text) == [
        "35-CT/TW",
        "2208-TB/TU",
        "26-HD/BTCTW",
        "08-HD/UBKTTW",
        "126-QĐ/TW",
        "202/2025/QH15",
        "19/2025/QĐ-TTg",
        "12-KH/TU",
    ]


def test_dates_fractions_and_terms_are_not_documents():
    text = "ngày 14/10/1930-14/10/2020, đạt 811/811 TCCSĐ, nhiệm kỳ 2020-2025, 6/15 đơn vị, Covid-19"
    assert find_documents(text) == []


def test_state_documents_numbered_without_a_year():
    text = "Quyết định số 1456/QĐ-UBND; Kế hoạch 45/KH-UBND; Nghị quyết 12/NQ-HĐND; Quyết định số 2034/QĐ-UBKTTU."
    assert find_documents(text) == ["1456/QĐ-UBND", "45/KH-UBND", "12/NQ-HĐND", "2034/QĐ-UBKTTU"]


def test_fractions_and_names_with_a_slash_are_not_state_documents():
    text = "hoàn thành 18/20 chỉ tiêu, 52/88 thôn, tỷ lệ 3/QĐ chưa rõ, mã 12/ab-CD, Covid-19/SARS"
    assert find_documents(text) == []
