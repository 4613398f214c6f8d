"""Admin: adding an article from a pasted or uploaded page, and purging batches."""

import re
from html import unescape

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from archive.importing import import_pages, import_text
from archive.legacy_encodings import encode_legacy
from archive.models import Article, ImportBatch
from tests.test_duplicates import page as duplicate_page
from tests.test_html_pages import ARTICLE, META
from tests.test_importing import PAGE

pytestmark = pytest.mark.django_db

FROM_PAGE = reverse("admin:archive_article_from_page")


def hidden_and_initial_fields(html: str) -> dict:
    """The review form's fields as the browser would submit them."""
    data = {}
    for name, value in re.findall(r'<input type="(?:hidden|text|url|date|time)" name="(\w+)" value="([^"]*)"', html):
        data[name] = unescape(value)
    for name, value in re.findall(r'<textarea name="(\w+)"[^>]*>\n?(.*?)</textarea>', html, re.S):
        data[name] = unescape(value)
    for name, block in re.findall(r'<select name="(\w+)"[^>]*>(.*?)</select>', html, re.S):
        selected = re.search(r'<option value="([^"]*)"[^>]*selected', block)
        data[name] = selected.group(1) if selected else ""
    return data


def test_the_changelist_offers_adding_from_a_page(editor_client):
    response = editor_client.get(reverse("admin:archive_article_changelist"))
    assert FROM_PAGE in response.content.decode()


def test_a_pasted_page_is_extracted_shown_corrected_and_saved(editor_client, editor):
    response = editor_client.get(FROM_PAGE)
    assert response.status_code == 200 and 'name="text"' in response.content.decode()

    pasted = PAGE.replace("Bài cùng chuyên mục", "Bình luận\nNguyễn Văn Nam (nvnam@example.com): Rất hay")
    response = editor_client.post(FROM_PAGE, {"text": pasted, "extract": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tỉnh ủy Kiên Giang sơ kết công tác chuẩn bị đại hội" in html  # the extracted title
    assert "nvnam@example.com" in html.split("raw-page-text", 1)[1]  # shown as removed furniture
    assert "35-CT/TW" in html and "Đại hội đại biểu Đảng bộ tỉnh lần thứ XI" in html

    data = hidden_and_initial_fields(html)
    assert data["title"] == "Tỉnh ủy Kiên Giang sơ kết công tác chuẩn bị đại hội"
    assert data["authors"] == "Quốc Tuấn"
    data.update(authors="Quốc Tuấn, Hồng Nhung", save="1")
    response = editor_client.post(FROM_PAGE, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get()
    assert response["Location"] == reverse("admin:archive_article_change", args=[article.pk])
    assert article.raw_page == pasted.replace("\n", "\n")  # exactly what was pasted
    assert article.authors == "Quốc Tuấn, Hồng Nhung" and article.edited_fields == ["authors"]
    assert article.province.short_name == "Kiên Giang" and article.documents.count() == 1
    assert article.congress_mentions.count() == 2
    assert "nvnam@example.com" not in article.body


def test_an_uploaded_legacy_encoded_html_file_is_converted(editor_client):
    html = ARTICLE.format(meta=META).replace('<meta charset="utf-8">', "")
    upload = SimpleUploadedFile("trang.html", encode_legacy(html, "VNI"), content_type="text/html")
    response = editor_client.post(FROM_PAGE, {"file": upload, "extract": "1"})
    page = response.content.decode()
    assert "VNI" in page and "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 15" in page
    data = hidden_and_initial_fields(page)
    assert data["source_url"] == "https://tinhuy.example.vn/tin-tuc/hoi-nghi-15.html"
    data["save"] = "1"
    assert editor_client.post(FROM_PAGE, data).status_code == 302
    article = Article.objects.get()
    assert (article.raw_format, article.source_encoding, article.edited_fields) == ("html", "VNI", [])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "   "}, "Hãy dán nội dung trang hoặc chọn một tệp"),
        ({"text": "Chỉ một dòng"}, "không tìm thấy nội dung bài viết dưới tiêu đề"),
        ({"file": SimpleUploadedFile("a.txt", b"\x00\x01binary")}, "tệp nhị phân, không phải văn bản"),
    ],
)
def test_unusable_input_is_explained_on_the_form(editor_client, data, message):
    response = editor_client.post(FROM_PAGE, {**data, "extract": "1"})
    assert response.status_code == 200 and message in response.content.decode()
    assert not Article.objects.exists()


