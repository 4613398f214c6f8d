"""Readers' names and e-mail addresses from comment blocks never reach the
body, on every page the project has: the variant pages, the demo pages and
the real samples. They go to ``removed``, where an editor can see them."""

import json
import re
import unicodedata
from pathlib import Path

import pytest

from archive.extract import extract_page
from tests.conftest import DEMO_PAGES, SEEDS

VARIANT_PAGES = Path(__file__).resolve().parent / "pages"
VARIANT_SPECS = json.loads((VARIANT_PAGES / "expected.json").read_text(encoding="utf-8"))["pages"]

# Full or masked addresses: "maiho.na82@gmail.com", "Luuthainhac@...".
EMAIL_RE = re.compile(r"[\w.+-]+@(?:[\w-]+\.)+[a-z]{2,}|[\w.+-]+@\.{2,}", re.IGNORECASE)
_NAME = r"(?P<name>[A-ZĐ\u00c0-\u1ef8][^\W\d_]*(?: [A-ZĐ\u00c0-\u1ef8][^\W\d_]*){1,4})"
# The commenter lines of the comment blocks the pages use.
_COMMENTER_RES = [
    re.compile(r"^Bạn\s*:\s*" + _NAME + r"\s*\("),  # Bạn : Lưu Văn Ba ( luuvanba@...)
    re.compile(r"^" + _NAME + r"\s*(?:\(|[-–|]\s*)\s*" + EMAIL_RE.pattern),  # Name (mail) - date, Name | mail
    re.compile(r"^Gửi bởi " + _NAME + r" lúc"),
    re.compile(r"^(?:Độc giả|Bạn đọc) " + _NAME + r"(?:\s*[-–(:]|$)"),
]
_DATE_TIME_LINE_RE = re.compile(r"^[\d:/\s-]+$")


def reader_identities(raw: str) -> set[str]:
    """Every e-mail address on the page, and the names of commenters: on a
    commenter line, or alone on a line followed by an e-mail or a timestamp."""
    raw = unicodedata.normalize("NFC", raw).replace("\u00a0", " ")
    lines = [line.strip() for line in raw.splitlines()]
    found = set(EMAIL_RE.findall(raw))
    for index, line in enumerate(lines):
        for pattern in _COMMENTER_RES:
            match = pattern.match(line)
            if match:
                found.add(match["name"])
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if re.fullmatch(_NAME, line) and (EMAIL_RE.fullmatch(following) or _DATE_TIME_LINE_RE.match(following or "x")):
            if re.search(r"\d{1,2}:\d{2}", following) or "@" in following:
                found.add(line)
    return found


PRIVATE_BY_HAND = {spec["file"]: set(spec["private"]) for spec in VARIANT_SPECS}


def _pages() -> list[Path]:
    pages = sorted(VARIANT_PAGES.glob("*.txt")) + sorted(DEMO_PAGES.glob("*.txt"))
    return pages + (sorted(SEEDS.glob("*.txt")) if SEEDS.exists() else [])


@pytest.mark.parametrize("path", _pages(), ids=lambda path: f"{path.parent.name}/{path.name}")
def test_no_reader_name_or_email_reaches_the_body(path):
    raw = path.read_text(encoding="utf-8")
    result = extract_page(raw)
    removed = "\n".join(result.removed)
    for identity in reader_identities(raw) | PRIVATE_BY_HAND.get(path.name, set()):
        assert identity not in result.body, identity
        assert identity in removed, identity
    assert not EMAIL_RE.search(result.body)


def test_the_detector_finds_the_identities_listed_by_hand():
    for spec in VARIANT_SPECS:
        raw = (VARIANT_PAGES / spec["file"]).read_text(encoding="utf-8")
        assert set(spec["private"]) <= reader_identities(raw), spec["file"]


def test_the_detector_finds_the_comment_forms_in_use():
    raw = (
        "Bạn : Lưu Văn Ba ( luuvanba@...).Gửi ngày: 08/08/2020\n"
        "Hoàng Văn Tuấn (tuan.hv@example.com) - 01/10/2016 07:42\n"
        "Nguyễn Thanh Sơn - sonnt.ct@example.com\n"
        "Gửi bởi Lê Văn Toàn lúc 09:30 23/07/2019\n"
        "Độc giả Hoàng Thị Mến - Hòa An:\n"
        "Vi Văn Thắng\n10:20 06/03/2022\n"
    )
    assert reader_identities(raw) == {
        "Lưu Văn Ba",
        "luuvanba@...",
        "Hoàng Văn Tuấn",
        "tuan.hv@example.com",
        "Nguyễn Thanh Sơn",
        "sonnt.ct@example.com",
        "Lê Văn Toàn",
        "Hoàng Thị Mến",
        "Vi Văn Thắng",
    }


def test_the_samples_are_checked_when_ci_provides_them(seeds):
    assert any(path.parent == seeds for path in _pages())


@pytest.mark.django_db
def test_no_public_page_shows_a_reader_name_or_email(client):
    """Through the site itself: every demo page imported, then every public
    page of its article (the article, search results, the feed, the API and
    the exports) anonymously; the raw page, which keeps them, is staff only."""
    from archive.importing import import_pages
    from archive.models import Article
    from search import indexing

    import_pages([DEMO_PAGES], workers=1)
    indexing.drain()
    identities = set()
    for path in sorted(DEMO_PAGES.glob("*.txt")):
        identities |= reader_identities(path.read_text(encoding="utf-8"))
    assert identities, "the demo pages have comment blocks to test with"
    urls = ["/", "/tim-kiem/?q=dai+hoi", "/tim-kiem/atom?q=dai+hoi", "/api/search?q=dang", "/tim-kiem/xuat.csv?q=dang"]
    urls += [f"/bai/{pk}/" for pk in Article.objects.values_list("pk", flat=True)]
    for url in urls:
        response = client.get(url, HTTP_HOST="127.0.0.1")
        assert response.status_code == 200, url
        body = response.content.decode()
        assert not EMAIL_RE.search(body), url
        assert not [identity for identity in identities if identity in body], url
    for pk in Article.objects.values_list("pk", flat=True):
        assert client.get(f"/bai/{pk}/trang-goc/", HTTP_HOST="127.0.0.1").status_code == 302
