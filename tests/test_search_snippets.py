import re
import unicodedata

import pytest
from django.utils.html import linebreaks
from django.utils.safestring import SafeString

from search.snippets import MarkedBody, mark, snippet


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def visible(html: str) -> str:
    """The text a reader sees, entities counted as one character."""
    return re.sub(r"&[a-z#0-9]+;", "?", re.sub(r"<[^>]+>", "", html))


# --- matching ---------------------------------------------------------------


def test_it_marks_folded_matches_of_every_spelling():
    body = "Đảng bộ, ĐẢNG BỘ và đang bộ."
    expected = (
        "<mark>Đảng</mark> <mark>bộ</mark>, <mark>ĐẢNG</mark> <mark>BỘ</mark> và <mark>đang</mark> <mark>bộ</mark>."
    )
    assert snippet(body, ["dang bo"]) == expected
    assert snippet(body, ["Đảng_bộ"]) == expected
    assert snippet(body, ["ĐẢNG", "Bộ"]) == expected


def test_it_returns_safe_html():
    assert isinstance(snippet("Đảng bộ", ["dang"]), SafeString)
    assert isinstance(mark("Đảng bộ", ["dang"]).html, SafeString)


def test_it_marks_whole_syllables_only():
    body = "Dangkhoa ở An Giang, Long An; Giang2 và an_ninh."
    assert snippet(body, ["dang", "an"]) == (
        "Dangkhoa ở <mark>An</mark> Giang, Long <mark>An</mark>; Giang2 và <mark>an</mark>_ninh."
    )


def test_it_treats_digits_as_part_of_a_syllable():
    assert snippet("Năm 2020 và 12020", ["2020"]) == "Năm <mark>2020</mark> và 12020"


def test_a_whole_query_string_is_read_as_terms_not_letters():
    assert snippet("Đảng bộ tỉnh", "dang bo") == "<mark>Đảng</mark> <mark>bộ</mark> tỉnh"


# --- escaping ---------------------------------------------------------------

HOSTILE = "<b>Đảng</b> & <script>alert('x')</script>"


def test_it_escapes_markup_before_marking():
    assert snippet(HOSTILE, ["dang"]) == (
        "&lt;b&gt;<mark>Đảng</mark>&lt;/b&gt; &amp; &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"
    )


def test_a_word_of_the_markup_is_marked_as_text():
    assert snippet(HOSTILE, ["script"]) == (
        "&lt;b&gt;Đảng&lt;/b&gt; &amp; &lt;<mark>script</mark>&gt;alert(&#x27;x&#x27;)&lt;/<mark>script</mark>&gt;"
    )


@pytest.mark.parametrize("term", ["amp", "lt", "gt", "x27", "mark", "quot"])
def test_terms_never_match_inside_escaped_markup(term):
    body = 'Đảng & bộ <tỉnh> "mới"'
    assert snippet(body, [term]) == "Đảng &amp; bộ &lt;tỉnh&gt; &quot;mới&quot;"
    assert mark(body, [term]) == MarkedBody("<p>Đảng &amp; bộ &lt;tỉnh&gt; &quot;mới&quot;</p>", 0)


def test_an_email_address_is_plain_escaped_text():
    body = "Ý kiến xin gửi về <bantuyengiao@kiengiang.dcs.vn> hoặc gọi 0297."
    assert snippet(body, ["giang"]) == "Ý kiến xin gửi về &lt;bantuyengiao@kiengiang.dcs.vn&gt; hoặc gọi 0297."
    # Its dot-separated parts are syllables like any others.
    assert (
        snippet(body, ["dcs"]) == "Ý kiến xin gửi về &lt;bantuyengiao@kiengiang.<mark>dcs</mark>.vn&gt; hoặc gọi 0297."
    )


# --- Unicode ----------------------------------------------------------------


def test_it_marks_an_nfd_body_with_nfd_terms():
    html = snippet(nfd("Hội nghị Ban Chấp hành Đảng bộ tỉnh"), [nfd("đảng bộ")])
    assert html == "Hội nghị Ban Chấp hành <mark>Đảng</mark> <mark>bộ</mark> tỉnh"
    assert unicodedata.is_normalized("NFC", html)


