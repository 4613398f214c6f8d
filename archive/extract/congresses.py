"""Party congresses mentioned on a page.

A congress is always a congress *of a Party organisation*: "Đại hội đại biểu
Đảng bộ tỉnh lần thứ XVII, nhiệm kỳ 2020 - 2025", "Đại hội XIII của Đảng",
"Đại hội Đảng bộ xã Bình Trị lần thứ XIV". A committee's term ("Ban Chấp hành
Đảng bộ tỉnh khóa XIX", "Hội nghị Trung ương 4 khóa XII", "Tỉnh ủy khóa XV")
points to the congress that elected it. National Assembly and People's Council
terms, Youth Union, Front, association and sports congresses name no Party
organisation and are never matched.
"""

import re
from dataclasses import dataclass, field, replace

from archive import gazetteer
from archive.extract.places import mentions as place_mentions
from archive.vocabulary import (
    COMMUNE,
    DISTRICT,
    GRASSROOTS,
    NATIONAL,
    NATIONAL_PARTY,
    PROVINCIAL,
    party_committee_of,
    roman_to_int,
)

_ORDINAL_WORDS = {"nhất": 1, "hai": 2, "ba": 3, "tư": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9, "mười": 10}
_ORDINAL = r"(?P<ord>[IVXLC]{1,7}|\d{1,3}|" + "|".join(_ORDINAL_WORDS) + r")(?!\w)"
_TERM = r"(?:\s*[,(]?\s*(?:nhiệm kỳ|nhiệm kì|NK)\s*:?\s*(?P<start>\d{4})\s*[-–—]\s*(?P<end>\d{4}))?"

# "Đại hội (đại biểu) Đảng bộ <organisation> lần thứ <n>" and the committee it
# elects, "Ban Chấp hành Đảng bộ <organisation> khóa <n>".
_ORGANISATION_RE = re.compile(
    r"(?=[đĐbB])"  # only for speed: the possible first letters
    r"(?:(?P<congress>đại hội(?: đại biểu)?)|ban chấp hành)\s+"
    r"(?P<org>(?:đảng bộ|chi bộ)(?:\s+[^\s,.;:!?]+){0,9}?)\s+"
    r"(?(congress)(?:lần thứ|khóa)|khóa)\s+" + _ORDINAL + _TERM,
    re.IGNORECASE,
)
# The organisation named before the congress it holds: "Đảng bộ xã Lộc Thạnh,
# huyện Lộc Ninh tổ chức Đại hội đại biểu lần thứ XVIII, nhiệm kỳ 2025 - 2030".
_HOLDS_CONGRESS_RE = re.compile(
    r"(?P<org>(?:đảng bộ|chi bộ)(?:\s+[^\s,.;:!?()]+){1,7}?)"
    r"(?:\s*[,(]\s*[^,.;:!?()]{1,40}?\)?)?"
    r"\s+(?:(?:đã|long trọng|trọng thể|chính thức)\s+)*tổ chức\s+(?:thành công\s+)?"
    r"đại hội(?: đại biểu)?\s+lần thứ\s+" + _ORDINAL + _TERM,
    re.IGNORECASE,
)
# Words that may open the organisation's name before its proper name.
_UNIT_WORDS = (
    "xã",
    "phường",
    "thị trấn",
    "đặc khu",
    "huyện",
    "quận",
    "thị xã",
    "thành phố",
    "tỉnh",
    "thôn",
    "bản",
    "ấp",
    "khu phố",
    "tổ dân phố",
    "khối",
)
# "Đại hội XIII của Đảng", "Đại hội đại biểu toàn quốc lần thứ XII của Đảng",
# "Đại hội Đảng toàn quốc lần thứ XIII", "Đại hội Đảng lần thứ XIII".
_NATIONAL_CONGRESS_RE = re.compile(
    r"đại hội(?: đại biểu)?(?:"
    r"(?: toàn quốc)?(?: lần thứ)? " + _ORDINAL + r" (?:của Đảng(?! bộ)|Đảng toàn quốc)"
    r"| Đảng(?: Cộng sản Việt Nam)?(?: toàn quốc)?(?: lần thứ)? " + _ORDINAL.replace("ord", "ord2") + r")" + _TERM,
    re.IGNORECASE,
)
# "Ban Chấp hành Trung ương Đảng khóa XII", "Nghị quyết Trung ương 4,6,7,8 khóa XII".
_CENTRAL_COMMITTEE_RE = re.compile(
    r"trung ương(?: Đảng)?(?:\s+(?:lần thứ\s+)?\d{1,2}(?:\s*,\s*\d{1,2})*)?\s+khóa\s+" + _ORDINAL,
    re.IGNORECASE,
)
# "Tỉnh ủy khóa XV", "Ban Thường vụ Tỉnh ủy Kiên Giang khóa X", "Thành ủy khóa XVII".
_PROVINCIAL_COMMITTEE_RE = re.compile(
    r"(?i:tỉnh|thành)\s*(?i:ủy)(?P<name>(?:\s+\w+){0,3}?)\s+(?i:khóa)\s+" + _ORDINAL + _TERM
)

