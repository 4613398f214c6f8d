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
from archive.text import canonical_tones, clean_line, fold, has_diacritics, match_key

# Headings that open the furniture below an article.
_TAIL_PHRASES = (
    r"go top|lên đầu trang|về đầu trang|quay lại|trở về|"
    r"thống kê truy cập|người trực tuyến|(?:tổng |số )?lượt truy cập|đang truy cập|đang trực tuyến|đang online|"
    r"hiện tại không có bình chọn|thăm dò ý kiến|bình chọn|biểu quyết|bạn đánh giá|"
    r"danh sách bài bạn đọc|ý kiến bạn đọc|ý kiến độc giả|ý kiến của bạn|ý kiến phản hồi|gửi ý kiến|"
    r"(?:gửi |viết )?bình luận|(?:gửi )?phản hồi|bạn đọc bình luận|"
    r"bạn\s*:|họ và tên|họ tên\s*:|mã bảo vệ|mã xác nhận|"
    r"(?:các\s+)?(?:bài|tin)(?:\s+viết|\s+bài|\s+tức)?\s+"
    r"(?:cùng chuyên mục|cùng tác giả|liên quan|khác|đã đưa|đã đăng|mới|đọc nhiều|xem nhiều|nổi bật|tiêu điểm)|"
    r"(?:đọc|xem) nhiều nhất|theo dõi chúng tôi|"
    r"xem thêm|đọc thêm|in trang này|in bài|bản in|gửi email|gửi bài viết|chia sẻ|share|"
    r"từ khóa|từ khoá|tags?\s*:|tìm kiếm|"
    r"thông tin\s*-\s*quảng cáo|quảng cáo|liên kết website|video clips?|"
    r"giới thiệu tạp chí|tra cứu tạp chí|bản quyền|copyright|©|ghi rõ nguồn"
)
_TAIL_RE = re.compile(r"^(?:\d+\s+)?(?:" + _TAIL_PHRASES + r")(?!\w)", re.IGNORECASE)
# The same headings typed without diacritics ("Ve dau trang"), for lines that have none.
_FOLDED_TAIL_RE = re.compile(fold(_TAIL_RE.pattern), re.IGNORECASE)
# A byline and the page's buttons dumped on one line, separated by a gap:
# "Thu Trang - Quang Huy  Ý kiến bạn đọc Gửi ý kiến In trang này".
# The run of spaces is possessive: trying the phrases at every position inside
# a long run would take quadratic time.
_GLUED_TAIL_RE = re.compile(r"(?<! ) {2,}+(?=(?:" + _TAIL_PHRASES + r")(?!\w))", re.IGNORECASE)
TAIL_MAX_LENGTH = 160
MENU_MAX_LENGTH = 400

# Single lines of furniture that may stand anywhere.
_FURNITURE_LINE = (
    r"^(?:(?:https?://|www\.)\S+|"
    r"(?:lượt xem|số lượt xem|lượt đọc|lượt truy cập|đang truy cập|truy cập)\s*:?\s*[\d.,]+|"
    r"(?:trang chủ|home)\s*[>»/|].*|"
    r"tìm kiếm\s*(?::|\.\.\.|…)?|"
    r"cỡ chữ.*|font\s*size.*|"
    r"(?:in bài(?: viết)?|in trang|gửi email|chia sẻ|facebook|zalo|twitter|tweet)(?:\s*[|/]\s*\S.*)?|"
    # a list of links to other articles: "» Headline", "- Headline (05/05/2020)"
    r"[»›].*|[-–+•*]\s.{5,200}\(\d{1,2}/\d{1,2}/\d{4}\))$"
)
_FURNITURE_LINE_RE = re.compile(_FURNITURE_LINE, re.IGNORECASE)
_FOLDED_FURNITURE_LINE_RE = re.compile(fold(_FURNITURE_LINE), re.IGNORECASE)
# Menus and button bars: "Trang chủ | Tin tức | Văn bản", "In bài viết | Chia sẻ | Zalo".
_BAR_SEPARATOR_RE = re.compile(r"\s*\|\s*")
_PORTAL_RE = re.compile(r"cổng thông tin|trang thông tin điện tử|báo điện tử|tạp chí", re.IGNORECASE)
_SLOGAN_RE = re.compile(r"muôn năm|^đẩy mạnh học tập và làm theo|^nhiệt liệt chào mừng", re.IGNORECASE)
# Where a picture or player stood in the page: "[Ảnh]", "[Hình ảnh]", "[Video]".
_PLACEHOLDER_RE = re.compile(r"^(?:\[\s*(?:ảnh|hình|hình ảnh|image|img|photo|video|clip|bìa)\s*\]\s*)+", re.IGNORECASE)
_CAPTION_RE = re.compile(r"^\(?\s*(?:ảnh|ảnh minh họa|nguồn ảnh|video)\s*[:)]", re.IGNORECASE)
_SENTENCE_END = (".", "…", ":", ";", '."', ".”", ".)", "...")


