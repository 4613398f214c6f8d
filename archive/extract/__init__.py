"""Extraction of an article and its metadata from one raw scraped page.

``extract_page(raw)`` is a pure function: it reads the vendored gazetteer but
never the database, so ``manage.py extract_page`` and the tests can run it on
any file. Each rule lives in its own module (dates, places, organs, bylines,
congresses, documents, layout) and is tested on its own.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from archive import gazetteer
from archive.extract import dates, organs, places
from archive.extract.congresses import CongressMention, find_congresses
from archive.extract.documents import find_documents
from archive.extract.layout import split_page
from archive.extract.places import detect_province
from archive.text import canonical_tones, clean_text
from archive.vocabulary import ORGAN_KINDS

# How much a place named in each part of the page counts towards the province.
TITLE_WEIGHT, BYLINE_WEIGHT, LEAD_WEIGHT, BODY_WEIGHT = 3.0, 3.0, 1.5, 1.0
LEAD_PARAGRAPHS = 3  # a caption or two may stand before the real lead


@dataclass
class Extraction:
    title: str = ""
    rubric: str = ""
    body: str = ""
    published: dt.date | None = None
    published_precision: str = dates.UNKNOWN
    published_time: dt.time | None = None
    province: gazetteer.Place | None = None
    organ_kind: str | None = None
    authors: list[str] = field(default_factory=list)
    congresses: list[CongressMention] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    source_site: str = ""
    removed: list[str] = field(default_factory=list)

    @property
    def organ_name(self) -> str | None:
        return ORGAN_KINDS[self.organ_kind] if self.organ_kind else None

    def published_iso(self) -> str | None:
        """ISO 8601 at the date's precision: "2020-08-08", "2020-07" or "2020"."""
        if self.published is None:
            return None
        length = {dates.DAY: 10, dates.MONTH: 7, dates.YEAR: 4}[self.published_precision]
        return self.published.isoformat()[:length]

    def as_json(self) -> dict:
        return {
            "title": self.title,
            "rubric": self.rubric,
            "published": self.published_iso(),
            "published_precision": self.published_precision,
            "published_time": self.published_time.strftime("%H:%M") if self.published_time else None,
            "province": self.province.short_name if self.province else None,
            "organ": self.organ_name,
            "authors": self.authors,
            "congresses": [
                {
                    "level": c.level,
                    "number": c.number,
                    "term": f"{c.term[0]}-{c.term[1]}" if c.term else None,
                    "organisation": c.organisation,
                    "surface": c.surface,
                }
                for c in self.congresses
            ],
            "documents": self.documents,
            "source_site": self.source_site,
            "body": self.body,
            "removed": self.removed,
        }


def prepare() -> None:
    """Build now what extraction otherwise builds on first use (the
    gazetteer, the place patterns: about half a second). The importer calls
    this before it forks its worker processes, which then share one copy
    instead of each building its own."""
    gazetteer.load()
    places.prepare()


def extract_page(raw: str) -> Extraction:
    """Everything the archive stores about one raw page, found from its text."""
    layout = split_page(clean_text(raw))
    paragraphs = layout.paragraphs
    result = Extraction(
        title=layout.title,
        rubric=layout.rubric,
        body="\n\n".join(paragraphs),
        authors=layout.byline.authors if layout.byline else [],
        source_site=layout.source,
        removed=layout.removed,
    )
    result.published, result.published_precision, result.published_time = _publication_date(
        layout.date_line, layout.title, paragraphs
    )
    # Matching works on one tone style ("khoá" and "khóa", "Tỉnh uỷ" and "Tỉnh ủy").
    # The layout has put each paragraph through canonical_tones once; the
    # rewrite keeps lengths and never crosses a line, so joined canonical
    # paragraphs are the canonical body.
    canonical = layout.canonical_paragraphs
    title, rubric = canonical_tones(layout.title), canonical_tones(layout.rubric)
    result.province = detect_province(
        [
            (title, TITLE_WEIGHT),
            (rubric, LEAD_WEIGHT),
            (canonical_tones(layout.byline_line), BYLINE_WEIGHT),
            (canonical_tones("\n".join(layout.site_lines)), BYLINE_WEIGHT),
            (" ".join(canonical[:LEAD_PARAGRAPHS]), LEAD_WEIGHT),
            ("\n".join(canonical[LEAD_PARAGRAPHS:]), BODY_WEIGHT),
        ],
        result.published,
        canonical=True,
    )
    result.organ_kind = _organ(layout, title, canonical)
    result.congresses = find_congresses("\n".join([rubric, title, "\n\n".join(canonical)]), result.province)
    result.documents = find_documents("\n".join([layout.title, result.body]))
    return result


def _publication_date(date_line: str, title: str, paragraphs: list[str]):
    """(date, precision, time): the page's date line, else the date its lead
    opens with ("Chiều 2/7, …", the year taken from the page), else unknown."""
    if date_line:
        found = dates.parse_date_line(date_line) or dates.parse_issue_line(date_line)
        if found:
            return found.date, found.precision, found.time
    year = dates.year_from_context(title, paragraphs[0] if paragraphs else "", "\n".join(paragraphs))
    for paragraph in paragraphs[:LEAD_PARAGRAPHS]:
        found = dates.lead_date(paragraph, year)
        if found:
            return found.date, dates.DAY, None
    return None, dates.UNKNOWN, None


_SENTENCE_BREAK_RE = re.compile(r"(?<=[.!?])\s")


def _organ(layout, canonical_title: str, canonical_paragraphs: list[str]) -> str | None:
    """The byline's organ, else the organ a title or lead opens with, else the
    organ whose site the page was taken from."""
    if layout.byline and layout.byline.organ_kind:
        return layout.byline.organ_kind
    for text in [canonical_title, *canonical_paragraphs[:LEAD_PARAGRAPHS]]:
        kind = organs.organ_opening(_SENTENCE_BREAK_RE.split(text, maxsplit=1)[0])
        if kind:
            return kind
    for line in layout.site_lines:
        match = organs.find_in_byline(canonical_tones(line))
        if match and match.kind:
            return match.kind
    return None