_COMMUNE_WORDS = ("xã ", "phường ", "thị trấn ", "đặc khu ")
_DISTRICT_WORDS = ("huyện ", "quận ", "thị xã ", "khối ", "quân sự ", "công an ", "biên phòng ", "các cơ quan ")
_CITY_WORDS = ("thành phố", "tp")


@dataclass(frozen=True)
class CongressMention:
    level: str
    number: int
    term: tuple[int, int] | None
    organisation: str
    province_slug: str | None
    surface: str
    position: int = field(default=0, compare=False)

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.level, self.organisation, self.number)


def _number(text: str | None) -> int | None:
    if text is None:
        return None
    if text.isdigit():
        return int(text)
    return _ORDINAL_WORDS.get(text.lower()) or roman_to_int(text)


def _term(match: re.Match) -> tuple[int, int] | None:
    if match["start"] and match["end"]:
        start, end = int(match["start"]), int(match["end"])
        if 0 < end - start <= 10:
            return (start, end)
    return None


def _province_named(text: str) -> gazetteer.Place | None:
    found = place_mentions(text)
    return gazetteer.load().places[found[0].slug] if found else None


def _provincial(province: gazetteer.Place | None):
    if province is None:
        return PROVINCIAL, "Đảng bộ tỉnh", None
    return PROVINCIAL, party_committee_of(province.short_name, city=province.kind == "city"), province


def _classify(org: str, page_province: gazetteer.Place | None):
    """(level, organisation, province) of "Đảng bộ <words>" or "Chi bộ <words>"."""
    # Drop a parenthesised aside: "Đảng bộ xã Bình Trị (huyện Kiên Lương)".
    org = " ".join(re.sub(r"\([^)]*\)?", " ", org).split())
    if org.lower().startswith("chi bộ"):
        return GRASSROOTS, org, page_province
    words = org[len("Đảng bộ ") :]
    lowered = words.lower() + " "
    if not words:
        return None
    if lowered.startswith(_COMMUNE_WORDS):
        return COMMUNE, org, page_province
    if lowered.startswith(_DISTRICT_WORDS):
        return DISTRICT, org, page_province
    if lowered.startswith("tỉnh "):
        return _provincial(_province_named(words) or page_province)
    named = _province_named(words)
    if lowered.startswith(_CITY_WORDS):
        # A centrally-run city is a province; any other "thành phố" is a district.
        if named and named.kind == "city":
            return _provincial(named)
        if len(words.split()) <= 2 and page_province and page_province.kind == "city":
            return _provincial(page_province)  # "Đảng bộ thành phố" on a city's own site
        return DISTRICT, org, page_province
    if named and words.startswith(named.short_name):
        return _provincial(named)  # "Đảng bộ Kiên Giang"
    return GRASSROOTS, org, page_province


