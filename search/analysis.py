"""How Vietnamese text becomes search terms.

Four views of the same text, so that a query can match loosely and rank
precisely (``words(view, text)`` gives a view's terms; each engine indexes
them as its own, ``search/engines/``):

* **folded**: lower case, every diacritic dropped (đ -> d): ``dai hoi`` finds
  *Đại hội*. Every query word must match in this view.
* **exact**: lower case, one tone placement (hoà -> hòa), diacritics kept.
  A query typed with diacritics ranks the syllables written as typed first,
  marked or not: *bản* above *bàn*, and in "ban chỉ đạo", *Ban* above *bàn*.
* **pairs**: folded, each syllable joined to the next (``dai_hoi``,
  ``hoi_dang``). Vietnamese words are several syllables: a phrase becomes a
  few term look-ups instead of a slow positional search, and pages with the
  syllables side by side rank first.
* **abbreviations**: words written in capitals (``TU``, ``BTV``, ``HĐND``),
  as written. Folded, *TU* (Tỉnh ủy) is the same term as *từ* and *tư*; here
  it is not, so a search for *Tỉnh ủy* can find the pages that write *TU*.

No stop words, no stemming and no minimum length: "an ninh", "Long An", "ở"
and "ý" are all searchable. A syllable is a run of letters and digits
(``[^\\W_]+``), found after the whole value is normalised (NFC first, so NFD
text is not split at its combining marks).

Changing what a view makes of a text needs a full rebuild (``ANALYSIS_VERSION``).
"""

import functools
import itertools
import re
from collections.abc import Callable, Iterator

from archive.text import canonical_tones, clean_text, fold

# Bump when analysis changes: an index built with another version is rebuilt.
# (7: the Whoosh analyzers, which its schema pickles, moved to search.engines.whoosh.)
ANALYSIS_VERSION = 7

SYLLABLE_RE = re.compile(r"[^\W_]+")
# Two to six capitals (Đ included) standing alone: an abbreviation as written.
ABBREVIATION_RE = re.compile(r"(?<![^\W_])[A-ZĐ]{2,6}(?![^\W_])")
PAIR_SEPARATOR = "_"
FOLDED, EXACT = "folded", "exact"
PAIRS, ABBREVIATIONS = "pairs", "abbreviations"


# An article's four text views all start from the same text: while an index is
# built, the normalised text and its syllables are worked out once, not per view.
@functools.lru_cache(maxsize=4)
def normalise(text: str, mode: str) -> str:
    """The whole text as the index sees it; folding and tone rewriting keep
    the length of NFC text, so offsets stay those of the stored text."""
    text = _clean(text)
    if mode == FOLDED:
        return fold(text).lower()
    return canonical_tones(text).lower()


@functools.lru_cache(maxsize=4)
def _syllables(text: str, mode: str) -> tuple[str, ...]:
    return tuple(SYLLABLE_RE.findall(normalise(text, mode)))


@functools.lru_cache(maxsize=2)
def _clean(text: str) -> str:
    return clean_text(text)


def syllables(text: str, mode: str = FOLDED) -> list[str]:
    """The terms of a query word or phrase, as the index has them."""
    return SYLLABLE_RE.findall(normalise(text, mode))


def pairs(folded_syllables: list[str]) -> list[str]:
    """Adjacent pairs of folded syllables, as the pairs view has them."""
    return [a + PAIR_SEPARATOR + b for a, b in itertools.pairwise(folded_syllables)]


def words(view: str, text: str) -> list[str]:
    """The terms one view of the index makes of a text, in order: what every
    engine indexes (an abbreviation as written, in capitals; a text of one
    syllable is that syllable in the pairs view)."""
    if view in (FOLDED, EXACT):
        return list(_syllables(text, view))
    if view == PAIRS:
        found = _syllables(text, FOLDED)
        return list(found) if len(found) < 2 else pairs(found)
    if view == ABBREVIATIONS:
        return ABBREVIATION_RE.findall(_clean(text))
    raise ValueError(f"no view of the text called {view!r}")


def unknown_words(words: list[str], known: Callable[[str], bool], limit: int) -> Iterator[str]:
    """The words worth correcting, each once (by its folded form), at most
    ``limit``: single syllables of three letters or more the index does not know."""
    seen: set[str] = set()
    for word in words:
        folded = syllables(word)
        if len(folded) != 1 or len(folded[0]) < 3 or folded[0] in seen or known(folded[0]):
            continue
        seen.add(folded[0])
        yield word
        if len(seen) >= limit:
            return
