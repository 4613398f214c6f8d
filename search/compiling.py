"""A parsed query and the page's filters as a query tree (``search.tree``):
what every engine runs.

Matching is on folded syllables (``dai hoi`` finds *Đại hội*); a phrase is
its syllable pairs in a row; ranking adds the syllables written as typed, the
title, and the typed syllables side by side.
"""

import datetime as dt
import re

from archive.text import fold, has_diacritics, nfc
from search import facets, tree
from search import query as parsed
from search.analysis import EXACT, pairs, syllables
from search.search_indexes import day_number

EXACT_BOOST = 4.0  # a syllable of a query typed with diacritics, found as typed
PAIR_BOOST = 2.0  # two query syllables side by side in the text
TITLE_BONUS = 1.0


def _exact_bonus(typed: str, exact: bool) -> list[tree.Node]:
    """With a query typed with diacritics, the syllables written as typed rank
    first (marked or not: in "ban chỉ đạo", Ban before bàn)."""
    if not exact:
        return []
    return [tree.Term("text_exact", syllable, boost=EXACT_BOOST) for syllable in syllables(typed, EXACT)]


def _word(text: str, exact: bool) -> tuple[tree.Node | None, list[tree.Node]]:
    """(required clause, ranking bonuses) of one typed word."""
    folded = syllables(text)
    if not folded:
        return None, []
    if len(folded) > 1:  # "35-CT/TW" typed as one word: its syllables in a row
        return _phrase(folded, text, exact)
    bonus: list[tree.Node] = [tree.Term("title", folded[0], boost=TITLE_BONUS), *_exact_bonus(text, exact)]
    return tree.Term("text", folded[0]), bonus


def _phrase(folded: list[str], typed: str, exact: bool) -> tuple[tree.Node | None, list[tree.Node]]:
    if not folded:
        return None, []
    if len(folded) == 1:
        return _word(typed or folded[0], exact)
    adjacent = tuple(tree.Term("text_pairs", pair) for pair in pairs(folded))
    bonus: list[tree.Node] = [tree.Term("title", syllable, boost=TITLE_BONUS) for syllable in folded]
    return tree.All(adjacent), bonus + _exact_bonus(typed, exact)


def _text_of(clause) -> str:
    """The words of a clause (its first option: what was typed)."""
    if isinstance(clause, parsed.Word):
        return clause.text
    if isinstance(clause, parsed.Phrase):
        return " ".join(clause.words)
    return _text_of(clause.options[0]) if clause.options else ""


def _clause(clause, exact: bool = False) -> tuple[tree.Node | None, list[tree.Node]]:
    if isinstance(clause, parsed.Word):
        if clause.exact:
            # An abbreviation whose letters also spell ordinary syllables (TU:
            # từ, tư): looked for as written, in capitals.
            written = {nfc(clause.text).upper(), fold(clause.text).upper()}  # ĐH, and DH typed without the stroke
            return tree.Any(tuple(tree.Term("text_abbreviations", form) for form in sorted(written))), []
        return _word(clause.text, exact)
    if isinstance(clause, parsed.Phrase):
        typed = " ".join(clause.words)
        return _phrase(syllables(typed), typed, exact)
    if isinstance(clause, parsed.AnyOf):
        compiled = [_clause(option, exact) for option in clause.options]
        options = tuple(required for required, _bonus in compiled if required is not None)
        if not options:
            return None, []
        return tree.Any(options), [bonus for _required, bonuses in compiled for bonus in bonuses]
    return None, []


def typed_filters(filters: parsed.Filters) -> list[tree.Node]:
    """The filters typed in the box (``tỉnh:``, ``cơ-quan:``, ``năm:``, ``từ:``/``đến:``)
    as clauses of the required query (inside the And, so that the
    intersection can skip: twice as fast as Whoosh's filter= here)."""
    clauses: list[tree.Node] = []
    if filters.provinces:
        clauses.append(facets.PARAMETERS["province"].clause(filters.provinces))
    if filters.organs:
        clauses.append(facets.PARAMETERS["organ"].clause(filters.organs))
    if filters.years:
        clauses.append(year_range(*filters.years))
    if filters.date_from or filters.date_to:
        clauses.append(date_range(filters.date_from, filters.date_to))
    return clauses


