import datetime as dt

import pytest

from archive import browse, views
from archive.models import Article, Congress, CongressMention, Document, Organ, Province

pytestmark = pytest.mark.django_db


def _article(title, day=None, precision="day", **fields) -> Article:
    return Article.objects.create(
        title=title, published_date=day, published_precision=precision if day else "unknown", **fields
    )


def test_bars_scale_to_the_largest_count_and_never_vanish():
    drawn = browse.bars([(2019, 1), (2020, 200), (2021, 0)], width=300, row=28)
    assert [(bar.label, bar.count, bar.y) for bar in drawn] == [("2019", 1, 0), ("2020", 200, 28), ("2021", 0, 56)]
    assert drawn[1].length == 300
    assert drawn[0].length == 1.5
    assert drawn[2].length == 0
    assert browse.bars([], width=300, row=28) == []
    assert browse.bars([(2020, 1)], width=300, row=28)[0].length == 300


def test_month_grid_starts_on_monday_and_knows_the_page_of_each_day():
    # August 2020 began on a Saturday and has 31 days.
    weeks = browse.month_grid(2020, 8, {8: 3, 20: 2, 31: 1}, per_page=2)
    assert len(weeks) == 6 and all(len(week) == 7 for week in weeks)
    assert [cell.day for cell in weeks[0][:5]] == [None] * 5
    assert weeks[0][5].day == dt.date(2020, 8, 1) and weeks[0][5].day.weekday() == 5
    cells = {cell.day.day: cell for week in weeks for cell in week if cell.day}
    assert len(cells) == 31
    # Newest first, two a page: the 31st on page 1, the 20th on pages 1-2 (starts on 1), the 8th from page 2.
    assert (cells[31].count, cells[31].page) == (1, 1)
    assert (cells[20].count, cells[20].page) == (2, 1)
    assert (cells[8].count, cells[8].page) == (3, 2)
    assert cells[9].count == 0


def test_the_nearest_dates_either_side_of_a_period():
    for day, precision in ((dt.date(2016, 5, 1), "day"), (dt.date(2018, 1, 1), "year"), (dt.date(2020, 3, 1), "month")):
        _article("a", day, precision)
    year = (dt.date(2018, 1, 1), dt.date(2018, 12, 31))
    assert browse.dated_around(*year) == (dt.date(2016, 5, 1), dt.date(2020, 3, 1))
    assert browse.dated_around(dt.date(2017, 1, 1), dt.date(2017, 1, 31)) == (dt.date(2016, 5, 1), dt.date(2018, 1, 1))
    # A month's neighbours are months: a date known only to its year is not one.
    month = (dt.date(2017, 1, 1), dt.date(2017, 1, 31))
    assert browse.dated_around(*month, to_the_month=True) == (dt.date(2016, 5, 1), dt.date(2020, 3, 1))
    assert browse.dated_around(dt.date(2021, 1, 1), dt.date(2021, 1, 31)) == (dt.date(2020, 3, 1), None)


def test_month_bounds():
    assert browse.month_bounds(2024, 2) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))


def test_calendar_counts_keep_dates_of_each_precision_apart():
    _article("a", dt.date(2020, 8, 8))
    _article("b", dt.date(2020, 8, 8))
    _article("c", dt.date(2020, 8, 1), "month")
    _article("d", dt.date(2020, 1, 1), "year")
    _article("e")
    assert browse.day_counts(2020, 8) == {8: 2}
    months = {row.month: row.count for row in browse.months_of(2020)}
    assert months[8] == 3 and months[1] == 0 and len(months) == 12
    assert browse.year_counts() == [(2020, 4)]


