"""Keyword search end to end: matching, ranking, filters, facets and the API,
on articles written for each test and a temporary index."""

import datetime as dt
import json
import re
import unicodedata

import pytest
from django.db.models import Count
from django.http import QueryDict

from archive.importing import import_text
from archive.models import Article, CongressMention, Document, Organ, Province
from search import indexing, service
from tests.conftest import damage_index_reads

pytestmark = pytest.mark.django_db

FILLER = "Hội nghị diễn ra trong không khí dân chủ, các đại biểu thảo luận sôi nổi về nhiệm vụ năm tới."


def add(title: str, body: str = FILLER, *, province: str | None = None, day: dt.date | None = None, **fields):
    return Article.objects.create(
        title=title,
        body=body,
        province=Province.objects.get(slug=province) if province else None,
        published_date=day,
        published_precision="day" if day else "unknown",
        **fields,
    )


def ids(q: str, **parameters) -> list[int]:
    return [article.pk for article in run(q, **parameters).articles]


def run(q: str = "", **parameters) -> service.SearchPage:
    data = QueryDict(mutable=True)
    data["q"] = q
    for name, value in parameters.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    form = service.SearchParameters(data)
    assert form.is_valid(), form.errors
    return service.search(form.cleaned_data)


def index() -> None:
    indexing.drain()


def test_unaccented_nfd_and_either_tone_placement_all_find_the_page():
    page = add("Đại hội Đảng bộ tỉnh Thừa Thiên Huế lần thứ XVI", "Hòa giải ở cơ sở, Ủy ban Kiểm tra Tỉnh ủy.")
    add("Tin thể thao", "Giải bóng đá thiếu niên.")
    index()
    for query in (
        "dai hoi dang bo",
        "ĐẠI HỘI ĐẢNG BỘ",
        unicodedata.normalize("NFD", "Đại hội Đảng bộ"),
        "hoà giải",
        "hòa giải",
        "uỷ ban kiểm tra",
        "ủy ban kiem tra",
    ):
        assert ids(query) == [page.pk], query


def test_no_stop_words_and_one_letter_syllables_are_searchable():
    security = add("Bảo đảm an ninh trật tự ở Long An", "Ý kiến của nhân dân ở xã.")
    add("Tin khác", "Không liên quan.")
    index()
    for query in ("an ninh", "Long An", "ở", "ý kiến", "an"):
        assert ids(query) == [security.pk], query


def test_a_query_with_diacritics_ranks_exact_matches_first_and_keeps_folded_ones():
    table = add("Bàn giao nhà tình nghĩa", "Lễ bàn giao diễn ra tại xã.")
    plan = add("Ban hành bản kế hoạch", "Bản kế hoạch được ban hành.")
    index()
    assert ids("bản") == [plan.pk, table.pk]
    assert ids("bàn") == [table.pk, plan.pk]
    assert set(ids("ban")) == {plan.pk, table.pk}


def test_adjacent_syllables_in_order_rank_above_scattered_ones():
    scattered = add("Tin tổng hợp", "Xây nhà văn hóa, dựng cổng làng; Đảng ủy xã chỉ đạo.")
    adjacent = add("Tin tổng hợp", "Công tác xây dựng Đảng được chú trọng ở xã.")
    index()
    assert ids("xay dung dang") == [adjacent.pk, scattered.pk]


def test_a_title_match_weighs_more_than_a_body_match():
    in_body = add("Hội nghị sơ kết", "Bàn về chuyển đổi số trong cơ quan Đảng.")
    in_title = add("Chuyển đổi số trong cơ quan Đảng", "Hội nghị sơ kết công tác.")
    index()
    assert ids("chuyen doi so") == [in_title.pk, in_body.pk]


def test_a_quoted_phrase_needs_the_syllables_side_by_side():
    together = add("Sơ kết công tác xây dựng Đảng", FILLER)
    apart = add("Xây nhà, dựng trường", "Đảng bộ xã chỉ đạo.")
    index()
    assert ids('"xây dựng Đảng"') == [together.pk]
    assert set(ids("xây dựng Đảng")) == {together.pk, apart.pk}


