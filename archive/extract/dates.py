"""Dates as Vietnamese news sites write them, with their precision.

Nothing here looks at today's date: a date without a year gets its year from
the page (``year_from_context``) or stays unknown.
"""

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from archive.text import fold, has_diacritics
from archive.vocabulary import FIRST_YEAR, LAST_YEAR

DAY, MONTH, YEAR, UNKNOWN = "day", "month", "year", "unknown"

MIN_YEAR, MAX_YEAR = FIRST_YEAR, LAST_YEAR

_MONTH_WORDS = {
    "giêng": 1,
    "một": 1,
    "hai": 2,
    "ba": 3,
    "tư": 4,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
    "mười một": 11,
    "mười hai": 12,
    "chạp": 12,
}
# Dates are matched on folded text ("tháng Bảy" and "thang Bay" alike): folding
# keeps every position of NFC Vietnamese text.
_FOLDED_MONTH_WORDS = {fold(word): number for word, number in _MONTH_WORDS.items()}
_MONTH_WORD = "|".join(sorted(_FOLDED_MONTH_WORDS, key=len, reverse=True))
# The date words, as written with and without diacritics. A word that only
# folds to one of them is another word: "Thắng 12/2020" is a name, not a month.
_DATE_WORDS = {"tháng", "năm", *_MONTH_WORDS}
_DATE_WORD_SPELLINGS = _DATE_WORDS | {fold(word) for word in _DATE_WORDS}
_FOLDED_DATE_WORDS = {fold(word) for word in _DATE_WORDS}
_WORD_RE = re.compile(r"[^\W\d_]+")
_SEP = r"\s*[/.\-]\s*"

_PATTERNS = [
    # 2019-12-13, 2019-12-13T08:30:00+07:00
    (
        DAY,
        re.compile(
            r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
            r"(?:[T ](?P<hh>\d{1,2}):(?P<mm>\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?!\d)"
        ),
    ),
    # 13/12/2019, 13-12-2019, 13.12.2019
    (DAY, re.compile(r"(?<![\d/.\-])(?P<d>\d{1,2})" + _SEP + r"(?P<m>\d{1,2})" + _SEP + r"(?P<y>\d{4})(?![\d/])")),
    # ngày 13 tháng 12 năm 2019, 13 tháng 12, 2019, 5 tháng Bảy năm 2021
    (
        DAY,
        re.compile(
            r"(?<!\d)(?P<d>\d{1,2})\s+thang\s+(?P<m>\d{1,2}|" + _MONTH_WORD + r")"
            r"(?:\s*,\s*(?:nam\s+)?|\s+nam\s+)(?P<y>\d{4})",
            re.IGNORECASE,
        ),
    ),
    # tháng 7/2020, tháng 7-2020, tháng 7 năm 2020, tháng Bảy năm 2020
    (
        MONTH,
        re.compile(
            r"thang\s+(?P<m>\d{1,2}|" + _MONTH_WORD + r")\s*(?:[/\-]\s*|\s+nam\s+)(?P<y>\d{4})(?!\d)",
            re.IGNORECASE,
        ),
    ),
]
# "6:59'", "16:47", "16h47", "16 giờ 47", "9 giờ 05 phút", "08:05 AM"
_TIME_RE = re.compile(
    r"(?<![\d/.])(?P<hh>\d{1,2})\s*(?::|h|giờ|gio)\s*(?P<mm>\d{2})(?::\d{2})?'?(?:\s*(?P<ampm>AM|PM|SA|CH))?(?![\d/])",
    re.IGNORECASE,
)
# A day and month without a year, as in "Chiều 2/7" or "Ngày 13-12".
_DAY_MONTH_RE = re.compile(r"(?<![\d/.\-])(?P<d>\d{1,2})\s*[/\-]\s*(?P<m>\d{1,2})(?![\d/.\-])")
_YEAR_RE = re.compile(r"(?<!\d)(?:19[3-9]\d|20\d\d)(?!\d)")
# "nhiệm kỳ 2020 - 2025", "giai đoạn 2016-2021": spans of years, not the page's year.
_YEAR_RANGE_RE = re.compile(r"(?<!\d)\d{4}\s*[-–—]\s*\d{4}(?!\d)")

# Matched on folded text, like the labels below.
_WEEKDAY_RE = re.compile(r"\b(?:thu\s*(?:hai|ba|tu|nam|sau|bay|2|3|4|5|6|7)|chu\s*nhat|CN)\b", re.IGNORECASE)


