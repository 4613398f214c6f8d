"""What goes wrong with the search index, for every engine and every caller."""


class SearchUnavailable(Exception):
    """The index is missing or unreadable; the message says what to run."""
