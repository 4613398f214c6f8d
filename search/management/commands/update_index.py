"""haystack's update_index, the archive's way: every article queued (and the
index's entries of articles the database no longer has), then the queue
drained by the one write path."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from search import indexing
from search.management.commands.search_index import check_using, index_errors, progress_printer

INDEXED_MODEL = ("archive", "archive.article")  # the app labels haystack would accept for the one model indexed
# haystack's time windows (option, short flag, destination): refused, see handle().
TIME_WINDOWS = [
    ("--age", "-a", "age"),
    ("--minutes", "-m", "minutes"),
    ("--start", "-s", "start_date"),
    ("--end", "-e", "end_date"),
]


class Command(BaseCommand):
    help = (
        "Queue every article for the search index and apply the queue now, removing the entries of articles "
        "the database no longer has; for changes made behind the queue's back (SQL, queryset.update). "
        "On a large archive rebuild_index is faster; search_index --repair re-indexes only what differs."
    )

    def add_arguments(self, parser):
        parser.add_argument("app_label", nargs="*", help="Only 'archive' (archive.Article), or none.")
        parser.add_argument("-b", "--batch-size", dest="batchsize", type=int, help="Queue rows applied per batch.")
        parser.add_argument(
            "-r",
            "--remove",
            action="store_true",
            help="Always done: entries of articles no longer in the database are removed.",
        )
        parser.add_argument(
            "-u", "--using", action="append", default=[], help="The search connection: the archive has one, 'default'."
        )
        # haystack's options that mean nothing here: refused, saying what the archive does instead.
        for option, flag, dest in TIME_WINDOWS:
            parser.add_argument(flag, option, dest=dest, help="Refused: see search_index --repair.")
        parser.add_argument("-k", "--workers", type=int, help="Refused: one writer at a time; see rebuild_index -k.")
        parser.add_argument(
            "--nocommit", action="store_false", dest="commit", help="Refused: each batch is committed as applied."
        )
        parser.add_argument(
            "-t", "--max-retries", dest="max_retries", type=int, help="Refused: what fails stays queued for a drain."
        )

    def handle(self, *args, app_label, batchsize, remove, using, workers, commit, max_retries, verbosity, **options):
        check_using(using)
        for label in app_label:
            if label.lower() not in INDEXED_MODEL:
                raise CommandError(
                    _(
                        "%(label)s: the search index holds the articles (archive.Article) only; "
                        "give no app label, or archive."
                    )
                    % {"label": label}
                )
        for option, _flag, dest in TIME_WINDOWS:
            if options[dest] is not None:
                raise CommandError(
                    _(
                        "%(option)s is not used: changes are queued as they are made, and update_index re-indexes "
                        "every article; manage.py search_index --repair re-indexes only those the index has wrong."
                    )
                    % {"option": option}
                )
        if workers is not None:
            raise CommandError(
                _(
                    "--workers is not used: the queue is applied by one writer at a time; "
                    "rebuild_index -k N writes a new index with N processes."
                )
            )
        if not commit:
            raise CommandError(
                _("--nocommit is not used: each batch is committed as it is applied; what is not applied stays queued.")
            )
        if max_retries is not None:
            raise CommandError(
                _(
                    "--max-retries is not used: what cannot be written stays queued, and manage.py search_index "
                    "--drain (or --watch) applies it later."
                )
            )
        if batchsize is not None and batchsize < 1:
            raise CommandError(_("--batch-size must be 1 or more."))
        started = time.monotonic()
        with index_errors():
            report = indexing.update_all(progress_printer(self, verbosity), batch=batchsize)
        if report.left:
            raise CommandError(
                _(
                    "%(count)s changes are still queued: another process holds the search index. "
                    "manage.py search_index --watch (if it runs) or --drain applies them."
                )
                % {"count": report.left}
            )
        if verbosity >= 1:
            self.stdout.write(
                _("Search index updated: %(count)s articles in %(seconds).1f s.")
                % {"count": report.articles, "seconds": time.monotonic() - started}
            )
            if report.removed:
                self.stdout.write(
                    _("Removed from the search index: %(count)s articles no longer in the database.")
                    % {"count": report.removed}
                )