def test_excluded_words_and_or():
    economy = add("Phát triển kinh tế", "Kinh tế tăng trưởng.")
    corruption = add("Phòng chống tham nhũng", "Kinh tế và tham nhũng.")
    index()
    assert ids("kinh tế -tham") == [economy.pk]
    assert set(ids("tăng OR nhũng")) == {economy.pk, corruption.pk}


def test_abbreviations_expand_both_ways():
    full = add("Ban Thường vụ Tỉnh ủy họp phiên thường kỳ")
    short = add("BTV Tỉnh ủy cho ý kiến về đề án")
    index()
    assert set(ids("BTV")) == {full.pk, short.pk}
    assert set(ids("ban thuong vu")) == {full.pk, short.pk}


def test_congress_ordinals_match_in_roman_and_arabic_form():
    roman = add("Quán triệt Nghị quyết Đại hội XIII của Đảng")
    add("Đại hội XII", "Tổng kết.")
    index()
    assert ids("dai hoi 13") == [roman.pk]
    assert ids("đại hội XIII") == [roman.pk]


def test_filters_in_the_box_and_in_the_url():
    kien_giang = add("Đại hội Đảng bộ xã", province="kien-giang", day=dt.date(2020, 5, 12))
    add("Đại hội Đảng bộ xã", province="nghe-an", day=dt.date(2020, 5, 12))
    add("Đại hội Đảng bộ xã", province="kien-giang", day=dt.date(2015, 5, 12))
    index()
    assert ids('đại hội tỉnh:"Kiên Giang" năm:2020') == [kien_giang.pk]
    assert ids("đại hội", province=["kien-giang"], year=["2020"]) == [kien_giang.pk]
    # A province as it is now finds the articles of the provinces merged into it.
    assert ids("đại hội", province=["an-giang-2025"], year=["2020"]) == [kien_giang.pk]


def test_facet_counts_are_whole_values_equal_to_database_counts():
    organ = Organ.objects.create(kind="btg", name="Ban Tuyên giáo Tỉnh ủy Kiên Giang", slug="btg-kien-giang")
    for slug in ("kien-giang", "kien-giang", "an-giang", "long-an"):
        add("Đại hội Đảng bộ", province=slug, organ=organ, day=dt.date(2020, 1, 1))
    add("Tin khác", province="long-an")
    index()
    page = run("đại hội")
    counts = {item.value: item.count for item in page.facets["province"]}
    expected = dict(
        Article.objects.filter(title__contains="Đại hội").values_list("province__slug").annotate(n=Count("id"))
    )
    assert counts == expected == {"kien-giang": 2, "an-giang": 1, "long-an": 1}
    assert {item.label for item in page.facets["province"]} == {"Kiên Giang", "An Giang", "Long An"}
    assert {item.value: item.count for item in page.facets["province_now"]} == {"an-giang-2025": 3, "tay-ninh-2025": 1}
    assert [(item.value, item.count) for item in page.facets["organ"]] == [("btg-kien-giang", 4)]
    assert page.years == [(2020, 4)]
    # Without a keyword the database counts, and agrees.
    listing = run(province=["kien-giang"])
    assert listing.from_index is False and listing.count == 2
    # The selected facet counts its other values too (a second can be added).
    assert {item.value: item.count for item in listing.facets["province"]} == {
        "kien-giang": 2,
        "an-giang": 1,
        "long-an": 2,
    }


def test_hostile_queries_never_fail_and_say_what_was_wrong(client):
    add("Đại hội Đảng bộ")
    index()
    breakers = [
        '"',
        '"""',
        "((((",
        "))",
        "AND",
        "OR",
        "NOT",
        "- -",
        "*",
        "?*?",
        "title:x",
        "tỉnh:",
        "năm:99999",
        "đại hội" * 300,
        "\x00\x01\x02",
        "\u202eđại hội",
        "🙂🙂",
        "中文 العربية",
        "x" * 10000,
        "[a TO b]",
        "dai~2",
        "^5",
        "'",
        "\\",
    ]
    for query in breakers:
        response = client.get("/api/search", {"q": query}, HTTP_HOST="127.0.0.1")
        assert response.status_code == 200, query
        data = json.loads(response.content)
        assert isinstance(data["count"], int)
        if query.strip(" -*?\"'\\") in ("", "AND", "OR", "NOT", "((((", "))", "🙂🙂"):
            assert data["messages"], query


