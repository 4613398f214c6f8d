"""haystack's clear_index, the archive's way: an empty index swapped in for
the one in use (searches find nothing, and never fail, until rebuild_index
fills it again); the database is not touched."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from search import indexing
from search.management.commands.search_index import add_haystack_options, check_using, confirm, index_errors


class Command(BaseCommand):
    help = (
        "Swap an empty search index in for the one in use: searches find nothing (they do not fail) until "
        "manage.py rebuild_index fills it again. The database is not touched."
    )

    def add_arguments(self, parser):
        add_haystack_options(parser)
        parser.add_argument(
            "--nocommit", action="store_false", dest="commit", help="Refused: the empty index is swapped in at once."
        )

    def handle(self, *args, interactive, using, commit, verbosity, **options):
        check_using(using)
        if not commit:
            raise CommandError(_("--nocommit is not used: the empty index is swapped in at once, or not at all."))
        if interactive and not confirm(
            self,
            _(
                "WARNING: this swaps an empty search index in for the one in use: searches will find nothing "
                "until manage.py rebuild_index fills it again. The database is not touched."
            ),
        ):
            return
        with index_errors():
            report = indexing.clear()
        if verbosity >= 1:
            self.stdout.write(
                _(
                    "Empty search index in use (%(path)s): searches find nothing until manage.py rebuild_index "
                    "fills it again."
                )
                % {"path": report.path}
            )
