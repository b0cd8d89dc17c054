"""Export every record of one kind as CSV, XLSX or JSON, streamed.

    python manage.py export_records KIND [--format csv|xlsx|json] [--output FILE] [--published-only]

Without --output the file goes to standard output. --published-only writes
only what the public may see (the same rows as the public download page).
Cells that a spreadsheet would run as a formula are neutralised in CSV and
XLSX (see docs/import-export.md); import_records reads them back exactly.
"""

import sys

from django.core.management.base import BaseCommand, CommandError

from archive.transfer.exporting import CONTENT_TYPES, records_export
from archive.transfer.resources import KINDS


class Command(BaseCommand):
    help = "Export every record of one kind as CSV, XLSX or JSON."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=list(KINDS))
        parser.add_argument("--format", choices=list(CONTENT_TYPES), default="csv")
        parser.add_argument("--output", help="The file to write (default: standard output).")
        parser.add_argument("--published-only", action="store_true", help="Only records the public may see.")

    def handle(self, *args, kind, format, output, published_only, **options):
        chunks = records_export(kind=kind, format=format, published_only=published_only)
        if not output:
            for chunk in chunks:
                sys.stdout.buffer.write(chunk)
            sys.stdout.buffer.flush()
            return
        try:
            with open(output, "wb") as handle:
                for chunk in chunks:
                    handle.write(chunk)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
        self.stderr.write(f"Wrote {kind} to {output}.")
