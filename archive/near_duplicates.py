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
import re
import zlib

from archive.text import fold

SHINGLE = 3  # syllables per shingle
BINS, ROWS = 48, 6  # signature length, and signature values per band
MIN_SIMILARITY = 0.7  # share of shingles in common that makes a republication
MIN_WORDS = 40  # shorter bodies (notices, captions) repeat legitimately
MAX_CANDIDATES = 20
_WORD_RE = re.compile(r"\w+")
_EMPTY_BIN = (1 << 32) - 1
_MASK32 = (1 << 32) - 1


def shingles(body: str) -> set[int]:
    """The body's three-syllable shingles as 32-bit hashes; empty if too short."""
    words = _WORD_RE.findall(fold(body).lower())
    if len(words) < MIN_WORDS:
        return set()
    # Hash each syllable once and combine three neighbours arithmetically:
    # cheaper than hashing every three-syllable string.
    h = [zlib.crc32(word.encode()) for word in words]
    return {((a * 0x9E3779B1) ^ (b * 0x85EBCA77) ^ c) & _MASK32 for a, b, c in zip(h, h[1:], h[2:], strict=False)}


def band_keys(shingle_set: set[int]) -> list[int]:
    """One signed 64-bit key per band (band number mixed in), for the index table."""
    if not shingle_set:
        return []
    minimums = [_EMPTY_BIN] * BINS
    for value in shingle_set:
        bin_number = value % BINS
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
