"""A deterministic generator of fictional Vietnamese Party-news pages, for benchmarks.

Every page is made up: sentences are composed from a vocabulary of stock
Party-news phrases written for this module, names are drawn from common
Vietnamese family, middle and given names, and the only real-world data used
are the province and district names of the project's gazetteer
(``archive/data/gazetteer.json``, read directly, without Django) and the
numbers and subjects of a few well-known Central Party documents.

Each generated article knows its truth (title, rubric, date, province, organ,
authors, congresses, documents, body, marker words), so a benchmark or a test
can check what the archive extracts, imports and finds::

    from corpus import generate, render_text, render_html, marker_counts
    for article in generate(1000, seed=1):
        page = render_text(article)  # a scraped-page text dump
        html = render_html(article)  # a full HTML5 page

Article ``i`` depends only on ``(seed, i)``: ``generate(100)`` is the first
hundred of ``generate(10_000)``, and the same ``(n, seed)`` always gives the
same bytes. Standard library only; about half a millisecond a page on one
core (``write_folder(..., workers=2)`` halves that on two).

As a command: ``python scripts/corpus.py FOLDER|FILE.jsonl --pages 10000``
writes the pages and prints the marker counts as JSON.

Marker words (``MARKERS``) are invented tokens that no real text contains, put
into article bodies at known rates: ``marker_counts(n, seed)`` says in how many
articles, and how many times, each occurs, so a search benchmark can check its
hit counts. ``xyzđặcbiệt`` has diacritics, for diacritic-insensitive search
("xyzdacbiet").
"""

# ruff: noqa: E501  (the vocabulary below is long lines of Vietnamese text)

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import os
import random
import re
import sys
import unicodedata
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The archive's own list of organ names (a plain module; no Django settings needed).
sys.path.insert(0, str(ROOT))
from archive.vocabulary import ORGAN_KINDS, int_to_roman  # noqa: E402 (needs the path above)

GAZETTEER = ROOT / "archive" / "data" / "gazetteer.json"

FIRST_DAY, LAST_DAY = dt.date(2010, 1, 1), dt.date(2025, 12, 31)
MERGER = dt.date(2025, 7, 1)  # the 63 provinces became 34
BODY_MIN_BYTES, BODY_MAX_BYTES = 2048, 8192
# The body is grown to a target in this range before the marker sentences
# (at most about 900 bytes) go in, so the final body stays within the limits.
_TARGET_RANGE = (2300, 6800)
_CEILING_BEFORE_MARKERS = 7000

# word -> (share of articles that contain it, most occurrences in one article)
MARKERS: dict[str, tuple[float, int]] = {
    "xyzmarker1": (1 / 10, 1),
    "xyzmarker2": (1 / 100, 1),
    "xyzmarker3": (1 / 1000, 1),
    "xyzmarker4": (1 / 20, 3),
    "xyzđặcbiệt": (1 / 50, 2),
}

# Organ kinds as the archive names them.
ORGAN_NAMES: dict[str, str] = ORGAN_KINDS


# --- truth ---------------------------------------------------------------------


@dataclass(frozen=True)
class Congress:
    level: str  # "national", "provincial", "district" or "commune", as archive.vocabulary says
    number: int
    term: str | None  # "2020-2025"


@dataclass(frozen=True)
class MarkerCount:
    articles: int  # articles whose body contains the word
    occurrences: int  # times it occurs in all bodies


@dataclass
class Layout:
    """How the page is laid out: chosen at generation, so rendering is pure."""

    host: str
    site_banner: str
    slogan: str
    menu: list[str]
    crawl_line: str  # the site's "today" at crawl time, at the very top
    date_line: str
    date_format: str
    date_above_title: bool
    byline_line: str
    byline_format: str
    byline_at_top: bool
    organ_evidence: str  # "byline", "lead" or "site": where the organ shows
    title_in_body: bool  # the headline repeated as the first body line
    blank_lines: bool  # a blank line between paragraphs
    views: int
    views_before_byline: bool
    related: list[tuple[str, dt.date]]
    comment: tuple[str, str, str] | None  # reader's name, e-mail, text
    furniture_order: str  # "related-first" or "comments-first"
    glued_tail: bool  # byline and buttons on one line, as some dumps have them
    new_tones: bool  # "Tỉnh uỷ", "hoà", "khoá" instead of "Tỉnh ủy", "hòa", "khóa"
    footer: str

    @property
    def shape(self) -> str:
        """A short description of the page's shape, for reports of failures."""
        parts = [
            f"date={self.date_format}",
            "date-above-title" if self.date_above_title else "",
            f"byline={self.byline_format}" + ("@top" if self.byline_at_top else ""),
            f"organ-from={self.organ_evidence}",
            "title-repeated" if self.title_in_body else "",
            "glued-tail" if self.glued_tail else "",
            "new-tones" if self.new_tones else "",
        ]
        return " ".join(p for p in parts if p)


@dataclass
class GeneratedArticle:
    index: int
    seed: int
    url: str
    title: str
    rubric: str  # "" when the page has none
    published: dt.date
    published_time: dt.time | None
    province_slug: str  # the gazetteer slug in force on the date
    province: str  # its short name, as extraction reports it
    organ_kind: str  # a key of ORGAN_NAMES
    authors: list[str]
    congresses: list[Congress]
    documents: list[str]  # "35-CT/TW", in order of first citation (title, then body)
    paragraphs: list[str]
    markers: dict[str, int]  # marker word -> occurrences in this body
    site_name: str
    layout: Layout = field(repr=False)

    @property
    def organ(self) -> str:
        return ORGAN_NAMES[self.organ_kind]

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def published_iso(self) -> str:
        """ "2020-08-08T06:59:00+07:00", or "2020-08-08" for a page without a time."""
        if self.published_time is None:
            return self.published.isoformat()
        return dt.datetime.combine(self.published, self.published_time).isoformat() + "+07:00"

    @property
    def reader(self) -> tuple[str, str] | None:
        """(name, e-mail) of the reader who commented, which must never reach the body."""
        return self.layout.comment[:2] if self.layout.comment else None

    @property
    def shape(self) -> str:
        return self.layout.shape


# --- places ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Province:
    slug: str
    short_name: str
    city: bool
    host: str
    text: str  # as written after "Tỉnh ủy": "Nghệ An", "Thành phố Hồ Chí Minh"
    admin: str  # "tỉnh Nghệ An", "thành phố Hà Nội", "Thành phố Hồ Chí Minh"
    unit: str  # "tỉnh" or "thành phố"
    committee: str  # "Tỉnh ủy" or "Thành ủy"
    merged: bool  # a province formed by the 2025 merger
    districts: tuple[tuple[str, str], ...]  # (type, name), type in lower case
    communes: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class _Places:
    legacy: tuple[_Province, ...]
    current: tuple[_Province, ...]


def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFD", char)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn").replace("đ", "d").replace("Đ", "D")


_FOLD_TABLE = str.maketrans({chr(c): _fold_char(chr(c)) for c in range(0xC0, 0x1F00) if _fold_char(chr(c)) != chr(c)})
_NOT_SLUG_RE = re.compile(r"[^a-z0-9]+")


def _fold(text: str) -> str:
    """Without diacritics: "Đảng bộ" -> "Dang bo"."""
    return text.translate(_FOLD_TABLE)


def slugify(text: str, max_length: int = 80) -> str:
    slug = _NOT_SLUG_RE.sub("-", _fold(text).lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    return slug


@functools.cache
def _province_forms() -> tuple[str, ...]:
    data = json.loads(GAZETTEER.read_text(encoding="utf-8"))
    forms = {p["short_name"] for p in data["provinces"]}
    forms.update(alias for p in data["provinces"] for alias in p["aliases"])
    return tuple(sorted(forms, key=len, reverse=True))


@functools.cache
def _province_name_re() -> re.Pattern:
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, _province_forms())) + r")(?!\w)")


def _names_a_province(text: str) -> bool:
    """True if a province name occurs in the text as whole words."""
    return _province_name_re().search(text) is not None


@functools.cache
def _places() -> _Places:
    data = json.loads(GAZETTEER.read_text(encoding="utf-8"))
    last_legacy_day = (MERGER - dt.timedelta(days=1)).isoformat()

    def valid_on(p, day):
        return (p["valid_from"] is None or p["valid_from"] <= day) and (p["valid_to"] is None or day <= p["valid_to"])

    def usable(unit_type, name):
        return (
            unit_type in _UNIT_TYPES_USED
            and not name[0].isdigit()
            and "(" not in name  # "Duyên Hải (Thị xã)": the gazetteer's way to tell two apart
            and not _names_a_province(name)
        )

    districts: dict[str, list] = {}
    for unit_type, name, slug in data["districts"]:
        if usable(unit_type, name):
            districts.setdefault(slug, []).append((unit_type.lower(), name))
    legacy_communes: dict[str, list] = {}
    for unit_type, name, slug in data["legacy_wards"]:
        if usable(unit_type, name):
            legacy_communes.setdefault(slug, []).append((unit_type.lower(), name))
    current_communes: dict[str, list] = {}
    for unit_type, name, slug in data["current_wards"]:
        if usable(unit_type, name):
            current_communes.setdefault(slug, []).append((unit_type.lower(), name))

    def province(p, communes):
        city = p["kind"] == "city"
        text = f"Thành phố {p['short_name']}" if p["needs_prefix"] else p["short_name"]
        return _Province(
            slug=p["slug"],
            short_name=p["short_name"],
            city=city,
            host="tinhuy-" + slugify(p["short_name"]),
            text=text,
            admin=text if p["needs_prefix"] else f"{'thành phố' if city else 'tỉnh'} {text}",
            unit="thành phố" if city else "tỉnh",
            committee="Thành ủy" if city else "Tỉnh ủy",
            merged=p["valid_from"] == MERGER.isoformat(),
            districts=tuple(districts.get(p["slug"], ())),
            communes=tuple(communes.get(p["slug"], ())),
        )

    legacy = tuple(province(p, legacy_communes) for p in data["provinces"] if valid_on(p, last_legacy_day))
    current = tuple(province(p, current_communes) for p in data["provinces"] if p["valid_to"] is None)
    return _Places(legacy, current)


_UNIT_TYPES_USED = {"Huyện", "Thị xã", "Quận", "Xã", "Phường", "Thị trấn"}
_COMMITTEE_OF_UNIT = {"huyện": "Huyện ủy", "thị xã": "Thị ủy", "quận": "Quận ủy"}


# --- vocabulary ------------------------------------------------------------------

