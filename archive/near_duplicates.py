"""Near-duplicates: the same article republished by another site.

Republished articles keep the text but change the furniture, the byline, a
caption or a sentence, so their content hashes differ. Each body is reduced to
its set of three-syllable shingles (folded, so tone placement and diacritics
do not matter) and summarised by a MinHash signature (one-permutation hashing:
the smallest shingle hash in each of 32 bins). The signature is cut into 8
bands of 4; pages whose texts share most shingles share a band with high
probability (≥ 98 % at 80 % similarity), unrelated pages almost never do.
Band keys are stored in an indexed table, so candidates are one indexed
look-up whatever the size of the archive, and every candidate is confirmed by
the real similarity of the two bodies before it is linked.
"""

import hashlib
import re
import zlib

from archive.text import fold

SHINGLE = 3  # syllables per shingle
BINS, ROWS = 32, 4  # signature length, and signature values per band
MIN_SIMILARITY = 0.7  # share of shingles in common that makes a republication
MIN_WORDS = 40  # shorter bodies (notices, captions) repeat legitimately
MAX_CANDIDATES = 20
_WORD_RE = re.compile(r"\w+")
_EMPTY_BIN = (1 << 32) - 1
_BIN_SHIFT = 32 - (BINS - 1).bit_length()


def shingles(body: str) -> set[int]:
    """The body's three-syllable shingles as 32-bit hashes; empty if too short."""
    words = _WORD_RE.findall(fold(body).lower())
    if len(words) < MIN_WORDS:
        return set()
    return {zlib.crc32(" ".join(words[i : i + SHINGLE]).encode()) for i in range(len(words) - SHINGLE + 1)}


def band_keys(shingle_set: set[int]) -> list[int]:
    """One signed 64-bit key per band (band number mixed in), for the index table."""
    if not shingle_set:
        return []
    minimums = [_EMPTY_BIN] * BINS
    for value in shingle_set:
        bin_number = value >> _BIN_SHIFT
        if value < minimums[bin_number]:
            minimums[bin_number] = value
    keys = []
    for band in range(BINS // ROWS):
        rows = minimums[band * ROWS : (band + 1) * ROWS]
        digest = hashlib.blake2b(repr((band, rows)).encode(), digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


def similarity(a: set[int], b: set[int]) -> float:
    """Jaccard similarity of two shingle sets (0–1)."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
