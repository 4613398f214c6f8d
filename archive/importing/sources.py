"""Every input people have, read as a stream of pages.

Text dumps (``.txt``), HTML pages (``.html``/``.htm``), WARC files from web
crawlers (``.warc``/``.warc.gz``; each HTML response is a page, with its URL
and capture time), JSON Lines of ``{url, title, html|text, published?, ...}``
(``.jsonl``), and folders and ``.zip`` files of any of these. ``read_sources``
yields a ``SourcePage`` for each page and a ``SourceProblem`` for each page or
file that cannot be read, saying why, so one bad file never stops a batch.
"""

import codecs
import datetime as dt
import json
import re
import unicodedata
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.utils.translation import gettext as _

from archive.html_pages import looks_like_html
from archive.legacy_encodings import WINDOWS_1258, LegacyEncodingError, decode_page_bytes, repair_mojibake
from archive.text import clean_line

TEXT, HTML = "text", "html"
TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
WARC_SUFFIXES = (".warc", ".warc.gz")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
ZIP_SUFFIXES = (".zip",)
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + WARC_SUFFIXES + JSONL_SUFFIXES + ZIP_SUFFIXES

_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HTTP_CHARSET_RE = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_ENCODING_LABELS = {"cp1258": WINDOWS_1258}
# Query parameters that only track where a reader came from.
_TRACKING_PARAMS = re.compile(r"^(?:utm_\w+|fbclid|gclid|zarsrc|_ga)$", re.IGNORECASE)
# Failures in a row in one input file (records that cannot be read, pages
# without an article) after which the rest of it is not read: a real crawl or
# feed with ten thousand of them and no page between is broken, and a zip of a
# few KB holding millions of lines that are not pages would otherwise keep an
# import busy for hours. A page stored resets the count (the importer does),
# so a crawl's many pages that are not articles, between articles, never stop
# it. What was read before is kept.
MAX_SOURCE_ERRORS = 10_000


@dataclass
class SourcePage:
    name: str  # where the page came from, for reports: a path, "pages.zip/a.html", "crawl.warc.gz#3"
    raw: str  # the page as received, decoded
    format: str = TEXT
    url: str = ""
    captured_at: dt.datetime | None = None
    metadata: dict = field(default_factory=dict)  # what a JSON Lines record says beside the page
    converted_from: str | None = None  # the legacy encoding the page was converted from
    source: str = ""  # the input file it was read from, as named to the importer


@dataclass
class SourceProblem:
    name: str
    reason: str
    stops_source: bool = False  # the rest of the file was not read: always worth listing


def suffix_of(name: str) -> str:
    lower = name.lower()
    for suffix in sorted(SUPPORTED_SUFFIXES, key=len, reverse=True):
        if lower.endswith(suffix):
            return suffix
    return Path(lower).suffix


def collect_files(paths: Iterable[Path]) -> tuple[list[Path], list[SourceProblem], list[SourceProblem]]:
    """(input files named directly or found in folders, paths that cannot be
    used, files in folders skipped because they are not pages). A file named
    on its own that is not a page is an error; one found in a folder (a
    README, a labels file, an image) is skipped and said so."""
    files: list[Path] = []
    problems: list[SourceProblem] = []
    skipped: list[SourceProblem] = []
    for path in paths:
        if path.is_dir():
            for found in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")):
                if suffix_of(found.name) in SUPPORTED_SUFFIXES:
                    files.append(found)
                else:
                    skipped.append(
                        SourceProblem(str(found), _("skipped: %(reason)s") % {"reason": _unsupported(found.name)})
                    )
        elif not path.exists():
            problems.append(SourceProblem(str(path), _("no such file or folder")))
        elif suffix_of(path.name) not in SUPPORTED_SUFFIXES:
            problems.append(SourceProblem(str(path), _unsupported(path.name)))
        else:
            files.append(path)
    return files, problems, skipped


def _unsupported(name: str) -> str:
    return _("not a supported file type (%(suffix)s); supported: %(supported)s") % {
        "suffix": suffix_of(name) or _("no extension"),
        "supported": ", ".join(SUPPORTED_SUFFIXES),
    }


def read_file(path: Path, failures: Counter[str] | None = None) -> Iterator[SourcePage | SourceProblem]:
    """The pages in one input file, read as a stream. Once the file has had
    MAX_SOURCE_ERRORS failures in a row, one more problem says that the rest
    of it was not read. Problems found in reading are counted here; an importer
    adds the file's pages that failed later (``failures``, by file name,
    the pages' ``source``)."""
    name = str(path)
    failures = Counter() if failures is None else failures
    read = 0
    for item in _read_file(path):
        if isinstance(item, SourcePage):
            item.source = name
        else:
            failures[name] += 1
        yield item
        read += 1
        if failures[name] >= MAX_SOURCE_ERRORS:
            yield SourceProblem(
                name,
                _(
                    "stopped after %(errors)s errors in a row, the limit for one file: %(read)s records were read, "
                    "the rest of the file was not"
                )
                % {"errors": f"{failures[name]:,}", "read": f"{read:,}"},
                stops_source=True,
            )
            return


