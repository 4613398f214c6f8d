"""What the archive says about its own changes, without knowing who listens.

The search index follows the database (``search/signals.py`` listens), but
archive/ never imports search/: a model saved or deleted sends Django's own
signals, and the writes that skip them (``bulk_create``, ``update()``, the
importer's chunks, re-extraction) send ``articles_changed`` themselves.
"""

import contextlib
import threading
from collections.abc import Iterator

from django.dispatch import Signal

# Sent with ``ids`` (article ids), inside the transaction that changed those
# articles, so that whatever follows them is told in the same transaction.
articles_changed = Signal()

# Sent once a back-up is restored, after its transaction: what is derived from
# the database rebuilds itself from it. Receivers answer with the number of
# articles they hold then (the search index: ``Restored.indexed``).
archive_restored = Signal()

_bulk = threading.local()


@contextlib.contextmanager
def bulk_changes() -> Iterator[None]:
    """Changes made meanwhile in this thread are told as usual, but nothing
    that follows them is brought up to date after each commit: a bulk import
    brings them up once, at its end (``import_pages`` drains the search queue)."""
    previous = getattr(_bulk, "active", False)
    _bulk.active = True
    try:
        yield
    finally:
        _bulk.active = previous


def in_bulk() -> bool:
    """Whether this thread is inside ``bulk_changes()``."""
    return getattr(_bulk, "active", False)
