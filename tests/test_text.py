import re
import unicodedata

import pytest

from archive.text import (
    _FOLD_TABLE,
    alternation,
    canonical_tones,
    clean_line,
    clean_text,
    fold,
    has_diacritics,
    match_key,
    slugify_vi,
)

VOWELS = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")


def vietnamese_letters() -> list[str]:
    """All 134 Vietnamese letters: 12 vowels in 6 tones and đ, in both cases."""
    letters = [unicodedata.normalize("NFC", vowel + tone) for vowel in VOWELS for tone in TONES] + ["đ"]
    return letters + [letter.upper() for letter in letters]


def test_there_are_134_letters_beyond_ascii():
    letters = set(vietnamese_letters())
    assert len(letters) == 146  # a e i o u y in both cases are plain ASCII
    assert len({letter for letter in letters if not letter.isascii()}) == 134


@pytest.mark.parametrize("letter", [letter for letter in vietnamese_letters() if not letter.isascii()])
def test_fold_drops_every_mark(letter):
    folded = fold(letter)
    assert folded.isascii() and len(folded) == 1
    assert folded.lower() in "aeiouyd"
    assert folded.isupper() == letter.isupper()


def test_fold_handles_d_with_stroke_which_has_no_decomposition():
    assert unicodedata.decomposition("đ") == ""
    assert fold("Đảng bộ đang") == "Dang bo dang"


def test_clean_text_makes_nfc_and_one_kind_of_space():
    decomposed = unicodedata.normalize("NFD", "Đại hội Đảng bộ")
    assert clean_text(decomposed) == "Đại hội Đảng bộ"
    assert clean_text("Tỉnh\u00a0ủy\u202fKiên") == "Tỉnh ủy Kiên"
    assert clean_text("Đảng\u200bbộ") == "Đảng bộ"  # a zero-width space separates words
    assert clean_text("Đả\u200dng") == "Đảng"  # a joiner is dropped
    assert clean_text("\ufeffdòng 1\r\ndòng 2\rdòng 3\x07") == "dòng 1\ndòng 2\ndòng 3"


def test_clean_line_collapses_runs_of_spaces():
    assert clean_line("   HY-  VPTU  ") == "HY- VPTU"


@pytest.mark.parametrize(
    ("new_style", "old_style"),
    [
        ("hoà bình", "hòa bình"),
        ("Thanh Hoá", "Thanh Hóa"),
        ("Tỉnh uỷ", "Tỉnh ủy"),
        ("thuỷ lợi", "thủy lợi"),
        ("khoẻ", "khỏe"),
        ("Khoá XIX", "Khóa XIX"),
        ("HOÀ", "HÒA"),
    ],
)
def test_canonical_tones_rewrites_new_placement(new_style, old_style):
    assert canonical_tones(new_style) == old_style
    assert canonical_tones(old_style) == old_style


@pytest.mark.parametrize("word", ["quý", "hoàn", "khuya", "thuở", "Quỳnh"])
def test_canonical_tones_leaves_words_that_do_not_differ(word):
    assert canonical_tones(word) == word


def test_canonical_tones_keeps_length_so_positions_map_back():
    text = "Ban Chấp hành Đảng bộ tỉnh khoá XIX, Tỉnh uỷ Thanh Hoá"
    assert len(canonical_tones(text)) == len(text)


def test_match_key_equates_spellings():
    assert match_key("Tỉnh  Uỷ\u00a0Khánh Hoà") == match_key("tỉnh ủy khánh hòa")


def test_has_diacritics():
    assert has_diacritics("Đảng") and not has_diacritics("Dang bo tinh")


def test_slugify_vi():
    assert slugify_vi("Bà Rịa - Vũng Tàu") == "ba-ria-vung-tau"
    assert slugify_vi("Đắk Lắk") == "dak-lak"


def test_alternation_finds_what_a_longest_first_alternation_finds():
    words = ["Hà Nam", "Hà Nội", "Hà", "Nam Định", "Nam", "thị xã", "thị", "(TP.HCM)", "a|b"]
    text = "Hà Nội, Hà Nam và Nam Định; Hà Tĩnh? thị xã, thị trấn (TP.HCM) a|b Namđ"
    plain = re.compile("|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)))
    trie = re.compile(alternation(words))
    assert [m.group() for m in trie.finditer(text)] == [m.group() for m in plain.finditer(text)]
    bounded = re.compile(r"(?:" + alternation(words) + r")(?!\w)")
    assert [m.group() for m in bounded.finditer(text)] == [
        "Hà Nội",
        "Hà Nam",
        "Nam Định",
        "Hà",
        "thị xã",
        "thị",
        "(TP.HCM)",
        "a|b",
    ]


def test_alternation_of_one_word_and_of_none():
    assert re.fullmatch(alternation(["đảng"]), "đảng")
    assert alternation([]) == ""


def test_has_diacritics_agrees_with_folding_for_every_character():
    """The quick search must find exactly the characters fold() changes."""
    for code in range(0x10000):
        if 0xD800 <= code < 0xE000:
            continue  # surrogates
        char = chr(code)
        assert has_diacritics(char) == (char.translate(_FOLD_TABLE) != char), hex(code)
    for text in ("", "Tinh uy Kien Giang", "Tỉnh ủy Kiên Giang", "TP.HCM – “Hà Nội”", "Đ", "e\u0301"):
        assert has_diacritics(text) == (text.translate(_FOLD_TABLE) != text)


def test_alternation_of_very_long_words_does_not_exhaust_the_stack():
    long_word = "a" * 5000
    pattern = re.compile(alternation([long_word, "ab", "b"]))
    assert pattern.fullmatch(long_word) and pattern.fullmatch("ab") and not pattern.fullmatch("a" * 4999 + "b")
