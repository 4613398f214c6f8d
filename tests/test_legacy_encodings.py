import random
import time
import unicodedata

import pytest

from archive import legacy_encodings
from archive.legacy_encodings import (
    TCVN3,
    TCVN3_AS_CP1252,
    TCVN3_LETTERS,
    VNI,
    VNI_AS_CP1252,
    VNI_CODES,
    WINDOWS_1258,
    LegacyEncodingError,
    decode_page_bytes,
    encode_legacy,
    repair_mojibake,
)

VOWELS = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")


def vietnamese_letters() -> list[str]:
    """The 134 Vietnamese letters beyond ASCII, built by Unicode composition (the oracle)."""
    lower = [unicodedata.normalize("NFC", vowel + tone) for vowel in VOWELS for tone in TONES] + ["đ"]
    letters = {letter for letter in lower + [letter.upper() for letter in lower] if not letter.isascii()}
    assert len(letters) == 134
    return sorted(letters)


def tcvn3_letters() -> list[str]:
    """TCVN3 has every lowercase letter but, of the capitals, only Ă Â Ê Ô Ơ Ư Đ."""
    return [letter for letter in vietnamese_letters() if letter.islower() or letter in "ĂÂÊÔƠƯĐ"]


PARAGRAPH = (
    "Sáng ngày 15 tháng 10 năm 2020, tại Hội trường Trung tâm Hội nghị tỉnh, Đại hội đại biểu Đảng bộ tỉnh "
    "lần thứ XVII, nhiệm kỳ 2020 - 2025 đã long trọng khai mạc. Về dự Đại hội có 350 đại biểu thay mặt cho hơn "
    "60 nghìn đảng viên trong toàn Đảng bộ. Đồng chí Bí thư Tỉnh ủy phát biểu khai mạc, nhấn mạnh những kết quả "
    "nổi bật trong phát triển kinh tế - xã hội, quốc phòng, an ninh và công tác xây dựng Đảng, hệ thống chính trị; "
    "đồng thời chỉ rõ những hạn chế, yếu kém cần khắc phục trong nhiệm kỳ tới. Đại hội đã bầu Ban Chấp hành "
    "Đảng bộ tỉnh khóa XVII gồm 53 đồng chí, với “quyết tâm” đưa quê hương phát triển nhanh, bền vững."
)
UPPERCASE_TITLE = "ĐẠI HỘI ĐẠI BIỂU ĐẢNG BỘ TỈNH LẦN THỨ XVII, NHIỆM KỲ 2020 - 2025"


# --- the tables, letter by letter ------------------------------------------------


def test_tables_cover_the_letters_they_should():
    assert sorted(VNI_CODES) == vietnamese_letters()
    assert sorted(TCVN3_LETTERS.values()) == tcvn3_letters()
    assert len(set(TCVN3_LETTERS.values())) == 74
    assert len(set(VNI_CODES.values())) == 134  # no two letters share a VNI sequence


@pytest.mark.parametrize("letter", vietnamese_letters())
@pytest.mark.parametrize("encoding", [WINDOWS_1258, VNI])
def test_every_letter_round_trips(encoding, letter):
    for text in (letter, f"x{letter}x", f"{letter}{letter}"):
        decoded = _decode_legacy_exactly(encode_legacy(text, encoding), encoding)
        assert decoded == text


@pytest.mark.parametrize("letter", tcvn3_letters())
def test_every_tcvn3_letter_round_trips(letter):
    data = encode_legacy(letter, TCVN3)
    assert len(data) == 1 and data[0] >= 0xA1
    assert _decode_legacy_exactly(data, TCVN3) == letter


def _decode_legacy_exactly(data: bytes, encoding: str) -> str:
    """Decode with a named encoding through the module's own tables, bypassing the guess."""
    module = legacy_encodings
    if encoding == WINDOWS_1258:
        return unicodedata.normalize("NFC", data.decode("cp1258"))
    text = module._bytes_as_cp1252(data)
    return unicodedata.normalize("NFC", module._from_tcvn3(text) if encoding == TCVN3 else module._from_vni(text))


