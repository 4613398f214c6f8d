#!/usr/bin/env python3
"""Regenerate archive/data/gazetteer.json from the vietnamadminunits package.

The archive loads provinces (and the importer reads districts and communes) from
the vendored JSON file, so nothing is downloaded at run time. Run this only to
refresh the data after a new release of the package:

    .venv/bin/pip install vietnamadminunits==1.0.4
    .venv/bin/python scripts/build_gazetteer.py

It reads the package's own data files (the 63 legacy provinces with districts
and wards, the 34 units from 1 July 2025 and the legacy -> 2025 conversion) and
adds the aliases and validity dates that the package does not carry.
"""

import json
import sys
from importlib import metadata, resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.text import slugify_vi  # noqa: E402

OUTPUT = ROOT / "archive" / "data" / "gazetteer.json"

MERGER_EFFECTIVE = "2025-07-01"
LAST_LEGACY_DAY = "2025-06-30"

# Provinces created on 1 January 2004 (splits of Đắk Lắk, Cần Thơ and Lai Châu).
CREATED_2004 = {"tinhdaknong", "tinhhaugiang", "tinhdienbien", "tinhlaichau"}

# Spellings seen on real pages besides the official short name. Tone-placement
# variants (Khánh Hoà) and unaccented forms are matched by normalisation, so they
# are not listed.
ALIASES = {
    "thanhphohochiminh": [
        "Thành phố Hồ Chí Minh",
        "TP Hồ Chí Minh",
        "TP. Hồ Chí Minh",
        "TP.Hồ Chí Minh",
        "TP.HCM",
        "TP. HCM",
        "TP HCM",
        "TPHCM",
    ],
    "thanhphohue": ["Thừa Thiên Huế", "Thừa Thiên - Huế", "Thừa Thiên-Huế", "TT-Huế"],
    "tinhdaknong": ["Đăk Nông", "Đắc Nông", "Đắk Nông"],
    "tinhdaklak": ["Đăk Lăk", "Đắc Lắc", "Đắk Lăk", "Đăk Lắk"],
    "tinhbariavungtau": ["Bà Rịa-Vũng Tàu", "Bà Rịa – Vũng Tàu", "BR-VT", "BRVT"],
    "tinhbackan": ["Bắc Cạn"],
    "tinhkontum": ["Kontum"],
    "thanhphohanoi": ["Thủ đô Hà Nội"],
}

# Short names that also name something else on Party pages ("tư tưởng, đạo
# đức, phong cách Hồ Chí Minh"): only their prefixed forms identify the place.
NEEDS_PREFIX = {"thanhphohochiminh"}


def load(name: str) -> dict:
    path = resources.files("vietnamadminunits") / "data" / name
    return json.loads(path.read_text(encoding="utf-8"))


def kind_of(official_name: str) -> str:
    return "city" if official_name.startswith("Thành phố") else "province"


def province_row(key, info, *, slug, valid_from, valid_to) -> dict:
    return {
        "key": key,
        "slug": slug,
        "code": info["provinceCode"],
        "name": info["province"],
        "short_name": info["provinceShort"],
        "kind": kind_of(info["province"]),
        "valid_from": valid_from,
        "valid_to": valid_to,
        "aliases": ALIASES.get(key, []),
        "needs_prefix": key in NEEDS_PREFIX,
        "lat": info["provinceLat"],
        "lon": info["provinceLon"],
    }


def main() -> None:
    legacy = load("parser_legacy.json")
    current = load("parser_from_2025.json")
    conversion = load("converter_2025.json")["DICT_PROVINCE"]

    provinces, successions = [], []
    unchanged = {new for new, olds in conversion.items() if olds == [new]}
    for key, info in legacy["DICT_PROVINCE"].items():
        merged = key not in unchanged
        provinces.append(
            province_row(
                key,
                current["DICT_PROVINCE"][key] if not merged else info,
                slug=slugify_vi(info["provinceShort"]),
                valid_from="2004-01-01" if key in CREATED_2004 else None,
                valid_to=LAST_LEGACY_DAY if merged else None,
            )
        )
    for key, info in current["DICT_PROVINCE"].items():
        if key in unchanged:
            continue
        slug = slugify_vi(info["provinceShort"]) + "-2025"
        provinces.append(province_row(key, info, slug=slug, valid_from=MERGER_EFFECTIVE, valid_to=None))
        for old_key in conversion[key]:
            old_slug = slugify_vi(legacy["DICT_PROVINCE"][old_key]["provinceShort"])
            successions.append({"predecessor": old_slug, "successor": slug, "effective": MERGER_EFFECTIVE})

    slug_by_legacy_key = {p["key"]: p["slug"] for p in provinces if p["valid_from"] != MERGER_EFFECTIVE}
    slug_by_current_key = {
        key: (slug_by_legacy_key[key] if key in unchanged else slugify_vi(info["provinceShort"]) + "-2025")
        for key, info in current["DICT_PROVINCE"].items()
    }

    districts = []
    for province_key, units in legacy["DICT_PROVINCE_DISTRICT"].items():
        for info in units.values():
            districts.append([info["districtType"], info["districtShort"], slug_by_legacy_key[province_key]])

    legacy_wards = []
    for province_key, by_district in legacy["DICT_PROVINCE_DISTRICT_WARD_NO_ACCENTED"].items():
        for wards in by_district.values():
            for info in wards.values():
                if not isinstance(info["wardShort"], str):
                    continue  # island districts without wards carry NaN placeholders
                legacy_wards.append([info["wardType"], info["wardShort"], slug_by_legacy_key[province_key]])
    current_wards = []
    for province_key, wards in current["DICT_PROVINCE_WARD_NO_ACCENTED"].items():
        for info in wards.values():
            current_wards.append([info["wardType"], info["wardShort"], slug_by_current_key[province_key]])

    data = {
        "source": f"vietnamadminunits {metadata.version('vietnamadminunits')}, generated by scripts/build_gazetteer.py",
        "merger_effective": MERGER_EFFECTIVE,
        "provinces": [{k: v for k, v in p.items() if k != "key"} for p in provinces],
        "successions": successions,
        "districts": sorted(districts),
        "legacy_wards": sorted(legacy_wards),
        "current_wards": sorted(current_wards),
    }
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(
        f"{OUTPUT.relative_to(ROOT)}: {len(provinces)} provinces, {len(successions)} successions, "
        f"{len(districts)} districts, {len(legacy_wards)} legacy and {len(current_wards)} current wards"
    )


if __name__ == "__main__":
    main()
