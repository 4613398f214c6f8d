"""Importing raw pages into the archive, one module a step:

- ``sources``: reading every input people have as a stream of pages;
- ``prepare``: a page's identity and extraction, without the database (what workers run);
- ``store``: the one way a prepared page is stored (``Store``, ``import_page``) and a
  stored article extracted again (``apply_extraction``);
- ``editing``: what editors do in the admin (``create_from_page``, ``reextract_articles``);
- ``batches``: import runs as recorded batches (``import_pages``, ``purge_batch``).

This module only names what the rest of the project uses.
"""

from archive.importing.batches import (
    import_pages,
    mark_interrupted_batches,
    more_errors_text,
    more_notes_text,
    purge_batch,
    shown_status,
)
from archive.importing.editing import CORRECTABLE_FIELDS, create_from_page, extracted_values, reextract_articles
from archive.importing.prepare import PageError, content_hash, extract_source, prepare_page
from archive.importing.store import (
    CREATED,
    DUPLICATE,
    FAILED,
    UNCHANGED,
    UPDATED,
    PageOutcome,
    find_republished,
    import_page,
    import_text,
)

__all__ = [
    "CORRECTABLE_FIELDS",
    "CREATED",
    "DUPLICATE",
    "FAILED",
    "UNCHANGED",
    "UPDATED",
    "PageError",
    "PageOutcome",
    "content_hash",
    "create_from_page",
    "extract_source",
    "extracted_values",
    "find_republished",
    "import_page",
    "import_pages",
    "import_text",
    "mark_interrupted_batches",
    "more_errors_text",
    "more_notes_text",
    "prepare_page",
    "purge_batch",
    "reextract_articles",
    "shown_status",
]
