"""Party and state document numbers cited on a page.

Party documents: number, kind and issuer ("35-CT/TW", "2208-TB/TU",
"26-HD/BTCTW", "126-QĐ/TW", "08-HD/UBKTTW"). State documents: number, year and
issuer ("202/2025/QH15", "19/2025/QĐ-TTg", "123/2020/NĐ-CP"), or number, kind
and issuer without a year ("1456/QĐ-UBND", "45/KH-UBND", "12/NQ-HĐND").
"""

import re

PARTY_KINDS = (
    "NQLT",
    "HDLT",
    "CTr",
    "TTr",
    "QĐi",
    "NQ",
    "CT",
    "KL",
    "QĐ",
    "QC",
    "QyĐ",
    "HD",
    "TB",
    "BC",
    "KH",
    "ĐA",
    "CV",
    "TT",
    "TC",
    "ĐK",
)
# Each pattern opens with a look-ahead for a digit: only for speed, as a
# pattern that opens with a look-behind is otherwise tried at every position.
_PARTY_RE = re.compile(
    r"(?=\d)(?<![\w/-])(?P<number>\d{1,5})\s*-\s*(?P<kind>" + "|".join(PARTY_KINDS) + r")\s*/\s*"
    r"(?P<issuer>[A-ZĐ][A-ZĐ0-9]{0,11}(?:-[A-ZĐ0-9]{1,8})?)(?![\w/])"
)
_STATE_RE = re.compile(
    r"(?=\d)(?<![\w/-])(?P<number>\d{1,5})/(?P<year>(?:19|20)\d\d)/"
    r"(?P<issuer>[A-ZĐ]{1,6}\d{0,3}(?:-[A-ZĐ][A-Za-zĐđ]{0,7}){0,2})(?![\w/])"
)

# Kinds of state documents numbered without the year: decisions, plans, reports…
STATE_KINDS = ("QĐ", "NQ", "CT", "KH", "TB", "BC", "HD", "CV", "TTr", "KL", "GM", "GP")
_STATE_NO_YEAR_RE = re.compile(
    r"(?=\d)(?<![\w/-])(?P<number>\d{1,5})/(?P<kind>" + "|".join(STATE_KINDS) + r")-"
    r"(?P<issuer>[A-ZĐ][A-Za-zĐđ0-9]{1,11})(?![\w/])"
)


def find_documents(text: str) -> list[str]:
    """Document numbers in order of first citation, each once, spaces removed."""
    found: list[tuple[int, str]] = []
    for pattern in (_PARTY_RE, _STATE_RE, _STATE_NO_YEAR_RE):
        for match in pattern.finditer(text):
            found.append((match.start(), re.sub(r"\s+", "", match.group())))
    seen: set[str] = set()
    ordered = []
    for _, number in sorted(found):
        if number not in seen:
            seen.add(number)
            ordered.append(number)
    return ordered
