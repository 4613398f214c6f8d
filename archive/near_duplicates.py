"""Near-duplicates: the same article republished by another site.

Republished articles keep the text but change the furniture, the byline, a
caption or a sentence, so their content hashes differ. Each body is reduced to
its set of three-syllable shingles (folded, so tone placement and diacritics
do not matter) and summarised by a MinHash signature (one-permutation hashing:
the smallest shingle hash in each of 48 bins). The signature is cut into 8
bands of 6; pages whose texts share most shingles share a band with high
probability (98 % at 85 % similarity, 63 % at 70 %), while pages on the same
subject in the same formulaic words (40 % similarity) rarely do (3 %), so
candidates are few and cheap to confirm.
Band keys are stored in an indexed table, so candidates are one indexed
look-up whatever the size of the archive, and every candidate is confirmed by
the real similarity of the two bodies before it is linked.
"""

import hashlib
import itertools
import operator
import re
import zlib

from archive.text import fold

SHINGLE = 3  # syllables per shingle
BINS, ROWS = 48, 6  # signature length, and signature values per band
MIN_SIMILARITY = 0.7  # share of shingles in common that makes a republication
MIN_WORDS = 40  # shorter bodies (notices, captions) repeat legitimately
MAX_CANDIDATES = 20
_WORD_RE = re.compile(r"\w+")
_MASK32 = (1 << 32) - 1
# Multipliers that spread the first and second syllable of a shingle.
_FIRST, _SECOND = 0x9E3779B1, 0x85EBCA77
_MAX_CACHED_TOKENS = 100_000


class _TokenHashes(dict):
    """A lower-case, space-delimited token ("đảng", "bộ,", "35-ct/tw") -> the
    32-bit hashes of the folded words in it, in three forms: (plain, times the
    first multiplier, times the second multiplier), each a tuple with one
    entry per word (usually one; none for a lone dash).

    A page repeats a few hundred distinct tokens out of a language of a few
    thousand syllables, so nearly every look-up is a hit: the regular
    expression, folding and hashing run once per token per process instead
    of once per word of every page."""

    def __missing__(self, token: str) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
        if len(self) >= _MAX_CACHED_TOKENS:  # bounded whatever the input (numbers, foreign text)
            self.clear()
        plain = tuple(zlib.crc32(fold(word).encode()) for word in _WORD_RE.findall(token))
        self[token] = hashes = (
            plain,
            tuple((value * _FIRST) & _MASK32 for value in plain),
            tuple((value * _SECOND) & _MASK32 for value in plain),
        )
        return hashes


_token_hashes = _TokenHashes()
_flatten = itertools.chain.from_iterable
_PLAIN, _TIMES_FIRST, _TIMES_SECOND = (operator.itemgetter(i) for i in range(3))


def shingles(body: str) -> set[int]:
    """The body's three-syllable shingles as 32-bit hashes; empty if too short.

    A shingle is ``(a * first) ^ (b * second) ^ c`` over the hashes of three
    neighbouring words (``\\w+``, lower case, folded), cut to 32 bits. Every
    loop runs in C (maps over cached token hashes and operator functions):
    several times cheaper than a comprehension, and it is paid for every
    imported page.
    """
    cached = list(map(_token_hashes.__getitem__, body.lower().split()))
    plain = list(_flatten(map(_PLAIN, cached)))
    if len(plain) < MIN_WORDS:
        return set()
    first = list(_flatten(map(_TIMES_FIRST, cached)))
    second = list(_flatten(map(_TIMES_SECOND, cached)))
    return set(map(operator.xor, map(operator.xor, first, second[1:]), plain[2:]))


def band_keys(shingle_set: set[int]) -> list[int]:
    """One signed 64-bit key per band (band number mixed in), for the index table."""
    if not shingle_set:
        return []
    minimums = _bin_minimums(shingle_set)
    keys = []
    for band in range(BINS // ROWS):
        rows = minimums[band * ROWS : (band + 1) * ROWS]
        digest = hashlib.blake2b(repr((band, rows)).encode(), digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


def _bin_minimums(values: set[int]) -> list[int]:
    """The smallest value in each of the BINS bins (value % BINS), or the
    32-bit maximum for an empty bin.

    Hashes are uniform, so the minimums are among the smallest values: those
    below a threshold that leaves each bin eight on average are sorted first
    (the filter runs in C), and all of them only when that leaves a bin empty.
    """
    threshold = (_MASK32 + 1) * 8 * BINS // len(values)
    for candidates in (filter(threshold.__gt__, values), values):
        found: dict[int, int] = {}
        for value in sorted(candidates):
            found.setdefault(value % BINS, value)
            if len(found) == BINS:
                return [found[bin_number] for bin_number in range(BINS)]
    return [found.get(bin_number, _MASK32) for bin_number in range(BINS)]


def similarity(a: set[int], b: set[int]) -> float:
    """Jaccard similarity of two shingle sets (0–1)."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
