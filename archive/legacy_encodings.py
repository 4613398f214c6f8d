"""Decoding of scraped pages written in pre-Unicode Vietnamese encodings.

Old provincial archives were published before Unicode was common, so their
pages arrive in one of three 8-bit encodings, and sometimes already "converted"
to UTF-8 by a tool that guessed the wrong code page:

* **Windows-1258** (cp1258). Python has the codec, but the encoding stores
  most tone marks as separate combining characters, so the decoded text must be
  normalised to NFC or search and comparison break.
* **TCVN3** (ABC, TCVN 5712 VN3). One byte per letter; it has the lowercase
  letters with tones but, of the capitals, only Ă Â Đ Ê Ô Ơ Ư: capitals with
  tones were shown by switching to an all-capitals font (.VnTimeH) that drew the
  lowercase codes as capitals. Decoding therefore yields those letters in
  lowercase; the font, and with it the case, is lost.
* **VNI-Windows**. A base letter followed by a mark byte ("Ñaûng" = "Đảng"),
  except for đ, ơ, ư, i with a tone and ỵ, which have one byte each.

Python has no codec for TCVN3 or VNI, so the tables are written out below from
the published charts (the reference is the vnconv library of UniKey) and
checked letter by letter in ``tests/test_legacy_encodings.py``.

The two public entry points are ``decode_page_bytes`` for raw page bytes and
``repair_mojibake`` for text that arrived already decoded (JSON Lines, HTML)
but is really TCVN3 or VNI seen through Windows-1252. Which legacy encoding a
page uses is not declared anywhere, so it is guessed by scoring how much each
candidate decoding looks like Vietnamese: the share of words that are valid
Vietnamese syllables and hits on very common syllables.
"""

import codecs
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Container
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import gettext as _

# Labels reported to the caller (and shown to editors) for a converted page.
WINDOWS_1258 = "Windows-1258"
TCVN3 = "TCVN3"
VNI = "VNI"
TCVN3_AS_CP1252 = "TCVN3 (read as Windows-1252)"
VNI_AS_CP1252 = "VNI (read as Windows-1252)"

_UTF8_BOM = b"\xef\xbb\xbf"

# The five tone marks as Unicode combining characters, in the traditional order
# huyền, hỏi, ngã, sắc, nặng -- the order in which TCVN3 lays out its codes.
GRAVE, HOOK, TILDE, ACUTE, DOT = "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"
TONES = (GRAVE, HOOK, TILDE, ACUTE, DOT)


class LegacyEncodingError(ValueError):
    """The bytes are neither UTF-8 nor recognisably Vietnamese in a legacy encoding."""


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _cp1252_char(byte: int) -> str:
    """How Windows shows a byte; the five bytes cp1252 leaves undefined stay C1 controls."""
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


# Byte -> character tables for codecs.charmap_decode, which decodes at C speed.
# TCVN3 and VNI fonts kept the Windows-1252 punctuation (quotes, dashes...) in
# 0x80-0x9F, so legacy bytes are first read as Windows-1252, never failing.
_CP1252_MAP = "".join(_cp1252_char(byte) for byte in range(256))


# A tool that read the bytes as latin-1 rather than Windows-1252 left C1
# controls where the quotes and dashes were; repairing text puts them back.
_C1_RE = re.compile("[\x80-\x9f]")
_C1_AS_CP1252 = str.maketrans({chr(byte): _CP1252_MAP[byte] for byte in range(0x80, 0xA0)})


def _bytes_as_cp1252(data: bytes) -> str:
    return codecs.charmap_decode(data, "strict", _CP1252_MAP)[0]


# --- TCVN3 -----------------------------------------------------------------

