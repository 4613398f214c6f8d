from io import StringIO

import pytest
from django.core.management import call_command

from archive import gazetteer


@pytest.mark.django_db
def test_models_and_migrations_agree():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_gazetteer_file_is_consistent():
    gaz = gazetteer.load()
    assert len(gaz.legacy()) == 63 and len(gaz.current()) == 34
    merged = [p for p in gaz.legacy() if p.valid_to is not None]
    assert len(merged) == 63 - 11
    assert all(p.slug in gaz.successor_of for p in merged)
    assert all(gaz.places[new].valid_from == gaz.merger_effective for new in gaz.successor_of.values())
    assert len({p.code for p in gaz.legacy()}) == 63
    assert len(gaz.districts) > 600 and len(gaz.current_wards) > 3000


def test_province_in_force_on_a_date():
    gaz = gazetteer.load()
    assert gaz.in_force("kien-giang", None) == "kien-giang"
    assert gaz.in_force("kien-giang", gaz.last_legacy_day) == "kien-giang"
    assert gaz.in_force("kien-giang", gaz.merger_effective) == "an-giang-2025"
    assert gaz.in_force("nghe-an", gaz.merger_effective) == "nghe-an"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_articles_sharing_a_source_url_before_it_became_unique_keep_it_in_their_metadata():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate([("archive", "0002_load_provinces")])
    Article = executor.loader.project_state([("archive", "0002_load_provinces")]).apps.get_model("archive", "Article")
    url = "https://tinhuy.example.vn/a.html"
    first = Article.objects.create(title="Bài một", source_url=url)
    second = Article.objects.create(title="Bài hai", source_url=url)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    from archive.models import Article as CurrentArticle

    assert CurrentArticle.objects.get(pk=first.pk).source_url == url
    moved = CurrentArticle.objects.get(pk=second.pk)
    assert moved.source_url == "" and moved.source_metadata == {"source_url_shared_with_an_older_article": url}