def _read_file(path: Path) -> Iterator[SourcePage | SourceProblem]:
    name, suffix = str(path), suffix_of(path.name)
    try:
        if suffix in ZIP_SUFFIXES:
            yield from _read_zip(path)
        elif suffix in WARC_SUFFIXES:
            with path.open("rb") as stream:
                yield from _read_warc(stream, name)
        elif suffix in JSONL_SUFFIXES:
            with path.open("rb") as stream:
                yield from _read_jsonl(stream, name)
        else:
            size = path.stat().st_size
            if size > settings.IMPORT_MAX_BYTES:
                yield SourceProblem(name, _too_big(size))
                return
            yield _page_from_bytes(name, path.read_bytes(), suffix)
    except OSError as error:
        yield SourceProblem(name, _("cannot read the file: %(error)s") % {"error": error.strerror or error})
    except PageReadError as error:
        yield SourceProblem(name, str(error))


class PageReadError(Exception):
    """Bytes that cannot be a page, with the reason in words."""


def _too_big(size: int) -> str:
    return _("file is %(size)s bytes, more than the limit of %(limit)s bytes") % {
        "size": f"{size:,}",
        "limit": f"{settings.IMPORT_MAX_BYTES:,}",
    }


def read_upload(upload) -> SourcePage:
    """The page in an uploaded file (Django's UploadedFile, or any binary file
    object with ``name`` and ``size``); PageReadError if unusable. Never
    reads more than one byte past the limit, whatever the upload weighs."""
    size = getattr(upload, "size", None)
    if size is not None and size > settings.IMPORT_MAX_BYTES:
        raise PageReadError(_too_big(size))
    data = upload.read(settings.IMPORT_MAX_BYTES + 1)
    return page_from_upload(upload.name or "", data)