@dataclass(frozen=True)
class FoundDate:
    date: dt.date
    precision: str
    time: dt.time | None
    start: int
    end: int


def _month_number(text: str) -> int:
    return int(text) if text.isdigit() else _FOLDED_MONTH_WORDS[text.lower()]


def _make_date(year: int, month: int, day: int = 1) -> dt.date | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _parse_time(text: str) -> dt.time | None:
    match = _TIME_RE.search(text)
    if not match:
        return None
    hour, minute = int(match["hh"]), int(match["mm"])
    ampm = (match["ampm"] or "").upper()
    if ampm in ("PM", "CH") and hour < 12:
        hour += 12
    elif ampm in ("AM", "SA") and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


def _spelled_as_date(text: str) -> bool:
    """True unless a word of a matched date only folds to a date word."""
    for word in _WORD_RE.findall(text):
        lower = word.lower()
        if lower not in _DATE_WORD_SPELLINGS and fold(lower) in _FOLDED_DATE_WORDS:
            return False
    return True


def find_dates(text: str) -> list[FoundDate]:
    """Every complete date (day or month precision) in the text, in order."""
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    folded = fold(text)
    for precision, pattern in _PATTERNS:
        for match in pattern.finditer(folded):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            if not _spelled_as_date(text[match.start() : match.end()]):
                continue
            groups = match.groupdict()
            day = int(groups["d"]) if groups.get("d") else 1
            date = _make_date(int(groups["y"]), _month_number(groups["m"]), day)
            if date is None:
                continue
            time = None
            if groups.get("hh") and int(groups["hh"]) < 24 and int(groups["mm"]) < 60:
                time = dt.time(int(groups["hh"]), int(groups["mm"]))
            found.append(FoundDate(date, precision, time, match.start(), match.end()))
            taken.append((match.start(), match.end()))
    return sorted(found, key=lambda f: f.start)


def parse_date_line(line: str) -> FoundDate | None:
    """The date of a line that is essentially a date stamp, with its time if given.

    "6:59' 8/8/2020", "Cập nhật: Thứ sáu 13/12/2019 - 16:47" and
    "Thứ Ba, 12/10/2021, 08:15 (GMT+7)" are date stamps; a sentence that merely
    contains a date is not (see ``is_date_stamp``).
    """
    dates = find_dates(line)
    if not dates:
        return None
    first = dates[0]
    time = first.time or _parse_time(line[: first.start] + " " + line[first.end :])
    return FoundDate(first.date, first.precision, time, first.start, first.end)


# What may stand next to the date in a date stamp, matched on folded text:
# labels, weekday words, clock words, a time zone and the page's view counter
# ("Ngày đăng: 05/03/2022 08:15   Lượt xem: 1.234").
_STAMP_NOISE_RE = re.compile(
    r"(?:so\s+)?luot\s+(?:xem|doc|truy\s*cap)\s*:?\s*[\d.,]*|[\d.,]+\s*(?:luot xem|views?)|"
    r"cap nhat(?: luc)?|ngay dang|dang ngay|dang luc|dang|ngay xuat ban|xuat ban|thoi gian|hom nay|"
    r"ngay|thang|nam|luc|phut|gmt\s*[+-]?\s*\d*|utc\s*[+-]?\s*\d*|am|pm|sa|ch|gio|[\d\s:/.,|()'\-–—h+]",
    re.IGNORECASE,
)
# A stamp that says it is the article's: "Cập nhật: …", "Ngày đăng: …", "Đăng lúc …".
PUBLISH_LABEL_RE = re.compile(
    r"^\s*(?:ngay cap nhat|cap nhat|ngay dang|dang ngay|dang luc|ngay xuat ban|xuat ban|thoi gian dang|"
    r"posted|published)",
    re.IGNORECASE,
)
# A stamp that says it is the site's today: "Hôm nay: Thứ Ba, 19/10/2021".
_TODAY_LABEL_RE = re.compile(r"^\s*(?:hom nay|today)\b", re.IGNORECASE)


def is_labelled(line: str) -> bool:
    """True for a date stamp labelled as the article's publication date."""
    return bool(PUBLISH_LABEL_RE.match(fold(line)))


def is_today_label(line: str) -> bool:
    """True for a date stamp labelled as the site's current date."""
    return bool(_TODAY_LABEL_RE.match(fold(line)))


# A magazine issue: "Số 9 - 2020", "Số 9 (2020)", "Số 9/2020".
_ISSUE_RE = re.compile(r"^(?:tạp chí\s.*)?số\s+\d{1,3}\s*(?:[-–/(]\s*(?:năm\s+)?)(?P<y>\d{4})\)?$", re.IGNORECASE)


