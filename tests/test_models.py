import datetime as dt
import unicodedata

import pytest
from django.db import IntegrityError

from archive.models import Article, Congress, Organ, Province, ProvinceSuccession

pytestmark = pytest.mark.django_db

# The 2025 merger as published (Nghị quyết 202/2025/QH15), independent of the
# gazetteer the migration loads: new unit -> the provinces it was formed from.
MERGED = {
    "Tuyên Quang": {"Hà Giang", "Tuyên Quang"},
    "Lào Cai": {"Yên Bái", "Lào Cai"},
    "Thái Nguyên": {"Bắc Kạn", "Thái Nguyên"},
    "Phú Thọ": {"Vĩnh Phúc", "Hòa Bình", "Phú Thọ"},
    "Bắc Ninh": {"Bắc Giang", "Bắc Ninh"},
    "Hưng Yên": {"Thái Bình", "Hưng Yên"},
    "Hải Phòng": {"Hải Dương", "Hải Phòng"},
    "Ninh Bình": {"Hà Nam", "Nam Định", "Ninh Bình"},
    "Quảng Trị": {"Quảng Bình", "Quảng Trị"},
    "Đà Nẵng": {"Quảng Nam", "Đà Nẵng"},
    "Quảng Ngãi": {"Kon Tum", "Quảng Ngãi"},
    "Gia Lai": {"Bình Định", "Gia Lai"},
    "Khánh Hòa": {"Ninh Thuận", "Khánh Hòa"},
    "Lâm Đồng": {"Đắk Nông", "Bình Thuận", "Lâm Đồng"},
    "Đắk Lắk": {"Phú Yên", "Đắk Lắk"},
    "Hồ Chí Minh": {"Bà Rịa - Vũng Tàu", "Bình Dương", "Hồ Chí Minh"},
    "Đồng Nai": {"Bình Phước", "Đồng Nai"},
    "Tây Ninh": {"Long An", "Tây Ninh"},
    "Cần Thơ": {"Sóc Trăng", "Hậu Giang", "Cần Thơ"},
    "Vĩnh Long": {"Bến Tre", "Trà Vinh", "Vĩnh Long"},
    "Đồng Tháp": {"Tiền Giang", "Đồng Tháp"},
    "Cà Mau": {"Bạc Liêu", "Cà Mau"},
    "An Giang": {"Kiên Giang", "An Giang"},
}
UNCHANGED = {
    "Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn",
    "Quảng Ninh", "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Cao Bằng",
}  # fmt: skip


def test_63_legacy_and_34_current_provinces():
    assert Province.objects.legacy().count() == 63
    assert Province.objects.current().count() == 34
    assert Province.objects.count() == 63 + 34 - len(UNCHANGED)


def test_unchanged_units_are_one_row_valid_throughout():
    unchanged = Province.objects.legacy() & Province.objects.current()
    assert set(unchanged.values_list("short_name", flat=True)) == UNCHANGED
    assert not ProvinceSuccession.objects.filter(predecessor__in=unchanged).exists()


def test_every_merger_is_recorded_with_its_effective_date():
    for new_name, old_names in MERGED.items():
        new = Province.objects.current().get(short_name=new_name)
        assert new.valid_from == dt.date(2025, 7, 1)
        assert set(new.predecessors.values_list("short_name", flat=True)) == old_names
        assert set(ProvinceSuccession.objects.filter(successor=new).values_list("effective", flat=True)) == {
            dt.date(2025, 7, 1)
        }


def test_kien_giang_became_part_of_an_giang_on_1_july_2025():
    kien_giang = Province.objects.get(slug="kien-giang")
    link = kien_giang.succession_links.get()
    assert (link.successor.short_name, link.successor.slug, link.effective) == (
        "An Giang",
        "an-giang-2025",
        dt.date(2025, 7, 1),
    )
    assert kien_giang.valid_to == dt.date(2025, 6, 30)
    assert not kien_giang.valid_on(dt.date(2025, 7, 1)) and kien_giang.valid_on(dt.date(2020, 8, 8))


