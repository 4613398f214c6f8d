"""Look-ups of names that ignore diacritics and case: "dak nong" finds
"Đắk Nông", "nguyen van" finds "Nguyễn Văn".

``name__unaccented__icontains=fold(words)`` compares the folded column with
folded words. On PostgreSQL the column is folded by the ``unaccent``
extension (created by migration 0006; its rules include đ/Đ and every
Vietnamese letter); on SQLite by ``archive.text.fold`` itself, registered as a
function on each new connection. Either way, case is left to ``icontains``.
"""

from django.db.backends.signals import connection_created
from django.db.models import CharField, TextField, Transform

from archive.text import fold

SQLITE_FUNCTION = "ARCHIVE_FOLD"


class Unaccented(Transform):
    lookup_name = "unaccented"
    function = SQLITE_FUNCTION

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="UNACCENT", **extra_context)


def _fold_or_null(value: str | None) -> str | None:
    return None if value is None else fold(value)


def _register_sqlite_function(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 1, _fold_or_null, deterministic=True)


def install() -> None:
    """Make ``__unaccented`` available on text columns (from AppConfig.ready)."""
    CharField.register_lookup(Unaccented)
    TextField.register_lookup(Unaccented)
    connection_created.connect(_register_sqlite_function, dispatch_uid="archive.lookups.sqlite_fold")
