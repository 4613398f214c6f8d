"""Vietnamese search terms: folded, exact (one tone placement) and adjacent pairs."""

import pickle
import unicodedata

import pytest

from search.analysis import ABBREVIATIONS, EXACT, FOLDED, PAIRS, pairs, syllables, words
from search.engines.whoosh import (
    abbreviation_analyzer,
    exact_analyzer,
    folded_analyzer,
    pair_analyzer,
    terms,
)


def test_folded_terms_drop_every_diacritic_and_case():
    assert terms(folded_analyzer(), "Đại hội Đảng bộ tỉnh Kiên Giang") == [
        "dai",
        "hoi",
        "dang",
        "bo",
        "tinh",
        "kien",
        "giang",
    ]
    assert terms(folded_analyzer(), "dai hoi dang bo") == ["dai", "hoi", "dang", "bo"]


def test_nfd_text_gives_the_same_terms_as_nfc():
    text = "Đảng bộ tỉnh Thừa Thiên Huế"
    nfd = unicodedata.normalize("NFD", text)
    for analyzer in (folded_analyzer(), exact_analyzer(), pair_analyzer()):
        assert terms(analyzer, nfd) == terms(analyzer, text)


def test_exact_terms_keep_diacritics_in_one_tone_placement():
    assert terms(exact_analyzer(), "Hoà Bình, THUỶ lợi, Tỉnh uỷ ban") == [
        "hòa",
        "bình",
        "thủy",
        "lợi",
        "tỉnh",
        "ủy",
        "ban",
    ]
    assert terms(exact_analyzer(), "bản bàn") == ["bản", "bàn"]
    assert syllables("Quý khoá", EXACT) == ["quý", "khóa"]


def test_no_stop_words_and_no_stemming():
    text = "an ninh ở Long An, ý kiến của a và the"
    assert terms(folded_analyzer(), text) == ["an", "ninh", "o", "long", "an", "y", "kien", "cua", "a", "va", "the"]


def test_pairs_join_adjacent_syllables():
    assert terms(pair_analyzer(), "Xây dựng Đảng") == ["xay_dung", "dung_dang"]
    assert terms(pair_analyzer(), "Đảng") == ["dang"]  # BiWordFilter keeps a lone syllable
    assert pairs(syllables("Xây dựng Đảng")) == terms(pair_analyzer(), "Xây dựng Đảng")


def test_syllables_are_letters_and_digits_only():
    assert syllables("35-CT/TW\u00a0xây\u200bdựng_mới") == ["35", "ct", "tw", "xay", "dung", "moi"]
    assert syllables('(dai OR "hoi") *?:^~') == ["dai", "or", "hoi"]


def test_analyzers_survive_pickling_with_the_schema():
    for analyzer in (folded_analyzer(), exact_analyzer(), pair_analyzer()):
        copy = pickle.loads(pickle.dumps(analyzer))
        assert terms(copy, "Đại hội XIII") == terms(analyzer, "Đại hội XIII")


@pytest.mark.parametrize(
    "text",
    [
        "Đại hội Đảng bộ tỉnh Kiên Giang lần thứ XI",
        "Hoà Bình, THUỶ lợi, TU, BTV, HĐND",
        "Đảng",
        "",
        "35-CT/TW xây dựng",
    ],
)
def test_each_view_makes_the_terms_the_whoosh_analyzers_make(text):
    # search.analysis.words is what every engine indexes; Whoosh's analyzers
    # (search.engines.whoosh) must make the very same terms of any text.
    analyzers = {
        FOLDED: folded_analyzer(),
        EXACT: exact_analyzer(),
        PAIRS: pair_analyzer(),
        ABBREVIATIONS: abbreviation_analyzer(),
    }
    for view, analyzer in analyzers.items():
        assert words(view, text) == terms(analyzer, text), view
