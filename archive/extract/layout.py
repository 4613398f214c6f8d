"""Splitting a scraped page into headline, date line, article and site furniture.

A text dump of a news page reads top to bottom as: site header (today's date
at crawl time, a slogan, a site name, menus), an optional rubric, the headline,
the article's date line, the article, a byline, then the site's furniture
(counters, polls, reader comments, related articles, ads). The *header zone*
is everything above the first line that reads as a paragraph; the headline is
found there. The *tail* starts at the first furniture heading after the
article has begun; everything from there on is removed.
"""

import re
from dataclasses import dataclass, field

from archive.extract import byline as bylines
from archive.extract import dates, organs
from archive.text import canonical_tones, clean_line, match_key

# Headings that open the furniture below an article.
_TAIL_PHRASES = (
    r"go top|lên đầu trang|về đầu trang|quay lại|trở về|"
    r"thống kê truy cập|người trực tuyến|(?:tổng |số )?lượt truy cập|đang truy cập|đang trực tuyến|đang online|"
    r"hiện tại không có bình chọn|thăm dò ý kiến|bình chọn|biểu quyết|bạn đánh giá|"
    r"danh sách bài bạn đọc|ý kiến bạn đọc|ý kiến của bạn|gửi ý kiến|gửi bình luận|bình luận|"
    r"bạn\s*:|họ và tên|họ tên\s*:|mã bảo vệ|mã xác nhận|"
    r"(?:các\s+)?(?:bài|tin)(?:\s+viết)?\s+(?:cùng chuyên mục|liên quan|khác|đã đưa|mới|đọc nhiều|xem nhiều)|"
    r"xem thêm|đọc thêm|in trang này|in bài|bản in|gửi email|gửi bài viết|chia sẻ|share|"
    r"từ khóa|từ khoá|tags?\s*:|tìm kiếm|"
    r"thông tin\s*-\s*quảng cáo|quảng cáo|liên kết website|video clips?|"
    r"giới thiệu tạp chí|tra cứu tạp chí|bản quyền|copyright|©|ghi rõ nguồn"
)
_TAIL_RE = re.compile(r"^(?:\d+\s+)?(?:" + _TAIL_PHRASES + r")(?!\w)", re.IGNORECASE)
# A byline and the page's buttons dumped on one line, separated by a gap:
# "Thu Trang - Quang Huy  Ý kiến bạn đọc Gửi ý kiến In trang này".
# The run of spaces is possessive: trying the phrases at every position inside
# a long run would take quadratic time.
_GLUED_TAIL_RE = re.compile(r"(?<! ) {2,}+(?=(?:" + _TAIL_PHRASES + r")(?!\w))", re.IGNORECASE)
TAIL_MAX_LENGTH = 160
MENU_MAX_LENGTH = 400

# Single lines of furniture that may stand anywhere.
_FURNITURE_LINE_RE = re.compile(
    r"^(?:(?:https?://|www\.)\S+|"
    r"(?:lượt xem|số lượt xem|lượt đọc|lượt truy cập|đang truy cập|truy cập)\s*:?\s*[\d.,]+|"
    r"(?:trang chủ|home)\s*[>»/|].*|"
    r"tìm kiếm\s*(?::|\.\.\.|…)?|"
    r"cỡ chữ.*|font\s*size.*|"
    r"(?:in bài(?: viết)?|in trang|gửi email|chia sẻ|facebook|zalo|twitter|tweet)(?:\s*[|/]\s*\S.*)?|"
    # a list of links to other articles: "» Headline", "- Headline (05/05/2020)"
    r"[»›].*|[-–+•*]\s.{5,200}\(\d{1,2}/\d{1,2}/\d{4}\))$",
    re.IGNORECASE,
)
# Menus and button bars: "Trang chủ | Tin tức | Văn bản", "In bài viết | Chia sẻ | Zalo".
_BAR_SEPARATOR_RE = re.compile(r"\s*\|\s*")
_PORTAL_RE = re.compile(r"cổng thông tin|trang thông tin điện tử|báo điện tử|tạp chí", re.IGNORECASE)
_SLOGAN_RE = re.compile(r"muôn năm|^đẩy mạnh học tập và làm theo|^nhiệt liệt chào mừng", re.IGNORECASE)
# Where a picture or player stood in the page: "[Ảnh]", "[Hình ảnh]", "[Video]".
_PLACEHOLDER_RE = re.compile(r"^(?:\[\s*(?:ảnh|hình|hình ảnh|image|img|photo|video|clip|bìa)\s*\]\s*)+", re.IGNORECASE)
_CAPTION_RE = re.compile(r"^\(?\s*(?:ảnh|ảnh minh họa|nguồn ảnh|video)\s*[:)]", re.IGNORECASE)
_SENTENCE_END = (".", "…", ":", ";", '."', ".”", ".)", "...")


