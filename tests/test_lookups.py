"""Look-ups of names without diacritics (archive.lookups): unaccent on
PostgreSQL, the archive's own fold on SQLite, the same answers on both."""

import pytest
from django.db import connection
from django.urls import reverse

from archive.models import Article, Congress, Organ, Province
from archive.text import fold

pytestmark = pytest.mark.django_db


def test_province_names_are_found_without_diacritics_or_case():
    for typed in ["dak nong", "DAK NONG", "Đắk Nông", "đắk nông"]:
        found = Province.objects.filter(short_name__unaccented__icontains=fold(typed))
        assert "dak-nong" in {p.slug for p in found}, typed
    assert not Province.objects.filter(short_name__unaccented__icontains="dac nong").exists()


def test_every_vietnamese_letter_folds_the_same_in_the_database_as_in_python():
    # Every vowel with every tone, and đ: the database's folding must agree
    # with archive.text.fold, or a search would find on one database what it misses on the other.
    letters = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
    title = letters + letters.upper()
    article = Article.objects.create(title=title, body="")
    folded = Article.objects.filter(pk=article.pk).values_list("title__unaccented", flat=True).get()
    assert folded == fold(title)
    assert set(folded.lower()) <= set("aeiouyd")


def test_the_database_does_the_folding():
    query = str(Organ.objects.filter(name__unaccented__icontains="ban").query).upper()
    assert ("UNACCENT(" if connection.vendor == "postgresql" else "ARCHIVE_FOLD(") in query


def test_admin_searches_find_names_typed_without_diacritics(editor_client):
    province = Province.objects.get(slug="dak-lak")
    organ = Organ.objects.create(kind="ban_tuyen_giao", name="Ban Tuyên giáo Tỉnh ủy Đắk Lắk", slug="btg-dak-lak")
    Congress.objects.create(
        level=Congress.Level.PROVINCIAL, organisation="Đảng bộ tỉnh Đắk Lắk", number=18, province=province
    )
    article = Article.objects.create(title="Hội nghị Ban Chấp hành Đảng bộ tỉnh", authors="Nguyễn Văn Đức", body="")
    searches = [
        ("admin:archive_organ_changelist", "ban tuyen giao dak lak", organ.name),
        ("admin:archive_congress_changelist", "dang bo tinh dak lak", "Đảng bộ tỉnh Đắk Lắk"),
        ("admin:archive_article_changelist", "nguyen van duc", article.title),
        ("admin:archive_article_changelist", "HOI NGHI ban chap hanh", article.title),
        ("admin:archive_province_changelist", "dak lak", "Đắk Lắk"),
    ]
    for name, typed, expected in searches:
        response = editor_client.get(reverse(name), {"q": typed})
        assert response.status_code == 200
        assert expected in response.content.decode(), (name, typed)
    # Every word must be found, as in the admin's own search.
    response = editor_client.get(reverse("admin:archive_article_changelist"), {"q": "nguyen van tuan"})
    assert article.title not in response.content.decode()