def test_merged_units_count_their_predecessors_articles():
    kien_giang, an_giang, an_giang_now = (
        Province.objects.get(slug=slug) for slug in ("kien-giang", "an-giang", "an-giang-2025")
    )
    for province in (kien_giang, kien_giang, an_giang, an_giang_now):
        _article("x", dt.date(2020, 1, 1), province=province)
    legacy = {province.slug: province for province in browse.legacy_provinces()}
    assert len(legacy) == 63
    assert legacy["kien-giang"].n == 2 and legacy["kien-giang"].now == an_giang_now
    assert legacy["ha-noi"].now is None  # unchanged
    current = {province.slug: province for province in browse.current_provinces()}
    assert len(current) == 34
    assert current["an-giang-2025"].n == 4
    assert {p.slug for p in current["an-giang-2025"].before} == {"kien-giang", "an-giang"}
    assert current["ha-noi"].before == []
    assert browse.current_counts() == {an_giang_now.pk: 4}


def test_a_province_listing_is_the_search_listing_of_that_province():
    an_giang_now = Province.objects.get(slug="an-giang-2025")
    old = _article("old", dt.date(2020, 1, 1), province=Province.objects.get(slug="kien-giang"))
    new = _article("new", dt.date(2025, 9, 1), province=an_giang_now)
    _article("undated", province=an_giang_now)
    _article("elsewhere", dt.date(2025, 9, 1), province=Province.objects.get(slug="ha-noi"))
    assert [a.title for a in browse.listing(province=["an-giang-2025"])] == ["new", "old", "undated"]
    assert list(browse.listing(province=["kien-giang"])) == [old]
    assert new not in browse.listing(province=["kien-giang"])


def test_congresses_of_a_province_put_its_own_committee_first_in_order():
    province = Province.objects.get(slug="nghe-an")
    organisation = "Đảng bộ tỉnh Nghệ An"
    nineteenth = Congress.objects.create(
        level="provincial", organisation=organisation, province=province, number=19, term_start=2020, term_end=2025
    )
    eighteenth = Congress.objects.create(
        level="provincial", organisation=organisation, province=province, number=18, term_start=2015, term_end=2020
    )
    district = Congress.objects.create(
        level="district", organisation="Đảng bộ huyện Nam Đàn", province=province, number=3
    )
    Congress.objects.create(level="provincial", organisation="Đảng bộ tỉnh Hà Tĩnh", number=19)
    assert browse.congresses_of(province, []) == [eighteenth, nineteenth, district]


def test_related_articles_share_a_congress_then_an_organ_then_a_document():
    province = Province.objects.get(slug="kien-giang")
    organ = Organ.for_kind("ban_tuyen_giao", province)
    congress = Congress.objects.create(level="national", organisation="Đảng Cộng sản Việt Nam", number=13)
    document = Document.objects.create(number="35-CT/TW")
    article = _article("this", dt.date(2020, 8, 8), province=province, organ=organ)
    CongressMention.objects.create(article=article, congress=congress)
    article.documents.add(document)
    same_congress = _article("same congress", dt.date(2019, 1, 1))
    CongressMention.objects.create(article=same_congress, congress=congress)
    _article("same organ", dt.date(2021, 1, 1), province=province, organ=organ)
    same_document = _article("same document", dt.date(2018, 1, 1))
    same_document.documents.add(document)
    both = _article("same congress and document", dt.date(2017, 1, 1))
    both.documents.add(document)
    CongressMention.objects.create(article=both, congress=congress)
    _article("unrelated", dt.date(2020, 8, 8), province=province)
    article = Article.objects.prefetch_related("congress_mentions", "documents").get(pk=article.pk)
    assert [a.title for a in browse.related(article)] == [
        "same congress",
        "same congress and document",
        "same organ",
        "same document",
    ]
    assert [a.title for a in browse.related(article, limit=2)] == ["same congress", "same congress and document"]


def test_an_article_without_kin_has_no_related_articles():
    article = _article("alone", dt.date(2020, 8, 8))
    assert browse.related(Article.objects.prefetch_related("congress_mentions", "documents").get(pk=article.pk)) == []