def test_it_marks_an_nfc_body_with_nfd_terms_and_the_reverse():
    assert snippet("Đảng bộ", [nfd("Đảng")]) == "<mark>Đảng</mark> bộ"
    assert snippet(nfd("Đảng bộ"), ["Đảng"]) == "<mark>Đảng</mark> bộ"


@pytest.mark.parametrize("term", ["hòa", "hoà", "hoa", nfd("hoà")])
def test_old_and_new_tone_placement_match_each_other(term):
    assert snippet("Hoà giải, hòa hợp và HOÀ BÌNH.", [term]) == (
        "<mark>Hoà</mark> giải, <mark>hòa</mark> hợp và <mark>HOÀ</mark> BÌNH."
    )


def test_a_stray_combining_mark_stays_with_its_syllable():
    # "ả" takes no second tone, so NFC leaves the acute on its own and folding drops it.
    body = "Đả\u0301ng bộ tỉnh"
    assert snippet(body, ["dang bo"]) == "<mark>Đả\u0301ng</mark> <mark>bộ</mark> tỉnh"
    assert snippet(body, ["tinh"]) == "Đả\u0301ng bộ <mark>tỉnh</mark>"


def test_an_unclean_body_is_cleaned_before_matching():
    # Soft hyphen inside a word, no-break space, zero-width space, Windows line ends.
    body = "Đả\u00adng\u00a0bộ\u200btỉnh\r\n\r\nBan Thường vụ"
    assert snippet(body, ["dang", "tinh", "vu"]) == "<mark>Đảng</mark> bộ <mark>tỉnh</mark> Ban Thường <mark>vụ</mark>"


# --- choosing and cutting the window ------------------------------------------


def test_the_window_holds_the_most_distinct_terms():
    body = (
        "Đảng viên dự họp. " + "Các đại biểu thảo luận nhiều nội dung. " * 3 + "Đại hội Đảng bộ tỉnh bầu Ban Chấp hành."
    )
    assert snippet(body, ["dai hoi", "dang bo"], length=40) == (
        "…dung. <mark>Đại</mark> <mark>hội</mark> <mark>Đảng</mark> <mark>bộ</mark> tỉnh bầu Ban…"
    )


def test_among_equally_varied_windows_the_one_with_more_matches_wins():
    body = "Đảng bộ họp. " + "Các đại biểu thảo luận nhiều nội dung. " * 2 + "Đảng bộ xã và Đảng bộ huyện cùng dự."
    assert snippet(body, ["dang bo"], length=30) == (
        "…<mark>Đảng</mark> <mark>bộ</mark> xã và <mark>Đảng</mark> <mark>bộ</mark> huyện…"
    )


def test_among_equal_windows_the_earliest_wins():
    body = "Đảng bộ họp. " + "Các đại biểu thảo luận nhiều nội dung. " * 2 + "Đảng bộ xã."
    assert snippet(body, ["dang bo"], length=30) == "<mark>Đảng</mark> <mark>bộ</mark> họp. Các đại biểu thảo…"


def test_a_window_at_the_end_has_no_closing_ellipsis():
    body = "Các đại biểu thảo luận nhiều nội dung. " * 3 + "Bế mạc Đại hội."
    assert snippet(body, ["dai hoi"], length=30) == "…nội dung. Bế mạc <mark>Đại</mark> <mark>hội</mark>."


def test_a_short_body_is_shown_whole_without_ellipses():
    assert snippet("Đại hội Đảng bộ tỉnh.", ["dang"]) == "Đại hội <mark>Đảng</mark> bộ tỉnh."


def test_the_window_is_cut_between_words():
    body = (
        "Các đại biểu thảo luận nhiều nội dung. " * 10
        + "Đại hội Đảng bộ. "
        + "Các đại biểu thảo luận nhiều nội dung. " * 10
    )
    for length in range(20, 120, 7):
        html = snippet(body, ["dai hoi dang bo"], length=length)
        assert html.startswith("…") and html.endswith("…")
        words = visible(html).strip("…").split()
        # No word is cut: each one is a whole word of the body.
        assert set(words) <= set(body.split()), length
        assert len(visible(html)) <= length + 2