_SURNAMES = (
    "Nguyễn Nguyễn Nguyễn Trần Trần Lê Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh "
    "Lương Trịnh Mai Tạ Cao Lâm Châu Hà Kiều Tô"
).split()
_MALE_MIDDLES = "Văn Văn Hữu Đức Minh Quốc Thanh Công Xuân Ngọc Trọng Quang Đình Tiến Mạnh Bá Duy Khắc".split()
_FEMALE_MIDDLES = ["Thị", "Thị", "Thị Thu", "Thị Thanh", "Thị Minh", "Thị Hồng", "Ngọc", "Thu", "Thanh", "Kim"]
_MALE_GIVEN = (
    "Hùng Dũng Tuấn Hải Long Sơn Thắng Cường Hiếu Trung Phúc Khánh Lâm Tâm Toàn Thịnh Hưng Nghĩa Quân Vinh "
    "Đạt Tùng Huy Kiên Thành Bảo Chiến Lợi Tài Hòa Lực Tú Quý Đông"
).split()
_FEMALE_GIVEN = (
    "Lan Hương Hà Mai Hoa Hằng Trang Thảo Linh Nga Yến Huyền Phương Thủy Nhung Loan Vân Hạnh Dung Oanh Hiền "
    "Thư Ngân Tuyết Liên Quyên Diệp"
).split()
_PEN_FIRSTS = "Quốc Minh Thu Lan Thanh Ngọc Hoàng Đức Mai Hồng Khánh Bảo Phương Hải Việt Trung Kim Diệu".split()
_PEN_SECONDS = "Tuấn Anh Hà Khuê Lam Huy Trang Hương Linh Dũng Thảo Ngân Tâm Phong Nguyên Nhi Vy Sơn Đạt Hiếu".split()

_POSITIONS = [
    "Bí thư {TU}",
    "Phó Bí thư Thường trực {TU}",
    "Phó Bí thư {TU}, Chủ tịch UBND {unit}",
    "Ủy viên Ban Thường vụ {TU}, Trưởng Ban Tổ chức {TU}",
    "Ủy viên Ban Thường vụ {TU}, Chủ nhiệm Ủy ban Kiểm tra {TU}",
    "Ủy viên Ban Thường vụ {TU}, Trưởng Ban Tuyên giáo {TU}",
    "Ủy viên Ban Thường vụ {TU}, Trưởng Ban Dân vận {TU}",
    "Ủy viên Ban Thường vụ {TU}, Trưởng Ban Nội chính {TU}",
    "Ủy viên Ban Thường vụ {TU}, Chánh Văn phòng {TU}",
    "Ủy viên Ban Thường vụ {TU}, Bí thư Đảng ủy Khối các cơ quan {unit}",
    "Phó Trưởng Ban Thường trực Ban Tổ chức {TU}",
    "Phó Chủ nhiệm Ủy ban Kiểm tra {TU}",
    "Phó Trưởng Ban Tuyên giáo {TU}",
    "Phó Chánh Văn phòng {TU}",
    "Tỉnh ủy viên, Bí thư {Dc}",
    "Ủy viên Ban Chấp hành Đảng bộ {unit}, Giám đốc Sở Nội vụ",
]


@functools.cache
def _positions(committee: str, unit: str) -> list[str]:
    """The positions with the province's own words filled in ({Dc} is drawn later)."""
    return [p.replace("{TU}", committee).replace("{unit}", unit) for p in _POSITIONS]


_SITE_BANNERS = {
    "tinh_uy": ["CỔNG THÔNG TIN ĐIỆN TỬ {TU} {P}", "TRANG THÔNG TIN ĐIỆN TỬ {TU} {P}"],
    "ban_to_chuc": ["BAN TỔ CHỨC {TU} {P}", "TRANG THÔNG TIN ĐIỆN TỬ BAN TỔ CHỨC {TU} {P}"],
    "ban_tuyen_giao": ["BAN TUYÊN GIÁO {TU} {P}", "TRANG THÔNG TIN ĐIỆN TỬ BAN TUYÊN GIÁO {TU} {P}"],
    "ban_dan_van": ["BAN DÂN VẬN {TU} {P}"],
    "ban_tuyen_giao_dan_van": ["BAN TUYÊN GIÁO VÀ DÂN VẬN {TU} {P}"],
    "uy_ban_kiem_tra": ["ỦY BAN KIỂM TRA {TU} {P}"],
    "van_phong": ["VĂN PHÒNG {TU} {P}"],
    "ban_noi_chinh": ["BAN NỘI CHÍNH {TU} {P}"],
    "dang_uy_khoi": ["ĐẢNG ỦY KHỐI CÁC CƠ QUAN {UNIT} {P}"],
    "dang_bo_co_quan_dang": ["ĐẢNG BỘ CÁC CƠ QUAN ĐẢNG {UNIT} {P}"],
    "dang_bo_ubnd": ["ĐẢNG BỘ ỦY BAN NHÂN DÂN {UNIT} {P}"],
}
_SLOGANS = [
    "Đảng Cộng sản Việt Nam quang vinh muôn năm!",
    "Chủ tịch Hồ Chí Minh vĩ đại sống mãi trong sự nghiệp của chúng ta!",
    "Nước Cộng hòa xã hội chủ nghĩa Việt Nam muôn năm!",
    "Toàn Đảng, toàn dân, toàn quân đoàn kết, đổi mới, sáng tạo!",
]
_MENU = [
    "Trang chủ",
    "Giới thiệu",
    "Tin tức - Sự kiện",
    "Xây dựng Đảng",
    "Văn bản",
    "Hỏi - Đáp",
    "Thư viện ảnh",
    "Liên hệ",
]
_RUBRICS = {
    "hoi_nghi": ["Tin hoạt động", "Tin tức - Sự kiện", "Xây dựng Đảng", "Hoạt động của lãnh đạo {unit}"],
    "kiem_tra": ["Công tác kiểm tra, giám sát", "Kiểm tra - Giám sát", "Xây dựng Đảng"],
    "to_chuc": ["Tổ chức - Cán bộ", "Xây dựng Đảng", "Công tác tổ chức xây dựng Đảng"],
    "tuyen_giao": ["Học tập và làm theo Bác", "Bảo vệ nền tảng tư tưởng của Đảng", "Công tác tuyên giáo"],
    "dan_van": ["Công tác dân vận", "Dân vận khéo", "Tin tức - Sự kiện"],
    "kinh_te": ["Kinh tế - Xã hội", "Chuyển đổi số", "Tin tức - Sự kiện"],
    "dai_hoi": ["Tin tức - Sự kiện", "Xây dựng Đảng"],
    "noi_chinh": ["Nội chính - Phòng, chống tham nhũng", "Tin tức - Sự kiện"],
}
# Which organ writes about what.
_ORGAN_TOPICS = {
    "tinh_uy": ["hoi_nghi", "kinh_te", "dai_hoi", "to_chuc"],
    "ban_thuong_vu": ["hoi_nghi", "to_chuc", "dai_hoi", "kinh_te"],
    "ban_to_chuc": ["to_chuc", "dai_hoi", "hoi_nghi"],
    "ban_tuyen_giao": ["tuyen_giao", "hoi_nghi"],
    "ban_dan_van": ["dan_van", "kinh_te"],
    "ban_tuyen_giao_dan_van": ["tuyen_giao", "dan_van"],
    "uy_ban_kiem_tra": ["kiem_tra", "noi_chinh"],
    "van_phong": ["hoi_nghi", "kinh_te", "to_chuc"],
    "ban_noi_chinh": ["noi_chinh", "kiem_tra"],
    "dang_uy_khoi": ["to_chuc", "tuyen_giao", "hoi_nghi"],
    "dang_bo_co_quan_dang": ["to_chuc", "tuyen_giao", "hoi_nghi"],
    "dang_bo_ubnd": ["kinh_te", "to_chuc"],
}
# Organs that sign bylines or run a site of their own.
_BYLINE_ORGANS = {k for k in ORGAN_NAMES if k not in ("tinh_uy", "ban_thuong_vu")}
_SITE_ORGANS = {k for k in ORGAN_NAMES if k != "ban_thuong_vu"}