def test_tcvn3_table_matches_the_published_chart():
    # The chart's lowercase run, written out independently of the module's tables:
    # each vowel plain (where not ASCII), then huyền hỏi ngã sắc nặng.
    unicode = "àảãáạ ăằẳẵắặ âầẩẫấậ đ èẻẽéẹ êềểễếệ ìỉĩíị òỏõóọ ôồổỗốộ ơờởỡớợ ùủũúụ ưừửữứự ỳỷỹýỵ"
    tcvn3 = "µ¶·¸¹ ¨»¼½¾Æ ©ÇÈÉÊË ® ÌÎÏÐÑ ªÒÓÔÕÖ ×ØÜÝÞ ßáâãä «åæçèé ¬êëìíî ïñòóô \xadõö÷øù úûüýþ"
    assert encode_legacy(unicode, TCVN3) == tcvn3.encode("latin-1")
    assert encode_legacy("ĂÂĐÊÔƠƯ", TCVN3) == "¡¢§£¤¥¦".encode("latin-1")


def test_vni_table_matches_the_published_chart():
    unicode = "á à ả ã ạ ấ ầ ẩ ẫ ậ ắ ằ ẳ ẵ ặ ơ ớ ư ự đ í ì ỉ ĩ ị ỵ ý"
    vni = "aù aø aû aõ aï aá aà aå aã aä aé aè aú aü aë ô ôù ö öï ñ í ì æ ó ò î yù"
    assert encode_legacy(unicode, VNI) == vni.encode("cp1252")
    assert encode_legacy(unicode.upper(), VNI) == vni.upper().encode("cp1252")


def test_cp1258_writes_tones_as_separate_marks_where_it_must():
    assert encode_legacy("ệ", WINDOWS_1258) == b"\xea\xf2"  # ê + combining dot below
    assert encode_legacy("Đảng", WINDOWS_1258) == b"\xd0a\xd2ng"
    assert encode_legacy("á", WINDOWS_1258) == b"\xe1"  # the code page has this one precomposed


def test_encoder_refuses_what_the_encoding_cannot_hold():
    with pytest.raises(ValueError):
        encode_legacy("señor", TCVN3)  # 0xF1, ñ in Windows-1252, is TCVN3's ủ
    with pytest.raises(ValueError):
        encode_legacy("Ñandú", VNI)
    with pytest.raises(ValueError):
        encode_legacy("東京", WINDOWS_1258)


# --- known strings, from memory of real legacy pages ------------------------------


@pytest.mark.parametrize(
    ("vni", "expected"),
    [
        ("Vieät Nam", "Việt Nam"),
        ("Ñaûng", "Đảng"),
        ("ñöôïc ngöôøi tænh Thò", "được người tỉnh Thị"),
        ("VIEÄT NAM", "VIỆT NAM"),
        (
            "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam Ñoäc laäp - Töï do - Haïnh phuùc",
            "Cộng hòa xã hội chủ nghĩa Việt Nam Độc lập - Tự do - Hạnh phúc",
        ),
    ],
)
def test_known_vni_strings(vni, expected):
    assert _decode_legacy_exactly(vni.encode("cp1252"), VNI) == expected


@pytest.mark.parametrize(
    ("tcvn3", "expected"),
    [
        ("hép møt tÕt", "hộp mứt tết"),
        ("§¶ng bé", "Đảng bộ"),
        (
            "Céng hoµ x· héi chñ nghÜa ViÖt Nam §éc lËp - Tù do - H¹nh phóc",
            "Cộng hoà xã hội chủ nghĩa Việt Nam Độc lập - Tự do - Hạnh phúc",
        ),
    ],
)
def test_known_tcvn3_strings(tcvn3, expected):
    assert _decode_legacy_exactly(tcvn3.encode("cp1252"), TCVN3) == expected


def test_vni_accepts_marks_in_the_other_case():
    assert _decode_legacy_exactly("Aùnh VIEät".encode("cp1252"), VNI) == "Ánh VIỆt"


# --- decode_page_bytes: legacy pages ------------------------------------------------


@pytest.mark.parametrize("encoding", [WINDOWS_1258, TCVN3, VNI])
def test_paragraph_in_each_legacy_encoding_is_detected_and_decoded(encoding):
    data = encode_legacy(PARAGRAPH, encoding)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert decode_page_bytes(data) == (PARAGRAPH, encoding)