# A word: a run of non-space characters with a letter or digit in it.
_WORD_RE = re.compile(r"[^\s]*[^\W_][^\s]*")


@dataclass
class PageLayout:
    title: str = ""
    rubric: str = ""
    date_line: str = ""
    site_lines: list[str] = field(default_factory=list)  # banners and footers naming the site
    paragraphs: list[str] = field(default_factory=list)
    # The paragraphs through canonical_tones, computed once for every later rule.
    canonical_paragraphs: list[str] = field(default_factory=list)
    byline: bylines.Byline | None = None
    byline_line: str = ""
    source: str = ""
    removed: list[str] = field(default_factory=list)


def is_paragraph(line: str) -> bool:
    """A line that reads as running text rather than a heading, label or menu."""
    words = len(_WORD_RE.findall(line))
    if words < 10 or is_furniture_line(line):
        return False
    return words >= 25 or line.endswith(_SENTENCE_END)


def _matches_unaccented(pattern: re.Pattern, line: str) -> bool:
    """A furniture pattern matched on a line typed without diacritics."""
    folded = fold(line)
    return bool(pattern.match(folded)) and not has_diacritics(line)


def is_furniture_line(line: str) -> bool:
    if len(line) <= TAIL_MAX_LENGTH and (
        _FURNITURE_LINE_RE.match(line) or _matches_unaccented(_FOLDED_FURNITURE_LINE_RE, line)
    ):
        return True
    if len(line) > MENU_MAX_LENGTH:
        return False
    items = [item for item in _BAR_SEPARATOR_RE.split(line) if item]
    return len(items) >= 2 and all(len(item.split()) <= 7 for item in items)


def is_tail_heading(line: str) -> bool:
    """A heading of the furniture ("Bài cùng chuyên mục"), not a paragraph that
    happens to start with the same words ("Chia sẻ tại hội nghị, …")."""
    if len(line) > TAIL_MAX_LENGTH:
        return False
    matched = _TAIL_RE.match(line) or _matches_unaccented(_FOLDED_TAIL_RE, line)
    return bool(matched) and not is_paragraph(line)


def _is_slogan(line: str) -> bool:
    return line.endswith("!") or bool(_SLOGAN_RE.search(line))


def _is_site_banner(line: str) -> bool:
    """The site's name above the headline: "BAN TUYÊN GIÁO TỈNH ỦY NGHỆ AN",
    "CỔNG THÔNG TIN ĐIỆN TỬ", a menu starting with "Trang chủ", or an organ's
    name and nothing else ("Đảng bộ Khối các cơ quan tỉnh Sóc Trăng")."""
    if line.startswith(("Trang chủ", "TRANG CHỦ")) or _PORTAL_RE.search(line):
        return True
    organ = organs.find_in_byline(canonical_tones(line))
    if organ is None:
        return False
    return line.isupper() or (organ.start == 0 and _is_place_name(line[organ.end :]))


_PLACE_WORDS = {"tỉnh", "thành", "phố", "tp", "huyện", "quận", "thị", "xã", "-"}
PLACE_NAME_MAX_WORDS = 6


