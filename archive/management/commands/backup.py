from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from archive.backup import write_backup


class Command(BaseCommand):
    help = (
        "Write the whole archive (articles with their raw pages, metadata, users, history) to one .json.gz "
        "file. The search index is not in it: restore rebuilds it."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Where to write it, e.g. backups/archive-2026-11-21.json.gz")

    def handle(self, *args, file: Path, **options):
        try:
            articles = write_backup(file)
        except (ValueError, OSError) as error:
            raise CommandError(str(error)) from error
        size = file.stat().st_size / 2**20
        self.stdout.write(
            _(
                "Backed up %(articles)s articles to %(file)s (%(size).1f MB), readable by its owner only: it "
                "holds password hashes and readers' e-mail addresses."
            )
            % {
                "articles": f"{articles:,}",
                "file": file,
                "size": size,
            }
        )
