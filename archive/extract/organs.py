"""Party organs named on a page, mapped to the kinds in ``archive.vocabulary``.

The issuing or authoring body is, in order: the organ in the byline
("Quốc TuấnBan Tuyên giáo Tỉnh ủy Kiên Giang", "HY- VPTU"), the organ that
opens the title or the lead ("Chiều 2/7, Ban Tổ chức Tỉnh ủy tổ chức…"), or
nothing. A Ban named without "Tỉnh ủy" ("Ban Tổ chức Trung ương", "Ban Tổ chức
các huyện") is not a provincial organ.
"""

import re
from dataclasses import dataclass

from archive.text import fold, has_diacritics

_COMMITTEE = r"(?:tỉnh|thành)\s*ủy"

# Full names, most specific first, matched on text with old-style tones.
_NAMED = [
    ("ban_tuyen_giao_dan_van", rf"ban tuyên giáo và dân vận(?: {_COMMITTEE})?"),
    ("ban_thuong_vu", rf"ban thường vụ {_COMMITTEE}"),
    ("ban_to_chuc", rf"ban tổ chức {_COMMITTEE}"),
    ("ban_tuyen_giao", rf"ban tuyên giáo {_COMMITTEE}"),
    ("ban_dan_van", rf"ban dân vận {_COMMITTEE}"),
    ("uy_ban_kiem_tra", rf"ủy ban kiểm tra {_COMMITTEE}"),
    ("van_phong", rf"văn phòng {_COMMITTEE}"),
    ("ban_noi_chinh", rf"ban nội chính {_COMMITTEE}"),
    ("dang_bo_co_quan_dang", r"đảng (?:bộ|ủy) các cơ quan đảng"),
    ("dang_bo_ubnd", r"đảng (?:bộ|ủy) (?:ubnd|ủy ban nhân dân) (?:tỉnh|thành phố)"),
    (
        "dang_uy_khoi",
        r"(?:ban thường vụ )?đảng (?:ủy|bộ) khối(?: các cơ quan và doanh nghiệp| các cơ quan| doanh nghiệp)?",
    ),
    ("tinh_uy", rf"(?:thường trực |ban chấp hành )?{_COMMITTEE}|ban chấp hành đảng bộ (?:tỉnh|thành phố)"),
]
# Signatures used in bylines, written in capitals.
_ABBREVIATIONS = [
    ("ban_tuyen_giao_dan_van", r"BTGDV(?:TU)?"),
    ("ban_thuong_vu", r"BTV ?TU"),
    ("ban_to_chuc", r"BTC ?TU"),
    ("ban_tuyen_giao", r"BTG ?TU|BTG"),
    ("ban_dan_van", r"BDV ?TU|BDV"),
    ("uy_ban_kiem_tra", r"UBKT ?TU|UBKT(?= (?:Tỉnh|Thành) ủy)"),
    ("van_phong", r"VP ?TU"),
    ("ban_noi_chinh", r"BNC ?TU"),
    ("dang_uy_khoi", r"ĐUK"),
]
# In a byline the organ is often shortened: "Ban Tuyên giáo", "Đảng ủy Khối".
_BYLINE_SHORT = [
    ("ban_to_chuc", r"ban tổ chức"),
    ("ban_tuyen_giao", r"ban tuyên giáo"),
    ("ban_dan_van", r"ban dân vận"),
    ("uy_ban_kiem_tra", r"ủy ban kiểm tra"),
    ("ban_noi_chinh", r"ban nội chính"),
]


def _compile(patterns, flags) -> re.Pattern:
    return re.compile("|".join(f"(?P<{kind}__{i}>{pattern})" for i, (kind, pattern) in enumerate(patterns)), flags)


