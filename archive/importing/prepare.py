"""Preparing a page without the database: its identity and its extraction.

``prepare_page`` is what extraction workers run: it reads a page of either
format, extracts it, and computes its near-duplicate fingerprint, and never
raises, so a worker process always answers. ``content_hash`` is a page's
identity; ``extract_source`` is what ``manage.py extract_page`` shows.
"""

import hashlib
import logging
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from archive import near_duplicates
from archive.extract import Extraction, dates, extract_page
from archive.html_pages import HtmlError, read_html
from archive.importing.sources import HTML, TEXT, SourcePage, normalise_url
from archive.text import clean_text

logger = logging.getLogger(__name__)


class PageError(Exception):
    """A page that cannot be imported, with a reason an operator can act on."""


@dataclass
class PreparedPage:
    """What extraction made of a page: computed away from the database."""

    extraction: Extraction | None
    url: str = ""
    band_keys: list[int] = field(default_factory=list)
    error: str = ""


def content_hash(raw: str) -> str:
    """Identity of a page: the same text, whatever its Unicode form, spaces or line ends.

    Stored hashes are compared with new ones, so the text hashed must stay
    what it has always been: the cleaned page with every line stripped."""
    text = "\n".join(map(str.strip, clean_text(raw).split("\n"))).strip()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def fingerprint(body: str) -> list[int]:
    """The near-duplicate band keys of an article's text (``archive.near_duplicates``)."""
    return near_duplicates.band_keys(near_duplicates.shingles(body))


def extract_source(raw: str, raw_format: str = TEXT, metadata: dict | None = None) -> tuple[Extraction, str]:
    """(extraction, canonical URL) of a raw page of either format. What the
    page's own metadata states (og:title, article:published_time, a JSON Lines
    record's title and date) wins over what its text suggests."""
    metadata = metadata or {}
    url = ""
    if raw_format == HTML:
        try:
            page = read_html(raw)
        except HtmlError as error:
            raise PageError(_("unreadable HTML: %(error)s") % {"error": error}) from None
        extraction = extract_page(page.text)
        url = page.url
        if page.title:
            _set_title(extraction, page.title)
        if page.published:
            same_day = extraction.published == page.published and extraction.published_precision == dates.DAY
            extraction.published, extraction.published_precision = page.published, dates.DAY
            extraction.published_time = page.published_time or (extraction.published_time if same_day else None)
        if page.site_name and not extraction.source_site:
            extraction.source_site = page.site_name
        extraction.removed = page.furniture + extraction.removed
    else:
        extraction = extract_page(raw)
    if metadata.get("title"):
        _set_title(extraction, clean_text(metadata["title"]))
    if metadata.get("published"):
        found = dates.parse_date_line(metadata["published"])
        if found:
            extraction.published, extraction.published_precision = found.date, found.precision
            extraction.published_time = found.time
    return extraction, url


def _set_title(extraction: Extraction, title: str) -> None:
    if extraction.rubric == title:
        extraction.rubric = ""
    extraction.title = title


def prepare_page(page: SourcePage) -> PreparedPage:
    """Extraction and fingerprints of one page; never raises, so a worker
    process always answers."""
    try:
        extraction, url = extract_source(page.raw, page.format, page.metadata)
        if not extraction.title:
            raise PageError(_("no headline found on the page"))
        if not extraction.body:
            raise PageError(_("no article text found below the headline"))
    except PageError as error:
        return PreparedPage(None, error=str(error))
    except Exception as error:  # one broken page must not stop the batch
        logger.exception("Extraction of %s failed", page.name)
        return PreparedPage(None, error=f"{type(error).__name__}: {error}")
    return PreparedPage(extraction, url=_page_url(page.url, normalise_url(url)), band_keys=fingerprint(extraction.body))


def _page_url(fetched: str, canonical: str) -> str:
    """The canonical URL a page names, unless it points to a site's home page
    (a common misconfiguration) while the page was fetched from an article URL."""
    if not canonical:
        return fetched
    if fetched and canonical.rstrip("/").count("/") <= 2 and fetched.rstrip("/").count("/") > 2:
        return fetched
    return canonical