def test_a_page_already_in_the_archive_is_pointed_out_and_cannot_be_saved_twice(editor_client):
    _, existing = import_text(PAGE)
    response = editor_client.post(FROM_PAGE, {"text": PAGE, "extract": "1"})
    html = response.content.decode()
    assert f"bài {existing.pk}" in html and "disabled" in html
    data = hidden_and_initial_fields(html) | {"save": "1"}
    response = editor_client.post(FROM_PAGE, data)
    assert "trang này đã có trong kho lưu trữ" in response.content.decode()
    assert Article.objects.count() == 1


def test_a_republication_is_announced_before_saving(editor_client):
    _, original = import_text(duplicate_page("Cổng TTĐT Tỉnh ủy Bến Tre"))
    response = editor_client.post(FROM_PAGE, {"text": duplicate_page("Báo Bến Tre", date="13/6/2021"), "extract": "1"})
    assert f"Nội dung lặp lại bài {original.pk}" in response.content.decode()
    data = hidden_and_initial_fields(response.content.decode()) | {"save": "1"}
    assert editor_client.post(FROM_PAGE, data).status_code == 302
    copy = Article.objects.exclude(pk=original.pk).get()
    assert copy.duplicate_of == original
    change = editor_client.get(reverse("admin:archive_article_change", args=[original.pk])).content.decode()
    assert reverse("admin:archive_article_change", args=[copy.pk]) in change  # listed as republished


def test_a_damaged_raw_page_field_is_refused(editor_client):
    response = editor_client.post(FROM_PAGE, {"save": "1", "raw_page_data": "not base64!", "title": "x"})
    assert response.status_code == 302 and not Article.objects.exists()


def test_readers_cannot_reach_the_view(client):
    assert client.get(FROM_PAGE).status_code == 302  # to the login page
    client.force_login(User.objects.create_user("reader", password="pw-reader-1", is_staff=True))
    assert client.get(FROM_PAGE).status_code == 403


def batch_with_two_articles(tmp_path):
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(PAGE.replace("Kiên Giang", "Cà Mau"), encoding="utf-8")
    return import_pages([tmp_path])


def test_a_superuser_purges_a_batch_after_confirming(admin_client, tmp_path):
    batch = batch_with_two_articles(tmp_path)
    Article.objects.filter(province__short_name="Cà Mau").update(edited_fields=["title"])
    changelist = reverse("admin:archive_importbatch_changelist")
    form = {"action": "purge", "_selected_action": [batch.pk]}
    response = admin_client.post(changelist, form)
    html = response.content.decode()
    assert response.status_code == 200 and "2 bài" in html and "1 bài trong số đó đã được sửa tay" in html
    assert Article.objects.count() == 2  # nothing happens before confirmation
    response = admin_client.post(changelist, {**form, "confirm": "yes"}, follow=True)
    assert "Đã gỡ 2 bài khỏi kho lưu trữ." in response.content.decode()
    assert not Article.objects.exists()
    assert ImportBatch.objects.get().status == ImportBatch.Status.PURGED


def test_editors_cannot_purge_and_see_batch_details(editor_client, editor, tmp_path):
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="view_importbatch"))
    batch = batch_with_two_articles(tmp_path)
    changelist = reverse("admin:archive_importbatch_changelist")
    response = editor_client.get(changelist)
    assert response.status_code == 200 and 'value="purge"' not in response.content.decode()
    editor_client.post(changelist, {"action": "purge", "_selected_action": [batch.pk], "confirm": "yes"})
    assert Article.objects.count() == 2


def test_line_ends_sent_by_a_browser_do_not_count_as_corrections(editor_client):
    response = editor_client.post(FROM_PAGE, {"text": PAGE, "extract": "1"})
    data = hidden_and_initial_fields(response.content.decode())
    data.update(body=data["body"].replace("\n", "\r\n"), save="1")
    assert editor_client.post(FROM_PAGE, data).status_code == 302
    article = Article.objects.get()
    assert article.edited_fields == [] and "\r" not in article.body


def test_a_page_near_the_size_limit_can_be_saved(editor_client):
    paragraph = "Ban Thường vụ Tỉnh ủy Kiên Giang triển khai công tác xây dựng Đảng ở cơ sở. " * 40
    # 1.2 MB: as base64 beside its body, the Save form is past Django's default 2.5 MB.
    big = PAGE.replace("Bài cùng chuyên mục", "\n\n".join([paragraph] * 300))
    response = editor_client.post(FROM_PAGE, {"file": SimpleUploadedFile("big.txt", big.encode()), "extract": "1"})
    data = hidden_and_initial_fields(response.content.decode()) | {"save": "1"}
    assert editor_client.post(FROM_PAGE, data).status_code == 302
    assert len(Article.objects.get().raw_page.encode()) > 1_200_000
