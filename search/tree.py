"""What a search asks of the index, as a small tree that belongs to the
archive, not to an engine.

``search.compiling`` makes one from a parsed query and the page's filters;
each engine (``search/engines/``) translates it into its own query objects.
Nodes are frozen, so a tree is its own key for the results kept per index
generation (``search.reader``).
"""

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """A term of one index field, its weight multiplied by ``boost``."""

    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class All:
    """Documents that match every part."""

    parts: tuple


@dataclass(frozen=True)
class Any:
    """Documents that match at least one part (scored by those they match)."""

    parts: tuple


@dataclass(frozen=True)
class Without:
    """Documents that match ``positive`` but not ``negative``."""

    positive: object
    negative: object


@dataclass(frozen=True)
class Ranked:
    """Documents that match ``required``; those that also match ``bonus`` score higher."""

    required: object
    bonus: object


@dataclass(frozen=True)
class Everything:
    """Every document."""


@dataclass(frozen=True)
class DayRange:
    """Documents published from ``low`` to ``high``, days as yyyymmdd (``search_indexes.day_number``)."""

    low: int
    high: int


Node = Term | All | Any | Without | Ranked | Everything | DayRange


@dataclass(frozen=True)
class Compiled:
    """A search as the index runs it."""

    required: Node  # what a document must match: counted and faceted
    ranked: Node  # the same, with bonuses that only order the results


def terms(node: Node) -> Iterator[Term]:
    """Every term of a tree, in order (what it costs an engine to look up)."""
    if isinstance(node, Term):
        yield node
    elif isinstance(node, (All, Any)):
        for part in node.parts:
            yield from terms(part)
    elif isinstance(node, Without):
        yield from terms(node.positive)
        yield from terms(node.negative)
    elif isinstance(node, Ranked):
        yield from terms(node.required)
        yield from terms(node.bonus)
