"""Which province a page is about.

Evidence, from strongest to weakest: the Party body named with its province
("Tỉnh ủy Kiên Giang", "Đảng bộ tỉnh Nghệ An"), the province with an
administrative prefix ("tỉnh X", "TP.HCM") or a district that exists in only
one province ("huyện Kiên Lương", "Huyện ủy Kiên Lương"), the bare name, then
communes. Mentions in the title and byline weigh more than the body, places
the article only passes through weigh less, so the subject of the article wins
over incidental places. Too little evidence gives None: guessing is wrong.
"""

import datetime as dt
import functools
import re
from collections import defaultdict
from dataclasses import dataclass

from archive import gazetteer
from archive.text import alternation, canonical_tones, fold, has_diacritics

PARTY_PREFIX_WEIGHT = 4.0  # Tỉnh ủy X, Đảng bộ tỉnh X
ADMIN_PREFIX_WEIGHT = 3.0  # tỉnh X, thành phố X, TP.HCM
DISTRICT_WEIGHT = 3.0  # huyện X, where no other province has a district X
BARE_NAME_WEIGHT = 2.0
WARD_WEIGHT = 1.0
# A place the article only passes through: "tổ chức tại Hà Nội", "(Nghệ An)",
# "đi học tập kinh nghiệm tại Văn phòng Thành ủy Đà Nẵng".
INCIDENTAL_FACTOR = 0.25
# Less than this in all is not evidence enough: one bare name deep in the body
# (2.0) does not make a page about a province; a prefixed one (3.0) does.
MINIMUM_SCORE = 2.5
# Sections weighed at least this much (title, byline, site banner) name the
# subject whatever their wording, so nothing in them counts as incidental.
HEADLINE_FACTOR = 3.0

# The checks below run on folded, lower-case text, so they work the same on
# pages written with and without diacritics.
_PARTY_PREFIX_RE = re.compile(r"(?:(?:tinh|thanh)\s*uy|dang\s+bo(?:\s+(?:tinh|thanh\s+pho|tp\s*\.?))?)\s*$")
_ADMIN_PREFIX_RE = re.compile(r"(?:tinh|thanh\s+pho|tp\s*\.?)\s*$")
_LOCATIVE_RE = re.compile(r"(?:\b(?:tai|o|ra|den|tu|ve)\s+|\(\s*)$")
_VISIT_RE = re.compile(r"(?:hoc tap kinh nghiem|trao doi kinh nghiem|tham quan|giap ranh|giap voi)[^.;:!?]{0,60}$")
# Capitalised words that may stand right before a place name without making
# it part of a longer proper noun ("Tỉnh ủy Kiên Giang", "UBND tỉnh Long An").
_ALLOWED_BEFORE = {"tinh", "thanh", "pho", "tp", "uy", "dang", "bo", "ubnd", "hdnd", "mttq", "tu", "tw"}
_PREVIOUS_WORD_RE = re.compile(r"(\w+)(\W*)$")
_NEXT_WORD_RE = re.compile(r"^ (\w+)")
_PREFIXED_ALIAS_RE = re.compile(r"^(?:tp|thanh pho|thu do)\b")

# Words before a district or commune name, and the unit type they announce.
_UNIT_TYPES = {
    "huyện": "Huyện",
    "huyện ủy": "Huyện",
    "quận": "Quận",
    "quận ủy": "Quận",
    "thị xã": "Thị xã",
    "thị ủy": "Thị xã",
    "thành phố": "Thành phố",
    "thành ủy": "Thành phố",
    "xã": "Xã",
    "phường": "Phường",
    "thị trấn": "Thị trấn",
    "đặc khu": "Đặc khu",
}
_DISTRICT_TYPES = {"Huyện", "Quận", "Thị xã", "Thành phố"}


@dataclass(frozen=True)
class Mention:
    slug: str  # a legacy slug, or a 2025 slug for communes named after the merger
    weight: float
    start: int
    surface: str


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def _inside_longer_name(text: str, start: int, end: int) -> bool:
    """True when the match is part of a longer proper noun ("Thái Bình Dương",
    "Điện Biên Phủ", a person named "Nguyễn Hà Nam")."""
    if text[start:end].isupper() and end - start > 4:
        return False  # a headline in capitals: its neighbours are capitals too
    following = _NEXT_WORD_RE.match(text[end : end + 30])
    if following and _is_capitalised(following[1]) and not following[1].isupper():
        return True
    previous = _PREVIOUS_WORD_RE.search(text[max(0, start - 30) : start])
    if not previous or previous[2] != " " or not _is_capitalised(previous[1]):
        return False
    word = previous[1]
    if fold(word).lower() in _ALLOWED_BEFORE or word.isupper():
        return False
    # A capitalised word opening a sentence ("Tại Kiên Giang, ...") is not a name.
    before_word = text[: start - len(word) - 1].rstrip(" ")
    return not (before_word == "" or before_word[-1] in '.!?:;\n("“-–')


def _is_incidental(folded_before: str) -> bool:
    """A place the sentence only visits, or names in passing."""
    # "tại Hà Nội" and "tại tỉnh Nghệ An" alike: look past the prefix.
    without_prefix = _ADMIN_PREFIX_RE.sub("", _PARTY_PREFIX_RE.sub("", folded_before))
    return bool(
        _LOCATIVE_RE.search(folded_before) or _LOCATIVE_RE.search(without_prefix) or _VISIT_RE.search(folded_before)
    )


@dataclass(frozen=True)
class _Matcher:
    names: re.Pattern
    slug_by_form: dict[str, str]
    weight_by_form: dict[str, float | None]  # None: the form needs a prefix to count
    units: re.Pattern
    unit_type_by_word: dict[str, str]
    legacy_units: dict[tuple[str, str], str]  # (type, name) -> slug, only unambiguous names
    current_units: dict[tuple[str, str], str]


def _unit_index(units, key) -> dict[tuple[str, str], str]:
    slugs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for unit in units:
        slugs[(unit.type, key(unit.name))].add(unit.province_slug)
    return {k: next(iter(v)) for k, v in slugs.items() if len(v) == 1}


def _first_letters(words, *, ignore_case: bool = False) -> str:
    """A look-ahead for the first letter of any of the words (in either case
    for a pattern that ignores case)."""
    cases = (str.lower, str.upper) if ignore_case else (str,)
    letters = {case(word[0]) for word in words for case in cases}
    return "(?=[" + "".join(re.escape(letter) for letter in sorted(letters)) + "])"


@functools.cache
def _matcher(folded: bool) -> _Matcher:
    """Patterns for pages with diacritics (matched on one tone style) or
    without them (matched on folded text)."""
    gaz = gazetteer.load()
    key = fold if folded else canonical_tones
    slug_by_form: dict[str, str] = {}
    weight_by_form: dict[str, float | None] = {}
    for place in gaz.legacy():
        for form in (place.short_name, *place.aliases):
            if form == place.short_name and place.needs_prefix:
                weight = None
            elif _PREFIXED_ALIAS_RE.match(fold(form).lower()):
                weight = ADMIN_PREFIX_WEIGHT
            else:
                weight = BARE_NAME_WEIGHT
            for variant in {key(form), key(form).upper()}:
                slug_by_form[variant] = place.slug
                weight_by_form[variant] = weight
    unit_type_by_word = {key(word): unit_type for word, unit_type in _UNIT_TYPES.items()}
    # The leading look-ahead on the possible first letters is only for speed:
    # a pattern that opens with a look-behind is otherwise tried at every position.
    return _Matcher(
        names=re.compile(_first_letters(slug_by_form) + r"(?<![\w.])(?:" + alternation(slug_by_form) + r")(?!\w)"),
        slug_by_form=slug_by_form,
        weight_by_form=weight_by_form,
        # Only the type word is consumed, so "xã thuộc huyện Bát Xát" still
        # finds the district after the commune word.
        units=re.compile(
            _first_letters(unit_type_by_word, ignore_case=True)
            + r"(?<!\w)(?P<type>(?i:"
            + alternation(unit_type_by_word)
            + r"))(?=(?P<name>(?: \w+){1,4}))"
        ),
        unit_type_by_word=unit_type_by_word,
        legacy_units=_unit_index(gaz.districts + gaz.legacy_wards, key),
        current_units=_unit_index(gaz.current_wards, key),
    )


def prepare() -> None:
    """Build the place patterns now rather than on first use (both kinds: a
    page's site line is often unaccented)."""
    _matcher(False)
    _matcher(True)


def mentions(
    text: str, *, after_merger: bool = False, discount_incidental: bool = True, canonical: bool = False
) -> list[Mention]:
    """Every mention in the text of a place that identifies one province.

    Places named in passing count for less unless ``discount_incidental`` is
    off (a title or byline names its subject, whatever the wording).
    ``canonical`` says the text has been through ``canonical_tones`` already.
    """
    folded = bool(text) and not has_diacritics(text)
    matcher = _matcher(folded)
    if folded:
        text = fold(text)
    elif not canonical:
        text = canonical_tones(text)
    found: list[Mention] = []
    for match in matcher.names.finditer(text):
        form = match.group()
        before = fold(text[max(0, match.start() - 100) : match.start()]).lower()
        if _PARTY_PREFIX_RE.search(before):
            weight = PARTY_PREFIX_WEIGHT
        elif _ADMIN_PREFIX_RE.search(before):
            weight = ADMIN_PREFIX_WEIGHT
        elif matcher.weight_by_form[form] is None or _inside_longer_name(text, match.start(), match.end()):
            continue
        else:
            weight = matcher.weight_by_form[form]
        if discount_incidental and _is_incidental(before):
            weight *= INCIDENTAL_FACTOR
        found.append(Mention(matcher.slug_by_form[form], weight, match.start(), form))
    for match in matcher.units.finditer(text):
        unit_type = matcher.unit_type_by_word[match["type"].lower()]
        words = match["name"].split()
        capitalised = 0
        while capitalised < len(words) and (_is_capitalised(words[capitalised]) or words[capitalised].isdigit()):
            capitalised += 1
        # The longest run of capitalised words that names a known unit.
        for size in range(capitalised, 0, -1):
            name = " ".join(words[:size])
            slug = matcher.legacy_units.get((unit_type, name))
            if after_merger and unit_type not in _DISTRICT_TYPES:
                slug = matcher.current_units.get((unit_type, name), slug)
            if slug:
                weight = DISTRICT_WEIGHT if unit_type in _DISTRICT_TYPES else WARD_WEIGHT
                found.append(Mention(slug, weight, match.start(), f"{match['type']} {name}"))
                break
    return found


def detect_province(
    sections: list[tuple[str, float]], published: dt.date | None, *, canonical: bool = False
) -> gazetteer.Place | None:
    """The province a page is about, as in force on its publication date.

    ``sections`` are (text, factor) pairs such as the title (heavy), the byline,
    the lead and the rest of the body (light); ``canonical`` says their texts
    have been through ``canonical_tones`` already.
    """
    gaz = gazetteer.load()
    after_merger = published is not None and published >= gaz.merger_effective
    scores: dict[str, float] = defaultdict(float)
    first_seen: dict[str, int] = {}
    for text, factor in sections:
        found = mentions(
            text, after_merger=after_merger, discount_incidental=factor < HEADLINE_FACTOR, canonical=canonical
        )
        for mention in sorted(found, key=lambda m: m.start):
            slug = gaz.in_force(mention.slug, published)
            scores[slug] += mention.weight * factor
            first_seen.setdefault(slug, len(first_seen))
    if not scores:
        return None
    best = max(scores, key=lambda slug: (scores[slug], -first_seen[slug]))
    return gaz.places[best] if scores[best] >= MINIMUM_SCORE else None
