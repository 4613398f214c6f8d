"""Search terms marked in article text, as HTML.

* ``snippet(body, terms)``: a short passage for a result list, taken where the
  most different terms occur close together.
* ``mark(body, terms)``: the whole body for the article page, paragraphs as
  ``<p>`` (the same rule as Django's ``linebreaks``, which renders the body
  without terms) and each match as ``<mark id="hit-N">`` so the page can link
  from one hit to the next; returns a ``MarkedBody`` with the HTML and the
  number of hits.

Matching is diacritic-insensitive and whole-syllable: the query syllables
are folded (``fold``: "Đảng" -> "Dang") and searched as whole syllables in
``fold(body).lower()``, so ``dang bo`` marks *Đảng bộ*, *ĐẢNG BỘ* and *đang bộ*
alike, and *hoà* marks *hòa*. Fold keeps the length of NFC text, so offsets
found in the folded text are offsets in the body. Every piece of text is
escaped before a ``<mark>`` goes around it: matching runs on the plain text,
so markup in a body is always shown as text and a term never matches inside
an escaped entity (``lt``, ``amp``).
"""

import bisect
import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from django.utils.safestring import SafeString, mark_safe

from archive.text import alternation, clean_text, fold

ELLIPSIS = "…"

# A syllable is a run of letters and digits; "đảng_bộ" (the pair form used by
# the search index) is two syllables.
_SYLLABLE_RE = re.compile(r"[^\W_]+")
# Combining marks left over in NFC text compose with nothing (a second tone on
# a vowel); fold() drops them, which is the only way it shortens clean text.
_STRAY_MARK_RE = re.compile("[\u0300-\u036f]")
# Paragraph rule of django.utils.html.linebreaks, so the article page looks the
# same with and without terms.
_PARAGRAPH_BREAK_RE = re.compile(r"\n{2,}")
_LINE_BREAKS_RE = re.compile(r"\s*\n\s*")
_WHITESPACE = " \n"  # the only whitespace clean_text leaves in running text


@dataclass(frozen=True)
class MarkedBody:
    html: SafeString
    hits: int  # number of <mark id="hit-N"> elements, N = 1..hits


def snippet(body: str, terms: Iterable[str], *, length: int = 240) -> SafeString:
    """About ``length`` characters of the body around the densest group of
    matches, cut between words, "…" where text was left out, paragraph breaks
    as spaces. Without a match (or without terms), the opening of the body."""
    if length < 1:
        raise ValueError(f"snippet length must be positive, not {length}")
    # Stored bodies are clean already, and cleaning again is cheap next to the
    # search; a body that is not (NFD, no-break spaces, \r\n) would otherwise
    # get its marks at the wrong offsets.
    text = clean_text(body)
    matches = _matches(text, _syllables(terms))
    if matches:
        first, last = _densest(matches, length)
        start, end = _around(text, matches[first][0], matches[last - 1][1], length)
    else:
        start, end = _opening(text, length)
    start += len(text[start:end]) - len(text[start:end].lstrip())
    end -= len(text[start:end]) - len(text[start:end].rstrip())
    inner, _ = _render(text, matches, start, end, _escape_on_one_line)
    before = ELLIPSIS if text[:start].strip() else ""
    after = ELLIPSIS if text[end:].strip() else ""
    return mark_safe(before + inner + after)


def mark(body: str, terms: Iterable[str]) -> MarkedBody:
    """The whole body as paragraphs, every match wrapped in ``<mark id="hit-N">``."""
    text = clean_text(body)
    matches = _matches(text, _syllables(terms))
    paragraphs = []
    hits = 0
    start = 0
    for separator in [*_PARAGRAPH_BREAK_RE.finditer(text), None]:
        end = separator.start() if separator else len(text)
        if text[start:end].strip():
            inner, count = _render(text, matches, start, end, _escape_with_line_breaks, first_id=hits + 1)
            hits += count
            paragraphs.append(f"<p>{inner}</p>")
        start = separator.end() if separator else end
    return MarkedBody(mark_safe("\n\n".join(paragraphs)), hits)


def _syllables(terms: Iterable[str]) -> tuple[str, ...]:
    """Folded, lower-case query syllables, each once."""
    if isinstance(terms, str):  # a whole query passed by mistake must not become its letters
        terms = (terms,)
    found: set[str] = set()
    for term in terms:
        found.update(_SYLLABLE_RE.findall(fold(clean_text(term)).lower()))
    return tuple(sorted(found))


