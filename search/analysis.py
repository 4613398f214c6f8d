"""How Vietnamese text becomes search terms.

Three views of the same text, each a Whoosh analyzer, so a query can match
loosely and rank precisely:

* **folded**: lower case, every diacritic dropped (đ -> d): ``dai hoi`` finds
  *Đại hội*; the field every query must match.
* **exact**: lower case, one tone placement (hoà -> hòa), diacritics kept: a
  query typed with diacritics ranks *bản* above *bàn* through this field.
* **pairs**: folded, two adjacent syllables joined (``dai_hoi``, ``hoi_dang``):
  Vietnamese words are several syllables, so a multi-syllable query becomes a
  few term look-ups instead of a slow phrase search, and pages with the
  syllables side by side rank first.

No stop words and no stemming: "an ninh", "Long An", "ở" and "ý" are all
searchable. Syllables are runs of letters and digits (``\\w+``) of NFC text.

Whoosh pickles analyzers into the index schema, so every filter is a
module-level class; changing what they do needs a full rebuild.
"""

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer

from archive.text import canonical_tones, fold, nfc

SYLLABLE_PATTERN = r"\w+"
PAIR_SEPARATOR = "_"


class NfcTokenizer(RegexTokenizer):
    """Syllables of the text in composed Unicode: in NFD input a combining
    mark is not a word character and would split "Đảng" in two. Character
    offsets are those of the NFC text, which is what the archive stores."""

    def __call__(self, value, *args, **kwargs):
        return super().__call__(nfc(value), *args, **kwargs)


class ToneFilter(Filter):
    """One tone placement: "hoà" and "hòa", "uỷ" and "ủy" are the same term."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = canonical_tones(token.text)
            yield token


class FoldFilter(Filter):
    """Every diacritic dropped, đ included: "đảng" -> "dang"."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = fold(token.text)
            yield token


class PairFilter(Filter):
    """Each syllable joined to the one before it: "dai hoi dang" -> "dai_hoi",
    "hoi_dang". A text of one syllable has no pairs."""

    def __call__(self, tokens):
        previous = None
        for token in tokens:  # Whoosh reuses one token object: keep the text, not the token
            text = token.text
            if previous is not None:
                token.text = previous + PAIR_SEPARATOR + text
                yield token
            previous = text


def _syllables():
    return NfcTokenizer(SYLLABLE_PATTERN) | LowercaseFilter()


def folded_analyzer():
    return _syllables() | FoldFilter()


def exact_analyzer():
    return _syllables() | ToneFilter()


def pair_analyzer():
    return _syllables() | FoldFilter() | PairFilter()


def terms(analyzer, text: str) -> list[str]:
    """The terms an analyzer makes of a text (for queries and tests)."""
    return [token.text for token in analyzer(text)]
