"""Vietnamese text normalisation shared by the importer, the admin and search.

Three different operations, kept apart on purpose:

* ``clean_text`` makes text safe to store: NFC, one kind of space, no invisible
  characters, ``\\n`` line ends. It never changes spelling.
* ``canonical_tones`` rewrites the new tone placement (hoà, thuỷ, uỷ) to the old
  one (hòa, thủy, ủy) so the two spellings compare equal. Used for matching only.
* ``fold`` drops every diacritic, including the stroke of đ/Đ, for
  diacritic-insensitive matching ("Đảng" -> "Dang").
"""

import re
import unicodedata

# Spaces that real pages use between words; all become a plain space.
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\f\v"
# A zero-width space separates words visually, so it becomes a space too.
_ZERO_WIDTH_SEPARATORS = "\u200b\u2060"
# These join or decorate letters; removing them leaves the word intact.
_INVISIBLE = "\u200c\u200d\u00ad\ufeff\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

# Two substitutions rather than str.translate with a dict: about five times
# faster on whole pages. The second removes invisible characters and the C0/C1
# control characters other than the line feed.
_SPACE_RE = re.compile("[" + _SPACES + _ZERO_WIDTH_SEPARATORS + "]")
_REMOVED_RE = re.compile("[" + _INVISIBLE + "\x00-\x09\x0b-\x1f\x7f-\x9f]")
_MULTI_SPACE_RE = re.compile(" {2,}")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def clean_text(text: str) -> str:
    """NFC text with uniform spaces and line ends; line structure is kept."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _REMOVED_RE.sub("", _SPACE_RE.sub(" ", nfc(text)))


def clean_line(line: str) -> str:
    """One line of cleaned text with runs of spaces collapsed and ends trimmed."""
    if "  " not in line:  # most lines: a substring test is far cheaper than a substitution
        return line.strip()
    return _MULTI_SPACE_RE.sub(" ", line).strip()


def squash_spaces(text: str) -> str:
    """Clean text on a single line: every run of whitespace becomes one space."""
    return " ".join(clean_text(text).split())


def _fold_slowly(char: str) -> str:
    decomposed = unicodedata.normalize("NFD", char)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return stripped.replace("đ", "d").replace("Đ", "D")


# Every precomposed Latin letter with marks -> its base letter, and stray
# combining marks -> nothing. Built once; str.translate then folds at C speed.
_FOLD_TABLE = {
    code: _fold_slowly(chr(code)) or None
    for code in [*range(0x00C0, 0x0250), *range(0x0300, 0x0370), *range(0x1E00, 0x1F00)]
    if _fold_slowly(chr(code)) != chr(code)
}


def fold(text: str) -> str:
    """Drop all diacritics, including đ/Đ, keeping case: "Đảng bộ" -> "Dang bo".

    On NFC Vietnamese text every letter folds to one letter, so positions are
    kept; a stray combining mark that composes with nothing is dropped.
    """
    return nfc(text).translate(_FOLD_TABLE)


# --- tone placement -------------------------------------------------------

_TONE_MARKS = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # huyền sắc hỏi ngã nặng
_TONE_RHYMES = (("o", "a"), ("o", "e"), ("u", "y"))


def _tone_variants() -> dict[str, str]:
    """Map each new-style open rhyme (oà, uỷ…) to its old-style spelling (òa, ủy)."""
    mapping = {}
    for first, second in _TONE_RHYMES:
        for mark in _TONE_MARKS:
            new = first + nfc(second + mark)
            old = nfc(first + mark) + second
            for transform in (str.lower, str.capitalize, str.upper):
                mapping[transform(new)] = transform(old)
    return mapping


_NEW_TO_OLD_TONES = _tone_variants()
# Only open syllables differ ("hoàn" is written the same in both styles), and
# in "quý" the u belongs to the consonant qu, so neither is rewritten.
# The look-ahead on the rhymes' first letters lets the engine skip every other
# position quickly (about 2.5 times faster on whole pages).
_NEW_STYLE_RHYME_RE = re.compile(
    r"(?=[oOuU])(?<![qQ])(?:" + "|".join(sorted(_NEW_TO_OLD_TONES, key=len, reverse=True)) + r")(?!\w)"
)


def canonical_tones(text: str) -> str:
    """Rewrite new-style tone placement to the old style: "hoà" -> "hòa", "uỷ" -> "ủy"."""
    return _NEW_STYLE_RHYME_RE.sub(lambda m: _NEW_TO_OLD_TONES[m.group()], nfc(text))


def fold_table() -> dict[str, str]:
    """Each character fold() changes, and what it becomes ("" when dropped)."""
    return {chr(code): replacement or "" for code, replacement in _FOLD_TABLE.items()}


def tone_rewrites() -> dict[str, str]:
    """The new-style rhymes canonical_tones() rewrites, and how: only at the
    end of a syllable, and not after q."""
    return dict(_NEW_TO_OLD_TONES)


def match_key(text: str) -> str:
    """Key for accent-aware comparison: clean, one tone style, lower case, single spaces."""
    return canonical_tones(squash_spaces(text)).lower()


# The characters fold() changes: searching for the first one stops early,
# where folding would go through the whole text.
_MARKED_RE = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_FOLD_TABLE)) + "]")


def has_diacritics(text: str) -> bool:
    """True when the text carries Vietnamese marks; unaccented pages need folded matching."""
    return _MARKED_RE.search(text) is not None


def slugify_vi(text: str) -> str:
    """ASCII slug of a Vietnamese name: "Bà Rịa - Vũng Tàu" -> "ba-ria-vung-tau"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text).lower()).strip("-")


def alternation(words) -> str:
    """A regular expression matching any of the words, written as a trie
    ("th(?:ành phố|ị xã)"): Python's engine tries the branches of a plain
    alternation one by one at every position, but a trie rejects a position
    after a letter or two. Longer words are tried first, as in an
    alternation sorted by length."""
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def branches(node: dict) -> str:
        ends = "" in node
        parts = []
        for char, child in sorted(node.items()):
            if not char:
                continue
            run = re.escape(char)
            # Letters with no choice after them are written out in a loop, not
            # recursed into: a long word must not exhaust the stack.
            while len(child) == 1 and "" not in child:
                ((char, child),) = child.items()
                run += re.escape(char)
            parts.append(run + branches(child))
        if not parts:
            return ""
        if len(parts) == 1 and not ends:
            return parts[0]
        group = "(?:" + "|".join(parts) + ")"
        return group + "?" if ends else group

    return branches(tree)