@dataclass
class PageLayout:
    title: str = ""
    rubric: str = ""
    date_line: str = ""
    site_lines: list[str] = field(default_factory=list)  # banners and footers naming the site
    paragraphs: list[str] = field(default_factory=list)
    byline: bylines.Byline | None = None
    byline_line: str = ""
    source: str = ""
    removed: list[str] = field(default_factory=list)


def is_paragraph(line: str) -> bool:
    """A line that reads as running text rather than a heading, label or menu."""
    words = sum(1 for word in line.split() if any(c.isalnum() for c in word))
    if words < 10 or is_furniture_line(line):
        return False
    return words >= 25 or line.endswith(_SENTENCE_END)


def is_furniture_line(line: str) -> bool:
    if len(line) <= TAIL_MAX_LENGTH and _FURNITURE_LINE_RE.match(line):
        return True
    if len(line) > MENU_MAX_LENGTH:
        return False
    items = [item for item in _BAR_SEPARATOR_RE.split(line) if item]
    return len(items) >= 2 and all(len(item.split()) <= 7 for item in items)


def is_tail_heading(line: str) -> bool:
    """A heading of the furniture ("Bài cùng chuyên mục"), not a paragraph that
    happens to start with the same words ("Chia sẻ tại hội nghị, …")."""
    return len(line) <= TAIL_MAX_LENGTH and bool(_TAIL_RE.match(line)) and not is_paragraph(line)


def _is_slogan(line: str) -> bool:
    return line.endswith("!") or bool(_SLOGAN_RE.search(line))


def _is_site_banner(line: str) -> bool:
    """The site's name above the headline: "BAN TUYÊN GIÁO TỈNH ỦY NGHỆ AN",
    "CỔNG THÔNG TIN ĐIỆN TỬ", or a menu starting with "Trang chủ"."""
    if line.startswith(("Trang chủ", "TRANG CHỦ")) or _PORTAL_RE.search(line):
        return True
    return line.isupper() and organs.find_in_byline(canonical_tones(line)) is not None


def split_page(text: str) -> PageLayout:
    """Split cleaned page text (see ``archive.text.clean_text``) into its parts."""
    layout = PageLayout()
    lines = [
        _PLACEHOLDER_RE.sub("", clean_line(part)) for line in text.split("\n") for part in _GLUED_TAIL_RE.split(line)
    ]
    body_start = next((i for i, line in enumerate(lines) if is_paragraph(line)), len(lines))
    body_lines = _read_header(lines[:body_start], layout) + lines[body_start:]
    body_lines = _cut_tail(body_lines, layout)
    body_lines = [line for line in body_lines if not _drop_furniture(line, layout)]
    body_lines = _take_byline(body_lines, layout)
    layout.paragraphs = _unique_paragraphs(body_lines, layout)
    return layout


