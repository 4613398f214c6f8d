import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from archive.importing import import_text
from archive.models import Article, Congress, CongressMention, Province
from tests.test_importing import PAGE

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return import_text(PAGE, source_name="kg.txt")[1]


def change_form_data(article, **changes):
    data = {
        "title": article.title,
        "rubric": article.rubric,
        "body": article.body,
        "published_date": article.published_date.isoformat() if article.published_date else "",
        "published_precision": article.published_precision,
        "published_time": article.published_time.strftime("%H:%M:%S") if article.published_time else "",
        "province": article.province_id or "",
        "organ": article.organ_id or "",
        "authors": article.authors,
        "documents": [d.pk for d in article.documents.all()],
        "source_url": article.source_url,
        "source_site": article.source_site,
        "source_name": article.source_name,
    }
    mentions = list(article.congress_mentions.all())
    data.update(
        {
            "congress_mentions-TOTAL_FORMS": len(mentions),
            "congress_mentions-INITIAL_FORMS": len(mentions),
            "congress_mentions-MIN_NUM_FORMS": 0,
            "congress_mentions-MAX_NUM_FORMS": 1000,
        }
    )
    for i, mention in enumerate(mentions):
        data.update(
            {
                f"congress_mentions-{i}-id": mention.pk,
                f"congress_mentions-{i}-article": article.pk,
                f"congress_mentions-{i}-congress": mention.congress_id,
                f"congress_mentions-{i}-surface": mention.surface,
            }
        )
    data.update(changes)
    return data


def test_admin_pages_load_for_an_editor(editor_client, article):
    pages = [
        reverse("admin:index"),
        reverse("admin:archive_article_changelist"),
        reverse("admin:archive_article_changelist") + f"?province__id__exact={article.province_id}&year=2020",
        reverse("admin:archive_article_changelist") + "?q=Kiên+Giang",
        reverse("admin:archive_article_changelist") + "?published_date__year=2020",
        reverse("admin:archive_article_change", args=[article.pk]),
        reverse("admin:archive_article_add"),
        reverse("admin:archive_province_changelist"),
        reverse("admin:archive_importbatch_changelist"),
    ]
    for url in pages:
        response = editor_client.get(url)
        assert response.status_code == 200, url


def test_the_admin_speaks_vietnamese_and_shows_the_raw_page(editor_client, article):
    response = editor_client.get(reverse("admin:archive_article_change", args=[article.pk]))
    content = response.content.decode()
    assert "Trang gốc như khi nhận" in content and "Chạy lại trích xuất" not in content  # action is on the list
    assert '<pre class="raw-page-text"' in content and "Bài cùng chuyên mục" in content
    assert "autocomplete" in content  # province and organ are picked with autocomplete
    changelist = editor_client.get(reverse("admin:archive_article_changelist")).content.decode()
    assert "Chạy lại trích xuất" in changelist
    assert "Tỉnh, thành phố" in changelist or "tỉnh" in changelist


def test_the_raw_page_is_escaped_in_the_admin(editor_client):
    page = PAGE.replace("Quốc Tuấn", "<script>alert(1)</script>Quốc Tuấn")
    _, article = import_text(page)
    content = editor_client.get(reverse("admin:archive_article_change", args=[article.pk])).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_province_autocomplete_finds_names_typed_without_diacritics(editor_client, article):
    url = reverse("admin:autocomplete")
    params = {"app_label": "archive", "model_name": "article", "field_name": "province"}
    for term in ["kien giang", "Kiên", "KIÊN GIANG", "đắk", "dak lak"]:
        results = editor_client.get(url, {**params, "term": term}).json()["results"]
        assert results, term
    names = [r["text"] for r in editor_client.get(url, {**params, "term": "an giang"}).json()["results"]]
    assert "An Giang" in names and "An Giang (từ 2025)" in names


def test_saving_a_correction_marks_the_field_as_edited(editor_client, article):
    an_giang = Province.objects.get(slug="an-giang")
    url = reverse("admin:archive_article_change", args=[article.pk])
    response = editor_client.post(url, change_form_data(article, title="Tiêu đề đã sửa", province=an_giang.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert article.title == "Tiêu đề đã sửa" and article.province == an_giang
    assert article.edited_fields == ["province", "title"]


def test_a_body_sent_back_with_crlf_line_ends_is_not_a_correction(editor_client, article):
    url = reverse("admin:archive_article_change", args=[article.pk])
    data = change_form_data(article, body=article.body.replace("\n", "\r\n"), authors="Quốc Tuấn, Hồng Nhung")
    assert editor_client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.edited_fields == ["authors"] and "\r" not in article.body


def test_rerun_extraction_keeps_corrections(editor_client, article):
    Article.objects.filter(pk=article.pk).update(title="Tiêu đề đã sửa", edited_fields=["title"], authors="")
    response = editor_client.post(
        reverse("admin:archive_article_changelist"),
        {"action": "rerun_extraction", "_selected_action": [article.pk]},
        follow=True,
    )
    assert "Đã chạy lại trích xuất trên 1 bài viết: 1 bài thay đổi." in response.content.decode()
    article.refresh_from_db()
    assert (article.title, article.authors) == ("Tiêu đề đã sửa", "Quốc Tuấn")


def test_editing_congress_mentions_inline_marks_congresses_edited(editor_client, article):
    congress = Congress.objects.create(level="provincial", organisation="Đảng bộ tỉnh Kiên Giang", number=10)
    data = change_form_data(article)
    n = article.congress_mentions.count()
    data.update(
        {
            "congress_mentions-TOTAL_FORMS": n + 1,
            f"congress_mentions-{n}-congress": congress.pk,
            f"congress_mentions-{n}-surface": "Tỉnh ủy khóa X",
        }
    )
    response = editor_client.post(reverse("admin:archive_article_change", args=[article.pk]), data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert "congresses" in article.edited_fields
    assert CongressMention.objects.filter(article=article, congress=congress).exists()


def test_editors_can_add_articles_by_hand(editor_client):
    url = reverse("admin:archive_article_add")
    for title in ["Bài nhập tay thứ nhất", "Bài nhập tay thứ hai"]:
        data = {"title": title, "body": "Nội dung.", "published_precision": "unknown", "authors": ""}
        data |= {f"congress_mentions-{k}": v for k, v in {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0}.items()}
        assert editor_client.post(url, data).status_code == 302
    article = Article.objects.get(title="Bài nhập tay thứ hai")
    assert set(article.edited_fields) == set(Article.EXTRACTED_FIELDS)
    assert article.content_hash is None


def test_editors_cannot_delete_articles_or_manage_users(editor_client, article):
    assert editor_client.get(reverse("admin:archive_article_delete", args=[article.pk])).status_code == 403
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert editor_client.get(reverse("admin:auth_group_changelist")).status_code == 403
    assert editor_client.get(reverse("admin:archive_province_add")).status_code == 403


def test_superusers_can_do_everything(client, article):
    admin = User.objects.create_superuser("quan-tri", password="mật-khẩu-thử")
    client.force_login(admin)
    assert client.get(reverse("admin:archive_article_delete", args=[article.pk])).status_code == 200
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 200


def test_anonymous_visitors_are_sent_to_the_login_page(client, article):
    response = client.get(reverse("admin:archive_article_changelist"))
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]


def test_import_batches_show_their_errors(editor_client, page_file):
    from archive.importing import import_pages

    batch = import_pages([page_file(PAGE), page_file("", "rong.txt")])
    content = editor_client.get(reverse("admin:archive_importbatch_change", args=[batch.pk])).content.decode()
    assert "rong.txt" in content and "tệp rỗng" in content