def page_from_text(name: str, text: str) -> SourcePage:
    """A page pasted as text; PageReadError if it is larger than a page may be."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > settings.IMPORT_MAX_BYTES:
        raise PageReadError(_too_big(size))
    return SourcePage(name=name, raw=text, format=HTML if looks_like_html(text) else TEXT)


def page_from_upload(name: str, data: bytes) -> SourcePage:
    """A single page given as bytes (an upload in the admin); PageReadError if unusable."""
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise PageReadError(_too_big(len(data)))
    page = _page_from_bytes(name, data, suffix_of(name))
    if isinstance(page, SourceProblem):
        raise PageReadError(page.reason)
    return page


def _page_from_bytes(
    name: str, data: bytes, suffix: str, *, charset: str | None = None, url: str = "", captured_at=None
) -> SourcePage | SourceProblem:
    try:
        text, converted_from = decode_bytes(data, charset=charset, html=suffix in HTML_SUFFIXES)
    except PageReadError as error:
        return SourceProblem(name, str(error))
    page_format = HTML if suffix in HTML_SUFFIXES or looks_like_html(text) else TEXT
    return SourcePage(
        name=name,
        raw=text,
        format=page_format,
        url=normalise_url(url),
        captured_at=captured_at,
        converted_from=converted_from,
    )


def decode_bytes(data: bytes, *, charset: str | None = None, html: bool = False) -> tuple[str, str | None]:
    """The text of a page's bytes and the legacy encoding it was converted from, if any.

    UTF-8 (with or without a byte-order mark) and UTF-16 with one are read as
    they are; a charset the server or the page declares is believed unless it
    is the usual mislabelling of Vietnamese legacy text as Latin-1; anything
    else is recognised as Windows-1258, TCVN3 or VNI, or refused.
    """
    if not data.strip():
        raise PageReadError(_("the file is empty"))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:
            raise PageReadError(_("broken UTF-16 text")) from None
    if b"\x00" in data[:8192]:
        raise PageReadError(_("binary file, not text"))
    if html and charset is None:
        declared = _META_CHARSET_RE.search(data[:4096])
        charset = declared.group(1).decode("ascii") if declared else None
    declared_codec = _codec(charset)
    if declared_codec and declared_codec not in ("utf-8", "cp1252", "latin-1", "ascii"):
        try:
            text = data.decode(declared_codec)
        except UnicodeDecodeError:
            pass  # the declaration is wrong; fall back to recognising the bytes
        else:
            if declared_codec.startswith("utf"):
                return repair_mojibake(text)
            # Windows-1258 keeps tone marks apart from their letters; NFC joins them.
            return unicodedata.normalize("NFC", text), _ENCODING_LABELS.get(declared_codec, charset)
    try:
        return decode_page_bytes(data)
    except LegacyEncodingError as error:
        raise PageReadError(str(error)) from None


def _codec(charset: str | None) -> str | None:
    if not charset:
        return None
    try:
        return codecs.lookup(charset.strip().lower()).name
    except LookupError:
        return None


def normalise_url(url: str) -> str:
    """One spelling of a page's address, so a re-import finds the same article:
    no fragment, no tracking parameters, lower-case scheme and host."""
    url = clean_line(url or "")
    if not url.lower().startswith(("http://", "https://")):
        return ""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.port and (parts.scheme.lower(), parts.port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{parts.port}"
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING_PARAMS.match(k)]
    )
    return urlunsplit((parts.scheme.lower(), host, parts.path or "/", query, ""))


def _read_zip(path: Path) -> Iterator[SourcePage | SourceProblem]:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        yield SourceProblem(str(path), _("not a readable .zip file"))
        return
    with archive:
        for info in archive.infolist():
            name = f"{path}/{info.filename}"
            if _unsafe_entry_name(info.filename):
                # Never extracted to disk here, but such a name is an attack
                # or a broken tool: say so rather than guess what it meant.
                yield SourceProblem(name, _("unsafe name in the .zip file (an absolute path or ..): skipped"))
                continue
            parts = PurePosixPath(info.filename.replace("\\", "/")).parts
            if info.is_dir() or not parts or parts[-1].startswith(".") or parts[0] == "__MACOSX":
                continue
            suffix = suffix_of(info.filename)
            if suffix not in SUPPORTED_SUFFIXES or suffix in ZIP_SUFFIXES:
                yield SourceProblem(name, _unsupported(info.filename))
                continue
            try:
                if suffix in WARC_SUFFIXES:
                    with archive.open(info) as stream:
                        yield from _read_warc(stream, name)
                elif suffix in JSONL_SUFFIXES:
                    with archive.open(info) as stream:
                        yield from _read_jsonl(stream, name)
                elif info.file_size > settings.IMPORT_MAX_BYTES:
                    yield SourceProblem(name, _too_big(info.file_size))
                else:
                    with archive.open(info) as stream:
                        # Never trust the declared size: read one byte past the limit at most.
                        data = stream.read(settings.IMPORT_MAX_BYTES + 1)
                    if len(data) > settings.IMPORT_MAX_BYTES:
                        yield SourceProblem(name, _too_big(len(data)))
                    else:
                        yield _page_from_bytes(name, data, suffix)
            except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as error:
                yield SourceProblem(name, _("damaged entry in the .zip file: %(error)s") % {"error": error})
            except (NotImplementedError, RuntimeError) as error:  # unknown compression, or encrypted
                yield SourceProblem(name, _("cannot unpack this entry: %(error)s") % {"error": error})


def _unsafe_entry_name(name: str) -> bool:
    """A zip entry named with an absolute path, a drive letter or a ".."
    step (with either slash: Windows tools write backslashes)."""
    path = name.replace("\\", "/")
    return path.startswith("/") or re.match(r"^[A-Za-z]:", path) is not None or ".." in path.split("/")


def _read_warc(stream, name: str) -> Iterator[SourcePage | SourceProblem]:
    # Imported here, as only WARC imports need it.
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    pages = number = 0
    try:
        for number, record in enumerate(ArchiveIterator(stream), start=1):
            if record.rec_type not in ("response", "resource"):
                continue
            url = record.rec_headers.get_header("WARC-Target-URI") or ""
            record_name = f"{name}#{number} {url}".strip()
            content_type = ""
            if record.rec_type == "response":
                if record.http_headers is None:
                    continue
                status = record.http_headers.get_statuscode()
                if status != "200":
                    continue  # redirects and errors are not pages
                content_type = record.http_headers.get_header("Content-Type") or ""
            else:
                content_type = record.rec_headers.get_header("Content-Type") or ""
            if "html" not in content_type.lower():
                continue  # images, scripts and style sheets of the crawled site
            pages += 1
            try:
                data = record.content_stream().read(settings.IMPORT_MAX_BYTES + 1)
            except (ValueError, EOFError, OSError, zlib.error):  # a damaged body (its headers were read)
                yield SourceProblem(record_name, _damaged_record(number))
                return
            if len(data) > settings.IMPORT_MAX_BYTES:
                yield SourceProblem(record_name, _too_big(len(data)))
                continue
            missing = _missing_bytes(record)
            if missing:
                # warcio hands over what there is without a word: a page cut
                # mid-sentence must not pass for the page (nor replace it).
                yield SourceProblem(
                    record_name,
                    _("the record is cut short: %(missing)s of its %(length)s bytes (Content-Length) are missing")
                    % {"missing": f"{missing:,}", "length": f"{int(record.length):,}"},
                )
                continue
            charset = _HTTP_CHARSET_RE.search(content_type)
            yield _page_from_bytes(
                record_name,
                data,
                ".html",
                charset=charset.group(1) if charset else None,
                url=url,
                captured_at=_parse_warc_date(record.rec_headers.get_header("WARC-Date")),
            )
    except ArchiveLoadFailed as error:
        if number == 0 and "Unknown archive format" in str(error):
            yield SourceProblem(name, _unreadable_warc(_("it does not begin with a WARC record")))
        else:
            yield SourceProblem(name, _damaged_record(number + 1))
        return
    except (ValueError, AttributeError, TypeError, KeyError, EOFError, OSError, zlib.error):
        # warcio reports a damaged record's headers through assorted
        # exceptions, whose own words ("'NoneType' object has no attribute
        # 'startswith'") help nobody.
        yield SourceProblem(name, _damaged_record(number + 1))
        return
    if pages == 0:
        yield SourceProblem(name, _("the WARC file holds no HTML page"))


def _damaged_record(number: int) -> str:
    return _unreadable_warc(_("record %(number)s is damaged") % {"number": number})


def _unreadable_warc(why: str) -> str:
    return _("not a readable WARC file: %(error)s") % {"error": why}


def _missing_bytes(record) -> int:
    """How many bytes of a record's Content-Length the file lacks, once its
    content has been read to the end."""
    remaining = getattr(record.raw_stream, "limit", 0)
    return remaining if isinstance(remaining, int) and remaining > 0 else 0


def _parse_warc_date(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _read_jsonl(stream, name: str) -> Iterator[SourcePage | SourceProblem]:
    limit = settings.IMPORT_MAX_BYTES
    number = 0
    while True:
        # Never more than the limit in memory: an over-long line (a zip bomb
        # holds one easily) is skipped in pieces.
        data = stream.readline(limit + 1)
        if not data:
            return
        number += 1
        record_name = f"{name}:{number}"
        if len(data) > limit and not data.endswith(b"\n"):
            size = len(data)
            while (piece := stream.readline(limit + 1)) and not piece.endswith(b"\n"):
                size += len(piece)
            yield SourceProblem(record_name, _too_big(size + len(piece)))
            continue
        if not data.strip():
            continue
        try:
            record = json.loads(data.decode("utf-8-sig" if number == 1 else "utf-8"))
        except UnicodeDecodeError as error:
            yield SourceProblem(
                record_name,
                _("not UTF-8 text (byte 0x%(byte)02x at position %(position)s)")
                % {"byte": data[error.start], "position": error.start},
            )
            continue
        except json.JSONDecodeError as error:
            yield SourceProblem(record_name, _("not valid JSON: %(error)s") % {"error": error.msg})
            continue
        except RecursionError:
            yield SourceProblem(record_name, _("not valid JSON: %(error)s") % {"error": _("nested too deeply to read")})
            continue
        except ValueError:  # Python refuses integers of more than 4,300 digits
            yield SourceProblem(record_name, _("not valid JSON: %(error)s") % {"error": _("a number too long to read")})
            continue
        yield _page_from_record(record_name, record)


def _page_from_record(name: str, record) -> SourcePage | SourceProblem:
    if not isinstance(record, dict):
        return SourceProblem(name, _("a line must be a JSON object"))
    html, text = record.get("html"), record.get("text")
    content = html if isinstance(html, str) and html.strip() else text
    if not isinstance(content, str) or not content.strip():
        return SourceProblem(name, _('the record has neither "html" nor "text"'))
    content, converted_from = repair_mojibake(content)
    metadata = {}
    for key in ("title", "published"):
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            metadata[key] = clean_line(value)
    url = record.get("url") if isinstance(record.get("url"), str) else ""
    return SourcePage(
        name=name,
        raw=content,
        format=HTML if content is html or looks_like_html(content) else TEXT,
        url=normalise_url(url),
        metadata=metadata,
        converted_from=converted_from,
    )


def read_sources(files: Iterable[Path], failures: Counter[str] | None = None) -> Iterator[SourcePage | SourceProblem]:
    failures = Counter() if failures is None else failures
    for path in files:
        yield from read_file(path, failures)