@pytest.mark.parametrize("encoding", [WINDOWS_1258, VNI])
def test_uppercase_title_is_detected(encoding):
    assert decode_page_bytes(encode_legacy(UPPERCASE_TITLE, encoding)) == (UPPERCASE_TITLE, encoding)


def test_tcvn3_capitals_with_tones_come_back_lowercase():
    # .VnTimeH fonts drew the lowercase codes as capitals; the bytes cannot say so.
    text, label = decode_page_bytes(encode_legacy(UPPERCASE_TITLE, TCVN3))
    assert label == TCVN3
    assert text == "ĐạI HộI ĐạI BIểU ĐảNG Bộ TỉNH LầN THứ XVII, NHIệM Kỳ 2020 - 2025"


@pytest.mark.parametrize("encoding", [WINDOWS_1258, TCVN3, VNI])
def test_short_legacy_title_is_detected(encoding):
    assert decode_page_bytes(encode_legacy("Đảng bộ tỉnh", encoding)) == ("Đảng bộ tỉnh", encoding)


def test_windows_1258_with_precomposed_and_decomposed_tones_comes_out_nfc():
    text, label = decode_page_bytes(b"Vi\xea\xf2t Nam \xd0a\xd2ng c\xf4\xf2ng sa\xf2n, ca\xecc t\xe1c")
    assert (text, label) == ("Việt Nam Đảng cộng sạn, các tác", WINDOWS_1258)
    assert unicodedata.is_normalized("NFC", text)


@pytest.mark.parametrize(("seed", "size"), [(1258, 4000), (3, 50_000), (5712, 300), (7, 40)])
def test_random_bytes_are_refused(seed, size):
    data = random.Random(seed).randbytes(size)
    with pytest.raises(LegacyEncodingError) as caught:
        decode_page_bytes(data)
    message = str(caught.value)
    assert message.startswith("không phải văn bản UTF-8 (byte 0x")
    assert "không phải bảng mã tiếng Việt cũ nhận ra được" in message
    assert isinstance(caught.value, ValueError)


def test_shift_jis_is_refused_and_the_first_bad_byte_is_named():
    data = ("東京都の会議について。" * 3 + " これは日本語の文章です。 ").encode("shift_jis")
    with pytest.raises(LegacyEncodingError, match=r"byte 0x93 ở vị trí 0\)"):
        decode_page_bytes(data)


def test_latin_1_french_is_not_taken_for_vietnamese():
    data = "Le café était déjà fermé, où étiez-vous ? Ça m’a beaucoup déçu, garçon.".encode("cp1252")
    with pytest.raises(LegacyEncodingError, match=r"ở vị trí 6\)"):
        decode_page_bytes(data)


def test_error_position_counts_the_bom():
    with pytest.raises(LegacyEncodingError, match=r"ở vị trí 5\)"):
        decode_page_bytes(b"\xef\xbb\xbfab\x82\x9f\x82\xa0" * 20)


# --- decode_page_bytes: UTF-8 ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        PARAGRAPH,
        "Plain English text about the provincial party congress.",
        "Le café déjà fermé, où êtes-vous ? Ça m’a déçu.",
        "Müller über Äpfel und Größe, schön.",
        "Đảng bộ tỉnh © 2020 « Báo Đảng » · 25°C",
        "",
    ],
)
def test_utf8_text_is_returned_untouched(text):
    assert decode_page_bytes(text.encode("utf-8")) == (text, None)
    assert decode_page_bytes(b"\xef\xbb\xbf" + text.encode("utf-8")) == (text, None)


def test_decomposed_utf8_comes_back_composed():
    decomposed = unicodedata.normalize("NFD", PARAGRAPH)
    assert decomposed != PARAGRAPH
    assert decode_page_bytes(decomposed.encode("utf-8")) == (PARAGRAPH, None)


@pytest.mark.parametrize(("encoding", "label"), [(TCVN3, TCVN3_AS_CP1252), (VNI, VNI_AS_CP1252)])
def test_utf8_holding_legacy_mojibake_is_repaired(encoding, label):
    mojibake = encode_legacy(PARAGRAPH, encoding).decode("cp1252")
    assert decode_page_bytes(mojibake.encode("utf-8")) == (PARAGRAPH, label)


