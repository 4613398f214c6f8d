"""haystack's rebuild_index, the archive's way: ``search_index --rebuild``
(a new index built beside the one in use and swapped in; searches go on)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from search.management.commands.search_index import (
    add_haystack_options,
    check_using,
    confirm,
    index_errors,
    rebuild_and_report,
)


class Command(BaseCommand):
    help = (
        "Build a new search index from the database beside the one in use and swap it in; searches go on "
        "meanwhile (the same as search_index --rebuild)."
    )

    def add_arguments(self, parser):
        add_haystack_options(parser)
        parser.add_argument(
            "-k",
            "--workers",
            type=int,
            help="Processes writing the new index on a large archive (default: ARCHIVE_INDEX_WORKERS; 0 or 1: one).",
        )
        # haystack's options that mean nothing here: refused, saying what the archive does instead.
        parser.add_argument(
            "-b", "--batch-size", dest="batchsize", type=int, help="Refused: a rebuild uses batches of its own."
        )
        parser.add_argument(
            "--nocommit", action="store_false", dest="commit", help="Refused: the new index goes in when complete."
        )
        parser.add_argument(
            "-t", "--max-retries", dest="max_retries", type=int, help="Refused: a failed rebuild changes nothing."
        )

    def handle(self, *args, interactive, using, workers, batchsize, commit, max_retries, verbosity, **options):
        check_using(using)
        if batchsize is not None:
            raise CommandError(
                _(
                    "--batch-size is not used: a rebuild reads and writes the articles in batches of its own; "
                    "-k/--workers sets how many processes write them."
                )
            )
        if not commit:
            raise CommandError(_("--nocommit is not used: a rebuild swaps its new index in only once it is complete."))
        if max_retries is not None:
            raise CommandError(
                _("--max-retries is not used: a rebuild that fails leaves the index in use as it was; run it again.")
            )
        if workers is not None and workers < 0:
            raise CommandError(_("--workers must be 0 or more."))
        if interactive and not confirm(
            self,
            _(
                "This builds a new search index from the database beside the one in use and then swaps it in; "
                "searches go on meanwhile."
            ),
        ):
            return
        with index_errors():
            rebuild_and_report(self, verbosity, workers=workers)
