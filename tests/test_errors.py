"""Every HTTP error has its own page, in Vietnamese first, with a way back."""

import pytest
from django.urls import path

from archive.urls import urlpatterns as archive_urlpatterns

pytestmark = pytest.mark.django_db


def explode(request):
    raise RuntimeError("a bug")


urlpatterns = [*archive_urlpatterns, path("explode/", explode)]


def test_a_server_error_has_a_friendly_page_in_both_languages(client, settings):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    response = client.get("/explode/")
    content = response.content.decode()
    assert response.status_code == 500
    assert "Đã xảy ra lỗi" in content and "Server error" in content
    assert 'href="/"' in content and "a bug" not in content  # nothing of the error shown


def test_a_malformed_request_has_a_friendly_400(client):
    response = client.get("/", HTTP_HOST="bad host name")
    content = response.content.decode()
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in content and "Bad request" in content


def test_an_unknown_address_has_the_friendly_404_in_the_page_language(client):
    vietnamese = client.get("/khong-co-trang-nay/")
    assert vietnamese.status_code == 404 and "Không tìm thấy trang" in vietnamese.content.decode()
    english = client.get("/en/no-such-page/")
    assert english.status_code == 404 and "Page not found" in english.content.decode()
    assert english["Content-Language"] == "en"


def test_a_bad_filter_value_is_a_400_that_says_which(client):
    response = client.get("/tim-kiem/", {"province": "atlantis"})
    content = response.content.decode()
    assert response.status_code == 400
    assert "atlantis" in content and "Không dùng được bộ lọc này" in content


def test_error_pages_are_never_kept_by_a_cache(client):
    assert client.get("/bai/999999/")["Cache-Control"] == "no-store"
    assert client.get("/khong-co-trang-nay/")["Cache-Control"] == "no-store"
    assert client.get("/tim-kiem/", {"province": "atlantis"})["Cache-Control"] == "no-store"
