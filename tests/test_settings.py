import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def load_settings(tmp_path, **env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ARCHIVE_")}
    environment |= {"ARCHIVE_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "archive.settings", **env}
    return subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.DEBUG, settings.ALLOWED_HOSTS)"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )


GOOD_KEY = "k" * 50


def test_safe_defaults(tmp_path):
    result = load_settings(tmp_path, ARCHIVE_SECRET_KEY=GOOD_KEY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False ['127.0.0.1', 'localhost']"


def test_no_secret_key_is_refused(tmp_path):
    result = load_settings(tmp_path)
    assert result.returncode != 0
    assert "ARCHIVE_SECRET_KEY is not set" in result.stderr


def test_the_key_file_in_the_data_directory_is_used(tmp_path):
    (tmp_path / "secret_key").write_text(GOOD_KEY + "\n")
    assert load_settings(tmp_path).returncode == 0


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ARCHIVE_SECRET_KEY": "short"}, "at least 32 characters"),
        ({"ARCHIVE_DEBUG": "maybe"}, "ARCHIVE_DEBUG must be true or false, not 'maybe'"),
        ({"ARCHIVE_HTTPS": "2"}, "ARCHIVE_HTTPS must be true or false"),
        ({"ARCHIVE_ARTICLES_PER_PAGE": "many"}, "ARCHIVE_ARTICLES_PER_PAGE must be a whole number"),
        ({"ARCHIVE_ARTICLES_PER_PAGE": "0"}, "ARCHIVE_ARTICLES_PER_PAGE must be at least 1"),
        ({"ARCHIVE_IMPORT_MAX_BYTES": "10"}, "ARCHIVE_IMPORT_MAX_BYTES must be at least 1024"),
        ({"ARCHIVE_TRUSTED_PROXIES": "-1"}, "ARCHIVE_TRUSTED_PROXIES must be at least 0"),
        ({"ARCHIVE_TRUSTED_PROXIES": "nginx"}, "ARCHIVE_TRUSTED_PROXIES must be a whole number"),
        ({"ARCHIVE_SEARCH_ENGINE": "elasticsearch"}, "ARCHIVE_SEARCH_ENGINE must be one of whoosh, xapian"),
        ({"ARCHIVE_UPLOAD_TEMP_DIR": "/no/such/folder"}, "ARCHIVE_UPLOAD_TEMP_DIR is not a folder: /no/such/folder"),
        ({"DATABASE_URL": "mysql://archive@localhost/archive"}, "DATABASE_URL must be a PostgreSQL URL"),
        ({"DATABASE_URL": "postgres://archive@localhost"}, "DATABASE_URL must be a PostgreSQL URL"),
        ({"DATABASE_URL": "postgres://archive@localhost:port/archive"}, "DATABASE_URL cannot be used"),
    ],
)
def test_bad_values_fail_loudly_at_start_up(tmp_path, env, message):
    result = load_settings(tmp_path, **({"ARCHIVE_SECRET_KEY": GOOD_KEY} | env))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


def test_a_database_url_selects_postgresql_on_a_socket_or_a_host():
    from archive.settings import parse_database_url

    on_socket = parse_database_url("postgres://archive@/archive?host=/run/postgresql&port=5433")
    assert on_socket["ENGINE"] == "django.db.backends.postgresql" and on_socket["NAME"] == "archive"
    assert (on_socket["HOST"], on_socket["PORT"], on_socket["USER"]) == ("/run/postgresql", "5433", "archive")
    assert "host" not in on_socket["OPTIONS"] and on_socket["CONN_HEALTH_CHECKS"]
    on_host = parse_database_url("postgresql://archive:s%C3%A9cret@db.example:5432/archive")
    assert (on_host["HOST"], on_host["PORT"], on_host["PASSWORD"]) == ("db.example", "5432", "sécret")
