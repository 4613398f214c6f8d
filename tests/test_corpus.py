"""The benchmark corpus generator (scripts/corpus.py): deterministic, well-formed
pages whose known truth the extractor finds again."""

import functools
import importlib.util
import json
import re
import sys
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest

from archive import gazetteer
from archive.extract import dates, extract_page
from archive.importing import extract_source
from archive.vocabulary import ORGAN_KINDS

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


def load_corpus():
    spec = importlib.util.spec_from_file_location("corpus", SCRIPTS / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["corpus"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


corpus = load_corpus()

SCANNED = 600  # articles looked through to choose the extraction samples


def byline_organ_words(article) -> int:
    """Words after the names in the byline: "Diệu Nhi, Đảng ủy Khối … tỉnh Bà Rịa - Vũng Tàu" -> 15."""
    line, names = article.layout.byline_line, " - ".join(article.authors)
    return len(line[len(names) :].strip(" ,-()").split()) if line.startswith(names) else 0


def has_overlong_byline_organ(article) -> bool:
    """A byline whose organ part runs past 14 words (tested on its own below)."""
    return byline_organ_words(article) > 14


def features(article) -> set[str]:
    """The shapes of a page that extraction must cope with."""
    layout = article.layout
    found = {f"date:{layout.date_format}", f"byline:{layout.byline_format}", f"organ-from:{layout.organ_evidence}"}
    flags = {
        "byline-at-top": layout.byline_at_top,
        "date-above-title": layout.date_above_title,
        "title-repeated": layout.title_in_body,
        "glued-tail": layout.glued_tail,
        "new-tones": layout.new_tones,
        "blank-lines": layout.blank_lines,
        "reader-comment": layout.comment is not None,
        "comments-first": layout.furniture_order == "comments-first",
        "rubric": bool(article.rubric),
        "no-time": article.published_time is None,
        "after-merger": article.published >= corpus.MERGER,
        "city": gazetteer.load().places[article.province_slug].kind == "city",
        "needs-prefix": gazetteer.load().places[article.province_slug].needs_prefix,
        "congresses": bool(article.congresses),
        "documents": bool(article.documents),
        "markers": bool(article.markers),
        "long-byline": len(layout.byline_line.split()) > 14,
    }
    return found | {name for name, present in flags.items() if present}


@functools.cache
def scanned(count: int = SCANNED) -> list:
    return list(corpus.generate(count))


def choose_samples(count: int = 40) -> list[int]:
    """The first article showing each feature, then the first others, up to ``count``."""
    readable = [a for a in scanned() if not has_overlong_byline_organ(a)]
    chosen: list[int] = []
    seen: set[str] = set()
    for article in readable:
        if features(article) - seen:
            chosen.append(article.index)
            seen |= features(article)
    chosen += [a.index for a in readable if a.index not in chosen][: max(0, count - len(chosen))]
    return sorted(chosen)


SAMPLES = choose_samples()
# Rare (a long organ name and a three-part province name): looked for further.
OVERLONG_BYLINE_ORGANS = [a.index for a in scanned(2000) if has_overlong_byline_organ(a)][:3]
ALL_FEATURES = (
    {f"date:{form}" for form in ("tick", "cap-nhat", "ngay-dang", "pipe", "weekday-gmt", "dang-luc", "weekday", "ngay")}
    | {f"byline:{form}" for form in ("paren", "dash", "comma-province", "glued", "names", "prefixed")}
    | {f"organ-from:{where}" for where in ("byline", "lead", "site")}
    | {"byline-at-top", "date-above-title", "title-repeated", "glued-tail", "new-tones", "blank-lines"}
    | {"reader-comment", "comments-first", "rubric", "no-time", "after-merger", "city", "needs-prefix"}
    | {"congresses", "documents", "markers", "long-byline"}
)


@functools.cache
def extracted(index: int):
    article = corpus.generate_one(index)
    return article, extract_page(corpus.render_text(article))


# --- the generator itself ---------------------------------------------------------


def test_same_seed_gives_the_same_bytes_and_another_seed_other_bytes(tmp_path):
    first = corpus.write_folder(tmp_path / "a", 12, seed=7)
    second = corpus.write_folder(tmp_path / "b", 12, seed=7)
    other = corpus.write_folder(tmp_path / "c", 12, seed=8)
    assert [p.name for p in first] == [p.name for p in second]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(first, second, strict=True))
    assert not any(a.read_bytes() == c.read_bytes() for a, c in zip(first, other, strict=True))
    corpus.write_jsonl(tmp_path / "a.jsonl", 12, seed=7)
    corpus.write_jsonl(tmp_path / "b.jsonl", 12, seed=7)
    corpus.write_jsonl(tmp_path / "c.jsonl", 12, seed=8)
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()
    assert (tmp_path / "a.jsonl").read_bytes() != (tmp_path / "c.jsonl").read_bytes()


def test_worker_processes_write_the_same_files(tmp_path):
    alone = corpus.write_folder(tmp_path / "one", 260, seed=2)
    shared = corpus.write_folder(tmp_path / "two", 260, seed=2, workers=2)
    assert [p.name for p in alone] == [p.name for p in shared]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(alone, shared, strict=True))


