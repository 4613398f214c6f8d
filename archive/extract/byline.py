"""Bylines: the authors' names and the organ often glued to them.

Forms seen: "Mai Lan - Đức Lam", "HY- VPTU", "Quốc TuấnBan Tuyên giáo Tỉnh ủy
Kiên Giang" (no space before the organ), "Nguyễn Thị Thu Hào - Đảng ủy Khối",
"Hoàng Anh (Ban Tổ chức Tỉnh ủy)", "Bài, ảnh: Trần Văn Phúc", a magazine's
"TS. NGUYỄN VĂN KHÁNH" over the author's workplace ("Trường Chính trị tỉnh
Thái Bình"), and a source line "Theo Báo Nghệ An" that names no author.
"""

import re
from dataclasses import dataclass, field

from archive.extract import organs
from archive.text import canonical_tones

MAX_LENGTH = 120  # a byline without an organ
MAX_LENGTH_WITH_ORGAN = 200
MAX_WORDS = 14  # in the names
# The longest organ and province: "Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh Bà Rịa - Vũng Tàu".
MAX_ORGAN_WORDS = 20
PREFIX_RE = re.compile(
    r"^(?:bài(?:\s*(?:,|và)\s*ảnh)?|tin(?:\s*(?:,|và)\s*ảnh)?|tác giả|nhóm phóng viên|thực hiện)\s*:\s*",
    re.IGNORECASE,
)
# Academic titles before an author's name: "TS.", "ThS.", "PGS.TS", "PGS, TS", "GS.TSKH".
_ACADEMIC_TITLE_RE = re.compile(r"^(?:(?:GS|PGS|TSKH|TS|ThS|THS|Th\.S|NCS|CN|KS|BS|LS)\b\s*[.,]?\s*)+(?=\w)")
# The author's workplace on the line under a byline.
_AFFILIATION_RE = re.compile(
    r"^\(?(?:Trường|Học viện|Viện|Đại học|Ban|Sở|Văn phòng|Ủy ban|Báo|Đài|Tạp chí|Huyện ủy|Tỉnh ủy|Thành ủy|"
    r"Quận ủy|Thị ủy|Đảng ủy|Đảng bộ|Bộ|Cục|Vụ|Hội|Công an|Trung tâm|UBND|HĐND|MTTQ)\s"
)
AFFILIATION_MAX_WORDS = 12
# "Theo Báo Nghệ An", "(Nguồn: Tạp chí Xây dựng Đảng)": a capitalised name, no clause.
# "Cổng Thông tin điện tử Tỉnh ủy Bà Rịa - Vũng Tàu" is eleven words; a sentence is longer.
_MAX_SOURCE_WORDS = 12
_SOURCE_RE = re.compile(r"^\(?\s*(?i:theo|nguồn)\s*:?\s+(?P<source>[A-ZĐ\u00c0-\u1ef9][^(),;]{1,80}?)\s*\)?\.?$")
_TRAILING_ASIDE_RE = re.compile(r"\s*\((?P<aside>[^()]+)\)$")
# "PGS, TS Nguyễn Văn A": the comma between titles is no name separator.
_TITLE_COMMA_RE = re.compile(r"\b(?P<title>GS|PGS|TS)\s*,\s*(?=(?:PGS|TSKH|TS|ThS)\b)")
_SEPARATOR_RE = re.compile(r"\s*(?:[-–—,;/]|\bvà\b)\s*")
# Signatures that stand for the newsroom, not a person.
GENERIC_SIGNATURES = {"pv", "p.v", "phóng viên", "ctv", "bbt", "ban biên tập", "nhóm pv", "tpv"}


@dataclass
class Byline:
    authors: list[str] = field(default_factory=list)
    organ_kind: str | None = None
    organ_text: str = ""
    source: str = ""
    academic: bool = False  # an author signs with an academic title, as in magazines


def has_label(line: str) -> bool:
    """A line that announces itself as a byline: "Bài, ảnh: …", "TS. …"."""
    return bool(PREFIX_RE.match(line) or _ACADEMIC_TITLE_RE.match(line))


def is_affiliation(line: str) -> bool:
    """A workplace line such as "Trường Chính trị Trần Phú", not a sentence."""
    text = line.strip()
    return (
        bool(_AFFILIATION_RE.match(canonical_tones(text)))
        and len(text.split()) <= AFFILIATION_MAX_WORDS
        and not text.endswith((".", ":", ";", "!", "?"))
    )


def _without_title(name: str) -> tuple[str, bool]:
    """ "TS. NGUYỄN VĂN KHÁNH" -> ("Nguyễn Văn Khánh", True)."""
    match = _ACADEMIC_TITLE_RE.match(name)
    if match:
        name = name[match.end() :]
    words = name.split()
    if len(words) > 1 and name.isupper():
        name = " ".join(word.capitalize() for word in words)
    return name, bool(match)


def _is_name(text: str) -> bool:
    """One to six capitalised syllables ("Nguyễn Thị Thu Hào"), or a signature
    in capitals ("HY", "TH", "PV")."""
    words = text.split()
    if len(words) == 1 and words[0].isupper() and len(words[0]) <= 5:
        return words[0].isalpha()
    return 1 <= len(words) <= 6 and all(w[0].isupper() and w.isalpha() for w in words)


def parse_source(line: str) -> str | None:
    """ "Theo Báo Nghệ An" -> "Báo Nghệ An"."""
    match = _SOURCE_RE.match(line.strip())
    if not match or not match["source"][0].isupper() or len(match["source"].split()) > _MAX_SOURCE_WORDS:
        return None
    return match["source"]


def parse_byline(line: str) -> Byline | None:
    """The byline a line is, or None when the line is not a byline."""
    text = line.strip()
    if not text or len(text) > MAX_LENGTH_WITH_ORGAN:
        return None
    prefixed = PREFIX_RE.match(text)
    if prefixed:
        text = text[prefixed.end() :]
    elif _ACADEMIC_TITLE_RE.match(text):
        prefixed = _ACADEMIC_TITLE_RE.match(text)
    elif text.endswith((".", ":", "?", "!", ";")):
        return None
    byline = Byline()
    organ = organs.find_in_byline(canonical_tones(text))  # same length, so positions hold
    names_part = text
    if organ:
        byline.organ_kind = organ.kind
        byline.organ_text = text[organ.start :].strip(" ()")
        names_part = text[: organ.start]
    # Two full names and an organ make a long line ("Đặng Thị Hồng Dung - Trần
    # Thanh Lợi - Ủy ban Kiểm tra Tỉnh ủy"): the names and the organ are
    # limited each, the whole line only when it names no organ.
    too_long = (
        len(names_part.split()) > MAX_WORDS
        or len(byline.organ_text.split()) > MAX_ORGAN_WORDS
        or (organ is None and len(text) > MAX_LENGTH)
    )
    if too_long and not prefixed:
        return None
    names_part = names_part.strip(" -–—,:")
    workplace = _TRAILING_ASIDE_RE.search(names_part)
    if workplace and is_affiliation(workplace["aside"]):
        # "TS. Nguyễn Văn A (Học viện Chính trị khu vực I)"
        byline.organ_text = byline.organ_text or workplace["aside"]
        names_part = names_part[: workplace.start()]
    names_part = names_part.strip(" ()-–—,:")
    if names_part.lower() in GENERIC_SIGNATURES:
        return Byline(organ_kind=byline.organ_kind, organ_text=byline.organ_text)
    if names_part:
        names = [
            _without_title(n.strip(" ()")) for n in _SEPARATOR_RE.split(_TITLE_COMMA_RE.sub(r"\g<title> ", names_part))
        ]
        names = [(name, titled) for name, titled in names if name]
        if not names or not all(_is_name(name) for name, _ in names):
            return None
        byline.authors = [name for name, _ in names]
        byline.academic = any(titled for _, titled in names)
    if not byline.authors and not byline.organ_kind:
        return None
    if not prefixed and not byline.organ_kind and not _looks_like_people(byline.authors):
        return None
    return byline


def _looks_like_people(names: list[str]) -> bool:
    """A line of capitalised words alone is a byline only if it is short names
    ("Mai Lan - Đức Lam", "HY"), not a heading such as "Tin Tức Sự Kiện"."""
    return all(1 <= len(name.split()) <= 4 for name in names)
