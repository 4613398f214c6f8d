import contextlib
import os
import time
from collections.abc import Callable, Iterator

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from search import indexing


def unwritable(error: OSError) -> str:
    return _(
        "The search index in %(path)s cannot be written (%(error)s). Nothing is lost: the index in use is "
        "unchanged and the changes stay queued. Free space or make the folder writable, then run this again."
    ) % {"path": indexing.index_root(), "error": error.strerror or error}


# --- shared with haystack's commands (rebuild_index, update_index, clear_index) ---


@contextlib.contextmanager
def index_errors() -> Iterator[None]:
    """What the index's failures say to the person at the command line: one line, what to do."""
    try:
        yield
    except indexing.IndexUnwritable as error:  # a full disk, a read-only folder
        raise CommandError(unwritable(error.error)) from error
    except indexing.SearchUnavailable as error:
        raise CommandError(str(error)) from error
    except OSError as error:  # the same, outside the queue's writes (a rebuild's new index)
        raise CommandError(unwritable(error)) from error


def progress_printer(command: BaseCommand, verbosity: int) -> Callable[[int, int], None]:
    """``progress(done, total)``: "Indexing: done/total articles" on the command's
    stderr, at most once a second and once at the end."""
    started = time.monotonic()
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if verbosity >= 1 and (now - last[0] >= 1 or done == total):
            last[0] = now
            command.stderr.write(
                _("Indexing: %(done)s/%(total)s articles (%(rate).0f a second)")
                % {"done": done, "total": total, "rate": done / max(now - started, 1e-6)}
            )

    return progress


def rebuild_and_report(command: BaseCommand, verbosity: int, workers: int | None = None) -> indexing.RebuildReport:
    """search_index --rebuild (and rebuild_index): build, swap, say so."""
    started = time.monotonic()
    report = indexing.rebuild(progress_printer(command, verbosity), workers=workers)
    command.stdout.write(
        _("New search index in use: %(count)s articles in %(seconds).1f s (%(path)s).")
        % {"count": report.articles, "seconds": time.monotonic() - started, "path": report.path}
    )
    return report


def add_haystack_options(parser) -> None:
    """The options every haystack command of the archive takes: no prompt, and the one connection."""
    parser.add_argument(
        "--noinput",
        "--no-input",
        action="store_false",
        dest="interactive",
        help="Do not ask for confirmation.",
    )
    parser.add_argument(
        "-u", "--using", action="append", default=[], help="The search connection: the archive has one, 'default'."
    )


def confirm(command: BaseCommand, warning: str) -> bool:
    """Ask as haystack's commands do; anything but yes (or no terminal to answer from) is no."""
    command.stdout.write(warning)
    command.stdout.write(_("Are you sure you wish to continue? [y/N] "), ending="")
    command.stdout.flush()
    try:
        answer = input()
    except EOFError:
        answer = ""
    if answer.strip().lower().startswith("y"):
        return True
    command.stdout.write(_("No action taken."))
    return False


def check_using(using: list[str]) -> None:
    """haystack's -u/--using: the archive has one search connection."""
    for name in using:
        if name != "default":
            raise CommandError(
                _("--using %(name)s: the archive has one search connection, 'default'.") % {"name": name}
            )


class Command(BaseCommand):
    help = (
        "Keep the search index in line with the database: --drain applies queued changes, --watch keeps doing "
        "so, --check reports drift, --repair fixes it, --rebuild builds a new index beside the live one and "
        "swaps it in."
    )

    def add_arguments(self, parser):
        actions = parser.add_mutually_exclusive_group(required=True)
        actions.add_argument("--drain", action="store_true", help="Apply every queued change now.")
        actions.add_argument("--watch", action="store_true", help="Apply queued changes every second until stopped.")
        actions.add_argument("--check", action="store_true", help="Report articles the index has wrong; exit 1 if any.")
        actions.add_argument("--repair", action="store_true", help="Queue and apply every article the index has wrong.")
        actions.add_argument(
            "--rebuild", action="store_true", help="Build a new index from the database and swap it in."
        )

    def handle(self, *args, drain, watch, check, repair, rebuild, verbosity, **options):
        with index_errors():
            if drain:
                self._drain(verbosity)
            elif watch:
                self._watch(verbosity)
            elif check:
                self._check()
            elif repair:
                found = indexing.repair()
                self.stdout.write(
                    _("Repaired: %(missing)s missing, %(extra)s extra and %(stale)s out-of-date articles.")
                    % {"missing": len(found.missing), "extra": len(found.extra), "stale": len(found.stale)}
                )
            elif rebuild:
                rebuild_and_report(self, verbosity)

    def _drain(self, verbosity: int) -> None:
        started = time.monotonic()
        applied = indexing.drain()
        if verbosity >= 1:
            self.stdout.write(
                _("Search index updated: %(count)s articles in %(seconds).1f s.")
                % {"count": applied, "seconds": time.monotonic() - started}
            )

    def _watch(self, verbosity: int) -> None:
        if verbosity >= 1:
            self.stdout.write(_("Applying queued changes to the search index every second; Ctrl+C stops."))
        last_error = None
        parent = os.getppid()
        try:
            while os.getppid() == parent:  # orphaned (whatever started it is gone): stop
                try:
                    applied = indexing.drain()
                except (indexing.SearchUnavailable, OSError) as error:
                    if isinstance(error, indexing.IndexUnwritable):
                        error = error.error
                    message = unwritable(error) if isinstance(error, OSError) else str(error)
                    if message != last_error:  # said once, not every second; tried again every second
                        self.stderr.write(message)
                    last_error, applied = message, 0
                if applied and verbosity >= 1:
                    self.stdout.write(_("Search index updated: %(count)s articles.") % {"count": applied})
                time.sleep(1)
        except KeyboardInterrupt:
            return

    def _check(self) -> None:
        found = indexing.drift()
        if not found.total:
            self.stdout.write(_("The search index agrees with the database."))
            return
        self.stdout.write(
            _(
                "The search index disagrees with the database: %(missing)s missing, %(extra)s extra, "
                "%(stale)s out of date."
            )
            % {"missing": len(found.missing), "extra": len(found.extra), "stale": len(found.stale)}
        )
        raise CommandError(_("Run manage.py search_index --repair to fix it."))