def test_a_smaller_corpus_is_the_start_of_a_larger_one():
    small = [corpus.render_text(a) for a in corpus.generate(5, seed=3)]
    large = [corpus.render_text(a) for a in corpus.generate(20, seed=3)]
    assert small == large[:5]


def test_bodies_are_2_to_8_kb_of_paragraphs():
    for article in scanned():
        size = len(article.body.encode("utf-8"))
        assert corpus.BODY_MIN_BYTES <= size <= corpus.BODY_MAX_BYTES, (article.index, size)
        assert len(article.paragraphs) >= 2
        assert all("\n" not in paragraph for paragraph in article.paragraphs)


def test_everything_is_nfc_vietnamese():
    for article in scanned()[:150]:
        for text in (corpus.render_text(article), corpus.render_html(article), article.title, *article.authors):
            assert unicodedata.is_normalized("NFC", text)
    assert all("Đảng" in a.body for a in scanned()[:20])


def test_urls_are_stable_unique_and_fictional():
    urls = [a.url for a in scanned()]
    assert len(set(urls)) == len(urls)
    pattern = re.compile(r"^https://tinhuy-[a-z0-9-]+\.example\.vn/tin-tuc/[a-z0-9-]+-\d+\.html$")
    assert all(pattern.match(url) for url in urls)
    assert corpus.generate_one(5).url == scanned()[5].url


def test_dates_provinces_and_organs_are_consistent():
    gaz = gazetteer.load()
    for article in scanned():
        assert corpus.FIRST_DAY <= article.published <= corpus.LAST_DAY
        place = gaz.places[article.province_slug]
        # The province in force on the day: a legacy one before 1 July 2025.
        assert place.valid_on(article.published), (article.index, article.province_slug, article.published)
        assert place.short_name == article.province
        assert article.organ_kind in ORGAN_KINDS
    years = {a.published.year for a in scanned()}
    assert min(years) == 2010 and max(years) == 2025
    assert {a.published_time is None for a in scanned()} == {True, False}


def test_marker_counts_are_the_counts_in_the_bodies():
    articles = list(corpus.generate(1200))
    counts = corpus.marker_counts(1200)
    assert set(counts) == set(corpus.MARKERS)
    for word, count in counts.items():
        pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
        in_bodies = [len(pattern.findall(a.body)) for a in articles]
        assert count.occurrences == sum(in_bodies), word
        assert count.articles == sum(1 for n in in_bodies if n), word
        assert all(a.markers.get(word, 0) == n for a, n in zip(articles, in_bodies, strict=True))
        # Only in the body: not in titles, related links or other furniture.
        assert sum(len(pattern.findall(corpus.render_text(a))) for a in articles[:200]) == sum(in_bodies[:200])
    assert counts["xyzmarker1"].articles > counts["xyzmarker2"].articles > 0


def test_write_folder_alternates_formats(tmp_path):
    paths = corpus.write_folder(tmp_path, 6)
    assert [p.suffix for p in paths] == [".txt", ".html"] * 3
    articles = list(corpus.generate(6))
    assert paths[0].read_text(encoding="utf-8") == corpus.render_text(articles[0])
    assert paths[1].read_text(encoding="utf-8") == corpus.render_html(articles[1])
    only_text = corpus.write_folder(tmp_path / "txt", 3, formats=("txt",))
    assert {p.suffix for p in only_text} == {".txt"}
    with pytest.raises(ValueError):
        corpus.write_folder(tmp_path / "pdf", 1, formats=("pdf",))


