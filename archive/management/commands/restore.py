from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from archive.backup import BackupUnreadable, RestoreRefused, restore_backup


class Command(BaseCommand):
    help = "Load a back-up written by manage.py backup into this archive, then rebuild the search index."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The .json.gz file manage.py backup wrote.")
        parser.add_argument(
            "--replace", action="store_true", help="Delete everything in this archive's database first."
        )

    def handle(self, *args, file: Path, replace: bool, **options):
        try:
            restored = restore_backup(file, replace=replace)
        except RestoreRefused as error:
            raise CommandError(f"{error} " + _("Add --replace to replace them.")) from error
        except (BackupUnreadable, FileNotFoundError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _("Restored %(articles)s articles (%(objects)s records); the search index has %(indexed)s.")
            % {
                "articles": f"{restored.articles:,}",
                "objects": f"{restored.objects:,}",
                "indexed": f"{restored.indexed:,}",
            }
        )