_NAMED_RE = _compile(_NAMED, re.IGNORECASE)
_ABBREVIATION_RE = re.compile(r"(?<![A-ZĐ])(?:" + _compile(_ABBREVIATIONS, 0).pattern + r")(?![A-ZĐa-z])")
_BYLINE_RE = _compile(_NAMED + _BYLINE_SHORT, re.IGNORECASE)
# Text typed without diacritics ("Tinh uy Ha Nam to chuc …") is matched on
# folded patterns, and only such text: with diacritics the words are exact.
_FOLDED_NAMED_RE = re.compile(fold(_NAMED_RE.pattern), re.IGNORECASE)
_FOLDED_BYLINE_RE = re.compile(fold(_BYLINE_RE.pattern), re.IGNORECASE)
# A Ban of a lower or the central committee: "Ban Tuyên giáo Huyện ủy",
# "Ban Tổ chức Quận ủy", "Ban Tổ chức Trung ương", "Ban Dân vận Đảng ủy xã".
_NOT_PROVINCIAL_RE = re.compile(
    r"\s*(?:huyện\s*ủy|quận\s*ủy|thị\s*ủy|trung\s*ương|đảng\s*ủy\s+(?:xã|phường|thị\s*trấn|đặc\s*khu))(?!\w)",
    re.IGNORECASE,
)
_FOLDED_NOT_PROVINCIAL_RE = re.compile(fold(_NOT_PROVINCIAL_RE.pattern), re.IGNORECASE)


def _patterns(text: str) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """(named, byline, not provincial) patterns for text with or without diacritics."""
    if has_diacritics(text) or not text:
        return _NAMED_RE, _BYLINE_RE, _NOT_PROVINCIAL_RE
    return _FOLDED_NAMED_RE, _FOLDED_BYLINE_RE, _FOLDED_NOT_PROVINCIAL_RE


# "Chiều 2/7, ", "Từ ngày 12 đến 14/9, ", "Vừa qua, " before the subject of a
# lead, and a delegation sent by the organ: "đoàn công tác của Ban Tổ chức…".
_LEAD_ADVERBIAL_RE = re.compile(
    r"^(?:\(\w+\)\s*[-–]\s*)?"
    r"(?:(?:sáng|chiều|tối|trưa|ngày|hôm nay|vừa qua|mới đây|cuối|đầu|từ|trong|vào)[^,;.]{0,30},\s*)?"
    r"(?:(?:đoàn công tác|đoàn kiểm tra|đoàn giám sát|đoàn khảo sát|đoàn|lãnh đạo|thường trực)\s+(?:của\s+)?)?",
    re.IGNORECASE,
)


_FOLDED_LEAD_ADVERBIAL_RE = re.compile(fold(_LEAD_ADVERBIAL_RE.pattern), re.IGNORECASE)


@dataclass(frozen=True)
class OrganMatch:
    kind: str | None
    start: int
    end: int


def _kind(match: re.Match) -> str:
    return match.lastgroup.split("__")[0]


def find_organs(text: str) -> list[OrganMatch]:
    """Full organ names in running text, in order."""
    named_re = _patterns(text)[0]
    return [OrganMatch(_kind(m), m.start(), m.end()) for m in named_re.finditer(text)]


def find_in_byline(text: str) -> OrganMatch | None:
    """The organ of a byline, which starts where its first organ word does.

    The most specific name wins: in "Minh Khuê - Ban Tuyên giáo Đảng ủy Khối"
    the organ is the Đảng ủy Khối, whose Ban wrote it; in "UBKT Tỉnh ủy" it is
    the Ủy ban Kiểm tra, not the Tỉnh ủy. A Ban of a lower or the central
    committee ("Thanh Hà - Ban Tuyên giáo Huyện ủy") is an organ of no
    provincial kind: the match has ``kind`` None.
    """
    named_re, byline_re, not_provincial_re = _patterns(text)
    named = named_re.search(text)
    provincial, lower = None, None
    for match in byline_re.finditer(text):
        committee = not_provincial_re.match(text, match.end())
        if committee is None:
            provincial = match
            break
        lower = lower or (match.start(), committee.end())
    short = [m for m in (provincial, _ABBREVIATION_RE.search(text)) if m]
    matches = [*short, *([named] if named else [])]
    if not matches:
        return OrganMatch(None, *lower) if lower else None
    if named and _kind(named) != "tinh_uy":
        kind = _kind(named)
    elif short:
        kind = _kind(min(short, key=lambda m: m.start()))
    else:
        kind = _kind(named)
    return OrganMatch(kind, min(m.start() for m in matches), max(m.end() for m in matches))


def organ_opening(sentence: str) -> str | None:
    """The organ that is the subject of a title or lead sentence, if it opens it."""
    named_re = _patterns(sentence)[0]
    adverbial_re = _LEAD_ADVERBIAL_RE if named_re is _NAMED_RE else _FOLDED_LEAD_ADVERBIAL_RE
    for clause in re.split(r";\s*", sentence)[:3]:
        rest = clause[adverbial_re.match(clause).end() :]
        match = named_re.match(rest)
        if match:
            return _kind(match)
    return None