def _is_proper_organisation(org: str) -> bool:
    """ "Đảng bộ xã Lộc Thạnh", "Chi bộ thôn Đông", "Đảng bộ tỉnh": a unit word
    and a capitalised name, not a clause ("Đảng bộ xã chỉ đạo Đoàn xã")."""
    rest = org.split(maxsplit=2)[2:]
    name = rest[0] if rest else ""
    for unit in _UNIT_WORDS:
        if name.lower() == unit or name.lower().startswith(unit + " "):
            name = name[len(unit) :]
            break
    return all(word[0].isupper() or word[0].isdigit() for word in name.split())


def find_congresses(text: str, page_province: gazetteer.Place | None = None) -> list[CongressMention]:
    """Every Party congress the text mentions, once each, in order of first mention.

    A congress mentioned both with and without its term keeps the term.
    Patterns run on one line at a time: a rubric and a headline on consecutive
    lines are not one phrase.
    """
    found: list[CongressMention] = []
    offset = 0
    for line in text.split("\n"):
        found.extend(_find_in_line(line, offset, page_province))
        offset += len(line) + 1
    return _merge(found)


# Every pattern above needs one of these words: a line without them is skipped.
_CUE_RE = re.compile(r"đại hội|khóa", re.IGNORECASE)
# What _HOLDS_CONGRESS_RE needs, found much faster than the pattern itself.
_HOLDS_CUE_RE = re.compile(r"tổ chức\s+(?:thành công\s+)?đại hội", re.IGNORECASE)


def _find_in_line(line: str, offset: int, page_province: gazetteer.Place | None) -> list[CongressMention]:
    found = []
    if not _CUE_RE.search(line):
        return found

    def add(classified, number, term, match):
        level, organisation, province = classified
        if number:
            surface = " ".join(match.group().split())
            slug = province.slug if province else None
            found.append(CongressMention(level, number, term, organisation, slug, surface, offset + match.start()))

    national = (NATIONAL, NATIONAL_PARTY, None)
    for match in _NATIONAL_CONGRESS_RE.finditer(line):
        add(national, _number(match["ord"] or match["ord2"]), _term(match), match)
    for match in _CENTRAL_COMMITTEE_RE.finditer(line):
        add(national, _number(match["ord"]), None, match)
    for match in _ORGANISATION_RE.finditer(line):
        classified = _classify(match["org"], page_province)
        if classified:
            add(classified, _number(match["ord"]), _term(match), match)
    holds = _HOLDS_CONGRESS_RE.finditer(line) if _HOLDS_CUE_RE.search(line) else ()
    for match in holds:
        if _is_proper_organisation(match["org"]):
            classified = _classify(match["org"], page_province)
            if classified:
                add(classified, _number(match["ord"]), _term(match), match)
    for match in _PROVINCIAL_COMMITTEE_RE.finditer(line):
        name = match["name"].strip()
        if name and not all(word[0].isupper() for word in name.split()):
            continue  # "Tỉnh ủy đã họp khóa ..." is not a committee's name
        province = (_province_named(name) if name else None) or page_province
        add(_provincial(province), _number(match["ord"]), _term(match), match)
    return found


def _merge(found: list[CongressMention]) -> list[CongressMention]:
    """One mention per congress, keeping a term found anywhere. A shortened
    organisation ("Ban Chấp hành Đảng bộ xã khóa XV", "Đảng bộ Khối lần thứ IV")
    is the fuller one of the same level and number, when the page names
    exactly one that it begins."""
    organisations: dict[tuple[str, int], set[str]] = {}
    for mention in found:
        organisations.setdefault((mention.level, mention.number), set()).add(mention.organisation)
    merged: dict[tuple, CongressMention] = {}
    for mention in sorted(found, key=lambda m: m.position):
        same = organisations[(mention.level, mention.number)]
        fuller = [name for name in same if name.startswith(mention.organisation + " ")]
        if len(fuller) == 1:
            donor = next(m for m in found if m.organisation == fuller[0])
            mention = replace(mention, organisation=fuller[0], province_slug=donor.province_slug)
        existing = merged.get(mention.key)
        if existing is None:
            merged[mention.key] = mention
        elif existing.term is None and mention.term is not None:
            merged[mention.key] = replace(existing, term=mention.term)
    return list(merged.values())