def test_bad_filter_values_are_a_400_with_a_message(client):
    for parameters in ({"province": "nowhere"}, {"year": "abc"}, {"page": "0"}, {"date_from": "31/02/2020"}):
        response = client.get("/api/search", parameters, HTTP_HOST="127.0.0.1")
        assert response.status_code == 400, parameters
        assert json.loads(response.content)["fields"]


def test_the_search_api_answers_in_the_documented_shape(client):
    article = add("Đại hội Đảng bộ tỉnh Kiên Giang", "Đại hội <b>Đảng bộ</b> & nhân dân.", province="kien-giang")
    index()
    data = json.loads(client.get("/api/search", {"q": "dang bo"}, HTTP_HOST="127.0.0.1").content)
    assert data["count"] == 1 and data["page"] == 1 and data["pages"] == 1
    (result,) = data["results"]
    assert result["id"] == article.pk and result["province"] == "kien-giang"
    assert result["url"].endswith(f"/bai/{article.pk}/?q=dang+bo")
    assert "<mark>Đảng</mark> <mark>bộ</mark>" in result["snippet_html"]
    assert "&lt;b&gt;" in result["snippet_html"] and "&amp;" in result["snippet_html"]
    assert set(data["facets"]) == {
        "province",
        "province_now",
        "organ",
        "congress",
        "document",
        "author",
        "year",
        "month",
    }


def test_the_article_api_gives_every_stored_field(client):
    article = add("Đại hội Đảng bộ", province="kien-giang", day=dt.date(2020, 5, 12), authors="Quốc Tuấn")
    data = json.loads(client.get(f"/api/articles/{article.pk}", HTTP_HOST="127.0.0.1").content)
    assert data["title"] == "Đại hội Đảng bộ"
    assert data["province"] == {"slug": "kien-giang", "name": "Kiên Giang"}
    assert data["province_now"]["slug"] == "an-giang-2025"
    assert data["authors"] == ["Quốc Tuấn"] and data["published"] == "2020-05-12"
    assert client.get("/api/articles/999999", HTTP_HOST="127.0.0.1").status_code == 404


def test_a_correction_is_suggested_only_when_it_finds_something():
    page = add("Đại hội Đảng bộ tỉnh", "Nghị quyết về chuyển đổi số.")
    index()
    misspelt = run("nghi quyeet")
    assert misspelt.count == 0
    assert misspelt.suggestion == "nghi quyet" and misspelt.suggestion_count == 1
    assert ids(misspelt.suggestion) == [page.pk]
    assert run("zzqqxx wwyyvv").suggestion == ""  # nothing close finds anything: no suggestion
    assert run("dai hoi").suggestion == ""  # found: nothing to correct


def test_opening_a_result_carries_the_query_to_the_article(client):
    article = add("Đại hội Đảng bộ")
    index()
    data = json.loads(client.get("/api/search", {"q": "đại hội"}, HTTP_HOST="127.0.0.1").content)
    url = data["results"][0]["url"]
    assert url.endswith(f"/bai/{article.pk}/?q=%C4%91%E1%BA%A1i+h%E1%BB%99i")
    assert '<mark id="hit-1">' in client.get(url.split("127.0.0.1", 1)[1]).content.decode()


def test_the_help_page_documents_the_query_language(client):
    content = client.get("/tro-giup/tim-kiem/").content.decode()
    assert "Cách tìm kiếm" in content
    for example in (
        "dai hoi dang bo",
        '"xây dựng Đảng"',
        "-tham",
        "BTV OR",
        "tỉnh:",
        "năm:2018-2020",
        "từ:1/7/2020",
    ):
        assert example in content, example
    assert "leave out pages with the word or phrase" in client.get("/en/tro-giup/tim-kiem/").content.decode()


