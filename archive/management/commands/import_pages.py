import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from archive.importing import FAILED, PageOutcome, import_pages, mark_interrupted_batches, more_errors_text
from archive.importing.sources import SUPPORTED_SUFFIXES
from search import indexing


class Command(BaseCommand):
    help = "Import raw pages into the archive: text, HTML, WARC, JSON Lines, and folders or .zip files of them."
    # The system checks (admin, URLs, templates) have nothing to say about an
    # import and cost a fair part of a small import's run time.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="+", type=Path, help=f"Files ({', '.join(SUPPORTED_SUFFIXES)}) or folders of them."
        )
        parser.add_argument(
            "--workers", type=int, default=None, help="Processes extracting pages (default: ARCHIVE_IMPORT_WORKERS)."
        )
        parser.add_argument(
            "--no-index",
            action="store_true",
            help="Leave the new articles queued for the search index (manage.py search_index --drain adds them).",
        )

    def handle(self, *args, paths: list[Path], verbosity: int, workers: int | None, no_index: bool, **options):
        if workers is not None and workers < 1:
            raise CommandError(_("--workers must be at least 1."))
        for earlier in mark_interrupted_batches():
            self.stdout.write(
                _(
                    "An earlier import, batch %(id)s, was interrupted. Before it stopped it had stored "
                    "%(created)s new and %(updated)s updated articles (%(unchanged)s unchanged, %(duplicates)s "
                    "exact duplicates, %(failed)s failed). Running the same import again stores the rest."
                )
                % {
                    "id": earlier.pk,
                    "created": earlier.created_count,
                    "updated": earlier.updated_count,
                    "unchanged": earlier.unchanged_count,
                    "duplicates": earlier.duplicate_count,
                    "failed": earlier.failed_count,
                }
            )
        progress = Progress(self, verbosity)
        batch = import_pages(paths, progress=progress, workers=workers)
        elapsed = max(time.monotonic() - progress.started, 1e-6)
        self.stdout.write(
            _(
                "Import batch %(id)s: %(total)s pages in %(seconds).1f s — %(created)s new (%(near)s of them "
                "republications of an article already here), %(updated)s updated, %(unchanged)s unchanged, "
                "%(duplicates)s exact duplicates skipped, %(failed)s failed."
            )
            % {
                "id": batch.pk,
                "total": batch.total,
                "seconds": elapsed,
                "created": batch.created_count,
                "near": batch.near_duplicate_count,
                "updated": batch.updated_count,
                "unchanged": batch.unchanged_count,
                "duplicates": batch.duplicate_count,
                "failed": batch.failed_count,
            }
        )
        if batch.total and batch.unchanged_count + batch.duplicate_count == batch.total:
            self.stdout.write(_("Every page was already in the archive; nothing changed."))
        self._update_search_index(no_index, verbosity)
        for error in batch.errors:
            self.stderr.write(_("Failed: %(path)s: %(reason)s") % error)
        if batch.more_errors:
            self.stderr.write(more_errors_text(batch))
        if batch.failed_count:
            raise CommandError(_("%(count)s page(s) could not be imported.") % {"count": batch.failed_count})

    def _update_search_index(self, no_index: bool, verbosity: int) -> None:
        waiting = indexing.queued()
        if not waiting:
            return
        if no_index:
            self.stdout.write(
                _("%(count)s articles wait for the search index: run manage.py search_index --drain.")
                % {"count": waiting}
            )
            return
        if verbosity >= 1:
            self.stderr.write(_("Updating the search index: %(count)s articles…") % {"count": waiting})
        started = time.monotonic()
        try:
            applied = indexing.drain()
        except indexing.SearchUnavailable as error:
            raise CommandError(
                _("The articles are stored but not searchable yet: %(error)s") % {"error": error}
            ) from error
        if verbosity >= 1:
            self.stdout.write(
                _("Search index updated: %(count)s articles in %(seconds).1f s.")
                % {"count": applied, "seconds": time.monotonic() - started}
            )


class Progress:
    """Reports each page at verbosity 2, otherwise a progress line every second."""

    INTERVAL = 1.0

    def __init__(self, command: BaseCommand, verbosity: int):
        self.command, self.verbosity = command, verbosity
        self.started = self.last_report = time.monotonic()

    def __call__(self, done: int, total: int | None, outcome: PageOutcome) -> None:
        counter = f"{done}/{total}" if total else str(done)
        if self.verbosity >= 2 or (outcome.status == FAILED and self.verbosity >= 1):
            # With the reason: the batch lists only the first errors.
            reason = f": {outcome.reason}" if outcome.reason else ""
            self.command.stderr.write(f"[{counter}] {outcome.status}: {outcome.name}{reason}")
            return
        if outcome.note and self.verbosity >= 1:
            self.command.stdout.write(_("Note: %(path)s: %(note)s") % {"path": outcome.name, "note": outcome.note})
        now = time.monotonic()
        if self.verbosity >= 1 and now - self.last_report >= self.INTERVAL:
            self.last_report = now
            rate = done / (now - self.started)
            if total:
                message = _("Importing: %(done)s/%(total)s pages (%(percent)s%%, %(rate).0f pages/s)") % {
                    "done": done,
                    "total": total,
                    "percent": done * 100 // total,
                    "rate": rate,
                }
            else:
                message = _("Importing: %(done)s pages (%(rate).0f pages/s)") % {"done": done, "rate": rate}
            self.command.stderr.write(message)
