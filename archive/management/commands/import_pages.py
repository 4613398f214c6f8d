import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from archive.importing import FAILED, FileOutcome, import_pages


class Command(BaseCommand):
    help = "Import raw pages (.txt files, or folders of them) into the archive."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="Page files or folders of page files.")

    def handle(self, *args, paths: list[Path], verbosity: int, **options):
        progress = Progress(self, verbosity)
        batch = import_pages(paths, progress=progress)
        self.stdout.write(
            _(
                "Import batch %(id)s: %(total)s files — %(created)s new, %(updated)s updated, "
                "%(unchanged)s unchanged, %(failed)s failed."
            )
            % {
                "id": batch.pk,
                "total": batch.total,
                "created": batch.created_count,
                "updated": batch.updated_count,
                "unchanged": batch.unchanged_count,
                "failed": batch.failed_count,
            }
        )
        if batch.total and batch.unchanged_count == batch.total:
            self.stdout.write(_("Every page was already in the archive; nothing changed."))
        for error in batch.errors:
            self.stderr.write(_("Failed: %(path)s: %(reason)s") % error)
        if batch.failed_count:
            raise CommandError(_("%(count)s file(s) could not be imported.") % {"count": batch.failed_count})


class Progress:
    """Reports each file at verbosity 2, otherwise a progress line every second."""

    INTERVAL = 1.0

    def __init__(self, command: BaseCommand, verbosity: int):
        self.command, self.verbosity = command, verbosity
        self.last_report = time.monotonic()

    def __call__(self, done: int, total: int, outcome: FileOutcome) -> None:
        if self.verbosity >= 2 or (outcome.status == FAILED and self.verbosity >= 1):
            self.command.stderr.write(f"[{done}/{total}] {outcome.status}: {outcome.path}")
            return
        now = time.monotonic()
        if self.verbosity >= 1 and now - self.last_report >= self.INTERVAL:
            self.last_report = now
            percent = done * 100 // total
            self.command.stderr.write(
                _("Importing: %(done)s/%(total)s files (%(percent)s%%)")
                % {"done": done, "total": total, "percent": percent}
            )
