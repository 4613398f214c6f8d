"""What a user typed in the search box, as an engine-neutral query.

``parse(text, resolve)`` never raises: whatever it cannot use it drops, and says
so in ``ParsedQuery.messages`` (plain text in the active language, ready to
show: Vietnamese first, through Django's translations). ``search.compiling``
turns the result into the archive's query tree; nothing here knows an engine.

The query language
==================

Input is cleaned first (NFC, invisible and control characters removed, new
tone placement *hoà, uỷ* rewritten to the old *hòa, ủy*) and cut to
``MAX_QUERY_LENGTH`` characters. Matching ignores case, and a word typed
without diacritics also finds the words with them (``dang`` finds *Đảng*).

Words
    ``đại hội đảng bộ``: every word is required, in any order (pages with the
    words side by side rank first). A word is a run of letters and digits:
    punctuation around it is dropped, and punctuation inside a word makes a
    phrase of its parts (``35-CT/TW`` is the phrase *35 CT TW*). A word typed
    twice counts once. At most ``MAX_CLAUSES`` words and phrases are used.

Phrases
    ``"xây dựng Đảng"``: the words side by side, in this order. Straight or
    curly quotes. A quote left open runs to the end of the text. Quoting also
    turns off the abbreviation and numeral expansions below (``"BTV"`` finds
    only *BTV*).

Excluding
    ``-tham -"tham nhũng"`` or ``NOT tham``: pages with the word or phrase are
    left out. Exclusions need something to exclude from: a query of nothing
    but exclusions (and no filter) searches nothing.

Alternatives
    ``BTV OR "Ban Thường vụ"``: either one. ``OR`` and ``HOẶC`` (or ``HOAC``)
    count only in capitals (lower-case *hoặc* is an ordinary word) and join the single word
    or phrase on each side; ``a OR b OR c`` is one choice of three. To offer a
    choice between multi-syllable words, quote them. ``AND`` is accepted and
    ignored (every word is required anyway). An ``OR`` without a required word
    on each side, or a ``NOT`` with no word after it, is ignored.

Filters
    Written as ``name:value`` with no space after the colon:

    - ``tỉnh:kien-giang``, ``tỉnh:"Kiên Giang"`` (also ``tinh:``, ``province:``)
    - ``cơ-quan:ban-tuyen-giao`` (also ``co-quan:``, ``organ:``)
    - ``năm:2020``, ``năm:2018-2020``, ``năm:2018..2020`` (also ``nam:``,
      ``year:``; several ``năm:`` filters cover all the years they name)
    - ``từ:1/7/2020`` and ``đến:31/12/2020`` (also ``tu:``/``from:`` and
      ``den:``/``to:``), the date as ``2020-07-01``, ``1/7/2020``, ``7/2020``
      or ``2020``; a month or a year means its first day after ``từ:`` and its
      last day after ``đến:``. The last ``từ:`` (or ``đến:``) given counts.

    Several ``tỉnh:`` (or ``cơ-quan:``) filters find pages of any of them.
    A name that matches no province or organ, a year outside
    ``MIN_YEAR``–``MAX_YEAR`` or a date that cannot be read is dropped with a
    message. Filters cannot be excluded (``-tỉnh:…`` is dropped). Any other
    ``word:`` is plain text: the colon is dropped.

Abbreviations
    Party abbreviations find their full form and the full form finds the
    abbreviation: ``btv`` also finds *Ban Thường vụ*, and ``ban thuong vu``
    (with or without diacritics) also finds *BTV*. See ``ABBREVIATIONS``. The
    short ones in ``CAPITALS_ONLY`` (TU, HU, TW, CT, ĐH) are also pieces of
    ordinary text, so they are expanded only when typed in capitals
    (``TU`` is *Tỉnh ủy*, ``tu`` is just *tu*). *Tỉnh ủy* and *Huyện ủy*
    find TU and HU only as written in capitals, since their letters also
    spell *từ, tư, hư…*.

Congress numbers
    A number right after *đại hội*, *khóa* or *lần thứ* (with or without
    diacritics) matches in Arabic and Roman form: ``dai hoi 13`` finds
    *Đại hội XIII*, ``khóa XIX`` finds *khóa 19*. Arabic numbers 1–99, Roman
    numerals II–XCIX in capitals and correctly written only (lower-case *vi,
    xi, li* are Vietnamese syllables).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext, gettext_lazy, pgettext

from archive.text import canonical_tones, clean_text, fold, has_diacritics, nfc, slugify_vi
from archive.vocabulary import FIRST_YEAR, LAST_YEAR, ORGAN_KINDS, int_to_roman, roman_to_int

# --- the data the parser works from ------------------------------------------

# Abbreviation -> what it stands for, as the Party writes it.
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("BTV", "Ban Thường vụ"),
    ("BCH", "Ban Chấp hành"),
    ("UBKT", "Ủy ban Kiểm tra"),
    ("TU", "Tỉnh ủy"),
    ("HU", "Huyện ủy"),
    ("TVTU", "Tỉnh ủy viên"),
    ("TW", "Trung ương"),
    ("BTG", "Ban Tuyên giáo"),
    ("BTC", "Ban Tổ chức"),
    ("BDV", "Ban Dân vận"),
    ("VPTU", "Văn phòng Tỉnh ủy"),
    ("TCCS", "tổ chức cơ sở"),
    ("TCCSĐ", "tổ chức cơ sở đảng"),
    ("BCT", "Bộ Chính trị"),
    ("BBT", "Ban Bí thư"),
    ("ĐH", "Đại hội"),
    ("MTTQ", "Mặt trận Tổ quốc"),
    ("HĐND", "Hội đồng nhân dân"),
    ("UBND", "Ủy ban nhân dân"),
    ("CT", "Chỉ thị"),
    ("NQ", "Nghị quyết"),
)
# Also pieces of ordinary text ("tu", "Hu", "ct" in a web address; without
# marks, từ, tư, hư…, which the folded index cannot tell apart): expanded only
# when typed in capitals, and, typed or expanded from the full form, a Word
# with exact=True, which the compiler looks for as written, in capitals. A
# search for "Tỉnh ủy" must not find every "từ", nor "Đại hội" every "dh".
CAPITALS_ONLY = frozenset({"TU", "HU", "TW", "CT", "ĐH"})

# Folded words after which a number is a congress or term number.
ORDINAL_CONTEXTS = frozenset({("dai", "hoi"), ("khoa",), ("lan", "thu")})
HIGHEST_ORDINAL = 99

MAX_QUERY_LENGTH = 500
MAX_CLAUSES = 20
MAX_PHRASE_WORDS = 32
MAX_FILTER_VALUES = 10
MIN_YEAR, MAX_YEAR = FIRST_YEAR, LAST_YEAR

# Filter names as typed (lower case, old tone placement) -> what they filter.
FILTER_NAMES = {
    "tỉnh": "province",
    "tinh": "province",
    "province": "province",
    "cơ-quan": "organ",
    "co-quan": "organ",
    "organ": "organ",
    "năm": "year",
    "nam": "year",
    "year": "year",
    "từ": "from",
    "tu": "from",
    "from": "from",
    "đến": "to",
    "den": "to",
    "to": "to",
}
# How to write each filter, for messages. The examples are query syntax: each
# language shows its own filter names (all of them work whatever the language).
_FILTER_EXAMPLES = {
    # Translators: query syntax: use your language's filter names (Vietnamese: tỉnh:, cơ-quan:, năm:, từ:, đến:).
    "province": gettext_lazy('province:kien-giang or province:"Kiên Giang"'),
    "organ": gettext_lazy('organ:"Ban Tuyên giáo"'),
    "year": gettext_lazy("year:2020 or year:2018-2020"),
    "from": gettext_lazy("from:1/7/2020"),
    "to": gettext_lazy("to:31/12/2020"),
}

# --- messages ------------------------------------------------------------------
# Lazy, so that each is shown in the language active when parse() runs: a
# message is a plain str once formatted (or str()'d) into ParsedQuery.messages.

TOO_LONG = gettext_lazy("The search is longer than {limit} characters: only the beginning is used.")
UNCLOSED_QUOTE = gettext_lazy("A closing quotation mark is missing: the phrase runs to the end of the search.")
NOTHING_TO_SEARCH = gettext_lazy("There is no word to search for in what was typed.")
ONLY_EXCLUDED = gettext_lazy("There are only excluded words: add at least one word to search for, or a filter.")
STRAY_OR = gettext_lazy("“OR” must stand between two words to search for: the extra “OR” was ignored.")
STRAY_NOT = gettext_lazy("“NOT” must come right before a word: the extra “NOT” was ignored.")
WILDCARD = gettext_lazy("The wildcard “*” is not supported: the whole word was searched for.")
TOO_MANY_CLAUSES = gettext_lazy("Only the first {limit} words or phrases are used.")
PHRASE_TOO_LONG = gettext_lazy("The phrase is longer than {limit} words: only the first {limit} words are used.")
CONTRADICTION = gettext_lazy("“{text}” is both required and excluded: there will be no results.")
FILTER_WITHOUT_VALUE = gettext_lazy(
    "“{name}:” needs a value written right after the colon, for example {example}: “{name}” was searched as a word."
)
EXCLUDED_FILTER = gettext_lazy("The filter “{text}” cannot be excluded: this filter was ignored.")
UNKNOWN_PROVINCE = gettext_lazy("There is no province called “{value}”: this filter was ignored.")
UNKNOWN_ORGAN = gettext_lazy("There is no organ called “{value}”: this filter was ignored.")
TOO_MANY_FILTER_VALUES = gettext_lazy("Each filter uses only its first {limit} values.")
BAD_YEAR = gettext_lazy("The year “{value}” cannot be read: write it like year:2020 or year:2018-2020.")
BAD_DATE = gettext_lazy("The date “{value}” cannot be read: write it like 1/7/2020, 7/2020, 2020 or 2020-07-01.")
OUT_OF_RANGE = gettext_lazy("“{value}” is outside the years {low}–{high}: this filter was ignored.")
DATES_SWAPPED = gettext_lazy("The start date is after the end date: the two dates were swapped.")


# --- the parsed query --------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    """One syllable as typed (NFC, old tone placement, case kept): the
    compiler folds it, and uses its marks to rank exact matches first.

    ``exact`` marks an abbreviation whose letters, without marks, also spell
    ordinary syllables (TU: từ, tư, tự): only the unaccented spelling should
    match. A compiler that cannot match that alone should leave the word out
    rather than fold it."""

    text: str
    exact: bool = False


@dataclass(frozen=True)
class Phrase:
    """Syllables side by side, in order: a quoted phrase, a word with
    punctuation inside (35-CT/TW), or the full form of an abbreviation."""

    words: tuple[str, ...]


@dataclass(frozen=True)
class AnyOf:
    """Alternatives, any one of which matches: from OR and from expansions."""

    options: tuple[Clause, ...]


Clause = Word | Phrase | AnyOf


@dataclass(frozen=True)
class Filters:
    provinces: tuple[str, ...] = ()  # slugs, as resolve() gave them
    organs: tuple[str, ...] = ()
    years: tuple[int, int] | None = None  # first and last year, both included
    date_from: date | None = None
    date_to: date | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.provinces or self.organs or self.years or self.date_from or self.date_to)


@dataclass(frozen=True)
class ParsedQuery:
    required: tuple[Clause, ...] = ()
    excluded: tuple[Clause, ...] = ()
    filters: Filters = field(default_factory=Filters)
    messages: tuple[str, ...] = ()
    # What was typed as the parser read it (NFC, controls and runs of spaces
    # gone, cut to MAX_QUERY_LENGTH characters), in the reader's own spelling.
    # Whatever else looks at the typed words (ranking by word order, spelling
    # corrections, links, the search box) reads this, so its work is bounded too.
    # Not part of what the query is: "a OR b" and "a HOẶC b" are the same query.
    text: str = field(default="", compare=False)

    @property
    def is_empty(self) -> bool:
        """Nothing to search for and nothing to filter by. Exclusions alone do
        not count: there is nothing to exclude them from."""
        return not self.required and self.filters.is_empty

    def terms(self) -> tuple[str, ...]:
        """Every syllable to mark in snippets: folded, lower case, each once.
        Excluded words are not marked, nor exact abbreviations (marking
        "tu" would mark every "từ")."""
        found: dict[str, None] = {}
        for clause in self.required:
            for syllable in _syllables(clause):
                found.setdefault(fold(syllable).lower())
        return tuple(found)

    def describe(self, label: Callable[[str, str], str] | None = None) -> str:
        """A short plain summary of what is searched for, in the active language.

        ``label(kind, slug)`` names a filter value ("province" | "organ");
        without it organs are named from the vocabulary and provinces by slug."""
        label = label or _default_label
        words = [_render(clause) for clause in self.required if not isinstance(clause, Phrase)]
        phrases = [_render(clause) for clause in self.required if isinstance(clause, Phrase)]
        parts = []
        if len(words) > 1:
            parts.append(gettext("all the words: {words}").format(words=", ".join(words)))
        elif words:
            parts.append(gettext("the word: {words}").format(words=", ".join(words)))
        if len(phrases) > 1:
            parts.append(gettext("the phrases {phrases}").format(phrases=", ".join(phrases)))
        elif phrases:
            parts.append(gettext("the phrase {phrases}").format(phrases=", ".join(phrases)))
        if self.excluded:
            excluded = ", ".join(_render(clause) for clause in self.excluded)
            parts.append(gettext("excluding: {words}").format(words=excluded))
        filters = self.filters
        if filters.provinces:
            names = ", ".join(label("province", slug) for slug in filters.provinces)
            parts.append(gettext("province: {names}").format(names=names))
        if filters.organs:
            names = ", ".join(label("organ", slug) for slug in filters.organs)
            parts.append(gettext("organ: {names}").format(names=names))
        if filters.years:
            first, last = filters.years
            if first == last:
                parts.append(gettext("year {year}").format(year=first))
            else:
                parts.append(gettext("years {first}–{last}").format(first=first, last=last))
        if filters.date_from and filters.date_to:
            parts.append(
                gettext("from {start} to {end}").format(start=_day(filters.date_from), end=_day(filters.date_to))
            )
        elif filters.date_from:
            parts.append(gettext("from {start}").format(start=_day(filters.date_from)))
        elif filters.date_to:
            parts.append(gettext("until {end}").format(end=_day(filters.date_to)))
        return "; ".join(parts)


def _syllables(clause: Clause) -> Iterator[str]:
    if isinstance(clause, Word):
        if not clause.exact:
            yield clause.text
    elif isinstance(clause, Phrase):
        yield from clause.words
    else:
        for option in clause.options:
            yield from _syllables(option)


def _render(clause: Clause) -> str:
    if isinstance(clause, Word):
        return clause.text
    if isinstance(clause, Phrase):
        return "“" + " ".join(clause.words) + "”"
    # Translators: joins the alternatives of a search, as in “btv or Ban Thường vụ”.
    separator = " " + pgettext("between alternatives in a search", "or") + " "
    return separator.join(_render(option) for option in clause.options)


def _default_label(kind: str, slug: str) -> str:
    # An organ is usually one of the vocabulary's kinds, as its code
    # (ban_tuyen_giao) or slugified by parse() without a resolver (ban-tuyen-giao).
    if kind == "organ":
        return ORGAN_KINDS.get(slug.replace("-", "_"), slug)
    return slug


def _day(day: date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


# --- parsing ---------------------------------------------------------------------


def parse(text: str, resolve: Callable[[str, str], str | None] | None = None) -> ParsedQuery:
    """The query a user typed, as clauses and filters. Never raises.

    ``resolve(kind, value)`` turns a typed province or organ ("province" |
    "organ") into its slug, or None when there is no such thing; without it
    the value is slugified as it is."""
    if not isinstance(text, str):  # a missing ?q= is None: nothing typed
        text = ""
    messages: list[str] = []
    cleaned = _clean(text, messages)
    items = _lex(canonical_tones(cleaned), messages)
    sequence, filter_items = _resolve_operators(items, messages)
    required, excluded = _clauses(_or_groups(sequence, messages))
    required, excluded = _unique(required), _unique(excluded)
    filters = _filters(filter_items, resolve, messages)

    excluded_keys = {_key(clause) for clause in excluded}
    for clause in required:
        if _key(clause) in excluded_keys:
            messages.append(CONTRADICTION.format(text=_render(clause)))
    if excluded and not required and filters.is_empty:
        messages.append(ONLY_EXCLUDED)
    if not (required or excluded) and filters.is_empty and text.strip():
        messages.append(NOTHING_TO_SEARCH)
    # Plain str, each once: lazy messages would neither serialise nor compare as text.
    return ParsedQuery(
        tuple(required), tuple(excluded), filters, tuple(dict.fromkeys(map(str, messages))), text=cleaned
    )


def _clean(text: str, messages: list[str]) -> str:
    # Cut very long input before cleaning it: only the first characters are used anyway.
    text = text[: MAX_QUERY_LENGTH * 10]
    text = " ".join(clean_text(text).split())
    if len(text) > MAX_QUERY_LENGTH:
        messages.append(TOO_LONG.format(limit=MAX_QUERY_LENGTH))
        cut = text[:MAX_QUERY_LENGTH]
        # Better a word fewer than the first half of one.
        if not text[MAX_QUERY_LENGTH].isspace() and " " in cut:
            cut = cut.rsplit(" ", 1)[0]
        text = cut
    return text


# --- reading the text into items ---------------------------------------------------

_QUOTES = '"“”„‟'
_WORD_RE = re.compile(r"[^\W_]+")
# A filter name: letters, possibly two parts joined by a hyphen (cơ-quan).
_FIELD_RE = re.compile(r"([^\W\d_]+(?:-[^\W\d_]+)?):(.*)", re.DOTALL)
# The operators OR and NOT among the items read from the text.
_OR, _NOT = object(), object()


@dataclass(frozen=True)
class _Term:
    words: tuple[str, ...]
    quoted: bool = False
    negated: bool = False


@dataclass(frozen=True)
class _Filter:
    kind: str
    name: str  # as typed, for messages
    value: str
    negated: bool = False


def _lex(text: str, messages: list[str]) -> list[object]:
    """Terms, filters and the operators OR and NOT, in the order typed."""
    items: list[object] = []
    position, length = 0, len(text)
    while position < length:
        char = text[position]
        if char.isspace():
            position += 1
            continue
        if char in _QUOTES:
            quoted, position = _read_quoted(text, position, messages)
            items.append(_Term(_words(quoted, messages), quoted=True))
            continue
        end = position
        while end < length and not text[end].isspace() and text[end] not in _QUOTES:
            end += 1
        chunk, position = text[position:end], end
        quote_follows = position < length and text[position] in _QUOTES
        negated = chunk.startswith("-")
        body = chunk.lstrip("-")

        if negated and not body and quote_follows:  # -"phrase"
            quoted, position = _read_quoted(text, position, messages)
            items.append(_Term(_words(quoted, messages), quoted=True, negated=True))
            continue
        if not negated and body in ("OR", "HOẶC", "HOAC"):
            items.append(_OR)
            continue
        if not negated and body == "NOT":
            items.append(_NOT)
            continue
        if not negated and body == "AND":  # every word is required anyway
            continue

        named = _FIELD_RE.fullmatch(body)
        kind = FILTER_NAMES.get(named[1].lower()) if named else None
        if named and kind:
            name, value = named[1], named[2]
            if not value and quote_follows:
                value, position = _read_quoted(text, position, messages)
            if _WORD_RE.search(value):
                items.append(_Filter(kind, name, value, negated))
            else:  # "tỉnh:" alone may be ordinary text ending in a colon: keep the word
                messages.append(FILTER_WITHOUT_VALUE.format(name=name, example=_FILTER_EXAMPLES[kind]))
                items.append(_Term(_words(name, messages), negated=negated))
            continue
        if named:  # an unknown name: its text is searched, and what follows the colon is read afresh
            items.append(_Term(_words(named[1], messages), negated=negated))
            position -= len(named[2])
            continue

        if "*" in body:
            messages.append(WILDCARD)
        items.append(_Term(_words(body, messages), negated=negated))
    return items


def _read_quoted(text: str, start: int, messages: list[str]) -> tuple[str, int]:
    """The text between the quote at ``start`` and the next quote (of any
    kind: keyboards mix straight and curly ones), and where reading goes on."""
    for end in range(start + 1, len(text)):
        if text[end] in _QUOTES:
            return text[start + 1 : end], end + 1
    messages.append(UNCLOSED_QUOTE)
    return text[start + 1 :], len(text)


def _words(text: str, messages: list[str]) -> tuple[str, ...]:
    words = _WORD_RE.findall(text)
    if len(words) > MAX_PHRASE_WORDS:
        messages.append(PHRASE_TOO_LONG.format(limit=MAX_PHRASE_WORDS))
        words = words[:MAX_PHRASE_WORDS]
    return tuple(words)


# --- operators -------------------------------------------------------------------


def _resolve_operators(items: list[object], messages: list[str]) -> tuple[list[object], list[_Filter]]:
    """Apply NOT to what follows it and set the filters apart: terms and ORs
    in order, and the filters. Terms past MAX_CLAUSES are dropped."""
    sequence: list[object] = []
    filters: list[_Filter] = []
    pending_not = False
    terms = 0
    for item in items:
        if item is _NOT:
            pending_not = True
        elif item is _OR:
            if pending_not:
                messages.append(STRAY_NOT)
                pending_not = False
            if terms < MAX_CLAUSES:  # past the limit an OR has nothing to join
                sequence.append(_OR)
        elif isinstance(item, _Filter):
            filters.append(_Filter(item.kind, item.name, item.value, item.negated or pending_not))
            pending_not = False
        elif isinstance(item, _Term) and item.words:  # a term of punctuation alone is nothing
            if terms == MAX_CLAUSES:
                messages.append(TOO_MANY_CLAUSES.format(limit=MAX_CLAUSES))
                continue
            terms += 1
            sequence.append(_Term(item.words, item.quoted, item.negated or pending_not))
            pending_not = False
    if pending_not:
        messages.append(STRAY_NOT)
    return sequence, filters


def _or_groups(sequence: list[object], messages: list[str]) -> list[list[_Term]]:
    """Terms grouped by OR: one term alone, or two or more alternatives.
    Only required terms can be alternatives; any other OR is dropped."""
    groups: list[list[_Term]] = []
    pending_or = False
    for item in sequence:
        if item is _OR:
            if pending_or or not groups or groups[-1][-1].negated:
                messages.append(STRAY_OR)
            else:
                pending_or = True
            continue
        if pending_or and not item.negated:
            groups[-1].append(item)
        else:
            if pending_or:
                messages.append(STRAY_OR)
            groups.append([item])
        pending_or = False
    if pending_or:
        messages.append(STRAY_OR)
    return groups


# --- terms into clauses --------------------------------------------------------


def _clauses(groups: list[list[_Term]]) -> tuple[list[Clause], list[Clause]]:
    """Required and excluded clauses, with abbreviations and congress numbers
    expanded. Consecutive plain words are expanded together, so that the full
    form of an abbreviation (several words) can be recognised."""
    required: list[Clause] = []
    excluded: list[Clause] = []
    run: list[str] = []
    for group in groups:
        term = group[0]
        if len(group) == 1 and not term.negated and not term.quoted and len(term.words) == 1:
            run.append(term.words[0])
            continue
        required.extend(_expand_run(run))
        run = []
        if len(group) > 1:
            required.append(_any_of(_term_clause(option) for option in group))
        else:
            (excluded if term.negated else required).append(_term_clause(term))
    required.extend(_expand_run(run))
    return required, excluded


def _term_clause(term: _Term) -> Clause:
    if len(term.words) > 1:
        return Phrase(term.words)
    return Word(term.words[0]) if term.quoted else _word(term.words[0])


def _expand_run(words: list[str]) -> list[Clause]:
    clauses: list[Clause] = []
    position = 0
    while position < len(words):
        full_form = _full_form_at(words, position)
        if full_form:
            length, abbreviations = full_form
            phrase = Phrase(tuple(words[position : position + length]))
            clauses.append(AnyOf((phrase, *abbreviations)))
            position += length
            continue
        clauses.append(_ordinal(words, position) or _word(words[position]))
        position += 1
    return clauses


def _any_of(options: Iterable[Clause]) -> Clause:
    """Alternatives flattened (an expansion inside an OR) and each once."""
    flat: list[Clause] = []
    for option in options:
        flat.extend(option.options if isinstance(option, AnyOf) else (option,))
    unique = _unique(flat)
    return unique[0] if len(unique) == 1 else AnyOf(tuple(unique))


def _key(clause: Clause) -> object:
    """What makes two clauses the same search: case and tone placement do not."""
    if isinstance(clause, Word):
        return ("word", clause.text.lower(), clause.exact)
    if isinstance(clause, Phrase):
        return ("phrase", tuple(word.lower() for word in clause.words))
    return ("any", frozenset(_key(option) for option in clause.options))


def _unique(clauses: list[Clause]) -> list[Clause]:
    seen: set[object] = set()
    unique = []
    for clause in clauses:
        key = _key(clause)
        if key not in seen:
            seen.add(key)
            unique.append(clause)
    return unique


# --- abbreviations -----------------------------------------------------------------


@dataclass(frozen=True)
class _Abbreviation:
    short: str
    full: tuple[str, ...]


def _abbreviation_key(text: str) -> str:
    return fold(text).upper()


_BY_SHORT = {
    _abbreviation_key(short): _Abbreviation(nfc(short), tuple(nfc(full).split())) for short, full in ABBREVIATIONS
}


def _by_full_form() -> list[tuple[tuple[str, ...], tuple[Word, ...]]]:
    """Full forms, longest first (so "Văn phòng Tỉnh ủy" wins over "Tỉnh ủy"),
    each with the abbreviations it expands to."""
    forms: dict[tuple[str, ...], list[Word]] = {}
    for abbreviation in _BY_SHORT.values():
        exact = abbreviation.short in CAPITALS_ONLY
        forms.setdefault(abbreviation.full, []).append(Word(abbreviation.short, exact=exact))
    return sorted(((full, tuple(words)) for full, words in forms.items()), key=lambda form: -len(form[0]))


_FULL_FORMS = _by_full_form()


def _word(text: str) -> Clause:
    """A typed word, with the full form when it is an abbreviation."""
    abbreviation = _BY_SHORT.get(_abbreviation_key(text))
    if abbreviation is None:
        return Word(text)
    if abbreviation.short in CAPITALS_ONLY and text not in (abbreviation.short, fold(abbreviation.short)):
        return Word(text)
    if abbreviation.short in CAPITALS_ONLY:  # looked for as the Party writes it ("DH" typed is ĐH)
        return AnyOf((Word(abbreviation.short, exact=True), Phrase(abbreviation.full)))
    return AnyOf((Word(text), Phrase(abbreviation.full)))


def _same_syllable(typed: str, written: str) -> bool:
    # Typed with marks, the marks must agree ("bàn thường vụ" is not Ban Thường vụ);
    # typed without, any marks do. Both are in the old tone placement already.
    if has_diacritics(typed):
        return typed.lower() == written.lower()
    return typed.lower() == fold(written).lower()


def _full_form_at(words: list[str], start: int) -> tuple[int, tuple[Word, ...]] | None:
    for full, abbreviations in _FULL_FORMS:
        end = start + len(full)
        if end <= len(words) and all(map(_same_syllable, words[start:end], full)):
            return len(full), abbreviations
    return None


# --- congress numbers -------------------------------------------------------------

_ARABIC_ORDINAL_RE = re.compile(r"[1-9][0-9]?")


def _ordinal(words: list[str], position: int) -> Clause | None:
    """Arabic and Roman forms of a number right after "đại hội", "khóa" or
    "lần thứ"; None for any other word."""
    before = tuple(fold(word).lower() for word in words[max(0, position - 2) : position])
    if before[-1:] not in ORDINAL_CONTEXTS and before[-2:] not in ORDINAL_CONTEXTS:
        return None
    text = words[position]
    if _ARABIC_ORDINAL_RE.fullmatch(text):
        return AnyOf((Word(text), Word(int_to_roman(int(text)))))
    # Capitals only: "vi", "xi", "li" are Vietnamese syllables, and "I" alone is too likely a letter.
    if text.isascii() and text.isupper():
        number = roman_to_int(text)
        if number is not None and 2 <= number <= HIGHEST_ORDINAL:
            return AnyOf((Word(text), Word(str(number))))
    return None


# --- filters ---------------------------------------------------------------------

_EDGE_PUNCTUATION_RE = re.compile(r"^[\W_]+|[\W_]+$")
_YEARS_RE = re.compile(r"([0-9]+)(?:\s*(?:-|–|—|\.\.)\s*([0-9]+))?")
_ISO_DATE_RE = re.compile(r"([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})")
_DAY_MONTH_YEAR_RE = re.compile(r"([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})")
_MONTH_YEAR_RE = re.compile(r"([0-9]{1,2})[-/.]([0-9]{4})")
_YEAR_RE = re.compile(r"[0-9]{4}")


def _filters(items: list[_Filter], resolve: Callable[[str, str], str | None] | None, messages: list[str]) -> Filters:
    values: dict[str, list[str]] = {"province": [], "organ": []}
    years: list[int] = []
    date_from = date_to = None
    for item in items:
        value = _EDGE_PUNCTUATION_RE.sub("", item.value)
        if item.negated:
            messages.append(EXCLUDED_FILTER.format(text=f"{item.name}:{item.value}"))
        elif item.kind in values:
            found = values[item.kind]
            if len(found) == MAX_FILTER_VALUES:
                messages.append(TOO_MANY_FILTER_VALUES.format(limit=MAX_FILTER_VALUES))
                continue
            slug = resolve(item.kind, value) if resolve else slugify_vi(value)
            if slug:
                if slug not in found:
                    found.append(slug)
            else:
                messages.append((UNKNOWN_PROVINCE if item.kind == "province" else UNKNOWN_ORGAN).format(value=value))
        elif item.kind == "year":
            span = _years(value, messages)
            if span:
                years.extend(span)
        else:
            day = _date(value, at_end=item.kind == "to", messages=messages)
            if day and item.kind == "from":
                date_from = day
            elif day:
                date_to = day
    if date_from and date_to and date_from > date_to:
        messages.append(DATES_SWAPPED)
        date_from, date_to = date_to, date_from
    return Filters(
        provinces=tuple(values["province"]),
        organs=tuple(values["organ"]),
        years=(min(years), max(years)) if years else None,
        date_from=date_from,
        date_to=date_to,
    )


def _years(value: str, messages: list[str]) -> tuple[int, int] | None:
    match = _YEARS_RE.fullmatch(value)
    if not match:
        messages.append(BAD_YEAR.format(value=value))
        return None
    first = int(match[1])
    last = int(match[2]) if match[2] else first
    if not (MIN_YEAR <= first <= MAX_YEAR and MIN_YEAR <= last <= MAX_YEAR):
        messages.append(OUT_OF_RANGE.format(value=value, low=MIN_YEAR, high=MAX_YEAR))
        return None
    return min(first, last), max(first, last)


def _date(value: str, *, at_end: bool, messages: list[str]) -> date | None:
    """The day a date filter names; a month or a year stands for its first
    day, or its last one when it ends a range."""
    day: int | None = None
    month: int | None = None
    if match := _ISO_DATE_RE.fullmatch(value):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    elif match := _DAY_MONTH_YEAR_RE.fullmatch(value):
        day, month, year = int(match[1]), int(match[2]), int(match[3])
    elif match := _MONTH_YEAR_RE.fullmatch(value):
        month, year = int(match[1]), int(match[2])
    elif _YEAR_RE.fullmatch(value):
        year = int(value)
    else:
        messages.append(BAD_DATE.format(value=value))
        return None
    if not MIN_YEAR <= year <= MAX_YEAR:
        messages.append(OUT_OF_RANGE.format(value=value, low=MIN_YEAR, high=MAX_YEAR))
        return None
    if month is None:
        month = 12 if at_end else 1
    if day is None:
        day = calendar.monthrange(year, month)[1] if at_end and 1 <= month <= 12 else 1
    try:
        return date(year, month, day)
    except ValueError:  # 31/2/2020, 13/2020
        messages.append(BAD_DATE.format(value=value))
        return None
