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
# The three forms share one scan: a page is long and numbers are few. The
# pattern opens with a look-ahead for a digit only for speed, as a pattern
# that opens with a look-behind is otherwise tried at every position. At any
# one position at most one form can match (a dash, a year or a kind follows
# the number).
_PARTY = (
    r"\d{1,5}\s*-\s*(?:" + "|".join(PARTY_KINDS) + r")\s*/\s*"
    r"[A-ZĐ][A-ZĐ0-9]{0,11}(?:-[A-ZĐ0-9]{1,8})?"
)
_STATE = r"\d{1,5}/(?:19|20)\d\d/[A-ZĐ]{1,6}\d{0,3}(?:-[A-ZĐ][A-Za-zĐđ]{0,7}){0,2}"

# Kinds of state documents numbered without the year: decisions, plans, reports…
STATE_KINDS = ("QĐ", "NQ", "CT", "KH", "TB", "BC", "HD", "CV", "TTr", "KL", "GM", "GP")
_STATE_NO_YEAR = r"\d{1,5}/(?:" + "|".join(STATE_KINDS) + r")-[A-ZĐ][A-Za-zĐđ0-9]{1,11}"

_DOCUMENT_RE = re.compile(r"(?=\d)(?<![\w/-])(?:" + "|".join((_PARTY, _STATE, _STATE_NO_YEAR)) + r")(?![\w/])")
_SPACE_RE = re.compile(r"\s+")


def find_documents(text: str) -> list[str]:
    """Document numbers in order of first citation, each once, spaces removed."""
    return list(dict.fromkeys(_SPACE_RE.sub("", match.group()) for match in _DOCUMENT_RE.finditer(text)))
