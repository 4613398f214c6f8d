"""The one write path into the search index: queue, drain, rebuild, drift, recovery."""

import errno
import logging
import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from archive.importing import import_pages, purge_batch
from archive.models import Article
from search import indexing, reader, tree
from search.models import IndexQueue
from tests.conftest import DEMO_PAGES

pytestmark = pytest.mark.django_db


def indexed_ids() -> set[int]:
    return set(indexing.indexed_versions(indexing.live_path()))


def matching_ids(query) -> set[int]:
    return set(reader.run(tree.Compiled(required=query, ranked=query), per_page=100_000).ids)


def search_ids(text: str) -> set[int]:
    from search.analysis import syllables

    return matching_ids(tree.All(tuple(tree.Term("text", syllable) for syllable in syllables(text))))


@pytest.fixture
def imported(db):
    batch = import_pages([DEMO_PAGES], workers=1)
    indexing.drain()
    return batch


def test_an_import_queues_its_articles_and_a_drain_indexes_them(db):
    batch = import_pages([DEMO_PAGES], workers=1)
    assert indexing.queued() == batch.created_count == Article.objects.count()
    assert indexing.drain() == batch.created_count
    assert indexed_ids() == set(Article.objects.values_list("pk", flat=True))
    assert indexing.queued() == 0 and not IndexQueue.objects.exists()
    assert indexing.drift().total == 0


def test_an_edit_is_searchable_once_its_transaction_commits(imported, django_capture_on_commit_callbacks):
    article = Article.objects.order_by("pk").first()
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Hội thảo về kinh tế tuần hoàn"
        article.save()
    assert article.pk in search_ids("kinh te tuan hoan")
    assert indexing.drift().total == 0


def test_a_deleted_article_leaves_the_index(imported, django_capture_on_commit_callbacks):
    article = Article.objects.order_by("pk").first()
    pk = article.pk
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert pk not in indexed_ids()