def _read_header(header: list[str], layout: PageLayout) -> list[str]:
    """Find headline, rubric and date line above the article; return the
    header lines that belong to the article (captions, a sapo)."""
    # (index, line) of headline candidates and of date stamps.
    candidates: list[tuple[int, str]] = []
    article_date_index = None
    for index, line in enumerate(header):
        if not line:
            continue
        if dates.is_date_stamp(line):
            seen_headline = bool(candidates)
            labelled = bool(dates.PUBLISH_LABEL_RE.match(line))
            if article_date_index is None and (seen_headline or labelled or dates.has_time(line)):
                article_date_index = index
                layout.date_line = line
            else:
                # Above the headline, unlabelled and without a time: the site's
                # "today" at crawl time, not the article's date.
                layout.removed.append(line)
            continue
        if not layout.date_line and dates.parse_issue_line(line):
            layout.date_line = line  # a magazine's "Số 9 - 2020"
            continue
        if is_furniture_line(line) or _is_slogan(line):
            layout.removed.append(line)
            continue
        if not candidates and _is_site_banner(line):
            layout.site_lines.append(line)
            layout.removed.append(line)
            continue
        parsed = bylines.parse_byline(line) if bylines.PREFIX_RE.match(line) else None
        if parsed:
            layout.byline, layout.byline_line = parsed, line
            continue
        candidates.append((index, line))

    before_date = [c for c in candidates if article_date_index is None or c[0] < article_date_index]
    # Some sites put the date stamp above the headline: then the headline is
    # the first line after it.
    headlines = before_date or candidates[:1]
    headlines = [c for c in headlines if not _CAPTION_RE.match(c[1])] or headlines
    headline_indexes = {index for index, _ in headlines}
    article_lines = [line for index, line in candidates if index not in headline_indexes]
    if headlines:
        title_index, layout.title = headlines[-1]
        before = headlines[:-1]
        # A kicker sits directly above the headline, in the same block.
        if before and before[-1][0] == title_index - 1:
            layout.rubric = before.pop()[1]
        layout.removed.extend(line for _, line in before)
    return article_lines


_FOOTER_IDENTITY_RE = re.compile(
    r"^(?:©|bản quyền thuộc(?: về)?|cơ quan chủ quản|trang thông tin điện tử|cổng thông tin điện tử)", re.IGNORECASE
)


def _cut_tail(lines: list[str], layout: PageLayout) -> list[str]:
    seen_text = False
    for index, line in enumerate(lines):
        if seen_text and is_tail_heading(line):
            tail = [line for line in lines[index:] if line]
            layout.removed.extend(tail)
            # The footer names the site ("© Ban Dân vận Tỉnh ủy Bắc Giang",
            # "BAN TỔ CHỨC TỈNH ỦY THÁI BÌNH"): evidence of organ and province.
            layout.site_lines.extend(
                line for line in tail if _FOOTER_IDENTITY_RE.match(line) or (line.isupper() and _is_site_banner(line))
            )
            return lines[:index]
        seen_text = seen_text or is_paragraph(line)
    return lines


def _drop_furniture(line: str, layout: PageLayout) -> bool:
    if line and is_furniture_line(line):
        layout.removed.append(line)
        return True
    return False


def _take_byline(lines: list[str], layout: PageLayout) -> list[str]:
    """Take the byline (and a "Theo …" source line) from the end of the article."""
    lines = list(lines)
    while lines and not lines[-1]:
        lines.pop()
    for _ in range(2):
        if not lines:
            break
        source = bylines.parse_source(lines[-1])
        if source and not layout.source:
            layout.source = source
            lines.pop()
            continue
        parsed = bylines.parse_byline(lines[-1])
        if parsed and layout.byline is None:
            layout.byline, layout.byline_line = parsed, lines.pop()
            if parsed.source:
                layout.source = parsed.source
        break
    return lines


def _unique_paragraphs(lines: list[str], layout: PageLayout) -> list[str]:
    """Non-empty lines, each once: the headline repeated in the body and
    duplicated photo captions are kept once."""
    seen = {match_key(layout.title)} if layout.title else set()
    paragraphs = []
    for line in lines:
        if not line:
            continue
        key = match_key(line)
        if key in seen:
            layout.removed.append(line)
            continue
        seen.add(key)
        paragraphs.append(line)
    return paragraphs
