"""Who reaches what: staff only in the admin, editors not in user
management, sign-in attempts limited (django-axes)."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from tests.conftest import SERVED_EDITOR

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")


def sign_in(client: Client, username: str, password: str, address: str = "198.51.100.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_wrong_passwords_lock_that_user_name_from_that_address_for_a_while(editor, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()
    for _ in range(3):
        response = sign_in(client, SERVED_EDITOR[0], "sai-mật-khẩu")
    assert response.status_code == 429
    content = response.content.decode()
    assert "Đăng nhập sai quá nhiều lần" in content and "15 phút" in content
    assert response["Cache-Control"] == "no-store"
    # Even the right password is refused now, from that address...
    assert sign_in(client, *SERVED_EDITOR).status_code == 429
    assert "_auth_user_id" not in client.session
    # ...but the editor can still sign in from elsewhere, and other users from here.
    assert sign_in(Client(), *SERVED_EDITOR, address="203.0.113.9").status_code == 302
    User.objects.create_user("khac", password="mật-khẩu-khác", is_staff=True)
    assert sign_in(Client(), "khac", "mật-khẩu-khác").status_code == 302


def test_a_right_password_before_the_limit_starts_the_count_again(editor, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()
    for _ in range(2):
        assert sign_in(client, SERVED_EDITOR[0], "sai").status_code == 200  # the form again, with its error
    assert sign_in(client, *SERVED_EDITOR).status_code == 302
    client.logout()
    for _ in range(2):
        assert sign_in(client, SERVED_EDITOR[0], "sai").status_code == 200
    assert sign_in(client, *SERVED_EDITOR).status_code == 302


def test_only_signed_in_staff_reach_the_admin_and_the_import(client, editor):
    pages = [reverse("admin:index"), reverse("admin:archive_article_changelist"), reverse("admin:archive_article_add")]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(LOGIN), url
    reader = User.objects.create_user("doc-gia", password="mật-khẩu-đọc", is_staff=False)
    client.force_login(reader)
    for url in pages:
        assert client.get(url).status_code == 302, url


def test_editors_cannot_manage_users_or_groups(editor_client):
    for name in ["admin:auth_user_changelist", "admin:auth_user_add", "admin:auth_group_changelist"]:
        assert editor_client.get(reverse(name)).status_code == 403, name
    assert editor_client.get(reverse("admin:auth_user_change", args=[1])).status_code in (403, 302)


def public_views():
    """Every view of the public site and the API, with the names of its URL
    arguments (the admin is Django's own, tested below)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if getattr(pattern, "app_name", None) != "admin":
                    yield from walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                yield pattern.name, pattern.callback, list(pattern.pattern.regex.groupindex)

    return list(walk(get_resolver().url_patterns))


def test_no_public_address_takes_a_post_so_none_changes_anything(client):
    from django.test import RequestFactory

    views = public_views()
    assert len(views) >= 20
    for name, view, arguments in views:
        # GET and HEAD only (require_safe): a link, a prefetch or a crawler can change nothing.
        response = view(RequestFactory().post("/"), **dict.fromkeys(arguments, "1"))
        assert response.status_code == 405, name
    for url in ["/", "/tim-kiem/?q=dang", "/api/search?q=dang", "/tinh/", "/tim-kiem/atom", "/sitemap.xml"]:
        assert client.post(url, HTTP_HOST="127.0.0.1").status_code == 405, url


def test_every_change_in_the_admin_needs_the_csrf_token(editor):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(reverse("admin:archive_article_add"), {"title": "Không có mã CSRF"})
    assert response.status_code == 403
    response = client.post(reverse("admin:logout"))
    assert response.status_code == 403
    assert client.get(reverse("admin:logout")).status_code == 405  # signing out is a POST too
