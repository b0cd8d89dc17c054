"""Fill the database with a synthetic, published corpus for benchmarks.

    python manage.py generate_corpus --documents 100000 --people 10000 --meetings 20000 --seed 1

The same seed gives the same corpus. Synthetic records' slugs start with
``gen-``. The command refuses to write into a database holding real documents,
meetings or people unless ``--force`` is given, and refuses a database that
already holds a synthetic corpus.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from archive.corpus import CorpusRefused, generate_corpus


class Command(BaseCommand):
    help = "Fill the database with a synthetic published corpus for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--documents", type=int, default=1000)
        parser.add_argument("--people", type=int, default=200)
        parser.add_argument("--meetings", type=int, default=300)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--force", action="store_true", help="Write even though real records are present.")

    def handle(self, *args, **options):
        started = time.perf_counter()
        try:
            counts = generate_corpus(
                documents=options["documents"],
                people=options["people"],
                meetings=options["meetings"],
                seed=options["seed"],
                force=options["force"],
            )
        except (CorpusRefused, ValueError) as error:
            raise CommandError(str(error)) from None
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {counts.documents} documents, {counts.people} people ({counts.names} name variants, "
                f"{counts.appointments} appointments), {counts.meetings} meetings ({counts.participations} "
                f"participations) and {counts.links} links in {elapsed:.1f} s."
            )
        )
