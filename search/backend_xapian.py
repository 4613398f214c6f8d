"""haystack's Xapian backend, for ARCHIVE_SEARCH_ENGINE=xapian.

As with Whoosh (``search/backend.py``), haystack defines the index and its
commands work, but writing and searching are the archive's own: the stock
backend stems in English, writes every text field four times, opens the
database for each search and counts multi-valued facets over one page of
results only. ``search.engines.xapian`` writes and reads the database with the
terms of ``search/analysis.py``, the same terms the Whoosh index holds.
"""

from haystack.backends import BaseEngine
from xapian_backend import XapianSearchBackend, XapianSearchQuery

from search.backend import QueuedWrites
from search.engines import xapian
from search.indexing import live_path


class VietnameseXapianBackend(QueuedWrites, XapianSearchBackend):
    def document_count(self) -> int:
        return xapian.document_count(live_path())


class VietnameseXapianEngine(BaseEngine):
    backend = VietnameseXapianBackend
    query = XapianSearchQuery
