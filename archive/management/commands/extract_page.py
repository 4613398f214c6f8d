import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from archive.importing import PageError, extract_source
from archive.importing.sources import SourceProblem, read_file


class Command(BaseCommand):
    help = (
        "Print what the importer would extract from a page file, as JSON (a list when the file holds "
        "several pages, as WARC and JSON Lines files do). Touches no data."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="A page file: .txt, .html, .warc(.gz), .jsonl or .zip.")

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"{file}: " + _("no such file or folder"))
        results = []
        for page in read_file(file):
            if isinstance(page, SourceProblem):
                raise CommandError(f"{page.name}: {page.reason}")
            try:
                extraction, url = extract_source(page.raw, page.format, page.metadata)
            except PageError as error:
                raise CommandError(f"{page.name}: {error}") from None
            result = extraction.as_json()
            result["url"] = url or page.url or None
            if page.converted_from:
                result["converted_from"] = page.converted_from
            results.append(result)
        if not results:
            raise CommandError(f"{file}: " + _("no page found in the file"))
        output = results[0] if len(results) == 1 else results
        self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2))