def test_a_selected_facet_still_counts_its_other_values_so_a_second_can_be_added():
    for slug, day in (
        ("kien-giang", dt.date(2020, 5, 1)),
        ("kien-giang", dt.date(2020, 6, 1)),
        ("nghe-an", dt.date(2021, 1, 1)),
    ):
        add("Đại hội Đảng bộ", province=slug, day=day)
    index()
    for query in ("đại hội", ""):
        page = run(query, province=["kien-giang"])
        assert page.count == 2
        provinces = {item.value: (item.count, item.selected) for item in page.facets["province"]}
        assert provinces == {"kien-giang": (2, True), "nghe-an": (1, False)}, query
        assert page.months == [(2020, 5, 1), (2020, 6, 1)], query
        both = run(query, province=["kien-giang", "nghe-an"])
        assert both.count == 3, query


def test_the_search_page_shows_results_facets_and_removable_chips(client, django_assert_max_num_queries):
    for slug in ("kien-giang", "kien-giang", "nghe-an"):
        add("Đại hội Đảng bộ xã", "Đại hội <b>thành công</b>.", province=slug, day=dt.date(2020, 5, 12))
    index()
    with django_assert_max_num_queries(20):
        response = client.get("/tim-kiem/", {"q": "dai hoi", "province": "kien-giang"})
    content = response.content.decode()
    assert response.status_code == 200
    assert content.count('class="snippet"') == 2
    assert "<mark>Đại</mark> <mark>hội</mark>" in content and "&lt;b&gt;" in content
    assert 'name="remove" value="province=kien-giang"' in content  # the chip that removes the province
    removed = client.get("/tim-kiem/", {"q": "dai hoi", "province": "kien-giang", "remove": "province=kien-giang"})
    assert removed.status_code == 302 and removed["Location"] == "/tim-kiem/?q=dai+hoi"
    # A second province can be added: a button of the form that carries the page's parameters.
    assert (
        'name="province" value="nghe-an" aria-pressed="false">Nghệ An</button> <span class="count">1</span>' in content
    )
    narrowing = content[content.index('<form id="narrow"') :]
    narrowing = narrowing[: narrowing.index("</form>")]
    assert 'name="q" value="dai hoi"' in narrowing and 'name="province" value="kien-giang"' in narrowing
    assert "?q=dai+hoi" in content and "/?q=dai+hoi" in content  # results carry the query
    bad = client.get("/tim-kiem/", {"province": "nowhere"})
    assert bad.status_code == 400 and "nowhere" in bad.content.decode()


def test_tinh_uy_finds_tu_as_written_in_capitals_and_not_every_tu():
    written_short = add("TU Kiên Giang chỉ đạo công tác tổ chức đại hội")
    written_long = add("Tỉnh ủy Kiên Giang chỉ đạo")
    everyday = add("Tin tức từ cơ sở", "Tư vấn pháp luật, tu sửa trụ sở.")
    index()
    assert set(ids("tỉnh ủy")) == {written_short.pk, written_long.pk}
    assert set(ids("TU")) == {written_short.pk, written_long.pk}
    assert everyday.pk not in ids("tinh uy")


def test_adjacency_counts_for_expanded_words_too():
    scattered = add("Tin tổng hợp", "Đại biểu dự hội nghị; đại hội sẽ họp sau.")
    adjacent = add("Tin tổng hợp", "Khai mạc đại hội đại biểu Đảng bộ xã.")
    index()
    assert ids("dai hoi dai bieu") == [adjacent.pk, scattered.pk]


def test_a_page_past_the_end_is_empty_not_the_last_page_again():
    add("Đại hội Đảng bộ")
    index()
    page = run("dai hoi", page="9")
    assert (page.count, page.page, page.articles) == (1, 9, [])


def test_a_very_long_word_is_an_answer_not_a_crash(client):
    article = add("Đại hội Đảng bộ")
    index()
    long_query = "dai OR " + "a" * 490
    assert client.get("/tim-kiem/", {"q": long_query}).status_code == 200
    assert client.get("/api/search", {"q": long_query}, HTTP_HOST="127.0.0.1").status_code == 200
    assert client.get(article.get_absolute_url(), {"q": "a" * 600}).status_code == 200


def test_unicode_digits_in_an_id_parameter_are_a_400(client):
    for path in ("/tim-kiem/", "/api/search"):
        assert client.get(path, {"congress": "²"}, HTTP_HOST="127.0.0.1").status_code == 400


