"""The one place the search engine is chosen (``ARCHIVE_SEARCH_ENGINE``).

Each engine is one module with the same functions, and the only code that
knows its types:

- the directory: ``exists(path)``, ``create(path)``;
- writing: ``writer(path)`` (an object with ``update_document(document)``,
  ``delete_document(unique_id)``, ``commit()``, ``cancel()``; None while
  another process writes), ``build(path, batches, workers=, progress=)`` for a
  new directory, ``indexed_versions(path)`` for ``search_index --check``;
- reading: ``open_view(path)``, ``fresh(view, path)``, ``close_view(view)``,
  ``search(view, compiled, page=, per_page=, sort=)``,
  ``facet_counts(view, required)``, ``corrected_words(view, words, limit)``,
  ``close()``.

Queries reach them as the archive's own tree (``search.tree``).
"""

from types import ModuleType

from django.conf import settings


def current() -> ModuleType:
    """The configured engine's module. Xapian is an optional install: its
    module is imported only where it is chosen (settings refuse it when it is
    missing)."""
    if settings.SEARCH_ENGINE == "xapian":
        from search.engines import xapian

        return xapian
    from search.engines import whoosh

    return whoosh