# (first day cited, number, issuer, subject)
_BCT, _TW = "của Bộ Chính trị", "của Ban Chấp hành Trung ương"
_CENTRAL_DOCUMENTS = [
    (
        dt.date(2006, 11, 7),
        "Chỉ thị số 06-CT/TW",
        _BCT,
        "về tổ chức cuộc vận động “Học tập và làm theo tấm gương đạo đức Hồ Chí Minh”",
    ),
    (dt.date(2009, 6, 6), "Chỉ thị số 37-CT/TW", _BCT, "về đại hội đảng bộ các cấp"),
    (
        dt.date(2011, 5, 14),
        "Chỉ thị số 03-CT/TW",
        _BCT,
        "về tiếp tục đẩy mạnh việc học tập và làm theo tấm gương đạo đức Hồ Chí Minh",
    ),
    (dt.date(2012, 1, 16), "Nghị quyết số 12-NQ/TW", _TW, "về một số vấn đề cấp bách về xây dựng Đảng hiện nay"),
    (
        dt.date(2016, 5, 15),
        "Chỉ thị số 05-CT/TW",
        _BCT,
        "về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    ),
    (
        dt.date(2016, 10, 30),
        "Nghị quyết số 04-NQ/TW",
        _TW,
        "về tăng cường xây dựng, chỉnh đốn Đảng, ngăn chặn, đẩy lùi sự suy thoái về tư tưởng chính trị, đạo đức, "
        "lối sống, những biểu hiện “tự diễn biến”, “tự chuyển hóa” trong nội bộ",
    ),
    (
        dt.date(2017, 10, 25),
        "Nghị quyết số 18-NQ/TW",
        _TW,
        "về tiếp tục đổi mới, sắp xếp tổ chức bộ máy của hệ thống chính trị tinh gọn, hoạt động hiệu lực, hiệu quả",
    ),
    (
        dt.date(2018, 5, 19),
        "Nghị quyết số 26-NQ/TW",
        _TW,
        "về tập trung xây dựng đội ngũ cán bộ các cấp, nhất là cấp chiến lược, đủ phẩm chất, năng lực và uy tín",
    ),
    (dt.date(2018, 10, 22), "Nghị quyết số 35-NQ/TW", _BCT, "về tăng cường bảo vệ nền tảng tư tưởng của Đảng"),
    (dt.date(2018, 10, 25), "Quy định số 08-QĐi/TW", _TW, "về trách nhiệm nêu gương của cán bộ, đảng viên"),
    (dt.date(2019, 5, 30), "Chỉ thị số 35-CT/TW", _BCT, "về đại hội đảng bộ các cấp"),
    (
        dt.date(2020, 1, 2),
        "Quy định số 213-QĐ/TW",
        _BCT,
        "về trách nhiệm của đảng viên đang công tác giữ mối liên hệ với tổ chức đảng và nhân dân nơi cư trú",
    ),
    (dt.date(2021, 5, 18), "Kết luận số 01-KL/TW", _BCT, "về tiếp tục đẩy mạnh học tập và làm theo Bác"),
    (dt.date(2021, 10, 25), "Kết luận số 21-KL/TW", _TW, "về đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị"),
    (dt.date(2021, 10, 25), "Quy định số 37-QĐ/TW", _TW, "về những điều đảng viên không được làm"),
    (dt.date(2022, 7, 6), "Quy định số 69-QĐ/TW", _BCT, "về kỷ luật tổ chức đảng, đảng viên vi phạm"),
    (
        dt.date(2024, 12, 22),
        "Nghị quyết số 57-NQ/TW",
        _BCT,
        "về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
    ),
    (dt.date(2025, 4, 14), "Chỉ thị số 45-CT/TW", _BCT, "về đại hội đảng bộ các cấp"),
]
_LOCAL_DOCUMENTS = [
    ("Kế hoạch số", "KH"),
    ("Nghị quyết số", "NQ"),
    ("Chỉ thị số", "CT"),
    ("Chương trình hành động số", "CTr"),
    ("Kết luận số", "KL"),
    ("Quy định số", "QĐ"),
    ("Hướng dẫn số", "HD"),
]
_LOCAL_SUBJECTS = [
    "về tăng cường công tác phát triển đảng viên",
    "về nâng cao chất lượng sinh hoạt chi bộ",
    "về đẩy mạnh chuyển đổi số trong các cơ quan đảng",
    "về thực hiện nhiệm vụ phát triển kinh tế - xã hội",
    "về công tác kiểm tra, giám sát và thi hành kỷ luật đảng",
    "về xây dựng nông thôn mới nâng cao",
    "về công tác dân vận trong tình hình mới",
    "về cải cách hành chính trong các cơ quan của hệ thống chính trị",
    "về phòng, chống tham nhũng, lãng phí, tiêu cực",
    "về công tác bảo vệ chính trị nội bộ",
]
# National congresses: (opening day, number).
_NATIONAL_CONGRESSES = [(dt.date(2006, 4, 18), 10), (dt.date(2011, 1, 12), 11), (dt.date(2016, 1, 21), 12)]
_NATIONAL_CONGRESSES += [(dt.date(2021, 1, 25), 13), (dt.date(2026, 1, 19), 14)]


def _dmy(day: dt.date) -> str:
    """ "05/03/2022", without strftime (a few times faster)."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _hm(time: dt.time) -> str:
    return f"{time.hour:02d}:{time.minute:02d}"


_WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]

# Titles by topic. A title that opens with {O} names the article's organ.
_TITLES = {
    "hoi_nghi": [
        "{O} triển khai nhiệm vụ trọng tâm năm {year}",
        "{O} sơ kết công tác 6 tháng đầu năm {year}",
        "{O} tổ chức hội nghị giao ban công tác quý {q}",
        "Hội nghị Ban Chấp hành Đảng bộ {unit} lần thứ {n}",
        "Hội nghị lần thứ {n} Ban Chấp hành Đảng bộ {unit} khóa {bch_number}",
        "Tổng kết công tác xây dựng Đảng năm {prev}, triển khai nhiệm vụ năm {year}",
        "Hội nghị trực tuyến học tập, quán triệt {cc}",
        "{P}: Quán triệt, triển khai {doc_short}",
        "Kỷ niệm {party_age} năm Ngày thành lập Đảng Cộng sản Việt Nam",
    ],
    "kiem_tra": [
        "{O} kiểm tra công tác xây dựng Đảng tại {Dc}",
        "Giám sát chuyên đề đối với Ban Thường vụ {Dc}",
        "Tăng cường công tác kiểm tra, giám sát và thi hành kỷ luật đảng",
        "Kiểm tra việc thực hiện {doc_short} tại Đảng ủy {W}",
        "Nâng cao hiệu quả công tác kiểm tra, giám sát ở {D}",
        "Tổng kết công tác kiểm tra, giám sát năm {prev}",
    ],
    "to_chuc": [
        "{O} bồi dưỡng nghiệp vụ công tác tổ chức xây dựng Đảng",
        "Phát triển đảng viên trong doanh nghiệp ngoài khu vực nhà nước",
        "Nâng cao chất lượng sinh hoạt chi bộ ở {D}",
        "Trao Huy hiệu {badge} năm tuổi Đảng cho đảng viên {D}",
        "Sắp xếp tổ chức bộ máy của hệ thống chính trị tinh gọn, hoạt động hiệu lực, hiệu quả",
        "Bồi dưỡng lý luận chính trị cho đảng viên mới ở {D}",
        "{P} kết nạp {hundreds} đảng viên mới trong năm {year}",
    ],
    "tuyen_giao": [
        "{O} tổ chức hội nghị báo cáo viên tháng {m}",
        "Đẩy mạnh công tác bảo vệ nền tảng tư tưởng của Đảng",
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh ở {D}",
        "Sơ kết {k} năm thực hiện {doc_short}",
        "Nắm bắt tình hình tư tưởng của cán bộ, đảng viên và nhân dân",
        "Lan tỏa những tấm gương điển hình trong học tập và làm theo Bác",
    ],
    "dan_van": [
        "{O} giao ban công tác dân vận quý {q}",
        "Dân vận khéo góp phần xây dựng nông thôn mới ở {D}",
        "Phát huy vai trò của Nhân dân trong xây dựng Đảng và hệ thống chính trị",
        "Nhiều mô hình dân vận khéo ở {D}",
        "Thực hiện tốt quy chế dân chủ ở cơ sở",
    ],
    "kinh_te": [
        "{O} làm việc với Ban Thường vụ {Dc}",
        "Chuyển đổi số trong công tác tham mưu, giúp việc cấp ủy",
        "Lãnh đạo thực hiện thắng lợi nhiệm vụ phát triển kinh tế - xã hội năm {year}",
        "{P} đẩy mạnh xây dựng nông thôn mới",
        "Tháo gỡ khó khăn, thúc đẩy sản xuất, kinh doanh ở {D}",
    ],
    "dai_hoi": [
        "Khai mạc Đại hội đại biểu Đảng bộ {unit} lần thứ {cong_number}, nhiệm kỳ {cong_term}",
        "Đại hội đại biểu Đảng bộ {D} lần thứ {dcong_number}, nhiệm kỳ {cong_term}",
        "{P}: {pct}% tổ chức cơ sở đảng hoàn thành đại hội",
        "Lấy ý kiến nhân dân vào dự thảo văn kiện Đại hội đại biểu Đảng bộ {unit} lần thứ {cong_number}",
        "{O} cho ý kiến vào công tác chuẩn bị đại hội đảng bộ các cấp",
    ],
    "noi_chinh": [
        "{O} triển khai nhiệm vụ công tác nội chính năm {year}",
        "Tăng cường công tác phòng, chống tham nhũng, lãng phí, tiêu cực",
        "Giám sát việc tiếp công dân, giải quyết khiếu nại, tố cáo ở {D}",
        "Nâng cao hiệu quả phối hợp giữa các cơ quan nội chính",
    ],
}

# Lead opening sentences. {when} is "Chiều 7/8"; {event} fits the topic.
_LEADS_WITH_ORGAN = [
    "{when}, {O} tổ chức hội nghị {event}.",
    "{when}, {O} đã tổ chức hội nghị {event} theo hình thức trực tiếp kết hợp trực tuyến.",
    "{when}, đoàn công tác của {O} do {leader} làm trưởng đoàn đã làm việc với Ban Thường vụ {Dc} về {event}.",
    "{when}, {O} tổ chức hội nghị {event} với sự tham dự của {n2} đại biểu.",
]
_LEADS_WITHOUT_ORGAN = [
    "{when}, tại Hội trường {TU} {P}, hội nghị {event} đã diễn ra với sự tham dự của {n2} đại biểu.",
    "{when}, hội nghị {event} được tổ chức theo hình thức trực tiếp kết hợp trực tuyến đến {n} điểm cầu.",
    "{when}, {leader} chủ trì hội nghị {event}.",
    "{when}, tại {D}, hội nghị {event} đã được tổ chức trang trọng.",
]
_EVENTS = {
    "hoi_nghi": [
        "sơ kết công tác xây dựng Đảng 6 tháng đầu năm {year}",
        "giao ban công tác xây dựng Đảng quý {q}",
        "triển khai nhiệm vụ trọng tâm năm {year}",
        "quán triệt, triển khai {doc}",
    ],
    "kiem_tra": [
        "tổng kết công tác kiểm tra, giám sát năm {prev}",
        "triển khai kế hoạch kiểm tra, giám sát năm {year}",
        "công bố quyết định kiểm tra khi có dấu hiệu vi phạm",
    ],
    "to_chuc": [
        "bồi dưỡng nghiệp vụ công tác tổ chức xây dựng Đảng",
        "sơ kết việc sắp xếp tổ chức bộ máy theo {doc}",
        "triển khai công tác quy hoạch cán bộ nhiệm kỳ {next_term}",
    ],
    "tuyen_giao": [
        "thông tin thời sự cho báo cáo viên",
        "sơ kết việc thực hiện {doc}",
        "triển khai nhiệm vụ công tác tuyên giáo năm {year}",
    ],
    "dan_van": [
        "giao ban công tác dân vận quý {q}",
        "tổng kết phong trào thi đua “Dân vận khéo” năm {prev}",
        "đối thoại giữa người đứng đầu cấp ủy với Nhân dân",
    ],
    "kinh_te": [
        "đánh giá tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội",
        "bàn giải pháp thúc đẩy giải ngân vốn đầu tư công",
        "triển khai chương trình chuyển đổi số của {unit}",
    ],
    "dai_hoi": [
        "cho ý kiến vào dự thảo văn kiện trình {cong_next}",
        "rút kinh nghiệm đại hội điểm cấp cơ sở",
        "triển khai {doc}",
    ],
    "noi_chinh": [
        "triển khai nhiệm vụ công tác nội chính và phòng, chống tham nhũng, lãng phí, tiêu cực năm {year}",
        "giao ban các cơ quan nội chính quý {q}",
        "sơ kết công tác tiếp công dân, giải quyết khiếu nại, tố cáo",
    ],
}

# Body sentences. Those in _SAFE are fit to open a paragraph: the extractor
# reads the organ from a paragraph that opens with one, so they never do.
_SAFE = [
    "Đồng chí {name}, {position} phát biểu chỉ đạo hội nghị.",
    "Hội nghị đã nghe báo cáo kết quả thực hiện nhiệm vụ trong thời gian qua và thảo luận phương hướng thời gian tới.",
    "Theo báo cáo, toàn Đảng bộ {unit} hiện có {hundreds} tổ chức cơ sở đảng với hơn {big} đảng viên.",
    "Tại hội nghị, các đại biểu tập trung thảo luận, làm rõ nguyên nhân của những hạn chế, khuyết điểm và đề xuất nhiều giải pháp thiết thực.",
    "Phát biểu kết luận, {leader} ghi nhận, biểu dương những kết quả mà các cấp ủy, tổ chức đảng đã đạt được.",
    "Bên cạnh kết quả đạt được, công tác này vẫn còn một số hạn chế, nhất là ở cơ sở.",
    "Qua đó, nhận thức của cán bộ, đảng viên về vị trí, vai trò của công tác xây dựng Đảng ngày càng được nâng lên.",
    "Các cấp ủy, tổ chức đảng đã chủ động xây dựng kế hoạch, cụ thể hóa nhiệm vụ phù hợp với tình hình thực tế của địa phương.",
    "Trong năm, các cấp ủy đã kết nạp {n2} đảng viên mới, đạt {pct}% kế hoạch.",
    "Đồng chí {name}, {position} nhấn mạnh, thời gian tới cần tiếp tục đổi mới phương thức lãnh đạo của Đảng.",
    "Kết quả đánh giá, xếp loại chất lượng năm {prev} có {pct}% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên.",
    "Hội nghị cũng dành thời gian trao đổi, thảo luận về một số vướng mắc phát sinh trong quá trình thực hiện.",
    "Nhiều ý kiến đề nghị cấp trên quan tâm hơn nữa đến công tác đào tạo, bồi dưỡng cán bộ cơ sở.",
    "Đến nay, {pct}% chi bộ thôn, tổ dân phố đã có bí thư chi bộ đồng thời là trưởng thôn, tổ trưởng tổ dân phố.",
    "Công tác tuyên truyền được triển khai bằng nhiều hình thức phong phú, đa dạng, phù hợp với từng đối tượng.",
    "Theo đánh giá, việc thực hiện {doc} đã tạo chuyển biến tích cực trong nhận thức và hành động của cán bộ, đảng viên.",
    "Dịp này, {n} tập thể và {n2} cá nhân được khen thưởng vì có thành tích xuất sắc.",
    "Đồng chí {name} đề nghị các đơn vị tiếp thu đầy đủ ý kiến của đại biểu để hoàn thiện báo cáo.",
    "Thực hiện {pdoc}, các địa phương đã xây dựng kế hoạch và phân công nhiệm vụ cụ thể cho từng đồng chí cấp ủy viên.",
    "Năm {year}, toàn {unit} phấn đấu có thêm {n} xã đạt chuẩn nông thôn mới nâng cao.",
    "Hội nghị thống nhất cao với các nhóm giải pháp trọng tâm được nêu trong dự thảo báo cáo.",
    "Qua kiểm tra cho thấy, các chi bộ cơ bản duy trì nền nếp sinh hoạt định kỳ, nội dung sinh hoạt có nhiều đổi mới.",
    "Mỗi cán bộ, đảng viên phải thực sự gương mẫu, nói đi đôi với làm, gắn bó mật thiết với Nhân dân.",
    "Các đại biểu cũng chia sẻ kinh nghiệm trong việc xây dựng và nhân rộng các mô hình hay, cách làm hiệu quả ở cơ sở.",
    "Từ đầu nhiệm kỳ đến nay, {D} đã thu hút hơn {big} tỷ đồng vốn đầu tư vào sản xuất, kinh doanh.",
    "Quán triệt tinh thần {cong}, các cấp ủy đã tập trung lãnh đạo thực hiện đồng bộ các nhiệm vụ, giải pháp.",
    "Theo kế hoạch, việc kiểm tra sẽ hoàn thành trước ngày {dm_later}.",
    "Trước đó, đoàn đã tham quan, học tập kinh nghiệm tại {other}.",
    "Hội nghị được kết nối trực tuyến đến {n} điểm cầu cấp huyện và {n2} điểm cầu cấp xã.",
    "Đánh giá chung cho thấy, các cấp ủy đã bám sát chủ trương của Trung ương, vận dụng linh hoạt vào điều kiện cụ thể.",
    "Cùng với đó, việc sắp xếp, kiện toàn tổ chức bộ máy được thực hiện chặt chẽ, đúng lộ trình.",
    "Những kết quả đạt được đã góp phần củng cố niềm tin của Nhân dân đối với Đảng, chính quyền.",
    "Tuy nhiên, ở một số nơi, việc triển khai còn chậm, chất lượng sinh hoạt chi bộ chưa đồng đều.",
    "Nguyên nhân của hạn chế chủ yếu là do một số cấp ủy chưa thật sự quyết liệt, người đứng đầu chưa phát huy hết vai trò.",
    "Đồng chí {name}, {position} đề nghị các cấp ủy rà soát, đánh giá thực chất chất lượng đội ngũ đảng viên.",
    "Hội nghị cũng đã thông qua kế hoạch tổ chức các hoạt động kỷ niệm những ngày lễ lớn trong năm {year}.",
    "Sau {k} năm triển khai, {D} có {n2} mô hình, điển hình tiên tiến được biểu dương, nhân rộng.",
    "Đáng chú ý, tỷ lệ đảng viên trẻ được kết nạp tăng so với cùng kỳ, chiếm gần {pct_small}0% tổng số đảng viên mới.",
    "Các địa phương đã chủ động rà soát, bổ sung quy chế làm việc, phân định rõ trách nhiệm của tập thể và cá nhân.",
    "Năm {prev}, toàn {unit} đã tổ chức {n} lớp bồi dưỡng với hơn {big} lượt cán bộ, đảng viên tham gia.",
    "Với tinh thần đoàn kết, dân chủ, kỷ cương, hội nghị đã hoàn thành chương trình đề ra.",
    "Phát biểu tại hội nghị, đại diện lãnh đạo {Dc} cho biết, địa phương sẽ tập trung khắc phục ngay những tồn tại được chỉ ra.",
]
_GENERAL = [
    *_SAFE,
    "{TU} đã ban hành {pdoc}, chỉ đạo các cấp ủy tổ chức quán triệt, triển khai nghiêm túc.",
    "Ban Thường vụ {TU} đã chỉ đạo rà soát, bổ sung quy hoạch cán bộ, bảo đảm tính liên thông giữa các cấp.",
    "Ủy ban Kiểm tra các cấp đã kiểm tra {n} tổ chức đảng và {n2} đảng viên khi có dấu hiệu vi phạm.",
    "Công tác xây dựng, chỉnh đốn Đảng và hệ thống chính trị được quan tâm lãnh đạo, chỉ đạo quyết liệt.",
    "Việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh được gắn với nhiệm vụ chính trị của từng cơ quan, đơn vị.",
    "Kinh tế của {unit} duy trì mức tăng trưởng khá, tổng sản phẩm trên địa bàn tăng {pct_small}% so với cùng kỳ.",
    "Thu ngân sách nhà nước trên địa bàn ước đạt hơn {big} tỷ đồng, vượt dự toán được giao.",
    "{Dc} đã chỉ đạo các chi bộ xây dựng nghị quyết chuyên đề gắn với phát triển kinh tế hộ gia đình.",
    "Ở {W}, chi bộ các thôn đã vận động Nhân dân hiến hơn {big} m2 đất để làm đường giao thông nông thôn.",
    "Đây là dịp để các cấp ủy nhìn nhận, đánh giá khách quan những ưu điểm, hạn chế và rút ra bài học kinh nghiệm.",
    "Nội dung sinh hoạt chuyên đề tập trung vào những vấn đề cấp bách, được đảng viên và Nhân dân quan tâm.",
    "Tinh thần {natcong} tiếp tục được các cấp ủy quán triệt, cụ thể hóa bằng chương trình hành động.",
    "Trên cơ sở {cc}, {TU} đã ban hành kế hoạch thực hiện phù hợp với điều kiện của địa phương.",
    "Ban Chấp hành Đảng bộ {unit} khóa {bch_number} đã lãnh đạo hoàn thành nhiều chỉ tiêu quan trọng.",
    "Các cơ quan tham mưu, giúp việc {TU} đã phối hợp chặt chẽ trong thẩm định hồ sơ nhân sự.",
    "Văn phòng {TU} đã triển khai phần mềm quản lý văn bản và điều hành, gửi nhận văn bản điện tử bốn cấp.",
    "Việc ứng dụng công nghệ thông tin trong quản lý hồ sơ đảng viên được đẩy mạnh, cơ sở dữ liệu được cập nhật thường xuyên.",
    "Thời gian tới, các cấp ủy tiếp tục thực hiện nghiêm {doc}, gắn với việc thực hiện {pdoc}.",
    "Cũng trong năm, đồng chí {name}, đại biểu Quốc hội khóa {na_term}, đã tiếp xúc cử tri tại {D}.",
    "Đại hội Hội Cựu chiến binh {unit} lần thứ {n_small_roman} được tổ chức thành công, là sự kiện chính trị quan trọng của hội viên.",
    "Hội nghị Ban Chấp hành Đảng bộ {unit} lần thứ {n} đã cho ý kiến vào nhiều nội dung quan trọng.",
    "Lực lượng vũ trang {unit} luôn chủ động nắm chắc tình hình, giữ vững an ninh chính trị, trật tự, an toàn xã hội.",
    "Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội đã tích cực tham gia góp ý xây dựng Đảng, xây dựng chính quyền.",
    "Phong trào thi đua yêu nước được triển khai sâu rộng, thiết thực, góp phần hoàn thành các mục tiêu của {cong}.",
    "Nhiều chi bộ đã có cách làm sáng tạo như tổ chức sinh hoạt theo chuyên đề, mời người có uy tín trong cộng đồng dự họp.",
    "{leader_cap} yêu cầu các cấp ủy tăng cường kỷ luật, kỷ cương hành chính, nâng cao đạo đức công vụ.",
    "Ban Tổ chức {TU} đã hướng dẫn các cấp ủy thực hiện quy trình đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên.",
    "Ban Tuyên giáo {TU} thường xuyên định hướng thông tin, tuyên truyền kịp thời các sự kiện chính trị quan trọng.",
    "Ban Dân vận {TU} đã tham mưu tổ chức hội nghị đối thoại giữa người đứng đầu cấp ủy với Nhân dân.",
    "Cấp ủy các cấp đã ban hành {n2} văn bản lãnh đạo, chỉ đạo, bảo đảm kịp thời, sát với thực tiễn.",
    "Công tác bảo vệ chính trị nội bộ được quan tâm, việc thẩm định tiêu chuẩn chính trị được thực hiện chặt chẽ.",
    "Các đồng chí lãnh đạo {unit} đã tổ chức thăm, tặng quà các gia đình chính sách, hộ nghèo nhân dịp Tết.",
    "Cuộc vận động “Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh” tiếp tục được triển khai hiệu quả.",
    "Ở {D}, việc đưa nghị quyết vào cuộc sống có nhiều chuyển biến rõ nét, đời sống Nhân dân từng bước được nâng lên.",
    "Công tác cải cách hành chính được đẩy mạnh, thủ tục hành chính được giải quyết đúng hạn đạt {pct}%.",
    "Sau hội nghị, các đại biểu đã trao đổi kinh nghiệm về cách làm hay trong công tác vận động quần chúng.",
]
_TOPIC_SENTENCES = {
    "hoi_nghi": [
        "Hội nghị đã thông qua chương trình làm việc toàn khóa và quy chế làm việc của Ban Chấp hành Đảng bộ {unit}.",
        "Các đại biểu thống nhất đánh giá, trong bối cảnh còn nhiều khó khăn, các cấp ủy đã lãnh đạo hoàn thành các chỉ tiêu chủ yếu.",
        "Hội nghị cũng cho ý kiến vào dự thảo quy chế phối hợp giữa các cơ quan tham mưu, giúp việc của cấp ủy.",
        "Hội nghị đã xem xét, cho ý kiến vào báo cáo tình hình thực hiện nhiệm vụ chính trị và chương trình công tác quý {q}.",
        "Các đại biểu đề nghị tập trung chỉ đạo hoàn thành dứt điểm các công trình, dự án chuyển tiếp.",
    ],
    "kiem_tra": [
        "Ủy ban Kiểm tra các cấp đã giám sát {n2} tổ chức đảng và {n2} đảng viên, qua đó kịp thời chấn chỉnh những thiếu sót.",
        "Qua kiểm tra, đã thi hành kỷ luật {n} đảng viên với các hình thức khiển trách, cảnh cáo và cách chức.",
        "Việc kiểm tra tài chính đảng được thực hiện nghiêm túc, đúng quy định.",
        "Các cấp ủy chú trọng kiểm tra, giám sát việc kê khai tài sản, thu nhập của cán bộ thuộc diện quản lý.",
        "Đoàn kiểm tra đề nghị {Dc} sớm khắc phục những hạn chế đã được chỉ ra và báo cáo kết quả bằng văn bản.",
        "Công tác giám sát thường xuyên được chú trọng, giúp phát hiện sớm và ngăn ngừa vi phạm ngay từ cơ sở.",
        "Đoàn đã làm việc với {n} chi bộ trực thuộc và xem xét hồ sơ, tài liệu liên quan.",
    ],
    "to_chuc": [
        "Công tác phát triển đảng viên được quan tâm, nhất là trong đoàn viên thanh niên, người lao động ở doanh nghiệp.",
        "Việc luân chuyển, điều động cán bộ được thực hiện đúng quy trình, công khai, minh bạch.",
        "Sau sắp xếp, đầu mối bên trong các cơ quan tham mưu giảm {n} phòng, biên chế giảm {pct_small}%.",
        "Các lớp bồi dưỡng lý luận chính trị cho đảng viên mới được tổ chức thường xuyên tại {D}.",
        "Công tác quản lý đảng viên đi làm ăn xa được các chi bộ theo dõi chặt chẽ.",
        "Việc rà soát, bổ sung quy hoạch cán bộ nhiệm kỳ {next_term} được thực hiện theo phương châm “động” và “mở”.",
        "Đội ngũ cán bộ làm công tác tổ chức được bồi dưỡng nghiệp vụ, nâng cao kỹ năng tham mưu.",
    ],
    "tuyen_giao": [
        "Đội ngũ báo cáo viên được cung cấp thông tin kịp thời về tình hình thời sự trong nước và quốc tế.",
        "Công tác nắm bắt tình hình tư tưởng, dư luận xã hội được duy trì thường xuyên, phản ánh kịp thời với cấp ủy.",
        "Lực lượng nòng cốt trong đấu tranh phản bác các quan điểm sai trái, thù địch trên không gian mạng hoạt động ngày càng hiệu quả.",
        "Các tập thể, cá nhân điển hình trong học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh được biểu dương kịp thời.",
        "Mỗi cơ quan, đơn vị đều đăng ký việc làm cụ thể để học tập và làm theo Bác.",
        "Cuộc thi tìm hiểu lịch sử Đảng bộ {unit} thu hút hơn {big} lượt người tham gia.",
        "Nhiều bài viết tham gia bảo vệ nền tảng tư tưởng của Đảng được đăng tải trên báo chí và mạng xã hội.",
    ],
    "dan_van": [
        "Phong trào thi đua “Dân vận khéo” được triển khai rộng khắp, có {n2} mô hình được công nhận.",
        "Người đứng đầu cấp ủy, chính quyền đã tổ chức {n} cuộc đối thoại trực tiếp với Nhân dân.",
        "Quy chế dân chủ ở cơ sở được thực hiện nghiêm túc, phát huy quyền làm chủ của Nhân dân.",
        "Cán bộ dân vận thường xuyên bám cơ sở, lắng nghe tâm tư, nguyện vọng của đồng bào.",
    ],
    "kinh_te": [
        "Tỷ lệ giải ngân vốn đầu tư công đến nay đạt {pct}% kế hoạch vốn được giao.",
        "Nhiều dự án trọng điểm về giao thông, du lịch được đẩy nhanh tiến độ.",
        "Chương trình mỗi xã một sản phẩm có thêm {n} sản phẩm đạt hạng ba sao trở lên.",
        "Chỉ số cải cách hành chính và năng lực cạnh tranh cấp tỉnh tiếp tục được cải thiện.",
        "Tỷ lệ hộ nghèo giảm còn {pct_small}%, đời sống vật chất, tinh thần của Nhân dân được nâng lên.",
    ],
    "dai_hoi": [
        "Đại hội đã bầu Ban Chấp hành khóa mới gồm {n} đồng chí và bầu đoàn đại biểu đi dự đại hội cấp trên.",
        "Dự thảo văn kiện trình {cong_next} đã được lấy ý kiến rộng rãi của cán bộ, đảng viên và Nhân dân.",
        "Công tác nhân sự được chuẩn bị chu đáo, đúng quy trình, bảo đảm tính kế thừa và phát triển.",
        "Đến nay, {pct}% chi bộ trực thuộc đã tổ chức xong đại hội nhiệm kỳ {next_term}.",
        "Các cấp ủy tiếp tục thực hiện nghiêm {doc}, chủ động nắm bắt tình hình tư tưởng trong quá trình chuẩn bị đại hội.",
    ],
    "noi_chinh": [
        "Các cơ quan chức năng đã phát hiện, xử lý {n} vụ việc có dấu hiệu tham nhũng, tiêu cực.",
        "Công tác tiếp công dân, giải quyết khiếu nại, tố cáo được thực hiện đúng quy định, không để phát sinh điểm nóng.",
        "Việc kiểm soát tài sản, thu nhập của người có chức vụ, quyền hạn được thực hiện chặt chẽ.",
        "Sự phối hợp giữa các cơ quan nội chính ngày càng chặt chẽ, nhịp nhàng.",
    ],
}
_MARKER_SENTENCES = [
    "Hồ sơ của hội nghị được lưu trữ với ký hiệu {w} tại bộ phận văn thư.",
    "Tài liệu tham khảo mang mã {w} được gửi kèm đến các chi bộ.",
    "Biên bản cuộc họp được đánh số {w} theo quy định về công tác văn thư.",
]
_COMMENTS = [
    "Bài viết rất thiết thực, mong các cấp ủy tiếp tục quan tâm hơn nữa đến cơ sở.",
    "Cảm ơn tác giả đã phản ánh kịp thời, tôi rất đồng tình với các giải pháp nêu trong bài.",
    "Mong rằng những mô hình hay như thế này sẽ được nhân rộng ở nhiều địa phương khác.",
]
_COMMENT_SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Vũ", "Đỗ"]
_COMMENT_MIDDLES = ["Văn", "Thị", "Minh", "Hoàng", "Ngọc"]
_COMMENT_GIVENS = ["An", "Bích", "Chi", "Doanh", "Giao", "Khôi", "Lộc", "Nhàn", "Phụng", "Sương", "Uyên", "Xuyến"]


# --- tone style ----------------------------------------------------------------

_TONES = "\u0300\u0301\u0309\u0303\u0323"


def _tone_table() -> dict[str, str]:
    """ "òa" -> "oà", "ủy" -> "uỷ", "Ủy" -> "Uỷ", "ỦY" -> "UỶ": the new tone placement."""
    table = {}
    for tone in _TONES:
        for first, seconds in (("o", "ae"), ("u", "y"), ("O", "AEae"), ("U", "Yy")):
            for second in seconds:
                old = unicodedata.normalize("NFC", first + tone) + second
                table[old] = first + unicodedata.normalize("NFC", second + tone)
    return table


_NEW_TONES = _tone_table()
_NEW_TONES_RE = re.compile("[" + "".join(sorted({old[0] for old in _NEW_TONES})) + r"][aeyAEY](?!\w)")


def new_tone_style(text: str) -> str:
    return _NEW_TONES_RE.sub(lambda m: _NEW_TONES.get(m.group(), m.group()), text)


# --- generation ------------------------------------------------------------------


def _article_rng(seed: int, index: int) -> random.Random:
    return random.Random(f"vn-party-corpus:{seed}:{index}")


def _marker_plan(rng: random.Random) -> dict[str, int]:
    """Marker word -> occurrences, drawn first from the article's generator."""
    plan = {}
    for word, (share, most) in MARKERS.items():
        if rng.random() < share:
            plan[word] = rng.randint(1, most)
    return plan


def marker_counts(n: int, seed: int = 1) -> dict[str, MarkerCount]:
    """In how many of the first ``n`` articles, and how often, each marker word occurs."""
    articles = dict.fromkeys(MARKERS, 0)
    occurrences = dict.fromkeys(MARKERS, 0)
    for index in range(n):
        for word, count in _marker_plan(_article_rng(seed, index)).items():
            articles[word] += 1
            occurrences[word] += count
    return {word: MarkerCount(articles[word], occurrences[word]) for word in MARKERS}


def _random_day(rng: random.Random) -> dt.date:
    return FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))


