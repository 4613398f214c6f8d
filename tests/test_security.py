"""The headers every response carries, and Django's deployment checks in the
configuration scripts/serve runs."""

import os
import subprocess
import sys

import pytest
from django.urls import reverse

from archive.models import Article
from tests.conftest import ROOT

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, list[str]]:
    directives = [part.split() for part in response["Content-Security-Policy"].split(";") if part.strip()]
    return {name: values for name, *values in directives}


def test_every_kind_of_page_forbids_inline_and_foreign_script(client, editor_client):
    article = Article.objects.create(title="Đại hội", body="Nội dung.")
    public = [
        "/",
        "/tim-kiem/?q=dai+hoi",
        f"/bai/{article.pk}/",
        "/tinh/",
        "/ban-do/",
        "/api/search?q=dai",
        "/khong-co/",
    ]
    for url in public:
        response = client.get(url, HTTP_HOST="127.0.0.1")
        found = policy(response)
        assert found["script-src"] == ["'self'"], url  # no 'unsafe-inline', no other host
        assert found["object-src"] == ["'none'"] and found["frame-ancestors"] == ["'none'"], url
        assert found["base-uri"] == ["'self'"] and found["form-action"] == ["'self'"], url
        assert "'unsafe-inline'" not in found["style-src"], url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["X-Frame-Options"] == "DENY", url
        assert response["Referrer-Policy"] == "same-origin", url
    admin = editor_client.get(reverse("admin:archive_article_change", args=[article.pk]))
    assert policy(admin)["script-src"] == ["'self'"]


@pytest.mark.parametrize("https", ["false", "true"])
def test_the_deployment_checks_pass_in_the_served_configuration(tmp_path, https):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ARCHIVE_", "DJANGO_"))}
    env |= {
        "ARCHIVE_DATA_DIR": str(tmp_path),
        "ARCHIVE_SECRET_KEY": "a-served-key-made-with-secrets-token-urlsafe-0123456789",
        "ARCHIVE_HTTPS": https,
        "DJANGO_SETTINGS_MODULE": "archive.settings",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout
