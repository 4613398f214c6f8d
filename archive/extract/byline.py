"""Bylines: the authors' names and the organ often glued to them.

Forms seen: "Mai Lan - Đức Lam", "HY- VPTU", "Quốc TuấnBan Tuyên giáo Tỉnh ủy
Kiên Giang" (no space before the organ), "Nguyễn Thị Thu Hào - Đảng ủy Khối",
"Hoàng Anh (Ban Tổ chức Tỉnh ủy)", "Bài, ảnh: Trần Văn Phúc", and a source
line "Theo Báo Nghệ An" that names no author.
"""

import re
from dataclasses import dataclass, field

from archive.extract import organs
from archive.text import canonical_tones

MAX_LENGTH = 120
PREFIX_RE = re.compile(
    r"^(?:bài(?:\s*(?:,|và)\s*ảnh)?|tin(?:\s*(?:,|và)\s*ảnh)?|tác giả|nhóm phóng viên|thực hiện)\s*:\s*",
    re.IGNORECASE,
)
# "Theo Báo Nghệ An", "(Nguồn: Tạp chí Xây dựng Đảng)": a capitalised name, no clause.
_SOURCE_RE = re.compile(r"^\(?\s*(?i:theo|nguồn)\s*:?\s+(?P<source>[A-ZĐ\u00c0-\u1ef9][^(),;]{1,80}?)\s*\)?\.?$")
_SEPARATOR_RE = re.compile(r"\s*(?:[-–—,;/]|\bvà\b)\s*")
# Signatures that stand for the newsroom, not a person.
GENERIC_SIGNATURES = {"pv", "p.v", "phóng viên", "ctv", "bbt", "ban biên tập", "nhóm pv", "tpv"}


@dataclass
class Byline:
    authors: list[str] = field(default_factory=list)
    organ_kind: str | None = None
    organ_text: str = ""
    source: str = ""


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
    if not match or not match["source"][0].isupper() or len(match["source"].split()) > 8:
        return None
    return match["source"]


def parse_byline(line: str) -> Byline | None:
    """The byline a line is, or None when the line is not a byline."""
    text = line.strip()
    if not text or len(text) > MAX_LENGTH:
        return None
    prefixed = PREFIX_RE.match(text)
    if prefixed:
        text = text[prefixed.end() :]
    elif text.endswith((".", ":", "?", "!", ";")) or len(text.split()) > 14:
        return None
    byline = Byline()
    organ = organs.find_in_byline(canonical_tones(text))  # same length, so positions hold
    names_part = text
    if organ:
        byline.organ_kind = organ.kind
        byline.organ_text = text[organ.start :].strip(" ()")
        names_part = text[: organ.start]
    names_part = names_part.strip(" ()-–—,:")
    if names_part.lower() in GENERIC_SIGNATURES:
        return Byline(organ_kind=byline.organ_kind, organ_text=byline.organ_text)
    if names_part:
        names = [n.strip(" ()") for n in _SEPARATOR_RE.split(names_part)]
        names = [n for n in names if n]
        if not names or not all(_is_name(n) for n in names):
            return None
        byline.authors = names
    if not byline.authors and not byline.organ_kind:
        return None
    if not prefixed and not byline.organ_kind and not _looks_like_people(byline.authors):
        return None
    return byline


def _looks_like_people(names: list[str]) -> bool:
    """A line of capitalised words alone is a byline only if it is short names
    ("Mai Lan - Đức Lam", "HY"), not a heading such as "Tin Tức Sự Kiện"."""
    return all(1 <= len(name.split()) <= 4 for name in names)
