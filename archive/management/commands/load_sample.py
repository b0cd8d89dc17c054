"""Load the reference data and the published sample collection.

    python manage.py load_sample [--fixtures DIR]

Reads ``fixtures/reference/`` (policy themes, meeting series, organizations)
and ``fixtures/sample/`` (source files, people, meetings, documents) and
creates or updates the records by slug, in one transaction. Running it again
creates and changes nothing; the counts say so. A bad fixture stops the load
with a message naming the file, record and field, and nothing is written.
"""

from django.core.management.base import BaseCommand, CommandError

from archive.sample import SampleDataError, sample_load


class Command(BaseCommand):
    help = "Load the reference data and the published sample collection (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--fixtures", metavar="DIR", help="The fixtures directory (default: fixtures/).")

    def handle(self, *args, fixtures=None, **options):
        try:
            report = sample_load(fixtures_dir=fixtures)
        except SampleDataError as error:
            raise CommandError(str(error)) from error
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(
                f"Sample loaded: {report.total('created')} created, {report.total('updated')} updated, "
                f"{report.total('unchanged')} unchanged."
            )
        )
