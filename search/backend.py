"""haystack's backends for the archive's index: Whoosh here, Xapian in
``search/backend_xapian.py``.

haystack defines the index (``search/search_indexes.py``: which fields, how
each is prepared from an article), and its commands work
(``search/management/commands``). Writing and searching do not go through
haystack: its writer blocks a web request until the index lock frees and its
deletes fail under a lock, and its query path opens searchers per query and
counts facets over the whole index. The archive's one write path is
``search.indexing`` and its reader ``search.reader``; these backends'
``update`` and ``remove`` only queue the articles for that write path, so
nothing haystack does can bypass it. The schema this backend builds is the
engine's own (``search.engines.whoosh``): each field by its kind, instead of
haystack's defaults, which are wrong for Vietnamese (an English stemming
analyzer with stop words on every text field, whole texts stored and kept in
columns, facet values split into words).
"""

from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend
from haystack.utils import get_identifier

from search import indexing
from search.engines import whoosh
from search.fields import IndexField


class QueuedWrites:
    """haystack's writes, for either engine: articles are queued for the
    archive's one write path, and clearing swaps an empty index in
    (``indexing.clear``, as ``manage.py clear_index`` does)."""

    def update(self, index, iterable, commit=True):
        indexing.enqueue(obj.pk for obj in iterable)

    def remove(self, obj_or_string, commit=True):
        identifier = get_identifier(obj_or_string)
        indexing.enqueue([int(identifier.rsplit(".", 1)[1])])

    def clear(self, models=None, commit=True):
        indexing.clear()  # the index holds one model: clearing it for any is clearing it


class VietnameseWhooshBackend(QueuedWrites, WhooshSearchBackend):
    def build_schema(self, fields):
        content_field_name, schema = super().build_schema(fields)
        for field in fields.values():
            if isinstance(field, IndexField):
                schema.remove(field.index_fieldname)
                schema.add(field.index_fieldname, whoosh.field_type(field))
        return content_field_name, schema


class VietnameseWhooshEngine(WhooshEngine):
    backend = VietnameseWhooshBackend