def test_province_fields():
    hcm = Province.objects.get(slug="ho-chi-minh")
    assert (hcm.name, hcm.kind, hcm.code) == ("Thành phố Hồ Chí Minh", Province.Kind.CITY, "79")
    assert {"TP.HCM", "TPHCM"} <= set(hcm.aliases)
    assert Province.objects.get(slug="dak-nong").unaccented_name == "Dak Nong"
    assert "Thừa Thiên Huế" in Province.objects.get(slug="hue").aliases
    assert all(p.latitude and p.longitude for p in Province.objects.all())
    assert str(Province.objects.get(slug="an-giang-2025")) == "An Giang (từ 2025)"


def test_text_is_stored_as_nfc():
    article = Article.objects.create(
        title=unicodedata.normalize("NFD", "Đại hội Đảng bộ"), raw_page="x", content_hash="a" * 64
    )
    article.refresh_from_db()
    assert article.title == "Đại hội Đảng bộ"
    assert unicodedata.is_normalized("NFC", article.title)


def test_raw_page_is_stored_exactly_as_received():
    raw = unicodedata.normalize("NFD", "Tỉnh\u00a0ủy\r\n  Kiên Giang \u200b")
    article = Article.objects.create(title="T", raw_page=raw, content_hash="b" * 64)
    article.refresh_from_db()
    assert article.raw_page == raw


def test_a_date_must_agree_with_its_precision():
    with pytest.raises(IntegrityError):
        Article.objects.create(title="T", raw_page="x", content_hash="c" * 64, published_precision="day")


def test_published_display_follows_precision():
    article = Article(title="T", published_date=dt.date(2020, 7, 1), published_precision="month")
    assert article.published_display == "tháng 7/2020"
    article.published_precision, article.published_date = "day", dt.date(2020, 8, 8)
    assert article.published_display == "8/8/2020"
    article.published_precision = "year"
    assert article.published_display == "2020"


def test_province_now_names_the_successor():
    article = Article(title="T", province=Province.objects.get(slug="kien-giang"))
    assert article.province_now.slug == "an-giang-2025"
    # A province the merger left as it was is its own unit now (as the search index counts it).
    unchanged = Province.objects.get(slug="nghe-an")
    assert Article(title="T", province=unchanged).province_now == unchanged
    assert Article(title="T").province_now is None


def test_organs_are_named_for_their_province():
    ninh_binh = Province.objects.get(slug="ninh-binh")
    organ = Organ.for_kind("ban_to_chuc", ninh_binh)
    assert organ.name == "Ban Tổ chức Tỉnh ủy Ninh Bình"
    assert Organ.for_kind("ban_to_chuc", ninh_binh) == organ
    assert Organ.for_kind("ban_to_chuc", Province.objects.get(slug="ha-noi")).name == "Ban Tổ chức Thành ủy Hà Nội"
    assert Organ.for_kind("dang_uy_khoi", None).name == "Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh"


def test_congress_names_and_term_constraint():
    congress = Congress.objects.create(
        level="provincial", organisation="Đảng bộ tỉnh Kiên Giang", number=11, term_start=2020, term_end=2025
    )
    assert str(congress) == "Đại hội Đảng bộ tỉnh Kiên Giang lần thứ XI (2020–2025)"
    national = Congress.objects.create(level="national", organisation="Đảng Cộng sản Việt Nam", number=13)
    assert str(national) == "Đại hội lần thứ XIII"
    with pytest.raises(IntegrityError):
        Congress.objects.create(level="national", organisation="Đảng Cộng sản Việt Nam", number=14, term_start=2026)


def test_text_fields_are_stored_without_control_characters():
    article = Article.objects.create(
        title="  Hội nghị\x0bTỉnh ủy\x1b ", authors="A\tB", body="Dòng một\r\nDòng\x0b hai\x00"
    )
    article.refresh_from_db()
    assert article.title == "Hội nghị Tỉnh ủy"
    assert article.authors == "A B"
    assert article.body == "Dòng một\nDòng  hai"


def test_a_publication_date_outside_the_archive_years_is_refused():
    from django.core.exceptions import ValidationError

    for day in (dt.date(1925, 5, 1), dt.date(2101, 1, 1)):
        with pytest.raises(ValidationError, match="published_date"):
            Article(title="T", published_date=day, published_precision="day").full_clean()
    Article(title="T", published_date=dt.date(1930, 2, 3), published_precision="day").full_clean()