def test_purging_a_batch_removes_its_articles_from_the_index_too(imported, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        purge_batch(imported)
    assert indexed_ids() == set()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_queued_change_that_commits_after_a_later_one_still_reaches_the_index():
    """On PostgreSQL, queue rows are seen in the order their transactions
    commit: row 11 can be seen while row 10's transaction is still open. A
    drain then indexes row 11 at once but must not move its cursor past 10."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one transaction write at a time: queue rows are seen in the order they are numbered")
    first = Article.objects.create(title="Bài thứ nhất", body="Nội dung bài thứ nhất.")
    second = Article.objects.create(title="Bài thứ hai", body="Nội dung bài thứ hai.")
    indexing.drain()
    queued, may_commit = threading.Event(), threading.Event()

    def slow_edit():
        try:
            with transaction.atomic():
                article = Article.objects.get(pk=first.pk)
                article.title = "Hội nghị về chuyển đổi số"
                article.save()  # queued: the lower row number, not yet committed
                queued.set()
                assert may_commit.wait(timeout=30)
        finally:
            connection.close()

    editor = threading.Thread(target=slow_edit)
    editor.start()
    try:
        assert queued.wait(timeout=30)
        second.title = "Hội thảo về kinh tế tuần hoàn"
        second.save()  # queued after, committed first, drained on commit
        assert second.pk in search_ids("kinh te tuan hoan")
        assert indexing.queued() >= 1  # the cursor stayed below the open transaction's row
    finally:
        may_commit.set()
        editor.join(timeout=30)
    indexing.drain()
    assert first.pk in search_ids("chuyen doi so")
    assert indexing.drift().total == 0 and indexing.queued() == 0


def test_drift_is_found_and_repaired(imported):
    first, second = Article.objects.order_by("pk").values_list("pk", flat=True)[:2]
    writer = indexing.open_writer(indexing.live_path())
    writer.delete_document(f"archive.article.{first}")
    writer.commit()
    # Changed behind the signals' back: the index's entry is out of date.
    Article.objects.filter(pk=second).update(title="Đổi thẳng trong cơ sở dữ liệu", updated_at=timezone.now())
    found = indexing.drift()
    assert (found.missing, found.extra, found.stale) == ([first], [], [second])
    indexing.repair()
    assert indexing.drift().total == 0
    assert second in search_ids("doi thang trong co so du lieu")


def test_a_rebuild_swaps_in_a_new_index_while_the_old_one_answers(imported):
    view = reader.reader()
    old_path = view.path
    report = indexing.rebuild()
    assert report.articles == Article.objects.count()
    assert indexing.live_path() == report.path != old_path
    assert view.doc_count() == Article.objects.count()  # an open searcher keeps answering
    assert reader.reader().path == report.path  # the next search uses the new index
    assert indexing.drift().total == 0


def test_edits_queued_during_a_rebuild_reach_the_new_index(imported, monkeypatch):
    article = Article.objects.order_by("pk").first()
    real_documents = indexing.documents

    def edit_while_building(articles):
        documents = real_documents(articles)
        if indexing.building_path() and not getattr(edit_while_building, "done", False):
            edit_while_building.done = True
            Article.objects.filter(pk=article.pk).update(title="Tin sửa trong lúc dựng lại chỉ mục")
            indexing.enqueue([article.pk], drain_now=False)
            indexing.drain()  # the live index takes it; the row stays for the new one
        return documents

    monkeypatch.setattr(indexing, "documents", edit_while_building)
    indexing.rebuild()
    assert article.pk in search_ids("dung lai chi muc")
    assert not IndexQueue.objects.exists()


def test_a_damaged_index_keeps_the_last_good_searcher_and_says_what_to_run(imported, caplog, settings):
    good = reader.reader()
    path = indexing.live_path()
    if settings.SEARCH_ENGINE == "xapian":
        (path / "xapian" / "iamglass").write_bytes(b"\x00\x01")
    else:
        for toc in path.glob("_MAIN_*.toc"):
            toc.write_bytes(toc.read_bytes()[:3])
        # A new generation appears, so the engine tries to reopen.
        (path / "_MAIN_999.toc").write_bytes(b"\x00\x01")
    with caplog.at_level(logging.ERROR, logger="search.reader"):
        assert reader.reader() is good
    assert "search_index --rebuild" in caplog.text


def test_a_missing_index_is_reported_not_created_by_the_reader(db):
    with pytest.raises(indexing.SearchUnavailable, match="search_index --rebuild"):
        reader.reader()
    assert indexing.live_path() is None


def test_a_second_writer_returns_at_once_and_the_holder_applies_its_rows(imported):
    article = Article.objects.order_by("pk").first()
    holder = indexing.open_writer(indexing.live_path())
    try:
        Article.objects.filter(pk=article.pk).update(title="Bài chờ chỉ mục")
        indexing.enqueue([article.pk], drain_now=False)
        assert indexing.drain() == 0  # locked: returns, never waits
    finally:
        holder.cancel()
    assert indexing.drain() == 1
    assert article.pk in search_ids("bai cho chi muc")


def test_an_index_built_by_another_analysis_version_is_refused_until_rebuilt(imported):
    (indexing.live_path() / indexing.VERSION_FILE).write_text("0")
    with pytest.raises(indexing.SearchUnavailable, match="built differently"):
        reader.reader()
    indexing.rebuild()
    assert reader.reader().doc_count() == Article.objects.count()


def citing(number: str) -> set[int]:
    return matching_ids(tree.Term("document", number))


def test_changes_made_from_the_document_side_reach_the_index(imported, django_capture_on_commit_callbacks):
    from archive.models import Document

    document = Document.objects.filter(articles__isnull=False).first()
    article_id = document.articles.values_list("pk", flat=True).first()
    with django_capture_on_commit_callbacks(execute=True):
        Document.objects.filter(pk=document.pk).update(number="9999-CT/TW")  # no signal: repaired below
        document.refresh_from_db()
        document.save()  # a renumbering in the admin
    assert article_id in citing("9999-CT/TW")
    with django_capture_on_commit_callbacks(execute=True):
        document.articles.clear()
    assert article_id not in citing("9999-CT/TW")
    with django_capture_on_commit_callbacks(execute=True):
        document.articles.add(article_id)
    with django_capture_on_commit_callbacks(execute=True):
        document.delete()
    assert article_id not in citing("9999-CT/TW")
    assert indexing.drift().total == 0


def test_renaming_a_merged_province_requeues_its_predecessors_articles(imported, django_capture_on_commit_callbacks):
    from archive.models import Province

    merged = Province.objects.get(slug="an-giang-2025")
    predecessors_articles = set(Article.objects.filter(province__successors=merged).values_list("pk", flat=True))
    assert predecessors_articles
    with django_capture_on_commit_callbacks(execute=True):
        merged.name = merged.short_name = "Hậu Châu"
        merged.save()
    for article_id in predecessors_articles:
        assert article_id in search_ids("hau chau")


def test_drift_compares_content_so_a_change_without_a_signal_is_found(imported):
    from archive.models import CongressMention

    mention = CongressMention.objects.first()
    CongressMention.objects.filter(pk=mention.pk).delete()  # a queryset delete sends signals; raw SQL does not
    indexing.drain()
    from django.db import connection

    with connection.cursor() as cursor:  # as the importer's raw link inserts do
        cursor.execute(
            "INSERT INTO archive_congressmention (article_id, congress_id, surface) VALUES (%s, %s, %s)",
            [mention.article_id, mention.congress_id, mention.surface],
        )
    assert indexing.drift().stale == [mention.article_id]
    indexing.repair()
    assert indexing.drift().total == 0


def test_a_rebuild_that_died_neither_stops_the_queue_nor_the_next_rebuild(imported):
    dead = indexing._new_directory()  # as a killed rebuild leaves it: a building link, no lock held
    indexing._point(indexing.BUILDING, dead)
    article = Article.objects.order_by("pk").first()
    Article.objects.filter(pk=article.pk).update(title="Sau khi dựng lại bị dừng")
    indexing.enqueue([article.pk], drain_now=False)
    indexing.drain()
    assert not IndexQueue.objects.exists()  # pruned: the dead directory is not waited for
    indexing.rebuild()
    assert not dead.exists() and indexing.building_path() is None
    assert article.pk in search_ids("dung lai bi dung")


def test_two_rebuilds_at_once_are_refused(imported, monkeypatch):
    import fcntl

    with open(indexing.index_root() / indexing.REBUILD_LOCK, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        lock.write("4242")  # the holder's process id, as a rebuild records it
        lock.flush()
        # Another open file description, as another process would have.
        with pytest.raises(indexing.SearchUnavailable, match=r"\b4242\)"):
            indexing.rebuild()


@pytest.mark.parametrize(
    ("code", "reason"), [(errno.ENOSPC, "No space left on device"), (errno.EROFS, "Read-only file system")]
)
def test_a_full_disk_says_what_to_do_and_loses_nothing(
    imported, monkeypatch, caplog, django_capture_on_commit_callbacks, code, reason
):
    """Writing the index fails as on a full disk or a read-only folder (the
    suite runs as root, whom file modes do not stop, so the failure is made):
    the edit is kept and stays queued, the index in use answers as before,
    the operator is told what happened and what to do; once the folder can
    be written again, the queued change goes in."""
    from django.core.management import call_command
    from django.core.management.base import CommandError

    article = Article.objects.order_by("pk").first()
    live = indexing.live_path()

    def no_space(*args, **kwargs):
        raise OSError(code, reason)

    monkeypatch.setattr(indexing, "documents", no_space)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        article.title = "Hội thảo về kinh tế tuần hoàn"
        article.save()
    assert Article.objects.get(pk=article.pk).title == "Hội thảo về kinh tế tuần hoàn"  # the edit is kept
    assert "changes stay queued" in caplog.text and indexing.queued() == 1
    assert article.pk not in search_ids("kinh te tuan hoan") and search_ids("dai hoi")  # the index still answers
    for command in ["--drain", "--rebuild"]:
        with pytest.raises(CommandError, match=reason) as refused:
            call_command("search_index", command)
        assert "hàng đợi" in str(refused.value) or "queued" in str(refused.value)
    assert indexing.live_path() == live and indexing.building_path() is None  # nothing half-built left in use

    monkeypatch.undo()  # room again
    call_command("search_index", "--drain", verbosity=0)
    assert article.pk in search_ids("kinh te tuan hoan") and indexing.drift().total == 0


def test_a_fresh_archive_s_empty_index_is_searched_and_checked(db):
    """A new archive's index holds no segment yet, which Whoosh reads
    through a reader without columns: searching it finds nothing, and the
    check finds nothing wrong, rather than failing."""
    indexing.rebuild()
    assert search_ids("dai hoi") == set()
    assert indexing.drift().total == 0


def test_an_index_laid_out_by_other_fields_is_refused_until_rebuilt(imported, monkeypatch):
    # A facet added to the table is a field added to the index document: an
    # index built before it is refused (one line saying what to run), never
    # read with a field or a slot missing.
    from search.fields import FacetValues

    before = indexing.index_version()
    fields = {**indexing.article_index().fields, "added": FacetValues()}
    monkeypatch.setattr(type(indexing.article_index()), "fields", fields, raising=False)
    assert indexing.index_version() != before
    with pytest.raises(indexing.SearchUnavailable, match="search_index --rebuild"):
        indexing.check_index(indexing.live_path())


def test_a_freshness_check_that_fails_keeps_the_last_good_reader(imported, monkeypatch):
    from search.engines import configured

    good = reader.reader()

    def failing(view, path):
        raise OSError("stale file handle")

    monkeypatch.setattr(configured.engine(), "fresh", failing)
    assert reader.reader() is good
