"""The bulk writer builds the same index as Whoosh's own writer, only faster."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import index as whoosh_index

from archive.importing import import_pages
from search import indexing, reader
from search.engines import whoosh
from search.engines import whoosh_bulk as bulk_writer
from search.engines.whoosh import abbreviation_analyzer, exact_analyzer, folded_analyzer, pair_analyzer, terms
from search.search_indexes import indexable_articles
from tests.conftest import DEMO_PAGES

pytestmark = [pytest.mark.django_db, pytest.mark.whoosh]


@pytest.fixture
def demo_documents() -> list[dict]:
    import_pages([DEMO_PAGES])
    documents = indexing.documents(indexable_articles().order_by("pk"))
    return [whoosh.prepared(document) for document in documents]


def new_index(tmp_path, name: str):
    schema = whoosh.schema()
    path = tmp_path / name
    path.mkdir()
    return whoosh_index.create_in(str(path), schema)


def postings(reader) -> dict:
    """Every term's statistics and postings, by (field, term)."""
    found = {}
    for fieldname, text in reader.all_terms():
        info = reader.term_info(fieldname, text)
        matcher = reader.postings(fieldname, text)
        listed = []
        while matcher.is_active():
            listed.append((matcher.id(), matcher.weight(), matcher.value()))
            matcher.next()
        statistics = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length(), info.max_weight())
        found[(fieldname, text)] = (statistics, listed)
    return found


def test_an_index_built_in_bulk_reads_back_identical_to_whooshs_own(tmp_path, demo_documents):
    ours, theirs = new_index(tmp_path, "bulk"), new_index(tmp_path, "whoosh")
    assert bulk_writer.build(ours, [demo_documents[:20], demo_documents[20:]]) == len(demo_documents)
    writer = theirs.writer()
    for document in demo_documents:
        writer.add_document(**document)
    writer.commit()
    ours, theirs = ours.reader(), theirs.reader()
    assert postings(ours) == postings(theirs)
    for name in ours.schema.scorable_names():
        assert ours.field_length(name) == theirs.field_length(name)
        assert [ours.doc_field_length(n, name) for n in range(len(demo_documents))] == [
            theirs.doc_field_length(n, name) for n in range(len(demo_documents))
        ]
    assert list(ours.all_stored_fields()) == list(theirs.all_stored_fields())
    for name in ours.schema.names():
        if ours.has_column(name):
            assert list(ours.column_reader(name)) == list(theirs.column_reader(name)), name


def documents_by_term(reader) -> dict:
    """(field, term) -> the article ids found there: the same whatever the segments and docnums."""
    ids = {docnum: fields["django_id"] for docnum, fields in reader.iter_docs()}
    found = {}
    for fieldname, text in reader.all_terms():
        found[(fieldname, text)] = sorted(ids[docnum] for docnum in reader.postings(fieldname, text).all_ids())
    return found


def test_several_processes_and_segments_index_the_same_terms(tmp_path, demo_documents, monkeypatch):
    monkeypatch.setattr(bulk_writer, "SEGMENT_DOCUMENTS", 4)
    one, several = new_index(tmp_path, "one"), new_index(tmp_path, "several")
    bulk_writer.build(one, [demo_documents])
    batches = [demo_documents[start : start + 3] for start in range(0, len(demo_documents), 3)]
    done = []
    assert bulk_writer.build(several, batches, workers=2, progress=done.append) == len(demo_documents)
    assert done[-1] == len(demo_documents) and done == sorted(done)
    assert len(several._segments()) >= len(demo_documents) // 4
    # Separate files: a searcher would copy a compound segment into memory whole.
    assert not any(segment.compound for segment in several._segments())
    assert documents_by_term(several.reader()) == documents_by_term(one.reader())


def test_a_failing_process_fails_the_build_and_commits_nothing(tmp_path, demo_documents):
    ix = new_index(tmp_path, "failing")
    broken = [{**demo_documents[0], "no_such_field": "x"}]
    with pytest.raises(RuntimeError, match="no_such_field"):
        bulk_writer.build(ix, [demo_documents[1:3], broken], workers=2)
    assert ix.doc_count_all() == 0
    bulk_writer.build(ix, [demo_documents[:3]])  # the index is not left locked
    assert whoosh_index.open_dir(ix.storage.folder).doc_count() == 3


def test_a_rebuild_in_several_processes_is_searchable(demo_documents, monkeypatch, settings):
    settings.INDEX_WORKERS = 2
    monkeypatch.setattr(indexing, "PARALLEL_FROM", 1)
    monkeypatch.setattr(bulk_writer, "SEGMENT_DOCUMENTS", 10)
    report = indexing.rebuild()
    assert report.articles == len(demo_documents)
    assert len(whoosh_index.open_dir(str(report.path))._segments()) >= 4
    from tests.test_search import run

    assert run("dai hoi dang bo").count >= 5
    assert indexing.drift().total == 0
    reader.close()


TEXTS = st.text(
    alphabet=st.sampled_from(
        list("aăâbcdđeêghiklmnoôơpqrstuưvxyAĐTUBVHNáàảãạếềểễệọộớờởỡợ _-.,\n\t0123456789\u0301\u0323")
    ),
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_the_analyzers_words_are_their_tokens(text):
    for analyzer in (folded_analyzer(), exact_analyzer(), pair_analyzer(), abbreviation_analyzer()):
        assert analyzer.words(text) == terms(analyzer, text), (analyzer, text)
