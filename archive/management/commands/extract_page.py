import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.extract import extract_page
from archive.importing import PageError, read_page


class Command(BaseCommand):
    help = "Print what the importer would extract from one page, as JSON. Touches no data."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="A page file (.txt).")

    def handle(self, *args, file: Path, **options):
        try:
            raw = read_page(file)
        except PageError as error:
            raise CommandError(f"{file}: {error}") from None
        result = extract_page(raw).as_json()
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
