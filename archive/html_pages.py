"""HTML pages: the article's main content and the page's own metadata.

trafilatura finds the main content of a page (it is made for exactly this and
well kept); what it returns is laid out as a text page (kicker, headline, date
line, paragraphs, byline) so the same extraction rules as for text dumps find
the date, province, organ and congresses. The page's own metadata (``og:title``,
``article:published_time``, the canonical URL) is kept beside it and wins over
what the text suggests, because the site said it on purpose.
"""

import datetime as dt
import re
import warnings
from dataclasses import dataclass, field

import lxml.etree
import lxml.html

from archive.text import clean_line, clean_text

# Elements whose text is a block of its own: a line of the page as a reader sees it.
_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure", "footer",
    "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
    "table", "td", "th", "tr", "ul", "option", "label", "button", "title",
}  # fmt: skip
_INVISIBLE_TAGS = {"script", "style", "noscript", "template", "head", "svg", "iframe", "select"}
# Bylines that trafilatura drops from the text with the rest of the page's "author" furniture.
_BYLINE_XPATH = (
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' author ')"
    " or contains(@class, 'byline') or contains(@class, 'tac-gia') or contains(@class, 'tacgia')"
    " or @rel='author' or @itemprop='author']"
)
_MAX_BYLINE = 160
_MAX_KICKER_WORDS = 16
_MAX_DATE_LINE = 120
_DATE_RE = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}")
_KICKER_TAGS = {"p", "div", "span", "a", "strong", "h2", "h3", "h4", "h5", "h6"}
_DATE_META = (
    "article:published_time",
    "og:published_time",
    "datePublished",
    "pubdate",
    "publishdate",
    "dc.date.issued",
    "dc.date",
)
_ISO_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2}))?")
_TITLE_SEPARATORS_RE = re.compile(r"\s+[-|–—:»]\s+")


class HtmlError(ValueError):
    """A document that cannot be read as an HTML page."""


@dataclass
class HtmlPage:
    text: str  # the main content laid out as a text page
    title: str = ""  # the page's own headline (og:title, else <title> without the site name)
    published: dt.date | None = None
    published_time: dt.time | None = None
    url: str = ""  # canonical URL, when the page names one
    site_name: str = ""
    furniture: list[str] = field(default_factory=list)  # lines of the page outside the main content


def looks_like_html(text: str) -> bool:
    """Whether pasted or received text is an HTML document rather than a text dump."""
    head = text.lstrip()[:2000].lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or bool(
        re.search(r"<(?:html|body|head|article|p|div|h1)[\s>]", head)
    )


def prepare() -> None:
    """Import trafilatura now (a third of a second) rather than on the first
    page, so that forked worker processes share it."""
    import trafilatura  # noqa: F401


def read_html(html: str) -> HtmlPage:
    """The article in an HTML page and the page's metadata."""
    html = clean_text(html)
    # An XML declaration with an encoding makes lxml refuse an already decoded string.
    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)
    # Imported here: it takes a third of a second, which web workers and
    # text-only imports need not pay.
    from trafilatura import bare_extraction
    from trafilatura.utils import load_html

    # Parsed once, the way trafilatura parses (comments dropped, its repairs of
    # broken documents made); everything this module reads is read before
    # trafilatura, which prunes the tree it is given.
    tree = load_html(html)
    if tree is None or tree.tag != "html":  # a fragment, or what trafilatura does not take as HTML
        tree = None
        try:
            own_tree = lxml.html.document_fromstring(html)
        except (lxml.etree.ParserError, ValueError) as error:
            raise HtmlError(str(error)) from None
    else:
        own_tree = tree
    metadata = _metadata(own_tree)
    title = metadata["title"] or _headline_from_title(metadata["head_title"], metadata["site_name"])
    if not title:
        headings = own_tree.xpath("//h1")
        title = clean_line(headings[0].text_content()) if headings else ""
    byline = _byline(own_tree)
    date_line = _date_line(own_tree)
    kicker = _kicker(own_tree)
    visible_lines = _visible_lines(own_tree)
    with warnings.catch_warnings():
        # trafilatura's own use of lxml raises FutureWarnings that are not ours to fix.
        warnings.simplefilter("ignore")
        document = bare_extraction(
            tree if tree is not None else html,
            url=metadata["url"] or None,
            # Metadata comes from the page's own tags (above); dates otherwise from
            # the extraction rules, which know a site header's today-date.
            with_metadata=False,
            include_comments=False,
            include_tables=True,
            # Without the fallback extractors (readability, jusText): twice as
            # fast, and the same result on every page the tests hold.
            fast=True,
        )
    content_lines = [clean_line(line) for line in (document.text if document and document.text else "").split("\n")]
    lines = [line for line in content_lines if line]
    if title and title not in lines[:4]:
        lines.insert(0, title)
    if date_line and title in lines[:4] and not any(date_line in line for line in lines[:6]):
        lines.insert(lines.index(title) + 1, date_line)
    if kicker and title in lines[:4] and kicker not in lines[:4]:
        lines.insert(lines.index(title), kicker)
    # The site's name heads the page as on a text dump, so the extraction rules
    # can tell whose site it is (an organ's own site names its organ).
    site = metadata["site_name"] or _site_from_title(metadata["head_title"], title)
    if site and site not in lines[:2]:
        lines.insert(0, site)
    if byline and not any(byline in line for line in lines[-3:]):
        lines.append(byline)
    content = set(lines)
    return HtmlPage(
        text="\n".join(lines),
        title=title,
        published=metadata["published"],
        published_time=metadata["published_time"],
        url=metadata["url"],
        site_name=metadata["site_name"],
        furniture=[line for line in visible_lines if line not in content and line != title],
    )