def _provincial_congress(province: _Province, day: dt.date) -> tuple[int, int]:
    """(number, first year of term) of the province's latest congress on a day."""
    if province.merged:
        return 1, 2025  # the merged provinces hold their first congress in 2025
    start = max(year for year in (2005, 2010, 2015, 2020, 2025) if dt.date(year, 10, 15) <= day or year == 2005)
    base = 15 + zlib.crc32(province.slug.encode()) % 6  # the congress elected in 2020
    return base + (start - 2020) // 5, start


def _national_congress(day: dt.date) -> int:
    return max(number for opening, number in _NATIONAL_CONGRESSES if opening <= day)


class _Writer(dict):
    """Fills sentence templates: fixed slots are items, the others are drawn
    on each use by ``__missing__``, which also records the truth they carry."""

    def __init__(self, rng: random.Random, province: _Province, organ_kind: str, day: dt.date):
        self.rng, self.province, self.day = rng, province, day
        self.documents: list[str] = []
        self.congresses: dict[tuple, str | None] = {}  # (level, organisation, number) -> term
        self.recording = True
        self.legacy = day < MERGER
        cong_number, cong_start = _provincial_congress(province, day)
        self.cong_number, self.cong_start = cong_number, cong_start
        self.national = _national_congress(day)
        # Congress preparations run in the year before a provincial congress.
        self.congress_season = (day.year % 5 == 0 and day < dt.date(day.year, 10, 15)) or (
            day.year % 5 == 4 and day.month >= 6
        )
        organ_text = ORGAN_NAMES[organ_kind]
        if organ_kind == "dang_uy_khoi" and day.year < 2021:
            organ_text = "Đảng ủy Khối các cơ quan tỉnh"
        if province.city:
            organ_text = organ_text.replace("Tỉnh ủy", "Thành ủy").replace(" tỉnh", " thành phố")
        self.organ_text = organ_text
        organ_with_province = f"{organ_text} {province.text}"
        super().__init__(
            P=province.text,
            PA=province.admin,
            TU=province.committee,
            unit=province.unit,
            UNIT=province.unit.upper(),
            O=organ_with_province,
            year=day.year,
            prev=day.year - 1,
            party_age=day.year - 1930,
            next_term=f"{cong_start + 5} - {cong_start + 10}" if not province.merged else "2025 - 2030",
            na_term=int_to_roman(12 + (day.year - 2006) // 5),  # the National Assembly, not a Party congress
        )
        self.topic = "hoi_nghi"
        self.central_documents = [document[1:] for document in _CENTRAL_DOCUMENTS if document[0] <= day]
        self.positions = _positions(province.committee, province.unit)
        self.used: set[str] = set()  # sentence templates already on the page

    # Drawn slots -----------------------------------------------------------------

    def __missing__(self, key: str) -> str:
        return getattr(self, "_" + key)()  # a drawn slot: self._name(), self._doc(), ...

    def pick(self, items):
        """random.choice, at half the cost (a page draws a few hundred times)."""
        return items[int(self.rng.random() * len(items))]

    def num(self, low: int, high: int) -> int:
        return low + int(self.rng.random() * (high - low + 1))

    def fill(self, template: str) -> str:
        """A sentence or title from a template, capitalised."""
        text = template.format_map(self)
        return text[0].upper() + text[1:] if template[0] == "{" else text

    def _name(self) -> str:
        rng = self.rng
        while True:
            if rng.random() < 0.6:
                name = f"{self.pick(_SURNAMES)} {self.pick(_MALE_MIDDLES)} {self.pick(_MALE_GIVEN)}"
            else:
                name = f"{self.pick(_SURNAMES)} {self.pick(_FEMALE_MIDDLES)} {self.pick(_FEMALE_GIVEN)}"
            if not _names_a_province(name):
                return name

    def pen_name(self) -> str:
        while True:
            name = f"{self.pick(_PEN_FIRSTS)} {self.pick(_PEN_SECONDS)}"
            if not _names_a_province(name) and len(set(name.split())) == 2:
                return name

    def _position(self) -> str:
        position = self.pick(self.positions)
        return position.format_map(self) if "{" in position else position

    def _leader(self) -> str:
        return f"đồng chí {self._name()}, {self._position()}"

    def _leader_cap(self) -> str:
        return f"Đồng chí {self._name()}, {self._position()},"

    def _district(self) -> tuple[str, str]:
        if self.legacy and self.province.districts:
            return self.pick(self.province.districts)
        if self.province.communes:
            return self.pick(self.province.communes)
        return ("huyện", "miền núi")  # a province with no listed units (none today)

    def _D(self) -> str:
        unit_type, name = self._district()
        return f"{unit_type} {name}" if name != "miền núi" else "các huyện miền núi"

    def _Dc(self) -> str:
        unit_type, name = self._district()
        committee = _COMMITTEE_OF_UNIT.get(unit_type)
        return f"{committee} {name}" if committee else f"Đảng ủy {unit_type} {name}"

    def _W(self) -> str:
        if self.province.communes:
            unit_type, name = self.pick(self.province.communes)
            return f"{unit_type} {name}"
        return self._D()

    def _other(self) -> str:
        """Another province, visited in passing."""
        places = _places()
        pool = places.legacy if self.legacy else places.current
        other = self.pick(pool)
        while other.slug == self.province.slug:
            other = self.pick(pool)
        return other.admin

    def _n(self) -> str:
        return str(self.num(2, 40))

    def _n2(self) -> str:
        return str(self.num(12, 480))

    def _n_small_roman(self) -> str:
        return int_to_roman(self.num(4, 9))

    def _k(self) -> str:
        return str(self.pick([3, 5, 5, 10]))

    def _badge(self) -> str:
        return str(self.pick([30, 40, 45, 50, 55, 60, 65, 70, 75]))

    def _hundreds(self) -> str:
        return f"{self.num(300, 4_800):,}".replace(",", ".")

    def _big(self) -> str:
        return f"{self.num(1_000, 98_000):,}".replace(",", ".")

    def _pct(self) -> str:
        return f"{self.num(80, 99)},{self.num(1, 9)}"

    def _pct_small(self) -> str:
        return f"{self.num(1, 9)},{self.num(1, 9)}"

    def _q(self) -> str:
        return int_to_roman((self.day.month - 1) // 3 + 1)

    def _m(self) -> str:
        return f"{self.day.month}/{self.day.year}"

    def _dm_later(self) -> str:
        later = self.day + dt.timedelta(days=self.num(20, 90))
        return f"{later.day}/{later.month}/{later.year}"

    def _event(self) -> str:
        return self.pick(_EVENTS[self.topic]).format_map(self)

    # Slots that carry truth ------------------------------------------------------

    def _doc_choice(self) -> tuple[str, str, str]:
        return self.pick(self.central_documents)

    def _record_document(self, number_phrase: str) -> None:
        if self.recording:
            number = number_phrase.rsplit(" ", 1)[1]
            if number not in self.documents:
                self.documents.append(number)

    def _doc(self) -> str:
        number, issuer, subject = self._doc_choice()
        self._record_document(number)
        form = self.rng.random()
        if form < 0.4:
            return f"{number} {issuer} {subject}"
        if form < 0.7:
            return f"{number} {subject}"
        return f"{number} {issuer}"

    def _doc_short(self) -> str:
        number, issuer, _ = self._doc_choice()
        self._record_document(number)
        return f"{number} {issuer}"

    def _pdoc(self) -> str:
        kind, code = self.pick(_LOCAL_DOCUMENTS)
        number = f"{kind} {self.num(1, 420):02d}-{code}/TU"
        self._record_document(number)
        return f"{number} của {self.province.committee} {self.pick(_LOCAL_SUBJECTS)}"

    def _record_congress(self, level: str, organisation: str, number: int, term: str | None) -> None:
        if self.recording:
            key = (level, organisation, number)
            if self.congresses.get(key) is None:
                self.congresses[key] = term

    def _term_text(self, start: int) -> str:
        dash = self.pick([" - ", "-", " – "])
        return f"{start}{dash}{start + 5}"

    def _cong(self) -> str:
        """The resolution of the province's latest congress."""
        self._record_congress("provincial", "", self.cong_number, f"{self.cong_start}-{self.cong_start + 5}")
        named = f" {self.province.text}" if self.rng.random() < 0.4 else ""
        party = f"Đảng bộ {self.province.unit}{named}"
        if self.province.text.startswith("Thành phố"):
            party = f"Đảng bộ {self.province.text}"
        return (
            f"Nghị quyết Đại hội đại biểu {party} lần thứ {int_to_roman(self.cong_number)}, "
            f"nhiệm kỳ {self._term_text(self.cong_start)}"
        )

    def _cong_next(self) -> str:
        if self.province.merged:
            number, start = 1, 2025
        else:
            number, start = self.cong_number + 1, self.cong_start + 5
        self._record_congress("provincial", "", number, f"{start}-{start + 5}")
        return f"Đại hội đại biểu Đảng bộ {self.province.unit} lần thứ {int_to_roman(number)}, nhiệm kỳ {self._term_text(start)}"

    def _season(self) -> tuple[int, int]:
        """(number, first year) of the congress a title is about: the coming
        one while it is being prepared, else the latest."""
        if self.congress_season and not self.province.merged:
            return self.cong_number + 1, self.cong_start + 5
        return self.cong_number, self.cong_start

    def _cong_number(self) -> str:
        number, _ = self._season()
        self._record_congress("provincial", "", number, None)
        return int_to_roman(number)

    def _cong_term(self) -> str:
        number, start = self._season()
        self._record_congress("provincial", "", number, f"{start}-{start + 5}")
        return f"{start}-{start + 5}"

    def _bch_number(self) -> str:
        self._record_congress("provincial", "", self.cong_number, None)
        return int_to_roman(self.cong_number)

    def _natcong(self) -> str:
        self._record_congress("national", "", self.national, None)
        form = self.rng.random()
        if form < 0.5:
            return f"Nghị quyết Đại hội {int_to_roman(self.national)} của Đảng"
        return f"Nghị quyết Đại hội đại biểu toàn quốc lần thứ {int_to_roman(self.national)} của Đảng"

    def _cc(self) -> str:
        """A resolution of a plenum of the Central Committee elected by the latest national congress."""
        self._record_congress("national", "", self.national, None)
        return f"Nghị quyết Hội nghị Trung ương {self.num(2, 12)} khóa {int_to_roman(self.national)}"

    def snapshot(self) -> tuple[list[str], dict]:
        return list(self.documents), dict(self.congresses)

    def restore(self, state: tuple[list[str], dict]) -> None:
        self.documents, self.congresses = list(state[0]), dict(state[1])


def _when(rng: random.Random, day: dt.date, published: dt.date) -> str:
    part = rng.choice(["Sáng", "Chiều", "Ngày", "Ngày", "Tối"])
    if day == published and part != "Ngày" and rng.random() < 0.2:
        return f"{part} nay ({day.day}/{day.month})"
    return f"{part} {day.day}/{day.month}"


def _opens_with_organ(sentence: str) -> bool:
    """A sentence the extractor would read an organ from if it opened a paragraph."""
    return sentence.startswith(("{TU}", "Ban ", "Ủy ban", "Văn phòng", "Đảng ủy", "Đảng bộ", "{Dc}", "{leader_cap}"))


_SAFE_OPENERS = [s for s in _SAFE if not _opens_with_organ(s)]


def _paragraph(writer: _Writer, pool: list[str], opener_pool: list[str], size: int) -> str:
    """Sentences until ``size`` characters. A template is drawn again, before it
    is filled, while it was already used on the page (so a filled sentence,
    and the truth it recorded, always stays)."""
    used = writer.used
    opener = writer.pick(opener_pool)
    for _ in range(8):
        if opener not in used:
            break
        opener = writer.pick(opener_pool)
    used.add(opener)
    sentences = [writer.fill(opener)]
    length = len(sentences[0])
    while length < size:
        template = writer.pick(pool)
        for _ in range(8):
            if template not in used:
                break
            template = writer.pick(pool)
        used.add(template)
        sentence = writer.fill(template)
        sentences.append(sentence)
        length += len(sentence) + 1
    return " ".join(sentences)


def _byline(
    rng: random.Random, writer: _Writer, organ_kind: str, with_organ: bool, new_tones: bool
) -> tuple[str, list[str], str]:
    """(byline line, authors, format)."""
    province = writer.province
    if rng.random() < 0.6:
        authors = [writer.pen_name() for _ in range(rng.choice([1, 1, 1, 2]))]
    else:
        authors = [writer._name() for _ in range(rng.choice([1, 1, 2]))]
    if len(set(authors)) < len(authors):
        authors = authors[:1]
    if new_tones:  # before gluing: "HoàBan Tuyên giáo" must read "Hoà" too
        authors = [new_tone_style(author) for author in authors]
    names = " - ".join(authors)
    organ = writer.organ_text
    if with_organ:
        form = rng.choice(["paren", "paren", "dash", "comma-province", "glued"])
        if organ_kind == "dang_uy_khoi" and form == "paren":
            organ = "Đảng ủy Khối"
        if form == "paren":
            return f"{names} ({organ})", authors, form
        if form == "dash":
            return f"{names} - {organ}", authors, form
        if form == "comma-province":
            return f"{names}, {organ} {province.text}", authors, form
        return f"{names}{organ} {province.text}", authors, form  # "Quốc TuấnBan Tuyên giáo Tỉnh ủy Kiên Giang"
    form = rng.choice(["names", "names", "prefixed"])
    if form == "prefixed":
        return f"{rng.choice(['Bài, ảnh', 'Tin, ảnh', 'Bài và ảnh'])}: {names}", authors, form
    return names, authors, form


def _date_line(rng: random.Random, day: dt.date, time: dt.time | None) -> tuple[str, str]:
    weekday = _WEEKDAYS[day.weekday()]
    if time is None:
        form = rng.choice(["weekday", "ngay"])
        if form == "weekday":
            return f"{weekday}, {day.day}/{day.month}/{day.year}", form
        return f"Ngày {_dmy(day)}", form
    form = rng.choice(["tick", "cap-nhat", "ngay-dang", "pipe", "weekday-gmt", "dang-luc"])
    if form == "tick":
        return f"{time.hour}:{time.minute:02d}' {day.day}/{day.month}/{day.year}", form
    if form == "cap-nhat":
        return f"Cập nhật: {weekday.capitalize()} {_dmy(day)} - {_hm(time)}", form
    if form == "ngay-dang":
        return f"Ngày đăng: {_dmy(day)} {_hm(time)}", form
    if form == "pipe":
        return f"{_hm(time)} | {_dmy(day)}", form
    if form == "weekday-gmt":
        return f"{weekday}, {_dmy(day)}, {_hm(time)} (GMT+7)", form
    return f"Đăng lúc: {_hm(time)} ngày {_dmy(day)}", form


def _organ_for(rng: random.Random, day: dt.date) -> str:
    kinds = list(ORGAN_NAMES)
    if day >= dt.date(2025, 3, 1):
        kinds = [k for k in kinds if k not in ("ban_tuyen_giao", "ban_dan_van", "dang_uy_khoi")]
    else:
        kinds = [k for k in kinds if k not in ("ban_tuyen_giao_dan_van", "dang_bo_co_quan_dang", "dang_bo_ubnd")]
    return rng.choice(kinds)


def _title(writer: _Writer, topic: str, organ_opens: bool) -> str:
    rng = writer.rng
    templates = [t for t in _TITLES[topic] if organ_opens or not t.startswith("{O}")]
    if not writer.congress_season:
        templates = [t for t in templates if "Đại hội đại biểu" not in t] or templates
    template = rng.choice(templates)
    if "{dcong_number}" in template:
        return _district_congress_title(writer)
    return writer.fill(template)


def _district_congress_title(writer: _Writer) -> str:
    unit_type, name = writer._district()
    level = "district" if unit_type in _COMMITTEE_OF_UNIT else "commune"
    number = 1 if not writer.legacy else 16 + zlib.crc32(name.encode()) % 12
    start = 2025 if not writer.legacy else max(2010, writer.cong_start)
    writer._record_congress(level, name, number, f"{start}-{start + 5}")
    return f"Đại hội đại biểu Đảng bộ {unit_type} {name} lần thứ {int_to_roman(number)}, nhiệm kỳ {start} - {start + 5}"


def _related_title(writer: _Writer) -> str:
    writer.recording = False
    topic = writer.rng.choice(list(_TITLES))
    template = writer.rng.choice([t for t in _TITLES[topic] if "{dcong_number}" not in t])
    title = writer.fill(template)
    writer.recording = True
    return title


def _reader(rng: random.Random) -> tuple[str, str, str]:
    name = f"{rng.choice(_COMMENT_SURNAMES)} {rng.choice(_COMMENT_MIDDLES)} {rng.choice(_COMMENT_GIVENS)}"
    mail = _fold(name).lower().replace(" ", "") + (str(rng.randint(1, 99)) if rng.random() < 0.5 else "")
    return name, f"{mail}@example.com", rng.choice(_COMMENTS)


def generate_one(index: int, seed: int = 1) -> GeneratedArticle:
    """Article ``index`` of the corpus of ``seed``."""
    rng = _article_rng(seed, index)
    plan = _marker_plan(rng)  # first, so marker_counts() needs nothing else
    published = _random_day(rng)
    places = _places()
    province = rng.choice(places.legacy if published < MERGER else places.current)
    organ_kind = _organ_for(rng, published)
    topic = rng.choice(_ORGAN_TOPICS[organ_kind])
    new_tones = zlib.crc32(province.slug.encode()) % 10 < 3  # a site's habit
    time = None if rng.random() < 0.25 else dt.time(rng.randint(6, 21), rng.randint(0, 59))

    writer = _Writer(rng, province, organ_kind, published)
    writer.topic = topic

    # Where the extractor can read the organ from: the byline, the opening of
    # the title or lead, or the site's banner. Only the article's own organ
    # ever stands in those places.
    evidence = rng.choices(["byline", "lead", "site"], weights=[6, 3, 2])[0]
    if evidence == "byline" and organ_kind not in _BYLINE_ORGANS:
        evidence = "lead"
    if evidence == "site" and organ_kind not in _SITE_ORGANS:
        evidence = "lead"
    organ_may_open = evidence != "site"

    title = _title(writer, topic, organ_opens=organ_may_open and rng.random() < 0.35)
    rubric = ""
    if rng.random() < 0.5:
        if topic == "dai_hoi" and writer.congress_season and not province.merged:
            number = writer.cong_number + 1
            writer._record_congress("provincial", "", number, None)
            rubric = f"Tiến tới Đại hội đại biểu Đảng bộ {province.unit} lần thứ {int_to_roman(number)}"
        elif dt.date(2020, 9, 1) <= published < dt.date(2021, 2, 1):
            writer._record_congress("national", "", 13, None)
            rubric = "Chào mừng Đại hội XIII của Đảng"
        else:
            rubric = writer.fill(rng.choice(_RUBRICS[topic]))

    # Body: a lead, then paragraphs until the target size.
    event_day = published - dt.timedelta(days=rng.choice([0, 0, 1]))
    writer["when"] = _when(rng, event_day, published)
    if evidence == "lead":
        lead_opening = rng.choice(_LEADS_WITH_ORGAN)
    elif evidence == "byline" and rng.random() < 0.5:
        lead_opening = rng.choice(_LEADS_WITH_ORGAN)
    else:
        lead_opening = rng.choice(_LEADS_WITHOUT_ORGAN)
    pool = _GENERAL + _TOPIC_SENTENCES[topic] * 3
    paragraphs = [_paragraph(writer, pool, [lead_opening], rng.randint(250, 600))]
    target = int(rng.triangular(*_TARGET_RANGE, 3800))
    size = len(paragraphs[0].encode())
    while size < target:
        # The extractor reads an organ from the first three paragraphs' openings.
        openers = _SAFE_OPENERS if len(paragraphs) < 3 else pool
        before = writer.snapshot()
        paragraph = _paragraph(writer, pool, openers, rng.randint(350, 900))
        paragraphs.append(paragraph)
        size += len(paragraph.encode()) + 2
        if size > _CEILING_BEFORE_MARKERS:
            paragraphs.pop()  # and what it cited
            writer.restore(before)
            break
    documents, congresses = writer.documents, writer.congresses

    for word, count in plan.items():
        for _ in range(count):
            where = rng.randrange(1, len(paragraphs))
            sentence = rng.choice(_MARKER_SENTENCES).format(w=word)
            paragraphs[where] = f"{paragraphs[where]} {sentence}"

    byline_line, authors, byline_format = _byline(rng, writer, organ_kind, evidence == "byline", new_tones)
    byline_at_top = byline_format == "prefixed" and rng.random() < 0.3

    site_organ = organ_kind if evidence == "site" else rng.choice(sorted(_SITE_ORGANS & set(_ORGAN_TOPICS)))
    if published >= dt.date(2025, 3, 1) and site_organ in ("ban_tuyen_giao", "ban_dan_van", "dang_uy_khoi"):
        site_organ = "tinh_uy"
    if published < dt.date(2025, 3, 1) and site_organ in (
        "ban_tuyen_giao_dan_van",
        "dang_bo_co_quan_dang",
        "dang_bo_ubnd",
    ):
        site_organ = "tinh_uy"
    banner_writer = {"TU": province.committee.upper(), "P": province.text.upper(), "UNIT": province.unit.upper()}
    site_banner = rng.choice(_SITE_BANNERS[site_organ]).format_map(banner_writer)
    site_name = site_banner

    crawl_day = published + dt.timedelta(days=rng.randint(0, 900))
    crawl_weekday = _WEEKDAYS[crawl_day.weekday()]
    crawl_line = f"{crawl_weekday}, {'ngày ' if rng.random() < 0.5 else ''}{_dmy(crawl_day)}"
    date_line, date_format = _date_line(rng, published, time)
    # A site that prints the date above the headline prints a time or a label
    # with it, and has no kicker: otherwise no reader could tell it from the
    # site's "today".
    date_above_title = time is not None and not rubric and rng.random() < 0.15

    related = []
    for _ in range(3):
        related_day = published - dt.timedelta(days=rng.randint(1, 60))
        related.append((_related_title(writer), related_day))
    reader = None
    if rng.random() < 0.3:
        body_now = "\n".join(paragraphs)
        while True:
            reader = _reader(rng)
            if reader[0] not in body_now and reader[0] not in byline_line:
                break
    footer_owner = ORGAN_NAMES[site_organ]
    if province.city:
        footer_owner = footer_owner.replace("Tỉnh ủy", "Thành ủy").replace(" tỉnh", " thành phố")
    footer = (
        f"© {crawl_day.year} {footer_owner} {province.text}. Ghi rõ nguồn khi phát hành lại thông tin từ website này."
    )

    layout = Layout(
        host=f"{province.host}.example.vn",
        site_banner=site_banner,
        slogan=rng.choice(_SLOGANS),
        menu=_MENU[: rng.randint(5, len(_MENU))],
        crawl_line=crawl_line,
        date_line=date_line,
        date_format=date_format,
        date_above_title=date_above_title,
        byline_line=byline_line,
        byline_format=byline_format,
        byline_at_top=byline_at_top,
        organ_evidence=evidence,
        title_in_body=rng.random() < 0.1,
        blank_lines=rng.random() < 0.3,
        views=rng.randint(30, 25_000),
        views_before_byline=rng.random() < 0.3,
        related=related,
        comment=reader,
        furniture_order=rng.choice(["related-first", "comments-first"]),
        glued_tail=rng.random() < 0.05 and not byline_at_top,
        new_tones=new_tones,
        footer=footer,
    )
    if new_tones:
        title, rubric = new_tone_style(title), new_tone_style(rubric)
        paragraphs = [new_tone_style(p) for p in paragraphs]
        layout.byline_line = new_tone_style(layout.byline_line)
        layout.site_banner = new_tone_style(layout.site_banner)
        layout.related = [(new_tone_style(t), d) for t, d in layout.related]
        layout.footer = new_tone_style(layout.footer)
        site_name = layout.site_banner
    truth_congresses = [Congress(level, number, term) for (level, _organisation, number), term in congresses.items()]
    return GeneratedArticle(
        index=index,
        seed=seed,
        url=f"https://{layout.host}/tin-tuc/{slugify(title)}-{index + 1}.html",
        title=title,
        rubric=rubric,
        published=published,
        published_time=time,
        province_slug=province.slug,
        province=province.short_name,
        organ_kind=organ_kind,
        authors=authors,
        congresses=truth_congresses,
        documents=documents,
        paragraphs=paragraphs,
        markers=plan,
        site_name=site_name,
        layout=layout,
    )


def generate(n: int, seed: int = 1) -> Iterator[GeneratedArticle]:
    """The first ``n`` articles of the corpus of ``seed``."""
    for index in range(n):
        yield generate_one(index, seed)


# --- rendering -------------------------------------------------------------------


def _related_lines(article: GeneratedArticle) -> list[str]:
    style = article.index % 3
    lines = ["Tin cùng chuyên mục"]
    for title, day in article.layout.related:
        if style == 0:
            lines.append(f"- {title} ({_dmy(day)})")
        elif style == 1:
            lines.append(f"» {title}")
        else:
            lines.append(title)
    return lines


def _comment_lines(article: GeneratedArticle) -> list[str]:
    lines = ["Ý kiến bạn đọc"]
    if article.layout.comment:
        name, mail, text = article.layout.comment
        lines += [f"{name} ({mail})", text]
    lines += ["Họ tên", "Email", "Nội dung", "Gửi bình luận"]
    return lines


def render_text(article: GeneratedArticle) -> str:
    """The page as a scraper's text dump: header, headline, date, article, furniture."""
    layout = article.layout
    lines = [layout.crawl_line, layout.site_banner, layout.slogan, " | ".join(layout.menu)]
    lines.append(f"Trang chủ » {article.rubric or 'Tin tức'}")
    if layout.date_above_title:
        lines += [layout.date_line, article.title]
    else:
        if article.rubric:
            lines.append(article.rubric)
        lines += [article.title, layout.date_line]
    if layout.byline_at_top:
        lines.append(layout.byline_line)
    if layout.title_in_body:
        lines.append(article.title)
    for paragraph in article.paragraphs:
        lines.append(paragraph)
        if layout.blank_lines:
            lines.append("")
    views = f"Lượt xem: {layout.views:,}".replace(",", ".")
    if layout.views_before_byline:
        lines.append(views)
    if not layout.byline_at_top:
        if layout.glued_tail:
            lines.append(f"{layout.byline_line}   Ý kiến bạn đọc   Gửi ý kiến   In trang này")
        else:
            lines.append(layout.byline_line)
    if not layout.views_before_byline:
        lines.append(views)
    furniture = [_related_lines(article), ["In bài viết | Chia sẻ", "Về đầu trang"], _comment_lines(article)]
    if layout.furniture_order == "comments-first":
        furniture = [furniture[2], furniture[0], furniture[1]]
    for block in furniture:
        lines += block
    lines += [layout.footer, ""]
    return "\n".join(lines)


@functools.cache
def _menu_slug(item: str) -> str:
    return "" if item == "Trang chủ" else slugify(item)


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def render_html(article: GeneratedArticle) -> str:
    """The page as a site would serve it: a full HTML5 document."""
    layout = article.layout
    base = f"https://{layout.host}"
    iso = article.published_iso
    lead = article.paragraphs[0]
    description = lead[:157] + "…" if len(lead) > 160 else lead
    views = f"{layout.views:,}".replace(",", ".")
    menu = "\n".join(f'<li><a href="{base}/{_menu_slug(item)}">{_e(item)}</a></li>' for item in layout.menu)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="vi">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(article.title)} - {_e(article.site_name)}</title>",
        f'<meta name="description" content="{_e(description)}">',
        f'<meta property="og:title" content="{_e(article.title)}">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:url" content="{_e(article.url)}">',
        f'<meta property="og:site_name" content="{_e(article.site_name)}">',
        f'<meta property="article:published_time" content="{iso}">',
        f'<link rel="canonical" href="{_e(article.url)}">',
        f'<link rel="stylesheet" href="{base}/static/css/site.css">',
        "</head>",
        "<body>",
        f'<div class="topbar"><span class="today">{_e(layout.crawl_line)}</span></div>',
        '<header class="site-header">',
        f'<a class="logo" href="{base}/">{_e(layout.site_banner)}</a>',
        f'<p class="slogan">{_e(layout.slogan)}</p>',
        "</header>",
        f'<nav class="main-menu"><ul>\n{menu}\n</ul></nav>',
        "<main>",
        f'<div class="breadcrumb"><a href="{base}/">Trang chủ</a> » {_e(article.rubric or "Tin tức")}</div>',
        '<article class="post">',
    ]
    if article.rubric:
        parts.append(f'<p class="kicker">{_e(article.rubric)}</p>')
    parts += [
        f'<h1 class="post-title">{_e(article.title)}</h1>',
        f'<div class="post-meta"><time datetime="{iso}">{_e(layout.date_line)}</time>'
        f' <span class="views">Lượt xem: {views}</span></div>',
        '<div class="post-content">',
    ]
    parts += [f"<p>{_e(paragraph)}</p>" for paragraph in article.paragraphs]
    parts += [
        "</div>",
        f'<p class="author"><strong>{_e(layout.byline_line)}</strong></p>',
        '<div class="tools"><a href="javascript:window.print()">In bài viết</a> | <a href="#share">Chia sẻ</a></div>',
        "</article>",
        '<aside class="related">',
        "<h3>Tin cùng chuyên mục</h3>",
        "<ul>",
    ]
    for title, day in layout.related:
        parts.append(
            f'<li><a href="{base}/tin-tuc/{slugify(title)}.html">{_e(title)}</a> <span>({_dmy(day)})</span></li>'
        )
    parts += ["</ul>", "</aside>", '<section class="comments">', "<h3>Ý kiến bạn đọc</h3>"]
    if layout.comment:
        name, mail, text = layout.comment
        parts.append(
            f'<div class="comment"><b class="name">{_e(name)}</b> <span class="email">{_e(mail)}</span>'
            f"<p>{_e(text)}</p></div>"
        )
    parts += [
        f'<form class="comment-form" method="post" action="{base}/binh-luan">',
        '<label>Họ tên <input type="text" name="name"></label>',
        '<label>Email <input type="email" name="email"></label>',
        '<label>Nội dung <textarea name="content"></textarea></label>',
        '<button type="submit">Gửi bình luận</button>',
        "</form>",
        "</section>",
        "</main>",
        f'<footer class="site-footer"><p>{_e(layout.footer)}</p></footer>',
        f'<script src="{base}/static/js/site.js"></script>',
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts)