def test_an_index_that_cannot_be_read_mid_search_is_a_503_with_a_log_line(client, monkeypatch, caplog):
    import zlib

    add("Đại hội Đảng bộ")
    index()

    damage_index_reads(monkeypatch, zlib.error("Error -3 while decompressing data"))
    with caplog.at_level("ERROR", logger="search.reader"):
        assert client.get("/tim-kiem/", {"q": "dai hoi"}).status_code == 503
        assert client.get("/api/search", {"q": "dai hoi"}, HTTP_HOST="127.0.0.1").status_code == 503
    assert "search_index --rebuild" in caplog.text
    assert client.get("/tim-kiem/", {"province": "kien-giang"}).status_code == 200  # listings still work


def test_exclusions_need_something_to_exclude_from():
    corruption = add("Phòng chống tham nhũng", province="kien-giang")
    other = add("Phát triển kinh tế", province="kien-giang")
    index()
    assert ids("-tham tỉnh:kien-giang") == [other.pk]
    alone = run("-tham")
    assert alone.count == 0 and alone.messages
    assert corruption.pk not in ids("-tham", province=["kien-giang"])


def test_a_kind_of_organ_typed_in_the_box_finds_it_in_every_province():
    one = Organ.objects.create(kind="ban_tuyen_giao", name="Ban Tuyên giáo Tỉnh ủy Kiên Giang", slug="btg-kg")
    two = Organ.objects.create(kind="ban_tuyen_giao", name="Ban Tuyên giáo Tỉnh ủy Nghệ An", slug="btg-na")
    other = Organ.objects.create(kind="ban_to_chuc", name="Ban Tổ chức Tỉnh ủy Nghệ An", slug="btc-na")
    first, second = add("Hội nghị sơ kết", organ=one), add("Hội nghị sơ kết", organ=two)
    add("Hội nghị sơ kết", organ=other)
    index()
    assert set(ids('hội nghị cơ-quan:"Ban Tuyên giáo"')) == {first.pk, second.pk}
    assert ids('hội nghị cơ-quan:"Ban Tuyên giáo Tỉnh ủy Nghệ An"') == [second.pk]
    unknown = run("hội nghị cơ-quan:ban")
    assert unknown.count == 3 and any("ban" in message for message in unknown.messages)


def test_a_province_name_shared_by_two_units_means_the_current_one():
    legacy = add("Đại hội Đảng bộ", province="an-giang", day=dt.date(2020, 1, 1))
    merged = add("Đại hội Đảng bộ", province="kien-giang", day=dt.date(2020, 1, 1))
    index()
    assert set(ids('đại hội tỉnh:"An Giang"')) == {legacy.pk, merged.pk}


def test_dai_hoi_does_not_find_every_dh():
    congress = add("Đại hội Đảng bộ xã")
    add("Tin tuyển sinh", "Xem tại dh.example.vn")
    index()
    assert ids("dai hoi") == [congress.pk]


def test_a_suggestion_keeps_operators_as_they_are():
    add("Nghị quyết về chuyển đổi số")
    index()
    assert run("nghi AND quyeet").suggestion == "nghi AND quyet"


def test_years_can_be_combined_and_months_leave_out_articles_known_only_to_the_year():
    add("Đại hội", day=dt.date(2019, 3, 2))
    add("Đại hội", day=dt.date(2020, 5, 1))
    year_only = add("Đại hội", day=dt.date(2020, 1, 1))
    Article.objects.filter(pk=year_only.pk).update(published_precision="year")
    index()
    for query in ("đại hội", ""):
        page = run(query, year=["2019"])
        assert page.count == 1
        assert page.years == [(2019, 1), (2020, 2)], query  # counted as if no year were chosen
        assert run(query, year=["2019", "2020"]).count == 3, query
        assert run(query, year=["2020"]).months == [(2020, 5, 1)], query


def test_search_answers_are_revalidated_and_an_outage_is_not_cached(client):
    response = client.get("/tim-kiem/", {"q": "dai hoi"})
    assert response.status_code == 503 and "no-store" in response["Cache-Control"]
    add("Đại hội")
    index()
    assert "no-cache" in client.get("/tim-kiem/", {"q": "dai hoi"})["Cache-Control"]
    assert client.get("/api/search", {"q": "dai hoi"}, HTTP_HOST="127.0.0.1")["Cache-Control"] == "no-cache"