def _metadata(tree) -> dict:
    def meta(*names: str) -> str:
        for name in names:
            for attribute in ("property", "name", "itemprop"):
                values = tree.xpath(f"//meta[@{attribute}=$name]/@content", name=name)
                if values and values[0].strip():
                    return clean_line(values[0])
        return ""

    canonical = tree.xpath("//link[translate(@rel, 'CANONICAL', 'canonical')='canonical']/@href")
    url = clean_line(canonical[0]) if canonical else meta("og:url")
    if not url.startswith(("http://", "https://")):
        url = ""
    published, published_time = None, None
    for name in _DATE_META:
        published, published_time = _parse_iso(meta(name))
        if published:
            break
    if published is None:
        # A <time> in the article itself; one in the header is the site's today.
        for value in tree.xpath("//article//time/@datetime | //*[@itemprop='datePublished']/@datetime")[:1]:
            published, published_time = _parse_iso(value)
    head_title = tree.xpath("//title")
    return {
        "title": meta("og:title", "twitter:title"),
        "head_title": clean_line(head_title[0].text_content()) if head_title else "",
        "site_name": meta("og:site_name", "application-name"),
        "url": url,
        "published": published,
        "published_time": published_time,
    }


def _parse_iso(value: str) -> tuple[dt.date | None, dt.time | None]:
    """The local date and time an ISO 8601 timestamp states, as the site wrote it."""
    match = _ISO_RE.match(value.strip()) if value else None
    if not match:
        return None, None
    year, month, day, hour, minute = match.groups()
    try:
        date = dt.date(int(year), int(month), int(day))
        time = dt.time(int(hour), int(minute)) if hour is not None else None
    except ValueError:
        return None, None
    return date, time


def _headline_from_title(title: str, site_name: str) -> str:
    """The headline part of "<headline> - <site name>"."""
    if not title:
        return ""
    parts = _TITLE_SEPARATORS_RE.split(title)
    if len(parts) > 1:
        if site_name and site_name in parts[-1]:
            return " - ".join(parts[:-1])
        return max(parts, key=len)
    return title


def _kicker(tree) -> str:
    """The short line just above the headline (a series or section kicker),
    as Vietnamese sites print it: a sibling element before the <h1>."""
    headings = tree.xpath("//h1")
    if not headings:
        return ""
    previous = headings[0].getprevious()
    if previous is None or previous.tag not in _KICKER_TAGS or "breadcrumb" in (previous.get("class") or ""):
        return ""
    text = clean_line(" ".join(previous.itertext()))
    if not text or len(text.split()) > _MAX_KICKER_WORDS or re.search(r"\d{1,2}[/-]\d{1,2}", text):
        return ""
    return text


def _date_line(tree) -> str:
    """The article's printed date line (trafilatura drops it with the page
    furniture): a <time> in the article, or a short dated block after the <h1>."""
    candidates = tree.xpath("//article//time | //*[@itemprop='datePublished']")
    headings = tree.xpath("//h1")
    if headings:
        candidates += [element for element in headings[0].itersiblings() if element.tag in _KICKER_TAGS][:2]
    for element in candidates:
        text = clean_line(" ".join(element.itertext()))
        if text and len(text) <= _MAX_DATE_LINE and _DATE_RE.search(text):
            return text
    return ""


def _site_from_title(head_title: str, headline: str) -> str:
    """The site name in "<headline> - <site name>"."""
    if not head_title or not headline or not head_title.startswith(headline):
        return ""
    rest = head_title[len(headline) :]
    match = _TITLE_SEPARATORS_RE.match(rest)
    return clean_line(rest[match.end() :]) if match else ""


def _byline(tree) -> str:
    for element in tree.xpath(_BYLINE_XPATH):
        if element.tag == "meta":
            continue
        text = clean_line(" ".join(element.itertext()))
        if 2 < len(text) <= _MAX_BYLINE:
            return text
    return ""


def _visible_lines(tree) -> list[str]:
    """The page's text as a reader sees it, one line per block."""
    parts: list[str] = []

    def walk(element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _INVISIBLE_TAGS or not tag:
            if element.tail:
                parts.append(element.tail)
            return
        block = tag in _BLOCK_TAGS
        if block:
            parts.append("\n")
        if element.text:
            parts.append(element.text)
        for child in element:
            walk(child)
        if block:
            parts.append("\n")
        if element.tail:
            parts.append(element.tail)

    body = tree.find("body")
    walk(body if body is not None else tree)
    seen: set[str] = set()
    lines = []
    for line in "".join(parts).split("\n"):
        line = clean_line(line)
        if line and line not in seen:
            seen.add(line)
            lines.append(line)
    return lines