# --- files -----------------------------------------------------------------------


def page_name(article: GeneratedArticle, extension: str) -> str:
    return f"{article.index + 1:06d}-{slugify(article.title, 60)}.{extension}"


def _check_formats(formats: Iterable[str]) -> tuple[str, ...]:
    formats = tuple(formats)
    if not formats or set(formats) - {"txt", "html"}:
        raise ValueError(f"formats must be txt and/or html, not {formats!r}")
    return formats


def _page_files(job: tuple[int, int, int, tuple[str, ...]]) -> list[tuple[str, bytes]]:
    """(file name, bytes) of pages ``start`` to ``stop`` (a worker's share)."""
    start, stop, seed, formats = job
    files = []
    for index in range(start, stop):
        article = generate_one(index, seed)
        extension = formats[index % len(formats)]
        page = render_text(article) if extension == "txt" else render_html(article)
        files.append((page_name(article, extension), page.encode("utf-8")))
    return files


def _jsonl_lines(job: tuple[int, int, int, tuple[str, ...]]) -> bytes:
    start, stop, seed, _ = job
    lines = []
    for index in range(start, stop):
        article = generate_one(index, seed)
        record = {
            "url": article.url,
            "title": article.title,
            "html": render_html(article),
            "published": article.published_iso,
        }
        lines.append(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
    return b"".join(lines)


_CHUNK = 250


def _in_order(task, n: int, seed: int, formats: tuple[str, ...], workers: int) -> Iterator:
    """``task`` over chunks of the first ``n`` pages, in order, in ``workers`` processes.
    Page ``i`` depends on ``(seed, i)`` only, so the output does not depend on ``workers``."""
    jobs = [(start, min(start + _CHUNK, n), seed, formats) for start in range(0, n, _CHUNK)]
    if workers <= 1 or len(jobs) <= 1:
        yield from map(task, jobs)
        return
    import multiprocessing

    with multiprocessing.Pool(min(workers, len(jobs))) as pool:
        yield from pool.imap(task, jobs)


def write_folder(
    folder: Path, n: int, seed: int = 1, formats: Iterable[str] = ("txt", "html"), workers: int = 1
) -> list[Path]:
    """Write the first ``n`` pages into ``folder``, page ``i`` in ``formats[i % len(formats)]``.

    ``workers`` > 1 renders in that many processes; the files are the same.
    """
    formats = _check_formats(formats)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for files in _in_order(_page_files, n, seed, formats, workers):
        for name, data in files:
            path = folder / name
            path.write_bytes(data)
            paths.append(path)
    return paths


def write_jsonl(path: Path, n: int, seed: int = 1, workers: int = 1) -> Path:
    """Write the first ``n`` pages as JSON Lines: {"url", "title", "html", "published"}."""
    path = Path(path)
    with path.open("wb") as out:
        for lines in _in_order(_jsonl_lines, n, seed, ("html",), workers):
            out.write(lines)
    return path


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Write fictional Vietnamese Party-news pages for benchmarks.")
    parser.add_argument("target", type=Path, help="a folder (pages as files) or a .jsonl file")
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--formats", default="txt,html", help="for a folder: txt, html or txt,html")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="processes (default: all CPUs)")
    args = parser.parse_args(argv)
    if args.target.suffix == ".jsonl":
        write_jsonl(args.target, args.pages, args.seed, workers=args.workers)
    else:
        write_folder(args.target, args.pages, args.seed, args.formats.split(","), workers=args.workers)
    counts = marker_counts(args.pages, args.seed)
    print(json.dumps({word: vars(count) for word, count in counts.items()}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