def url_filters(cleaned: dict) -> list[tree.Node]:
    """The URL's filters (``service.SearchParameters``) as clauses of the required query."""
    clauses: list[tree.Node] = [
        facet.clause(cleaned[parameter]) for parameter, facet in facets.PARAMETERS.items() if cleaned.get(parameter)
    ]
    if cleaned.get("year"):
        # Consecutive years as one range: each range is a few term look-ups, each extra one more.
        clauses.append(tree.Any(tuple(year_range(first, last) for first, last in year_spans(cleaned["year"]))))
    if cleaned.get("date_from") or cleaned.get("date_to"):
        clauses.append(date_range(cleaned.get("date_from"), cleaned.get("date_to")))
    return clauses


def year_spans(years: list[int]) -> list[tuple[int, int]]:
    """Years as runs of consecutive years: [2018, 2019, 2020, 2023] -> [(2018, 2020), (2023, 2023)]."""
    spans: list[list[int]] = []
    for year in sorted(set(years)):
        if spans and spans[-1][1] == year - 1:
            spans[-1][1] = year
        else:
            spans.append([year, year])
    return [(first, last) for first, last in spans]


def year_range(first: int, last: int) -> tree.Node:
    """Articles of these years, including those known only to the month or year."""
    years = tuple(tree.Term("year", str(year)) for year in range(first, last + 1))
    return years[0] if len(years) == 1 else tree.Any(years)


def date_range(start: dt.date | None, end: dt.date | None) -> tree.DayRange:
    """Articles published between two days; starting on the first of a month
    (or of a year) takes in the articles known only to that month (or year)."""
    low = 1
    if start:
        low = start.year * 10000 + (start.month * 100 if (start.month, start.day) != (1, 1) else 0)
        low += start.day if start.day > 1 else 0
    high = day_number(end) if end else 99991299
    return tree.DayRange(low, high)


# What in a typed query is not text to be found side by side: filters
# (name:value), excluded words, operators.
_TYPED_NOISE_RE = re.compile(r'\S+:(?:"[^"]*"|\S*)|(?<!\S)-(?:"[^"]*"|\S+)|\b(?:AND|OR|NOT|HOẶC|HOAC)\b')


def compile_query(
    parsed_query: parsed.ParsedQuery, extra: list[tree.Node] | None = None, typed: str = ""
) -> tree.Compiled | None:
    """The query tree of a parsed query, with ``extra`` required clauses (the
    URL's filters); None when nothing can be looked for. ``typed`` is the
    query as typed, whose word order ranks adjacent matches first."""
    required: list[tree.Node] = []
    bonuses: list[tree.Node] = []
    exact = has_diacritics(typed or " ".join(map(_text_of, parsed_query.required)))
    for clause in parsed_query.required:
        match, bonus = _clause(clause, exact)
        if match is not None:
            required.append(match)
            bonuses += bonus
    excluded = tuple(match for match, _bonus in map(_clause, parsed_query.excluded) if match is not None)
    filters = typed_filters(parsed_query.filters) + list(extra or [])
    if not required:
        if not (excluded and filters):
            return None
        # Only exclusions within filters ("-tham tỉnh:kien-giang"): every filtered page but those.
        required = [tree.Everything()]
    # The query's syllables found side by side, in the order typed, rank first
    # ("dai hoi dai bieu": dai_hoi, hoi_dai, dai_bieu), whatever clauses the
    # parser made of them.
    folded = syllables(_TYPED_NOISE_RE.sub(" ", typed)) if typed else []
    bonuses += [tree.Term("text_pairs", pair, boost=PAIR_BOOST) for pair in dict.fromkeys(pairs(folded))]
    positive = tree.All(tuple(required + filters))
    must = tree.Without(positive, tree.Any(excluded)) if excluded else positive
    ranked = tree.Ranked(must, tree.Any(tuple(bonuses))) if bonuses else must
    return tree.Compiled(required=must, ranked=ranked)


def listing(filters: list[tree.Node]) -> tree.Compiled:
    """Every document within filters: a listing without words, counted by the index."""
    required = tree.All((tree.Everything(), *filters))
    return tree.Compiled(required=required, ranked=required)
