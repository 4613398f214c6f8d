"""The search engines, one module each; ``search.engines.configured``
chooses one (``ARCHIVE_SEARCH_ENGINE``), the only place that does.

Each engine is one module with the same functions, and the only code that
knows its types:

- the directory: ``exists(path)``, ``create(path)``, ``layout()`` (what an
  index is laid out by beyond its fields: part of the version it is read at);
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