# Letters without a tone that are not ASCII, lowercase and the seven capitals.
_TCVN3_PLAIN = {
    "Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7,
    "ă": 0xA8, "â": 0xA9, "ê": 0xAA, "ô": 0xAB, "ơ": 0xAC, "ư": 0xAD, "đ": 0xAE,
}  # fmt: skip
# Each vowel with the tones huyền, hỏi, ngã, sắc, nặng (lowercase only).
_TCVN3_TONED = {
    "a": (0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    "ă": (0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    "e": (0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    "i": (0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    "ô": (0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    "u": (0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
    "y": (0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}

# byte -> letter, for the 74 bytes that TCVN3 uses for Vietnamese letters.
TCVN3_LETTERS: dict[int, str] = {code: letter for letter, code in _TCVN3_PLAIN.items()} | {
    code: _nfc(vowel + tone) for vowel, codes in _TCVN3_TONED.items() for tone, code in zip(TONES, codes, strict=True)
}
assert len(TCVN3_LETTERS) == 74 and min(TCVN3_LETTERS) >= 0xA1

_TCVN3_MAP = "".join(TCVN3_LETTERS.get(byte) or _cp1252_char(byte) for byte in range(256))
# The same mapping for text. All TCVN3 letter bytes are >= 0xA1, where latin-1
# and cp1252 agree, so it also serves text that went through either of them.
_TCVN3_TABLE = str.maketrans({chr(code): letter for code, letter in TCVN3_LETTERS.items()})


def _tcvn3_bytes(data: bytes) -> str:
    return codecs.charmap_decode(data, "strict", _TCVN3_MAP)[0]


def _from_tcvn3(cp1252_text: str) -> str:
    try:
        return _tcvn3_bytes(cp1252_text.encode("cp1252"))  # the usual case, and fast
    except UnicodeEncodeError:
        return cp1252_text.translate(_TCVN3_TABLE)  # latin-1 C1 controls or other characters


# --- VNI-Windows -------------------------------------------------------------

# Mark bytes that follow a base letter, lowercase forms; the capital form of
# every VNI byte (mark or letter) is the byte minus 0x20, as in Windows-1252.
_VNI_TONE = {GRAVE: 0xF8, HOOK: 0xFB, TILDE: 0xF5, ACUTE: 0xF9, DOT: 0xEF}  # ø û õ ù ï
_VNI_CIRCUMFLEX = {"": 0xE2, GRAVE: 0xE0, HOOK: 0xE5, TILDE: 0xE3, ACUTE: 0xE1, DOT: 0xE4}  # â à å ã á ä
_VNI_BREVE = {"": 0xEA, GRAVE: 0xE8, HOOK: 0xFA, TILDE: 0xFC, ACUTE: 0xE9, DOT: 0xEB}  # ê è ú ü é ë
# Letters with a byte of their own (ñ ô ö, i with a tone: ì æ ó í ò, and î).
_VNI_OWN = {"đ": 0xF1, "ơ": 0xF4, "ư": 0xF6, "ì": 0xEC, "ỉ": 0xE6, "ĩ": 0xF3, "í": 0xED, "ị": 0xF2, "ỵ": 0xEE}


def _vni_codes() -> dict[str, bytes]:
    """Unicode letter -> VNI bytes for all 134 Vietnamese letters that are not ASCII."""
    lower: dict[str, bytes] = {letter: bytes([code]) for letter, code in _VNI_OWN.items()}
    for base, base_code in (*((v, ord(v)) for v in "aeouy"), ("ơ", _VNI_OWN["ơ"]), ("ư", _VNI_OWN["ư"])):
        for tone, mark in _VNI_TONE.items():
            lower.setdefault(_nfc(base + tone), bytes([base_code, mark]))  # keeps ỵ's own byte
    for vowel in "aeo":
        for tone, mark in _VNI_CIRCUMFLEX.items():
            lower[_nfc(vowel + "\u0302" + tone)] = bytes([ord(vowel), mark])
    for tone, mark in _VNI_BREVE.items():
        lower[_nfc("a\u0306" + tone)] = bytes([ord("a"), mark])
    upper = {letter.upper(): bytes(byte - 0x20 for byte in code) for letter, code in lower.items()}
    return lower | upper


VNI_CODES = _vni_codes()
assert len(VNI_CODES) == 134


def _vni_decoding() -> dict[str, str]:
    """VNI sequence (as Windows-1252 text) -> letter, lenient about the case of the mark.

    Conversion tools and hand edits left capitals with lowercase marks ("Aù")
    and the reverse; the base letter decides the case. "yï" is accepted for ỵ.
    """
    table = {code.decode("cp1252"): letter for letter, code in VNI_CODES.items()}
    extra = {"yï": "ỵ", "YÏ": "Ỵ"}
    for sequence, letter in [*table.items(), *extra.items()]:
        if len(sequence) == 2:
            base, mark = sequence
            for variant in (base + mark.lower(), base + mark.upper()):
                table.setdefault(variant, letter)
    return table


_VNI_DECODING = _vni_decoding()


def _vni_regex() -> re.Pattern[str]:
    """One alternative per base letter: that letter and the marks it takes, then the one-byte letters."""
    marks_after: dict[str, set[str]] = {}
    for sequence in _VNI_DECODING:
        if len(sequence) == 2:
            marks_after.setdefault(sequence[0], set()).add(sequence[1])
    pairs = [re.escape(base) + "[" + "".join(sorted(marks)) + "]" for base, marks in sorted(marks_after.items())]
    singles = "[" + "".join(sorted(s for s in _VNI_DECODING if len(s) == 1)) + "]"
    return re.compile("|".join([*pairs, singles]))


_VNI_RE = _vni_regex()


def _from_vni(cp1252_text: str) -> str:
    return _VNI_RE.sub(lambda match: _VNI_DECODING[match[0]], cp1252_text)


# --- Windows-1258 ------------------------------------------------------------


def _cp1258_letter(letter: str) -> bytes:
    """A letter in cp1258: precomposed where the code page has it, else base letter + tone byte."""
    try:
        return letter.encode("cp1258")
    except UnicodeEncodeError:
        pass
    decomposed = unicodedata.normalize("NFD", letter)
    tones = "".join(c for c in decomposed if c in TONES)
    base = _nfc("".join(c for c in decomposed if c not in TONES))
    return (base + tones).encode("cp1258")


# --- encoder -------------------------------------------------------------------


_TCVN3_CODES = {letter: bytes([code]) for code, letter in TCVN3_LETTERS.items()}
# Bytes VNI uses for letters and marks; other Windows-1252 characters pass through.
_VNI_BYTES = {byte for code in VNI_CODES.values() for byte in code if byte >= 0x80}


def encode_legacy(text: str, encoding: str) -> bytes:
    """Encode text in a legacy encoding (``WINDOWS_1258``, ``TCVN3`` or ``VNI``).

    The archive only reads these encodings; the encoder exists so that tests
    (and anyone making fixtures) can produce legacy pages from known text.
    TCVN3 capitals with a tone are written with the lowercase code, as the
    .VnTimeH fonts expected, so they do not come back as capitals. Characters
    the encoding cannot hold raise ``ValueError``.
    """
    out = bytearray()
    for char in _nfc(text):
        if char.isascii():
            out += char.encode("ascii")
        elif encoding == WINDOWS_1258:
            try:
                out += _cp1258_letter(char)
            except UnicodeEncodeError as error:
                raise ValueError(f"{char!r} cannot be written in {encoding}") from error
        elif encoding == TCVN3:
            out += _encode_one(char, _TCVN3_CODES.get(char) or _TCVN3_CODES.get(char.lower()), TCVN3_LETTERS, encoding)
        elif encoding == VNI:
            out += _encode_one(char, VNI_CODES.get(char), _VNI_BYTES, encoding)
        else:
            raise ValueError(f"unknown legacy encoding {encoding!r}")
    return bytes(out)


def _encode_one(char: str, code: bytes | None, taken: Container[int], encoding: str) -> bytes:
    if code is not None:
        return code
    try:
        symbol = char.encode("cp1252")
    except UnicodeEncodeError:
        symbol = b""
    if not symbol or symbol[0] in taken:
        raise ValueError(f"{char!r} cannot be written in {encoding}")
    return symbol


# --- how Vietnamese does a text look? ----------------------------------------

_INITIALS = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx]"
# Vowel groups of Vietnamese rhymes, written without tone (final i/y/o/u included).
_VOWEL_GROUPS = (
    "a ă â e ê i o ô ơ u ư y "
    "ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ôô ua uâ uê ui uô uơ uy ưa ưi ưu ươ yê "
    "oai oay oao oeo uây uôi ươi ươu uya uyê uyu iêu yêu"
).split()
_FINALS = "ch|ng|nh|[cmnpt]"
_SYLLABLE_RE = re.compile(f"(?:{_INITIALS})?(?:{'|'.join(sorted(_VOWEL_GROUPS, key=len, reverse=True))})(?:{_FINALS})?")
_DROP_TONES = str.maketrans(dict.fromkeys(TONES))

# Very frequent syllables of news text (only ones with diacritics: plain ASCII
# words say nothing about the encoding).
_COMMON = frozenset(
    """
    của và các những được người đảng trong với không một này đã cho tỉnh năm công tác là có để về đến
    từ đồng chí nhân dân hội ủy uỷ việc thực hiện phát triển tế xã huyện nhà nước cán bộ đại biểu chấp
    hành lãnh đạo chính trị ngày tháng mới như khi cũng trên đó sự hoạt động chỉ kế hoạch nghị quyết
    quốc làm vào lại nhiều đề ở thể cấp phải vụ thành phố học tổ chức viên quả kết xây dựng sở số lần
    thứ kỳ nhiệm lý quản hệ thống toàn chương trình đầu tư điều bảo đảm tiếp tục cơ sở ban bí thư
    """.split()
)

_TOKEN_RE = re.compile(r"[^\W\d_]+")
# Characters that do not occur in ordinary text: C1 controls, replacement
# characters, combining marks left over after NFC, rare Latin-1 symbols.
_WEIRD_RE = re.compile("[\x80-\x9f\ufffd\u0300-\u036f¡¢£¤¥¦§¨¬\xad®¯±²³´¶¸¹¼½¾¿×÷˜‚„†‡‰‹›]")


@lru_cache(maxsize=16384)
def _classify(token: str) -> tuple[int, bool]:
    """(1 good / 0 neutral / -1 bad, is a common syllable) for a word that is not ASCII."""
    word = token.lower()
    decomposed = unicodedata.normalize("NFD", word)
    toneless = _nfc(decomposed.translate(_DROP_TONES))
    valid = len(decomposed) - len(decomposed.translate(_DROP_TONES)) <= 1 and bool(_SYLLABLE_RE.fullmatch(toneless))
    kind = -1 if not valid else 0 if len(word) == 1 else 1  # "ở", "à": too easy to hit by chance
    return kind, word in _COMMON


@dataclass(frozen=True)
class _Score:
    good: int  # words with diacritics that are valid Vietnamese syllables
    bad: int  # words with letters beyond ASCII that are not
    common: int  # occurrences of very common syllables
    weird: int  # characters that ordinary text does not contain
    spacing: float  # share of spaces and line breaks

    @property
    def noise(self) -> int:
        return self.bad + self.weird

    @property
    def quality(self) -> int:
        return self.good + 2 * self.common - 3 * self.bad - 2 * self.weird

    @property
    def looks_vietnamese(self) -> bool:
        evidence = self.good + self.common
        return evidence >= 2 and 4 * self.noise <= evidence and self.spacing >= 0.05


def _score(text: str) -> _Score:
    good = bad = common = 0
    for token, count in Counter(_TOKEN_RE.findall(text)).items():
        if token.isascii():
            continue
        kind, is_common = _classify(token)
        good += count * (kind == 1)
        bad += count * (kind == -1)
        common += count * is_common
    spaces = text.count(" ") + text.count("\n") + text.count("\t")
    spacing = spaces / len(text) if len(text) >= 200 else 1.0  # short titles may have few spaces
    return _Score(good, bad, common, len(_WEIRD_RE.findall(text)), spacing)


# --- mojibake in decoded text --------------------------------------------------

_VIETNAMESE_LETTERS = frozenset(VNI_CODES)
# Characters of TCVN3/VNI seen through Windows-1252 that are not Vietnamese
# letters themselves. Typography that real pages use (© « » · ® soft hyphen,
# ¼ ½ ¾ ×) is left out so that clean pages keep to the fast path.
_TCVN3_SIGNS = "".join(sorted(chr(code) for code in TCVN3_LETTERS if chr(code) not in _VIETNAMESE_LETTERS))
_VNI_SIGNS = "".join(sorted(chr(b) for b in _VNI_BYTES if chr(b) not in _VIETNAMESE_LETTERS))
_TYPOGRAPHY = "©«»·®\xad¼½¾×"
_QUICK_SIGNS = "".join(sorted(set(_TCVN3_SIGNS + _VNI_SIGNS) - set(_TYPOGRAPHY)))
# VNI's acute and tilde marks (ù õ) are Vietnamese letters, but never right after a vowel.
_VNI_PAIR = "[aeouyAEOUYôÔöÖ][ùÙõÕøØûÛïÏ]"
_QUICK_SIGN_RE = re.compile(f"[{re.escape(_QUICK_SIGNS)}]")
_QUICK_PAIR_RE = re.compile("[aeouyAEOUYôÔöÖ][ùÙõÕ]")  # the other marks are in _QUICK_SIGNS
_TCVN3_SIGN_RE = re.compile(f"[{re.escape(_TCVN3_SIGNS)}]")
_VNI_SIGN_RE = re.compile(f"[{re.escape(_VNI_SIGNS)}]|{_VNI_PAIR}")
_MIN_SIGNS = 2
# Vietnamese letters outside latin-1 (ạ ơ đ ...): Windows-1252 mojibake cannot
# contain them, so where they appear the text is real Unicode.
_UNICODE_ONLY_RE = re.compile("[" + "".join(sorted(c for c in _VIETNAMESE_LETTERS if ord(c) > 0xFF)) + "]")


def _convert_legacy_lines(text: str, convert: Callable[[str], str]) -> str:
    """Convert the mojibake lines of a text, keeping lines that are real Unicode (a title, site chrome)."""
    if _C1_RE.search(text):
        text = text.translate(_C1_AS_CP1252)
    if not _UNICODE_ONLY_RE.search(text):
        return convert(text)
    return "".join(line if _UNICODE_ONLY_RE.search(line) else convert(line) for line in text.splitlines(keepends=True))


def repair_mojibake(text: str) -> tuple[str, str | None]:
    """Undo TCVN3 or VNI text that a tool decoded as Windows-1252 (or latin-1).

    Returns (NFC text, label of the encoding it was repaired from, or None).
    Text that arrives as a string (JSON Lines, HTML) cannot be re-decoded, but
    "§¶ng bé" is TCVN3 and "Ñaûng boä" is VNI, byte for byte, so mapping the
    characters back through the tables recovers the page. Converting real text
    would ruin it (Unicode "hoà" is VNI "hồ"), so the text is converted only
    when it has at least two telltale characters, the converted text reads as
    Vietnamese, and it has far fewer odd words and symbols than before. Lines
    holding Vietnamese letters that mojibake cannot contain (ạ, ơ, đ...) are
    real Unicode and are kept as they are.
    """
    if text.isascii():
        return text, None
    if not unicodedata.is_normalized("NFC", text):
        text = _nfc(text)
    if not (_QUICK_SIGN_RE.search(text) or _QUICK_PAIR_RE.search(text)):
        return text, None  # clean Unicode text: the common case, kept fast
    signs = {TCVN3_AS_CP1252: len(_TCVN3_SIGN_RE.findall(text)), VNI_AS_CP1252: len(_VNI_SIGN_RE.findall(text))}
    if max(signs.values()) < _MIN_SIGNS or len(_UNICODE_ONLY_RE.findall(text)) >= 2 * max(signs.values()):
        return text, None  # a stray "ü" or "§" in real Unicode text
    original = _score(text)
    best: tuple[int, str, str] | None = None
    for label, convert in ((TCVN3_AS_CP1252, _from_tcvn3), (VNI_AS_CP1252, _from_vni)):
        if signs[label] < _MIN_SIGNS:
            continue
        candidate = _nfc(_convert_legacy_lines(text, convert))
        score = _score(candidate)
        if (
            candidate != text
            and score.looks_vietnamese
            and score.good >= 2
            and 3 * score.noise <= original.noise
            and score.quality >= original.quality + 4
            and (best is None or score.quality > best[0])
        ):
            best = (score.quality, candidate, label)
    if best is None:
        return text, None
    return best[1], best[2]


# --- raw bytes -----------------------------------------------------------------


def _legacy_candidates(data: bytes) -> list[tuple[str, str]]:
    candidates = []
    try:
        candidates.append((WINDOWS_1258, _nfc(data.decode("cp1258"))))
    except UnicodeDecodeError:
        pass  # uses bytes cp1258 leaves undefined: not Windows-1258
    candidates.append((TCVN3, _nfc(_tcvn3_bytes(data))))
    candidates.append((VNI, _nfc(_from_vni(_bytes_as_cp1252(data)))))
    return candidates


def decode_page_bytes(data: bytes) -> tuple[str, str | None]:
    """Decode a scraped page to NFC text, guessing a Vietnamese legacy encoding if needed.

    Returns (text, label) where label is None for UTF-8 and otherwise names the
    encoding the page was converted from ("Windows-1258", "TCVN3", "VNI", or
    "TCVN3 (read as Windows-1252)" / "VNI (read as Windows-1252)" for UTF-8
    that carries legacy mojibake). Old archives do not declare their encoding,
    so strict UTF-8 is tried first (it almost never decodes legacy bytes by
    chance) and otherwise the decoding that looks most Vietnamese wins.

    Raises ``LegacyEncodingError`` when the bytes are not UTF-8 and no legacy
    decoding reads as Vietnamese; detecting binary files is left to the caller.
    """
    offset = 0
    if data.startswith(_UTF8_BOM):
        data, offset = data[len(_UTF8_BOM) :], len(_UTF8_BOM)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        bad_position = error.start
    else:
        return repair_mojibake(text)

    best: tuple[int, str, str] | None = None
    for label, candidate in _legacy_candidates(data):
        score = _score(candidate)
        if score.looks_vietnamese and (best is None or score.quality > best[0]):
            best = (score.quality, candidate, label)
    if best is None:
        raise LegacyEncodingError(
            _(
                "not UTF-8 text (byte 0x%(byte)02x at position %(position)s) and not a recognisable "
                "Vietnamese legacy encoding (Windows-1258, TCVN3 or VNI)"
            )
            % {"byte": data[bad_position], "position": bad_position + offset}
        )
    return best[1], best[2]
