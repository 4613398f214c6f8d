"""A result set as CSV or JSON, for a spreadsheet or a script.

Exports are capped at ``EXPORT_LIMIT`` articles and say so: the JSON has
``total``, ``exported`` and ``truncated``; the CSV's response carries the same
in headers (a CSV has no place for it that a spreadsheet would not take for
an article). The CSV is UTF-8 with a byte order mark, without which Excel
reads Vietnamese as Windows-1252, and a cell that a spreadsheet would run as
a formula is prefixed with an apostrophe.
"""

import csv
import io
from collections.abc import Callable

from archive.models import Article
from archive.text import slugify_vi
from search.service import ResultSet

EXPORT_LIMIT = 1000
FORMATS = ("csv", "json")
COLUMNS = (
    "id",
    "permalink",
    "title",
    "date",
    "date_precision",
    "province",
    "province_since_2025",
    "organ",
    "authors",
    "congresses",
    "documents",
    "source_url",
)
# What spreadsheets read as the start of a formula (CWE-1236), tab and
# carriage return included: some strip them and read what follows.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SEPARATOR = "; "  # between several authors, congresses or documents in one cell


def load(ids: list[int]) -> list[Article]:
    """The articles to export, in the result's order, in a fixed number of queries."""
    found = (
        Article.objects.select_related("province", "organ")
        .prefetch_related("province__successors", "documents", "congresses")
        .in_bulk(ids)
    )
    return [found[pk] for pk in ids if pk in found]


def record(article: Article, permalink: str) -> dict:
    """One article as the JSON export gives it."""
    return {
        "id": article.pk,
        "permalink": permalink,
        "title": article.title,
        "date": dated(article),
        "date_precision": article.published_precision,
        "province": _place(article.province),
        "province_since_2025": _place(article.province_now),
        "organ": {"slug": article.organ.slug, "name": article.organ.name} if article.organ else None,
        "authors": article.author_list,
        "congresses": [{"id": congress.pk, "name": str(congress)} for congress in article.congresses.all()],
        "documents": [document.number for document in article.documents.all()],
        "source_url": article.source_url,
    }


def dated(article: Article) -> str | None:
    """The publication date as far as it is known: "2020-07-08", "2020-07", "2020", or None."""
    day = article.published_date
    if day is None:
        return None
    if article.published_precision == Article.Precision.YEAR:
        return f"{day.year:04d}"
    if article.published_precision == Article.Precision.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


def json_document(result: ResultSet, records: list[dict], query: dict) -> dict:
    return {
        "total": result.total,
        "exported": len(records),
        "limit": EXPORT_LIMIT,
        "truncated": result.total > len(records),
        "query": query,
        "articles": records,
    }


def csv_text(records: list[dict]) -> str:
    """The records as CSV, one row each, with a header row and a byte order mark."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for item in records:
        writer.writerow([neutralised(_cell(item[column])) for column in COLUMNS])
    return out.getvalue()


def neutralised(value: str | int) -> str | int:
    """A cell a spreadsheet will show as text, never run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cell(value) -> str | int:
    if value is None:
        return ""
    if isinstance(value, list):
        return SEPARATOR.join(_cell(item) for item in value)
    if isinstance(value, dict):
        return value["name"]
    return value


def _place(province) -> dict | None:
    return {"slug": province.slug, "name": province.short_name} if province else None


def filename(cleaned: dict, extension: str, today: str) -> str:
    """A file name that says what was searched: "tim-kiem-dai-hoi-2025-07-01.csv"."""
    words = slugify_vi(cleaned.get("q") or "")[:40].strip("-")
    filters = [*cleaned.get("province", []), *cleaned.get("organ", []), *map(str, cleaned.get("year", []))]
    parts = ["tim-kiem", words, *filters[:3], today]
    return "-".join(part for part in parts if part) + "." + extension


def records(articles: list[Article], permalink: Callable[[Article], str]) -> list[dict]:
    return [record(article, permalink(article)) for article in articles]