def _is_place_name(text: str) -> bool:
    """ "", "tỉnh Sóc Trăng", "Kiên Giang", "thành phố Hà Nội": what may follow
    an organ's name in a site banner."""
    words = text.split()
    return len(words) <= PLACE_NAME_MAX_WORDS and all(w[0].isupper() or w.lower() in _PLACE_WORDS for w in words)


def split_page(text: str) -> PageLayout:
    """Split cleaned page text (see ``archive.text.clean_text``) into its parts."""
    layout = PageLayout()
    lines = [
        _PLACEHOLDER_RE.sub("", clean_line(part))
        for line in text.split("\n")
        for part in (_GLUED_TAIL_RE.split(line) if "  " in line else (line,))
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
    after_byline = False
    for index, line in enumerate(header):
        if not line:
            continue
        if after_byline and bylines.is_affiliation(line):
            # "TS. Nguyễn Văn A" over "Trường Chính trị tỉnh …": the author's workplace.
            _add_affiliation(layout, line)
            continue
        after_byline = False
        if dates.is_date_stamp(line):
            seen_headline = bool(candidates)
            labelled = dates.is_labelled(line)
            today = dates.is_today_label(line)
            if article_date_index is None and not today and (seen_headline or labelled or dates.has_time(line)):
                article_date_index = index
                layout.date_line = line
            else:
                # Above the headline, unlabelled and without a time, or
                # labelled "Hôm nay": the site's today at crawl time.
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
        parsed = bylines.parse_byline(line) if bylines.has_label(line) else None
        if parsed:
            layout.byline, layout.byline_line = parsed, line
            after_byline = parsed.academic
            continue
        candidates.append((index, line))

    before_date = [c for c in candidates if article_date_index is None or c[0] < article_date_index]
    # Some sites put the date stamp above the headline: then the headline
    # (with its kicker) comes first after it.
    headlines = before_date or _headline_block(candidates, header)
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


KICKER_MAX_WORDS = 10


def _headline_block(candidates: list[tuple[int, str]], header: list[str]) -> list[tuple[int, str]]:
    """The headline after a date stamp, with the kicker above it if there is
    one: the first candidate line, or the first two when the first is a
    short label standing directly above a longer line."""
    if len(candidates) < 2:
        return candidates[:1]
    (first_index, first), (second_index, second) = candidates[:2]
    adjacent = not any(header[first_index + 1 : second_index])
    first_words, second_words = len(first.split()), len(second.split())
    if (
        adjacent
        and first_words <= KICKER_MAX_WORDS
        and first_words < second_words
        and not first.endswith(_SENTENCE_END)
        and not _CAPTION_RE.match(second)
    ):
        return candidates[:2]
    return candidates[:1]


def _add_affiliation(layout: PageLayout, line: str) -> None:
    """The author's workplace belongs to the byline (and may name the organ)."""
    layout.byline_line += "\n" + line
    organ = organs.find_in_byline(canonical_tones(line))
    if layout.byline and not layout.byline.organ_kind:
        layout.byline.organ_text = line
        if organ:
            layout.byline.organ_kind = organ.kind


_FOOTER_IDENTITY_RE = re.compile(
    r"^(?:©|bản quyền thuộc(?: về)?|cơ quan chủ quản|trang thông tin điện tử|cổng thông tin điện tử)", re.IGNORECASE
)


# Readers' comments that follow an article without a heading of their own.
_EMAIL_RE = re.compile(r"[\w.+-]+@(?:[\w-]+\.)+[a-z]{2,}|[\w.+-]+@\.{2,}", re.IGNORECASE)
_NAME = r"[A-ZĐ\u00c0-\u1ef8][^\W\d_]*(?: [A-ZĐ\u00c0-\u1ef8][^\W\d_]*){1,5}"
# "Độc giả Hoàng Thị Mến - Hòa An:", "Gửi bởi Lê Văn Toàn lúc 09:30", "Người gửi: …"
_COMMENTER_LINE_RE = re.compile(r"^(?:(?:độc giả|bạn đọc|gửi bởi)\s+" + _NAME + r"|người gửi\s*:)", re.IGNORECASE)
_NAME_LINE_RE = re.compile(_NAME)
_TIMESTAMP_LINE_RE = re.compile(r"^[\d\s:/.,|()'\-–—h]+$")


def is_commenter_line(lines: list[str], index: int) -> bool:
    """The head of a reader's comment: a short line with an e-mail address,
    "Độc giả …" / "Gửi bởi …", or a name alone over a timestamp (or an
    address) with the comment's text under it."""
    line = lines[index]
    if len(line) > TAIL_MAX_LENGTH or is_paragraph(line):
        return False
    if _EMAIL_RE.search(line) or _COMMENTER_LINE_RE.match(line):
        return True
    if not _NAME_LINE_RE.fullmatch(line):
        return False
    following = [later for later in lines[index + 1 : index + 4] if later]
    if len(following) < 2 or is_tail_heading(following[1]) or is_furniture_line(following[1]):
        return False
    stamp = following[0]
    timestamp = bool(_TIMESTAMP_LINE_RE.match(stamp)) and dates.has_time(stamp) and bool(dates.find_dates(stamp))
    return timestamp or bool(_EMAIL_RE.fullmatch(stamp))


def _cut_tail(lines: list[str], layout: PageLayout) -> list[str]:
    seen_text = False
    for index, line in enumerate(lines):
        if seen_text and (is_tail_heading(line) or is_commenter_line(lines, index)):
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
    """Take the byline from the end of the article, with what may stand next
    to it: a "Theo …" source line, the author's workplace on its own line, the
    organ under the names, and a date stamp ("Ngày cập nhật: 07/11/2018")."""
    lines = list(lines)
    for _ in range(4):
        while lines and not lines[-1]:
            lines.pop()
        if not lines:
            break
        last = lines[-1]
        if dates.is_date_stamp(last):
            if not layout.date_line:
                layout.date_line = last
            layout.removed.append(lines.pop())
            continue
        source = bylines.parse_source(last)
        if source and not layout.source:
            layout.source = source
            lines.pop()
            continue
        if layout.byline is not None:
            break
        parsed = bylines.parse_byline(last)
        if parsed is None and bylines.is_affiliation(last):
            _take_byline_above_workplace(lines, layout)
            break
        if parsed:
            layout.byline, layout.byline_line = parsed, lines.pop()
            if parsed.source:
                layout.source = parsed.source
            if parsed.organ_kind and not parsed.authors:
                _take_names_above_organ(lines, layout)
        break
    return lines


def _take_byline_above_workplace(lines: list[str], layout: PageLayout) -> None:
    """ "ThS. Trần Thị Hoài Thương" over "Trường Chính trị Trần Phú"."""
    above = len(lines) - 2
    while above >= 0 and not lines[above]:
        above -= 1
    parsed = bylines.parse_byline(lines[above]) if above >= 0 else None
    if parsed is None or not parsed.authors or parsed.organ_kind:
        return
    workplace = lines.pop()
    layout.byline, layout.byline_line = parsed, lines[above]
    del lines[above:]
    _add_affiliation(layout, workplace)


def _take_names_above_organ(lines: list[str], layout: PageLayout) -> None:
    """ "Nguyễn Văn A" over "Ban Tuyên giáo Tỉnh ủy": one byline on two lines."""
    while lines and not lines[-1]:
        lines.pop()
    above = bylines.parse_byline(lines[-1]) if lines else None
    if above and above.authors and not above.organ_kind:
        layout.byline.authors = above.authors
        layout.byline_line = lines.pop() + "\n" + layout.byline_line


def _unique_paragraphs(lines: list[str], layout: PageLayout) -> list[str]:
    """Non-empty lines, each once: the headline repeated in the body and
    duplicated photo captions are kept once."""
    seen = {match_key(layout.title)} if layout.title else set()
    paragraphs = []
    for line in lines:
        if not line:
            continue
        # The lines are clean already, so this is match_key(line) without
        # cleaning again, and the canonical line is kept for later.
        canonical = canonical_tones(line)
        key = " ".join(canonical.split()).lower()
        if key in seen:
            layout.removed.append(line)
            continue
        seen.add(key)
        paragraphs.append(line)
        layout.canonical_paragraphs.append(canonical)
    return paragraphs
