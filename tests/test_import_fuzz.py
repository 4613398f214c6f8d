"""Any input file gives pages or problems a person can read, never an
exception: hostile zip entry names, JSON Lines of any shape and depth, WARC
files cut or damaged at any byte. The fuzzing of the search box
(test_search_hostile, test_search_costs), aimed at the importer."""

import io
import json
import zipfile

import pytest
from django.utils import translation
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from archive.importing.sources import SourcePage, SourceProblem, read_file
from tests.test_importing import PAGE

# What a reason must never be: Python's own words about its own failure.
INTERNAL = ("Traceback", "object has no attribute", "RecursionError", "NoneType", "Errno", "codec can't")

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def read_all(path) -> list[SourcePage | SourceProblem]:
    with translation.override("en"):
        items = list(read_file(path))
    for item in items:
        assert isinstance(item, SourcePage | SourceProblem), item
        if isinstance(item, SourceProblem):
            assert item.reason and not any(word in item.reason for word in INTERNAL), item.reason
    return items


# Names as tools write them, hostile or not, and any text (but NUL, at which zipfile cuts a name).
PARTS = st.sampled_from(["..", ".", "a", "tin", "C:", "c:", "", " ", "trang.txt", "bài.html", "~", "%2e%2e"])
ENTRY_NAMES = st.lists(PARTS, min_size=1, max_size=5).flatmap(
    lambda parts: st.sampled_from(["/", "\\"]).map(lambda slash: slash.join(parts))
) | st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=30)


@FUZZ
@given(names=st.lists(ENTRY_NAMES, min_size=1, max_size=6, unique=True))
def test_any_zip_entry_names_are_read_or_explained(tmp_path_factory, names):
    path = tmp_path_factory.mktemp("zip") / "pages.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name in names:
            archive.writestr(name + ".txt", PAGE)
    items = read_all(path)
    for item in items:
        if isinstance(item, SourcePage):
            inner = item.name.split("pages.zip/", 1)[-1]
            # A page read from an entry never names a place outside the archive.
            assert not inner.startswith(("/", "\\")) and ".." not in inner.replace("\\", "/").split("/"), inner


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)
LINES = st.one_of(
    JSON_VALUES.map(json.dumps),
    st.fixed_dictionaries({"text": st.text(max_size=50)}, optional={"url": st.text(max_size=30)}).map(json.dumps),
    st.integers(min_value=1, max_value=200_000).map(lambda depth: "[" * depth + "]" * depth),
    st.integers(min_value=1, max_value=200_000).map(lambda depth: '{"a":' * depth),
    st.integers(min_value=5_000, max_value=20_000).map(lambda digits: "1" * digits),
    st.text(max_size=40),
)


@FUZZ
@given(lines=st.lists(LINES, min_size=1, max_size=8))
@example(lines=["\x1f", "\x1f"])  # text to Python, not blank to JSON
@example(lines=["a\nb", "\x85"])
def test_any_json_lines_are_read_or_explained(tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("jsonl") / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    items = read_all(path)
    # At most one item per line the reader sees: lines end at b"\n" only, and
    # a blank line is one of ASCII whitespace (JSON's own; "\x1f" or "\x85" is
    # text that is not JSON, and so a problem).
    read_lines = [line for line in path.read_bytes().split(b"\n") if line.strip()]
    assert len(items) <= len(read_lines)


def _warc(path, pages: list[bytes]):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=path.name.endswith(".gz"))
        for number, html in enumerate(pages):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                f"https://tinhuy.example.vn/tin/{number}.html",
                "response",
                payload=io.BytesIO(html),
                http_headers=headers,
            )
            writer.write_record(record)
    return path.read_bytes()


PAGES = [f"<html><body><h1>Tin {n}</h1><p>{PAGE}</p></body></html>".encode() for n in range(3)]


@pytest.fixture(scope="module")
def warcs(tmp_path_factory) -> dict[str, bytes]:
    """Three records, written once: gzip stamps the time, and each example must start from the same bytes."""
    folder = tmp_path_factory.mktemp("whole")
    return {name: _warc(folder / name, PAGES) for name in ("crawl.warc", "crawl.warc.gz")}


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
@FUZZ
@given(data=st.data())
def test_a_warc_cut_or_damaged_anywhere_never_gives_a_partial_page(tmp_path_factory, warcs, name, data):
    folder = tmp_path_factory.mktemp("warc")
    whole = warcs[name]
    cut = data.draw(st.integers(min_value=0, max_value=len(whole)), label="cut at")
    damaged = bytearray(whole[:cut])
    for _ in range(data.draw(st.integers(min_value=0, max_value=3), label="bytes changed")):
        if damaged:
            position = data.draw(st.integers(min_value=0, max_value=len(damaged) - 1))
            damaged[position] = data.draw(st.integers(min_value=0, max_value=255))
    path = folder / name
    path.write_bytes(bytes(damaged))
    for item in read_all(path):
        if isinstance(item, SourcePage) and bytes(damaged) == whole[:cut]:
            # Only cut, not changed: a page read is a whole page, never its beginning.
            assert item.raw.encode() in PAGES, item.raw[-60:]