def parse_issue_line(line: str) -> FoundDate | None:
    """A magazine issue line gives the year, and no more, of its articles."""
    match = _ISSUE_RE.match(line.strip())
    if not match:
        return None
    date = _make_date(int(match["y"]), 1)
    return FoundDate(date, YEAR, None, match.start(), match.end()) if date else None


def is_date_stamp(line: str) -> bool:
    """True for a short line made of a date, a time, a weekday and a label only."""
    if len(line) > 80 or not find_dates(line):
        return False
    folded = fold(line)
    rest = _STAMP_NOISE_RE.sub("", _WEEKDAY_RE.sub("", folded))
    return len(rest.strip()) <= 3


def has_time(line: str) -> bool:
    dates = find_dates(line)
    if dates and dates[0].time:
        return True
    without_dates = _remove_spans(line, [(d.start, d.end) for d in dates])
    return _TIME_RE.search(without_dates) is not None


def _remove_spans(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + " " + text[end:]
    return text


# "Chiều 2/7, ...", "Ngày 13-12, ...", "Sáng nay (15/9), ..." at the start of a lead.
_LEAD_DAY_MONTH = (
    r"^(?:\(\w+\)\s*[-–]\s*)?(?:(?:trong|vào)\s+)?(?:(?:sáng|chiều|tối|trưa|đêm|hôm|ngày)(?:\s+nay)?\s*(?:ngày\s*)?\(?)"
    r"(?P<d>\d{1,2})\s*[/\-]\s*(?P<m>\d{1,2})(?:\s*[/\-]\s*(?P<y>\d{4}))?\)?\s*[,:]"
)
# "...; ngày 31/5/2021, Ban Thường vụ ... tổ chức" (an event date opening a clause).
_CLAUSE_DATE = (
    r"(?:^|[;.]\s+|,\s+)(?:(?:sáng|chiều|tối|trưa)\s+)?ngày\s+"
    r"(?P<d>\d{1,2})\s*[/\-]\s*(?P<m>\d{1,2})\s*[/\-]\s*(?P<y>\d{4})\s*,"
)
# Pages typed without diacritics ("Chieu 12/12, Tinh uy ...") get the folded
# patterns; pages with them keep the exact words ("Tới 15/9" is no "Tối 15/9").
_LEAD_PATTERNS = {
    accented: (re.compile(lead, re.IGNORECASE), re.compile(clause, re.IGNORECASE))
    for accented, lead, clause in (
        (True, _LEAD_DAY_MONTH, _CLAUSE_DATE),
        (False, fold(_LEAD_DAY_MONTH), fold(_CLAUSE_DATE)),
    )
}


# "Chỉ thị số 05-CT/TW, ngày 15/5/2016, ...": the date of a cited document.
_CITED_DOCUMENT_RE = re.compile(r"(?:\d+\s*-\s*[A-ZĐ]+\s*/\s*[A-ZĐ]+|\bsố\s*\d+|/\d{4}/[A-ZĐ]+\S*)[\s,]*$")


def lead_date(lead: str, context_year: int | None) -> FoundDate | None:
    """The event date a lead paragraph opens with, as in "Chiều 2/7, Ban Tổ chức…".

    A day and month without a year take ``context_year`` (the page's own year)
    or give nothing.
    """
    lead_re, clause_re = _LEAD_PATTERNS[has_diacritics(lead)]
    match = lead_re.match(lead) or clause_re.search(lead.split(". ")[0])
    if not match or _CITED_DOCUMENT_RE.search(lead[max(0, match.start() - 40) : match.start() + 1]):
        return None
    year = int(match["y"]) if match["y"] else context_year
    if year is None:
        return None
    date = _make_date(year, int(match["m"]), int(match["d"]))
    if date is None:
        return None
    return FoundDate(date, DAY, None, match.start(), match.end())


def year_from_context(title: str, lead: str, body: str) -> int | None:
    """The year a page is about: one year named in the title, else in the lead,
    else the year the body names most often (if one clearly dominates)."""
    for text in (title, lead):
        years = set(_YEAR_RE.findall(_YEAR_RANGE_RE.sub(" ", text)))
        if len(years) == 1:
            return int(years.pop())
    counts = Counter(_YEAR_RE.findall(_YEAR_RANGE_RE.sub(" ", body))).most_common(2)
    if counts and (len(counts) == 1 or counts[0][1] > counts[1][1]):
        return int(counts[0][0])
    return None
