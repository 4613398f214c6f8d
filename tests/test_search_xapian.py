"""The Xapian engine's own parts, whichever engine the suite runs on: the
document layout, the query translation, exact facet counts on both sides of
the complement, the writer's all-or-nothing commit and the spelling distance.
(Every search behaviour is checked on Xapian by running the whole suite with
ARCHIVE_SEARCH_ENGINE=xapian: scripts/test does.)"""

import pytest

xapian = pytest.importorskip("xapian", reason="the optional Xapian engine is not installed (requirements-xapian.txt)")

from search import compiling, tree  # noqa: E402
from search.engines import xapian as xapian_index  # noqa: E402
from search.query import parse  # noqa: E402
from search.search_indexes import ArticleIndex  # noqa: E402


def document(number: int, **fields) -> dict:
    text = fields.pop("text", "Đại hội Đảng bộ tỉnh")
    return {
        "id": f"archive.article.{number}",
        "django_ct": "archive.article",
        "django_id": str(number),
        "text": text,
        "text_exact": text,
        "text_pairs": text,
        "text_abbreviations": text,
        "title": fields.pop("title", ""),
        "province": "kien-giang",
        "province_now": "an-giang-2025",
        "organ": "ban-tuyen-giao-kien-giang",
        "organ_kind": "ban_tuyen_giao",
        "congress": [],
        "document": [],
        "published": 20200315,
        "year": "2020",
        "version": 1000 + number,
        **fields,
    }


@pytest.fixture
def index_directory(tmp_path):
    xapian_index.create(tmp_path)
    yield tmp_path
    xapian_index.close()


def write(index_directory, documents) -> None:
    writer = xapian_index.Writer(index_directory)
    for prepared in documents:
        writer.update_document(prepared)
    writer.commit()


def test_every_field_of_the_index_has_a_place_in_the_layout():
    placed = set(xapian_index.TEXT_PREFIXES) | set(xapian_index.filter_prefixes()) | xapian_index.NOT_INDEXED
    assert placed - set(ArticleIndex().fields) == {"id", "django_ct", "django_id"}  # haystack's own
    assert set(ArticleIndex().fields) <= placed
    assert set(xapian_index._analyzers()) == set(xapian_index.TEXT_PREFIXES)


def test_a_document_holds_the_analysis_terms_filters_and_values():
    _unique, xdoc = xapian_index.make_document(
        document(7, text="Hội nghị BCH Đảng bộ", title="Hội nghị", document=["35-CT/TW"], congress=["4"])
    )
    terms = {item.term.decode() for item in xdoc.termlist()}
    assert {"Fhoi", "Fnghi", "Fdang", "Ehội", "Eđảng", "Phoi_nghi", "Pdang_bo", "ABCH", "Thoi"} <= terms
    filters = {"XPROVINCE:kien-giang", "XPROVINCE_NOW:an-giang-2025", "XORGAN_KIND:ban_tuyen_giao"}
    assert filters | {"XDOCUMENT:35-CT/TW", "XCONGRESS:4", "XYEAR:2020"} <= terms
    assert "Qarchive.article.7" in terms and xdoc.get_data() == b"7"
    assert xdoc.get_value(xapian_index.SLOT_MONTH) == b"202003"
    assert xapian.sortable_unserialise(xdoc.get_value(xapian_index.SLOT_PUBLISHED)) == 20200315


def test_every_query_the_engine_compiles_translates():
    compiled = compiling.compile_query(
        parse('"đại hội" BTV OR "ban thường vụ" -tham năm:2018-2020 tỉnh:"Kiên Giang"'),
        extra=[compiling.date_range(None, None), tree.Everything()],
        typed="đại hội BTV",
    )
    translated = str(xapian_index.translate(compiled.ranked))
    assert "AND_MAYBE" in translated and "AND_NOT" in translated and "VALUE_RANGE 0" in translated
    with pytest.raises(ValueError, match="no Xapian terms"):
        xapian_index.translate(tree.Term("body", "x"))


def test_facet_counts_are_exact_from_either_side_and_with_many_values(index_directory):
    documents = [
        document(1, province="ha-noi", province_now="ha-noi", document=["a", "b", "c", "d", "e"], congress=["1"]),
        document(2, document=["a", "e"], congress=["1", "2", "3", "4"]),
        document(3, text="Tin thể thao", published=20190000, year="2019"),
        document(4, published=0, year=""),
    ]
    write(index_directory, documents)
    view = xapian_index.open_view(index_directory)
    small = xapian_index.translate(tree.Term("text", "the"))  # one of four: counted directly
    most = xapian_index.translate(tree.Term("text", "dai"))  # three of four: counted from the complement
    (facets, years, months), count = xapian_index.count_facets(view, view.database, most)
    assert count == 3
    assert facets["document"] == {"a": 2, "e": 2, "b": 1, "c": 1, "d": 1}
    assert facets["congress"] == {"1": 2, "2": 1, "3": 1, "4": 1}
    assert facets["province"] == {"kien-giang": 2, "ha-noi": 1}
    assert years == {2020: 2} and months == {(2020, 3): 2}
    direct, direct_count = xapian_index._spied(view.database, most)
    assert (facets, years, months) == direct and count == direct_count
    (facets, years, months), count = xapian_index.count_facets(view, view.database, small)
    assert count == 1 and years == {2019: 1} and months == {} and facets["document"] == {}


def test_a_cancelled_writer_changes_nothing_and_a_second_writer_is_refused(index_directory):
    write(index_directory, [document(1)])
    holder = xapian_index.writer(index_directory)
    assert xapian_index.writer(index_directory) is None  # locked: at once, no waiting
    holder.delete_document("archive.article.1")
    holder.update_document(document(2))
    holder.cancel()
    assert xapian_index.indexed_versions(index_directory) == {1: 1001}


def test_a_rebuild_in_processes_holds_every_document(index_directory):
    batches = [[document(number) for number in range(start, start + 5)] for start in range(1, 21, 5)]
    assert xapian_index.build(index_directory, iter(batches), workers=2) == 20
    assert xapian_index.indexed_versions(index_directory) == {number: 1000 + number for number in range(1, 21)}
    assert not list(index_directory.glob("shard-*"))


def test_corrections_are_the_nearest_known_syllable(index_directory):
    write(index_directory, [document(1, text="Đảng bộ tỉnh tổ chức đại hội"), document(2, text="tổ chức")])
    view = xapian_index.open_view(index_directory)
    assert xapian_index.corrected_words(view, ["chuc", "tocs", "đaij", "xq"], 8) == {"tocs": "to", "đaij": "dai"}
    assert xapian_index._edits("dai", "dia", 2) == 1 and xapian_index._edits("abc", "xyz", 2) == 3