def test_an_unmarked_syllable_in_a_query_with_diacritics_ranks_its_exact_form_first():
    table = add("Tin cơ sở", "Tổ công tác bàn chỉ đạo việc triển khai.")
    steering = add("Tin cơ sở", "Ban chỉ đạo họp triển khai nhiệm vụ.")
    index()
    assert ids("ban chỉ đạo") == [steering.pk, table.pk]
    assert ids("bàn chỉ đạo") == [table.pk, steering.pk]


def test_a_query_with_diacritics_ranks_dang_the_party_before_dang_the_word():
    party = add("Tin cơ sở", "Kết nạp đảng viên mới.")
    ongoing = add("Tin cơ sở", "Công trình đang thi công.")
    index()
    assert ids("đảng") == [party.pk, ongoing.pk]
    assert ids("đang") == [ongoing.pk, party.pk]


def test_an_article_saved_or_deleted_in_the_admin_is_searchable_or_gone_at_once(
    editor_client, admin_client, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from tests.test_admin import change_form_data
    from tests.test_importing import PAGE

    article = import_text(PAGE)[1]
    index()
    url = reverse("admin:archive_article_change", args=[article.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url, change_form_data(article, title="Hội thảo về văn hóa đọc quexyz"))
    assert response.status_code == 302
    assert ids("quexyz") == [article.pk]
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("admin:archive_article_delete", args=[article.pk]), {"post": "yes"})
    assert not Article.objects.exists() and ids("quexyz") == []


# --- the results page ----------------------------------------------------------------


def test_the_count_is_written_with_grouped_digits(client, monkeypatch):
    add("Đại hội Đảng bộ")
    index()
    real = service.search

    def counted(cleaned):
        page = real(cleaned)
        page.count = 1234
        return page

    monkeypatch.setattr(service, "search", counted)
    assert "<strong>1.234 " in client.get("/tim-kiem/", {"q": "dai hoi"}).content.decode()
    assert "<strong>1,234 articles</strong>" in client.get("/en/tim-kiem/", {"q": "dai hoi"}).content.decode()


def test_the_summary_says_what_was_searched_and_every_filter(client):
    add("Đại hội Đảng bộ", province="kien-giang", day=dt.date(2020, 5, 12))
    index()
    parameters = {
        "q": "dai hoi",
        "province": "kien-giang",
        "year": ["2019", "2020", "2022"],
        "date_from": "2020-01-01",
        "date_to": "2020-12-31",
    }
    content = client.get("/en/tim-kiem/", parameters).content.decode()
    summary = content.split('class="result-count"', 1)[1].split("</p>", 1)[0]
    assert "1 article</strong>" in summary
    for words in ("dai hoi", "province: Kiên Giang", "years 2019–2020, 2022", "from 1/1/2020 to 31/12/2020"):
        assert words in summary, words
    # Each filter is a chip that removes it, by name.
    assert 'aria-label="Remove the filter Kiên Giang"' in content and "until 31/12/2020" in content


def test_the_year_chart_links_filter_by_year_and_names_each_bar(client):
    for day in (dt.date(2018, 3, 1), dt.date(2020, 5, 1), dt.date(2020, 6, 1)):
        add("Đại hội Đảng bộ", day=day)
    index()
    content = client.get("/en/tim-kiem/", {"q": "dai hoi"}).content.decode()
    chart = content.split('class="year-chart"', 1)[1].split("</section>", 1)[0]
    # Each year with articles is a button of the form that carries the query (form="narrow").
    assert (
        'form="narrow" class="choice" name="year" value="2020" aria-pressed="false" aria-label="2020: 2 articles"'
        in chart
    )
    assert 'aria-label="2018: 1 article"' in chart
    assert '<span class="year">2019</span>' in chart and 'value="2019"' not in chart  # a gap, not a choice
    filtered = client.get("/en/tim-kiem/", {"q": "dai hoi", "year": "2020"}).content.decode()
    assert "<strong>2 articles</strong>" in filtered
    assert (
        'name="remove" value="year=2020" aria-pressed="true" aria-label="2020: 2 articles (selected: follow to remove)"'
        in filtered
    )


def test_numbered_pages_around_the_current_one(client, monkeypatch):
    monkeypatch.setattr(service, "PER_PAGE", 2)
    for n in range(15):
        add(f"Đại hội Đảng bộ {n}", day=dt.date(2020, 1, 1) + dt.timedelta(days=n))
    index()
    content = client.get("/tim-kiem/", {"q": "dai hoi", "page": "5"}).content.decode()
    pagination = content.split('class="pagination"', 1)[1].split("</nav>", 1)[0]
    linked = re.findall(r'href="\?q=dai\+hoi&amp;page=(\d+)"', pagination)
    assert linked == ["4", "1", "3", "4", "5", "6", "7", "8", "6"]  # previous, numbers, next
    assert 'page=5" aria-current="page"' in pagination
    assert pagination.count("…") == 1  # for page 2, between 1 and 3
    from search.views import page_numbers

    assert page_numbers(1, 1) == []
    assert page_numbers(1, 3) == [1, 2, 3]
    assert page_numbers(10, 40) == [1, None, 8, 9, 10, 11, 12, None, 40]


def test_without_words_the_page_lists_the_whole_archive_newest_first_with_facets(client):
    old = add("Hội nghị", province="nghe-an", day=dt.date(2019, 1, 1))
    new = add("Đại hội", province="kien-giang", day=dt.date(2021, 1, 1))
    undated = add("Tin không ngày")
    index()
    content = client.get("/en/tim-kiem/").content.decode()
    assert "Browse the archive" in content and "<strong>3 articles</strong>: the whole archive, newest first" in content
    assert content.index(new.title) < content.index(old.title) < content.index(undated.title)
    assert 'name="province" value="kien-giang" aria-pressed="false">Kiên Giang</button>' in content
    assert 'name="year" value="2019" aria-pressed="false" aria-label="2019: 1 article"' in content
    assert 'name="date_from"' in content  # dates without typing
    assert "by relevance" not in content  # nothing to rank


@pytest.mark.parametrize("q", ["dai hoi", ""])
def test_the_results_page_takes_as_many_queries_for_many_articles_as_for_few(client, django_assert_max_num_queries, q):
    from tests.test_exports import make_articles

    # Parameter checks, the ids (no keyword), the page's articles, facet
    # counts and their names, each a fixed number whatever the count.
    bound = 23
    make_articles(2)
    parameters = {"q": q, "province": "kien-giang", "year": "2020"}
    with django_assert_max_num_queries(bound):
        few = client.get("/tim-kiem/", parameters)
    make_articles(40, province="kien-giang", title="Đại hội Đảng bộ phường")
    make_articles(10, province="nghe-an")
    with django_assert_max_num_queries(bound):
        many = client.get("/tim-kiem/", parameters)
    assert few.status_code == many.status_code == 200
    assert "<strong>42 " in many.content.decode()


def test_a_unit_formed_in_2025_is_offered_where_its_count_is_what_it_selects():
    add("Đại hội Đảng bộ", province="kien-giang", day=dt.date(2020, 5, 12))
    add("Đại hội Đảng bộ", province="an-giang-2025", day=dt.date(2025, 9, 1))
    index()
    page = run("đại hội")
    as_published = {item.value: item.count for item in page.facets["province"]}
    since_2025 = {item.value: item.count for item in page.facets["province_now"]}
    assert as_published == {"kien-giang": 1}
    assert since_2025 == {"an-giang-2025": 2}
    assert run("đại hội", province=["an-giang-2025"]).count == 2


def test_a_facet_lists_its_hundred_largest_values_and_counts_the_rest(client, monkeypatch):
    from search import views

    monkeypatch.setattr(views, "MAX_LISTED_FACET_VALUES", 3)
    for number in range(6):
        article = add("Đại hội Đảng bộ", province="kien-giang", day=dt.date(2020, 5, 1 + number))
        article.documents.add(Document.objects.create(number=f"{number + 1}-NQ/TU"))
    index()
    content = client.get("/tim-kiem/", {"document": "6-NQ/TU"}).content.decode()
    section = content[content.index('id="facet-document"') :]
    section = section[: section.index("</section>")]
    # A value to add is a button with the value, the selected one a button that removes it.
    listed = [f'value="{n}-NQ/TU"' in section or f'value="document={n}-NQ/TU"' in section for n in range(1, 7)]
    # The three first by name (all count 1), and the selected one although not among them.
    assert listed == [True, True, True, False, False, True]
    assert "và 2 giá trị khác, ít bài hơn" in section


def test_a_repeated_search_is_kept_until_the_index_changes(monkeypatch):
    from search import reader

    add("Đại hội Đảng bộ", province="kien-giang", day=dt.date(2020, 5, 12))
    index()
    computed = []
    original = reader._run
    monkeypatch.setattr(reader, "_run", lambda *args: computed.append(1) or original(*args))
    first = run("đại hội")
    first.facets["province"].clear()  # a caller changing its counts changes nothing kept
    assert run("đại hội").facets["province"] and len(computed) == 1
    add("Đại hội Đảng bộ lần thứ hai", province="nghe-an", day=dt.date(2021, 5, 12))
    index()  # a new generation of the index: computed again, and found
    assert run("đại hội").count == 2 and len(computed) == 2


def test_kept_results_can_be_turned_off(monkeypatch, settings):
    from search import reader

    settings.SEARCH_KEPT_RESULTS = 0
    add("Đại hội Đảng bộ", province="kien-giang", day=dt.date(2020, 5, 12))
    index()
    computed = []
    original = reader._run
    monkeypatch.setattr(reader, "_run", lambda *args: computed.append(1) or original(*args))
    run("đại hội")
    run("đại hội")
    assert len(computed) == 2


def test_a_listing_without_words_counts_from_the_index_as_the_database_would(monkeypatch):
    from archive.importing import import_pages
    from tests.conftest import DEMO_PAGES

    import_pages([DEMO_PAGES])
    congress = str(CongressMention.objects.order_by("congress_id").values_list("congress_id", flat=True).first())
    cases = ({}, {"province": ["an-giang-2025"]}, {"year": ["2020", "2021"]}, {"congress": [congress]})
    from_index = {str(case): run(**case) for case in cases}
    monkeypatch.setattr(service, "_counted_in_index", lambda cleaned, parsed: None)  # the database's own counts
    for case in cases:
        indexed, counted = from_index[str(case)], run(**case)
        assert indexed.count == counted.count > 0, case
        assert indexed.facets == counted.facets, case
        assert (indexed.years, indexed.months) == (counted.years, counted.months), case


@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_pages_follow_one_another_without_gaps_or_repeats(sort):
    for number in range(service.PER_PAGE + 5):
        add(f"Đại hội Đảng bộ số {number}", province="kien-giang", day=dt.date(2020, 1, 1) + dt.timedelta(days=number))
    index()
    first, second = run("đại hội", sort=sort), run("đại hội", sort=sort, page="2")
    assert (len(first.articles), len(second.articles)) == (service.PER_PAGE, 5)
    together = [article.pk for article in first.articles + second.articles]
    assert sorted(together) == sorted(Article.objects.values_list("pk", flat=True))
    if sort == "date":
        days = [article.published_date for article in first.articles + second.articles]
        assert days == sorted(days, reverse=True)


def test_facet_values_are_most_frequent_first_then_by_name():
    values = [
        service.FacetValue(str(n), name, count)
        for n, (name, count) in enumerate(
            [("Đắk Lắk", 2), ("An Giang", 2), ("Bạc Liêu", 5), ("Điện Biên", 1), ("Cà Mau", 1)]
        )
    ]
    ordered = [item.label for item in service._most_first(list(values))]
    assert ordered == ["Bạc Liêu", "An Giang", "Đắk Lắk", "Cà Mau", "Điện Biên"]
    # With many values, those beyond the named ones keep count order.
    ordered = [item.label for item in service._most_first(list(values), named=2)]
    assert ordered[:3] == ["Bạc Liêu", "An Giang", "Đắk Lắk"] and ordered[3:] in (
        ["Điện Biên", "Cà Mau"],
        ["Cà Mau", "Điện Biên"],
    )
