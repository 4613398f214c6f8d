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


def test_a_rejected_next_lands_on_the_admin_not_a_missing_page(editor):
    for unsafe in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        client = Client()
        response = client.post(
            LOGIN + "?next=" + unsafe, {"username": SERVED_EDITOR[0], "password": SERVED_EDITOR[1], "next": unsafe}
        )
        assert response.status_code == 302, unsafe
        assert response["Location"] == reverse("admin:index"), unsafe
        assert client.get(response["Location"]).status_code == 200
    # A safe next is still followed.
    response = Client().post(LOGIN, {"username": SERVED_EDITOR[0], "password": SERVED_EDITOR[1], "next": "/tinh/"})
    assert response["Location"] == "/tinh/"


# Behind the TLS proxy the README describes, every request arrives from the
# proxy's address: the client's own is in X-Forwarded-For, which only a proxy
# the operator declares (ARCHIVE_TRUSTED_PROXIES) may be believed about.
PROXY = "10.0.0.2"


def sign_in_through_proxy(client: Client, username: str, password: str, forwarded: str):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded
    )


def test_behind_a_declared_proxy_a_locked_address_is_the_clients_own(editor, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.TRUSTED_PROXIES = 1
    for _ in range(3):
        response = sign_in_through_proxy(Client(), SERVED_EDITOR[0], "sai", "198.51.100.7")
    assert response.status_code == 429
    # The same user through the same proxy from another client is not locked out...
    assert sign_in_through_proxy(Client(), *SERVED_EDITOR, "203.0.113.9").status_code == 302
    # ...and the attacker cannot get round the lock by writing a header of its own:
    # the proxy appends the address it saw, the right-most one.
    forged = sign_in_through_proxy(Client(), *SERVED_EDITOR, "203.0.113.9, 198.51.100.7")
    assert forged.status_code == 429


def test_without_a_declared_proxy_the_header_is_ignored(editor, settings):
    settings.AXES_FAILURE_LIMIT = 3
    assert settings.TRUSTED_PROXIES == 0
    for number in range(3):
        # A different forged header each time: it must not spread the count over "addresses".
        response = sign_in_through_proxy(Client(), SERVED_EDITOR[0], "sai", f"192.0.2.{number}")
    assert response.status_code == 429
    assert sign_in_through_proxy(Client(), *SERVED_EDITOR, "203.0.113.9").status_code == 429


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "198.51.100.7", PROXY),
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "6.6.6.6, 198.51.100.7", "198.51.100.7"),
        (2, "198.51.100.7, 10.0.0.9", "198.51.100.7"),
        (2, "10.0.0.9", PROXY),  # fewer entries than proxies: not through them all
        (1, "not-an-address", PROXY),
        (1, "", PROXY),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_address_behind_trusted_proxies(settings, rf, proxies, forwarded, expected):
    from archive.proxies import client_address

    settings.TRUSTED_PROXIES = proxies
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected
