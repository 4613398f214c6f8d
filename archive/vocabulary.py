"""Fixed vocabularies of the archive: kinds of Party organs and congress levels.

Organ kinds are named as the bodies name themselves (proper names, not
translated); congress levels are ordinary words and go through i18n.
"""

from django.utils.translation import gettext_lazy as _

# The years an article can be published in: the Party was founded in 1930, and
# a later year is a typo. The importer, the admin, the search box, the URLs and
# the calendar all use this one range.
FIRST_YEAR, LAST_YEAR = 1930, 2100

# code -> the body's own name, as written for a province (a centrally-run city
# says "Thành ủy" and "thành phố" instead, see organ_name()).
ORGAN_KINDS: dict[str, str] = {
    "tinh_uy": "Tỉnh ủy",
    "ban_thuong_vu": "Ban Thường vụ Tỉnh ủy",
    "ban_to_chuc": "Ban Tổ chức Tỉnh ủy",
    "ban_tuyen_giao": "Ban Tuyên giáo Tỉnh ủy",
    "ban_dan_van": "Ban Dân vận Tỉnh ủy",
    "ban_tuyen_giao_dan_van": "Ban Tuyên giáo và Dân vận Tỉnh ủy",
    "uy_ban_kiem_tra": "Ủy ban Kiểm tra Tỉnh ủy",
    "van_phong": "Văn phòng Tỉnh ủy",
    "ban_noi_chinh": "Ban Nội chính Tỉnh ủy",
    "dang_uy_khoi": "Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh",
    "dang_bo_co_quan_dang": "Đảng bộ các cơ quan Đảng tỉnh",
    "dang_bo_ubnd": "Đảng bộ Ủy ban nhân dân tỉnh",
}

NATIONAL, PROVINCIAL, DISTRICT, COMMUNE, GRASSROOTS = (
    "national",
    "provincial",
    "district",
    "commune",
    "grassroots",
)
CONGRESS_LEVELS = {
    NATIONAL: _("national"),
    PROVINCIAL: _("provincial"),
    DISTRICT: _("district"),
    COMMUNE: _("commune"),
    GRASSROOTS: _("grassroots"),
}
NATIONAL_PARTY = "Đảng Cộng sản Việt Nam"


def organ_name(kind: str, province_short_name: str | None = None, *, city: bool = False) -> str:
    """ "Ban Tổ chức Tỉnh ủy Ninh Bình", "Ban Tổ chức Thành ủy Hà Nội", or the
    bare kind name when the province is unknown."""
    name = ORGAN_KINDS[kind]
    if city:
        name = name.replace("Tỉnh ủy", "Thành ủy").replace(" tỉnh", " thành phố")
    return f"{name} {province_short_name}" if province_short_name else name


def party_committee_of(short_name: str, *, city: bool) -> str:
    """ "Đảng bộ tỉnh Kiên Giang", "Đảng bộ thành phố Hà Nội"."""
    return f"Đảng bộ {'thành phố' if city else 'tỉnh'} {short_name}"


ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_ROMAN_STEPS = ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman_to_int(numeral: str) -> int | None:
    """Value of a well-formed Roman numeral ("XIX" -> 19), None otherwise."""
    numeral = numeral.upper()
    if not numeral or any(c not in ROMAN_VALUES for c in numeral):
        return None
    total = 0
    for current, following in zip(numeral, numeral[1:] + " ", strict=True):
        value = ROMAN_VALUES[current]
        total += -value if following != " " and ROMAN_VALUES[following] > value else value
    return total if int_to_roman(total) == numeral else None


def int_to_roman(number: int) -> str:
    parts = []
    for value, letters in _ROMAN_STEPS:
        count, number = divmod(number, value)
        parts.append(letters * count)
    return "".join(parts)
