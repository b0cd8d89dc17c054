"""Load the reference data and the published sample collection.

    python manage.py load_sample [--fixtures DIR] [--dry-run]

Reads ``fixtures/reference/`` (policy themes, meeting series, organizations)
and ``fixtures/sample/`` (source files, people, meetings, documents) and
creates or updates the records by slug, in one transaction. Running it again
creates and changes nothing; the counts say so. A bad fixture stops the load
with a message naming the file, record and field, and nothing is written.
With ``--dry-run`` it reports what a load would do and keeps nothing.
"""

from django.core.management.base import BaseCommand, CommandError

from archive.sample import SampleDataError, sample_load


class Command(BaseCommand):
    help = "Load the reference data and the published sample collection (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--fixtures", metavar="DIR", help="The fixtures directory (default: fixtures/).")
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; write nothing.")

    def handle(self, *args, fixtures=None, dry_run=False, **options):
        try:
            report = sample_load(fixtures_dir=fixtures, dry_run=dry_run)
        except SampleDataError as error:
            raise CommandError(str(error)) from error
        for line in report.lines():
            self.stdout.write(line)
        label = "Dry run, nothing kept" if dry_run else "Sample loaded"
        totals = ", ".join(f"{report.total(outcome)} {outcome}" for outcome in ("created", "updated", "unchanged"))
        self.stdout.write(self.style.SUCCESS(f"{label}: {totals}."))