@lru_cache(maxsize=64)  # a result page makes twenty snippets with the same terms
def _pattern(syllables: tuple[str, ...]) -> re.Pattern[str]:
    # Not next to another letter or digit: "an" must not match in "giang".
    return re.compile(r"(?<![^\W_])(?:" + alternation(syllables) + r")(?![^\W_])")


def _matches(text: str, syllables: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """(start, end, folded syllable) of every match, offsets in ``text`` (NFC)."""
    if not syllables:
        return []
    folded = fold(text).lower()
    found = [(*m.span(), m.group()) for m in _pattern(syllables).finditer(folded)]
    if len(folded) == len(text):
        return found
    # Stray marks were dropped from the folded text: map its offsets back. A
    # match takes the marks that follow it, as they belong to its last letter.
    kept = [i for i, char in enumerate(text) if not _STRAY_MARK_RE.match(char)]
    if len(kept) != len(folded):  # not expected from clean text; better no marks than marks in wrong places
        return []
    kept.append(len(text))
    return [(kept[start], kept[end], syllable) for start, end, syllable in found]


def _densest(matches: list[tuple[int, int, str]], length: int) -> tuple[int, int]:
    """Indexes [first, last) of the matches that fit in ``length`` characters
    with the most distinct syllables, then the most matches; the earliest such
    group wins, as the opening of an article usually says what it is about."""
    best, best_score = (0, 1), (0, 0)
    counts: dict[str, int] = {}
    last = 0
    for first, (start, _, syllable) in enumerate(matches):
        # The group always holds its first match, even one longer than length.
        while last < len(matches) and (last == first or matches[last][1] - start <= length):
            counts[matches[last][2]] = counts.get(matches[last][2], 0) + 1
            last += 1
        score = (len(counts), last - first)
        if score > best_score:
            best, best_score = (first, last), score
        counts[syllable] -= 1
        if not counts[syllable]:
            del counts[syllable]
    return best


def _around(text: str, first: int, last: int, length: int) -> tuple[int, int]:
    """About ``length`` characters holding text[first:last], cut between words.
    A third of the spare room goes before the matches and the rest after:
    the words after a match say more about it than the words before."""
    spare = max(0, length - (last - first))
    start = max(0, min(first - spare // 3, len(text) - length))
    end = min(len(text), max(start + length, last))
    if start > 0 and text[start - 1] not in _WHITESPACE:
        # Forward to the next word, never past the first match.
        breaks = [found for found in (text.find(c, start, first) for c in _WHITESPACE) if found >= 0]
        start = min(breaks) + 1 if breaks else first
    if end < len(text) and text[end] not in _WHITESPACE:
        # Back to the end of the previous word, never before the last match.
        end = max(last, *(text.rfind(c, last, end) for c in _WHITESPACE))
    return start, end


def _opening(text: str, length: int) -> tuple[int, int]:
    """The first ``length`` characters, cut between words unless the first
    word alone is longer."""
    end = min(len(text), length)
    if end < len(text) and text[end] not in _WHITESPACE:
        cut = max(text.rfind(c, 0, end) for c in _WHITESPACE)
        if cut > 0:
            end = cut
    return 0, end


def _escape_on_one_line(text: str) -> str:
    return html.escape(_LINE_BREAKS_RE.sub(" ", text))


def _escape_with_line_breaks(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _render(
    text: str,
    matches: list[tuple[int, int, str]],
    start: int,
    end: int,
    escape: Callable[[str], str],
    first_id: int | None = None,
) -> tuple[str, int]:
    """text[start:end] escaped, with the matches inside it wrapped in <mark>
    (numbered from first_id when given), and how many there were."""
    out = []
    position = start
    count = 0
    for match_start, match_end, _ in matches[bisect.bisect_left(matches, (start,)) :]:
        if match_end > end:
            break
        tag = "<mark>" if first_id is None else f'<mark id="hit-{first_id + count}">'
        out += [escape(text[position:match_start]), tag, escape(text[match_start:match_end]), "</mark>"]
        position = match_end
        count += 1
    out.append(escape(text[position:end]))
    return "".join(out), count
