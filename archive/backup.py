"""Back-up and restore of the whole archive (README, *Operating the archive*).

A back-up is one gzipped JSON file written by Django's own serialiser: every
article with its raw page exactly as received, provinces, organs, congresses,
documents, import batches, users and groups, and the admin's history. It
reads on SQLite and on PostgreSQL alike. The search index is not in it: it is
derived from the database and rebuilt after a restore. Content types and
permissions are written by natural key, so a back-up loads into any archive
migrated to the same version.
"""

import gzip
import io
import os
import zlib
from dataclasses import dataclass
from json import JSONDecodeError
from pathlib import Path

from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from archive.models import Article
from archive.signals import archive_restored

# What a back-up leaves out, and why: rebuilt by migrate (content types,
# permissions), derived (the search queue), short-lived (sessions, sign-in attempts).
LEFT_OUT = [
    "contenttypes",
    "auth.Permission",
    "sessions",
    "search.IndexQueue",
    "axes.AccessAttempt",
    "axes.AccessFailureLog",
    "axes.AccessLog",
]


# Who may read a back-up: its owner only. It holds password hashes and raw
# pages with readers' names and e-mail addresses.
BACKUP_MODE = 0o600


class RestoreRefused(Exception):
    """The archive is not empty and replacing it was not asked for."""


class BackupUnreadable(Exception):
    """The file is not a whole back-up (cut short, not gzip, not JSON); nothing was changed."""


@dataclass
class Restored:
    objects: int
    articles: int
    indexed: int


def write_backup(path: Path) -> int:
    """Write the whole archive to ``path`` (``.json.gz``); returns the number of articles in it."""
    if not path.name.endswith(".json.gz"):
        raise ValueError(_("A back-up is a .json.gz file, not %(name)s.") % {"name": path.name})
    path.parent.mkdir(parents=True, exist_ok=True)
    articles = Article.objects.count()
    # Written beside the target and renamed: a back-up that stopped half-way
    # never passes for a whole one.
    partial = path.with_name(".partial-" + path.name)  # same ending: dumpdata compresses by it
    partial.unlink(missing_ok=True)  # left by a back-up that was stopped
    # Created with its mode before a byte is written (a chmod afterwards
    # would leave the partial file readable meanwhile); dumpdata opens it
    # again to write, which keeps the mode, and the rename keeps it too.
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, BACKUP_MODE))
    try:
        call_command(
            "dumpdata",
            natural_foreign=True,
            natural_primary=True,
            exclude=LEFT_OUT,
            output=str(partial),
            verbosity=0,
        )
    except BaseException:
        partial.unlink(missing_ok=True)  # half a back-up is of no use, and may fill a disk
        raise
    partial.replace(path)
    return articles


def restore_backup(path: Path, *, replace: bool = False) -> Restored:
    """Load a back-up into this archive's database; the search index is then
    rebuilt from it (``archive.signals.archive_restored``). Refuses an archive
    that has articles unless ``replace``: then everything in the database is
    deleted first, in the same transaction, so a back-up that fails to load
    leaves the archive as it was."""
    if not path.is_file():
        raise FileNotFoundError(_("There is no back-up at %(path)s.") % {"path": path})
    with transaction.atomic():
        if Article.objects.exists():
            if not replace:
                raise RestoreRefused(
                    _("This archive has %(count)s articles: restoring would replace them.")
                    % {"count": f"{Article.objects.count():,}"}
                )
            call_command("flush", interactive=False, verbosity=0)
        output = io.StringIO()
        try:
            call_command("loaddata", str(path), verbosity=1, stdout=output)
        except (EOFError, gzip.BadGzipFile, zlib.error, DeserializationError, DatabaseError, ValueError) as error:
            # The transaction is rolled back: the archive is as it was.
            raise BackupUnreadable(
                _("%(path)s cannot be restored: %(reason)s. Nothing was changed.")
                % {"path": path, "reason": _unreadable_because(error)}
            ) from error
    loaded = [int(word) for word in output.getvalue().split() if word.isdigit()]
    indexed = max((answer for _receiver, answer in archive_restored.send(Article)), default=0)
    return Restored(objects=loaded[0] if loaded else 0, articles=Article.objects.count(), indexed=indexed)


def _unreadable_because(error: Exception) -> str:
    if isinstance(error, EOFError):
        return _("the file is cut short (a back-up that stopped, or a copy that did not finish)")
    if isinstance(error, gzip.BadGzipFile):
        return _("the file is not gzip-compressed, as manage.py backup writes it")
    if isinstance(error, zlib.error):
        return _("the file's compressed data is damaged")
    if isinstance(error.__cause__, JSONDecodeError | UnicodeDecodeError):
        return _("the file does not hold valid JSON")
    detail = " ".join(str(error.__cause__ or error).split())  # one line
    if detail.startswith("Problem installing fixture '"):  # loaddata's prefix repeats the path
        detail = detail.split("': ", 1)[-1]
    return _("its records do not fit this archive (%(detail)s)") % {"detail": detail}