def test_utf8_fast_path_is_fast():
    data = (PARAGRAPH + "\n").encode("utf-8") * (50_000 // len(PARAGRAPH.encode("utf-8")) + 1)
    assert len(data) >= 50_000
    timings = []
    for _ in range(10):
        started = time.perf_counter()
        assert decode_page_bytes(data)[1] is None
        timings.append(time.perf_counter() - started)
    assert min(timings) < 0.005


# --- repair_mojibake ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("mojibake", "expected", "label"),
    [
        ("§¶ng bé tØnh", "Đảng bộ tỉnh", TCVN3_AS_CP1252),
        ("Ñaûng boä tænh", "Đảng bộ tỉnh", VNI_AS_CP1252),
        (
            "Céng hoµ x· héi chñ nghÜa ViÖt Nam",
            "Cộng hoà xã hội chủ nghĩa Việt Nam",
            TCVN3_AS_CP1252,
        ),
        (
            "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam",
            "Cộng hòa xã hội chủ nghĩa Việt Nam",
            VNI_AS_CP1252,
        ),
    ],
)
def test_repair_mojibake_short_titles(mojibake, expected, label):
    assert repair_mojibake(mojibake) == (expected, label)


@pytest.mark.parametrize("encoding", [TCVN3, VNI])
def test_repair_mojibake_of_text_read_as_latin_1_restores_the_quotes(encoding):
    mojibake = encode_legacy(PARAGRAPH, encoding).decode("latin-1")
    assert "\x93" in mojibake  # “ became a C1 control
    text, label = repair_mojibake(mojibake)
    assert text == PARAGRAPH and label.startswith(encoding)


@pytest.mark.parametrize("encoding", [TCVN3, VNI])
def test_repair_mojibake_keeps_lines_that_are_real_unicode(encoding):
    title = "Tin mới: Đại hội Đảng bộ tỉnh thành công tốt đẹp"
    body = encode_legacy(PARAGRAPH, encoding).decode("cp1252")
    text, label = repair_mojibake(f"{title}\n{body}\n{title}")
    assert text == f"{title}\n{PARAGRAPH}\n{title}"
    assert label.startswith(encoding)


@pytest.mark.parametrize(
    "text",
    [
        PARAGRAPH,
        UPPERCASE_TITLE,
        "Hoà bình, thuỷ lợi và khoẻ mạnh: hoà hợp dân tộc.",
        "Le café était déjà fermé ; où étiez-vous ? Ça m’a beaucoup déçu, garçon. Noël à l’île, maïs, aïeul.",
        "Die Äpfel für Herrn Müller wären schön groß; Übermäßig süße Brötchen.",
        "Señor Núñez, España, año, niño, mañana. ¿Dónde está el baño? ¡Qué día más bonito!",
        "Søren Kierkegaard boede på Ærø; blåbærgrød og rødgrød med fløde. Hvor går du hen? Jeg går på arbejde.",
        "Åsa och Örjan åkte till Göteborg på lördag för att äta räksmörgås och köpa böcker.",
        "Þórður og Guðrún fóru til Reykjavíkur í gær að kaupa æðardún.",
        "Hüseyin Öztürk, Çağlar Söyüncü, Gökhan Töre: Türkiye'nin ünlü futbolcuları İstanbul'da buluştu.",
        "Tổng Bí thư tiếp Đại sứ Đan Mạch Søren Jensen và Đại sứ Na Uy Grete Løchen tại trụ sở Trung ương Đảng.",
        "Đồng chí Müller (Đức) dự Đại hội Đảng bộ tỉnh © 2020 « Báo » ® ½ ×",
        "plain ascii only",
    ],
)
def test_repair_mojibake_leaves_real_text_alone(text):
    assert repair_mojibake(text) == (text, None)


@pytest.mark.parametrize("mojibake", ["Vieät Nam", "hép møt tÕt"])
def test_repair_mojibake_wants_more_than_one_telltale_character(mojibake):
    # Conservative on purpose: one odd letter is as likely a foreign name as mojibake.
    assert repair_mojibake(mojibake) == (mojibake, None)


def test_repair_mojibake_returns_nfc():
    assert repair_mojibake(unicodedata.normalize("NFD", "Việt Nam")) == ("Việt Nam", None)