def test_paragraph_breaks_become_spaces_in_a_snippet():
    assert snippet("Đảng bộ.\n\nTỉnh ủy.\nHội nghị", ["dang"]) == "<mark>Đảng</mark> bộ. Tỉnh ủy. Hội nghị"


def test_length_must_be_positive():
    with pytest.raises(ValueError):
        snippet("Đảng bộ", ["dang"], length=0)


# --- no match ----------------------------------------------------------------

OPENING = "Tỉnh ủy Kiên Giang tổ chức hội nghị sơ kết công tác."


def test_without_a_match_it_shows_the_opening_of_the_body():
    assert snippet(OPENING, ["zzz"], length=30) == "Tỉnh ủy Kiên Giang tổ chức hội…"
    assert snippet(OPENING, ["zzz"], length=29) == "Tỉnh ủy Kiên Giang tổ chức…"
    assert snippet(OPENING, ["zzz"]) == OPENING


def test_the_opening_is_escaped():
    assert snippet(HOSTILE, ["zzz"], length=20) == "&lt;b&gt;Đảng&lt;/b&gt; &amp;…"


def test_a_first_word_longer_than_the_snippet_is_cut_hard():
    assert snippet("x" * 1000, []) == "x" * 240 + "…"


@pytest.mark.parametrize("terms", [[], [""], ["  ", "!!", "—"], ()])
def test_no_terms_give_the_opening_and_no_hits(terms):
    assert snippet(OPENING, terms, length=30) == "Tỉnh ủy Kiên Giang tổ chức hội…"
    assert mark(OPENING, terms) == MarkedBody(f"<p>{OPENING}</p>", 0)


# --- long bodies ---------------------------------------------------------------

LONG = ("Đại hội đại biểu Đảng bộ tỉnh lần thứ XVII, nhiệm kỳ 2020 - 2025. " * 2000)[:100_000]


@pytest.mark.parametrize("terms", [["dang bo", "nhiem ky"], ["zzz"], ["dai"]])
def test_a_very_long_body_gives_a_short_snippet(terms):
    html = snippet(LONG, terms)
    assert 200 <= len(visible(html)) <= 242


def test_a_term_only_at_the_end_of_a_long_body_is_found():
    html = snippet(LONG + " Bế mạc.", ["be mac"])
    assert html.endswith("<mark>Bế</mark> <mark>mạc</mark>.")
    assert len(visible(html)) <= 242


def test_a_very_long_body_is_marked_whole():
    assert mark(LONG, ["dang"]).hits == LONG.count("Đảng")


# --- the article page ----------------------------------------------------------


def test_mark_keeps_paragraphs_and_numbers_hits():
    body = "Đại hội Đảng bộ.\n\nĐảng viên & quần chúng\ndự <họp>.\n\n\nHết."
    assert mark(body, ["dang"]) == MarkedBody(
        '<p>Đại hội <mark id="hit-1">Đảng</mark> bộ.</p>\n\n'
        '<p><mark id="hit-2">Đảng</mark> viên &amp; quần chúng<br>dự &lt;họp&gt;.</p>\n\n'
        "<p>Hết.</p>",
        2,
    )


def test_mark_without_terms_renders_like_the_linebreaks_filter():
    body = "Đại hội Đảng bộ.\n\nĐảng viên & quần chúng\ndự <họp>.\n\n\nHết."
    assert mark(body, []).html == linebreaks(body, autoescape=True)


def test_hit_ids_count_from_one_in_document_order():
    body = "\n\n".join(["Đảng bộ xã, Đảng bộ huyện.", "Không có.", "ĐẢNG BỘ tỉnh.\nđang bàn"] * 3)
    marked = mark(body, ["dang bo"])
    ids = [int(n) for n in re.findall(r'<mark id="hit-(\d+)">', marked.html)]
    assert ids == list(range(1, 22))
    assert marked.hits == 21
    assert re.findall(r'<mark id="hit-\d+">([^<]*)</mark>', marked.html)[:7] == [
        "Đảng", "bộ", "Đảng", "bộ", "ĐẢNG", "BỘ", "đang"
    ]  # fmt: skip


def test_mark_ignores_blank_lines_around_the_body():
    assert mark("\n\nĐảng bộ\n\n \n\n", ["bo"]) == MarkedBody('<p>Đảng <mark id="hit-1">bộ</mark></p>', 1)
