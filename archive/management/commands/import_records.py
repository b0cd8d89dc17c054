"""Import records of one kind from a CSV, XLSX or JSON file, all or nothing.

    python manage.py import_records KIND FILE [--dry-run] [--user USERNAME]

KIND is one of: organizations, themes, series, people, person-names,
appointments, meetings, participations, documents. Every row is checked
first; any problem (a bad date, an unknown link, a missing column, a
duplicate key) is reported with its row and column and nothing is written.
Records land as drafts unless --user may publish and the file has a status
column. A progress bar shows on a terminal; the summary is printed at the end.
"""

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from archive.transfer.importing import records_import
from archive.transfer.progress import ProgressBar
from archive.transfer.resources import KINDS


class Command(BaseCommand):
    help = "Import records of one kind from a CSV, XLSX or JSON file; nothing is written if any row is invalid."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=list(KINDS))
        parser.add_argument("file", help="The CSV, XLSX or JSON file to read.")
        parser.add_argument("--dry-run", action="store_true", help="Check and count, write nothing.")
        parser.add_argument("--user", help="The username the history rows name; their permissions apply.")

    def handle(self, *args, kind, file, dry_run, user, **options):
        importer = None
        if user:
            try:
                importer = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist:
                raise CommandError(f"No user is called {user!r}.") from None
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        bar = ProgressBar(sys.stderr, label=path.name)
        report = records_import(
            kind=kind, data=data, file_name=path.name, user=importer, dry_run=dry_run, progress=bar.update
        )
        bar.finish()
        for warning in report.warnings:
            self.stderr.write(f"warning: {warning}")
        if not report.ok:
            for problem in report.errors:
                self.stderr.write(f"{path.name}: {problem}")
            raise CommandError(report.summary())
        self.stdout.write(report.summary() + (" (dry run: nothing written)" if dry_run else ""))
