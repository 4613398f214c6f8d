"""The one place the search engine is chosen (``ARCHIVE_SEARCH_ENGINE``)."""

from types import ModuleType

from django.conf import settings


def engine() -> ModuleType:
    """The configured engine's module (``search/engines/__init__.py`` lists
    what each has). Xapian is an optional install: its module is imported
    only where it is chosen (settings refuse it when it is missing)."""
    if settings.SEARCH_ENGINE == "xapian":
        from search.engines import xapian

        return xapian
    from search.engines import whoosh

    return whoosh