def test_organs_and_congresses_are_grouped_in_their_vocabulary_order():
    province = Province.objects.get(slug="kien-giang")
    committee = Organ.for_kind("tinh_uy", province)
    inspection = Organ.for_kind("uy_ban_kiem_tra", province)
    _article("x", dt.date(2020, 1, 1), organ=inspection)
    groups = browse.organs_by_kind()
    assert [kind for kind, _organs in groups] == ["tinh_uy", "uy_ban_kiem_tra"]
    assert groups[1][1] == [inspection] and groups[1][1][0].n == 1 and groups[0][1][0] == committee
    Congress.objects.create(level="commune", organisation="Đảng bộ xã Bình An", number=15)
    Congress.objects.create(level="national", organisation="Đảng Cộng sản Việt Nam", number=13)
    assert [str(level) for level, _c in browse.congresses_by_level()] == ["toàn quốc", "cấp xã"]


def test_kinds_of_organ_are_counted_by_articles():
    province = Province.objects.get(slug="kien-giang")
    organ = Organ.for_kind("ban_tuyen_giao", province)
    other = Organ.for_kind("ban_tuyen_giao", Province.objects.get(slug="ha-noi"))
    for which in (organ, organ, other):
        _article("x", dt.date(2020, 1, 1), organ=which)
    _article("y", dt.date(2020, 1, 1), organ=Organ.for_kind("van_phong", province))
    rows = browse.organ_kind_counts()
    assert [(row.kind, row.count) for row in rows] == [("ban_tuyen_giao", 3), ("van_phong", 1)]
    assert rows[0].name == "Ban Tuyên giáo Tỉnh ủy"
    assert [(organ.slug, organ.n) for organ in browse.top_organs(1)] == [(organ.slug, 2)]


def test_every_public_page_answers_head_as_get(client):
    article = _article("Hội nghị", dt.date(2020, 8, 8))
    for url in ("/", "/tinh/", "/nam/2020/8/", "/ban-do/", article.get_absolute_url(), "/tim-kiem/", "/robots.txt"):
        response = client.head(url)
        assert response.status_code == 200, url
        assert response.content == b"", url


@pytest.mark.parametrize("page", ["abc", "-1", "0", "99999", "9" * 30])
def test_a_page_number_that_does_not_exist_is_a_404(client, page):
    _article("Hội nghị", dt.date(2020, 8, 8), province=Province.objects.get(slug="kien-giang"))
    for url in ("/tinh/kien-giang/", "/nam/2020/", "/nam/2020/8/"):
        assert client.get(url, {"page": page}).status_code == 404, (url, page)
    assert client.get("/tinh/kien-giang/", {"page": "1"}).status_code == 200


def test_an_unknown_map_view_is_a_400(client):
    assert client.get("/ban-do/", {"view": "current"}).status_code == 200
    assert client.get("/ban-do/", {"view": "bogus"}).status_code == 400


def test_an_article_date_links_to_the_page_of_the_month_holding_its_day(client, monkeypatch):
    monkeypatch.setattr(views, "MONTH_PER_PAGE", 2)
    Article.objects.bulk_create(
        [Article(title=f"Tin {n}", published_date=dt.date(2020, 7, 20), published_precision="day") for n in range(3)]
    )
    early = _article("Tin đầu tháng", dt.date(2020, 7, 5))
    content = client.get(early.get_absolute_url()).content.decode()
    assert 'href="/nam/2020/7/?page=2#day-2020-07-05"' in content
    assert 'id="day-2020-07-05"' in client.get("/nam/2020/7/", {"page": "2"}).content.decode()
    latest = Article.objects.filter(title="Tin 0").get()
    assert 'href="/nam/2020/7/#day-2020-07-20"' in client.get(latest.get_absolute_url()).content.decode()


def test_a_merged_unit_lists_the_congresses_of_the_provinces_it_was_formed_from(client):
    kien_giang = Province.objects.get(slug="kien-giang")
    congress = Congress.objects.create(
        level="provincial", organisation="Đảng bộ tỉnh Kiên Giang", province=kien_giang, number=11
    )
    content = client.get("/tinh/an-giang-2025/").content.decode()
    assert f'href="/dai-hoi/{congress.pk}/"' in content