class PageReader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta, self.links, self.stack = {}, {}, []
        self.texts: dict[str, list[str]] = {"title": [], "h1": [], "p": []}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "property" in attrs:
            self.meta[attrs["property"]] = attrs["content"]
        if tag == "link":
            self.links[attrs["rel"]] = attrs["href"]
        if tag in self.texts:
            self.stack.append((tag, attrs.get("class")))
            self.texts[tag].append("")

    def handle_endtag(self, tag):
        if self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_data(self, data):
        if self.stack:
            self.texts[self.stack[-1][0]][-1] += data


def test_html_pages_carry_the_truth_in_their_metadata(tmp_path):
    for article in scanned()[:40]:
        page = PageReader()
        page.feed(corpus.render_html(article))
        assert page.meta["og:title"] == article.title
        assert page.meta["article:published_time"] == article.published_iso
        assert page.links["canonical"] == article.url
        assert page.texts["title"][0].startswith(article.title)
        assert page.texts["h1"] == [article.title]
        assert all(p in page.texts["p"] for p in article.paragraphs)
    path = corpus.write_jsonl(tmp_path / "pages.jsonl", 3)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [set(r) for r in records] == [{"url", "title", "html", "published"}] * 3
    assert records[2]["html"] == corpus.render_html(corpus.generate_one(2))


# --- what the extractor finds on generated text pages -----------------------------


def test_the_samples_cover_every_shape_of_page():
    covered = set().union(*(features(corpus.generate_one(i)) for i in SAMPLES))
    assert covered == ALL_FEATURES, ALL_FEATURES - covered
    assert 40 <= len(SAMPLES) <= 45


@pytest.mark.parametrize("index", SAMPLES)
def test_extraction_finds_title_date_and_province_and_never_the_reader(index):
    article, result = extracted(index)
    assert result.title == article.title, article.shape
    assert result.published == article.published, article.shape
    assert result.published_precision == dates.DAY
    assert result.province is not None and result.province.short_name == article.province, article.shape
    assert result.province.slug == article.province_slug
    if article.reader:
        name, mail = article.reader
        assert name not in result.body and mail not in result.body
        assert "@" not in result.body


@pytest.mark.parametrize("index", SAMPLES)
def test_extraction_finds_the_rest_of_the_truth(index):
    article, result = extracted(index)
    data = result.as_json()
    assert result.rubric == article.rubric, article.shape
    assert result.published_time == article.published_time, article.shape
    assert result.organ_kind == article.organ_kind, article.shape
    assert result.authors == article.authors, article.shape
    assert data["documents"] == article.documents
    found = sorted((c["level"], c["number"], c["term"]) for c in data["congresses"])
    assert found == sorted((c.level, c.number, c.term) for c in article.congresses)
    assert result.body == article.body, article.shape


@pytest.mark.parametrize("index", SAMPLES)
def test_the_html_rendering_of_a_page_gives_the_same_article(index):
    """The HTML path (trafilatura, then the same rules) finds what the text
    path finds, with the page's own metadata for date, time and URL."""
    article = corpus.generate_one(index)
    result, url = extract_source(corpus.render_html(article), "html")
    assert (result.title, result.rubric) == (article.title, article.rubric), article.shape
    assert (result.published, result.published_time) == (article.published, article.published_time)
    assert result.province is not None and result.province.slug == article.province_slug, article.shape
    assert result.organ_kind == article.organ_kind, article.shape
    assert url == article.url
    assert result.body == article.body, article.shape
    if article.reader:
        assert article.reader[1] not in result.body and article.reader[0] not in result.body


@pytest.mark.parametrize("index", OVERLONG_BYLINE_ORGANS)
def test_extraction_reads_a_byline_with_a_long_organ_and_province(index):
    article, result = extracted(index)
    assert result.authors == article.authors
    assert result.body == article.body
    assert result.organ_kind == article.organ_kind


def test_bylines_with_a_long_organ_and_province_are_there_to_test():
    assert len(OVERLONG_BYLINE_ORGANS) >= 2
    assert all(byline_organ_words(corpus.generate_one(i)) == 15 for i in OVERLONG_BYLINE_ORGANS)
